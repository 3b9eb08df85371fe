"""The complaint figures of one period that the district's indicators read."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from modules.pengaduan import selectors
from modules.pengaduan.models import Complaint, FixedAnswer, Status
from tests.modules.pengaduan.data import move, submit_complaint

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=WIB)


def _resolved(village, officer, submitted, closed, due, answer=""):
    complaint = move(submit_complaint(village), Status.RESOLVED, actor=officer)
    Complaint.objects.filter(pk=complaint.pk).update(
        submitted_at=_at(submitted), closed_at=_at(closed), resolve_due=due, fixed_answer=answer
    )


def test_the_figures_of_february(in_village_a, village_a, officer):
    feb = datetime.date(2026, 2, 1)
    # Mon 2 → Thu 5 February: 3 working days, in time; Mon 9 → Wed 18: 5 (Imlek on 16 and 17), late.
    _resolved(
        village_a,
        officer,
        datetime.date(2026, 2, 2),
        datetime.date(2026, 2, 5),
        datetime.date(2026, 2, 6),
        FixedAnswer.YES,
    )
    _resolved(
        village_a,
        officer,
        datetime.date(2026, 2, 9),
        datetime.date(2026, 2, 18),
        datetime.date(2026, 2, 12),
        FixedAnswer.NO,
    )
    # Received in January, resolved in February within its deadline, not answered: 4 working days.
    _resolved(
        village_a, officer, datetime.date(2026, 1, 29), datetime.date(2026, 2, 4), datetime.date(2026, 2, 10)
    )
    still_open = submit_complaint(village_a)
    Complaint.objects.filter(pk=still_open.pk).update(submitted_at=_at(datetime.date(2026, 2, 20)))
    duplicate = submit_complaint(village_a)
    Complaint.objects.filter(pk=duplicate.pk).update(status=Status.DUPLICATE, submitted_at=_at(feb))

    figures = selectors.period_figures(feb, datetime.date(2026, 2, 28))

    assert figures == selectors.PeriodFigures(
        received=3,
        resolved=3,
        resolved_in_time=2,
        answered=2,
        confirmed_fixed=1,
        median_working_days=Decimal(4),
    )


def test_a_period_without_complaints(in_village_a):
    figures = selectors.period_figures(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))

    assert (figures.received, figures.resolved, figures.median_working_days) == (0, 0, None)
