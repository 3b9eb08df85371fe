import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from modules.audit.models import AuditEvent
from modules.kalender.selectors import add_working_days
from modules.layanan import selectors
from modules.layanan.models import Letter, ServiceRequest
from modules.pengaduan import selectors as pengaduan_selectors
from modules.pengaduan.models import Complaint, Status
from modules.portal.models import Official, VillageProfile
from tenants.models import Village


@pytest.mark.slow
def test_the_demo_loads_real_gampong_accounts_and_requests_and_a_second_load_changes_nothing(db):
    first, second = io.StringIO(), io.StringIO()

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    codes = dict(Village.objects.filter(district__code="11.06").values_list("slug", "code"))
    assert codes == {"lambaro": "11.06.10.2001", "siron": "11.06.10.2007", "lamteh": "11.06.08.2007"}
    assert "account v_1106082007: admin.lamteh / " in first.getvalue()
    assert "account" not in second.getvalue()
    # The district's indicators are filled by the first load; the second finds nothing to change.
    assert "indicators v_1106102001: 0 rollup rows changed" not in first.getvalue()
    assert "indicators v_1106102001: 0 rollup rows changed" in second.getvalue()
    with schema_context("v_1106102001"):
        assert sorted(ServiceRequest.objects.values_list("status", flat=True)) == [
            "diajukan",
            "perlu_kelengkapan",
            "selesai",
        ]
        assert Letter.objects.get().number.startswith("474.4/001/11.06.10.2001/")
        assert VillageProfile.objects.get(pk=1).phone == "0651-123401"
        assert list(Official.objects.order_by("order").values_list("name", "position", "is_head")) == [
            ("Teuku Zulkifli", "Keuchik", True),
            ("Nurul Hidayati", "Sekretaris Gampong", False),
            ("Muhammad Rizal", "Kasi Pelayanan", False),
            ("Cut Rahmah", "Kaur Keuangan", False),
        ]
        # Written through the portal's services, as the admin whose account the demo created.
        assert list(
            AuditEvent.objects.filter(action__startswith="portal.")
            .order_by("pk")
            .values_list("action", "actor_label")
        ) == [
            ("portal.profile_update", "Admin Lambaro"),
            ("portal.official_remove", "Admin Lambaro"),
            *[("portal.official_add", "Admin Lambaro")] * 4,
        ]


@pytest.mark.slow
def test_every_demo_request_agrees_with_its_own_dates_and_lies_in_the_past(db):
    call_command("load_demo", stdout=io.StringIO())
    now, today = timezone.now(), timezone.localdate()

    village = Village.objects.get(slug="lambaro")
    with schema_context(village.tenant.schema_name):
        requests = list(
            ServiceRequest.objects.select_related("standard").prefetch_related("events", "letters")
        )
        overdue = [row for row in selectors.staff_worklist(today=today) if selectors.request_is_overdue(row)]
        for request in requests:
            submitted_on = timezone.localdate(request.submitted_at)
            moments = [event.created_at for event in request.events.all()]
            moments += [letter.issued_at for letter in request.letters.all()]
            assert request.submitted_at < now, request
            assert min(moments) == request.submitted_at, request  # the submission is the first event
            assert all(request.submitted_at <= moment <= now for moment in moments), request
            assert request.due_date == add_working_days(
                submitted_on, request.standard.time_limit_days, district_id=village.district_id
            ), request
            assert request.completed_at is None or request.submitted_at <= request.completed_at <= now

    assert [row.status for row in overdue] == ["diajukan"]
    assert all(row.due_date < today for row in overdue)
    assert {request.status: timezone.localdate(request.submitted_at) < today for request in requests} == {
        "diajukan": True,
        "perlu_kelengkapan": True,
        "selesai": True,
    }


@pytest.mark.slow
def test_the_demo_register_has_every_status_and_channel_with_dates_that_agree(db):
    call_command("load_demo", stdout=io.StringIO())

    with schema_context("v_1106102001"):
        complaints = list(Complaint.objects.prefetch_related("events"))
        assert {c.status for c in complaints} == set(Status.values)
        assert {c.identity for c in complaints} == {"named", "confidential", "anonymous"}
        assert {"daring", "telepon", "kotak_saran"} <= {c.channel for c in complaints}
        now = timezone.now()
        for complaint in complaints:
            moments = [event.created_at for event in complaint.events.all()]
            assert complaint.submitted_at <= min(moments) and max(moments) <= now, complaint.title
            if complaint.closed_at:
                assert complaint.submitted_at <= complaint.closed_at <= now
        anonymous = [c for c in complaints if c.identity == "anonymous"]
        assert all(c.reporter_name == c.reporter_phone == "" for c in anonymous)
        due = pengaduan_selectors.complaints_due(today=timezone.localdate())
        assert due.overdue, "the demo shows an overdue complaint in the staff queue"


