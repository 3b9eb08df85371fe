"""Reads of the PPID, shared by the pages, the exports and the district's indicators."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from modules.kalender.selectors import working_calendar
from modules.portal.selectors import published_officials, village_profile
from modules.workflow.codes import normalize_tracking_code
from tenants.selectors import current_village

from .models import (
    NEARLY_DUE_WORKING_DAYS,
    OPEN_REQUEST_STATUSES,
    PERIODIC_STALE_AFTER,
    AlertSubscription,
    Announcement,
    ChecklistEntry,
    ChecklistSource,
    Decision,
    ExemptionGround,
    InfoCategory,
    InformationItem,
    InformationRequest,
    Objection,
    ObjectionOutcome,
    ObjectionStatus,
    RequestChannel,
)

# Fields a page about a request reads without the requester's identity (no decryption).
PUBLIC_REQUEST_FIELDS = (
    "pk",
    "registration_number",
    "tracking_code",
    "secret",
    "channel",
    "status",
    "submitted_at",
    "due_date",
    "original_due_date",
    "extension_reason",
    "extended_at",
    "decision",
    "answer",
    "withheld",
    "exemption_ground",
    "held_by",
    "cost",
    "decided_at",
    "letter_number",
    "letter_pdf",
    "information",
    "form_wanted",
    "delivery",
    "year",
    "sequence",
)
PERSONAL_FIELDS = ("requester_address", "requester_nik", "requester_phone", "requester_email")


# --- The DIP -----------------------------------------------------------------------------------------------


def published_items(*, query: str = "", category: str = "") -> QuerySet[InformationItem]:
    """The public DIP: published items, searched in title and summary, optionally one category."""
    items = InformationItem.objects.filter(is_published=True).select_related("checklist_entry")
    if category in InfoCategory.values:
        items = items.filter(category=category)
    words = query.strip()[:100]
    if words:
        items = items.filter(
            Q(title__icontains=words) | Q(summary__icontains=words) | Q(holder__icontains=words)
        )
    return items.order_by("category", "title", "pk")


def items_by_category(items: QuerySet[InformationItem]) -> list[tuple[str, str, list[InformationItem]]]:
    """(value, label, items) for each of the four categories, in the regulation's order."""
    grouped: dict[str, list[InformationItem]] = {value: [] for value in InfoCategory.values}
    for item in items:
        grouped[item.category].append(item)
    return [(value, str(label), grouped[value]) for value, label in InfoCategory.choices]


def downloadable_item(item_id: int) -> InformationItem | None:
    """A published, non-exempt item with a file: the only kind the public may download."""
    return (
        InformationItem.objects.filter(pk=item_id, is_published=True)
        .exclude(category=InfoCategory.EXEMPT)
        .exclude(file="")
        .first()
    )


def staff_items() -> QuerySet[InformationItem]:
    return InformationItem.objects.select_related("checklist_entry").order_by("category", "title", "pk")


# --- The checklist -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistLine:
    entry: ChecklistEntry
    state: str  # "ada", "usang" (out of date) or "belum" (missing)
    items: list[InformationItem]
    # Where Balai already holds the information: the page that shows it.
    held_url_name: str = ""
    updated_on: datetime.date | None = None


@dataclass(frozen=True)
class Coverage:
    lines: list[ChecklistLine]
    covered: int
    stale: int
    missing: int

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def share(self) -> float:
        """The share of the mandatory list that is published and current, in percent (0–100): the
        figure the district's indicators read."""
        return round(100 * self.covered / self.total, 1) if self.total else 0.0


HELD_PAGES = {
    ChecklistSource.PROFILE: "portal:home",
    ChecklistSource.OFFICIALS: "portal:home",
    ChecklistSource.SERVICE_STANDARDS: "layanan:catalogue",
    ChecklistSource.COMPLAINTS: "pengaduan:board",
    ChecklistSource.REQUEST_PROCEDURE: "ppid:procedure",
}


