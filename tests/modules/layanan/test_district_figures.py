"""The counter's figures that the district's indicators read: requests received in a period and the
median working days from submission to the letter."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from modules.layanan import selectors
from modules.layanan.models import ServiceRequest
from tests.modules.layanan.data import awaiting_signature, signed_letter

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=WIB)


def _finished(village, service, staff, submitted: datetime.date, completed: datetime.date) -> None:
    letter = signed_letter(
        village=village, service=service, operator=staff["operator"], signer=staff["village_admin"]
    )
    ServiceRequest.objects.filter(pk=letter.request_id).update(
        submitted_at=_at(submitted), completed_at=_at(completed)
    )


def test_received_counts_submissions_in_the_period_whatever_their_status(village_a, domisili, staff):
    open_one = awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])
    ServiceRequest.objects.filter(pk=open_one.pk).update(submitted_at=_at(datetime.date(2026, 2, 3)))
    _finished(village_a, domisili, staff, datetime.date(2026, 2, 27), datetime.date(2026, 3, 2))
    _finished(village_a, domisili, staff, datetime.date(2026, 1, 30), datetime.date(2026, 2, 2))

    assert selectors.requests_received_between(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)) == 2


def test_the_median_counts_working_days_in_the_villages_calendar(village_a, domisili, staff):
    # Mon 2 Feb → Wed 4 Feb: 2; Mon 2 Feb → Mon 9 Feb: 5; Fri 13 Feb → Wed 18 Feb: 1 (16 and 17
    # February 2026 are Imlek and its cuti bersama).
    _finished(village_a, domisili, staff, datetime.date(2026, 2, 2), datetime.date(2026, 2, 4))
    _finished(village_a, domisili, staff, datetime.date(2026, 2, 2), datetime.date(2026, 2, 9))
    _finished(village_a, domisili, staff, datetime.date(2026, 2, 13), datetime.date(2026, 2, 18))
    _finished(village_a, domisili, staff, datetime.date(2026, 1, 5), datetime.date(2026, 1, 30))  # January

    february = (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert selectors.completion_median_working_days_between(*february) == Decimal(2)
    assert (
        selectors.completion_median_working_days_between(
            datetime.date(2025, 2, 1), datetime.date(2025, 2, 28)
        )
        is None
    )
