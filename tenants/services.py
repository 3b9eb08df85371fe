"""Provisioning: the explicit, idempotent way districts and villages come to exist.

Used by management commands now and by the signup wizard later. Every function can be run twice,
or again after a crash half-way, and ends in one working tenant.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.validators import DomainNameValidator
from django.db import IntegrityError, connection, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from modules.audit.services import audit_record
from modules.wilayah import selectors as wilayah

from . import exports, schemas, seeding
from .models import (
    RESERVED_ADDRESS_DAYS,
    District,
    Domain,
    ExportStatus,
    ReservedAddress,
    Tenant,
    TenantType,
    Village,
    VillageExport,
    VillageStatus,
)
from .routing import district_host, forget_hosts, normalise_host, village_host

logger = logging.getLogger(__name__)


def district_schema_name(code: str) -> str:
    return "d_" + code.replace(".", "")


def village_schema_name(code: str) -> str:
    return "v_" + code.replace(".", "")


@transaction.atomic
def platform_ensure() -> Tenant:
    """The public tenant and its host, and a Tenant row per template schema (so that
    `migrate_schemas` knows their type). Idempotent."""
    public, _created = Tenant.objects.get_or_create(
        schema_name=settings.PUBLIC_SCHEMA_NAME, defaults={"type": TenantType.PUBLIC, "name": "Balai"}
    )
    Domain.objects.get_or_create(domain=settings.BASE_DOMAIN, defaults={"tenant": public, "is_primary": True})
    for tenant_type, schema_name in settings.TEMPLATE_SCHEMAS.items():
        Tenant.objects.get_or_create(
            schema_name=schema_name, defaults={"type": tenant_type, "name": f"template {tenant_type}"}
        )
    return public


@dataclass(frozen=True)
class ProvisionResult:
    tenant: Tenant
    schema_built: bool
    seconds: float


def district_create(
    *,
    code: str,
    slug: str,
    name: str | None = None,
    village_noun: str = "desa",
    village_head_title: str = "kepala desa",
) -> ProvisionResult:
    """Registers a district and builds its schema from the district template."""
    wilayah.validate_district_code(code)
    region = wilayah.get_region(code)
    display_name = name or (region.name.title() if region else code)
    with transaction.atomic():
        tenant, _created = Tenant.objects.get_or_create(
            schema_name=district_schema_name(code),
            defaults={"type": TenantType.DISTRICT, "name": display_name},
        )
        district = District.objects.filter(code=code).first()
        if district is None:
            district = District(
                tenant=tenant,
                name=display_name,
                slug=slug,
                village_noun=village_noun,
                village_head_title=village_head_title,
                code=code,
            )
            _validate_fields(district)
            district.save()
        Domain.objects.get_or_create(
            domain=district_host(district.slug), defaults={"tenant": tenant, "is_primary": True}
        )
    return _build(tenant, seed=lambda: seeding.seed_district(district))


def village_register(
    *, district: District, code: str, slug: str, name: str | None = None, kecamatan: str | None = None
) -> Village:
    """Writes the registry rows of a village (status pending); the schema comes with provisioning."""
    wilayah.validate_village_code(code, district_code=district.code)
    region = wilayah.get_region(code)
    subdistrict = wilayah.subdistrict_of(code)
    reservation = address_reservation(district, slug, village_code=code)  # a deleted village's
    if reservation is not None:
        raise ValidationError({"slug": address_reserved_error(reservation, district)})
    try:
        return _village_register_rows(
            district=district,
            code=code,
            slug=slug,
            name=name or (region.name.title() if region else code),
            kecamatan=kecamatan or (subdistrict.name.title() if subdistrict else ""),
        )
    except IntegrityError as error:  # another village took the slug (or host) at the same moment
        raise _slug_taken(slug, district) from error


def _slug_taken(slug: str, district: District) -> ValidationError:
    return ValidationError(
        {
            "slug": ValidationError(
                _("Alamat %(slug)s sudah dipakai %(village_noun)s lain di kabupaten ini.")
                % {"slug": slug, "village_noun": district.village_noun},
                code="slug_taken",
            )
        }
    )


def _validate_fields(row: District | Village) -> None:
    """The model's field validators (SLUG_VALIDATOR, the code formats, lengths) before a registry
    save. Uniqueness is left to the database constraints, which also hold under concurrent sign-ups."""
    row.full_clean(exclude=["tenant"], validate_unique=False, validate_constraints=False)


@transaction.atomic
def _village_register_rows(*, district: District, code: str, slug: str, name: str, kecamatan: str) -> Village:
    with connection.cursor() as cursor:
        # Two sign-ups of the same village wait for each other; the second finds the first's rows.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"village:{code}"])
    existing = Village.objects.select_related("tenant").filter(code=code).first()
    if existing is not None:
        if existing.district_id != district.pk:
            raise ValidationError(
                _("Kode %(village_noun)s %(code)s sudah terdaftar di kabupaten lain.")
                % {"code": code, "village_noun": district.village_noun},
                code="code_in_other_district",
            )
        return existing
    tenant, _created = Tenant.objects.get_or_create(
        schema_name=village_schema_name(code), defaults={"type": TenantType.VILLAGE, "name": name}
    )
    village = Village(tenant=tenant, district=district, code=code, slug=slug, name=name, kecamatan=kecamatan)
    _validate_fields(village)
    # The slug's uniqueness in the district, and the host's, are decided by their constraints.
    village.save()
    Domain.objects.create(domain=village_host(slug, district.slug), tenant=tenant, is_primary=True)
    return village


def village_provision(village: Village, *, open_portal: bool = True) -> ProvisionResult:
    """Builds the village's schema from the template, seeds the default content that the apps
    declare (tenants.seeding) and opens the portal. With `open_portal=False` the village stays
    pending (its host answers nothing yet) until `village_set_status` opens it: the signup writes its
    answers in between, so no visitor sees a portal without its administrator."""
    result = _build(village.tenant, seed=lambda: seeding.seed_village(village))
    if not open_portal:
        return result
    if village.status == VillageStatus.PENDING:
        Village.objects.filter(pk=village.pk, status=VillageStatus.PENDING).update(
            status=VillageStatus.ACTIVE
        )
        village.status = VillageStatus.ACTIVE
        _forget_hosts_on_commit(village.tenant)
    return result


@transaction.atomic  # the Django admin calls it inside the transaction of its change view
def village_set_status(*, village: Village, status: str, actor: AbstractBaseUser | None) -> None:
    """Opens, suspends or archives a village's portal; its host answers accordingly at once in every
    process (routing reads the status with the tenant on each request). Callers are on the public
    schema."""
    if status not in VillageStatus.values:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Status %(status)s tidak dikenal.") % {"status": status}, code="invalid"
                )
            }
        )
    previous = village.status
    now = timezone.now()
    Village.objects.filter(pk=village.pk).update(status=status, status_changed_at=now)
    village.status, village.status_changed_at = status, now
    audit_record(
        action="village.status", actor=actor, target=village, detail={"from": previous, "to": status}
    )
    _forget_hosts_on_commit(village.tenant)


@transaction.atomic
def village_set_modules_off(
    *, village: Village, modules_off: Iterable[str], actor: AbstractBaseUser | None
) -> Village:
    """Switches a village's optional modules off (the app labels listed) and every other one on:
    their pages, API routes, menu entries and portal cards leave at once (the project layer reads
    `Village.modules_off` with the tenant on each request). The registry does not know which
    modules are optional; it only refuses a label that is no installed app. Routing caches a host's
    tenant id, never the village row, so no host needs forgetting. Audited in the current schema."""
    labels = sorted({str(label).strip() for label in modules_off})
    unknown = [label for label in labels if label not in {config.label for config in apps.get_app_configs()}]
    if unknown:
        raise ValidationError(
            {
                "modules_off": ValidationError(
                    _("Modul %(labels)s tidak dikenal.") % {"labels": ", ".join(unknown)}, code="invalid"
                )
            }
        )
    locked = Village.objects.select_for_update().get(pk=village.pk)
    previous = list(locked.modules_off or [])
    if sorted(previous) != labels:
        Village.objects.filter(pk=village.pk).update(modules_off=labels)
        audit_record(
            action="village.modules_off", actor=actor, target=locked, detail={"from": previous, "to": labels}
        )
    village.modules_off = labels
    return village


@transaction.atomic  # the Django admin calls it inside the transaction of its change view
def village_slug_change(*, village: Village, slug: str, actor: AbstractBaseUser | None) -> Village:
    """A village's new address: the slug and its host in the Domain table change together, and every
    process forgets the old host and the new one. Custom domains stay as they are."""
    locked = Village.objects.select_for_update().select_related("district", "tenant").get(pk=village.pk)
    previous = locked.slug
    if slug == previous:
        return locked
    locked.slug = slug
    _validate_fields(locked)
    reservation = address_reservation(locked.district, slug, village_code=locked.code)
    if reservation is not None:
        raise ValidationError({"slug": address_reserved_error(reservation, locked.district)})
    old_host = village_host(previous, locked.district.slug)
    new_host = village_host(slug, locked.district.slug)
    try:
        with transaction.atomic():  # a savepoint: the refusal below must leave the transaction usable
            Village.objects.filter(pk=locked.pk).update(slug=slug)
            Domain.objects.filter(tenant=locked.tenant, domain=old_host).update(domain=new_host)
    except IntegrityError as error:  # the slug (or the host) is another village's
        raise _slug_taken(slug, locked.district) from error
    audit_record(action="village.slug", actor=actor, target=locked, detail={"from": previous, "to": slug})
    transaction.on_commit(lambda: forget_hosts([old_host, new_host]))
    village.slug = slug
    return locked


@transaction.atomic  # the Django admin calls it inside the transaction of its change view
def district_slug_change(*, district: District, slug: str, actor: AbstractBaseUser | None) -> District:
    """A district's new address: its own host and the host of each of its villages
    (`{village}.{district}.BASE_DOMAIN`) change with the slug; every process forgets the old hosts and
    the new ones. Custom domains stay as they are."""
    locked = District.objects.select_for_update().select_related("tenant").get(pk=district.pk)
    previous = locked.slug
    if slug == previous:
        return locked
    locked.slug = slug
    _validate_fields(locked)
    moves = [(locked.tenant_id, district_host(previous), district_host(slug))]
    moves += [
        (village.tenant_id, village_host(village.slug, previous), village_host(village.slug, slug))
        for village in Village.objects.filter(district=locked).select_for_update()
    ]
    try:
        with transaction.atomic():
            District.objects.filter(pk=locked.pk).update(slug=slug)
            for tenant_id, old_host, new_host in moves:
                Domain.objects.filter(tenant_id=tenant_id, domain=old_host).update(domain=new_host)
    except IntegrityError as error:
        raise ValidationError(
            {
                "slug": ValidationError(
                    _("Alamat %(slug)s sudah dipakai kabupaten lain.") % {"slug": slug}, code="slug_taken"
                )
            }
        ) from error
    audit_record(action="district.slug", actor=actor, target=locked, detail={"from": previous, "to": slug})
    hosts = [host for _tenant, old_host, new_host in moves for host in (old_host, new_host)]
    transaction.on_commit(lambda: forget_hosts(hosts))
    district.slug = slug
    return locked


_HOST_VALIDATOR = DomainNameValidator(accept_idna=False)


def clean_host(host: str, *, exclude_pk: int | None = None) -> str:
    """The host normalised, or a coded ValidationError (not a host name; another Domain row's)."""
    host = normalise_host(host)
    try:
        _HOST_VALIDATOR(host)
    except ValidationError as error:
        raise ValidationError(
            {"domain": ValidationError(_("Tulis nama domain seperti lambaro.desa.id."), code="invalid")}
        ) from error
    if Domain.objects.filter(domain=host).exclude(pk=exclude_pk).exists():  # a friendlier answer first
        raise _host_taken()
    return host


def _host_taken() -> ValidationError:
    return ValidationError({"domain": ValidationError(_("Alamat ini sudah dipakai."), code="host_taken")})


def _refuse_primary(domain: Domain) -> None:
    if domain.is_primary:
        raise ValidationError(
            {
                "domain": ValidationError(
                    _("Alamat utama mengikuti slug; ubah slug-nya di halaman desa atau kabupaten."),
                    code="primary_follows_slug",
                )
            }
        )


@transaction.atomic  # the Django admin calls it inside the transaction of its change view
def domain_add(*, tenant: Tenant, host: str, actor: AbstractBaseUser | None) -> Domain:
    """A further host of a tenant (a custom domain such as lambaro.desa.id); the primary host
    follows the slug and is never added here."""
    host = clean_host(host)
    try:
        with transaction.atomic():
            domain = Domain.objects.create(domain=host, tenant=tenant, is_primary=False)
    except IntegrityError as error:  # the same host added at the same moment
        raise _host_taken() from error
    audit_record(action="domain.add", actor=actor, target=tenant, detail={"domain": host})
    transaction.on_commit(lambda: forget_hosts([host]))
    return domain


@transaction.atomic  # the Django admin calls it inside the transaction of its change view
def domain_change(*, domain: Domain, host: str, actor: AbstractBaseUser | None) -> Domain:
    locked = Domain.objects.select_for_update().select_related("tenant").get(pk=domain.pk)
    _refuse_primary(locked)
    previous = locked.domain
    host = clean_host(host, exclude_pk=locked.pk)
    try:
        with transaction.atomic():
            Domain.objects.filter(pk=locked.pk).update(domain=host)
    except IntegrityError as error:
        raise _host_taken() from error
    audit_record(
        action="domain.change", actor=actor, target=locked.tenant, detail={"from": previous, "to": host}
    )
    transaction.on_commit(lambda: forget_hosts([previous, host]))
    locked.domain = domain.domain = host
    return locked


@transaction.atomic  # the Django admin calls it inside the transaction of its change view
def domain_remove(*, domain: Domain, actor: AbstractBaseUser | None) -> None:
    locked = Domain.objects.select_for_update().select_related("tenant").get(pk=domain.pk)
    _refuse_primary(locked)
    Domain.objects.filter(pk=locked.pk).delete()
    audit_record(action="domain.remove", actor=actor, target=locked.tenant, detail={"domain": locked.domain})
    transaction.on_commit(lambda: forget_hosts([locked.domain]))


def _forget_hosts_on_commit(tenant: Tenant) -> None:
    hosts = list(Domain.objects.filter(tenant=tenant).values_list("domain", flat=True))
    transaction.on_commit(lambda: forget_hosts(hosts))


def village_create(
    *, district: District, code: str, slug: str, name: str | None = None, kecamatan: str | None = None
) -> ProvisionResult:
    village = village_register(district=district, code=code, slug=slug, name=name, kecamatan=kecamatan)
    return village_provision(village)


def _build(tenant: Tenant, *, seed: Callable[[], None]) -> ProvisionResult:
    """One transaction: the schema's DDL, its migration records and its default content. A crash
    leaves nothing half-built; a second run finds the schema and only re-seeds what is missing."""
    started = time.perf_counter()
    blueprint = schemas.current_blueprint(tenant.type)
    built = False
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Two provisioning runs for one tenant wait for each other instead of racing.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [tenant.schema_name])
        if not schema_exists(tenant.schema_name):
            schemas.build_schema(tenant.schema_name, blueprint)
            built = True
        elif schemas.pending_migrations(tenant.schema_name, tenant.type):
            raise schemas.TemplateOutOfDateError(
                f"Schema {tenant.schema_name} exists but lacks migrations; run `balai_migrate`."
            )
        # Default content is stored in the platform's language, whatever language the caller uses.
        with schema_context(tenant.schema_name), translation.override(settings.LANGUAGE_CODE):
            seed()
    seconds = time.perf_counter() - started
    logger.info(
        "provisioned %s (%s) in %.3f s, schema built: %s", tenant.schema_name, tenant.type, seconds, built
    )
    return ProvisionResult(tenant=tenant, schema_built=built, seconds=seconds)


