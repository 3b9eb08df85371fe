from django.db.models import QuerySet

from .models import Official, VillageProfile


def village_profile() -> VillageProfile:
    """The profile row, or an empty unsaved one for a village that has not been seeded yet."""
    return VillageProfile.objects.filter(pk=1).first() or VillageProfile(pk=1)


def published_officials() -> QuerySet[Official]:
    return Official.objects.filter(is_published=True).order_by("-is_head", "order", "name")


def village_head() -> Official | None:
    """The official marked as the village head (keuchik, kepala desa), published or not."""
    return Official.objects.filter(is_head=True).first()
