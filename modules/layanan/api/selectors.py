"""Reads behind the API. Callers must already be inside the village's schema (the request's tenant).

Each returns a queryset or one row with what its serializer needs, in a fixed number of queries.
What the web pages share (the queue's filters, "closed" statuses) comes from modules.layanan.selectors.
"""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet

from .. import selectors as counter_selectors
from ..models import Letter, Service, ServiceRequest, ServiceStandard


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
    """As counter_selectors.request_by_code: residents type codes in lower case or without the dash."""
    code = tracking_code.strip().upper().replace("-", "").replace(" ", "")
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


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
    """The staff's work queue (counter_selectors.staff_queue), with `is_overdue` on every row: past its
    due date and not yet answered."""
    return (
        counter_selectors.staff_queue(status=status or "", overdue=only_overdue, today=today)
        # The queue shows the name only; the other personal data is neither decrypted nor sent.
        .defer("nik", "kk_number", "phone", "email", "address", "extra", "download_secret")
        .annotate(
            is_overdue=ExpressionWrapper(
                Q(due_date__lt=today) & ~Q(status__in=counter_selectors.CLOSED), output_field=BooleanField()
            )
        )
    )
