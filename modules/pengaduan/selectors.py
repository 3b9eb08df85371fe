"""Reads of the complaint register, shared by pages, exports and the APIs. Nothing read here for a
public page carries a reporter's identity: public reads defer the encrypted fields."""

from __future__ import annotations

import datetime
import math
import re
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from modules.audit.models import AuditEvent
from modules.kalender.selectors import working_calendar
from tenants.selectors import current_village

from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Category,
    Complaint,
    ComplaintEvent,
    ComplaintPhoto,
    EventKind,
    FixedAnswer,
    Open311Key,
    Status,
)

IDENTITY_FIELDS = ("reporter_name", "reporter_phone", "reporter_email")
SIMILAR_MAX = 5
SIMILAR_RADIUS_METRES = 300
NEARLY_DUE_WORKING_DAYS = 1


def categories(*, active_only: bool = True) -> QuerySet[Category]:
    found = Category.objects.all()
    return found.filter(is_active=True) if active_only else found


def _public() -> QuerySet[Complaint]:
    """Complaints the board may show, without the reporter's identity columns."""
    return (
        Complaint.objects.filter(is_public=True)
        .exclude(status=Status.DUPLICATE)
        .defer(*IDENTITY_FIELDS)
        .select_related("category")
    )


def board(*, category_id: int | None = None, status: str = "") -> QuerySet[Complaint]:
    """The public board, newest first: public complaints, with their photos allowed on the board."""
    found = _public().prefetch_related(
        Prefetch("photos", queryset=ComplaintPhoto.objects.filter(is_public=True), to_attr="public_photos"),
        Prefetch(
            "events",
            queryset=ComplaintEvent.objects.exclude(kind=EventKind.NOTE).defer("internal_note"),
            to_attr="public_events",
        ),
    )
    if category_id:
        found = found.filter(category_id=category_id)
    if status == "terbuka":
        found = found.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        found = found.filter(status=status)
    return found


def public_complaint(code: str) -> Complaint | None:
    """One complaint for its public page (None when it is not public or not here)."""
    return board().filter(tracking_code=code.upper()).first()


