"""Reads of the Kemendagri region list. Codes are dotted (``11.06.10.2001``); BPS codes never match."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from modules.wilayah.models import Region


def get_region(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def is_district_code(code: str) -> bool:
    """True if a kabupaten/kota has this code."""
    return Region.objects.filter(code=code, level=Region.Level.REGENCY).exists()


def is_village_code(code: str) -> bool:
    """True if a desa/kelurahan has this code."""
    return Region.objects.filter(code=code, level=Region.Level.VILLAGE).exists()


def village_belongs_to_district(village_code: str, district_code: str) -> bool:
    return village_code.startswith(f"{district_code}.") and is_village_code(village_code)


def subdistrict_of(village_code: str) -> Region | None:
    """The kecamatan of a desa/kelurahan, or None if the code is not a village."""
    return Region.objects.filter(children__code=village_code, children__level=Region.Level.VILLAGE).first()


def villages_of_district(district_code: str) -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=f"{district_code}.")


def _validate_level(code: str, level: Region.Level, label: str | Promise) -> None:
    region = get_region(code)
    if region is None:
        raise ValidationError(
            _("Kode %(code)s tidak ada dalam daftar wilayah Kemendagri."),
            code="unknown_region",
            params={"code": code},
        )
    if region.level != level:
        raise ValidationError(
            _("Kode %(code)s adalah %(name)s, bukan %(label)s."),
            code="wrong_level",
            params={"code": code, "name": region.name, "label": label},
        )


def validate_district_code(code: str) -> None:
    """Raises ValidationError unless ``code`` is a kabupaten/kota."""
    _validate_level(code, Region.Level.REGENCY, _("kabupaten/kota"))


def validate_village_code(code: str, district_code: str | None = None) -> None:
    """Raises ValidationError unless ``code`` is a desa/kelurahan, inside ``district_code`` if given."""
    if district_code is not None and not code.startswith(f"{district_code}."):
        raise ValidationError(
            _("Kode desa harus diawali kode kabupatennya (%(district_code)s)."),
            code="village_outside_district",
            params={"district_code": district_code},
        )
    _validate_level(code, Region.Level.VILLAGE, _("desa/kelurahan"))