# --- Village export and restore (issue 13, lifecycle) -------------------------------------------------
# The slow work is in tenants.exports and the task tenants.export_village; these are the registry's
# writes around it.

EXPORT_TASK = "tenants.export_village"


def export_requester_label(actor: AbstractBaseUser | None, *, tier: str) -> str:
    """Who asked, as the row keeps it: accounts live in their tenant's schema, not in the registry."""
    if actor is None:
        return f"{tier}:sistem"
    return f"{tier}:{actor.get_username()}"


@transaction.atomic
def village_export_request(*, village: Village, actor: AbstractBaseUser | None, tier: str) -> VillageExport:
    """Queues an export of the village (the task runs after commit). While one is queued or running
    it is returned instead of a second. Audited in the current schema (the district's, or public)."""
    locked = Village.objects.select_for_update().select_related("district").get(pk=village.pk)
    if locked.status == VillageStatus.PENDING:
        raise ValidationError(
            _("%(village)s belum aktif; belum ada yang bisa diekspor.") % {"village": locked.display_name},
            code="village_pending",
        )
    running = VillageExport.objects.filter(
        village=locked, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
    ).first()
    if running is not None:
        return running
    export = VillageExport.objects.create(
        village=locked,
        district=locked.district,
        village_code=locked.code,
        village_slug=locked.slug,
        village_name=locked.name,
        schema_name=locked.tenant.schema_name,
        requested_by=export_requester_label(actor, tier=tier)[:200],
    )
    audit_record(action="village.export", actor=actor, target=locked, detail={"export": export.pk})
    transaction.on_commit(lambda: export_queue(export.pk))
    return export


