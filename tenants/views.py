from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from . import exports
from .models import District, Village, VillageExport, VillageStatus
from .routing import district_host, village_host


def platform_home(request: HttpRequest) -> HttpResponse:
    districts = District.objects.annotate(
        active_villages=Count("villages", filter=Q(villages__status=VillageStatus.ACTIVE))
    ).order_by("name")
    rows = [{"district": d, "url": f"//{district_host(d.slug)}{port_suffix(request)}/"} for d in districts]
    return render(request, "tenants/platform_home.html", {"rows": rows})


def district_home(request: HttpRequest) -> HttpResponse:
    """The district's villages by kecamatan, read from the public registry (never village tables)."""
    district: District = request.tenant.district  # type: ignore[attr-defined]
    villages = Village.objects.filter(district=district, status=VillageStatus.ACTIVE).order_by(
        "kecamatan", "name"
    )
    by_kecamatan: dict[str, list[dict[str, object]]] = {}
    for village in villages:
        by_kecamatan.setdefault(village.kecamatan, []).append(
            {
                "village": village,
                "url": f"//{village_host(village.slug, district.slug)}{port_suffix(request)}/",
            }
        )
    return render(
        request,
        "tenants/district_home.html",
        {"by_kecamatan": sorted(by_kecamatan.items()), "village_count": len(villages)},
    )


def port_suffix(request: HttpRequest) -> str:
    """Keeps the port in links during development (`:8000`); production hosts use the default."""
    host = request.get_host()
    return ":" + host.rsplit(":", 1)[1] if ":" in host else ""


def export_file_response(export: VillageExport) -> FileResponse:
    """A finished export's archive, decrypted and checked against its sha256 (exports.archive_open),
    as an attachment under its neutral name (`ekspor-<slug>-<date>.zip`), never cached. The one
    download of an export: the district admin's page and the platform operators' admin both serve
    it. Raises ValidationError (unfinished, damaged) or FileNotFoundError (the stored copy is gone);
    who may have it is the caller's to decide."""
    response = FileResponse(
        exports.archive_open(export),
        as_attachment=True,
        filename=export.download_name,
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response