def _held_by_balai(source: str) -> tuple[bool, datetime.date | None]:
    """Whether the portal already shows the information of `source`, and since when."""
    if source == ChecklistSource.PROFILE:
        profile = village_profile()
        present = bool(profile.pk and profile.about.strip() and profile.address.strip())
        return present, timezone.localdate(profile.updated_at) if present and profile.updated_at else None
    if source == ChecklistSource.OFFICIALS:
        return published_officials().exclude(name="(belum diisi)").count() >= 2, None
    if source == ChecklistSource.SERVICE_STANDARDS:
        from modules.layanan.selectors import current_standards

        return current_standards().exists(), None
    # The complaint procedure and the request procedure are pages of Balai itself.
    return source in (ChecklistSource.COMPLAINTS, ChecklistSource.REQUEST_PROCEDURE), None


def _is_stale(item: InformationItem, day: datetime.date) -> bool:
    """An item about a period (the action plan) is current until its period ends; any other item for
    six months after its last update."""
    if item.current_until is not None:
        return day > item.current_until
    return day - item.updated_on > PERIODIC_STALE_AFTER


def checklist_coverage(*, today: datetime.date | None = None) -> Coverage:
    """Each mandatory entry: present (a published item or information Balai holds), out of date
    (its newest item older than six months), or missing."""
    day = today or timezone.localdate()
    items_by_entry: dict[int, list[InformationItem]] = {}
    for item in InformationItem.objects.filter(is_published=True, checklist_entry__isnull=False).exclude(
        category=InfoCategory.EXEMPT
    ):
        items_by_entry.setdefault(item.checklist_entry_id, []).append(item)  # type: ignore[arg-type]
    lines: list[ChecklistLine] = []
    for entry in ChecklistEntry.objects.order_by("order", "pk"):
        items = sorted(items_by_entry.get(entry.pk, []), key=lambda item: item.updated_on, reverse=True)
        usable = [item for item in items if item.file or item.link]
        held, held_since = _held_by_balai(entry.source) if entry.source else (False, None)
        newest = usable[0].updated_on if usable else None
        if held and not usable:
            state = "ada"
        elif not usable:
            state = "belum"
        elif _is_stale(usable[0], day):
            state = "usang"
        else:
            state = "ada"
        lines.append(
            ChecklistLine(
                entry=entry,
                state=state,
                items=items,
                held_url_name=HELD_PAGES.get(entry.source, "") if held else "",  # type: ignore[call-overload]
                updated_on=newest or held_since,
            )
        )
    counts = Counter(line.state for line in lines)
    return Coverage(lines=lines, covered=counts["ada"], stale=counts["usang"], missing=counts["belum"])


# --- Serta-merta -------------------------------------------------------------------------------------------


def active_announcements() -> list[Announcement]:
    """The announcements in force, newest first: the banner on every page of the portal."""
    return list(Announcement.objects.filter(withdrawn_at__isnull=True).order_by("-published_at", "-pk")[:3])


def announcement_for_page(announcement_id: int) -> Announcement | None:
    return Announcement.objects.filter(pk=announcement_id).first()


def announcement_history() -> QuerySet[Announcement]:
    return Announcement.objects.order_by("-published_at", "-pk")


def alert_subscription_exists(token: str) -> bool:
    """Whether a confirmation or unsubscribe link's token is known (the page asks before acting)."""
    return AlertSubscription.objects.filter(token=token).exists()


# --- Requests ----------------------------------------------------------------------------------------------


def request_for_lookup(code: str) -> InformationRequest | None:
    """The public status of a request by its tracking code: no personal field is read."""
    return (
        InformationRequest.objects.only(*PUBLIC_REQUEST_FIELDS)
        .filter(tracking_code=normalize_tracking_code(code))
        .first()
    )


def submitted_request(request_id: int) -> InformationRequest | None:
    """The confirmation page's request (number, code, private link, due date): no personal field."""
    return (
        InformationRequest.objects.only("registration_number", "tracking_code", "secret", "due_date")
        .filter(pk=request_id)
        .first()
    )