def export_queue(export_id: int) -> None:
    """Sends the export task; with the broker down the export runs here (it is only slower)."""
    from celery import current_app

    try:
        current_app.send_task(EXPORT_TASK, args=[export_id])
    except Exception:  # the broker is down: do the work in this process rather than lose it
        logger.warning("export %s: the broker is unreachable; running it in this process", export_id)
        with schema_context(settings.PUBLIC_SCHEMA_NAME):
            exports.export_run(export_id=export_id)


def village_restore(
    *,
    export: VillageExport,
    code: str,
    slug: str,
    district: District | None = None,
    actor: AbstractBaseUser | None,
) -> Village:
    """An export becomes a working village again, in the new schema of `code`: new registry rows,
    every table's rows and the files (tenants.exports). Refused, with nothing written, when the
    export was taken at another migration state than the code's, when the archive does not match
    its sha256, when `code` is no village of the district in the region list, when a village (of any
    status) or a schema already holds `code`, or when the address is taken or reserved for another
    village (`village_register`); code and address errors are keyed `code` and `slug`. The
    registration and the copy are one transaction, so a restore that fails half-way leaves no
    village behind (and the files it had saved are removed). Callers are on the public schema."""
    import zipfile

    district = district or export.district
    code = (code or "").strip()
    slug = (slug or "").strip().lower()
    new_schema = village_schema_name(code)
    with zipfile.ZipFile(exports.archive_open(export)) as archive:
        manifest = exports.manifest_read(archive)
        blueprint = schemas.current_blueprint(TenantType.VILLAGE)
        exports.check_restorable(manifest, blueprint)
        facts = manifest.get("village") or {}
        files_saved = False
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # The same lock as a sign-up of the code (_village_register_rows), then the schema's
                    # (provisioning's): a racing sign-up or restore of the code waits and is refused.
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"village:{code}"])
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [new_schema])
                _restore_target_check(district, code, new_schema)
                village = village_register(
                    district=district,
                    code=code,
                    slug=slug,
                    name=facts.get("name") or export.village_name,
                    kecamatan=facts.get("kecamatan") or None,
                )
                schemas.build_schema(new_schema, blueprint)
                files_saved = True
                exports.load_archive(archive, manifest, new_schema)
                Village.objects.filter(pk=village.pk).update(
                    status=VillageStatus.ACTIVE, modules_off=list(facts.get("modules_off") or [])
                )
                audit_record(
                    action="village.restore",
                    actor=actor,
                    target=village,
                    detail={"export": export.pk, "from": manifest.get("schema"), "to": new_schema},
                )
                _forget_hosts_on_commit(village.tenant)
        except BaseException:
            if files_saved and not Tenant.objects.filter(schema_name=new_schema).exists():
                _queue_file_removal(new_schema)  # what the rolled-back copy had saved
            raise
    village.refresh_from_db()
    logger.info("export %s restored into %s", export.pk, new_schema)
    return village


