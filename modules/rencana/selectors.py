"""Reads of the action plan, shared by the portal, the staff pages, the PDFs and the district's
indicators. The one rule for an indicator's value on a day is `value_on`; the one rule for "on track"
is `ProgramRow.on_track`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import formats, timezone

from modules.layanan.selectors import letters_on_time_between
from modules.pengaduan.selectors import complaints_resolved_share_between
from modules.survei import selectors as survei_selectors

from .models import (
    Area,
    BudgetLine,
    Forum,
    FundingSource,
    Indicator,
    IndicatorValue,
    Measure,
    NeedsFinding,
    NeedsKind,
    Plan,
    PlanStatus,
    Program,
    ProgramStatus,
    ProgressUpdate,
    Spending,
    UpdateAttachment,
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def period_label(plan: Plan) -> str:
    """ "Tahun 2026" for a calendar year; otherwise the two dates."""
    start, end = plan.period_start, plan.period_end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"Tahun {start.year}"
    return f"{formats.date_format(start, 'j F Y')} – {formats.date_format(end, 'j F Y')}"


# --- Plans ----------------------------------------------------------------------------------------------


def plans_for_staff() -> QuerySet[Plan]:
    return Plan.objects.order_by("-period_start", "-pk")


def plan_for_staff(plan_id: int) -> Plan | None:
    return Plan.objects.filter(pk=plan_id).first()


def published_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-period_start", "-pk")


def published_plan(plan_id: int) -> Plan | None:
    return published_plans().filter(pk=plan_id).first()


def current_plan(today: datetime.date | None = None) -> Plan | None:
    """The published plan whose period holds `today` (the latest to start, if periods overlap)."""
    day = today or timezone.localdate()
    return published_plans().filter(period_start__lte=day, period_end__gte=day).first()


def areas() -> QuerySet[Area]:
    return Area.objects.order_by("order", "name")


def programs_of(plan: Plan) -> QuerySet[Program]:
    """A plan's programs with everything the matrix shows, in a fixed number of queries."""
    return (
        Program.objects.filter(plan=plan)
        .select_related("area")
        .prefetch_related(
            "partners",
            "budget",
            "milestones",
            Prefetch("indicators", queryset=Indicator.objects.order_by("pk")),
            Prefetch("forums", queryset=Forum.objects.order_by("-held_on")),
        )
        .order_by("area__order", "area__name", "order", "pk")
    )


def program_for_staff(program_id: int) -> Program | None:
    return Program.objects.select_related("plan", "area").filter(pk=program_id).first()


def needs_of(plan: Plan) -> QuerySet[NeedsFinding]:
    return NeedsFinding.objects.filter(plan=plan).order_by("held_on", "pk")


def needs_finding_for_staff(finding_id: int) -> NeedsFinding | None:
    return NeedsFinding.objects.select_related("plan").filter(pk=finding_id).first()


def forums_of(plan: Plan) -> QuerySet[Forum]:
    return (
        Forum.objects.filter(plan=plan).prefetch_related("attendance", "programs").order_by("-held_on", "-pk")
    )


def forum_for_staff(forum_id: int) -> Forum | None:
    return Forum.objects.select_related("plan").filter(pk=forum_id).first()


def updates_of(program: Program) -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(program=program)
        .prefetch_related("values__indicator", "spending", "attachments")
        .order_by("-reported_on", "-pk")
    )


def update_for_staff(update_id: int) -> ProgressUpdate | None:
    return ProgressUpdate.objects.select_related("program__plan").filter(pk=update_id).first()


def latest_updates(plan: Plan) -> dict[int, ProgressUpdate]:
    """Each program's latest progress update (program id → update), in one query; no photos."""
    return {
        update.program_id: update
        for update in ProgressUpdate.objects.filter(program__plan=plan)
        .defer("recorded_by")
        .order_by("program_id", "-reported_on", "-pk")
        .distinct("program_id")
    }


def attachment_for_staff(attachment_id: int) -> UpdateAttachment | None:
    return UpdateAttachment.objects.select_related("update__program").filter(pk=attachment_id).first()


# --- The survey module's polls and results, for the needs mapping ---------------------------------------


def poll_exists(poll_id: int) -> bool:
    return survei_selectors.poll(poll_id) is not None


def poll_choices() -> list[tuple[int, str]]:
    return [(poll.pk, poll.title) for poll in survei_selectors.polls_for_staff()]


@dataclass(frozen=True)
class NeedsLine:
    finding: NeedsFinding
    # What the survey module says about the linked poll or survey year (None: nothing linked).
    poll_title: str = ""
    poll_url_id: int | None = None
    # The poll has closed: its results are published (the link goes to them).
    poll_closed: bool = False
    ikm: Decimal | None = None
    weakest: tuple[str, ...] = ()


