"""A village's public face: its profile, officials and contact. One schema per village."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def logo_path(instance: "VillageProfile", filename: str) -> str:
    from django.db import connection

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"{getattr(connection, 'schema_name', 'public')}/portal/logo.{extension}"


class VillageProfile(models.Model):
    """The single profile row of this village (pk 1)."""

    about = models.TextField(_("tentang desa"), blank=True)
    address = models.CharField(_("alamat kantor"), max_length=255, blank=True)
    phone = models.CharField(_("telepon kantor"), max_length=32, blank=True)
    email = models.EmailField(_("surel kantor"), blank=True)
    office_hours = models.CharField(_("jam layanan"), max_length=150, blank=True)
    area_km2 = models.DecimalField(_("luas (km²)"), max_digits=8, decimal_places=2, null=True, blank=True)
    population = models.PositiveIntegerField(_("jumlah penduduk"), null=True, blank=True)
    households = models.PositiveIntegerField(_("jumlah KK"), null=True, blank=True)
    logo = models.ImageField(_("logo (kop surat)"), upload_to=logo_path, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil desa")
        verbose_name_plural = _("profil desa")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="village_profile_singleton")]

    def __str__(self) -> str:
        return "profil"


class Official(models.Model):
    """A village official (perangkat desa) as shown on the portal: a public role, not an account."""

    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150)
    # A work number the village publishes for its officers (the SOP document lists it beside the
    # officer in charge of each service); never a resident's number.
    phone = models.CharField(_("nomor kontak dinas"), max_length=32, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)
    is_head = models.BooleanField(_("kepala desa"), default=False)
    is_published = models.BooleanField(_("tampil di portal"), default=True)

    class Meta:
        verbose_name = _("perangkat desa")
        verbose_name_plural = _("perangkat desa")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_head"], condition=models.Q(is_head=True), name="one_village_head"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"
