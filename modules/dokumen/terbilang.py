"""Amounts in Indonesian words (terbilang), as written on letters and receipts.

Rules (Pedoman Umum Ejaan Bahasa Indonesia, and the usage of official letters):

- 1 is "satu" on its own and before juta/miliar/triliun, but "se-" before puluh's teens (sebelas),
  ratus (seratus) and ribu (seribu): 1.001.000 is "satu juta seribu";
- 10 "sepuluh", 11 "sebelas", 12-19 "... belas", 20-99 "... puluh ...";
- scales are ribu (10³), juta (10⁶), miliar (10⁹), triliun (10¹²), kuadriliun (10¹⁵) and
  kuintiliun (10¹⁸); larger numbers raise ``ValueError``;
- 0 is "nol"; a negative number is "minus" followed by its absolute value.

Words are lower case; capitalise in the template (``|capfirst``) where a sentence starts.
"""

from __future__ import annotations

_DIGITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = (
    (10**18, "kuintiliun"),
    (10**15, "kuadriliun"),
    (10**12, "triliun"),
    (10**9, "miliar"),
    (10**6, "juta"),
    (10**3, "ribu"),
)
LIMIT = 10**21


def terbilang(number: int) -> str:
    """``1001000`` -> ``"satu juta seribu"``; ``0`` -> ``"nol"``; ``-5`` -> ``"minus lima"``."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"terbilang() takes an int, not {type(number).__name__}")
    if number == 0:
        return "nol"
    if number < 0:
        return f"minus {terbilang(-number)}"
    if number >= LIMIT:
        raise ValueError(f"terbilang() handles numbers below 10^21, not {number}")

    words: list[str] = []
    remainder = number
    for scale, name in _SCALES:
        group, remainder = divmod(remainder, scale)
        if group == 1 and name == "ribu":
            words.append("seribu")
        elif group:
            words.append(f"{_below_thousand(group)} {name}")
    if remainder:
        words.append(_below_thousand(remainder))
    return " ".join(words)


def rupiah_terbilang(number: int) -> str:
    """``150000`` -> ``"seratus lima puluh ribu rupiah"``."""
    return f"{terbilang(number)} rupiah"


def _below_thousand(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    words = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words.append(f"{_DIGITS[hundreds]} ratus")
    if rest:
        words.append(_below_hundred(rest))
    return " ".join(words)


def _below_hundred(number: int) -> str:
    if number < 10:
        return _DIGITS[number]
    if number == 10:
        return "sepuluh"
    if number == 11:
        return "sebelas"
    if number < 20:
        return f"{_DIGITS[number - 10]} belas"
    tens, ones = divmod(number, 10)
    return f"{_DIGITS[tens]} puluh {_DIGITS[ones]}".rstrip()
