from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One row of the Kemendagri region list (Kepmendagri 300.2.2-2138/2025), public schema only.

    The code is the dotted Kemendagri code (``11.06.10.2001``), never the undotted BPS code, which
    numbers regions differently. Rows come from ``data/regions.csv.gz`` via migration 0002.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Provinsi")
        REGENCY = 2, _("Kabupaten/Kota")
        SUBDISTRICT = 3, _("Kecamatan")
        VILLAGE = 4, _("Desa/Kelurahan")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        db_index=True,
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
