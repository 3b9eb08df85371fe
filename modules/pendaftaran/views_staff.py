"""The district's side of the signup, on the district host under /staf/pendaftaran/: the applications
(pending first), one application (what was answered, the progress, the error of a failed one), the
decision, a retry of a failed provisioning, and the auto-approval setting. Thin views over the
services; every view is guarded by its staff_pages declaration."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modules.accounts.permissions import has_role
from modules.accounts.permissions import staff_user as _user
from modules.accounts.staff_pages import page_required
from modules.api_errors.forms import errors_onto_form
from modules.layanan import selectors as layanan_selectors
from modules.privasi.masking import mask_email
from tenants.models import District
from tenants.routing import public_url, village_host

from . import selectors_staff, services
from . import staff_pages as pages
from .forms_staff import APPROVE, DecisionForm, SettingsForm, StatusFilterForm
from .models import Application, ApplicationStatus


def _district(request: HttpRequest) -> District:
    return request.tenant.district  # type: ignore[attr-defined]


def _application_or_404(request: HttpRequest, application_id: int) -> Application:
    found = selectors_staff.district_application(_district(request), application_id)
    if found is None:
        raise Http404
    return found


# --- the list -------------------------------------------------------------------------------------------


@page_required(pages.APPLICATIONS)
def applications(request: HttpRequest) -> HttpResponse:
    """Submitted applications of this district, pending first, with how long each waited."""
    district = _district(request)
    form = StatusFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    rows = list(
        selectors_staff.district_applications(district, status=status)[: selectors_staff.LIST_MAX_ROWS]
    )
    return render(
        request,
        "pendaftaran/staff/applications.html",
        {
            "rows": rows,
            "filter": form,
            "counts": selectors_staff.status_counts(district),
            "may_decide": has_role(request.user, services.APPROVER_ROLES),
        },
        status=400 if request.GET and not form.is_valid() else 200,
    )


# --- one application ------------------------------------------------------------------------------------


def _answers(application: Application) -> dict[str, Any]:
    """What the page shows of the answers: never the password nor the administrator's phone."""
    answers = application.answers or {}
    service_names = dict(layanan_selectors.default_catalogue())
    modules_on = answers.get("modules_on")
    return {
        "profile": answers.get("profile") or {},
        "officials": answers.get("officials") or [],
        "modules": (
            None
            if modules_on is None
            else [(name, key in modules_on) for key, name in services.OPTIONAL_MODULES]
        ),
        "services_kept": [service_names.get(slug, slug) for slug in answers.get("services_kept") or []],
    }


def _render_application(
    request: HttpRequest, application: Application, form: DecisionForm | None = None, *, status: int = 200
) -> HttpResponse:
    done = set(application.progress or [])
    host = village_host(application.slug, application.district.slug) if application.slug else ""
    return render(
        request,
        "pendaftaran/staff/application.html",
        {
            "application": application,
            "host": host,
            "portal_link": public_url(host, "/")
            if host and application.status == ApplicationStatus.LIVE
            else "",
            "masked_email": mask_email(application.admin_email),
            "answers": _answers(application),
            "steps": [(label, key in done) for key, label in services.PROVISION_STEPS],
            "may_decide": has_role(request.user, services.APPROVER_ROLES),
            "waiting": application.status == ApplicationStatus.SUBMITTED,
            "failed": application.status == ApplicationStatus.FAILED,
            "form": form or DecisionForm(),
        },
        status=status,
    )


@page_required(pages.APPLICATION)
def application(request: HttpRequest, application_id: int) -> HttpResponse:
    return _render_application(request, _application_or_404(request, application_id))


@page_required(pages.DECIDE)
@require_POST
def decide(request: HttpRequest, application_id: int) -> HttpResponse:
    """Approve or reject (with the reason the applicant reads); an empty body names no decision."""
    found = _application_or_404(request, application_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        if form.has_error("reason"):
            return _render_application(request, found, form, status=400)
        messages.error(request, _("Pilih setujui atau tolak."))
        return redirect(pages.APPLICATION.url_name, application_id=found.pk)
    approve = form.cleaned_data["decision"] == APPROVE
    try:
        decided = services.application_decide(
            actor=_user(request), application=found, approve=approve, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            errors_onto_form(form, error)
            return _render_application(request, found, form, status=400)
        for message in error.messages:
            messages.error(request, message)
        return redirect(pages.APPLICATION.url_name, application_id=found.pk)
    if approve:
        messages.success(
            request,
            _("Pendaftaran %(village)s disetujui; portal sedang disiapkan dan pendaftar diberi tahu.")
            % {"village": decided.village_name},
        )
    else:
        messages.success(
            request,
            _("Pendaftaran %(village)s ditolak; alasannya dikirim ke pendaftar.")
            % {"village": decided.village_name},
        )
    return redirect(pages.APPLICATION.url_name, application_id=decided.pk)


@page_required(pages.RETRY)
@require_POST
def retry(request: HttpRequest, application_id: int) -> HttpResponse:
    """Provisioning of a failed application once more (the task queued again)."""
    found = _application_or_404(request, application_id)
    try:
        services.application_retry(actor=_user(request), application=found)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Penyiapan portal dimulai lagi."))
    return redirect(pages.APPLICATION.url_name, application_id=found.pk)


# --- the setting ----------------------------------------------------------------------------------------


@page_required(pages.SETTINGS)
def settings(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    # An unticked box sends nothing: a POST is always a bound form.
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"auto_approve": district.signup_auto_approve},
    )
    if request.method == "POST" and form.is_valid():
        services.signup_auto_approve_set(
            actor=_user(request), district=district, auto_approve=form.cleaned_data["auto_approve"]
        )
        messages.success(
            request,
            _("Pendaftaran baru kini disetujui otomatis.")
            if form.cleaned_data["auto_approve"]
            else _("Pendaftaran baru kini menunggu persetujuan admin kabupaten."),
        )
        return redirect(pages.SETTINGS.url_name)
    return render(
        request,
        "pendaftaran/staff/settings.html",
        {"form": form, "auto_approve": district.signup_auto_approve},
        status=400 if request.method == "POST" else 200,
    )
