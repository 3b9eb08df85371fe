"""The residents' pages of the action plan: the published plans (the current one first) and one plan
with its needs mapping, its program matrix by area, the totals by source and the feedback forums.
Thin views over selectors; nothing here is personal (no photos, no staff names, attendance as counts)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import selectors
from .models import Plan, ProgressUpdate


@require_safe
def plans(request: HttpRequest) -> HttpResponse:
    """The published plans, newest first, the current one first and marked."""
    today = timezone.localdate()
    current = selectors.current_plan(today)
    found = list(selectors.published_plans())
    if current is not None:
        found = [current, *(plan for plan in found if plan.pk != current.pk)]
    return render(
        request,
        "rencana/public/plans.html",
        {
            "plans": [(plan, selectors.period_label(plan)) for plan in found],
            "current": current,
        },
    )


@dataclass(frozen=True)
class ProgramCard:
    """A program of the matrix with its latest progress update (its text only)."""

    row: selectors.ProgramRow
    update: ProgressUpdate | None


def published_or_404(plan_id: int) -> Plan:
    found = selectors.published_plan(plan_id)
    if found is None:
        raise Http404
    return found


@require_safe
def plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A published plan: background, goals, targets, needs mapping, the program matrix by area
    (selectors.matrix as of today), totals by source and the feedback forums; a draft is no page."""
    found = published_or_404(plan_id)
    today = timezone.localdate()
    matrix = selectors.matrix(found, day=today)
    latest = selectors.latest_updates(found)
    areas = [
        (area, [ProgramCard(row=row, update=latest.get(row.program.pk)) for row in rows])
        for area, rows in matrix.by_area
    ]
    return render(
        request,
        "rencana/public/plan.html",
        {
            "plan": found,
            "period": selectors.period_label(found),
            "is_current": found.is_current_on(today),
            "needs": selectors.needs_lines(found),
            "matrix": matrix,
            "areas": areas,
            "forums": list(selectors.forums_of(found)),
            "today": today,
        },
    )
