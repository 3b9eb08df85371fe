"""Working days: the national calendar (no database) and district/village overrides (database)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from modules.audit.models import AuditEvent
from modules.kalender import selectors, services
from modules.kalender.models import DayOverride, OverrideScope
from modules.kalender.working_days import (
    WorkingCalendar,
    add_working_days,
    is_working_day,
    national_days_off,
)
from tests.factories import DayOverrideFactory

D = datetime.date

# 2026 facts from SKB 3 Menteri (as the holidays package lists them):
THURSDAY_BEFORE_GOOD_FRIDAY = D(2026, 4, 2)  # Friday 3 April 2026: Wafat Yesus Kristus
GOOD_FRIDAY = D(2026, 4, 3)
SATURDAY_AFTER_GOOD_FRIDAY = D(2026, 4, 4)
MONDAY_AFTER_GOOD_FRIDAY = D(2026, 4, 6)
CHRISTMAS_CUTI_BERSAMA = D(2026, 12, 24)  # Thursday; Friday 25 December is Christmas


# --- the national calendar, no database ------------------------------------------------------------


def test_national_calendar_has_public_holidays_and_cuti_bersama_in_indonesian():
    days_off = national_days_off(2026)

    assert days_off[GOOD_FRIDAY] == "Wafat Yesus Kristus"
    assert days_off[CHRISTMAS_CUTI_BERSAMA] == "Cuti Bersama Hari Raya Natal"
    assert days_off[D(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    assert [day for day, name in days_off.items() if name.startswith("Cuti Bersama")] == [
        D(2026, 2, 16),
        D(2026, 3, 18),
        D(2026, 3, 20),
        D(2026, 3, 23),
        D(2026, 3, 24),
        D(2026, 5, 15),
        D(2026, 5, 28),
        D(2026, 12, 24),
    ]


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(D(2026, 11, 26)) is True  # Thursday
    assert is_working_day(D(2026, 11, 28)) is False  # Saturday
    assert is_working_day(D(2026, 11, 29)) is False  # Sunday
    assert is_working_day(D(2026, 8, 17)) is False  # Hari Kemerdekaan, a Monday
    assert is_working_day(D(2026, 8, 18)) is True
    assert is_working_day(CHRISTMAS_CUTI_BERSAMA) is False


def test_a_request_on_thursday_before_a_friday_holiday_is_due_after_the_weekend():
    assert add_working_days(THURSDAY_BEFORE_GOOD_FRIDAY, 1) == MONDAY_AFTER_GOOD_FRIDAY
    assert add_working_days(THURSDAY_BEFORE_GOOD_FRIDAY, 3) == D(2026, 4, 8)


def test_an_ordinary_weekend_is_skipped():
    assert add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Friday -> Monday
    assert add_working_days(D(2026, 11, 23), 5) == D(2026, 11, 30)  # Monday -> next Monday


def test_cuti_bersama_is_counted_as_a_day_off():
    # Wednesday 23 December: 24 (cuti bersama), 25 (Natal), 26-27 (weekend) are skipped.
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 28)


def test_lebaran_2026_with_its_cuti_bersama_is_skipped_whole():
    # 18 cuti Nyepi, 19 Nyepi, 20 cuti, 21-22 Idul Fitri (weekend), 23-24 cuti Idul Fitri.
    assert add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 25)


def test_counting_crosses_into_the_next_year():
    # Thursday 31 December 2026; Friday 1 January 2027 is Tahun Baru Masehi.
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_zero_days_is_the_start_itself_even_on_a_holiday():
    assert add_working_days(GOOD_FRIDAY, 0) == GOOD_FRIDAY


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="days must be zero or more"):
        add_working_days(GOOD_FRIDAY, -1)


def test_an_override_makes_a_saturday_a_working_day_without_a_database():
    overrides = {SATURDAY_AFTER_GOOD_FRIDAY: True}

    assert is_working_day(SATURDAY_AFTER_GOOD_FRIDAY, overrides=overrides) is True
    assert add_working_days(THURSDAY_BEFORE_GOOD_FRIDAY, 1, overrides=overrides) == SATURDAY_AFTER_GOOD_FRIDAY


def test_an_override_cancels_a_holiday_without_a_database():
    overrides = {GOOD_FRIDAY: True}

    assert add_working_days(THURSDAY_BEFORE_GOOD_FRIDAY, 1, overrides=overrides) == GOOD_FRIDAY


def test_an_override_declares_an_extra_day_off_without_a_database():
    overrides = {MONDAY_AFTER_GOOD_FRIDAY: False}

    assert add_working_days(THURSDAY_BEFORE_GOOD_FRIDAY, 1, overrides=overrides) == D(2026, 4, 7)


def test_a_calendar_refuses_days_before_the_overrides_it_loaded():
    calendar = WorkingCalendar(since=THURSDAY_BEFORE_GOOD_FRIDAY, overrides={})

    assert calendar.add_working_days(THURSDAY_BEFORE_GOOD_FRIDAY, 1) == MONDAY_AFTER_GOOD_FRIDAY
    with pytest.raises(ValueError, match="overrides from 2026-04-02 on"):
        calendar.is_working_day(D(2026, 4, 1))


# --- overrides in the database (harness: tests/conftest.py) ----------------------------------------


def district_override(*, district_id, day, is_working_day, reason="Keputusan bupati"):
    with schema_context("public"):
        return DayOverrideFactory(
            scope=OverrideScope.DISTRICT,
            district_id=district_id,
            day=day,
            is_working_day=is_working_day,
            reason=reason,
        )


def village_override(*, day, is_working_day, reason="Keputusan keuchik"):
    return DayOverrideFactory(day=day, is_working_day=is_working_day, reason=reason)


@pytest.mark.django_db
def test_village_override_makes_a_saturday_a_working_day(village_a, in_village_a):
    village_override(day=SATURDAY_AFTER_GOOD_FRIDAY, is_working_day=True, reason="Pelayanan Sabtu")

    due = selectors.add_working_days(THURSDAY_BEFORE_GOOD_FRIDAY, 1, district_id=village_a.district_id)

    assert due == SATURDAY_AFTER_GOOD_FRIDAY


@pytest.mark.django_db
def test_district_override_cancels_cuti_bersama_for_its_villages(village_a, in_village_a):
    district_override(district_id=village_a.district_id, day=CHRISTMAS_CUTI_BERSAMA, is_working_day=True)

    due = selectors.add_working_days(D(2026, 12, 23), 1, district_id=village_a.district_id)

    assert due == CHRISTMAS_CUTI_BERSAMA


@pytest.mark.django_db
def test_district_override_adds_a_day_off(village_a, in_village_a):
    district_override(
        district_id=village_a.district_id,
        day=MONDAY_AFTER_GOOD_FRIDAY,
        is_working_day=False,
        reason="Hari jadi",
    )

    due = selectors.add_working_days(THURSDAY_BEFORE_GOOD_FRIDAY, 1, district_id=village_a.district_id)

    assert due == D(2026, 4, 7)


@pytest.mark.django_db
def test_village_override_beats_the_district_and_stays_in_its_village(village_a, village_b):
    district_override(district_id=village_a.district_id, day=MONDAY_AFTER_GOOD_FRIDAY, is_working_day=False)
    with schema_context(village_a.tenant.schema_name):
        village_override(day=MONDAY_AFTER_GOOD_FRIDAY, is_working_day=True, reason="Pelayanan tetap buka")

    with schema_context(village_a.tenant.schema_name):
        due_in_a = selectors.add_working_days(
            THURSDAY_BEFORE_GOOD_FRIDAY, 1, district_id=village_a.district_id
        )
    with schema_context(village_b.tenant.schema_name):
        due_in_b = selectors.add_working_days(
            THURSDAY_BEFORE_GOOD_FRIDAY, 1, district_id=village_b.district_id
        )

    assert due_in_a == MONDAY_AFTER_GOOD_FRIDAY
    assert due_in_b == D(2026, 4, 7)


@pytest.mark.django_db
def test_another_districts_override_does_not_apply(village_a, in_village_a):
    district_override(district_id=village_a.district_id + 1000, day=GOOD_FRIDAY, is_working_day=True)

    due = selectors.add_working_days(THURSDAY_BEFORE_GOOD_FRIDAY, 1, district_id=village_a.district_id)

    assert due == MONDAY_AFTER_GOOD_FRIDAY


@pytest.mark.django_db
def test_overrides_before_the_start_are_not_read(village_a, in_village_a):
    village_override(day=D(2026, 4, 1), is_working_day=False)

    calendar = selectors.working_calendar(
        district_id=village_a.district_id, since=THURSDAY_BEFORE_GOOD_FRIDAY
    )

    assert dict(calendar.overrides) == {}


def selects(queries: CaptureQueriesContext) -> list[str]:
    """The statements that read data; django-tenants' `SET search_path` before each cursor is not one
    unless TENANT_LIMIT_SET_CALLS is on, and is not this module's doing."""
    return [
        query["sql"] for query in queries.captured_queries if not query["sql"].startswith("SET search_path")
    ]


