"""The IKM exactly as PermenPANRB 14/2017 computes it, against the worked figures of issue 11."""

from decimal import Decimal
from fractions import Fraction

import pytest

from modules.survei import ikm
from modules.survei.elements import ELEMENT_KEYS, ELEMENTS

TOTALS = (105, 101, 100, 116, 102, 105, 106, 105, 115)
NRR = ("3.6207", "3.4828", "3.4483", "4.0000", "3.5172", "3.6207", "3.6552", "3.6207", "3.9655")


def respondents_with_totals(totals, count):
    """`count` respondents whose scores add up to `totals` per element (each score 1–4)."""
    people = [dict.fromkeys(ELEMENT_KEYS, 1) for _ in range(count)]
    for key, total in zip(ELEMENT_KEYS, totals, strict=True):
        extra = total - count
        for person in people:
            step = min(3, extra)
            person[key] += step
            extra -= step
        assert extra == 0
    return people


def test_twenty_nine_respondents_give_the_published_figures():
    people = respondents_with_totals(TOTALS, 29)
    index = ikm.index_of(people)
    assert [element.total for element in index.elements] == list(TOTALS)
    assert [str(ikm.rounded(element.nrr, 4)) for element in index.elements] == list(NRR)
    assert index.converted_shown() == Decimal("91.48")
    assert index.converted_shown(ikm.ROUNDED_WEIGHT) == Decimal("91.38")
    assert index.category() == ("A", "Sangat baik") == index.category(ikm.ROUNDED_WEIGHT)
    assert index.respondents == 29


def test_one_respondent_answering_all_fours_gets_100_and_99_90():
    index = ikm.index_of([dict.fromkeys(ELEMENT_KEYS, 4)])
    assert index.converted_shown() == Decimal("100.00")
    assert index.converted_shown(ikm.ROUNDED_WEIGHT) == Decimal("99.90")
    assert index.converted(ikm.EXACT_WEIGHT) == Fraction(100)


@pytest.mark.parametrize(
    ("converted", "category"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_the_categories_meet_at_the_regulations_boundaries(converted, category):
    assert ikm.category_of(Decimal(converted))[0] == category


def test_near_a_boundary_the_two_weights_can_differ_in_category():
    # Every NRR 3.5324: exact 88.31 (A), with 0.111 88.22 (B).
    index = ikm.Index(
        elements=tuple(ikm.ElementResult(key=key, total=8831, respondents=2500) for key in ELEMENT_KEYS),
        respondents=2500,
    )
    assert index.converted_shown() == Decimal("88.31") and index.category()[0] == "A"
    assert (
        index.converted_shown(ikm.ROUNDED_WEIGHT) == Decimal("88.22")
        and index.category(ikm.ROUNDED_WEIGHT)[0] == "B"
    )


def test_an_element_nobody_answered_leaves_no_index_and_bad_scores_are_refused():
    partial = ikm.index_of([{"persyaratan": 4}])
    assert partial.ikm() is None and partial.converted_shown() is None
    with pytest.raises(ValueError):
        ikm.index_of([{"persyaratan": 5}])
    with pytest.raises(ValueError):
        ikm.index_of([{"unsur_10": 3}])


@pytest.mark.parametrize(("population", "target"), [(100, 80), (1000, 278), (0, 0), (10, 10), (50, 45)])
def test_the_krejcie_morgan_sample_target(population, target):
    assert ikm.sample_target(population) == target


def test_answers_are_keyed_by_element_in_the_regulations_order():
    assert [element.number for element in ELEMENTS] == list(range(1, 10))
    assert ELEMENT_KEYS[7] == "pengaduan" and ELEMENT_KEYS[8] == "sarana"
    assert str(ELEMENTS[3].points[3]) == "Gratis"
