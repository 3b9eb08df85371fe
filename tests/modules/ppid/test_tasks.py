"""The daily PPID reminders (Celery beat task `ppid.daily_reminders`) and the decision letter's
task, run from the public schema as the worker runs them."""

import datetime

from celery import current_app
from django.db import connection
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.notifikasi.models import Notification
from modules.ppid import services, tasks
from tests.modules.ppid.data import at, decision, submit_request

D = datetime.date


def test_the_beat_schedule_names_the_task():
    entry = current_app.conf.beat_schedule["ppid.daily_reminders"]
    assert entry["task"] == tasks.daily_reminders.name == "ppid.daily_reminders"


def test_the_task_reminds_the_officer_and_the_superior_in_each_village_once_a_day(
    village_a, village_b, staff
):
    officer, superior = staff[Role.PPID_OFFICER], staff[Role.PPID_SUPERIOR]
    with tenant_context(village_a.tenant):
        for account, email in ((officer, "ppid@lambaro.example.id"), (superior, "atasan@lambaro.example.id")):
            account.email = email
            account.save()
        late = submit_request(village_a, submitted_at=at(D(2026, 12, 1)))  # due Tue 15 December
        refused = submit_request(village_a, submitted_at=at(D(2026, 12, 2)))
        services.information_request_decide(
            actor=officer, request=refused, data=decision("ditolak"), at=at(D(2026, 12, 3))
        )
        services.objection_file(
            request=refused, ground="35a", reason="Keberatan.", actor=None, at=at(D(2026, 12, 4))
        )
    assert connection.schema_name == "public"

    visited = tasks.daily_reminders(today="2026-12-16")
    again = tasks.daily_reminders(today="2026-12-16")

    assert visited == again >= 2  # every active village, A and B at least
    with tenant_context(village_a.tenant):
        sent = {
            n.recipient: n.body for n in Notification.objects.filter(reference="ppid.reminder:2026-12-16")
        }
    assert set(sent) == {"ppid@lambaro.example.id", "atasan@lambaro.example.id"}
    assert late.registration_number in sent["ppid@lambaro.example.id"]
    assert "KEB-PPID" in sent["atasan@lambaro.example.id"]


def test_the_letter_task_renders_in_the_schema_it_was_queued_from(village_a, staff):
    with tenant_context(village_a.tenant):
        request = submit_request(village_a)
        services.information_request_decide(actor=staff[Role.PPID_OFFICER], request=request, data=decision())
        tasks.render_decision_letter(request.pk)
        request.refresh_from_db()
        with request.letter_pdf.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        assert request.letter_pdf.name.startswith("v_1106102001/")
