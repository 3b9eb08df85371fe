"""The village's Dokumen SOP Layanan Publik: every active service's standard, the service schedule,
the officers in charge with their work contact and the maklumat, compiled as one PDF that the
village adopts by its head's decree (Keputusan Kepala Desa / Keuchik) and publishes.

Callers must already be inside the village's schema."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from modules.dokumen.pdf import render_pdf
from modules.portal.selectors import published_officials, village_profile
from tenants.models import Village

from . import selectors

# The national rules a village SOP of public services rests on (the "Mengingat" of its decree).
LEGAL_BASES = (
    "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
    "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
    "Undang-Undang Nomor 6 Tahun 2014 tentang Desa",
    "Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 Tahun 2009",
    "Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan Standar Operasional "
    "Prosedur Administrasi Pemerintahan",
    "Peraturan Menteri PANRB Nomor 15 Tahun 2014 tentang Pedoman Standar Pelayanan",
)


@dataclass(frozen=True)
class Decree:
    """What the head's decree adds to the compiled document. ``number`` is empty in a draft."""

    number: str
    date: datetime.date
    signer_name: str
    signer_position: str


def _contact_for(officer_in_charge: str, officials: list[Any], office_phone: str) -> tuple[str, str]:
    """The official whose position is the standard's officer in charge, and a phone to reach them:
    their own work number, else the office's."""
    wanted = officer_in_charge.strip().casefold()
    for official in officials:
        if official.position.strip().casefold() == wanted:
            return official.name, official.phone or office_phone
    return "", office_phone


def sop_context(village: Village, *, decree: Decree, is_draft: bool) -> dict[str, Any]:
    district = village.district
    noun = district.village_noun.capitalize()
    head_title = district.village_head_title.capitalize()
    profile = village_profile()
    officials = list(published_officials())
    standards = list(selectors.current_standards())
    services = []
    for standard in standards:
        name, phone = _contact_for(standard.officer_in_charge, officials, profile.phone)
        services.append({"standard": standard, "officer_name": name, "officer_phone": phone})
    return {
        "is_draft": is_draft,
        "village_name": f"{noun} {village.name}",
        "noun": noun,
        "head_title": head_title,
        "kecamatan": village.kecamatan,
        "district_name": district.name,
        "profile": profile,
        "pledge": selectors.service_pledge(),
        "services": services,
        "officials": officials,
        "legal_bases": LEGAL_BASES,
        "decree": decree,
        "year": decree.date.year,
    }


def render_sop_pdf(village: Village, *, decree: Decree, is_draft: bool) -> tuple[bytes, int]:
    """The PDF and the number of services it lists."""
    context = sop_context(village, decree=decree, is_draft=is_draft)
    with translation.override("id"):  # an official document: Indonesian whatever the page language
        html = render_to_string("layanan/sop_document.html", context)
    return render_pdf(html), len(context["services"])
