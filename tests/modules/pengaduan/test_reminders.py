"""The daily reminders (Celery beat task `pengaduan.daily_reminders`) with a fixed clock: a complaint
received on Tuesday 22 December 2026 is due for verification on Tuesday 29 December, the days off in
between (Thursday 24 December cuti bersama, Friday 25 December Christmas, the weekend) not counted;
the task visits every active village from the public schema and tells that village's handlers
once a day; a day off the village declares moves the deadline."""

import datetime

import pytest
from celery import current_app
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.accounts.services import staff_create
from modules.notifikasi.models import Notification
from modules.pengaduan import tasks
from modules.pengaduan.models import Complaint
from tests.factories import DayOverrideFactory
from tests.modules.pengaduan.data import submit_complaint

D = datetime.date
TUESDAY_BEFORE_CHRISTMAS = timezone.make_aware(datetime.datetime(2026, 12, 22, 10, 0))


@pytest.fixture
def late_complaint(village_a):
    """A complaint received on 22 December 2026, and a complaint officer with an e-mail address."""
    with tenant_context(village_a.tenant):
        staff_create(
            username="pengaduan-surel",
            full_name="Petugas Pengaduan",
            role=Role.COMPLAINT_OFFICER,
            email="petugas@lambaro.example.id",
            actor=None,
        )
        return submit_complaint(village_a, submitted_at=TUESDAY_BEFORE_CHRISTMAS)


def _reminders(village):
    with tenant_context(village.tenant):
        return list(
            Notification.objects.filter(reference__startswith="pengaduan.reminder:")
            .order_by("pk")
            .values_list("reference", "recipient", "body")
        )


def test_the_beat_schedule_names_the_task():
    entry = current_app.conf.beat_schedule["pengaduan.daily_reminders"]

    assert entry["task"] == tasks.daily_reminders.name == "pengaduan.daily_reminders"


def test_the_deadline_skips_the_weekend_cuti_bersama_and_christmas(late_complaint):
    assert late_complaint.verify_due == D(2026, 12, 29)


def test_the_task_tells_the_handlers_of_the_overdue_complaint_after_the_holidays(
    village_a, village_b, late_complaint
):
    assert connection.schema_name == "public"

    on_the_day = tasks.daily_reminders(today="2026-12-29")
    day_after = tasks.daily_reminders(today="2026-12-30")

    assert on_the_day == day_after >= 2  # every active village, A and B at least
    sent = _reminders(village_a)
    assert [(reference, recipient) for reference, recipient, _body in sent] == [
        ("pengaduan.reminder:2026-12-29", "petugas@lambaro.example.id"),
        ("pengaduan.reminder:2026-12-30", "petugas@lambaro.example.id"),
    ]
    assert "hampir jatuh tempo" in sent[0][2] and late_complaint.tracking_code in sent[0][2]
    assert "terlambat" in sent[1][2] and "29-12-2026" in sent[1][2]
    assert _reminders(village_b) == []  # B has no complaint and hears nothing of A's


def test_before_the_holidays_nothing_is_due_yet(village_a, late_complaint):
    tasks.daily_reminders(today="2026-12-23")

    assert _reminders(village_a) == []


def test_a_second_run_on_the_same_day_tells_no_one_twice(village_a, late_complaint):
    tasks.daily_reminders(today="2026-12-30")
    tasks.daily_reminders(today="2026-12-30")

    assert len(_reminders(village_a)) == 1


def test_a_day_off_the_village_declares_moves_the_deadline(village_a, officer):
    with tenant_context(village_a.tenant):
        DayOverrideFactory(day=D(2026, 12, 28), is_working_day=False, reason="Kenduri gampong")
        complaint = submit_complaint(village_a, submitted_at=TUESDAY_BEFORE_CHRISTMAS)
        staff_create(
            username="pengaduan-surel",
            full_name="Petugas Pengaduan",
            role=Role.COMPLAINT_OFFICER,
            email="petugas@lambaro.example.id",
            actor=None,
        )

    tasks.daily_reminders(today="2026-12-30")
    tasks.daily_reminders(today="2026-12-31")

    assert complaint.verify_due == D(2026, 12, 30)
    sent = _reminders(village_a)
    assert "hampir jatuh tempo" in sent[0][2] and "terlambat" in sent[1][2]
    with tenant_context(village_a.tenant):
        assert Complaint.objects.get(pk=complaint.pk).status == "diterima"
