"""Information requests on the shared workflow: intake with its number, one extension with a
reason, the four decisions and what each must state, the letter, objections and the superior's
answer, and who may take each step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.notifikasi.models import Notification
from modules.ppid import selectors, services
from modules.ppid.models import (
    Decision,
    InformationRequest,
    ObjectionGround,
    ObjectionOutcome,
    ObjectionStatus,
    RequestEvent,
    RequestStatus,
)
from tests.modules.ppid.data import at, decision, submit_request

D = datetime.date
OFFICERS = (Role.PPID_OFFICER, Role.VILLAGE_ADMIN)
NOT_OFFICERS = (Role.OPERATOR, Role.PPID_SUPERIOR, Role.COMPLAINT_OFFICER, Role.COUNCIL_MEMBER)


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}  # type: ignore[misc]
    return {e.code for e in error.error_list}  # type: ignore[misc]


def test_a_request_gets_a_number_a_code_a_due_date_and_its_first_entry(in_village_a, village_a):
    first = submit_request(village_a, submitted_at=at(D(2026, 12, 1)))
    second = submit_request(village_a, submitted_at=at(D(2026, 12, 2)))
    assert first.registration_number == "001/PPID/XII/2026"
    assert second.registration_number == "002/PPID/XII/2026"
    assert len(first.tracking_code) == 9 and first.status == RequestStatus.RECEIVED
    assert first.channel == "daring" and first.recorded_by == ""
    assert list(first.events.values_list("status", flat=True)) == ["diterima"]
    assert AuditEvent.objects.filter(action="ppid.request_submit", target_id=str(first.pk)).exists()


def test_personal_data_is_encrypted_at_rest(in_village_a, village_a):
    from django.db import connection

    request = submit_request(village_a)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT requester_nik, requester_address, requester_phone "
            "FROM ppid_informationrequest WHERE id = %s",
            [request.pk],
        )
        stored = cursor.fetchone()
    assert "1106101203850001" not in stored[0] and "Lampoh" not in stored[1] and "0812" not in stored[2]
    assert InformationRequest.objects.get(pk=request.pk).requester_nik == "1106101203850001"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("requester_nik", "1234", "nik_length"),
        ("requester_name", "", "blank"),
        ("information", "", "blank"),
        ("information", "x" * 2001, "max_length"),
        ("purpose", "", "blank"),
        ("form_wanted", "faks", "invalid_choice"),
        ("delivery", "merpati", "invalid_choice"),
        ("requester_email", "bukan-surel", "invalid"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_stored(in_village_a, village_a, field, value, code):
    with pytest.raises(ValidationError) as refused:
        submit_request(village_a, **{field: value})
    assert field in refused.value.error_dict
    assert not InformationRequest.objects.exists()


def test_a_request_needs_a_way_to_reach_the_requester(in_village_a, village_a):
    with pytest.raises(ValidationError) as refused:
        submit_request(village_a, requester_phone="", requester_email="")
    assert "contact_missing" in codes(refused.value)
    with pytest.raises(ValidationError) as refused:
        submit_request(village_a, delivery="surel", requester_email="")
    assert "email_required" in codes(refused.value)


def test_the_ppid_officer_registers_oral_requests_and_other_roles_cannot(in_village_a, village_a, staff):
    oral = submit_request(village_a, actor=staff[Role.PPID_OFFICER], channel="lisan")
    assert oral.channel == "lisan" and oral.recorded_by == str(staff[Role.PPID_OFFICER])
    with pytest.raises(ValidationError) as refused:
        submit_request(village_a, actor=staff[Role.PPID_OFFICER], channel="daring")
    assert "channel_required" in codes(refused.value)
    for role in NOT_OFFICERS:
        with pytest.raises(PermissionDenied):
            submit_request(village_a, actor=staff[role])


def test_a_repeated_idempotency_key_returns_the_first_request(in_village_a, village_a):
    from tests.modules.ppid.data import request_data

    first = services.information_request_submit(
        village=village_a, data=request_data(), actor=None, idempotency_key="kunci-ulang-1"
    )
    again = services.information_request_submit(
        village=village_a, data=request_data(), actor=None, idempotency_key="kunci-ulang-1"
    )
    assert again.pk == first.pk and InformationRequest.objects.count() == 1


# --- the extension --------------------------------------------------------------------------------------


def test_one_extension_with_a_reason_and_a_second_is_refused_with_a_clear_message(
    in_village_a, village_a, ppid_officer
):
    request = submit_request(village_a, submitted_at=at(D(2026, 3, 9)))
    services.information_request_extend(
        actor=ppid_officer, request=request, days=5, reason="Arsip di kecamatan.", at=at(D(2026, 3, 16))
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.EXTENDED and request.extension_reason == "Arsip di kecamatan."
    with pytest.raises(ValidationError) as refused:
        services.information_request_extend(
            actor=ppid_officer, request=request, days=2, reason="Belum selesai.", at=at(D(2026, 3, 17))
        )
    assert codes(refused.value) == {"already_extended"}
    assert "satu kali" in refused.value.messages[0]
    request.refresh_from_db()
    # 30 March + 5: Tue 31, Wed 1 and Thu 2 April, (Fri 3 Wafat Yesus Kristus), Mon 6, Tue 7.
    assert request.due_date == D(2026, 4, 7)
    assert request.events.filter(status="diperpanjang").count() == 1


@pytest.mark.parametrize(
    ("days", "reason", "code"),
    [(8, "Arsip.", "extension_days"), (0, "Arsip.", "extension_days"), (3, "  ", "note_required")],
)
def test_an_extension_needs_one_to_seven_days_and_a_reason(
    in_village_a, village_a, ppid_officer, days, reason, code
):
    request = submit_request(village_a)
    with pytest.raises(ValidationError) as refused:
        services.information_request_extend(actor=ppid_officer, request=request, days=days, reason=reason)
    assert code in codes(refused.value)
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED and request.extended_at is None


def test_an_extension_after_the_due_date_is_refused(in_village_a, village_a, ppid_officer):
    request = submit_request(village_a, submitted_at=at(D(2026, 3, 9)))
    with pytest.raises(ValidationError) as refused:
        services.information_request_extend(
            actor=ppid_officer, request=request, days=3, reason="Terlambat.", at=at(D(2026, 3, 31))
        )
    assert codes(refused.value) == {"extension_too_late"}


def test_only_officers_extend(in_village_a, village_a, staff):
    request = submit_request(village_a)
    for role in NOT_OFFICERS:
        with pytest.raises(PermissionDenied):
            services.information_request_extend(actor=staff[role], request=request, days=3, reason="Arsip.")


# --- the decisions ----------------------------------------------------------------------------------------


def test_a_refusal_without_an_exemption_ground_is_refused_with_a_clear_message(
    in_village_a, village_a, ppid_officer
):
    request = submit_request(village_a)
    with pytest.raises(ValidationError) as refused:
        services.information_request_decide(
            actor=ppid_officer, request=request, data=decision(Decision.REFUSED, exemption_ground="")
        )
    assert refused.value.error_dict["exemption_ground"][0].code == "exemption_ground_required"
    assert "Pasal 17" in refused.value.error_dict["exemption_ground"][0].messages[0]
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED and request.decision == ""


@pytest.mark.parametrize(
    ("kind", "missing", "code"),
    [
        (Decision.REFUSED, "consequence_test", "consequence_test_required"),
        (Decision.PARTIAL, "withheld", "withheld_required"),
        (Decision.PARTIAL, "exemption_ground", "exemption_ground_required"),
        (Decision.NOT_HELD, "held_by", "held_by_required"),
        (Decision.GRANTED, "answer", "answer_required"),
    ],
)
def test_each_decision_states_what_the_law_asks(in_village_a, village_a, ppid_officer, kind, missing, code):
    request = submit_request(village_a)
    with pytest.raises(ValidationError) as refused:
        services.information_request_decide(
            actor=ppid_officer, request=request, data=decision(kind, **{missing: ""})
        )
    assert refused.value.error_dict[missing][0].code == code


@pytest.mark.parametrize("kind", list(Decision))
def test_each_decision_answers_the_request_and_its_letter_is_rendered(
    in_village_a, village_a, ppid_officer, kind, django_capture_on_commit_callbacks
):
    request = submit_request(village_a, submitted_at=at(D(2026, 3, 9)))
    answered = services.information_request_decide(
        actor=ppid_officer, request=request, data=decision(kind), at=at(D(2026, 3, 12))
    )
    assert answered.status == RequestStatus.ANSWERED and answered.decision == kind
    assert answered.answered_working_days == 3 and answered.answered_on_time
    assert answered.letter_number == "001/SK-PPID/III/2026"
    assert answered.held_by == (
        "Dinas Pekerjaan Umum Kabupaten Aceh Besar" if kind == Decision.NOT_HELD else ""
    )
    assert (answered.exemption_ground == "17h") == (kind in (Decision.REFUSED, Decision.PARTIAL))
    rendered = services.decision_letter_render(request_id=answered.pk)
    with rendered.letter_pdf.open("rb") as pdf:
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "001/SK-PPID/III/2026" in text and "Teuku Umar" in text
    assert str(Decision(kind).label).upper() in text
    assert services.decision_letter_render(request_id=answered.pk).letter_pdf.name == rendered.letter_pdf.name


def test_an_answered_request_cannot_be_answered_or_extended_again(in_village_a, village_a, ppid_officer):
    request = submit_request(village_a)
    services.information_request_decide(actor=ppid_officer, request=request, data=decision())
    with pytest.raises(ValidationError) as refused:
        services.information_request_decide(actor=ppid_officer, request=request, data=decision())
    assert codes(refused.value) == {"transition_not_allowed"}
    with pytest.raises(ValidationError) as refused:
        services.information_request_extend(actor=ppid_officer, request=request, days=2, reason="Arsip.")
    assert codes(refused.value) == {"not_open"}


def test_only_officers_decide(in_village_a, village_a, staff):
    request = submit_request(village_a)
    for role in NOT_OFFICERS:
        with pytest.raises(PermissionDenied):
            services.information_request_decide(actor=staff[role], request=request, data=decision())
    for role in OFFICERS:
        fresh = submit_request(village_a)
        assert services.information_request_decide(
            actor=staff[role], request=fresh, data=decision()
        ).decided_by


def test_the_requester_is_told_of_each_step_through_the_channel_chosen(in_village_a, village_a, ppid_officer):
    request = submit_request(village_a, notify_channel="email", requester_email="umar@example.id")
    services.information_request_extend(actor=ppid_officer, request=request, days=2, reason="Arsip.")
    services.information_request_decide(actor=ppid_officer, request=request, data=decision())
    sent = list(Notification.objects.filter(reference=f"ppid.request:{request.pk}").order_by("pk"))
    assert {notification.recipient for notification in sent} == {"umar@example.id"}
    bodies = [notification.body for notification in sent]
    assert len(bodies) == 3
    assert "diterima" in bodies[0] and "diperpanjang" in bodies[1] and "sudah dijawab" in bodies[2]
    assert all(request.secret in body for body in bodies)  # the private link
    assert not any("1106101203850001" in body for body in bodies)


# --- objections ---------------------------------------------------------------------------------------------


def test_an_objection_waits_for_the_answer_or_the_missed_deadline(in_village_a, village_a):
    request = submit_request(village_a, submitted_at=at(D(2026, 3, 9)))
    with pytest.raises(ValidationError) as refused:
        services.objection_file(
            request=request, ground="35c", reason="Belum dijawab.", actor=None, at=at(D(2026, 3, 20))
        )
    assert codes(refused.value) == {"objection_too_early"}


def test_no_answer_by_the_due_date_opens_the_no_answer_ground(in_village_a, village_a, monkeypatch):
    day = timezone.localdate()
    request = submit_request(village_a, submitted_at=at(day - datetime.timedelta(days=30)))
    assert request.due_date < day
    assert ObjectionGround.NO_ANSWER in services.allowed_grounds(request, today=day)
    objection = services.objection_file(
        request=request, ground=ObjectionGround.NO_ANSWER, reason="Tidak dijawab.", actor=None
    )
    assert objection.status == ObjectionStatus.RECEIVED
    assert objection.registration_number.startswith("001/KEB-PPID/")


def test_a_ground_that_does_not_fit_is_refused(in_village_a, village_a, ppid_officer):
    request = submit_request(village_a)
    services.information_request_decide(actor=ppid_officer, request=request, data=decision(Decision.GRANTED))
    assert ObjectionGround.REFUSED not in services.allowed_grounds(request, today=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        services.objection_file(
            request=request, ground=ObjectionGround.REFUSED, reason="Ditolak.", actor=None
        )
    assert codes(refused.value) == {"ground_invalid"}


def test_an_objection_after_thirty_working_days_is_refused(in_village_a, village_a, ppid_officer):
    request = submit_request(village_a, submitted_at=at(D(2026, 3, 9)))
    request = services.information_request_decide(
        actor=ppid_officer, request=request, data=decision(Decision.REFUSED), at=at(D(2026, 3, 12))
    )
    # Answered Thu 12 March; 30 working days: Fri 13 (1), 16–17 (3), 18–24 off (Nyepi, Idul Fitri
    # and their cuti bersama), 25–27 (6), 30 March–2 April (10), Fri 3 Wafat Yesus Kristus, 6–10
    # (15), 13–17 (20), 20–24 (25), 27–30 (29), Fri 1 May Hari Buruh, Mon 4 May (30).
    assert services.objection_window(request, today=D(2026, 5, 5)) == (D(2026, 3, 12), D(2026, 5, 4))
    with pytest.raises(ValidationError) as refused:
        services.objection_file(
            request=request, ground="35a", reason="Ditolak.", actor=None, at=at(D(2026, 5, 5))
        )
    assert codes(refused.value) == {"objection_too_late"}
    objection = services.objection_file(
        request=request, ground="35a", reason="Ditolak.", actor=None, at=at(D(2026, 5, 4))
    )
    assert objection.pk


def test_the_superior_answers_an_objection_and_only_the_superior(in_village_a, village_a, staff):
    officer = staff[Role.PPID_OFFICER]
    request = submit_request(village_a, notify_channel="sms")
    services.information_request_decide(actor=officer, request=request, data=decision(Decision.REFUSED))
    objection = services.objection_file(request=request, ground="35a", reason="Hanya jumlahnya.", actor=None)
    with pytest.raises(ValidationError) as refused:
        services.objection_file(request=request, ground="35a", reason="Lagi.", actor=None)
    assert codes(refused.value) == {"objection_open"}
    for role in (*OFFICERS, Role.OPERATOR, Role.COMPLAINT_OFFICER, Role.COUNCIL_MEMBER):
        with pytest.raises(PermissionDenied):
            services.objection_answer(
                actor=staff[role], objection=objection, outcome="ditolak", response="Tidak."
            )
    with pytest.raises(ValidationError) as refused:
        services.objection_answer(
            actor=staff[Role.PPID_SUPERIOR], objection=objection, outcome="ditolak", response=" "
        )
    assert codes(refused.value) == {"note_required"}
    answered = services.objection_answer(
        actor=staff[Role.PPID_SUPERIOR],
        objection=objection,
        outcome=ObjectionOutcome.UPHELD,
        response="Jumlah penerima diberikan.",
    )
    assert answered.status == ObjectionStatus.ANSWERED and answered.commission_deadline
    assert RequestEvent.objects.filter(objection=objection).count() == 2
    last = Notification.objects.filter(reference=f"ppid.request:{request.pk}").order_by("pk").last()
    assert "Komisi Informasi" in last.body
    with pytest.raises(ValidationError):
        services.objection_answer(
            actor=staff[Role.PPID_SUPERIOR], objection=objection, outcome="ditolak", response="Lagi."
        )
    # Answered: the way on is the Komisi Informasi, not a second objection.
    with pytest.raises(ValidationError) as refused:
        services.objection_file(request=request, ground="35d", reason="Lagi.", actor=None)
    assert codes(refused.value) == {"objection_answered"}
    assert "Komisi Informasi" in refused.value.messages[0]


# --- the due state: one rule ---------------------------------------------------------------------


def test_overdue_and_nearly_due_requests_are_flagged_and_reminded_once_a_day(in_village_a, village_a, staff):
    officer = staff[Role.PPID_OFFICER]
    officer.email = "ppid@lambaro.example.id"
    officer.save()
    today = D(2026, 3, 30)
    late = submit_request(village_a, submitted_at=at(D(2026, 3, 6)))  # due Fri 27 March
    near = submit_request(village_a, submitted_at=at(D(2026, 3, 9)))  # due Mon 30 March
    calm = submit_request(village_a, submitted_at=at(D(2026, 3, 27)))  # due mid April
    due = selectors.requests_due(today=today)
    assert due.overdue == [late] and due.nearly_due == [near]
    assert calm not in due.overdue + due.nearly_due
    sent = services.ppid_reminders_send(today=today)
    again = services.ppid_reminders_send(today=today)
    assert (sent.overdue, sent.nearly_due) == (1, 1) and again.overdue == 1
    reminders = [
        n
        for n in Notification.objects.filter(reference="ppid.reminder:2026-03-30")
        if n.recipient == officer.email
    ]
    assert len(reminders) == 1
    assert late.registration_number in reminders[0].body
