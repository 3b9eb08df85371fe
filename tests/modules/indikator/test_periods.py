"""Period keys, windows and the period before, of every kind."""

import datetime

import pytest

from modules.indikator.definitions import BY_KEY, INDICATORS, KINDS, Period

D = datetime.date


@pytest.mark.parametrize(
    ("key", "start", "end", "previous"),
    [
        ("2026-12", D(2026, 12, 1), D(2026, 12, 31), "2026-11"),
        ("2026-01", D(2026, 1, 1), D(2026, 1, 31), "2025-12"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "2024-01"),
        ("2026-T4", D(2026, 10, 1), D(2026, 12, 31), "2026-T3"),
        ("2026-T1", D(2026, 1, 1), D(2026, 3, 31), "2025-T4"),
        ("2026-S2", D(2026, 7, 1), D(2026, 12, 31), "2026-S1"),
        ("2026-S1", D(2026, 1, 1), D(2026, 6, 30), "2025-S2"),
        ("2026", D(2026, 1, 1), D(2026, 12, 31), "2025"),
    ],
)
def test_a_key_its_window_and_the_period_before(key, start, end, previous):
    period = Period.parse(key)

    assert period.key == key
    assert (period.window.start, period.window.end) == (start, end)
    assert period.previous.key == previous
    assert Period.containing(end, period.kind) == period == Period.containing(start, period.kind)


def test_containing_a_day_in_each_kind():
    day = D(2026, 8, 17)
    assert [Period.containing(day, kind).key for kind in KINDS] == ["2026-08", "2026-T3", "2026-S2", "2026"]
    assert Period.parse("2026-08").label == "Agustus 2026"
    assert Period.parse("2026-T3").label == "Triwulan III 2026"


@pytest.mark.parametrize("key", ["", "2026-13", "2026-8", "2026-T5", "2026-S3", "26-01", "2026-X1", "abcd"])
def test_a_bad_key_is_refused(key):
    with pytest.raises(ValueError):
        Period.parse(key)


def test_every_definition_is_complete_and_keys_are_unique():
    assert len(BY_KEY) == len(INDICATORS) >= 20
    for indicator in INDICATORS:
        assert indicator.direction in ("naik", "turun") and indicator.period in KINDS
        assert len(indicator.key) <= 40 and str(indicator.name)
