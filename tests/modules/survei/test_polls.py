"""Community polls: one answer per phone through a one-time code, or recorded at a meeting."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from modules.accounts.models import Role
from modules.notifikasi.models import Notification
from modules.survei import selectors, services
from modules.survei.models import Ballot, PollCode

PHONE = "0812 3456 7890"


def open_poll(admin, **overrides):
    now = timezone.now()
    data = {
        "title": "Prioritas pembangunan 2027",
        "description": "Masukan untuk musyawarah gampong.",
        "opens_at": now - datetime.timedelta(hours=1),
        "closes_at": now + datetime.timedelta(days=7),
        "questions": (
            services.QuestionInput(
                text="Yang paling perlu dibangun?", kind="tunggal", options=("Drainase", "Jalan", "Posyandu")
            ),
            services.QuestionInput(
                text="Kegiatan yang Anda ikuti",
                kind="ganda",
                options=("Gotong royong", "Posyandu"),
                is_required=False,
            ),
            services.QuestionInput(text="Seberapa puas dengan jalan dusun?", kind="skala"),
            services.QuestionInput(text="Usul lain", kind="teks", is_required=False),
        ),
        **overrides,
    }
    return services.poll_create(actor=admin, data=services.PollInput(**data))


def sent_code(poll):
    code = PollCode.objects.filter(poll=poll).latest("created_at")
    body = Notification.objects.get(reference=f"survei.poll_code:{code.pk}").body
    return re.search(r"\b(\d{6})\b", body).group(1)


def ballot(poll, *, drainase=True):
    questions = list(poll.questions.all())
    first = questions[0].options.get(text="Drainase" if drainase else "Jalan")
    return services.BallotInput(
        choices={questions[0].pk: [first.pk]},
        scales={questions[2].pk: 2},
        texts={questions[3].pk: "Lampu jalan di Dusun Mesjid."},
    )


def test_a_resident_answers_once_with_the_code_sent_to_the_phone(in_village_a, village_a, staff):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    services.poll_code_send(village=village_a, poll=poll, phone=PHONE)
    code = sent_code(poll)
    assert PHONE.replace(" ", "") not in str(PollCode.objects.values_list("phone_hash", flat=True)[0])
    cast = services.ballot_cast(poll=poll, phone=PHONE, code=code, data=ballot(poll))
    assert cast.channel == "kode_hp" and cast.voter_hash
    with pytest.raises(ValidationError) as refused:
        services.poll_code_send(village=village_a, poll=poll, phone="+6281234567890")
    assert refused.value.error_dict["phone"][0].code == "already_voted"
    participants, results = selectors.poll_results(poll)
    assert participants == 1
    assert results[0].options == [("Drainase", 1), ("Jalan", 0), ("Posyandu", 0)]
    assert results[2].scale_average == 2 and results[3].texts == ["Lampu jalan di Dusun Mesjid."]


def test_a_wrong_code_counts_and_five_wrong_tries_spend_the_code(in_village_a, village_a, staff):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    services.poll_code_send(village=village_a, poll=poll, phone=PHONE)
    code = sent_code(poll)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ValidationError) as refused:
            services.ballot_cast(poll=poll, phone=PHONE, code=wrong, data=ballot(poll))
        assert refused.value.error_dict["code"][0].code == "code_wrong"
    assert PollCode.objects.get(poll=poll).attempts == 5
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(poll=poll, phone=PHONE, code=code, data=ballot(poll))
    assert refused.value.error_dict["code"][0].code == "code_expired"
    assert not Ballot.objects.exists()


def test_answers_are_checked_against_the_poll(in_village_a, village_a, staff):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    services.poll_code_send(village=village_a, poll=poll, phone=PHONE)
    code = sent_code(poll)
    questions = list(poll.questions.all())
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(
            poll=poll, phone=PHONE, code=code, data=services.BallotInput(choices={questions[0].pk: [999999]})
        )
    assert {f"q{questions[0].pk}", f"q{questions[2].pk}"} <= set(refused.value.error_dict)


def test_a_closed_poll_takes_no_answers_and_staff_record_meeting_ballots_while_open(
    in_village_a, village_a, staff
):
    admin = staff[Role.VILLAGE_ADMIN]
    poll = open_poll(admin)
    recorded = services.ballot_record(actor=admin, poll=poll, data=ballot(poll, drainase=False))
    assert recorded.channel == "musyawarah" and recorded.recorded_by == str(admin)
    with pytest.raises(PermissionDenied):
        services.ballot_record(actor=staff[Role.OPERATOR], poll=poll, data=ballot(poll))
    now = timezone.now()
    closed = open_poll(
        admin, opens_at=now - datetime.timedelta(days=3), closes_at=now - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as refused:
        services.poll_code_send(village=village_a, poll=closed, phone=PHONE)
    assert refused.value.code == "poll_closed"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"questions": ()}, "questions"),
        (
            {"questions": (services.QuestionInput(text="Pilih", kind="tunggal", options=("Satu",)),)},
            "questions",
        ),
        ({"title": ""}, "title"),
    ],
)
def test_a_poll_needs_questions_options_a_title_and_to_close_after_it_opens(
    in_village_a, staff, overrides, field
):
    with pytest.raises(ValidationError) as refused:
        open_poll(staff[Role.VILLAGE_ADMIN], **overrides)
    assert field in refused.value.error_dict
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        open_poll(staff[Role.VILLAGE_ADMIN], opens_at=now, closes_at=now)
    assert "closes_at" in refused.value.error_dict


def test_the_admin_closes_a_poll_early_and_then_it_takes_no_answers(in_village_a, village_a, staff):
    admin = staff[Role.VILLAGE_ADMIN]
    poll = open_poll(admin)
    closed = services.poll_close(actor=admin, poll=poll)
    assert closed.is_closed()
    with pytest.raises(ValidationError) as refused:
        services.ballot_record(actor=admin, poll=closed, data=ballot(closed))
    assert refused.value.code == "poll_closed"
    with pytest.raises(ValidationError):
        services.poll_close(actor=admin, poll=closed)
