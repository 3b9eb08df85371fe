"""Letter numbers and the letter PDF (letterhead, body, signature, verification QR)."""

from __future__ import annotations

import base64
import datetime
import re
from typing import Any

from django.utils.translation import gettext as _

from modules.dokumen.pdf import PAPER_SIZES, render_letter
from modules.portal.selectors import village_profile
from modules.privasi.masking import mask_nik
from tenants.models import Village

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


CLOSING = (
    "Demikian surat keterangan ini dibuat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya."
)


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
    return f"{body}\n\n{CLOSING}"


def logo_data_url(profile: Any) -> str:
    """The letterhead logo as a data: URL (the PDF renderer fetches no files or network URLs)."""
    if not profile.logo:
        return ""
    with profile.logo.open("rb") as logo:
        content = logo.read()
    kind = "png" if content.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(content).decode()}"


def letter_context(letter: Letter, village: Village) -> dict[str, Any]:
    """What dokumen/letter_base.html reads: letterhead, letter, signature (with the QR's URL)."""
    district = village.district
    profile = village_profile()
    noun = district.village_noun.capitalize()
    return {
        "letterhead": {
            "logo_url": logo_data_url(profile),
            "government": f"Pemerintah {district.name}",
            "kecamatan": f"Kecamatan {village.kecamatan}",
            "village": f"{noun} {village.name}",
            "address": profile.address or f"{noun} {village.name}, Kecamatan {village.kecamatan}",
            "contact": " · ".join(x for x in (profile.phone, profile.email) if x),
        },
        "letter": {
            "title": letter.request.service.letter_title,
            "number": letter.number,
            "body": letter_body(letter, village),
        },
        "signature": {
            "place": village.name,
            "date": letter.issued_at.date() if letter.issued_at else datetime.date.today(),
            "on_behalf_of": letter.on_behalf_of,
            "position": letter.signer_position,
            "name": letter.signer_name,
            "verification_url": verification_url(letter, village),
        },
    }


def render_letter_pdf(letter: Letter, village: Village) -> bytes:
    return render_letter(letter_context(letter, village), paper=PAPER_SIZES[letter.paper_size])
