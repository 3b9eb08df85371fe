"""The district's rollup, in the `public` schema: what each village's indicators read, published by
the village's own recompute (services.village_rollup_recompute). District pages read these tables
and the registry, never a village schema."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import District, Village


class RollupValue(models.Model):
    """One village's figure of one indicator (definitions.INDICATORS, by key) for one period key."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="rollup_values")
    indicator = models.CharField(_("indikator"), max_length=40)
    period = models.CharField(_("periode"), max_length=8)  # "2026-12", "2026-T4", "2026-S2", "2026"
    value = models.DecimalField(_("nilai"), max_digits=14, decimal_places=2, null=True, blank=True)
    numerator = models.IntegerField(null=True, blank=True)
    denominator = models.IntegerField(null=True, blank=True)
    computed_at = models.DateTimeField(_("dihitung pada"))

    class Meta:
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")
        constraints = [
            models.UniqueConstraint(fields=["village", "indicator", "period"], name="rollup_one_value"),
        ]
        # The dashboard reads one district's villages for a few period keys.
        indexes = [models.Index(fields=["period", "village"], name="rollup_period_village")]

    def __str__(self) -> str:
        return f"{self.village_id} {self.indicator} {self.period}: {self.value}"


class DistrictTarget(models.Model):
    """A district's own target for one indicator, in place of the definition's default."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="indicator_targets")
    indicator = models.CharField(_("indikator"), max_length=40)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target indikator kabupaten")
        verbose_name_plural = _("target indikator kabupaten")
        constraints = [
            models.UniqueConstraint(fields=["district", "indicator"], name="district_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.indicator} ≥/≤ {self.target}"


class ReconcileRun(models.Model):
    """One nightly comparison of the rollup with the villages' own data."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    villages = models.PositiveIntegerField(default=0)
    differences = models.PositiveIntegerField(default=0)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("rekonsiliasi indikator")
        verbose_name_plural = _("rekonsiliasi indikator")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.villages} desa, {self.differences} selisih"