def _restore_target_check(district: District, code: str, new_schema: str) -> None:
    """The code a restore goes to: a village of the district in the region list that no village and
    no schema holds (a deleted village's own code is free again)."""
    try:
        wilayah.validate_village_code(code, district_code=district.code)
    except ValidationError as error:
        raise ValidationError({"code": error}) from error
    holder = Village.objects.select_related("district").filter(code=code).first()
    if holder is not None:
        raise ValidationError(
            {
                "code": ValidationError(
                    _("Kode %(code)s sudah dipakai %(village)s (%(status)s); pulihkan ke kode lain.")
                    % {
                        "code": code,
                        "village": holder.display_name,
                        "status": holder.get_status_display().lower(),
                    },
                    code="code_taken",
                )
            }
        )
    if schema_exists(new_schema):
        raise ValidationError(
            {
                "code": ValidationError(
                    _("Kode %(code)s sudah memiliki basis data; pulihkan ke kode lain.") % {"code": code},
                    code="schema_exists",
                )
            }
        )


# --- Lifecycle: suspend, resume, archive, delete (issue 13) -------------------------------------
#
# A suspended village's host answers a maintenance page (503) and nobody signs in there; resuming
# opens it again. Archiving closes it for good (the data stays) and needs a finished export;
# deleting an archived village needs an export taken after it was archived, drops its schema, its
# files and its registry rows, and keeps its address reserved (ReservedAddress) for
# RESERVED_ADDRESS_DAYS. Archiving and deleting are confirmed by typing the village's address.

