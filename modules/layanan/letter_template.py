"""The staff-authored text of a letter (`Service.letter_body`): what it may contain and how it is
filled in.

A letter template is text with placeholders such as `{nama}`. It is written by village staff and
filled with what a resident typed, so it is never given to `str.format`: that would let a template
reach attributes (`{nama.__class__}`), indexes, format specs and conversions, and a typo (`{nama`)
would raise at signing time. Here a template is checked when it is saved (`validate_letter_template`)
and rendered by `render_letter_template`, which knows only plain `{name}` placeholders and never
raises.

The identity placeholders are reserved: a service cannot declare an extra field with one of these
names, so a resident's answer to an extra field can never stand in for the name, NIK or address
that the letter certifies.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Filled from the request and the village, never from `extra`.
IDENTITY_PLACEHOLDERS: tuple[str, ...] = (
    "nama",
    "nik",
    "nik_tersamar",
    "alamat",
    "keperluan",
    "desa",
    "kecamatan",
)
# Reserved as well: the identity details a letter's table carries (issue 7 finding 7) and the names
# an official letter uses for the village and its head. No extra field may take one of them.
RESERVED_PLACEHOLDERS: frozenset[str] = frozenset(
    (
        *IDENTITY_PLACEHOLDERS,
        "nomor_kk",
        "kk",
        "tempat_lahir",
        "tanggal_lahir",
        "tempat_tanggal_lahir",
        "jenis_kelamin",
        "agama",
        "pekerjaan",
        "status_perkawinan",
        "kewarganegaraan",
        "telepon",
        "surel",
        "gampong",
        "kabupaten",
        "nomor_surat",
        "tanggal_surat",
        "penanda_tangan",
        "jabatan",
    )
)

LETTER_TEMPLATE_MAX_LENGTH = 5000
# What the renderer is given is capped whatever the input limits say (issue 7 finding 15): one
# value cannot make a letter hundreds of pages long.
RENDERED_VALUE_MAX_LENGTH = 500
PLACEHOLDER_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
MISSING_VALUE = "…"

_parser = string.Formatter()


def validate_letter_template(text: str, *, extra_field_names: Iterable[str]) -> None:
    """Raises ValidationError (with a code) unless `text` is a template that renders: balanced
    braces (`{{` and `}}` for a literal brace), and only plain placeholders that are either an
    identity placeholder or one of the service's declared extra fields."""
    if len(text) > LETTER_TEMPLATE_MAX_LENGTH:
        raise ValidationError(
            _("Isi surat paling banyak %(limit)d karakter.") % {"limit": LETTER_TEMPLATE_MAX_LENGTH},
            code="letter_template_too_long",
        )
    known = set(IDENTITY_PLACEHOLDERS) | set(extra_field_names)
    try:
        parts = list(_parser.parse(text))
    except ValueError as error:
        raise ValidationError(
            _(
                "Kurung kurawal tidak seimbang: setiap isian ditulis {nama_isian}; "
                "tulis {{ atau }} untuk kurung kurawal biasa."
            ),
            code="letter_template_braces",
        ) from error
    unknown: list[str] = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if not PLACEHOLDER_NAME.fullmatch(name) or spec or conversion:
            raise ValidationError(
                _(
                    "Isian {%(name)s} tidak dikenal: tulis hanya nama isian di antara kurung kurawal, "
                    "mis. {nama}."
                )
                % {
                    "name": _printable(
                        name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                    )
                },
                code="letter_template_placeholder_form",
            )
        if name not in known and name not in unknown:
            unknown.append(name)
    if unknown:
        raise ValidationError(
            _("Isian tidak dikenal: %(names)s. Yang dikenal: %(known)s.")
            % {
                "names": ", ".join(f"{{{name}}}" for name in unknown),
                "known": ", ".join(f"{{{name}}}" for name in sorted(known)),
            },
            code="letter_template_unknown_placeholder",
        )


def render_letter_template(text: str, values: Mapping[str, str]) -> str:
    """Fills plain `{name}` placeholders from `values` (each capped); anything else a template holds
    (an unknown name, a format spec, unbalanced braces in a template saved before validation
    existed) is shown as "…" or literally, never evaluated and never an error."""
    try:
        parts = list(_parser.parse(text))
    except ValueError:
        return text
    out: list[str] = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        if spec or conversion or not PLACEHOLDER_NAME.fullmatch(name) or name not in values:
            out.append(MISSING_VALUE)
        else:
            out.append(str(values[name])[:RENDERED_VALUE_MAX_LENGTH])
    return "".join(out)


def _printable(text: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in text)[:60]
