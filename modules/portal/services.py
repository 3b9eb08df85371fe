from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from modules.accounts.models import Role, User
from modules.accounts.permissions import has_role
from modules.audit.services import audit_record

from .models import Official, VillageProfile
from .selectors import PLACEHOLDER_NAME


@transaction.atomic
def portal_seed_defaults(
    *, village_name: str, kecamatan: str, district_name: str, head_title: str, village_noun: str
) -> None:
    """Default content of a new village's portal. Idempotent: it fills only what is missing.

    Callers must already be inside the village's schema.
    """
    VillageProfile.objects.get_or_create(
        pk=1,
        defaults={
            "about": (
                f"{village_name} berada di Kecamatan {kecamatan}, {district_name}. "
                f"Profil lengkap sedang disusun oleh perangkat {village_noun}."
            ),
            "office_hours": "Senin–Kamis 08.00–16.00, Jumat 08.00–11.30",
        },
    )
    if not Official.objects.exists():
        Official.objects.create(
            name=PLACEHOLDER_NAME, position=head_title.capitalize(), order=1, is_head=True
        )


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
    if not has_role(actor, (Role.VILLAGE_ADMIN,)):
        raise PermissionDenied(_("Hanya admin portal ini yang dapat mengubah profil."))
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


OFFICIAL_FIELDS = ("name", "position", "phone", "order", "is_head", "is_published")


def _check_village_admin(actor: User) -> None:
    if not has_role(actor, (Role.VILLAGE_ADMIN,)):
        raise PermissionDenied(_("Hanya admin portal ini yang dapat mengubah daftar perangkat."))


@transaction.atomic(durable=True)
def official_save(
    *,
    actor: User,
    official: Official | None,
    name: str,
    position: str,
    phone: str = "",
    order: int = 100,
    is_head: bool = False,
    is_published: bool = True,
) -> Official:
    """Adds an official (``official=None``) or edits one. Marking someone as the head unmarks the
    previous head in the same transaction (the partial unique constraint keeps one head)."""
    _check_village_admin(actor)
    row = Official() if official is None else Official.objects.select_for_update().get(pk=official.pk)
    if is_head:
        Official.objects.select_for_update().filter(is_head=True).exclude(pk=row.pk).update(is_head=False)
    row.name, row.position, row.phone = name.strip(), position.strip(), phone.strip()
    row.order, row.is_head, row.is_published = order, is_head, is_published
    row.full_clean()
    row.save()
    audit_record(
        action="portal.official_add" if official is None else "portal.official_update",
        actor=actor,
        target=row,
        detail={"fields": list(OFFICIAL_FIELDS)},
    )
    return row


@transaction.atomic(durable=True)
def official_remove(*, actor: User, official: Official) -> None:
    _check_village_admin(actor)
    audit_record(action="portal.official_remove", actor=actor, target=official)
    Official.objects.filter(pk=official.pk).delete()