# Storages whose files live under `<schema>/` (the portal's logo, the SOP documents; the berkas
# ciphertext): a deleted village's prefix is removed from each.
SCHEMA_FILE_STORAGES = ("default", "berkas_ciphertext")
_VILLAGE_SCHEMA = re.compile(r"^v_\d{10}$")


def village_address(village: Village) -> str:
    """What the typed confirmation must repeat: the village's primary host."""
    return village_host(village.slug, village.district.slug)


def address_reservation(district: District, slug: str, *, village_code: str = "") -> ReservedAddress | None:
    """The reservation in force that keeps `slug` from a village of `district`; the deleted village
    itself (`village_code`) may take its address back."""
    found = ReservedAddress.objects.in_force().filter(district=district, slug=slug.strip().lower())
    if village_code:
        found = found.exclude(village_code=village_code)
    return found.order_by("-until").first()


def address_reserved_error(reservation: ReservedAddress, district: District) -> ValidationError:
    return ValidationError(
        _("Alamat ini dicadangkan untuk %(noun)s yang sudah dihapus sampai %(date)s; pilih alamat lain.")
        % {
            "noun": district.village_noun,
            "date": formats.date_format(timezone.localtime(reservation.until), "j F Y"),
        },
        code="slug_reserved_after_delete",
    )


