"""Invitations when a request or a complaint is finished, one answer per invitation, the kiosk's
limit, and the respondent's anonymity."""

import pytest
from django.core.exceptions import ValidationError

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.notifikasi.models import Notification
from modules.pengaduan import services as complaint_services
from modules.survei import selectors, services
from modules.survei.models import Answer, Invitation, Response
from tests.modules.layanan.data import new_request_data, signed_letter
from tests.modules.pengaduan.data import move, submit_complaint
from tests.modules.survei.data import response_data


@pytest.fixture
def finished_request(in_village_a, village_a, domisili, staff):
    letter = signed_letter(
        village=village_a,
        service=domisili,
        operator=staff[Role.OPERATOR],
        signer=staff[Role.VILLAGE_ADMIN],
        data=new_request_data(notify_channel="email", email="warga@example.id"),
    )
    return letter.request


def test_a_finished_request_yields_one_invitation_sent_through_the_residents_channel(finished_request):
    invitation = selectors.invitation_for(f"layanan.request:{finished_request.pk}")
    assert invitation is not None and Invitation.objects.count() == 1
    assert invitation.service_name == finished_request.service.name
    sent = Notification.objects.get(reference=f"survei.invitation:{invitation.pk}")
    assert sent.recipient == "warga@example.id" and f"/survei/isi/{invitation.token}/" in sent.body


def test_one_answer_per_invitation_and_a_second_is_refused_with_a_clear_message(finished_request):
    invitation = selectors.invitation_for(f"layanan.request:{finished_request.pk}")
    response = services.response_submit(
        token=invitation.token, data=response_data(suggestion="Antrean lama.")
    )
    assert Answer.objects.filter(response=response).count() == 9
    with pytest.raises(ValidationError) as refused:
        services.response_submit(token=invitation.token, data=response_data())
    assert refused.value.code == "already_answered" and "sudah diisi" in refused.value.messages[0]
    assert Response.objects.count() == 1


def test_the_response_keeps_no_trace_of_who_answered(finished_request):
    invitation = selectors.invitation_for(f"layanan.request:{finished_request.pk}")
    response = services.response_submit(token=invitation.token, data=response_data())
    names = {f.name for f in Response._meta.get_fields()}
    assert not names & {"invitation", "request", "tracking_code", "name", "phone", "email", "nik"}
    audit = AuditEvent.objects.get(action="survei.response_submit")
    assert audit.target_id == str(response.pk) and audit.detail == {"source": "layanan"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"scores": {"persyaratan": 4}}, "prosedur"),
        ({"scores": {**response_data().scores, "biaya": 5}}, "biaya"),
        ({"sex": "X"}, "sex"),
        ({"age_group": ""}, "age_group"),
        ({"suggestion": "x" * 1001}, "suggestion"),
    ],
)
def test_an_incomplete_or_forged_questionnaire_is_refused_on_its_field(finished_request, overrides, field):
    invitation = selectors.invitation_for(f"layanan.request:{finished_request.pk}")
    with pytest.raises(ValidationError) as refused:
        services.response_submit(token=invitation.token, data=response_data(**overrides))
    assert field in refused.value.error_dict
    invitation.refresh_from_db()
    assert invitation.used_at is None and not Response.objects.exists()


def test_an_unknown_token_is_refused(in_village_a):
    with pytest.raises(ValidationError) as refused:
        services.response_submit(token="tidak-ada", data=response_data())
    assert refused.value.code == "unknown_invitation"


def test_a_resolved_complaint_invites_its_reporter_once(in_village_a, village_a, staff):
    officer = staff[Role.COMPLAINT_OFFICER]
    complaint = submit_complaint(village_a)
    complaint = move(complaint, "selesai", actor=officer)
    invitation = selectors.invitation_for(f"pengaduan.complaint:{complaint.pk}")
    assert invitation is not None and invitation.source == "pengaduan"
    complaint_services.complaint_feedback(
        complaint=complaint,
        secret=complaint.secret,
        answer="belum",
        rating=2,
        note="Masih berlubang.",
        actor=None,
    )
    complaint_services.complaint_transition(
        complaint=complaint, to_status="selesai", actor=officer, response="Sudah ditambal.", internal_note=""
    )
    assert Invitation.objects.filter(source_ref=f"pengaduan.complaint:{complaint.pk}").count() == 1


def test_the_kiosk_takes_its_hourly_limit_and_no_more(in_village_a, staff):
    kiosk, token = services.kiosk_register(
        actor=staff[Role.VILLAGE_ADMIN], name="Tablet loket", hourly_limit=2, service_name="Layanan loket"
    )
    services.response_submit_at_kiosk(kiosk_token=token, data=response_data())
    services.response_submit_at_kiosk(kiosk_token=token, data=response_data(score=3))
    with pytest.raises(ValidationError) as refused:
        services.response_submit_at_kiosk(kiosk_token=token, data=response_data())
    assert refused.value.code == "kiosk_busy"
    assert Response.objects.filter(source="kiosk", service_name="Layanan loket").count() == 2
    services.kiosk_deactivate(actor=staff[Role.VILLAGE_ADMIN], kiosk=kiosk)
    with pytest.raises(ValidationError) as refused:
        services.response_submit_at_kiosk(kiosk_token=token, data=response_data())
    assert refused.value.code == "unknown_kiosk"
    assert kiosk.token_hash != token  # only the hash is kept


def test_the_results_count_the_period_and_the_people_served(finished_request):
    invitation = selectors.invitation_for(f"layanan.request:{finished_request.pk}")
    services.response_submit(token=invitation.token, data=response_data())
    from django.utils import timezone

    period = selectors.Period.containing(timezone.localdate())
    results = selectors.results(period)
    assert results.index.respondents == 1 and results.served >= 1
    assert str(results.converted) == "100.00" and results.target == results.served
    assert results.below_target is (results.served > 1)