def public_timeline(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    """What the reporter and the board read: the responses, never the internal notes."""
    return complaint.events.exclude(kind=EventKind.NOTE).defer("internal_note")


def owner_complaint(code: str) -> Complaint | None:
    """The reporter's own page (the caller checks the secret)."""
    return (
        Complaint.objects.select_related("category")
        .defer(*IDENTITY_FIELDS)
        .filter(tracking_code=code.upper())
        .first()
    )


def public_photo(code: str, photo_id: int) -> ComplaintPhoto | None:
    return (
        ComplaintPhoto.objects.filter(
            pk=photo_id, is_public=True, complaint__tracking_code=code.upper(), complaint__is_public=True
        )
        .exclude(complaint__status=Status.DUPLICATE)
        .first()
    )


def is_submitted(idempotency_key: str) -> bool:
    """Whether a complaint was stored with this form's idempotency key."""
    return bool(idempotency_key) and Complaint.objects.filter(idempotency_key=idempotency_key[:64]).exists()


def map_center() -> tuple[Decimal, Decimal] | None:
    """Where the form's map opens: the newest public complaint with a point (the village has no
    coordinates of its own), or None (the map then shows the country)."""
    found = _public().filter(latitude__isnull=False, longitude__isnull=False)
    point = found.values_list("latitude", "longitude").first()
    if point is None or point[0] is None or point[1] is None:
        return None
    return (point[0], point[1])


# --- Similar complaints (shown before submitting) ------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]{3,}")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def distance_metres(lat1: Decimal, lon1: Decimal, lat2: Decimal, lon2: Decimal) -> float:
    """Great-circle distance (haversine), good to a metre at village scale."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6_371_000 * 2 * math.asin(math.sqrt(a))


def similar_open(
    *, category_id: int, title: str = "", latitude: Decimal | None = None, longitude: Decimal | None = None
) -> list[Complaint]:
    """Open public complaints of the same category that look like the one being written: near the
    given point (within SIMILAR_RADIUS_METRES) or sharing words with its title; the most supported
    first. A resident supports one of these instead of filing the same problem again."""
    candidates = list(_public().filter(category_id=category_id, status__in=OPEN_STATUSES)[:200])
    words = _words(title)
    scored: list[tuple[float, Complaint]] = []
    for complaint in candidates:
        near = (
            latitude is not None
            and longitude is not None
            and complaint.has_location
            and distance_metres(latitude, longitude, complaint.latitude, complaint.longitude)  # type: ignore[arg-type]
            <= SIMILAR_RADIUS_METRES
        )
        shared = len(words & _words(complaint.title)) if words else 0
        if near or shared or not (words or latitude is not None):
            scored.append((2.0 * near + shared + complaint.supporter_count / 100, complaint))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [complaint for _score, complaint in scored[:SIMILAR_MAX]]


# --- Staff reads -----------------------------------------------------------------------------------------


def staff_register(*, with_identity: bool = False) -> QuerySet[Complaint]:
    """The register for handlers and the village council; identities only where asked (the
    caller decides who may see them)."""
    found = Complaint.objects.select_related("category")
    return found if with_identity else found.defer(*IDENTITY_FIELDS)


def staff_complaint(code: str) -> Complaint | None:
    return staff_register().filter(tracking_code=code.upper()).first()


@dataclass(frozen=True)
class Due:
    overdue: list[Complaint] = field(default_factory=list)
    nearly_due: list[Complaint] = field(default_factory=list)


def due_state(complaint: Complaint, *, today: datetime.date, next_working_day: datetime.date) -> str:
    """ "terlambat", "hampir" or "" for the step an open complaint waits for: the one rule the
    queue, the reminders and the figures share."""
    due = complaint.current_due
    if not isinstance(due, datetime.date):
        return ""
    if due < today:
        return "terlambat"
    if due <= next_working_day:
        return "hampir"
    return ""


def next_working_day(today: datetime.date) -> datetime.date:
    calendar = working_calendar(district_id=current_village().district_id, since=today)
    return calendar.add_working_days(today, NEARLY_DUE_WORKING_DAYS)


def complaints_due(*, today: datetime.date) -> Due:
    """Open complaints past their step's deadline, and those due by the next working day."""
    horizon = next_working_day(today)
    due = Due()
    for complaint in staff_register().filter(status__in=OPEN_STATUSES).order_by("submitted_at"):
        state = due_state(complaint, today=today, next_working_day=horizon)
        if state == "terlambat":
            due.overdue.append(complaint)
        elif state == "hampir":
            due.nearly_due.append(complaint)
    return due


def queue_counts(*, today: datetime.date) -> dict[str, int]:
    due = complaints_due(today=today)
    return {
        "new": Complaint.objects.filter(status=Status.RECEIVED).count(),
        "overdue": len(due.overdue),
        "nearly_due": len(due.nearly_due),
    }


# --- Figures (the board) and the complaint book -------------------------------------------------------------


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date  # the first day of the month
    received: int
    resolved: int
    resolved_in_time_share: float | None  # of those resolved
    median_working_days: float | None
    confirmed_fixed_share: float | None  # of those resolved and answered
    average_rating: float | None


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(*, months: int = 6, today: datetime.date | None = None) -> list[MonthFigures]:
    """The village's figures by month, newest first: received (by submission), resolved (by
    closing), the share resolved within the deadline, the median working days to resolve, the
    share confirmed fixed by the reporter, the average rating. Duplicates are not counted."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    starts = [first]
    for _month in range(months - 1):
        starts.append((starts[-1] - datetime.timedelta(days=1)).replace(day=1))
    earliest = starts[-1]
    calendar = working_calendar(
        district_id=current_village().district_id, since=earliest - datetime.timedelta(days=400)
    )
    counted = Complaint.objects.exclude(status=Status.DUPLICATE).defer(*IDENTITY_FIELDS)
    received = list(counted.filter(submitted_at__date__gte=earliest).values_list("submitted_at", flat=True))
    resolved = list(
        counted.filter(status=Status.RESOLVED, closed_at__date__gte=earliest).only(
            "submitted_at", "closed_at", "resolve_due", "fixed_answer", "rating"
        )
    )
    rows = []
    for start in starts:
        end = (start + datetime.timedelta(days=32)).replace(day=1)

        def in_month(
            moment: datetime.datetime, start: datetime.date = start, end: datetime.date = end
        ) -> bool:
            return start <= timezone.localdate(moment) < end

        month_resolved = [c for c in resolved if c.closed_at and in_month(c.closed_at)]
        in_time = [c for c in month_resolved if timezone.localdate(c.closed_at) <= c.resolve_due]
        days = [
            calendar.working_days_between(timezone.localdate(c.submitted_at), timezone.localdate(c.closed_at))
            for c in month_resolved
        ]
        answered = [c for c in month_resolved if c.fixed_answer]
        ratings = [c.rating for c in month_resolved if c.rating]
        rows.append(
            MonthFigures(
                month=start,
                received=sum(1 for moment in received if in_month(moment)),
                resolved=len(month_resolved),
                resolved_in_time_share=_share(len(in_time), len(month_resolved)),
                median_working_days=float(statistics.median(days)) if days else None,
                confirmed_fixed_share=_share(
                    sum(1 for c in answered if c.fixed_answer == FixedAnswer.YES), len(answered)
                ),
                average_rating=round(statistics.mean(ratings), 2) if ratings else None,
            )
        )
    return rows


def book(*, start: datetime.date, end: datetime.date) -> QuerySet[Complaint]:
    """The register for a period (by submission date, both ends included), oldest first, for the
    complaint book and its exports. Identities are loaded: the book shows a name only where the
    reporter allowed it (modules.pengaduan.book decides)."""
    return (
        Complaint.objects.filter(submitted_at__date__gte=start, submitted_at__date__lte=end)
        .select_related("category", "duplicate_of")
        .prefetch_related(Prefetch("events", queryset=ComplaintEvent.objects.exclude(kind=EventKind.NOTE)))
        .order_by("submitted_at", "pk")
    )


def open_statuses() -> tuple[str, ...]:
    return tuple(OPEN_STATUSES)


def closed_statuses() -> tuple[str, ...]:
    return tuple(CLOSED_STATUSES)


def api_keys() -> QuerySet[Open311Key]:
    return Open311Key.objects.all()


def open311_requests(
    *,
    codes: list[str] | None = None,
    category_ids: list[int] | None = None,
    status: str = "",
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    limit: int = 1000,
) -> list[Complaint]:
    """Public complaints for Open311 GeoReport v2 (`requests.json`), newest first; `status` is the
    spec's "open" or "closed". Unlike the board, a complaint merged as a duplicate stays readable
    (closed), so a client that filed it can still follow it; its photos are not offered.

    Each complaint carries `last_response` (the newest response the reporter and the board read,
    never an internal note) and `last_event_at` (when its public timeline last moved); photos the
    reporter allowed on the board are in `public_photos`. Two queries, however many complaints."""
    public_events = ComplaintEvent.objects.filter(complaint=OuterRef("pk")).exclude(kind=EventKind.NOTE)
    found = (
        Complaint.objects.filter(is_public=True)
        .defer(*IDENTITY_FIELDS)
        .select_related("category")
        .annotate(
            last_response=Subquery(
                public_events.exclude(response="").order_by("-created_at", "-pk").values("response")[:1]
            ),
            last_event_at=Subquery(public_events.order_by("-created_at", "-pk").values("created_at")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=ComplaintPhoto.objects.filter(is_public=True).exclude(
                    complaint__status=Status.DUPLICATE
                ),
                to_attr="public_photos",
            )
        )
    )
    if codes:
        found = found.filter(tracking_code__in=[code.upper() for code in codes])
    if category_ids:
        found = found.filter(category_id__in=category_ids)
    if status == "open":
        found = found.filter(status__in=OPEN_STATUSES)
    elif status == "closed":
        found = found.filter(status__in=CLOSED_STATUSES)
    if start:
        found = found.filter(submitted_at__gte=start)
    if end:
        found = found.filter(submitted_at__lte=end)
    return list(found.order_by("-submitted_at", "-pk")[:limit])


def open311_changeset() -> datetime.datetime | None:
    """When the village last changed its categories or deadlines (what `services.json` and the
    service notices are made of): the discovery document's changeset."""
    return (
        AuditEvent.objects.filter(action__in=("pengaduan.category_save", "pengaduan.settings_save"))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def complaints_resolved_share_between(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """(resolved, received) for the complaints received from `start` to `end`, both included, counting
    those resolved by the end of `end`: "complaints resolved", which an action plan's indicator reads."""
    received = Complaint.objects.filter(submitted_at__date__gte=start, submitted_at__date__lte=end)
    counts = received.aggregate(
        total=Count("pk"), resolved=Count("pk", filter=Q(status=Status.RESOLVED, closed_at__date__lte=end))
    )
    return counts["resolved"], counts["total"]


def complaints_resolved_between(start: datetime.date, end: datetime.date) -> int:
    """Complaints resolved from `start` to `end`, both included (the survey's people served)."""
    return Complaint.objects.filter(
        status=Status.RESOLVED, closed_at__date__gte=start, closed_at__date__lte=end
    ).count()


@dataclass(frozen=True)
class PeriodFigures:
    """The complaint figures of one period (any span of days), as counts, for the district's
    indicators: received (by submission), resolved (by closing), of those resolved the ones within
    their deadline and the ones the reporter answered (and said fixed), and the median working days
    to resolve. Duplicates are not counted, as in `figures`."""

    received: int
    resolved: int
    resolved_in_time: int
    answered: int
    confirmed_fixed: int
    median_working_days: Decimal | None


def period_figures(start: datetime.date, end: datetime.date) -> PeriodFigures:
    """The figures of the complaints received or resolved from `start` to `end`, both included, in the
    village's own calendar. Two queries, then the village and its calendar when any was resolved."""
    counted = Complaint.objects.exclude(status=Status.DUPLICATE).defer(*IDENTITY_FIELDS)
    received = counted.filter(submitted_at__date__gte=start, submitted_at__date__lte=end).count()
    resolved = list(
        counted.filter(status=Status.RESOLVED, closed_at__date__gte=start, closed_at__date__lte=end)
        .order_by()
        .values_list("submitted_at", "closed_at", "resolve_due", "fixed_answer")
    )
    median = None
    if resolved:
        spans = [
            (timezone.localdate(submitted), timezone.localdate(closed)) for submitted, closed, *_ in resolved
        ]
        calendar = working_calendar(
            district_id=current_village().district_id, since=min(first for first, _last in spans)
        )
        median = Decimal(str(statistics.median(calendar.working_days_between(a, b) for a, b in spans)))
    return PeriodFigures(
        received=received,
        resolved=len(resolved),
        resolved_in_time=sum(1 for _s, closed, due, _a in resolved if timezone.localdate(closed) <= due),
        answered=sum(1 for *_rest, answer in resolved if answer),
        confirmed_fixed=sum(1 for *_rest, answer in resolved if answer == FixedAnswer.YES),
        median_working_days=median,
    )