def _lifecycle_locked(village: Village) -> Village:
    return Village.objects.select_for_update().select_related("district", "tenant").get(pk=village.pk)


def _lifecycle_refusal(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _check_confirmation(village: Village, confirmation: str) -> None:
    if normalise_host(confirmation or "") != village_address(village):
        raise ValidationError(
            {
                "confirmation": ValidationError(
                    _("Ketik alamat %(address)s persis seperti tertulis untuk mengonfirmasi.")
                    % {"address": village_address(village)},
                    code="confirmation_mismatch",
                )
            }
        )


def _lifecycle_status(locked: Village, status: str, *, actor: AbstractBaseUser | None, action: str) -> None:
    previous = locked.status
    now = timezone.now()
    Village.objects.filter(pk=locked.pk).update(status=status, status_changed_at=now)
    locked.status, locked.status_changed_at = status, now
    audit_record(action=action, actor=actor, target=locked, detail={"from": previous, "to": status})
    _forget_hosts_on_commit(locked.tenant)


@transaction.atomic
def village_suspend(*, village: Village, actor: AbstractBaseUser | None) -> Village:
    """The portal shows a maintenance page and nobody signs in there; the data stays as it is."""
    locked = _lifecycle_locked(village)
    if locked.status != VillageStatus.ACTIVE:
        raise _lifecycle_refusal(_("Hanya portal yang aktif yang dapat ditangguhkan."), "village_not_active")
    _lifecycle_status(locked, VillageStatus.SUSPENDED, actor=actor, action="village.suspend")
    village.status, village.status_changed_at = locked.status, locked.status_changed_at
    return locked


@transaction.atomic
def village_resume(*, village: Village, actor: AbstractBaseUser | None) -> Village:
    """A suspended (or archived) portal opens again as it was."""
    locked = _lifecycle_locked(village)
    if locked.status not in (VillageStatus.SUSPENDED, VillageStatus.ARCHIVED):
        raise _lifecycle_refusal(
            _("Hanya portal yang ditangguhkan atau diarsipkan yang dapat dibuka kembali."),
            "village_not_closed",
        )
    _lifecycle_status(locked, VillageStatus.ACTIVE, actor=actor, action="village.resume")
    village.status, village.status_changed_at = locked.status, locked.status_changed_at
    return locked


@transaction.atomic
def village_archive(*, village: Village, actor: AbstractBaseUser | None, confirmation: str) -> Village:
    """Closes the portal for good (the data stays in its schema): only after a finished export,
    and confirmed by typing the village's address."""
    locked = _lifecycle_locked(village)
    if locked.status not in (VillageStatus.ACTIVE, VillageStatus.SUSPENDED):
        raise _lifecycle_refusal(
            _("Hanya portal yang aktif atau ditangguhkan yang dapat diarsipkan."), "village_not_open"
        )
    if VillageExport.latest_finished(locked) is None:
        raise _lifecycle_refusal(
            _("Arsipkan hanya setelah ekspor data %(noun)s ini selesai. Buat ekspornya lebih dulu.")
            % {"noun": locked.district.village_noun},
            "export_required",
        )
    _check_confirmation(locked, confirmation)
    _lifecycle_status(locked, VillageStatus.ARCHIVED, actor=actor, action="village.archive")
    village.status, village.status_changed_at = locked.status, locked.status_changed_at
    return locked


def export_covering_deletion(village: Village) -> VillageExport | None:
    """A finished export asked for after the village was archived: it holds everything a deletion
    removes (an archived village takes no writes)."""
    latest = VillageExport.latest_finished(village)
    if latest is None or village.status_changed_at is None:
        return latest
    exports = VillageExport.objects.finished().filter(
        village=village, created_at__gte=village.status_changed_at
    )
    return exports.order_by("-finished_at", "-pk").first()


def _village_removal_hooks() -> list[Callable[[Village], None]]:
    """`AppConfig.village_removed(village)` of every installed app: an app with registry rows about
    a village (the signup's application) removes them, inside the deletion's transaction."""
    return [
        config.village_removed  # type: ignore[attr-defined]
        for config in apps.get_app_configs()
        if callable(getattr(config, "village_removed", None))
    ]


@transaction.atomic
def village_delete(*, village: Village, actor: AbstractBaseUser | None, confirmation: str) -> ReservedAddress:
    """Deletes an archived village that has an export taken after archiving: its schema (dropped in
    this transaction), its registry rows (its exports keep their copy of its code, slug and name),
    and, once committed, its files (a task). Its address stays reserved for RESERVED_ADDRESS_DAYS.
    Callers are on the public schema."""
    with connection.cursor() as cursor:  # provisioning of the same schema waits (see _build)
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [village.tenant.schema_name])
    locked = _lifecycle_locked(village)
    noun = locked.district.village_noun
    if locked.status != VillageStatus.ARCHIVED:
        raise _lifecycle_refusal(
            _("Arsipkan %(noun)s ini lebih dulu; hanya yang diarsipkan yang dapat dihapus.") % {"noun": noun},
            "village_not_archived",
        )
    if export_covering_deletion(locked) is None:
        raise _lifecycle_refusal(
            _(
                "Hapus hanya setelah ada ekspor yang selesai sesudah %(noun)s ini diarsipkan. "
                "Buat ekspornya lebih dulu."
            )
            % {"noun": noun},
            "export_required",
        )
    _check_confirmation(locked, confirmation)
    schema_name = locked.tenant.schema_name
    if not _VILLAGE_SCHEMA.match(schema_name):  # never anything but a village's own schema
        raise _lifecycle_refusal(_("Skema ini bukan skema desa."), "not_a_village_schema")
    for hook in _village_removal_hooks():
        hook(locked)
    reservation = ReservedAddress.objects.create(
        district=locked.district,
        slug=locked.slug,
        village_code=locked.code,
        village_name=locked.name,
        until=timezone.now() + datetime.timedelta(days=RESERVED_ADDRESS_DAYS),
    )
    audit_record(
        action="village.delete",
        actor=actor,
        target=locked,
        detail={"code": locked.code, "slug": locked.slug, "schema": schema_name},
    )
    hosts = list(Domain.objects.filter(tenant=locked.tenant).values_list("domain", flat=True))
    tenant_id = locked.tenant_id
    Domain.objects.filter(tenant_id=tenant_id).delete()
    Village.objects.filter(pk=locked.pk).delete()
    Tenant.objects.filter(pk=tenant_id).delete()  # the queryset: TenantMixin.delete() is not wanted
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of this transaction run now: PostgreSQL refuses to drop a table
        # with pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(schema_name)} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares its foreign keys
    transaction.on_commit(lambda: forget_hosts(hosts))
    transaction.on_commit(lambda: _queue_file_removal(schema_name))
    logger.info("village %s deleted (schema dropped)", locked.code)
    return reservation


