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
``mask_address``  keep the first word whole and mask every later word like a name, so that staff
                  can tell a dusun or a street and nobody learns the house: ``Dusun Lampoh
                  Keude, Lambaro`` -> ``Dusun L***** K****, L******``.
Every function returns ``""`` for ``None`` or an empty string.
"""

from __future__ import annotations

import re

MASK = "*"

_NUMBER_SEPARATORS = re.compile(r"[\s.\-()]")
_WORD_CHARACTER = re.compile(r"\w")


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
    words = value.split()
    if not words:
        return ""
    return " ".join([words[0], *(_mask_word(word) for word in words[1:])])


def _mask_word(word: str) -> str:
    return word[0] + _WORD_CHARACTER.sub(MASK, word[1:])
