"""The complaint register's services: intake with identity protection, the workflow with its
working-day deadlines, support, duplicates, the reporter's "Sudah diperbaiki?" and reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from modules.audit.models import AuditEvent
from modules.pengaduan import selectors, services
from modules.pengaduan.models import Category, Complaint, ComplaintEvent, Identity, Status


def new_complaint(**overrides):
    data = {
        "category_id": Category.objects.get(name__startswith="Infrastruktur").pk,
        "title": "Jalan berlubang di depan meunasah",
        "description": "Lubang besar, berbahaya bagi anak sekolah yang bersepeda.",
        "identity": Identity.NAMED,
        "reporter_name": "Cut Nyak Dhien",
        "reporter_phone": "081234567890",
        **overrides,
    }
    return services.NewComplaint(**data)


def submit(village, actor=None, **overrides):
    return services.complaint_submit(
        village=village, data=new_complaint(**overrides), photos=[], actor=actor, idempotency_key=""
    )


def test_a_new_village_gets_categories_and_deadlines(in_village_a):
    assert Category.objects.filter(is_active=True).count() >= 6
    config = services.complaint_settings()
    assert (config.verify_days, config.follow_up_days) == (3, 5)


def test_an_anonymous_complaint_stores_nothing_that_identifies(village_a, in_village_a):
    complaint = submit(
        village_a, identity=Identity.ANONYMOUS, reporter_name="Teuku Umar", reporter_email="umar@example.id"
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reporter_name, reporter_phone, reporter_email FROM pengaduan_complaint WHERE id = %s",
            [complaint.pk],
        )
        stored = cursor.fetchone()
    assert all(value in ("", None) or "Umar" not in value for value in stored)
    assert Complaint.objects.get(pk=complaint.pk).reporter_name == ""


def test_a_named_complaint_keeps_the_name_encrypted(village_a, in_village_a):
    complaint = submit(village_a)

    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_name FROM pengaduan_complaint WHERE id = %s", [complaint.pk])
        (stored,) = cursor.fetchone()
    assert "Cut Nyak" not in stored
    assert Complaint.objects.get(pk=complaint.pk).reporter_name == "Cut Nyak Dhien"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"description": "x" * 4001}, "description"),
        ({"description": "a\x00b"}, "description"),
        ({"latitude": "5.5"}, "latitude"),
        ({"latitude": "utara", "longitude": "95.3"}, "latitude"),
        ({"identity": Identity.NAMED, "reporter_name": " "}, "reporter_name"),
        ({"notify_channel": "email"}, "reporter_email"),
        ({"reporter_email": "bukan-alamat-surel"}, "reporter_email"),
        ({"category_id": 999999}, "category"),
    ],
)
def test_bad_input_is_refused_by_field_and_stores_nothing(village_a, in_village_a, overrides, field):
    with pytest.raises(ValidationError) as refused:
        submit(village_a, **overrides)

    assert field in refused.value.message_dict
    assert not Complaint.objects.exists()


def test_deadlines_are_working_days_and_the_workflow_moves_them(village_a, in_village_a, staff):
    officer = staff["complaint_officer"]
    # Friday 4 December 2026: three working days later is Wednesday 9 December.
    friday = timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 0))
    complaint = services.complaint_submit(
        village=village_a,
        data=new_complaint(),
        photos=[],
        actor=None,
        idempotency_key="",
        submitted_at=friday,
    )
    assert complaint.verify_due == datetime.date(2026, 12, 9)

    services.complaint_transition(
        complaint=complaint, to_status=Status.VERIFIED, actor=officer, response="", internal_note=""
    )
    verified = Complaint.objects.get(pk=complaint.pk)
    assert verified.follow_up_due is not None and verified.follow_up_due > timezone.localdate()

    with pytest.raises(ValidationError):
        services.complaint_transition(
            complaint=complaint, to_status=Status.IN_PROGRESS, actor=officer, response="", internal_note=""
        )
    services.complaint_transition(
        complaint=complaint,
        to_status=Status.IN_PROGRESS,
        actor=officer,
        response="Tim pembangunan gampong akan menimbun lubang.",
        internal_note="Minta material ke kaur pembangunan.",
    )
    services.complaint_transition(
        complaint=complaint,
        to_status=Status.RESOLVED,
        actor=officer,
        response="Sudah ditimbun.",
        internal_note="",
    )
    resolved = Complaint.objects.get(pk=complaint.pk)
    assert resolved.status == Status.RESOLVED and resolved.closed_at and resolved.fixed_asked_at
    public = list(selectors.public_timeline(resolved).values_list("response", flat=True))
    assert "Minta material" not in " ".join(public)
    assert "Sudah ditimbun." in public


def test_roles_outside_the_handlers_cannot_move_a_complaint(village_a, in_village_a, staff):
    complaint = submit(village_a)
    for role in ("operator", "council_member", "ppid_officer"):
        with pytest.raises(PermissionDenied):
            services.complaint_transition(
                complaint=complaint,
                to_status=Status.VERIFIED,
                actor=staff[role],
                response="",
                internal_note="",
            )


def test_belum_reopens_and_ya_closes_for_good(village_a, in_village_a, staff):
    officer = staff["village_admin"]
    complaint = submit(village_a)
    for status, response in (
        (Status.VERIFIED, ""),
        (Status.IN_PROGRESS, "Dikerjakan."),
        (Status.RESOLVED, "Beres."),
    ):
        services.complaint_transition(
            complaint=complaint, to_status=status, actor=officer, response=response, internal_note=""
        )

    with pytest.raises(ValidationError):
        services.complaint_feedback(
            complaint=complaint, secret=complaint.secret, answer="belum", rating=None, note="", actor=None
        )
    with pytest.raises(PermissionDenied):
        services.complaint_feedback(
            complaint=complaint, secret="tebakan", answer="ya", rating=4, note="", actor=None
        )
    reopened = services.complaint_feedback(
        complaint=complaint,
        secret=complaint.secret,
        answer="belum",
        rating=2,
        note="Lubangnya muncul lagi.",
        actor=None,
    )

    assert reopened.status == Status.IN_PROGRESS and reopened.reopen_count == 1 and reopened.closed_at is None
    assert ComplaintEvent.objects.filter(complaint=complaint, response="Lubangnya muncul lagi.").exists()


def test_a_duplicate_moves_its_supporters_to_the_original(village_a, in_village_a, staff):
    original = submit(village_a)
    copy = submit(village_a, title="Lubang jalan meunasah")
    services.complaint_support(complaint=copy, supporter_key="sesi-1", actor=None)
    services.complaint_support(complaint=original, supporter_key="sesi-2", actor=None)
    services.complaint_support(complaint=original, supporter_key="sesi-2", actor=None)  # once per session

    services.complaint_mark_duplicate(
        complaint=copy,
        original_code=original.tracking_code,
        actor=staff["complaint_officer"],
        response="",
        internal_note="",
    )

    assert (
        Complaint.objects.get(pk=original.pk).supporter_count == 3
    )  # sesi-2, sesi-1 and the copy's reporter
    assert Complaint.objects.get(pk=copy.pk).duplicate_of_id == original.pk


def test_a_confidential_identity_is_for_the_complaint_officer_and_each_look_is_audited(
    village_a, in_village_a, staff
):
    complaint = submit(village_a, identity=Identity.CONFIDENTIAL)

    with pytest.raises(PermissionDenied):
        services.complaint_identity_reveal(complaint=complaint, actor=staff["village_admin"])
    shown = services.complaint_identity_reveal(complaint=complaint, actor=staff["complaint_officer"])
    services.complaint_identity_reveal(complaint=complaint, actor=staff["complaint_officer"])

    assert shown.name == "Cut Nyak Dhien"
    assert AuditEvent.objects.filter(action="pengaduan.identity_view").count() == 2


def test_similar_open_complaints_are_found_by_place_and_words(village_a, in_village_a):
    near = submit(village_a, latitude="5.552000", longitude="95.317000", title="Parit tersumbat")
    submit(village_a, latitude="5.600000", longitude="95.400000", title="Lampu mati")
    worded = submit(village_a, title="Jalan berlubang dekat sekolah")

    found = selectors.similar_open(
        category_id=near.category_id,
        title="Jalan berlubang",
        latitude=near.latitude + 0,
        longitude=near.longitude,
    )

    assert near in found and worded in found and len(found) == 2


def test_the_reminders_pick_the_overdue_across_a_weekend(village_a, in_village_a, staff):
    friday = timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 0))
    late = services.complaint_submit(
        village=village_a,
        data=new_complaint(),
        photos=[],
        actor=None,
        idempotency_key="",
        submitted_at=friday,
    )

    before = services.complaint_reminders_send(today=datetime.date(2026, 12, 9))
    after = services.complaint_reminders_send(today=datetime.date(2026, 12, 10))

    assert late.verify_due == datetime.date(2026, 12, 9)
    assert (before.overdue, before.nearly_due) == (0, 1)
    assert (after.overdue, after.nearly_due) == (1, 0)
