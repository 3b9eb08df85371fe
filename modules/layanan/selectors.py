"""Reads of the service counter, for the pages and the API alike. Callers must already be inside
the village's schema (the request's tenant). Each read costs a fixed number of queries, and a read
for a page that does not show the resident's personal data does not load (decrypt) it."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from modules.kalender.selectors import working_calendar
from modules.portal.selectors import village_profile
from modules.workflow.codes import normalize_tracking_code
from tenants.selectors import current_village

from .models import (
    Letter,
    QueueTicket,
    QueueTicketStatus,
    RequestStatus,
    Service,
    ServiceRequest,
    ServiceSettings,
    ServiceStandard,
    SopDocument,
    queue_counter_codes,
)

# Answered requests: never overdue. A revoked letter closes its request until it is reopened.
CLOSED = (
    RequestStatus.COMPLETED,
    RequestStatus.REJECTED,
    RequestStatus.CANCELLED,
    RequestStatus.LETTER_REVOKED,
)
# Loaded only where they are shown: the staff request page and the letter.
ENCRYPTED_REQUEST_FIELDS = ("nik", "kk_number", "phone", "email", "address", "extra", "download_secret")


# The service-level clock stops while the village waits for the resident's documents (the due date
# moves on when they arrive: services._due_date_after_waiting), so such a request is never overdue.
CLOCK_STOPPED = (*CLOSED, RequestStatus.NEEDS_DOCUMENTS)


def overdue(today: datetime.date) -> Q:
    """The one rule for "overdue": past its due date, not yet answered (completed, rejected or
    cancelled) and not waiting for the resident. Pages and the API use it through the `is_overdue`
    annotation below."""
    return Q(due_date__lt=today) & ~Q(status__in=CLOCK_STOPPED)


def _with_is_overdue(requests: QuerySet[ServiceRequest], today: datetime.date) -> QuerySet[ServiceRequest]:
    return requests.annotate(is_overdue=ExpressionWrapper(overdue(today), output_field=BooleanField()))


def current_standards(*, active_only: bool = True) -> QuerySet[ServiceStandard]:
    """The current standard of every service (with its service), in catalogue order, in one query
    (DISTINCT ON the service, newest version first)."""
    standards = ServiceStandard.objects.select_related("service")
    if active_only:
        standards = standards.filter(service__is_active=True)
    return standards.order_by("service__order", "service__name", "service_id", "-version").distinct(
        "service__order", "service__name", "service_id"
    )


def current_standard_for_slug(slug: str, *, active_only: bool = True) -> ServiceStandard | None:
    """The current standard of one service, with its service."""
    standards = ServiceStandard.objects.filter(service__slug=slug).select_related("service")
    if active_only:
        standards = standards.filter(service__is_active=True)
    return standards.order_by("-version").first()


def service_by_slug(slug: str) -> Service | None:
    """Open or closed: request_submit itself refuses a closed service, with a sentence that says so."""
    return Service.objects.filter(slug=slug).first()


def request_by_tracking_code(
    tracking_code: str, *, today: datetime.date | None = None
) -> ServiceRequest | None:
    """One request with everything staff and its owner see (personal data included), and
    `is_overdue`."""
    return (
        _with_is_overdue(
            ServiceRequest.objects.select_related("service", "standard"), today or timezone.localdate()
        )
        .filter(tracking_code=normalize_tracking_code(tracking_code))
        .first()
    )


def request_for_tracking(tracking_code: str, *, today: datetime.date | None = None) -> ServiceRequest | None:
    """What the public tracking page and API show: the status, the timeline and the masked name and
    NIK; the other personal data is not loaded."""
    return (
        _with_is_overdue(ServiceRequest.objects.select_related("service"), today or timezone.localdate())
        .defer("kk_number", "phone", "email", "address", "extra", "download_secret")
        .prefetch_related("events")
        .filter(tracking_code=normalize_tracking_code(tracking_code))
        .first()
    )


def request_for_confirmation(request_id: int) -> ServiceRequest | None:
    """The request the submitter just stored, for the confirmation page (tracking code, secret link)."""
    return (
        ServiceRequest.objects.select_related("service")
        .only("id", "tracking_code", "download_secret", "status", "due_date", "submitted_at", "service")
        .filter(pk=request_id)
        .first()
    )


def request_is_overdue(request: ServiceRequest) -> bool:
    """For a row read by a selector of this module (which annotates `is_overdue`)."""
    return bool(getattr(request, "is_overdue", False))


def letter_for_verification(verification_code: str) -> Letter | None:
    """The letter without its request's personal data, for the verification page and its API: only
    the service's letter title is joined (`letter_title`), and the letter that replaced this one
    (the request's next letter: a request has one letter in force at a time, so only a revoked
    letter has one) gives its number and code (`replaced_by_number`, `replaced_by_verification_code`;
    None when none did). One query."""
    replacement = Letter.objects.filter(request_id=OuterRef("request_id"), pk__gt=OuterRef("pk")).order_by(
        "pk"
    )
    return (
        Letter.objects.annotate(
            letter_title=F("request__service__letter_title"),
            replaced_by_number=Subquery(replacement.values("number")[:1]),
            replaced_by_verification_code=Subquery(replacement.values("verification_code")[:1]),
        )
        .filter(verification_code=verification_code)
        .first()
    )


def staff_worklist(*, today: datetime.date) -> QuerySet[ServiceRequest]:
    """The requests staff work on (page and API; filtered by filters.StaffWorklistFilter), nearest
    due date first, with `is_overdue`. Only the applicant's name is decrypted; the other personal
    data is not even loaded."""
    return _with_is_overdue(
        ServiceRequest.objects.select_related("service")
        .defer(*ENCRYPTED_REQUEST_FIELDS)
        .order_by("due_date", "submitted_at"),
        today,
    )


def service_hours(standard: ServiceStandard) -> str:
    """The hours a standard states: its own when the village set some for this service, otherwise
    the office hours of the village profile, so that one edit there changes every such service."""
    return standard.service_hours or village_profile().office_hours


def service_pledge() -> str:
    """The village's maklumat pelayanan, for the portal home."""
    return ServiceSettings.objects.filter(pk=1).values_list("pledge", flat=True).first() or ""