@pytest.mark.django_db
def test_a_calendar_costs_one_query_per_scope(village_a, in_village_a):
    district_override(district_id=village_a.district_id, day=CHRISTMAS_CUTI_BERSAMA, is_working_day=True)
    village_override(day=SATURDAY_AFTER_GOOD_FRIDAY, is_working_day=True)

    with CaptureQueriesContext(connection) as queries:
        calendar = selectors.working_calendar(district_id=village_a.district_id, since=D(2026, 1, 1))

    assert len(selects(queries)) == 2
    assert 'FROM "public"."kalender_dayoverride"' in selects(queries)[0]
    assert dict(calendar.overrides) == {SATURDAY_AFTER_GOOD_FRIDAY: True, CHRISTMAS_CUTI_BERSAMA: True}


@pytest.mark.django_db
def test_on_the_public_schema_only_the_district_is_read(village_a):
    district_override(district_id=village_a.district_id, day=GOOD_FRIDAY, is_working_day=True)

    with CaptureQueriesContext(connection) as queries:
        due = selectors.add_working_days(THURSDAY_BEFORE_GOOD_FRIDAY, 1, district_id=village_a.district_id)

    assert len(selects(queries)) == 1
    assert due == GOOD_FRIDAY


# --- services --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_village_override_set_then_changed_keeps_one_row_with_audit(village_a, in_village_a):
    services.village_day_override_set(
        day=SATURDAY_AFTER_GOOD_FRIDAY, is_working_day=True, reason="Pelayanan Sabtu", actor=None
    )
    services.village_day_override_set(
        day=SATURDAY_AFTER_GOOD_FRIDAY, is_working_day=False, reason="Batal", actor=None
    )

    assert list(
        DayOverride.objects.values_list("scope", "day", "is_working_day", "reason", "district_id")
    ) == [(OverrideScope.VILLAGE, SATURDAY_AFTER_GOOD_FRIDAY, False, "Batal", None)]
    assert AuditEvent.objects.filter(action="kalender.village_override_set").count() == 2


