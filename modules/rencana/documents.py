"""The action plan's documents, in the layout villages use for such documents: the plan (letterhead,
title and period, background, goals, targets, the needs mapping, then the tables of programs,
indicators and the budget by source with its totals, signed by the village head) and the progress
report of a period (each program's indicators against target, spending by source against budget,
status and the updates of the period). A4 landscape; Indonesian whatever the page's language.
Callers are in the village's schema."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from modules.dokumen.pdf import PaperSize, render_pdf
from modules.portal.selectors import letterhead, village_head
from tenants.models import Village

from . import selectors
from .models import Plan

A4_LANDSCAPE = PaperSize("A4", 297, 210)
DRAFT_MARK = "DRAF"
# The portal seeds the head as "(belum diisi)" until the village fills it in.
UNFILLED_NAME = "(belum diisi)"


def _head_name() -> str:
    head = village_head()
    return head.name if head is not None and head.name != UNFILLED_NAME else ""


def _signature(village: Village, day: datetime.date) -> dict[str, Any]:
    """The village head signs (the district's title: keuchik), from the portal's officials."""
    district = village.district
    noun = district.village_noun.capitalize()
    return {
        "place": village.name,
        "date": day,
        "position": f"{district.village_head_title.title()} {noun} {village.name}",
        "name": _head_name(),
    }


def _context(village: Village, plan: Plan, *, title: str, day: datetime.date) -> dict[str, Any]:
    head = letterhead(village)
    return {
        "letterhead": head,
        "letter": {"title": title, "number": "", "watermark": "" if plan.is_published else DRAFT_MARK},
        "signature": _signature(village, day),
        "paper": A4_LANDSCAPE,
        "village_name": head["village"],
        "plan": plan,
        "period": selectors.period_label(plan),
        "is_draft": not plan.is_published,
        "today": day,
    }


# --- Versions: the key of the cached files --------------------------------------------------------------


def version(village: Village, plan: Plan, *, day: datetime.date, extra: tuple[object, ...] = ()) -> str:
    """Changes whenever the plan or any of its parts changes (every write touches Plan.updated_at),
    its status, the letterhead, the head who signs, the day (the date printed, the values as of
    today) and the figures Balai measures (letters on time, complaints, IKM), which move without a
    write to the plan. A few queries, no layout."""
    digest = hashlib.sha256()
    digest.update(repr((plan.pk, plan.updated_at.isoformat(), plan.status, day.isoformat(), extra)).encode())
    digest.update(repr(sorted(letterhead(village).items())).encode())
    digest.update(_head_name().encode())
    for program in selectors.programs_of(plan):
        for indicator in program.indicators.all():
            if indicator.fills_itself:
                measured = selectors.value_on(indicator, program, day).value
                digest.update(repr((indicator.pk, measured)).encode())
    return digest.hexdigest()[:32]


# --- The plan -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    number: int
    title: str
    # One amount per source column (None: nothing from that source).
    amounts: list[int | None]
    total: int


def budget_table(matrix: selectors.Matrix) -> tuple[list[selectors.SourceTotal], list[BudgetRow]]:
    """The budget by source: one column per source that occurs, a row per program with its total;
    the columns' totals are the sources' totals (matrix.totals)."""
    columns = [total for total in matrix.totals if total.budget]
    rows = []
    for number, row in enumerate(matrix.rows, 1):
        by_source = {line.source: line.amount for line in row.budget}
        rows.append(
            BudgetRow(
                number=number,
                title=row.program.title,
                amounts=[by_source.get(column.source) for column in columns],
                total=row.budget_total,
            )
        )
    return columns, rows


def plan_pdf(village: Village, plan: Plan, *, day: datetime.date | None = None) -> bytes:
    """The plan with its matrix of programs, indicators and budget by source; a draft is marked."""
    on = day or timezone.localdate()
    with translation.override("id"):
        matrix = selectors.matrix(plan, day=on)
        columns, budget_rows = budget_table(matrix)
        context = _context(village, plan, title="Rencana Aksi Pelayanan Terpadu", day=on)
        context.update(
            {
                "needs": selectors.needs_lines(plan),
                "matrix": matrix,
                "source_columns": columns,
                "budget_rows": budget_rows,
                "document_title": f"Rencana Aksi Pelayanan {context['village_name']} {context['period']}",
            }
        )
        html = render_to_string("rencana/documents/plan.html", context)
    return render_pdf(html)


# --- The progress report --------------------------------------------------------------------------------


def report_period(
    plan: Plan, start: datetime.date | None, end: datetime.date | None, *, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The report's window: the dates asked for, or the plan's start and today, each held inside
    the plan's period up to today (a report tells what happened); a window that ends before it
    starts is the default one."""
    last = min(plan.period_end, max(today, plan.period_start))

    def held(day: datetime.date) -> datetime.date:
        return min(max(day, plan.period_start), last)

    default = (plan.period_start, held(today))
    chosen = (held(start or default[0]), held(end or default[1]))
    return chosen if chosen[0] <= chosen[1] else default


def report_pdf(
    village: Village,
    plan: Plan,
    *,
    start: datetime.date,
    end: datetime.date,
    day: datetime.date | None = None,
) -> bytes:
    """selectors.progress_report of the window: indicators as of `end` against target, spending in
    the window by source against budget with its share, status, the window's updates."""
    on = day or timezone.localdate()
    with translation.override("id"):
        report = selectors.progress_report(plan, start=start, end=end)
        context = _context(village, plan, title="Laporan Kemajuan Rencana Aksi Pelayanan", day=on)
        context.update(
            {
                "report": report,
                "matrix": report.matrix,
                "rows": [(row, report.updates.get(row.program.pk, [])) for row in report.matrix.rows],
                # The whole plan's share spent in the window, as each source's (SourceTotal.spent_share).
                "total_share": selectors.SourceTotal(
                    source="", label="", budget=report.matrix.budget_total, spent=report.matrix.spent_total
                ).spent_share,
                "document_title": f"Laporan Kemajuan Rencana Aksi {context['village_name']}",
            }
        )
        html = render_to_string("rencana/documents/report.html", context)
    return render_pdf(html)