def request_for_owner(code: str) -> InformationRequest | None:
    """The requester's own page (the view checks the secret); it shows no personal field, so none
    is read (decrypted)."""
    return (
        InformationRequest.objects.defer(*PERSONAL_FIELDS)
        .prefetch_related("events", "objections")
        .filter(tracking_code=normalize_tracking_code(code))
        .first()
    )


def staff_request(code: str) -> InformationRequest | None:
    return (
        InformationRequest.objects.prefetch_related("events", "objections")
        .filter(tracking_code=normalize_tracking_code(code))
        .first()
    )


def staff_register() -> QuerySet[InformationRequest]:
    """The request register for staff lists: the encrypted fields are deferred."""
    return InformationRequest.objects.defer(*PERSONAL_FIELDS).order_by("-submitted_at", "-pk")


def _horizon(today: datetime.date) -> datetime.date:
    calendar = working_calendar(district_id=current_village().district_id, since=today)
    return calendar.add_working_days(today, NEARLY_DUE_WORKING_DAYS)


def due_state(request: InformationRequest, *, today: datetime.date, horizon: datetime.date) -> str:
    """ "terlambat", "hampir" or "" for an open request: the one rule the register, the staff home,
    the reminders and the report share."""
    if request.status not in OPEN_REQUEST_STATUSES:
        return ""
    if request.due_date < today:
        return "terlambat"
    if request.due_date <= horizon:
        return "hampir"
    return ""


@dataclass
class Due:
    overdue: list[InformationRequest] = field(default_factory=list)
    nearly_due: list[InformationRequest] = field(default_factory=list)


def requests_due(*, today: datetime.date) -> Due:
    horizon = _horizon(today)
    due = Due()
    for request in staff_register().filter(status__in=OPEN_REQUEST_STATUSES).order_by("due_date", "pk"):
        state = due_state(request, today=today, horizon=horizon)
        if state == "terlambat":
            due.overdue.append(request)
        elif state == "hampir":
            due.nearly_due.append(request)
    return due


def with_due_states(requests: list[InformationRequest], *, today: datetime.date) -> list[InformationRequest]:
    """Sets `due_state` on each request for a list page."""
    horizon = _horizon(today)
    for request in requests:
        request.due_state = due_state(request, today=today, horizon=horizon)  # type: ignore[attr-defined]
    return requests


def staff_counts(*, today: datetime.date) -> dict[str, int]:
    due = requests_due(today=today)
    return {
        "open": InformationRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES).count(),
        "overdue": len(due.overdue),
        "nearly_due": len(due.nearly_due),
        "objections": Objection.objects.filter(status=ObjectionStatus.RECEIVED).count(),
    }


def objections_waiting() -> QuerySet[Objection]:
    return (
        Objection.objects.filter(status=ObjectionStatus.RECEIVED)
        .select_related("request")
        .order_by("due_date")
    )


def objections_with_due_states(objections: list[Objection], *, today: datetime.date) -> list[Objection]:
    """Sets `due_state` ("terlambat", "hampir" or "") on each objection still waiting for the
    superior, by the rule of the requests (NEARLY_DUE_WORKING_DAYS before the due date)."""
    horizon = _horizon(today)
    for objection in objections:
        state = ""
        if objection.status == ObjectionStatus.RECEIVED:
            if objection.due_date < today:
                state = "terlambat"
            elif objection.due_date <= horizon:
                state = "hampir"
        objection.due_state = state  # type: ignore[attr-defined]
    return objections


def objection_register() -> QuerySet[Objection]:
    return Objection.objects.select_related("request").order_by("-filed_at", "-pk")


def staff_objection(objection_id: int) -> Objection | None:
    return Objection.objects.select_related("request").filter(pk=objection_id).first()


def requests_of_year(year: int) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(year=year).order_by("sequence")


def objections_of_year(year: int) -> QuerySet[Objection]:
    return Objection.objects.filter(year=year).select_related("request").order_by("sequence")


