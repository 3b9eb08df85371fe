"""The district's villages on the district host under /staf/pendaftaran/desa/: the list with each
portal's status and its newest export, one village's page with the steps its status allows, and
those steps (POST only): suspend, resume, archive and delete, the last two confirmed by typing the
portal's address. Thin views over tenants.services; a refusal comes back next to the field or as a
message, never a 500."""

from __future__ import annotations

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
from tenants import services as registry
from tenants.models import District, Village, VillageExport, VillageStatus

from . import selectors_lifecycle, services
from . import staff_pages as pages
from .forms_staff import LifecycleStepForm, TypedConfirmationForm

SUSPEND, RESUME = "tangguhkan", "buka"


def _district(request: HttpRequest) -> District:
    return request.tenant.district  # type: ignore[attr-defined]


def _village_or_404(request: HttpRequest, village_id: int) -> Village:
    found = selectors_lifecycle.district_village(_district(request), village_id)
    if found is None:
        raise Http404
    return found


@page_required(pages.VILLAGES)
def villages(request: HttpRequest) -> HttpResponse:
    rows = list(selectors_lifecycle.district_villages(_district(request)))
    latest: dict[int, VillageExport] = {}
    for export in VillageExport.objects.finished().filter(village__in=rows).order_by("finished_at", "pk"):
        if export.village_id is not None:
            latest[export.village_id] = export  # the newest wins
    return render(
        request,
        "pendaftaran/staff/villages.html",
        {"rows": [(village, latest.get(village.pk)) for village in rows]},
    )


def _render_village(
    request: HttpRequest,
    village: Village,
    *,
    archive_form: TypedConfirmationForm | None = None,
    delete_form: TypedConfirmationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "pendaftaran/staff/village.html",
        {
            "lifecycle": selectors_lifecycle.lifecycle(village),
            "village_row": village,
            "may_act": has_role(request.user, services.APPROVER_ROLES),
            "archive_form": archive_form or TypedConfirmationForm(prefix="arsip"),
            "delete_form": delete_form or TypedConfirmationForm(prefix="hapus"),
            "statuses": VillageStatus,
        },
        status=status,
    )


@page_required(pages.VILLAGE)
def village(request: HttpRequest, village_id: int) -> HttpResponse:
    return _render_village(request, _village_or_404(request, village_id))


def _step(request: HttpRequest, village_id: int, *, step: str) -> HttpResponse:
    found = _village_or_404(request, village_id)
    form = LifecycleStepForm(request.POST)
    if not form.is_valid() or form.cleaned_data["step"] != step:
        messages.error(request, _("Pilih tindakan dengan tombolnya."))
        return redirect(pages.VILLAGE.url_name, village_id=found.pk)
    service = registry.village_suspend if step == SUSPEND else registry.village_resume
    try:
        service(village=found, actor=_user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Portal %(name)s ditangguhkan; pengunjung melihat halaman pemeliharaan.")
            % {"name": found.display_name}
            if step == SUSPEND
            else _("Portal %(name)s dibuka kembali.") % {"name": found.display_name},
        )
    return redirect(pages.VILLAGE.url_name, village_id=found.pk)


@page_required(pages.VILLAGE_SUSPEND)
@require_POST
def suspend(request: HttpRequest, village_id: int) -> HttpResponse:
    return _step(request, village_id, step=SUSPEND)


@page_required(pages.VILLAGE_RESUME)
@require_POST
def resume(request: HttpRequest, village_id: int) -> HttpResponse:
    return _step(request, village_id, step=RESUME)


def _confirmed(
    request: HttpRequest, found: Village, *, prefix: str
) -> tuple[TypedConfirmationForm, HttpResponse | None]:
    form = TypedConfirmationForm(request.POST, prefix=prefix)
    if not form.is_valid():
        key = "archive_form" if prefix == "arsip" else "delete_form"
        return form, _render_village(request, found, status=400, **{key: form})
    return form, None


@page_required(pages.VILLAGE_ARCHIVE)
@require_POST
def archive(request: HttpRequest, village_id: int) -> HttpResponse:
    found = _village_or_404(request, village_id)
    form, refused = _confirmed(request, found, prefix="arsip")
    if refused is not None:
        return refused
    try:
        registry.village_archive(
            village=found, actor=_user(request), confirmation=form.cleaned_data["confirmation"]
        )
    except ValidationError as error:
        errors_onto_form(form, error)
        return _render_village(request, found, archive_form=form, status=400)
    messages.success(
        request, _("Portal %(name)s diarsipkan; datanya tetap tersimpan.") % {"name": found.display_name}
    )
    return redirect(pages.VILLAGE.url_name, village_id=found.pk)


@page_required(pages.VILLAGE_DELETE)
@require_POST
def delete(request: HttpRequest, village_id: int) -> HttpResponse:
    found = _village_or_404(request, village_id)
    form, refused = _confirmed(request, found, prefix="hapus")
    if refused is not None:
        return refused
    try:
        reservation = registry.village_delete(
            village=found, actor=_user(request), confirmation=form.cleaned_data["confirmation"]
        )
    except ValidationError as error:
        errors_onto_form(form, error)
        return _render_village(request, found, delete_form=form, status=400)
    messages.success(
        request,
        _("Portal %(name)s dihapus. Alamat %(slug)s dicadangkan sampai %(date)s; ekspornya tetap tersimpan.")
        % {
            "name": found.display_name,
            "slug": reservation.slug,
            "date": reservation.until.strftime("%d-%m-%Y"),
        },
    )
    return redirect(pages.VILLAGES.url_name)
