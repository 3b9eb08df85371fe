from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from .models import Official, VillageProfile

if TYPE_CHECKING:
    from tenants.models import Village


def village_profile() -> VillageProfile:
    """The profile row, or an empty unsaved one for a village that has not been seeded yet."""
    return VillageProfile.objects.filter(pk=1).first() or VillageProfile(pk=1)


def published_officials() -> QuerySet[Official]:
    return Official.objects.filter(is_published=True).order_by("-is_head", "order", "name")


# The head the portal seeds until the village names its own (PortalConfig.seed_village).
PLACEHOLDER_NAME = "(belum diisi)"


def active_official_count() -> int:
    """The officials the portal shows, without the seeded placeholder: the district's "active
    officials"."""
    return published_officials().exclude(name=PLACEHOLDER_NAME).count()


def village_head() -> Official | None:
    """The official marked as the village head (keuchik, kepala desa), published or not."""
    return Official.objects.filter(is_head=True).first()


def logo_data_url(profile: VillageProfile) -> str:
    """The letterhead logo as a data: URL (the PDF renderer fetches no files or network URLs)."""
    if not profile.logo:
        return ""
    with profile.logo.open("rb") as logo:
        content = logo.read()
    kind = "png" if content.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(content).decode()}"


def letterhead(village: Village) -> dict[str, Any]:
    """The kop surat of the village's official documents, as dokumen/letter_base.html reads it:
    letters, the complaint book, the PPID's decisions and registers. Callers are in the village's
    schema."""
    district = village.district
    profile = village_profile()
    noun = district.village_noun.capitalize()
    return {
        "logo_url": logo_data_url(profile),
        "government": f"Pemerintah {district.name}",
        "kecamatan": f"Kecamatan {village.kecamatan}",
        "village": f"{noun} {village.name}",
        "address": profile.address or f"{noun} {village.name}, Kecamatan {village.kecamatan}",
        "contact": " · ".join(x for x in (profile.phone, profile.email) if x),
    }


# The end of the "about" text a new portal is seeded with (services.portal_seed_defaults).
SEEDED_ABOUT_MARK = "Profil lengkap sedang disusun"


def profile_complete() -> bool:
    """Whether the profile is written beyond what a new portal starts with: an "about" text of the
    village's own (not the seeded one), the office's address and a contact. The first-steps checklist
    of a new portal ticks it."""
    profile = village_profile()
    about = profile.about.strip()
    return bool(
        profile.pk
        and about
        and SEEDED_ABOUT_MARK not in about
        and profile.address.strip()
        and (profile.phone.strip() or profile.email.strip())
    )
