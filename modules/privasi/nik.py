"""NIK (Nomor Induk Kependudukan) and KK (Kartu Keluarga) numbers: structure checks.

A NIK has 16 digits, ``PP KK CC DDMMYY SSSS``:

- ``PP`` province, ``KK`` kabupaten/kota, ``CC`` kecamatan (the Kemendagri region code of the place
  where the number was first issued; it does not change when the resident moves);
- ``DDMMYY`` date of birth, with 40 added to the day for women (so 41–71 for a woman);
- ``SSSS`` a serial number, never ``0000``.

A KK number has the same shape, but its middle six digits are the date the card was issued (no +40).

Only the structure is checked: the province must be one of Indonesia's real province codes, the
kabupaten and kecamatan codes must be two digits other than ``00``. Whether a given kabupaten or
kecamatan exists is not checked here (the ``wilayah`` app knows the regions). Whether a number
really belongs to a person only Dukcapil can say.

Two-digit years: ``YY`` is read as 20YY when YY is not later than the current year's two digits,
otherwise as 19YY (the usual convention). So a NIK dated later in the current year is in the future
and is refused; the price is that a resident born in the same calendar days a century ago (aged 99)
would be refused too, which is accepted as vanishingly rare.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NUMBER_LENGTH = 16
WOMAN_DAY_OFFSET = 40

# Kemendagri province codes (Permendagri 58/2021 and the 2022 Papua provinces: 93 Papua Selatan,
# 94 Papua Tengah, 95 Papua Pegunungan, 96 Papua Barat Daya).
PROVINCE_CODES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

# Residents often type the number in groups ("1106 1012 3456 7890"); these separators are dropped.
_SEPARATORS = re.compile(r"[\s.\-]")
_DIGITS = re.compile(r"[0-9]*")


class Sex(models.TextChoices):
    """Jenis kelamin as printed on the KTP."""

    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


@dataclass(frozen=True, slots=True)
class RegionCode:
    """The first six digits of a NIK or KK number, e.g. ``110610``."""

    digits: str

    @property
    def province_code(self) -> str:
        """``11``"""
        return self.digits[:2]

    @property
    def kabupaten_code(self) -> str:
        """``11.06``, the format of ``tenants.District.code``."""
        return f"{self.digits[:2]}.{self.digits[2:4]}"

    @property
    def kecamatan_code(self) -> str:
        """``11.06.10``, the first part of ``tenants.Village.code``."""
        return f"{self.digits[:2]}.{self.digits[2:4]}.{self.digits[4:6]}"

    @property
    def province_name(self) -> str:
        return PROVINCE_CODES[self.province_code]

    def __str__(self) -> str:
        return self.digits


@dataclass(frozen=True, slots=True)
class NikInfo:
    nik: str
    region_code: RegionCode
    birth_date: datetime.date
    sex: Sex
    serial: str


@dataclass(frozen=True, slots=True)
class KkInfo:
    number: str
    region_code: RegionCode
    issued_on: datetime.date
    serial: str


def normalize_number(value: str) -> str:
    """Drop spaces, dots and dashes that residents type between digit groups."""
    return _SEPARATORS.sub("", value)


def validate_nik(value: str, *, today: datetime.date | None = None) -> NikInfo:
    """Check the structure of a NIK and return what it encodes.

    Raises ``ValidationError`` (with a ``code`` starting with ``nik_``) naming the first problem.
    ``today`` is for tests; it defaults to the current date in ``TIME_ZONE``.
    """
    number = _check_digits(value, label=_("NIK"), code_prefix="nik")
    region = _check_region(number, label=_("NIK"), code_prefix="nik")

    day, month, yy = int(number[6:8]), int(number[8:10]), int(number[10:12])
    if 1 <= day <= 31:
        sex = Sex.LAKI_LAKI
    elif 1 + WOMAN_DAY_OFFSET <= day <= 31 + WOMAN_DAY_OFFSET:
        sex = Sex.PEREMPUAN
        day -= WOMAN_DAY_OFFSET
    else:
        raise ValidationError(
            _(
                "Tanggal lahir pada NIK (digit ke-7 dan ke-8: %(day)s) tidak valid: "
                "untuk laki-laki 01–31, untuk perempuan tanggal ditambah 40 (41–71)."
            ),
            code="nik_birth_day",
            params={"day": number[6:8]},
        )
    birth_date = _check_date(
        day,
        month,
        yy,
        today=today,
        invalid_message=_("Tanggal lahir pada NIK (%(digits)s) bukan tanggal yang ada di kalender."),
        future_message=_("Tanggal lahir pada NIK (%(date)s) belum terjadi."),
        code_prefix="nik_birth",
        digits=number[6:12],
    )
    serial = _check_serial(number, label=_("NIK"), code_prefix="nik")
    return NikInfo(nik=number, region_code=region, birth_date=birth_date, sex=sex, serial=serial)


def validate_kk(value: str, *, today: datetime.date | None = None) -> KkInfo:
    """Check the structure of a Kartu Keluarga number and return what it encodes.

    Raises ``ValidationError`` (with a ``code`` starting with ``kk_``) naming the first problem.
    """
    number = _check_digits(value, label=_("Nomor KK"), code_prefix="kk")
    region = _check_region(number, label=_("Nomor KK"), code_prefix="kk")
    issued_on = _check_date(
        int(number[6:8]),
        int(number[8:10]),
        int(number[10:12]),
        today=today,
        invalid_message=_(
            "Tanggal terbit pada nomor KK (digit ke-7 sampai ke-12: %(digits)s) "
            "bukan tanggal yang ada di kalender."
        ),
        future_message=_("Tanggal terbit pada nomor KK (%(date)s) belum terjadi."),
        code_prefix="kk_issue",
        digits=number[6:12],
    )
    serial = _check_serial(number, label=_("Nomor KK"), code_prefix="kk")
    return KkInfo(number=number, region_code=region, issued_on=issued_on, serial=serial)


def nik_validator(value: str) -> None:
    """For ``validators=[...]`` on model and form fields."""
    validate_nik(value)


def kk_validator(value: str) -> None:
    """For ``validators=[...]`` on model and form fields."""
    validate_kk(value)


def _check_digits(value: str, *, label: StrOrPromise, code_prefix: str) -> str:
    number = normalize_number(value)
    if not _DIGITS.fullmatch(number):
        raise ValidationError(
            _("%(label)s hanya boleh berisi angka."),
            code=f"{code_prefix}_not_digits",
            params={"label": label},
        )
    if len(number) != NUMBER_LENGTH:
        raise ValidationError(
            _("%(label)s harus 16 digit; yang diisi %(count)d digit."),
            code=f"{code_prefix}_length",
            params={"label": label, "count": len(number)},
        )
    return number


def _check_region(number: str, *, label: StrOrPromise, code_prefix: str) -> RegionCode:
    region = RegionCode(number[:6])
    if region.province_code not in PROVINCE_CODES:
        raise ValidationError(
            _("%(label)s diawali kode provinsi %(code)s, yang tidak ada di Indonesia."),
            code=f"{code_prefix}_province",
            params={"label": label, "code": region.province_code},
        )
    if number[2:4] == "00":
        raise ValidationError(
            _("%(label)s: kode kabupaten/kota (digit ke-3 dan ke-4) tidak boleh 00."),
            code=f"{code_prefix}_kabupaten",
            params={"label": label},
        )
    if number[4:6] == "00":
        raise ValidationError(
            _("%(label)s: kode kecamatan (digit ke-5 dan ke-6) tidak boleh 00."),
            code=f"{code_prefix}_kecamatan",
            params={"label": label},
        )
    return region


def _check_date(
    day: int,
    month: int,
    yy: int,
    *,
    today: datetime.date | None,
    invalid_message: StrOrPromise,
    future_message: StrOrPromise,
    code_prefix: str,
    digits: str,
) -> datetime.date:
    today = today or timezone.localdate()
    year = 2000 + yy if yy <= today.year % 100 else 1900 + yy
    try:
        result = datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            invalid_message, code=f"{code_prefix}_date", params={"digits": digits}
        ) from None
    if result > today:
        raise ValidationError(
            future_message, code=f"{code_prefix}_future", params={"date": result.strftime("%d-%m-%Y")}
        )
    return result


def _check_serial(number: str, *, label: StrOrPromise, code_prefix: str) -> str:
    serial = number[12:]
    if serial == "0000":
        raise ValidationError(
            _("%(label)s: nomor urut (4 digit terakhir) tidak boleh 0000."),
            code=f"{code_prefix}_serial",
            params={"label": label},
        )
    return serial
