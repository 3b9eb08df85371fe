"""Masking personal data for display: public boards, tracking pages, logs, exports.

A masked value lets its owner recognise it and nobody else learn it. The rules, exactly:

``mask_nik``      keep the first 4 and the last 2 digits, one ``*`` per hidden digit:
                  ``1106101234567890`` -> ``1106**********90``. Spaces, dots and dashes are dropped
                  first. Shorter than 8 digits: every digit hidden.
``mask_name``     in each word (split on whitespace) keep the first character and replace every
                  later letter or digit by ``*``; punctuation stays: ``Teuku Muhammad Rizal`` ->
                  ``T**** M******* R****``, ``M. Nasir, S.Pd.`` -> ``M. N****, S.**.``.
``mask_phone``    drop separators; ``+62``/``62`` becomes ``0``; keep the first 4 and the last 3
                  digits: ``+62 812-3456-7890`` -> ``0812*****890``. Shorter than 8 digits: only
                  the last 2 digits shown.
``mask_email``    keep the first character of the part before ``@`` and the whole domain:
                  ``teuku.rizal@gmail.com`` -> ``t**********@gmail.com``; a one-character local
                  part becomes ``*``. Without ``@`` the value is masked like a name.
``mask_address``  split on commas; a part that names an administrative area (Dusun, Desa, Gampong,
                  Kelurahan, Kecamatan, Kabupaten, Kota, Provinsi, Nagari, Jorong, Lingkungan,
                  Banjar, Kampung, Mukim, ...) and an RT/RW group are kept as written, and so is
                  a lone word without digits (a place name); any other text (street, house
                  number, building) keeps its first word, unless that word holds a digit,
                  followed by ``***``:
                  ``Jl. Tgk. Chik Di Tiro No. 12, RT 002/RW 005, Dusun Lamreung`` ->
                  ``Jl. ***, RT 002/RW 005, Dusun Lamreung``. The street name and house number are
                  what point at one home; RT/RW and area names point at a few hundred households.

Every function returns ``""`` for ``None`` or an empty string.
"""

from __future__ import annotations

import re

MASK = "*"

_NUMBER_SEPARATORS = re.compile(r"[\s.\-()]")
_WORD_CHARACTER = re.compile(r"\w")
_RT_RW = re.compile(
    r"\bRT\s*/\s*RW\.?\s*\d{1,3}\s*/\s*\d{1,3}"  # RT/RW 002/005
    r"|\bRT\.?\s*\d{1,3}(?:\s*/\s*(?:RW\.?\s*)?\d{1,3}|\s+RW\.?\s*\d{1,3})?",  # RT 002/RW 005, RT 2 RW 5
    re.IGNORECASE,
)
_AREA_WORDS = frozenset(
    {
        "dusun",
        "dsn",
        "desa",
        "ds",
        "gampong",
        "gp",
        "kelurahan",
        "kel",
        "kecamatan",
        "kec",
        "kabupaten",
        "kab",
        "kota",
        "provinsi",
        "prov",
        "nagari",
        "jorong",
        "lingkungan",
        "banjar",
        "kampung",
        "kp",
        "mukim",
        "kemukiman",
    }
)


def mask_nik(value: str | None) -> str:
    if not value:
        return ""
    digits = _NUMBER_SEPARATORS.sub("", value)
    if len(digits) < 8:
        return MASK * len(digits)
    return digits[:4] + MASK * (len(digits) - 6) + digits[-2:]


def mask_name(value: str | None) -> str:
    if not value:
        return ""
    return re.sub(r"\S+", lambda match: _mask_word(match.group()), value)


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = _NUMBER_SEPARATORS.sub("", value).removeprefix("+")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    if len(digits) < 8:
        return MASK * max(len(digits) - 2, 0) + digits[-2:]
    return digits[:4] + MASK * (len(digits) - 7) + digits[-3:]


def mask_email(value: str | None) -> str:
    if not value:
        return ""
    value = value.strip()
    local_part, at, domain = value.rpartition("@")
    if not at:
        return _mask_word(value)
    if len(local_part) <= 1:
        return MASK * len(local_part) + "@" + domain
    return local_part[0] + MASK * (len(local_part) - 1) + "@" + domain


def mask_address(value: str | None) -> str:
    if not value:
        return ""
    parts = [part.strip() for part in value.split(",")]
    return ", ".join(masked for part in parts if (masked := _mask_address_part(part)))


def _mask_word(word: str) -> str:
    return word[0] + _WORD_CHARACTER.sub(MASK, word[1:])


def _mask_address_part(part: str) -> str:
    """One comma-separated part: RT/RW groups kept, the text around them masked segment by segment."""
    pieces: list[str] = []
    position = 0
    for match in _RT_RW.finditer(part):
        pieces.append(_mask_address_text(part[position : match.start()]))
        pieces.append(match.group().strip())
        position = match.end()
    pieces.append(_mask_address_text(part[position:]))
    return " ".join(piece for piece in pieces if piece)


def _mask_address_text(text: str) -> str:
    words = text.split()
    if not words:
        return ""
    first_word_has_digits = any(character.isdigit() for character in words[0])
    if words[0].rstrip(".").lower() in _AREA_WORDS or (len(words) == 1 and not first_word_has_digits):
        return " ".join(words)
    if first_word_has_digits:
        return MASK * 3
    return f"{words[0]} {MASK * 3}"
