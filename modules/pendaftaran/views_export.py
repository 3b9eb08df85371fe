"""The district admin's exports of its villages, on the district host under /staf/pendaftaran/ekspor/:
the villages with their newest export, a POST that queues one (tenants.services.village_export_request,
the task tenants.export_village), an export's progress (refreshed while it runs) and the download of
a finished one, decrypted and served under a neutral name (`ekspor-<slug>-<date>.zip`). The archive
holds residents' data: only the district's admins open these pages (staff_pages)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modules.accounts.permissions import staff_user as _user
from modules.accounts.staff_pages import page_required
from tenants import exports
from tenants import services as registry
from tenants.models import District, ExportStatus, Village, VillageExport, VillageStatus
from tenants.views import export_file_response

from . import staff_pages as pages

LIST_MAX_ROWS = 500


def _district(request: HttpRequest) -> District:
    return request.tenant.district  # type: ignore[attr-defined]


def _export_or_404(request: HttpRequest, export_id: int) -> VillageExport:
    found = VillageExport.objects.filter(pk=export_id, district=_district(request)).first()
    if found is None:
        raise Http404
    return found


@page_required(pages.EXPORTS)
def exports_list(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    villages = list(
        Village.objects.filter(district=district)
        .exclude(status=VillageStatus.PENDING)
        .order_by("kecamatan", "name")[:LIST_MAX_ROWS]
    )
    newest: dict[int, VillageExport] = {}
    exports_of = VillageExport.objects.filter(district=district, village__in=villages)
    for export in exports_of.order_by("created_at"):
        if export.village_id is not None:
            newest[export.village_id] = export
    return render(
        request,
        "pendaftaran/staff/exports.html",
        {
            "rows": [(village, newest.get(village.pk)) for village in villages],
            "recent": VillageExport.objects.filter(district=district)[:20],
        },
    )


@page_required(pages.EXPORT_START)
@require_POST
def export_start(request: HttpRequest, village_id: int) -> HttpResponse:
    village = (
        Village.objects.select_related("district", "tenant")
        .filter(pk=village_id, district=_district(request))
        .first()
    )
    if village is None:
        raise Http404
    try:
        export = registry.village_export_request(village=village, actor=_user(request), tier="kabupaten")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(pages.EXPORTS.url_name)
    messages.success(request, _("Ekspor %(village)s dimulai.") % {"village": village.display_name})
    return redirect(pages.EXPORT.url_name, export_id=export.pk)


@page_required(pages.EXPORT)
def export_detail(request: HttpRequest, export_id: int) -> HttpResponse:
    export = _export_or_404(request, export_id)
    done = set(export.progress or [])
    running = export.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
    return render(
        request,
        "pendaftaran/staff/export.html",
        {
            "export": export,
            "steps": [(label, key in done) for key, label in exports.STEPS],
            "running": running,
            "done": export.status == ExportStatus.DONE,
            "failed": export.status == ExportStatus.FAILED,
        },
    )


@page_required(pages.EXPORT_DOWNLOAD)
def export_download(request: HttpRequest, export_id: int) -> HttpResponseBase:
    export = _export_or_404(request, export_id)
    if export.status != ExportStatus.DONE:
        raise Http404
    try:
        return export_file_response(export)
    except (ValidationError, FileNotFoundError) as error:
        messages.error(request, _("Arsip ekspor ini tidak dapat dibuka; buat ekspor baru."))
        if isinstance(error, ValidationError):
            for message in error.messages:
                messages.error(request, message)
        return redirect(pages.EXPORT.url_name, export_id=export.pk)
