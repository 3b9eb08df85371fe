"""What the district's village pages read: the district's villages from the registry (never a
village's tables), each with its newest finished export."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from tenants.models import District, Village, VillageExport, VillageStatus
from tenants.services import export_covering_deletion, village_address


def district_villages(district: District) -> QuerySet[Village]:
    return (
        Village.objects.filter(district=district)
        .select_related("district", "tenant")
        .order_by("kecamatan", "name")
    )


def district_village(district: District, village_id: int) -> Village | None:
    return district_villages(district).filter(pk=village_id).first()


@dataclass(frozen=True)
class Lifecycle:
    """What one village's page offers: the steps its status allows, and what they wait for."""

    village: Village
    address: str
    latest_export: VillageExport | None
    export_for_deletion: VillageExport | None

    @property
    def may_suspend(self) -> bool:
        return self.village.status == VillageStatus.ACTIVE

    @property
    def may_resume(self) -> bool:
        return self.village.status in (VillageStatus.SUSPENDED, VillageStatus.ARCHIVED)

    @property
    def may_archive(self) -> bool:
        return self.village.status in (VillageStatus.ACTIVE, VillageStatus.SUSPENDED)

    @property
    def may_delete(self) -> bool:
        return self.village.status == VillageStatus.ARCHIVED


def lifecycle(village: Village) -> Lifecycle:
    return Lifecycle(
        village=village,
        address=village_address(village),
        latest_export=VillageExport.latest_finished(village),
        export_for_deletion=export_covering_deletion(village)
        if village.status == VillageStatus.ARCHIVED
        else None,
    )
