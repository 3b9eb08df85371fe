"""The Indeks Kepuasan Masyarakat as PermenPANRB 14/2017 computes it, exactly: no database.

- NRR of an element = the sum of its scores ÷ the number of respondents who answered it.
- IKM = Σ NRR × weight, with the weight 1/9 (nine elements of equal weight); the regulation's
  worked examples round the weight to 0.111, which gives a slightly lower figure (with every answer
  4: 100.00 against 99.90). Both are computed from the raw answers; pages show the exact one as
  "IKM" and the other beside it, named.
- Converted IKM = IKM × 25, on 25–100; its category: A (88.31–100, sangat baik), B (76.61–88.30,
  baik), C (65.00–76.60, kurang baik), D (25.00–64.99, tidak baik).

Arithmetic is in `Fraction` (no binary floating point); figures are rounded only when shown, half
up: NRR to 4 places, IKM to 4, converted IKM to 2. The category is read off the converted IKM
rounded to 2 places, as published reports do, so near a boundary the exact and the 0.111 figures
can fall in different categories (91.48 and 91.38 do not; an exact 88.31, category A, is 88.22,
category B, with 0.111).

The sample target is Krejcie and Morgan's: S = X²NP(1−P) / (d²(N−1) + X²P(1−P)) with X² = 3.841,
P = 0.5, d = 0.05, rounded up (N = 100 → 80, N = 1,000 → 278).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy

from .elements import ELEMENT_KEYS

EXACT_WEIGHT = Fraction(1, len(ELEMENT_KEYS))
ROUNDED_WEIGHT = Fraction(111, 1000)
CONVERSION = 25

# (lowest converted IKM, category, performance) from the best down.
CATEGORIES = (
    (Decimal("88.31"), "A", gettext_lazy("Sangat baik")),
    (Decimal("76.61"), "B", gettext_lazy("Baik")),
    (Decimal("65.00"), "C", gettext_lazy("Kurang baik")),
    (Decimal("25.00"), "D", gettext_lazy("Tidak baik")),
)

CHI_SQUARE = Fraction(3841, 1000)
PROPORTION = Fraction(1, 2)
MARGIN = Fraction(5, 100)


def rounded(value: Fraction, places: int) -> Decimal:
    """`value` to `places` decimal places, half up (as published SKM reports round)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ElementResult:
    key: str
    total: int
    respondents: int

    @property
    def nrr(self) -> Fraction | None:
        return Fraction(self.total, self.respondents) if self.respondents else None


@dataclass(frozen=True)
class Index:
    """The IKM of a set of answers."""

    elements: tuple[ElementResult, ...]
    respondents: int

    def ikm(self, weight: Fraction = EXACT_WEIGHT) -> Fraction | None:
        """Σ NRR × weight; None unless every element has at least one answer."""
        nrrs = [element.nrr for element in self.elements]
        if not nrrs or any(nrr is None for nrr in nrrs):
            return None
        return sum((nrr * weight for nrr in nrrs if nrr is not None), Fraction(0))

    def converted(self, weight: Fraction = EXACT_WEIGHT) -> Fraction | None:
        value = self.ikm(weight)
        return None if value is None else value * CONVERSION

    def converted_shown(self, weight: Fraction = EXACT_WEIGHT) -> Decimal | None:
        value = self.converted(weight)
        return None if value is None else rounded(value, 2)

    def category(self, weight: Fraction = EXACT_WEIGHT) -> tuple[str, str] | None:
        shown = self.converted_shown(weight)
        return None if shown is None else category_of(shown)


def category_of(converted: Decimal) -> tuple[str, str]:
    """The quality category and performance of a converted IKM (rounded to 2 places), the words in
    the active language."""
    for lowest, letter, words in CATEGORIES:
        if converted >= lowest:
            return letter, str(words)
    return CATEGORIES[-1][1], str(CATEGORIES[-1][2])


def index_of(answers: Iterable[Mapping[str, int]]) -> Index:
    """The IKM of respondents' answers, each a mapping element key → score 1–4 (an element a
    respondent left out is not counted for that element)."""
    totals = dict.fromkeys(ELEMENT_KEYS, 0)
    counts = dict.fromkeys(ELEMENT_KEYS, 0)
    respondents = 0
    for answer in answers:
        respondents += 1
        for key, score in answer.items():
            if key not in totals:
                raise ValueError(f"unknown SKM element {key!r}")
            if not 1 <= score <= 4:
                raise ValueError(f"score {score} of {key} is not 1–4")
            totals[key] += score
            counts[key] += 1
    return Index(
        elements=tuple(
            ElementResult(key=key, total=totals[key], respondents=counts[key]) for key in ELEMENT_KEYS
        ),
        respondents=respondents,
    )


def sample_target(population: int) -> int:
    """Krejcie–Morgan's sample size for `population` people served (0 for none)."""
    if population <= 0:
        return 0
    n = Fraction(population)
    spread = PROPORTION * (1 - PROPORTION)
    size = CHI_SQUARE * n * spread / (MARGIN**2 * (n - 1) + CHI_SQUARE * spread)
    return min(population, math.ceil(size))
