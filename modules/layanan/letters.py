"""Letter numbers and the letter PDF (letterhead, body, signature, verification QR)."""

from __future__ import annotations

import contextlib
import datetime
import re
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from modules.dokumen.pdf import PAPER_SIZES, render_letter
from modules.portal.selectors import letterhead
from modules.privasi.masking import mask_nik
from tenants.models import Village

from .catalogue import CLOSINGS
from .letter_template import render_letter_template
from .links import verification_url
from .models import Letter

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
TOKEN = re.compile(r"\[(kode|nomor|kode_desa|bulan_romawi|bulan|tahun)(?:,(\d))?\]")


def validate_number_format(number_format: str) -> None:
    from django.core.exceptions import ValidationError

    if "[nomor" not in number_format:
        raise ValidationError(_("Format nomor surat harus memuat [nomor] atau [nomor,3]."))
    leftovers = TOKEN.sub("", number_format)
    if "[" in leftovers or "]" in leftovers:
        raise ValidationError(
            _(
                "Isian yang dikenal: [kode], [nomor] atau [nomor,3], [kode_desa], [bulan_romawi], "
                "[bulan], [tahun]."
            )
        )


def format_number(
    number_format: str, *, code: str, sequence: int, village_code: str, when: datetime.datetime
) -> str:
    """`[kode]/[nomor,3]/[kode_desa]/[bulan_romawi]/[tahun]` -> `474.4/007/11.06.10.2001/XI/2026`."""

    def replace(match: re.Match[str]) -> str:
        token, width = match.group(1), match.group(2)
        return {
            "kode": code,
            "nomor": str(sequence).zfill(int(width or 0)),
            "kode_desa": village_code,
            "bulan_romawi": ROMAN_MONTHS[when.month - 1],
            "bulan": f"{when.month:02d}",
            "tahun": str(when.year),
        }[token]

    return TOKEN.sub(replace, number_format)


# Letters are Indonesian documents whatever language the staff page is in: their words are not
# translated, and dates are printed with the Indonesian month names.
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
IDENTITY_LABELS = {
    "gender": "Jenis kelamin",
    "religion": "Agama",
    "occupation": "Pekerjaan",
    "marital_status": "Status perkawinan",
}
PREVIEW_NUMBER = "…/…/…/…"


def indonesian_date(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def letter_closing(service: Any) -> str:
    """The service's own closing sentence, or the one customary for its kind of letter."""
    return service.letter_closing.strip() or CLOSINGS.get(service.letter_kind, CLOSINGS["keterangan"])


def identity_rows(request: Any) -> list[tuple[str, str]]:
    """The letter's identity table: name and full NIK (the receiving office needs it), what the
    request's standard asks for, then the address."""
    from .models import Gender, MaritalStatus, Religion

    asked = set(request.standard.identity_fields)
    rows = [("Nama", request.applicant_name), ("NIK", request.nik)]
    if asked & {"birth_place", "birth_date"}:
        born = request.birth_date
        with contextlib.suppress(ValueError):  # stored by request_submit as ISO; shown as given otherwise
            born = indonesian_date(datetime.date.fromisoformat(born)) if born else ""
        rows.append(("Tempat/tanggal lahir", ", ".join(x for x in (request.birth_place, born) if x)))
    labels = {"gender": Gender, "religion": Religion, "marital_status": MaritalStatus}
    for name in ("gender", "religion", "occupation", "marital_status"):
        if name in asked:
            value = getattr(request, name)
            if name in labels and value in labels[name].values:
                with translation.override("id"):
                    value = str(labels[name](value).label)
            rows.append((IDENTITY_LABELS[name], value))
    rows.append(("Alamat", request.address))
    return rows


def letter_values(letter: Letter, village: Village) -> dict[str, str]:
    """What a letter template may say: the identity placeholders, filled from the request and the
    village, then the answers to the standard's declared extra fields only. An extra answer can
    never replace an identity value (reserved names cannot be declared, and identity wins here)."""
    request = letter.request
    declared = [field["name"] for field in request.standard.extra_fields]
    values = {name: str(request.extra.get(name, "")) for name in declared if name in request.extra}
    values.update(
        {
            "nama": request.applicant_name,
            "nik": request.nik,
            "nik_tersamar": mask_nik(request.nik),
            "alamat": request.address,
            "keperluan": request.purpose,
            "desa": f"{village.district.village_noun.capitalize()} {village.name}",
            "kecamatan": village.kecamatan,
        }
    )
    return values


def letter_body(letter: Letter, village: Village) -> str:
    """The staff-authored template filled by the restricted renderer (letter_template): plain
    placeholders only, each value capped, never an error."""
    body = render_letter_template(letter.request.service.letter_body, letter_values(letter, village))
    return body


def letter_context(letter: Letter, village: Village, *, is_preview: bool = False) -> dict[str, Any]:
    """What dokumen/letter_base.html reads: letterhead, the opening, the identity table, body and
    closing, signature (with the QR's URL and caption). A preview (before signing) has no number
    and no QR, and is marked PRATINJAU across the page."""
    district = village.district
    noun = district.village_noun.capitalize()
    request = letter.request
    url = "" if is_preview else verification_url(letter, village)
    return {
        "letterhead": letterhead(village),
        "letter": {
            "title": request.service.letter_title,
            "number": PREVIEW_NUMBER if is_preview else letter.number,
            "opening": (
                f"Yang bertanda tangan di bawah ini, {district.village_head_title.title()} {noun} "
                f"{village.name}, Kecamatan {village.kecamatan}, {district.name}, menerangkan bahwa:"
            ),
            "identity": identity_rows(request),
            "body": letter_body(letter, village),
            "closing": letter_closing(request.service),
            "watermark": "PRATINJAU" if is_preview else "",
        },
        "signature": {
            "place": village.name,
            "date": indonesian_date(
                timezone.localtime(letter.issued_at).date() if letter.issued_at else timezone.localdate()
            ),
            "on_behalf_of": letter.on_behalf_of,
            "position": letter.signer_position,
            "name": letter.signer_name,
            "verification_url": url,
            "verification_caption": (
                f"Pindai untuk memeriksa keaslian surat ini di {urlsplit(url).netloc}" if url else ""
            ),
        },
    }


def render_letter_pdf(letter: Letter, village: Village, *, is_preview: bool = False) -> bytes:
    with translation.override("id"):
        return render_letter(
            letter_context(letter, village, is_preview=is_preview), paper=PAPER_SIZES[letter.paper_size]
        )
