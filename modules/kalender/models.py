"""Local changes to the working-day calendar.

The same table exists in the ``public`` schema and in every village schema (the app is installed in
both tenant types):

- in ``public``: district-wide overrides, ``scope=district`` with the district's id (a plain integer,
  not a foreign key, because this model's table also exists in village schemas, where a foreign key
  to ``public.tenants_district`` would cross schemas);
- in a village schema: that village's own overrides, ``scope=village`` and no district id.

A village override beats a district override for the same day, which beats the national calendar.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OverrideScope(models.TextChoices):
    DISTRICT = "district", _("Kabupaten/kota")
    VILLAGE = "village", _("Desa")


class DayOverride(models.Model):
    """A date that a district or a village declares a working day or a day off."""

    day = models.DateField(_("tanggal"))
    is_working_day = models.BooleanField(
        _("hari kerja"),
        help_text=_("Centang bila tanggal ini hari kerja (misalnya Sabtu pelayanan); kosongkan bila libur."),
    )
    reason = models.CharField(_("alasan"), max_length=200)
    scope = models.CharField(_("cakupan"), max_length=16, choices=OverrideScope.choices)
    district_id = models.PositiveIntegerField(_("kabupaten/kota"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengecualian hari kerja")
        verbose_name_plural = _("pengecualian hari kerja")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope=OverrideScope.DISTRICT, district_id__isnull=False)
                    | models.Q(scope=OverrideScope.VILLAGE, district_id__isnull=True)
                ),
                name="kalender_dayoverride_district_id_matches_scope",
            ),
            models.UniqueConstraint(
                fields=["district_id", "day"],
                condition=models.Q(scope=OverrideScope.DISTRICT),
                name="kalender_dayoverride_one_per_district_day",
            ),
            models.UniqueConstraint(
                fields=["day"],
                condition=models.Q(scope=OverrideScope.VILLAGE),
                name="kalender_dayoverride_one_per_village_day",
            ),
        ]

    def __str__(self) -> str:
        kind = _("hari kerja") if self.is_working_day else _("libur")
        return f"{self.day:%Y-%m-%d} {kind}: {self.reason}"