def needs_lines(plan: Plan) -> list[NeedsLine]:
    """The needs mapping with what the survey module holds: a poll's title (its results page links
    from it), the IKM of a survey year and its three weakest elements."""
    lines = []
    for finding in needs_of(plan):
        if finding.kind == NeedsKind.POLL and finding.poll_id:
            poll = survei_selectors.poll(finding.poll_id)
            lines.append(
                NeedsLine(
                    finding=finding,
                    poll_title=poll.title if poll else "",
                    poll_url_id=poll.pk if poll else None,
                    poll_closed=poll.is_closed() if poll else False,
                )
            )
        elif finding.kind == NeedsKind.SURVEY and finding.survey_year:
            results = survei_selectors.results(survei_selectors.Period(finding.survey_year))
            names = dict(survei_selectors.element_labels())
            lines.append(
                NeedsLine(
                    finding=finding,
                    ikm=results.index.converted_shown(),
                    weakest=tuple(str(names.get(element.key, element.key)) for element in results.weakest()),
                )
            )
        else:
            lines.append(NeedsLine(finding=finding))
    return lines


# --- Indicator values -----------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def measured_value(indicator: Indicator, *, start: datetime.date, end: datetime.date) -> Decimal | None:
    """A figure Balai measures, over `start`–`end` (both included); None without data. Letters on
    time: the share of requests finished in the window within their standard time. Complaints
    resolved: the share of the complaints received in the window resolved by its end. IKM: the
    converted index of the answers given in the window."""
    if indicator.measure == Measure.LETTERS_ON_TIME:
        return _percent(*letters_on_time_between(start, end))
    if indicator.measure == Measure.COMPLAINTS_RESOLVED:
        return _percent(*complaints_resolved_share_between(start, end))
    if indicator.measure == Measure.IKM:
        return survei_selectors.ikm_between(start, end)
    return None


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    value: Decimal | None
    # The day the value stands for: the last update's (recorded) or the day asked (measured).
    value_on: datetime.date | None

    @property
    def meets(self) -> bool:
        return self.indicator.meets(self.value)


Recorded = dict[int, tuple[Decimal, datetime.date]]


def recorded_values(indicators: QuerySet[Indicator], day: datetime.date) -> Recorded:
    """indicator id → (value, day) of its last update on or before `day`, for many indicators in one
    query (PostgreSQL's DISTINCT ON): what `value_on` reads for a recorded indicator."""
    rows = (
        IndicatorValue.objects.filter(indicator__in=indicators, update__reported_on__lte=day)
        .order_by("indicator_id", "-update__reported_on", "-update__pk")
        .distinct("indicator_id")
        .values_list("indicator_id", "value", "update__reported_on")
    )
    return {indicator_id: (value, reported_on) for indicator_id, value, reported_on in rows}


def value_on(
    indicator: Indicator, program: Program, day: datetime.date, *, recorded: Recorded | None = None
) -> IndicatorRow:
    """The one rule: a recorded indicator shows its value at the last update on or before `day`; one
    Balai fills is measured from the program's start to `day` (or the program's end, if earlier).
    `recorded` is `recorded_values` read once for many indicators (the matrix)."""
    if indicator.fills_itself:
        end = min(day, program.ends_on)
        if end < program.starts_on:
            return IndicatorRow(indicator=indicator, value=None, value_on=None)
        return IndicatorRow(
            indicator=indicator,
            value=measured_value(indicator, start=program.starts_on, end=end),
            value_on=end,
        )
    if recorded is None:
        recorded = recorded_values(Indicator.objects.filter(pk=indicator.pk), day)
    latest = recorded.get(indicator.pk)
    if latest is None:
        return IndicatorRow(indicator=indicator, value=None, value_on=None)
    return IndicatorRow(indicator=indicator, value=latest[0], value_on=latest[1])


# --- The matrix -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceTotal:
    source: str
    label: str
    budget: int
    spent: int

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    @property
    def spent_share(self) -> Decimal | None:
        return _percent(self.spent, self.budget)


@dataclass(frozen=True)
class ProgramRow:
    program: Program
    indicators: list[IndicatorRow]
    budget: list[BudgetLine]
    # source → rupiah spent (in the report's window; in the matrix, up to the day).
    spent: dict[str, int]
    late_milestones: int
    day: datetime.date

    @property
    def budget_total(self) -> int:
        return sum(line.amount for line in self.budget)

    @property
    def spent_total(self) -> int:
        return sum(self.spent.values())

    @property
    def sources(self) -> list[SourceTotal]:
        return [
            SourceTotal(
                source=line.source,
                label=str(line.get_source_display()),
                budget=line.amount,
                spent=self.spent.get(line.source, 0),
            )
            for line in self.budget
        ]

    @property
    def on_track(self) -> bool:
        """Running, not past its end, and no milestone overdue on the day."""
        return (
            self.program.status == ProgramStatus.RUNNING
            and self.program.ends_on >= self.day
            and self.late_milestones == 0
        )