def published_sop_document() -> SopDocument | None:
    """The SOP document in force: the newest one the head adopted."""
    return SopDocument.objects.order_by("-version").first()


def sop_documents() -> QuerySet[SopDocument]:
    return SopDocument.objects.order_by("-version")


# --- the staff home -------------------------------------------------------------------


def worklist_counts(*, today: datetime.date) -> dict[str, int]:
    """What waits at the counter, in one query: new requests, overdue ones (the one rule,
    `overdue`) and those awaiting signature."""
    return ServiceRequest.objects.aggregate(
        new=Count("pk", filter=Q(status=RequestStatus.SUBMITTED)),
        overdue=Count("pk", filter=overdue(today)),
        awaiting_signature=Count("pk", filter=Q(status=RequestStatus.AWAITING_SIGNATURE)),
    )


# --- letters after signing ---------------------------------------------------------------------------


def letters_of_request(request: ServiceRequest) -> list[Letter]:
    """Every letter issued for a request, oldest first, each with `replaced_by_number`: the number of
    the letter issued after it (a revoked letter is replaced by the next one of its request)."""
    issued = list(Letter.objects.filter(request=request).order_by("pk"))
    for index, letter in enumerate(issued):
        successor = issued[index + 1] if index + 1 < len(issued) else None
        letter.replaced_by_number = successor.number if successor else ""  # type: ignore[attr-defined]
    return issued


def letter_in_force(request: ServiceRequest) -> Letter | None:
    return Letter.objects.filter(request=request, is_revoked=False).first()


# --- queue tickets -------------------------------------------------------------------------------------


def queue_counters() -> list[str]:
    """The counters (loket) the village has configured on its settings row, in order; ["A"] before
    the row exists."""
    configured = ServiceSettings.objects.filter(pk=1).values_list("queue_counters", flat=True).first()
    return queue_counter_codes(configured or "A") or ["A"]


def queue_waiting_before(ticket: QueueTicket) -> int:
    return QueueTicket.objects.filter(
        counter=ticket.counter, day=ticket.day, status=QueueTicketStatus.WAITING, number__lt=ticket.number
    ).count()


@dataclass(frozen=True)
class QueueBoard:
    """What the office screen shows: per configured counter the ticket being served, and how many wait."""

    day: datetime.date
    called: list[QueueTicket]
    waiting: int


def queue_board(*, today: datetime.date | None = None) -> QueueBoard:
    day = today or timezone.localdate()
    called = list(QueueTicket.objects.filter(day=day, status=QueueTicketStatus.CALLED).order_by("counter"))
    waiting = QueueTicket.objects.filter(day=day, status=QueueTicketStatus.WAITING).count()
    return QueueBoard(day=day, called=called, waiting=waiting)


def default_catalogue() -> list[tuple[str, str]]:
    """(slug, name) of the services every new village starts with (catalogue.DEFAULT_SERVICES): what
    the signup wizard offers to keep."""
    from .catalogue import DEFAULT_SERVICES

    return [(service["slug"], service["name"]) for service in DEFAULT_SERVICES]


def catalogue_services() -> QuerySet[Service]:
    return Service.objects.order_by("name")


def letters_on_time_between(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """(finished within the standard time, finished) for requests whose letter was issued from
    `start` to `end`, both included: "letters issued within the standard time", which an action
    plan's indicator reads."""
    finished = ServiceRequest.objects.filter(completed_at__date__gte=start, completed_at__date__lte=end)
    counts = finished.aggregate(
        total=Count("pk"), on_time=Count("pk", filter=Q(completed_at__date__lte=F("due_date")))
    )
    return counts["on_time"], counts["total"]


def requests_completed_between(start: datetime.date, end: datetime.date) -> int:
    """Requests finished (their letter issued) from `start` to `end`, both included: the people the
    counter served, which the satisfaction survey's sample target counts."""
    return ServiceRequest.objects.filter(completed_at__date__gte=start, completed_at__date__lte=end).count()


def standards_reviewed() -> bool:
    """Whether the village has reviewed its service standards: one of them saved by its staff (the
    seeded versions are Balai's). The first-steps checklist of a new portal ticks it."""
    return ServiceStandard.objects.exclude(created_by="Balai").exists()


def requests_received_between(start: datetime.date, end: datetime.date) -> int:
    """Requests submitted from `start` to `end`, both included, by any channel and in any status
    (the district's "requests received")."""
    return ServiceRequest.objects.filter(submitted_at__date__gte=start, submitted_at__date__lte=end).count()


def completion_median_working_days_between(start: datetime.date, end: datetime.date) -> Decimal | None:
    """The median of the working days from submission to the letter, over the requests finished from
    `start` to `end` (both included), in the village's own calendar; None when none finished. One query
    for the requests, then the village and its calendar."""
    moments = list(
        ServiceRequest.objects.filter(completed_at__date__gte=start, completed_at__date__lte=end)
        .order_by()
        .values_list("submitted_at", "completed_at")
    )
    if not moments:
        return None
    days = [
        (timezone.localdate(submitted), timezone.localdate(completed)) for submitted, completed in moments
    ]
    calendar = working_calendar(district_id=current_village().district_id, since=min(day for day, _ in days))
    return Decimal(str(statistics.median(calendar.working_days_between(a, b) for a, b in days)))
