"""The survey's staff pages under /staf/survei/: the results of a period with the regulation's data
processing, the profile, the respondents per service and the suggestions; the raw answers (CSV,
XLSX) and the report (PDF); the follow-up plan; the kiosks. Thin views over selectors, documents
and services; every view is guarded by its staff_pages declaration, and every write is one service
call whose errors come back next to the fields."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from modules.accounts.permissions import staff_user as _user
from modules.accounts.staff_pages import page_required
from modules.api_errors.forms import errors_onto_form

from . import documents, selectors, services
from . import staff_pages as pages
from .elements import BY_KEY
from .forms_staff import ConfirmForm, FollowUpForm, KioskForm
from .models import FollowUpAction, Kiosk
from .selectors import Period

KIOSK_COOKIE_AGE = 365 * 24 * 60 * 60
KIOSK_COOKIE_PATH = "/survei/kios/"
FILE_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _village(request: HttpRequest) -> Any:
    return request.tenant.village  # type: ignore[attr-defined]


def _period(request: HttpRequest) -> Period | None:
    """The `periode` parameter ("2026-2", "2026"); the current semester without it, None when it
    is not a period."""
    text = request.GET.get("periode", "")
    if not text:
        return Period.containing(timezone.localdate())
    return Period.parse(text) if len(text) <= 10 else None


def _period_choices(period: Period) -> list[Period]:
    """The semesters with answers (newest first), then their years, and `period` itself."""
    semesters = selectors.periods_with_answers()
    years = sorted({Period(each.year) for each in semesters}, reverse=True)
    return [*semesters, *years, *([] if period in semesters or period in years else [period])]


def _bad_period(request: HttpRequest) -> HttpResponse:
    return render(request, "survei/staff/bad_period.html", status=400)


def _file(content: bytes, *, kind: str, filename: str) -> HttpResponse:
    """A download under a name made by the server from the period only."""
    response = HttpResponse(content, content_type=FILE_TYPES[kind])
    disposition = "inline" if kind == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _with_period(url_name: str, period: Period, **kwargs: Any) -> str:
    return f"{reverse(url_name, kwargs=kwargs or None)}?periode={period.key}"


# --- results -------------------------------------------------------------------------------------------


@require_safe
@page_required(pages.RESULTS)
def staff_results(request: HttpRequest) -> HttpResponse:
    """Everything the public page shows, and what only staff read: the totals per element, the
    profile, the respondents per service and the suggestions (text, service, date only)."""
    period = _period(request)
    if period is None:
        return _bad_period(request)
    summary = documents.summary(period)
    return render(
        request,
        "survei/staff/results.html",
        {
            "period": period,
            "periods": _period_choices(period),
            "summary": summary,
            "weakest_keys": [element.key for element in summary.results.weakest()],
            "profiles": documents.profile_tables(period),
            "suggestions": selectors.suggestions(period),
            "weights": documents.WEIGHT_NAMES,
            "trend": [
                (each, index.converted_shown(), index.respondents) for each, index in selectors.trend(period)
            ],
        },
    )


# --- files -------------------------------------------------------------------------------------------


@never_cache
@require_safe
@page_required(pages.EXPORT_CSV)  # the XLSX has the same roles
def staff_export(request: HttpRequest, kind: str) -> HttpResponse:
    """The raw answers of a period, one row per respondent, numbered within the file."""
    period = _period(request)
    if period is None:
        return _bad_period(request)
    content = (
        documents.answers_csv(period) if kind == "csv" else documents.answers_xlsx(_village(request), period)
    )
    return _file(content, kind=kind, filename=documents.file_name(period, kind))


@never_cache
@require_safe
@page_required(pages.REPORT_PDF)
def staff_report_pdf(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    if period is None:
        return _bad_period(request)
    pdf = documents.report_pdf(_village(request), period)
    return _file(pdf, kind="pdf", filename=documents.file_name(period, "pdf"))


# --- the follow-up plan ---------------------------------------------------------------------------------


@page_required(pages.PLAN)
def staff_plan(request: HttpRequest) -> HttpResponse:
    """The period's actions grouped by element, the weakest elements first with their NRR, and a
    new action (follow_up_save)."""
    period = _period(request)
    if period is None:
        return _bad_period(request)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_save(actor=_user(request), action=None, data=form.action_input(period))
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("Tindak lanjut ditambahkan ke rencana."))
            return redirect(_with_period("survei:staff_plan", period))
    summary = documents.summary(period)
    weakest = {row.key for row in summary.results.weakest()}
    actions = list(selectors.follow_up_plan(period))
    # The elements with answers from the weakest up, then those without answers; each with its actions.
    ordered = sorted(summary.rows, key=lambda row: (row.nrr is None, row.nrr or 0, row.number))
    groups = [
        {
            "row": row,
            "is_weak": row.key in weakest,
            "actions": [action for action in actions if action.element == row.key],
        }
        for row in ordered
    ]
    return render(
        request,
        "survei/staff/plan.html",
        {
            "period": period,
            "periods": _period_choices(period),
            "groups": [group for group in groups if group["actions"] or group["is_weak"]],
            "others": [group for group in groups if not group["actions"] and not group["is_weak"]],
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@page_required(pages.PLAN_EDIT)
def staff_plan_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    """An action of the plan: its words, owner and date, and its status and progress."""
    action = get_object_or_404(FollowUpAction, pk=action_id)
    period = Period(action.year, action.semester)
    form = FollowUpForm.of(action, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_save(actor=_user(request), action=action, data=form.action_input(period))
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("Tindak lanjut tersimpan."))
            return redirect(_with_period("survei:staff_plan", period))
    return render(
        request,
        "survei/staff/plan_edit.html",
        {"action": action, "element": BY_KEY.get(action.element), "period": period, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@page_required(pages.PLAN_DELETE)
def staff_plan_delete(request: HttpRequest, action_id: int) -> HttpResponse:
    """Removes an action only on a POST with `confirm=1`; a GET or any other POST shows the
    confirmation (200)."""
    action = get_object_or_404(FollowUpAction, pk=action_id)
    period = Period(action.year, action.semester)
    form = ConfirmForm(request.POST if request.method == "POST" and "confirm" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            services.follow_up_delete(actor=_user(request), action=action)
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("Tindak lanjut dihapus dari rencana."))
            return redirect(_with_period("survei:staff_plan", period))
    return render(
        request,
        "survei/staff/plan_delete.html",
        {"action": action, "element": BY_KEY.get(action.element), "period": period, "form": form},
        status=400 if form.is_bound else 200,
    )


# --- kiosks --------------------------------------------------------------------------------------------


@page_required(pages.KIOSKS)
def staff_kiosks(request: HttpRequest) -> HttpResponse:
    """The kiosks, and this device registered as one (kiosk_register): the token goes into the
    device's cookie, read only under /survei/kios/, and is never shown or stored in the clear."""
    form = KioskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _kiosk, token = services.kiosk_register(
                actor=_user(request),
                name=form.cleaned_data["name"],
                hourly_limit=form.cleaned_data["hourly_limit"],
                service_name=form.cleaned_data["service_name"],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(
                request,
                _("Perangkat ini sekarang kios survei: buka %(path)s") % {"path": KIOSK_COOKIE_PATH},
            )
            response = redirect("survei:staff_kiosks")
            response.set_cookie(
                services.KIOSK_COOKIE,
                token,
                max_age=KIOSK_COOKIE_AGE,
                path=KIOSK_COOKIE_PATH,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
            return response
    return render(
        request,
        "survei/staff/kiosks.html",
        {"kiosks": list(selectors.kiosks()), "form": form, "kiosk_path": KIOSK_COOKIE_PATH},
        status=400 if request.method == "POST" else 200,
    )


@page_required(pages.KIOSK_DEACTIVATE)
@require_POST
def staff_kiosk_deactivate(request: HttpRequest, kiosk_id: int) -> HttpResponse:
    kiosk = get_object_or_404(Kiosk, pk=kiosk_id)
    try:
        services.kiosk_deactivate(actor=_user(request), kiosk=kiosk)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Kios %(name)s dinonaktifkan.") % {"name": kiosk.name})
    return redirect("survei:staff_kiosks")