@pytest.mark.slow
def test_the_demo_ppid_has_every_state_to_show_and_its_dates_lie_in_the_past(db):
    from modules.ppid import selectors as ppid_selectors
    from modules.ppid.models import InformationRequest, Objection, RequestStatus

    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    with schema_context("v_1106102001"):
        coverage = ppid_selectors.checklist_coverage()
        assert coverage.covered and coverage.stale and coverage.missing  # each state has an example
        groups = ppid_selectors.items_by_category(ppid_selectors.published_items())
        assert all(items for _value, _label, items in groups)  # every category has an item
        assert len(ppid_selectors.active_announcements()) == 1
        requests = list(InformationRequest.objects.all())
        assert {request.status for request in requests} == set(RequestStatus.values)
        assert {request.decision for request in requests} >= {
            "diberikan",
            "sebagian",
            "ditolak",
            "tidak_dikuasai",
        }
        for request in requests:
            assert timezone.localdate(request.submitted_at) < today
            if request.decided_at:
                assert request.submitted_at < request.decided_at < timezone.now()
                assert request.letter_pdf
        due = ppid_selectors.requests_due(today=today)
        assert due.overdue and due.nearly_due
        assert sorted(Objection.objects.values_list("status", flat=True)) == ["ditanggapi", "diterima"]
        figures = ppid_selectors.annual_report(today.year)
        assert figures.received == len([r for r in requests if r.year == today.year])


@pytest.mark.slow
def test_the_demo_survey_shows_a_rising_ikm_a_plan_polls_and_one_invitation_per_finished_request(db):
    from django.core.exceptions import ValidationError

    from modules.layanan.models import RequestStatus
    from modules.survei import selectors as survey_selectors
    from modules.survei import services as survey_services
    from modules.survei.models import Invitation, Poll
    from tests.modules.survei.data import response_data

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    with schema_context("v_1106102001"):
        now = survey_selectors.Period.containing(timezone.localdate())
        results = survey_selectors.results(now)
        assert results.index.respondents == 41 and results.previous.respondents == 34
        assert results.change is not None and results.change > 0
        assert (
            survey_selectors.follow_up_plan(now).exists()
            and survey_selectors.follow_up_plan(now.previous).exists()
        )
        assert sorted(poll.is_closed() for poll in Poll.objects.all()) == [False, True]
        finished = ServiceRequest.objects.get(status=RequestStatus.COMPLETED)
        invitation = survey_selectors.invitation_for(f"layanan.request:{finished.pk}")
        assert invitation is not None and Invitation.objects.filter(source="layanan").count() == 1
        survey_services.response_submit(token=invitation.token, data=response_data())
        with pytest.raises(ValidationError) as refused:
            survey_services.response_submit(token=invitation.token, data=response_data())
        assert refused.value.code == "already_answered"


@pytest.mark.slow
def test_the_demo_action_plan_has_three_programs_from_three_sources_and_is_the_dips_periodic_item(db):
    from modules.ppid import selectors as ppid_selectors
    from modules.rencana import selectors as plan_selectors
    from modules.rencana.models import Measure

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    with schema_context("v_1106102001"):
        plan = plan_selectors.current_plan()
        assert plan is not None and plan_selectors.plans_for_staff().count() == 1
        found = plan_selectors.matrix(plan)
        assert sorted(row.program.area.name for row in found.rows) == [
            "Administrasi publik",
            "Pelayanan kesehatan",
            "Pendidikan",
        ]
        assert {total.source for total in found.totals} == {"apbdes", "csr", "donasi_lsm"}
        assert found.budget_total == 45_000_000 + 30_000_000 + 25_000_000 + 40_000_000 + 15_000_000
        assert all(row.program.updates.count() == 2 for row in found.rows)
        letters = next(
            indicator
            for row in found.rows
            for indicator in row.indicators
            if indicator.indicator.measure == Measure.LETTERS_ON_TIME
        )
        # The demo's one finished request was signed within its standard time.
        assert letters.value == 100
        assert letters.meets
        dip = ppid_selectors.published_items(query="Matriks program dan kegiatan")
        assert [item.checklist_entry.key for item in dip] == ["program-kegiatan"]
        line = next(
            line for line in ppid_selectors.checklist_coverage().lines if line.entry.key == "program-kegiatan"
        )
        assert line.state == "ada"


@pytest.mark.slow
def test_after_the_demo_the_nightly_reconciliation_finds_no_difference(db):
    from modules.indikator.models import RollupValue
    from modules.indikator.services import rollup_reconcile

    call_command("load_demo", stdout=io.StringIO())
    lambaro = Village.objects.get(slug="lambaro", district__code="11.06")
    assert RollupValue.objects.filter(village=lambaro, value__isnull=False).count() >= 10

    run = rollup_reconcile()

    assert run.differences == 0, run.detail