def _queue_file_removal(schema_name: str) -> None:
    from .tasks import remove_schema_files

    try:
        remove_schema_files.delay(schema_name)
    except Exception as error:  # the broker is down: remove them in this process
        logger.warning("file removal not queued (%s); removing in this process", type(error).__name__)
        schema_files_remove(schema_name)


def schema_files_remove(schema_name: str) -> int:
    """Removes every file under `<schema_name>/` in SCHEMA_FILE_STORAGES; only for a village
    schema that no tenant holds any more. Returns how many files went."""
    if not _VILLAGE_SCHEMA.match(schema_name) or Tenant.objects.filter(schema_name=schema_name).exists():
        raise ValueError("files of a schema that is no deleted village's")
    removed, seen = 0, set()
    for alias in SCHEMA_FILE_STORAGES:
        if alias not in settings.STORAGES:
            continue
        storage = storages[alias]
        where = getattr(storage, "location", None) or alias
        if where in seen:  # two aliases on one folder (tests, development)
            continue
        seen.add(where)
        removed += _remove_prefix(storage, schema_name)
    return removed


def _remove_prefix(storage: Storage, prefix: str) -> int:
    try:
        folders, files = storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    removed = 0
    for name in files:
        storage.delete(f"{prefix}/{name}")
        removed += 1
    for folder in folders:
        removed += _remove_prefix(storage, f"{prefix}/{folder}")
    with contextlib.suppress(NotImplementedError, OSError):  # the empty folder, where there are folders
        os.rmdir(storage.path(prefix))
    return removed
