"""The action plan's PDFs: the plan and the progress report of a period, for anyone when the plan is
published and for staff whatever its state (a draft is marked "DRAF"). Rendered once per version of
the plan (documents.version) and language, outside any lock, and kept in the cache; a progress
update's photo or document for staff. Every staff view is guarded by its staff_pages declaration."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from modules.accounts.staff_pages import page_required
from modules.throttling.throttles import lookup_allowed

from . import documents, selectors
from . import staff_pages as pages
from .models import Plan
from .views_public import published_or_404

PDF_CACHE_SECONDS = 60 * 60


def _village(request: HttpRequest) -> Any:
    return request.tenant.village  # type: ignore[attr-defined]


def _pdf(content: bytes, *, filename: str) -> HttpResponse:
    """Shown in the browser, under a name made by the server only (the village's slug, the plan's id)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _cached(key: str, render_file: Callable[[], bytes]) -> bytes:
    content = cache.get(key)
    if content is None:
        content = render_file()
        cache.set(key, content, PDF_CACHE_SECONDS)
    return bytes(content)


def _staff_plan_or_404(plan_id: int) -> Plan:
    found = selectors.plan_for_staff(plan_id)
    if found is None:
        raise Http404
    return found


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "rencana/public/too_many.html", status=429)


# --- The plan -------------------------------------------------------------------------------------------


def _plan_file(request: HttpRequest, plan: Plan) -> HttpResponse:
    village = _village(request)
    today = timezone.localdate()
    key = f"rencana.plan_pdf:{get_language()}:{documents.version(village, plan, day=today)}"
    content = _cached(key, lambda: documents.plan_pdf(village, plan, day=today))
    return _pdf(content, filename=f"rencana-aksi-{village.slug}-{plan.pk}.pdf")


@require_safe
def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = published_or_404(plan_id)
    if not lookup_allowed(request):
        return _too_many(request)
    return _plan_file(request, plan)


@never_cache
@require_safe
@page_required(pages.DOCUMENTS["rencana:staff_plan_pdf"])
def staff_plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_file(request, _staff_plan_or_404(plan_id))


# --- The progress report --------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    """?dari=YYYY-MM-DD&sampai=YYYY-MM-DD; a date that does not parse is left out (the default)."""

    dari = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    sampai = forms.DateField(required=False, input_formats=["%Y-%m-%d"])


def report_window(
    request: HttpRequest, plan: Plan, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The report's period from the query string; bad or missing dates give the default (the
    plan's start to today, inside the plan's period)."""
    form = PeriodForm({name: request.GET.get(name, "")[:20] for name in ("dari", "sampai")})
    form.is_valid()  # a field that does not parse is not in cleaned_data
    return documents.report_period(
        plan, form.cleaned_data.get("dari"), form.cleaned_data.get("sampai"), today=today
    )


def _report_file(request: HttpRequest, plan: Plan) -> HttpResponse:
    village = _village(request)
    today = timezone.localdate()
    start, end = report_window(request, plan, today)
    key = (
        f"rencana.report_pdf:{get_language()}:"
        f"{documents.version(village, plan, day=today, extra=(start.isoformat(), end.isoformat()))}"
    )
    content = _cached(key, lambda: documents.report_pdf(village, plan, start=start, end=end, day=today))
    return _pdf(
        content,
        filename=f"laporan-kemajuan-{village.slug}-{plan.pk}-{start:%Y%m%d}-{end:%Y%m%d}.pdf",
    )


@require_safe
def report_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = published_or_404(plan_id)
    if not lookup_allowed(request):
        return _too_many(request)
    return _report_file(request, plan)


@never_cache
@require_safe
@page_required(pages.DOCUMENTS["rencana:staff_report_pdf"])
def staff_report_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _report_file(request, _staff_plan_or_404(plan_id))


# --- A progress update's attachment, staff --------------------------------------------------------------


@never_cache
@require_safe
@page_required(pages.ATTACHMENT)
def staff_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """A photo or document of a progress update, under a generated name (never the uploaded one)."""
    attachment = selectors.attachment_for_staff(attachment_id)
    if attachment is None or not attachment.file:
        raise Http404
    extension = attachment.extension if attachment.extension.isalnum() else "bin"
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type or "application/octet-stream",
        as_attachment=True,
        filename=f"lampiran-kemajuan-{attachment.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
