"""The service counter's API. Each view parses, checks permission, calls one service or selector and
serializes; errors are raised and modules.api_errors.handler.exception_handler turns them into
400/403/404 bodies.

Every view runs in the schema of the village whose host was called (django-tenants), so a code or
slug of another village is simply not found: 404.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from modules.api_errors.parsers import BoundedJSONParser
from modules.api_errors.serializers import ErrorSerializer, ValidationErrorSerializer
from modules.throttling.throttles import LookupThrottle, SubmissionThrottle
from tenants.models import Village

from .. import selectors, services
from ..models import ServiceRequest
from .permissions import IsCounterStaff, IsLetterSigner
from .serializers import (
    CallNextSerializer,
    CatalogueEntrySerializer,
    CreatedRequestSerializer,
    LetterIssueSerializer,
    LetterRevokeSerializer,
    LetterSerializer,
    LetterVerificationSerializer,
    NewRequestSerializer,
    QueueFilterSerializer,
    QueueItemSerializer,
    QueueTicketSerializer,
    RequestStatusSerializer,
    TrackingSerializer,
    TransitionSerializer,
)

T = TypeVar("T")

SERVICE_NOT_FOUND = _("Layanan tidak ditemukan.")
REQUEST_NOT_FOUND = _("Permohonan dengan kode lacak ini tidak ditemukan.")
LETTER_NOT_FOUND = _("Surat dengan kode verifikasi ini tidak ditemukan.")

ERRORS_400 = OpenApiResponse(ValidationErrorSerializer, description="Isian tidak valid; pesan per isian.")
ERRORS_403 = OpenApiResponse(ErrorSerializer, description="Belum masuk sebagai staf, atau peran lain.")
ERRORS_404 = OpenApiResponse(ErrorSerializer, description="Tidak ditemukan di desa ini.")
ERRORS_429 = OpenApiResponse(
    ErrorSerializer,
    description="Terlalu banyak permintaan dari alamat ini; header `Retry-After` menyebut detik tunggunya.",
)

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="Slug layanan.")
TRACKING_CODE = OpenApiParameter(
    "tracking_code", str, OpenApiParameter.PATH, description='Kode lacak, mis. "AB3D-7KQX".'
)
VERIFICATION_CODE = OpenApiParameter(
    "verification_code", str, OpenApiParameter.PATH, description="Kode verifikasi pada QR surat."
)


def _found(value: T | None, message: Any) -> T:
    if value is None:
        raise NotFound(message)
    return value


def _village(request: Request) -> Village:
    return request.tenant.village


# --- Public -------------------------------------------------------------------------------------------


class CatalogueView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["layanan"],
        summary="Katalog layanan",
        description="Layanan yang dibuka beserta standar pelayanan yang berlaku.",
        responses={200: CatalogueEntrySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(CatalogueEntrySerializer(selectors.catalogue(), many=True).data)


class ServiceDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["layanan"],
        summary="Satu layanan dan standarnya",
        parameters=[SLUG],
        responses={200: CatalogueEntrySerializer, 404: ERRORS_404},
    )
    def get(self, request: Request, slug: str) -> Response:
        standard = _found(selectors.catalogue_entry(slug), SERVICE_NOT_FOUND)
        return Response(CatalogueEntrySerializer(standard).data)


class RequestSubmitView(APIView):
    permission_classes = [AllowAny]
    accepts_uploads = True  # modules.berkas.middleware: its body may carry files
    throttle_classes = [SubmissionThrottle]
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=["layanan"],
        summary="Ajukan permohonan",
        parameters=[SLUG],
        description=(
            "Tidak ada yang disimpan bila satu isian pun tidak valid. `secret` hanya ditampilkan sekali: "
            "simpan bersama kode lacak."
        ),
        request={"application/json": NewRequestSerializer, "multipart/form-data": NewRequestSerializer},
        responses={201: CreatedRequestSerializer, 400: ERRORS_400, 404: ERRORS_404, 429: ERRORS_429},
    )
    def post(self, request: Request, slug: str) -> Response:
        service = _found(selectors.service_by_slug(slug), SERVICE_NOT_FOUND)
        serializer = NewRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = services.request_submit(
            village=_village(request),
            service=service,
            data=serializer.new_request(),
            attachments=serializer.attachments_with_labels(),
        )
        return Response(CreatedRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class TrackingView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [LookupThrottle]

    @extend_schema(
        tags=["layanan"],
        summary="Lacak permohonan",
        parameters=[TRACKING_CODE],
        description="Status dan riwayat permohonan. Data pribadi hanya tersamar.",
        responses={200: TrackingSerializer, 404: ERRORS_404, 429: ERRORS_429},
    )
    def get(self, request: Request, tracking_code: str) -> Response:
        service_request = _found(selectors.request_for_tracking(tracking_code), REQUEST_NOT_FOUND)
        return Response(TrackingSerializer(service_request).data)


class LetterVerificationView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["layanan"],
        summary="Verifikasi keaslian surat",
        parameters=[VERIFICATION_CODE],
        description="Untuk siapa pun yang memindai QR surat: nomor, jenis, tanggal, status berlaku/dicabut.",
        responses={200: LetterVerificationSerializer, 404: ERRORS_404},
    )
    def get(self, request: Request, verification_code: str) -> Response:
        letter = _found(selectors.letter_for_verification(verification_code), LETTER_NOT_FOUND)
        return Response(LetterVerificationSerializer(letter, context={"village": _village(request)}).data)


# --- Staff --------------------------------------------------------------------------------------------


class QueuePagination(PageNumberPagination):
    page_size = 25


class RequestQueueView(ListAPIView[ServiceRequest]):
    permission_classes = [IsCounterStaff]
    serializer_class = QueueItemSerializer
    pagination_class = QueuePagination

    @extend_schema(
        tags=["layanan-staf"],
        summary="Antrean permohonan",
        parameters=[QueueFilterSerializer],
        description="Yang paling dekat batas waktunya lebih dulu. `terlambat=1`: hanya yang terlambat.",
        responses={200: QueueItemSerializer(many=True), 400: ERRORS_400, 403: ERRORS_403},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        filters = QueueFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.request_queue(
            today=timezone.localdate(),
            status=filters.validated_data.get("status") or None,
            only_overdue=filters.validated_data["terlambat"],
        )


class RequestTransitionView(APIView):
    permission_classes = [IsCounterStaff]

    @extend_schema(
        tags=["layanan-staf"],
        summary="Ubah status permohonan",
        parameters=[TRACKING_CODE],
        request=TransitionSerializer,
        responses={200: RequestStatusSerializer, 400: ERRORS_400, 403: ERRORS_403, 404: ERRORS_404},
    )
    def post(self, request: Request, tracking_code: str) -> Response:
        service_request = _found(selectors.request_by_tracking_code(tracking_code), REQUEST_NOT_FOUND)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        moved = services.request_transition(
            request=service_request,
            to_status=serializer.validated_data["to_status"],
            actor=request.user,
            note=serializer.validated_data["note"],
        )
        return Response(RequestStatusSerializer(moved).data)


class LetterIssueView(APIView):
    permission_classes = [IsLetterSigner]

    @extend_schema(
        tags=["layanan-staf"],
        summary="Tandatangani dan terbitkan surat",
        parameters=[TRACKING_CODE],
        description="Memberi nomor, membuat PDF, dan menyelesaikan permohonan yang menunggu tanda tangan.",
        request=LetterIssueSerializer,
        responses={201: LetterSerializer, 400: ERRORS_400, 403: ERRORS_403, 404: ERRORS_404},
    )
    def post(self, request: Request, tracking_code: str) -> Response:
        service_request = _found(selectors.request_by_tracking_code(tracking_code), REQUEST_NOT_FOUND)
        serializer = LetterIssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        village = _village(request)
        letter = services.letter_issue(
            request=service_request, village=village, actor=request.user, **serializer.validated_data
        )
        return Response(
            LetterSerializer(letter, context={"village": village}).data, status=status.HTTP_201_CREATED
        )


class LetterRevokeView(APIView):
    permission_classes = [IsLetterSigner]

    @extend_schema(
        tags=["layanan-staf"],
        summary="Cabut surat",
        parameters=[VERIFICATION_CODE],
        description="Verifikasi surat ini lalu menjawab `dicabut`. Mencabut dua kali tidak mengubah apa pun.",
        request=LetterRevokeSerializer,
        responses={200: LetterSerializer, 400: ERRORS_400, 403: ERRORS_403, 404: ERRORS_404},
    )
    def post(self, request: Request, verification_code: str) -> Response:
        letter = _found(selectors.letter_for_verification(verification_code), LETTER_NOT_FOUND)
        serializer = LetterRevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        revoked = services.letter_revoke(
            letter=letter,
            actor=request.user,  # type: ignore[arg-type]  # IsLetterSigner let only a signed-in signer in
            reason=serializer.validated_data["reason"],
        )
        return Response(LetterSerializer(revoked, context={"village": _village(request)}).data)


class QueueCallNextView(APIView):
    permission_classes = [IsCounterStaff]

    @extend_schema(
        tags=["layanan-staf"],
        summary="Panggil nomor antrean berikutnya",
        description="Nomor yang sedang dilayani ditandai selesai. 204 bila tidak ada yang menunggu.",
        request=CallNextSerializer,
        responses={
            200: QueueTicketSerializer,
            204: OpenApiResponse(description="Tidak ada nomor antrean yang menunggu."),
            400: ERRORS_400,
            403: ERRORS_403,
        },
    )
    def post(self, request: Request) -> Response:
        serializer = CallNextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        counter = serializer.validated_data["counter"] or selectors.queue_counters()[0]
        ticket = services.queue_call_next(counter=counter, actor=request.user)  # type: ignore[arg-type]
        if ticket is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(QueueTicketSerializer(ticket).data)
