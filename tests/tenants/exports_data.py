"""A finished export row as the export task leaves it, for the lifecycle, export and route tests;
with `archive` bytes, an archive is stored for it as the task stores one (encrypted, in public)."""

from __future__ import annotations

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import ExportStatus, Village, VillageExport


def finished_export(
    village: Village, *, archive: bytes | None = None, when: datetime.datetime | None = None
) -> VillageExport:
    name = ""
    if archive is not None:
        with schema_context("public"):
            name = storages["berkas"].save("ekspor/arsip", ContentFile(archive))
    export = VillageExport.objects.create(
        village=village,
        district=village.district,
        village_code=village.code,
        village_slug=village.slug,
        village_name=village.name,
        schema_name=village.tenant.schema_name,
        status=ExportStatus.DONE,
        progress=["mulai", "tabel", "berkas", "pg_dump", "simpan"],
        percent=100,
        archive_name=name,
        size=len(archive or b""),
        sha256=hashlib.sha256(archive).hexdigest() if archive is not None else "",
        finished_at=timezone.now(),
    )
    if when is not None:
        VillageExport.objects.filter(pk=export.pk).update(created_at=when, finished_at=when)
        export.refresh_from_db()
    return export