@dataclass(frozen=True)
class Matrix:
    plan: Plan
    day: datetime.date
    rows: list[ProgramRow]
    # From the report's window only (None: from the start of the plan).
    since: datetime.date | None = None
    by_area: list[tuple[str, list[ProgramRow]]] = field(default_factory=list)

    @property
    def totals(self) -> list[SourceTotal]:
        """Budget and spending by source over all programs, in the order of FundingSource."""
        budget: dict[str, int] = defaultdict(int)
        spent: dict[str, int] = defaultdict(int)
        for row in self.rows:
            for line in row.budget:
                budget[line.source] += line.amount
            for source, amount in row.spent.items():
                spent[source] += amount
        return [
            SourceTotal(source=value, label=str(label), budget=budget[value], spent=spent[value])
            for value, label in FundingSource.choices
            if budget[value] or spent[value]
        ]

    @property
    def budget_total(self) -> int:
        return sum(row.budget_total for row in self.rows)

    @property
    def spent_total(self) -> int:
        return sum(row.spent_total for row in self.rows)

    @property
    def indicator_count(self) -> int:
        return sum(len(row.indicators) for row in self.rows)

    @property
    def indicators_meeting(self) -> int:
        return sum(1 for row in self.rows for indicator in row.indicators if indicator.meets)

    @property
    def status_counts(self) -> dict[str, int]:
        counts = {value: 0 for value in ProgramStatus.values}
        for row in self.rows:
            counts[row.program.status] += 1
        return counts


def _spending(plan: Plan, *, since: datetime.date | None, until: datetime.date) -> dict[int, dict[str, int]]:
    rows = Spending.objects.filter(update__program__plan=plan, update__reported_on__lte=until)
    if since is not None:
        rows = rows.filter(update__reported_on__gte=since)
    spent: dict[int, dict[str, int]] = defaultdict(dict)
    for program_id, source, amount in (
        rows.values("update__program_id", "source")
        .annotate(total=Sum("amount"))
        .values_list("update__program_id", "source", "total")
    ):
        spent[program_id][source] = int(amount)
    return spent


def matrix(plan: Plan, *, day: datetime.date | None = None, since: datetime.date | None = None) -> Matrix:
    """The plan's programs as of `day` (default today): each indicator's value (`value_on`), the
    budget by source and what was spent (from `since`, when given, to `day`), late milestones."""
    on = day or timezone.localdate()
    spent = _spending(plan, since=since, until=on)
    recorded = recorded_values(Indicator.objects.filter(program__plan=plan), on)
    rows = []
    for program in programs_of(plan):
        rows.append(
            ProgramRow(
                program=program,
                indicators=[
                    value_on(indicator, program, on, recorded=recorded)
                    for indicator in program.indicators.all()
                ],
                budget=sorted(program.budget.all(), key=lambda line: FundingSource.values.index(line.source)),
                spent=spent.get(program.pk, {}),
                late_milestones=sum(1 for milestone in program.milestones.all() if milestone.is_late_on(on)),
                day=on,
            )
        )
    grouped: dict[str, list[ProgramRow]] = {}
    for row in rows:
        grouped.setdefault(row.program.area.name, []).append(row)
    return Matrix(plan=plan, day=on, rows=rows, since=since, by_area=list(grouped.items()))


@dataclass(frozen=True)
class ProgressReport:
    matrix: Matrix
    start: datetime.date
    end: datetime.date
    # program id → the updates reported in the window, newest first.
    updates: dict[int, list[ProgressUpdate]]


def progress_report(plan: Plan, *, start: datetime.date, end: datetime.date) -> ProgressReport:
    """A period's report: indicators as of `end` against target, spending in the window by source
    against budget, each program's status, and the updates of the window."""
    updates: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in ProgressUpdate.objects.filter(
        program__plan=plan, reported_on__gte=start, reported_on__lte=end
    ).order_by("-reported_on", "-pk"):
        updates[update.program_id].append(update)
    return ProgressReport(
        matrix=matrix(plan, day=end, since=start), start=start, end=end, updates=dict(updates)
    )


# --- For the district -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFigures:
    """What the district compares about a village's current plan (the indicators issue publishes
    these into the rollup)."""

    has_current_plan: bool
    programs: int = 0
    running: int = 0
    on_track: int = 0
    indicators: int = 0
    indicators_meeting: int = 0
    # source → rupiah budgeted, over all programs.
    budget_by_source: dict[str, int] = field(default_factory=dict)

    @property
    def indicators_meeting_share(self) -> float | None:
        return round(100 * self.indicators_meeting / self.indicators, 1) if self.indicators else None


def district_figures(today: datetime.date | None = None) -> PlanFigures:
    day = today or timezone.localdate()
    plan = current_plan(day)
    if plan is None:
        return PlanFigures(has_current_plan=False)
    found = matrix(plan, day=day)
    return PlanFigures(
        has_current_plan=True,
        programs=len(found.rows),
        running=found.status_counts[ProgramStatus.RUNNING],
        on_track=sum(1 for row in found.rows if row.on_track),
        indicators=found.indicator_count,
        indicators_meeting=found.indicators_meeting,
        budget_by_source={total.source: total.budget for total in found.totals},
    )
