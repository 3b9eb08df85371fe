from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from modules.accounts.models import Role
from modules.audit.services import audit_record

from .models import Official, VillageProfile


@transaction.atomic
def portal_seed_defaults(*, village_name: str, kecamatan: str, district_name: str, head_title: str) -> None:
    """Default content of a new village's portal. Idempotent: it fills only what is missing.

    Callers must already be inside the village's schema.
    """
    VillageProfile.objects.get_or_create(
        pk=1,
        defaults={
            "about": (
                f"{village_name} berada di Kecamatan {kecamatan}, {district_name}. "
                "Profil lengkap sedang disusun oleh perangkat desa."
            ),
            "office_hours": "Senin–Kamis 08.00–16.00, Jumat 08.00–11.30",
        },
    )
    if not Official.objects.exists():
        Official.objects.create(name="(belum diisi)", position=head_title.capitalize(), order=1, is_head=True)


PROFILE_FIELDS = (
    "about",
    "address",
    "phone",
    "email",
    "office_hours",
    "area_km2",
    "population",
    "households",
    "logo",
)


@transaction.atomic
def profile_update(*, actor: Any, **changes: Any) -> VillageProfile:
    """The village admin edits the portal profile (and the letterhead logo)."""
    if not actor.has_role(Role.VILLAGE_ADMIN):
        raise PermissionDenied(_("Hanya admin desa yang dapat mengubah profil."))
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown profile fields: {sorted(unknown)}")
    profile = VillageProfile.objects.select_for_update().get_or_create(pk=1)[0]
    for field, value in changes.items():
        setattr(profile, field, value)
    profile.save()
    audit_record(
        action="portal.profile_update", actor=actor, target=profile, detail={"fields": sorted(changes)}
    )
    return profile
