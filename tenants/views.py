from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import District, Village, VillageStatus
from .routing import district_host, village_host


def platform_home(request: HttpRequest) -> HttpResponse:
    districts = District.objects.annotate(
        active_villages=Count("villages", filter=Q(villages__status=VillageStatus.ACTIVE))
    ).order_by("name")
    rows = [{"district": d, "url": f"//{district_host(d.slug)}{_port(request)}/"} for d in districts]
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
            {"village": village, "url": f"//{village_host(village.slug, district.slug)}{_port(request)}/"}
        )
    return render(
        request,
        "tenants/district_home.html",
        {"by_kecamatan": sorted(by_kecamatan.items()), "village_count": len(villages)},
    )


def _port(request: HttpRequest) -> str:
    """Keeps the port in links during development (`:8000`); production hosts use the default."""
    host = request.get_host()
    return ":" + host.rsplit(":", 1)[1] if ":" in host else ""