@pytest.mark.django_db
def test_village_override_remove(village_a, in_village_a):
    services.village_day_override_set(
        day=SATURDAY_AFTER_GOOD_FRIDAY, is_working_day=True, reason="Pelayanan Sabtu", actor=None
    )

    assert services.village_day_override_remove(day=SATURDAY_AFTER_GOOD_FRIDAY, actor=None) is True
    assert services.village_day_override_remove(day=SATURDAY_AFTER_GOOD_FRIDAY, actor=None) is False
    assert not DayOverride.objects.exists()


@pytest.mark.django_db
def test_village_override_cannot_be_set_on_the_public_schema():
    before = DayOverride.objects.count()

    with pytest.raises(ValidationError):
        services.village_day_override_set(day=GOOD_FRIDAY, is_working_day=True, reason="x", actor=None)

    assert DayOverride.objects.count() == before


@pytest.mark.django_db
def test_district_override_set_from_a_village_schema_lands_in_public(village_a, in_village_a):
    services.district_day_override_set(
        district_id=village_a.district_id,
        day=CHRISTMAS_CUTI_BERSAMA,
        is_working_day=True,
        reason="Pelayanan tetap buka",
        actor=None,
    )

    assert not DayOverride.objects.exists()  # nothing in the village's own table
    with schema_context("public"):
        assert list(DayOverride.objects.values_list("scope", "district_id", "day")) == [
            (OverrideScope.DISTRICT, village_a.district_id, CHRISTMAS_CUTI_BERSAMA)
        ]
        assert AuditEvent.objects.filter(action="kalender.district_override_set").count() == 1
    assert (
        services.district_day_override_remove(
            district_id=village_a.district_id, day=CHRISTMAS_CUTI_BERSAMA, actor=None
        )
        is True
    )
