"""What the district's village pages read: the district's villages from the registry (never a
village's tables), each with its newest finished export; one village's page also its newest export
of any status (its progress page is linked) and whether the next step waits for a new export."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from tenants.models import District, ExportStatus, Village, VillageExport, VillageStatus
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
    newest_export: VillageExport | None = None  # of any status: queued, running, done or failed

    @property
    def export_running(self) -> bool:
        newest = self.newest_export
        return newest is not None and newest.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def export_needed(self) -> bool:
        """ "Ekspor sekarang" is offered: no export yet, or the next step (archive, delete) waits for
        one, and none is queued or running."""
        if self.village.status == VillageStatus.PENDING or self.export_running:
            return False
        if self.newest_export is None:
            return True
        if self.may_archive and self.latest_export is None:
            return True
        return self.may_delete and self.export_for_deletion is None

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
        newest_export=VillageExport.objects.filter(village=village).order_by("-created_at", "-pk").first(),
    )
