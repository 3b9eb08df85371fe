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
from django_filters.rest_framework import DjangoFilterBackend
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

from modules.accounts.models import User
from modules.api_errors.parsers import BoundedJSONParser
from modules.api_errors.serializers import ErrorSerializer, ValidationErrorSerializer
from modules.throttling.throttles import LookupThrottle, SubmissionThrottle
from tenants.models import Village

from .. import selectors, services
from ..filters import StaffWorklistFilter
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
    QueueTicketSerializer,
    RequestStatusSerializer,
    TrackingSerializer,
    TransitionSerializer,
    WorklistItemSerializer,
)

T = TypeVar("T")

SERVICE_NOT_FOUND = _("Layanan tidak ditemukan.")
REQUEST_NOT_FOUND = _("Permohonan dengan kode lacak ini tidak ditemukan.")
LETTER_NOT_FOUND = _("Surat dengan kode verifikasi ini tidak ditemukan.")

ERRORS_400 = OpenApiResponse(ValidationErrorSerializer, description="Isian tidak valid; pesan per isian.")
ERRORS_403 = OpenApiResponse(ErrorSerializer, description="Belum masuk sebagai staf, atau peran lain.")
ERRORS_404 = OpenApiResponse(ErrorSerializer, description="Tidak ditemukan di portal ini.")
ERRORS_429 = OpenApiResponse(
    ErrorSerializer,
    description="Terlalu banyak permintaan dari alamat ini; header `Retry-After` menyebut detik tunggunya.",
)

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="Slug layanan.")
TRACKING_CODE = OpenApiParameter(
    "tracking_code", str, OpenApiParameter.PATH, description='Kode lacak, mis. "AB3D-7KQX".'
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Kunci acak dari klien (8–64 huruf, angka, - _ . :), satu per permohonan.",
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


def _staff(request: Request) -> User:
    """The signed-in account of a view behind a RolePermission."""
    assert isinstance(request.user, User)
    return request.user


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
        return Response(CatalogueEntrySerializer(selectors.current_standards(), many=True).data)


class ServiceDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["layanan"],
        summary="Satu layanan dan standarnya",
        parameters=[SLUG],
        responses={200: CatalogueEntrySerializer, 404: ERRORS_404},
    )
    def get(self, request: Request, slug: str) -> Response:
        standard = _found(selectors.current_standard_for_slug(slug), SERVICE_NOT_FOUND)
        return Response(CatalogueEntrySerializer(standard).data)


class RequestSubmitView(APIView):
    permission_classes = [AllowAny]
    accepts_uploads = True  # modules.berkas.middleware: its body may carry files
    throttle_classes = [SubmissionThrottle]
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=["layanan"],
        summary="Ajukan permohonan",
        description=(
            "Tidak ada yang disimpan bila satu isian pun tidak valid. `secret` hanya ditampilkan sekali: "
            "simpan bersama kode lacak. Dengan header `Idempotency-Key`, pengiriman ulang dengan kunci "
            "yang sama (koneksi putus, ketuk dua kali) menjawab permohonan yang sudah tersimpan, tanpa "
            "menyimpan yang baru."
        ),
        parameters=[SLUG, IDEMPOTENCY_KEY],
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
            actor=None,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
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
        description=(
            "Untuk siapa pun yang memindai QR surat: nomor, jenis, tanggal, status berlaku/dicabut; "
            "untuk surat yang dicabut juga alasan, tanggal pencabutan dan surat penggantinya."
        ),
        responses={200: LetterVerificationSerializer, 404: ERRORS_404},
    )
    def get(self, request: Request, verification_code: str) -> Response:
        letter = _found(selectors.letter_for_verification(verification_code), LETTER_NOT_FOUND)
        return Response(LetterVerificationSerializer(letter, context={"village": _village(request)}).data)


# --- Staff --------------------------------------------------------------------------------------------


class WorklistPagination(PageNumberPagination):
    page_size = 25


class StaffWorklistView(ListAPIView[ServiceRequest]):
    permission_classes = [IsCounterStaff]
    serializer_class = WorklistItemSerializer
    pagination_class = WorklistPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = StaffWorklistFilter

    @extend_schema(
        tags=["layanan-staf"],
        summary="Daftar kerja permohonan",
        description="Yang paling dekat batas waktunya lebih dulu. `terlambat=1`: hanya yang terlambat.",
        responses={200: WorklistItemSerializer(many=True), 400: ERRORS_400, 403: ERRORS_403},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return selectors.staff_worklist(today=timezone.localdate())


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
            actor=_staff(request),
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
            request=service_request, village=village, actor=_staff(request), **serializer.validated_data
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
            letter=letter, actor=_staff(request), reason=serializer.validated_data["reason"]
        )
        return Response(LetterSerializer(revoked, context={"village": _village(request)}).data)


class QueueTicketCallNextView(APIView):
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
        ticket = services.queue_ticket_call_next(counter=counter, actor=_staff(request))
        if ticket is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(QueueTicketSerializer(ticket).data)
