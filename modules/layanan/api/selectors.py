"""Reads behind the API. Callers must already be inside the village's schema (the request's tenant).

Each returns a queryset or one row with what its serializer needs, in a fixed number of queries.
"""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet

from ..models import Letter, RequestStatus, Service, ServiceRequest, ServiceStandard

# A request in one of these statuses has had its answer; it can no longer be late.
CLOSED_STATUSES = (RequestStatus.COMPLETED, RequestStatus.REJECTED, RequestStatus.CANCELLED)


def catalogue() -> QuerySet[ServiceStandard]:
    """The current standard of every active service, in catalogue order, in one query (DISTINCT ON)."""
    return (
        ServiceStandard.objects.filter(service__is_active=True)
        .select_related("service")
        .order_by("service__order", "service__name", "service_id", "-version")
        .distinct("service__order", "service__name", "service_id")
    )


def catalogue_entry(slug: str) -> ServiceStandard | None:
    """The current standard of one active service."""
    return (
        ServiceStandard.objects.filter(service__slug=slug, service__is_active=True)
        .select_related("service")
        .order_by("-version")
        .first()
    )


def service_by_slug(slug: str) -> Service | None:
    """Active or not: request_submit itself refuses a closed service, with a sentence that says so."""
    return Service.objects.filter(slug=slug).first()


def normalize_tracking_code(tracking_code: str) -> str:
    """Residents read codes off paper and type them in lower case or without the dash."""
    code = tracking_code.strip().upper().replace(" ", "")
    if len(code) == 8 and "-" not in code:
        code = f"{code[:4]}-{code[4:]}"
    return code


def request_for_tracking(tracking_code: str) -> ServiceRequest | None:
    return (
        ServiceRequest.objects.select_related("service")
        .prefetch_related("events")
        .filter(tracking_code=normalize_tracking_code(tracking_code))
        .first()
    )


def request_by_tracking_code(tracking_code: str) -> ServiceRequest | None:
    return ServiceRequest.objects.filter(tracking_code=normalize_tracking_code(tracking_code)).first()


def letter_for_verification(verification_code: str) -> Letter | None:
    """The letter without its request's personal data: only the service's letter title is joined."""
    return (
        Letter.objects.annotate(letter_title=F("request__service__letter_title"))
        .filter(verification_code=verification_code)
        .first()
    )


def request_queue(
    *, today: datetime.date, status: str | None = None, only_overdue: bool = False
) -> QuerySet[ServiceRequest]:
    """The staff's work queue, the request due soonest first. `is_overdue`: past its due date and not
    yet answered."""
    queryset = (
        ServiceRequest.objects.select_related("service")
        # The queue shows the name only; the other personal data is neither decrypted nor sent.
        .defer("nik", "kk_number", "phone", "email", "address", "extra", "download_secret")
        .annotate(
            is_overdue=ExpressionWrapper(
                Q(due_date__lt=today) & ~Q(status__in=CLOSED_STATUSES), output_field=BooleanField()
            )
        )
        .order_by("due_date", "submitted_at", "pk")
    )
    if status:
        queryset = queryset.filter(status=status)
    if only_overdue:
        queryset = queryset.filter(is_overdue=True)
    return queryset
