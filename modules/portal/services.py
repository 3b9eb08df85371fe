from django.db import transaction

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
