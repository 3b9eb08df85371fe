"""The signup wizard's pages on the district's host (`/daftar/`). The applicant has no account: the
session holds the application's id (and the resume link's secret, for the code e-mail). Each step is
a Django form that shows what was entered before, validates through its service and goes on; a step
beyond the next unfinished one sends the applicant back to it. Every POST (the start, each step) and
every live check is rate-limited per client address and per district (throttles.py). Everything works
without JavaScript; static/pendaftaran/wizard.js adds the live checks and the progress updates."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_tenants.utils import schema_context

from modules.accounts.models import Role, User
from modules.accounts.services import sign_in_link_create
from modules.api_errors.forms import errors_onto_form
from modules.berkas.middleware import accepts_uploads
from modules.layanan.selectors import default_catalogue
from modules.throttling.addresses import address_kept_out_of_logs
from modules.wilayah import selectors as wilayah
from tenants.models import District, Village
from tenants.routing import village_host

from . import services
from .forms import (
    AddressForm,
    AdminForm,
    CodeForm,
    ProfileForm,
    StartForm,
    StartWithForm,
    VillageForm,
)
from .models import STEPS, Application, ApplicationStatus
from .throttles import signup_check_allowed, signup_write_allowed

SESSION_APPLICATION = "signup_application"
SESSION_TOKEN = "signup_resume"  # noqa: S105 (a session key, not a secret)
SESSION_ENTERED = "signup_entered"
# How often the progress page reloads itself without JavaScript (seconds).
REFRESH_SECONDS = 2
OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED, ApplicationStatus.LIVE)


def step_labels(district: District) -> dict[str, str]:
    return {
        "desa": district.village_noun.capitalize(),
        "alamat": _("Alamat portal"),
        "admin": _("Administrator"),
        "profil": _("Profil"),
        "modul": _("Modul dan layanan"),
        "periksa": _("Periksa dan ajukan"),
    }


def _district(request: HttpRequest) -> District:
    return request.tenant.district  # type: ignore[attr-defined]


def _current(request: HttpRequest) -> Application | None:
    pk = request.session.get(SESSION_APPLICATION)
    if not isinstance(pk, int):
        return None
    return (
        Application.objects.select_related("district", "village")
        .filter(pk=pk, district=_district(request))
        .first()
    )


def next_unfinished(application: Application) -> str:
    """The first step whose answers are missing (the review when none is)."""
    missing = services.missing_steps(application)
    return min(missing, key=STEPS.index) if missing else "periksa"


def _step_url(step: str) -> str:
    return reverse(f"pendaftaran:{step}")


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "pendaftaran/wizard/too_many.html", status=429)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _resume_url(request: HttpRequest) -> str:
    token = request.session.get(SESSION_TOKEN, "")
    return request.build_absolute_uri(reverse("pendaftaran:resume", kwargs={"token": token})) if token else ""


def _after(step: str, request: HttpRequest, application: Application) -> HttpResponseRedirect:
    """Where a saved step leads: back to the review when the applicant came from there and nothing is
    missing, else the next step."""
    if request.GET.get("kembali") == "periksa" and not services.missing_steps(application):
        return redirect("pendaftaran:periksa")
    return redirect(_step_url(STEPS[STEPS.index(step) + 1]))


Step = Callable[[HttpRequest, Application], HttpResponse]


def wizard_step(step: str) -> Callable[[Step], Callable[[HttpRequest], HttpResponseBase]]:
    """A step's page: the session's draft (or the start page), the step not beyond the next unfinished
    one, a submitted application on its status page, POSTs within the limits."""

    def decorate(view: Step) -> Callable[[HttpRequest], HttpResponseBase]:
        @functools.wraps(view)
        @address_kept_out_of_logs
        @never_cache
        @require_http_methods(["GET", "POST"])
        def wrapped(request: HttpRequest) -> HttpResponseBase:
            application = _current(request)
            if application is None:
                return redirect("pendaftaran:start")
            if application.status != ApplicationStatus.DRAFT:
                return redirect("pendaftaran:status")
            furthest = next_unfinished(application)
            if STEPS.index(step) > STEPS.index(furthest):
                return redirect(_step_url(furthest))
            if request.method == "POST" and not signup_write_allowed(request):
                return _too_many(request)
            try:
                return _private(view(request, application))
            except ValidationError as error:
                if getattr(error, "code", "") == "not_draft":
                    return redirect("pendaftaran:status")
                raise

        return wrapped

    return decorate


def _render_step(
    request: HttpRequest, application: Application, step: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    district = application.district
    labels = step_labels(district)
    furthest = STEPS.index(next_unfinished(application))
    context = {
        "application": application,
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "step_count": len(STEPS),
        "step_label": labels[step],
        "steps": [
            {
                "slug": slug,
                "label": labels[slug],
                "number": number,
                "url": _step_url(slug),
                "current": slug == step,
                "reachable": number - 1 <= furthest,
            }
            for number, slug in enumerate(STEPS, start=1)
        ],
        "back_url": _step_url(STEPS[STEPS.index(step) - 1]) if step != STEPS[0] else "",
        "kembali": request.GET.get("kembali") == "periksa",
        **context,
    }
    return render(request, f"pendaftaran/wizard/{step}.html", context, status=status)


def _bound_status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


# --- the start and the resume link ----------------------------------------------------------------


@address_kept_out_of_logs
@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """What the wizard does and what to have ready; "Mulai" starts an application (or continues the
    session's draft). The honeypot field turns a bot away quietly."""
    district = _district(request)
    current = _current(request)
    form = StartForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot() or not form.is_valid():
            return render(request, "pendaftaran/wizard/refused.html", status=400)
        if current is not None and current.status == ApplicationStatus.DRAFT:
            return redirect(_step_url(next_unfinished(current)))
        if not signup_write_allowed(request):
            return _too_many(request)
        started = services.application_start(district=district)
        request.session.cycle_key()
        request.session[SESSION_APPLICATION] = started.application.pk
        request.session[SESSION_TOKEN] = started.resume_token
        request.session.pop(SESSION_ENTERED, None)
        return redirect("pendaftaran:desa")
    return render(
        request,
        "pendaftaran/wizard/start.html",
        {
            "form": form,
            "current": current,
            "continue_url": _step_url(next_unfinished(current))
            if current is not None and current.status == ApplicationStatus.DRAFT
            else "",
        },
    )


@address_kept_out_of_logs
@never_cache
@require_GET
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the code e-mail: the application into this session, then its first unfinished
    step (or its status page once submitted)."""
    if not signup_check_allowed(request):
        return _too_many(request)
    application = services.application_for_resume(district=_district(request), token=token)
    if application is None:
        return render(request, "pendaftaran/wizard/resume_invalid.html", status=404)
    request.session.cycle_key()
    request.session[SESSION_APPLICATION] = application.pk
    request.session[SESSION_TOKEN] = token
    if application.status != ApplicationStatus.DRAFT:
        return redirect("pendaftaran:status")
    return redirect(_step_url(next_unfinished(application)))


# --- step 1: the village ----------------------------------------------------------------------------


def village_choices(district: District, query: str, chosen: str) -> tuple[list[Any], set[str], int]:
    """The district's villages grouped by kecamatan, as a select's choices: taken ones (on the
    platform or applied for) disabled. Filtered by `query` (name or kecamatan) when given; the
    chosen one always stays. Returns the choices, the taken codes and how many villages matched."""
    villages = (
        wilayah.villages_of_district(district.code).select_related("parent").order_by("parent__name", "name")
    )
    query = " ".join(query.split())[:100]
    if query:
        villages = villages.filter(
            Q(name__icontains=query) | Q(parent__name__icontains=query) | Q(code=chosen)
        )
    taken = set(Village.objects.filter(code__startswith=f"{district.code}.").values_list("code", flat=True))
    taken |= set(
        Application.objects.filter(district=district, status__in=OPEN_STATUSES).values_list(
            "village_code", flat=True
        )
    )
    taken.discard(chosen)
    groups: dict[str, list[tuple[str, str]]] = {}
    count = 0
    for region in villages:
        kecamatan = region.parent.name.title() if region.parent else ""
        name = region.name.title()
        label = _("%(name)s (sudah terdaftar)") % {"name": name} if region.code in taken else name
        groups.setdefault(kecamatan, []).append((region.code, label))
        count += 1
    choices: list[Any] = [("", _("— pilih —"))]
    choices += [(_("Kecamatan %(name)s") % {"name": name}, options) for name, options in groups.items()]
    return choices, taken, count


@wizard_step("desa")
def step_desa(request: HttpRequest, application: Application) -> HttpResponse:
    district = application.district
    query = request.GET.get("q", "")[:100]
    chosen = request.POST.get("village_code", application.village_code)[:20]
    choices, taken, count = village_choices(district, query, chosen)
    form = VillageForm(
        request.POST or None,
        district=district,
        choices=choices,
        taken=taken,
        initial=VillageForm.initial_of(application),
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_choose_village(
                application=application, village_code=form.cleaned_data["village_code"]
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            return _after("desa", request, application)
    return _render_step(
        request,
        application,
        "desa",
        {"form": form, "query": query, "match_count": count},
        status=_bound_status(request),
    )


# --- step 2: the address ----------------------------------------------------------------------------


@wizard_step("alamat")
def step_alamat(request: HttpRequest, application: Application) -> HttpResponse:
    district = application.district
    initial = AddressForm.initial_of(application)
    if not initial["slug"] and application.village_name:
        initial["slug"] = services.suggested_slug(application.village_name, district=district)
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_set_address(
                application=application,
                slug=form.cleaned_data["slug"],
                custom_domain=form.cleaned_data["custom_domain"],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            return _after("alamat", request, application)
    return _render_step(
        request,
        application,
        "alamat",
        {"form": form, "host_suffix": f".{district.slug}.{request_base_domain()}"},
        status=_bound_status(request),
    )


def request_base_domain() -> str:
    from django.conf import settings

    return str(settings.BASE_DOMAIN)


@address_kept_out_of_logs
@never_cache
@require_GET
def address_check(request: HttpRequest) -> JsonResponse:
    """The live check of the address as the applicant types: the host it would be and the problem,
    if any (services.slug_problem's message). Rate-limited per client address."""
    if not signup_check_allowed(request):
        return JsonResponse(
            {"ok": False, "message": _("Terlalu banyak pemeriksaan; coba lagi nanti.")}, status=429
        )
    district = _district(request)
    slug = request.GET.get("slug", "")[:100].strip().lower()
    problem = services.slug_problem(slug, district=district, application=_current(request))
    return JsonResponse(
        {
            "ok": problem is None,
            "message": problem.messages[0] if problem is not None else _("Alamat ini dapat dipakai."),
            "host": village_host(slug, district.slug) if problem is None else "",
        }
    )


# --- step 3: the administrator and the e-mail code ------------------------------------------------


def _send_code(request: HttpRequest, application: Application) -> ValidationError | None:
    try:
        services.email_code_send(application=application, resume_url=_resume_url(request))
    except ValidationError as error:
        return error
    return None


@wizard_step("admin")
def step_admin(request: HttpRequest, application: Application) -> HttpResponse:
    """The administrator's account; saving sends a code to the e-mail address, which the code field
    below then verifies ("kirim ulang" after a minute)."""
    district = application.district
    action = request.POST.get("action", "admin") if request.method == "POST" else ""
    admin_form = AdminForm(
        request.POST if action == "admin" else None,
        district=district,
        has_password=bool(application.admin_password),
        initial=AdminForm.initial_of(application, district),
    )
    code_form = CodeForm(request.POST if action == "code" else None)
    if action == "admin" and admin_form.is_valid():
        try:
            sent_before = application.email_code_sent_at
            application = services.application_set_admin(
                application=application, data=admin_form.admin_input(), resume_url=_resume_url(request)
            )
        except ValidationError as error:
            errors_onto_form(admin_form, error)
        else:
            if application.email_verified_at is not None:
                return _after("admin", request, application)
            if application.email_code_sent_at != sent_before:
                messages.success(
                    request, _("Kode verifikasi dikirim ke %(email)s.") % {"email": application.admin_email}
                )
            return redirect(f"{_step_url('admin')}#kode")
    elif action == "code" and code_form.is_valid():
        try:
            application = services.email_code_verify(
                application=application, code=code_form.cleaned_data["code"]
            )
        except ValidationError as error:
            errors_onto_form(code_form, error)
        else:
            messages.success(request, _("Alamat e-mail terverifikasi."))
            return _after("admin", request, application)
    elif action == "resend":
        problem = _send_code(request, application)
        if problem is None:
            messages.success(
                request, _("Kode baru dikirim ke %(email)s.") % {"email": application.admin_email}
            )
            return redirect(f"{_step_url('admin')}#kode")
        code_form = CodeForm({"code": ""})
        code_form.is_valid()
        errors_onto_form(code_form, ValidationError({"code": problem}))  # next to the code field
    application.refresh_from_db()
    sent_at = application.email_code_sent_at
    can_resend = sent_at is None or timezone.now() - sent_at >= services.EMAIL_CODE_RESEND_AFTER
    return _render_step(
        request,
        application,
        "admin",
        {
            "form": admin_form,
            "code_form": code_form,
            "awaiting_code": bool(application.admin_email)
            and application.email_verified_at is None
            and sent_at is not None,
            "verified": application.email_verified_at is not None,
            "can_resend": can_resend,
        },
        status=400 if admin_form.errors or code_form.errors else 200,
    )


# --- step 4: the profile and the officials ----------------------------------------------------------


@accepts_uploads  # the optional logo
@wizard_step("profil")
def step_profil(request: HttpRequest, application: Application) -> HttpResponse:
    rows = ProfileForm.rows_for(application)
    form = ProfileForm(
        request.POST or None, request.FILES or None, rows=rows, initial=ProfileForm.initial_of(application)
    )
    if request.method == "POST" and form.is_valid():
        data, aliases = form.profile_input()
        try:
            application = services.application_set_profile(application=application, data=data)
        except ValidationError as error:
            errors_onto_form(form, error, aliases=aliases)
        else:
            return _after("profil", request, application)
    has_logo = bool((application.answers or {}).get("logo"))
    return _render_step(
        request, application, "profil", {"form": form, "has_logo": has_logo}, status=_bound_status(request)
    )


# --- step 5: what to start with ---------------------------------------------------------------------


@wizard_step("modul")
def step_modul(request: HttpRequest, application: Application) -> HttpResponse:
    catalogue = default_catalogue()
    form = StartWithForm(
        request.POST or None, services=catalogue, initial=StartWithForm.initial_of(application, catalogue)
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_set_start(
                application=application,
                data=form.start_input(),
                default_services=[slug for slug, _name in catalogue],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            return _after("modul", request, application)
    return _render_step(request, application, "modul", {"form": form}, status=_bound_status(request))


# --- step 6: review and submit ----------------------------------------------------------------------


@wizard_step("periksa")
def step_periksa(request: HttpRequest, application: Application) -> HttpResponse:
    """Everything entered, each part with its "ubah" link; "Ajukan" submits (a second submit after a
    reload lands on the same status page: the service changes nothing the second time)."""
    problem = ""
    if request.method == "POST":
        try:
            services.application_submit(application=application)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            return redirect("pendaftaran:status")
    district = application.district
    labels = step_labels(district)
    answers = application.answers or {}
    modules = dict(services.OPTIONAL_MODULES)
    catalogue = dict(default_catalogue())
    return _render_step(
        request,
        application,
        "periksa",
        {
            "problem": problem,
            "missing": [
                {"label": labels[step], "url": _step_url(step)}
                for step in services.missing_steps(application)
            ],
            "host": village_host(application.slug, district.slug) if application.slug else "",
            "profile": answers.get("profile") or {},
            "has_logo": bool(answers.get("logo")),
            "officials": answers.get("officials") or [],
            "modules_on": [_(modules[key]) for key in answers.get("modules_on", []) if key in modules],
            "services_kept": [
                catalogue[slug] for slug in answers.get("services_kept", []) if slug in catalogue
            ],
            "edit_suffix": "?kembali=periksa",
        },
        status=400 if problem else 200,
    )


# --- after submit: the status and progress page -----------------------------------------------------


def _progress(application: Application) -> dict[str, Any]:
    done = set(application.progress or [])
    steps = [{"key": key, "label": _(label), "done": key in done} for key, label in services.PROVISION_STEPS]
    finished = application.status in (
        ApplicationStatus.LIVE,
        ApplicationStatus.FAILED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.SUBMITTED,
    )
    return {
        "status": application.status,
        "steps": steps,
        "done": sum(1 for step in steps if step["done"]),
        "total": len(steps),
        "finished": finished,
    }


def _status_application(request: HttpRequest) -> Application | HttpResponse:
    application = _current(request)
    if application is None:
        return redirect("pendaftaran:start")
    if application.status == ApplicationStatus.DRAFT:
        return redirect(_step_url(next_unfinished(application)))
    return application


@address_kept_out_of_logs
@never_cache
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    found = _status_application(request)
    if isinstance(found, HttpResponse):
        return found
    application = found
    progress = _progress(application)
    return render(
        request,
        "pendaftaran/wizard/status.html",
        {
            "application": application,
            "progress": progress,
            "statuses": ApplicationStatus,
            "refresh_seconds": REFRESH_SECONDS,
            "host": village_host(application.slug, application.district.slug),
            "entered": bool(request.session.get(SESSION_ENTERED)),
            "login_url": _village_url(request, application, reverse("accounts:login")),
        },
    )


@address_kept_out_of_logs
@never_cache
@require_GET
def status_json(request: HttpRequest) -> JsonResponse:
    application = _current(request)
    if application is None:
        return JsonResponse({"status": "", "steps": [], "done": 0, "total": 0, "finished": True}, status=404)
    return JsonResponse(_progress(application))


def _village_url(request: HttpRequest, application: Application, path: str) -> str:
    """A link to `path` on the new village's host, with this request's scheme and port."""
    port = request.get_port()
    default = "443" if request.is_secure() else "80"
    suffix = f":{port}" if port and port != default else ""
    return f"{request.scheme}://{village_host(application.slug, application.district.slug)}{suffix}{path}"


@address_kept_out_of_logs
@never_cache
@require_GET
def enter_portal(request: HttpRequest) -> HttpResponse:
    """The progress page's last button: a one-time sign-in link (ten minutes) made for the new
    administrator in the village's schema, followed at once. Once per session; afterwards the
    administrator signs in with the password. A link (GET), not a form: the CSP's form-action
    'self' would stop a form's redirect to the village's host."""
    application = _current(request)
    if application is None or application.status != ApplicationStatus.LIVE or application.village is None:
        raise Http404
    if request.session.get(SESSION_ENTERED):
        return redirect("pendaftaran:status")
    village: Village = application.village
    with schema_context(village.tenant.schema_name):
        admin = User.objects.filter(
            username__iexact=application.admin_email, role=Role.VILLAGE_ADMIN, is_active=True
        ).first()
        if admin is None:
            raise Http404
        token = sign_in_link_create(user=admin)
    request.session[SESSION_ENTERED] = True
    return HttpResponseRedirect(
        _village_url(request, application, reverse("accounts:sign_in_link", kwargs={"token": token}))
    )