def register_years() -> list[int]:
    years = set(InformationRequest.objects.order_by().values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


# --- The annual report -------------------------------------------------------------------------------------

# Working days taken to answer, in the buckets the report shows.
TIME_BUCKETS = ((0, 3, "0–3"), (4, 7, "4–7"), (8, 10, "8–10"), (11, 17, "11–17"), (18, 10_000, "> 17"))


@dataclass(frozen=True)
class AnnualFigures:
    year: int
    received: int
    by_channel: dict[str, int]
    answered: int
    open_at_end: int
    granted: int
    partial: int
    refused: int
    refused_by_ground: dict[str, int]
    not_held: int
    extended: int
    on_time: int
    on_time_share: float | None
    average_working_days: float | None
    time_distribution: list[tuple[str, int]]
    objections: int
    objections_by_outcome: dict[str, int]
    objections_pending: int
    dip_items: int
    dip_coverage_share: float


def annual_report(year: int) -> AnnualFigures:
    """The year's figures, from the requests registered that year and their objections."""
    requests = list(requests_of_year(year).defer(*PERSONAL_FIELDS))
    answered = [request for request in requests if request.decided_at is not None]
    decisions = Counter(request.decision for request in answered)
    days = [
        request.answered_working_days for request in answered if request.answered_working_days is not None
    ]
    on_time = sum(1 for request in answered if request.answered_on_time)
    objections = list(Objection.objects.filter(year=year))
    outcomes = Counter(objection.outcome for objection in objections if objection.outcome)
    grounds = Counter(
        request.exemption_ground
        for request in answered
        if request.decision in (Decision.REFUSED, Decision.PARTIAL)
    )
    return AnnualFigures(
        year=year,
        received=len(requests),
        by_channel={
            str(label): sum(1 for r in requests if r.channel == value)
            for value, label in RequestChannel.choices
        },
        answered=len(answered),
        open_at_end=len(requests) - len(answered),
        granted=decisions[Decision.GRANTED],
        partial=decisions[Decision.PARTIAL],
        refused=decisions[Decision.REFUSED],
        refused_by_ground={
            str(label): grounds[value] for value, label in ExemptionGround.choices if grounds[value]
        },
        not_held=decisions[Decision.NOT_HELD],
        extended=sum(1 for request in requests if request.extended_at is not None),
        on_time=on_time,
        on_time_share=round(100 * on_time / len(answered), 1) if answered else None,
        average_working_days=round(statistics.fmean(days), 1) if days else None,
        time_distribution=[
            (label, sum(1 for value in days if low <= value <= high)) for low, high, label in TIME_BUCKETS
        ],
        objections=len(objections),
        objections_by_outcome={str(label): outcomes[value] for value, label in ObjectionOutcome.choices},
        objections_pending=sum(1 for objection in objections if objection.status == ObjectionStatus.RECEIVED),
        dip_items=InformationItem.objects.filter(is_published=True).count(),
        dip_coverage_share=checklist_coverage().share,
    )


# --- For the district -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestFigures:
    """The information requests registered in a period: how many, how many answered, and how many of
    those within the legal deadline (extended where extended), as the annual report counts them."""

    received: int
    answered: int
    answered_on_time: int


def request_figures_between(start: datetime.date, end: datetime.date) -> RequestFigures:
    """The requests submitted from `start` to `end`, both included; one query."""
    rows = list(
        InformationRequest.objects.filter(submitted_at__date__gte=start, submitted_at__date__lte=end)
        .order_by()
        .values_list("decided_at", "due_date")
    )
    answered = [(decided, due) for decided, due in rows if decided is not None]
    return RequestFigures(
        received=len(rows),
        answered=len(answered),
        answered_on_time=sum(1 for decided, due in answered if timezone.localdate(decided) <= due),
    )


def published_item_count() -> int:
    """The DIP's published items, as the annual report counts them."""
    return InformationItem.objects.filter(is_published=True).count()
