"""The platform registry in the `public` schema: who the tenants are and which hosts reach them.

Nothing personal about residents lives here.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

DISTRICT_CODE_VALIDATOR = RegexValidator(
    r"^\d{2}\.\d{2}$", _("Kode kabupaten/kota Kemendagri berbentuk 11.06 (dua digit, titik, dua digit).")
)
VILLAGE_CODE_VALIDATOR = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$",
    _("Kode desa Kemendagri berbentuk 11.06.10.2001 (10 digit dengan titik)."),
)
SLUG_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9-]{1,40}[a-z0-9]$",
    _("Gunakan huruf kecil, angka dan tanda hubung; diawali huruf (contoh: aceh-besar)."),
)


class TenantType(models.TextChoices):
    PUBLIC = "public", _("Platform")
    DISTRICT = "district", _("Kabupaten/kota")
    VILLAGE = "village", _("Desa")


class Tenant(TenantMixin):
    """One PostgreSQL schema. Its District or Village row says what it is."""

    type = models.CharField(max_length=16, choices=TenantType.choices)
    name = models.CharField(_("nama"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    # Provisioning (tenants.provisioning) builds the schema itself, from the template.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("tenant")

    def __str__(self) -> str:
        return f"{self.name} ({self.schema_name})"


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")


class District(models.Model):
    """A kabupaten/kota that runs Balai for its villages."""

    tenant = models.OneToOneField(Tenant, on_delete=models.PROTECT, related_name="district")
    name = models.CharField(_("nama"), max_length=150)
    code = models.CharField(
        _("kode Kemendagri"), max_length=5, unique=True, validators=[DISTRICT_CODE_VALIDATOR]
    )
    slug = models.SlugField(_("slug"), max_length=42, unique=True, validators=[SLUG_VALIDATOR])
    # Local names used throughout the district's village pages: desa/kepala desa, gampong/keuchik,
    # nagari/wali nagari, kampung/kepala kampung...
    village_noun = models.CharField(_("sebutan desa"), max_length=40, default="desa")
    village_head_title = models.CharField(_("sebutan kepala desa"), max_length=60, default="kepala desa")
    # The signup wizard: a complete application opens its portal at once, or waits for a district admin.
    signup_auto_approve = models.BooleanField(_("setujui pendaftaran desa otomatis"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VillageStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    ACTIVE = "active", _("Aktif")
    SUSPENDED = "suspended", _("Ditangguhkan")
    ARCHIVED = "archived", _("Diarsipkan")


class Village(models.Model):
    """A desa/gampong/nagari with its own portal and schema."""

    tenant = models.OneToOneField(Tenant, on_delete=models.PROTECT, related_name="village")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("nama"), max_length=150)
    code = models.CharField(
        _("kode Kemendagri"), max_length=13, unique=True, validators=[VILLAGE_CODE_VALIDATOR]
    )
    kecamatan = models.CharField(_("kecamatan"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=42, validators=[SLUG_VALIDATOR])
    status = models.CharField(
        _("status"), max_length=16, choices=VillageStatus.choices, default=VillageStatus.PENDING
    )
    # App labels of optional modules the village has switched off (the URL namespaces they own
    # answer 404 and leave the menus); the registry does not know what they are.
    modules_off = models.JSONField(default=list, blank=True)
    # Lifecycle: when the status last changed (a deletion needs an export taken after archiving).
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("desa")
        verbose_name_plural = _("desa")
        ordering = ["kecamatan", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "slug"], name="village_slug_unique_in_district"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == VillageStatus.ACTIVE

    @property
    def display_name(self) -> str:
        """The village as it names itself: "Gampong Lambaro", "Desa Tegalsari"."""
        return f"{self.district.village_noun.capitalize()} {self.name}"


class SchemaBlueprint(models.Model):
    """The DDL of a migrated template schema, captured once per migration state.

    Provisioning replays it with the schema name substituted instead of running every migration.
    """

    tenant_type = models.CharField(max_length=16, choices=TenantType.choices)
    migration_state = models.CharField(max_length=64, help_text="sha256 of the applied migrations")
    ddl = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_type", "migration_state"], name="blueprint_unique_per_state"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenant_type} {self.migration_state[:12]}"


# --- Village export (issue 13, lifecycle) ------------------------------------------------------


class ExportStatus(models.TextChoices):
    QUEUED = "antre", _("Dalam antrean")
    RUNNING = "berjalan", _("Sedang berjalan")
    DONE = "selesai", _("Selesai")
    FAILED = "gagal", _("Gagal")


class VillageExportQuerySet(models.QuerySet["VillageExport"]):
    def finished(self) -> VillageExportQuerySet:
        return self.filter(status=ExportStatus.DONE)


class VillageExport(models.Model):
    """One archive of one village: every table of its schema as JSON and CSV, its uploaded files and
    a `pg_dump` of the schema, with a manifest. The archive is stored encrypted under a random name
    (`archive_name`), never shown in a URL or a log line. The village's code, slug and name are
    copied so the row (and its archive) outlives the village's deletion."""

    village = models.ForeignKey(
        Village, on_delete=models.SET_NULL, null=True, blank=True, related_name="exports"
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="village_exports")
    village_code = models.CharField(_("kode Kemendagri"), max_length=13)
    village_slug = models.CharField(_("slug"), max_length=42)
    village_name = models.CharField(_("nama"), max_length=150)
    schema_name = models.CharField(max_length=63)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    # The steps done so far (keys of tenants.exports.STEPS) and the share of the work done (0–100).
    progress = models.JSONField(default=list, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # The stored archive (encrypted at rest), its size and sha256 (of the zip, before encryption).
    archive_name = models.CharField(max_length=255, blank=True)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # sha256 of the village migrations it was taken at (tenants.schemas.migration_state); a restore
    # refuses an export of another state.
    migration_state = models.CharField(max_length=64, blank=True)
    # Who asked: "<tier>:<username>" (accounts live in their tenant's schema, not here).
    requested_by = models.CharField(_("diminta oleh"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    objects = VillageExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("ekspor desa")
        verbose_name_plural = _("ekspor desa")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["village", "status"], name="export_village_status")]

    def __str__(self) -> str:
        return f"{self.village_name} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status == ExportStatus.DONE

    @property
    def download_name(self) -> str:
        """The neutral file name a download is served under."""
        from django.utils import timezone

        return f"ekspor-{self.village_slug}-{timezone.localtime(self.created_at):%Y-%m-%d}.zip"

    @classmethod
    def latest_finished(cls, village: Village) -> VillageExport | None:
        """The village's newest finished export, if any (archive and delete require one)."""
        return cls.objects.finished().filter(village=village).order_by("-finished_at", "-pk").first()


# --- Reserved addresses of deleted villages (issue 13, lifecycle) -------------------------------


RESERVED_ADDRESS_DAYS = 180


class ReservedAddressQuerySet(models.QuerySet["ReservedAddress"]):
    def in_force(self) -> ReservedAddressQuerySet:
        from django.utils import timezone

        return self.filter(until__gt=timezone.now())


class ReservedAddress(models.Model):
    """A deleted village's address, kept from every other village of the district until `until`
    (RESERVED_ADDRESS_DAYS), so a visitor who follows an old link never meets another village's
    portal there. The same village (by its code) may sign up under it again."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="reserved_addresses")
    slug = models.CharField(_("slug"), max_length=42)
    village_code = models.CharField(_("kode Kemendagri"), max_length=13)
    village_name = models.CharField(_("nama"), max_length=150)
    until = models.DateTimeField(_("dicadangkan sampai"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReservedAddressQuerySet.as_manager()

    class Meta:
        verbose_name = _("alamat dicadangkan")
        verbose_name_plural = _("alamat dicadangkan")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "slug"], name="reserved_address_slug")]

    def __str__(self) -> str:
        return f"{self.slug} ({self.village_name})"
