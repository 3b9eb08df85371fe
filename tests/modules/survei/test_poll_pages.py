"""The community polls' pages: the list, a poll and how to take part, the code by SMS (its message
next to the field, the per-phone limit), the answers with the code (a wrong code next to the code, a
second participation refused), the results only after closing and never the free text; the staff's
list, the new-poll form and its errors, the results so far and the answers recorded at a meeting."""

import datetime
import re

import pytest
from django.utils import timezone

from modules.accounts.models import Role
from modules.notifikasi.models import Notification
from modules.survei.models import Ballot, BallotAnswer, Poll, PollCode
from tests.modules.survei.test_polls import PHONE, open_poll, sent_code

TEXT_ANSWER = "Lampu jalan di Dusun Mesjid."

pytestmark = pytest.mark.usefixtures("clean_throttle")


def url(poll, name=""):
    return f"/jajak-pendapat/{poll.pk}/{name}"


def error_of(page, field):
    found = re.search(rf'<p class="error" id="id_{field}_error">(.*?)</p>', page, re.DOTALL)
    return found.group(1).strip() if found else None


def answers(poll, code, *, scale="4", text=TEXT_ANSWER, first="Drainase"):
    questions = list(poll.questions.all())
    return {
        "code": code,
        f"q{questions[0].pk}": str(questions[0].options.get(text=first).pk),
        f"q{questions[1].pk}": [str(option.pk) for option in questions[1].options.all()],
        f"q{questions[2].pk}": scale,
        f"q{questions[3].pk}": text,
    }


def ask_code(client, poll, phone=PHONE):
    return client.post(url(poll, "kode/"), {"phone": phone})


def close(poll):
    Poll.objects.filter(pk=poll.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=8),
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )


def test_the_list_shows_open_upcoming_and_closed_polls(in_village_a, staff, client_a):
    admin = staff[Role.VILLAGE_ADMIN]
    now = timezone.now()
    running = open_poll(admin, title="Prioritas pembangunan 2027")
    later = open_poll(
        admin,
        title="Jadwal posyandu",
        opens_at=now + datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=9),
    )
    done = open_poll(
        admin,
        title="Lokasi sumur bor",
        opens_at=now - datetime.timedelta(days=9),
        closes_at=now - datetime.timedelta(days=2),
    )
    page = client_a.get("/jajak-pendapat/").content.decode()
    opened, upcoming, closed = (
        page.index("Sedang dibuka"),
        page.index("Akan dibuka"),
        page.index("Sudah ditutup"),
    )
    assert (
        opened < page.index(f'href="{url(running)}"') < upcoming < page.index(f'href="{url(later)}"') < closed
    )
    assert page.index(f'href="{url(done, "hasil/")}"') > closed


def test_a_poll_shows_its_questions_and_step_one(in_village_a, staff, client_a):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    page = client_a.get(url(poll)).content.decode()
    assert "Yang paling perlu dibangun?" in page and "Posyandu" in page and "Usul lain" in page
    assert f'action="{url(poll, "kode/")}"' in page and 'name="phone"' in page
    assert "Kode dikirim lewat SMS" in page
    assert client_a.get(url(poll, "kode/")).status_code == 405


def test_a_bad_phone_gets_its_message_next_to_the_field_and_no_code(in_village_a, staff, client_a):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    response = ask_code(client_a, poll, "12345")
    assert response.status_code == 400
    assert "Nomor HP tidak valid" in error_of(response.content.decode(), "phone")
    assert not PollCode.objects.exists() and not Notification.objects.filter(channel="sms").exists()


def test_a_resident_takes_part_with_the_code_through_the_pages(in_village_a, staff, client_a):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    response = ask_code(client_a, poll)
    assert response.status_code == 302 and response["Location"] == url(poll, "jawab/")
    assert "+628123" not in response["Location"]
    form = client_a.get(url(poll, "jawab/"))
    page = form.content.decode()
    assert form.status_code == 200 and "0812*****890" in page
    assert "81234567890" not in page and "3456 7890" not in page
    assert 'type="radio"' in page and 'type="checkbox"' in page and "<textarea" in page
    assert "1 — sangat kurang" in page and "5 — sangat baik" in page
    # Between the steps the session keeps the number encrypted, never as typed or normalised.
    from django.contrib.sessions.models import Session

    stored = Session.objects.get(session_key=client_a.session.session_key).session_data
    assert "81234567890" not in str(client_a.session.items()) and "81234567890" not in stored
    code = sent_code(poll)
    response = client_a.post(url(poll, "jawab/"), answers(poll, code))
    assert response.status_code == 302
    thanks = client_a.get(url(poll, "jawab/")).content.decode()
    assert "Terima kasih" in thanks and "warga ikut" not in thanks
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.channel == "kode_hp"
    assert BallotAnswer.objects.filter(ballot=ballot).count() == 5  # one choice, two options, a scale, text
    # The session no longer holds the phone: the answer page sends the resident back to step 1.
    assert client_a.get(url(poll, "jawab/")).status_code == 200  # the thanks stays on this browser
    other = client_a.__class__(HTTP_HOST=client_a.defaults["HTTP_HOST"])
    assert other.get(url(poll, "jawab/"))["Location"] == url(poll)


def test_a_wrong_code_is_shown_next_to_the_code_and_stores_nothing(in_village_a, staff, client_a):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    ask_code(client_a, poll)
    code = sent_code(poll)
    wrong = "000000" if code != "000000" else "111111"
    response = client_a.post(url(poll, "jawab/"), answers(poll, wrong))
    assert response.status_code == 400
    assert error_of(response.content.decode(), "code") == "Kode salah. Periksa SMS Anda."
    assert not Ballot.objects.exists() and PollCode.objects.get().attempts == 1


def test_a_missing_required_answer_is_shown_next_to_its_question(in_village_a, staff, client_a):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    ask_code(client_a, poll)
    scale = poll.questions.get(kind="skala")
    response = client_a.post(url(poll, "jawab/"), answers(poll, sent_code(poll), scale=""))
    assert response.status_code == 400
    assert error_of(response.content.decode(), f"q{scale.pk}") == "Pertanyaan ini wajib dijawab."
    assert not Ballot.objects.exists()


def test_an_oversized_text_answer_is_refused_with_a_message(in_village_a, staff, client_a):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    ask_code(client_a, poll)
    text = poll.questions.get(kind="teks")
    response = client_a.post(url(poll, "jawab/"), answers(poll, sent_code(poll), text="x" * 2001))
    assert response.status_code == 400
    assert "2000" in error_of(response.content.decode(), f"q{text.pk}")
    assert not Ballot.objects.exists()


def test_the_same_phone_cannot_take_part_twice(in_village_a, staff, client_a):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    ask_code(client_a, poll)
    client_a.post(url(poll, "jawab/"), answers(poll, sent_code(poll)))
    assert Ballot.objects.count() == 1
    again = ask_code(client_a, poll, "+62 812-3456-7890")
    assert again.status_code == 400
    assert error_of(again.content.decode(), "phone") == "Nomor ini sudah ikut jajak pendapat ini."
    assert "3456-7890" not in again.content.decode()  # the number typed is not written back
    assert Ballot.objects.count() == 1 and PollCode.objects.count() == 1


def test_one_phone_gets_at_most_three_codes_an_hour(in_village_a, staff, client_a):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    for _try in range(3):
        assert ask_code(client_a, poll).status_code == 302
    fourth = ask_code(client_a, poll, "0812-3456-7890")
    assert fourth.status_code == 429
    assert "Sudah 3 kode" in error_of(fourth.content.decode(), "phone")
    assert PollCode.objects.count() == 3
    # Another number is not held back by the first one's limit.
    assert ask_code(client_a, poll, "0813 7777 0002").status_code == 302


def test_results_appear_only_after_closing_and_never_the_free_text(in_village_a, staff, client_a):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    ask_code(client_a, poll)
    client_a.post(url(poll, "jawab/"), answers(poll, sent_code(poll)))
    before = client_a.get(url(poll, "hasil/"))
    page = before.content.decode()
    assert before.status_code == 200 and "tampil setelah ditutup" in page
    assert "<svg" not in page and "warga ikut" not in page
    close(poll)
    page = client_a.get(url(poll, "hasil/")).content.decode()
    assert "<strong>1</strong> warga ikut" in page
    assert "Drainase: <strong>1</strong> (100%)" in page and "Jalan: <strong>0</strong> (0%)" in page
    assert '<rect width="100.0" height="6" fill="#0b6e4f"/>' in page  # Drainase's bar, full
    assert "Rata-rata 4" in page and "<table" in page
    assert TEXT_ANSWER not in page and "jawaban bebas dibaca petugas" in page
    assert PHONE.replace(" ", "") not in page


def test_a_closed_poll_takes_no_code(in_village_a, staff, client_a):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    close(poll)
    assert 'name="phone"' not in client_a.get(url(poll)).content.decode()
    response = ask_code(client_a, poll)
    assert response.status_code == 400 and "tidak sedang dibuka" in response.content.decode()
    assert not PollCode.objects.exists()


def test_an_unknown_poll_is_not_found(in_village_a, client_a):
    for name in ("", "jawab/", "hasil/"):
        assert client_a.get(f"/jajak-pendapat/999999/{name}").status_code == 404


# --- staff ----------------------------------------------------------------------------------------------


def test_staff_list_shows_status_and_participants(in_village_a, staff, client_as):
    admin = staff[Role.VILLAGE_ADMIN]
    poll = open_poll(admin)
    page = client_as(Role.VILLAGE_ADMIN).get("/staf/jajak-pendapat/").content.decode()
    row = re.search(rf'<tr data-poll="{poll.pk}">(.*?)</tr>', page, re.DOTALL).group(1)
    assert "Dibuka" in row and "<td data-participants>0</td>" in row
    assert client_as(Role.OPERATOR).get("/staf/jajak-pendapat/").status_code == 403


def new_poll_data(**overrides):
    now = timezone.localtime()
    return {
        "title": "Usulan musyawarah gampong 2027",
        "description": "Masukan warga sebelum musyawarah.",
        "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "question_1_text": "Yang paling perlu dibangun?",
        "question_1_kind": "tunggal",
        "question_1_options": "Drainase\nJalan\n",
        "question_1_required": "on",
        "question_2_kind": "tunggal",
        "question_3_text": "Seberapa puas dengan jalan dusun?",
        "question_3_kind": "skala",
        "question_3_required": "on",
        **overrides,
    }


def test_the_admin_creates_a_poll_from_the_form(in_village_a, client_as):
    response = client_as(Role.VILLAGE_ADMIN).post("/staf/jajak-pendapat/baru/", new_poll_data())
    poll = Poll.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staf/jajak-pendapat/{poll.pk}/"
    assert [(q.text, q.kind, q.is_required) for q in poll.questions.all()] == [
        ("Yang paling perlu dibangun?", "tunggal", True),
        ("Seberapa puas dengan jalan dusun?", "skala", True),
    ]
    assert list(poll.questions.first().options.values_list("text", flat=True)) == ["Drainase", "Jalan"]


def test_the_creation_form_shows_the_services_errors(in_village_a, client_as):
    client = client_as(Role.VILLAGE_ADMIN)
    data = new_poll_data(question_3_kind="ganda", question_3_options="Satu")
    data["closes_at"] = data["opens_at"]
    response = client.post("/staf/jajak-pendapat/baru/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert error_of(page, "closes_at") == "Waktu tutup harus sesudah waktu buka."
    # The third block is the second question sent: shown again as block 2, and said so.
    assert "Pertanyaan 2: tulis 2 sampai 12 pilihan." in page
    assert 'name="question_2_text" value="Seberapa puas dengan jalan dusun?"' in page
    assert not Poll.objects.exists()
    empty = client.post("/staf/jajak-pendapat/baru/", {"title": "", "opens_at": "", "closes_at": ""})
    page = empty.content.decode()
    assert empty.status_code == 400 and error_of(page, "opens_at") and not Poll.objects.exists()
    oversized = client.post("/staf/jajak-pendapat/baru/", new_poll_data(title="x" * 201))
    assert oversized.status_code == 400 and "200" in error_of(oversized.content.decode(), "title")


def test_staff_see_results_so_far_with_free_text_and_record_a_meeting_ballot(in_village_a, staff, client_as):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    client = client_as(Role.VILLAGE_ADMIN)
    form = client.get(f"/staf/jajak-pendapat/{poll.pk}/catat/")
    assert form.status_code == 200 and 'name="code"' not in form.content.decode()
    data = answers(poll, "")
    del data["code"]
    response = client.post(f"/staf/jajak-pendapat/{poll.pk}/catat/", data)
    assert response.status_code == 302 and response["Location"] == f"/staf/jajak-pendapat/{poll.pk}/"
    assert Ballot.objects.get().channel == "musyawarah"
    page = client.get(f"/staf/jajak-pendapat/{poll.pk}/").content.decode()
    assert "Jawaban peserta musyawarah dicatat." in page
    assert "<dd data-participants>1</dd>" in page
    assert "<dt>Dicatat petugas di musyawarah</dt><dd>1</dd>" in page
    assert TEXT_ANSWER in page


def test_a_meeting_ballot_missing_an_answer_is_refused_next_to_the_question(in_village_a, staff, client_as):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    first = poll.questions.first()
    response = client_as(Role.VILLAGE_ADMIN).post(f"/staf/jajak-pendapat/{poll.pk}/catat/", {})
    assert response.status_code == 400
    assert error_of(response.content.decode(), f"q{first.pk}") == "Pertanyaan ini wajib dijawab."
    assert not Ballot.objects.exists()


def test_the_lists_take_the_same_queries_for_one_poll_or_many(in_village_a, staff, client_as, client_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin_client = client_as(Role.VILLAGE_ADMIN)
    admin = staff[Role.VILLAGE_ADMIN]

    def queries(client, path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    admin_client.get("/staf/jajak-pendapat/")  # the first visit after signing in saves the session
    open_poll(admin)
    one = (queries(client_a, "/jajak-pendapat/"), queries(admin_client, "/staf/jajak-pendapat/"))
    for number in range(4):
        open_poll(admin, title=f"Jajak pendapat {number}")
    many = (queries(client_a, "/jajak-pendapat/"), queries(admin_client, "/staf/jajak-pendapat/"))
    assert many == one


def test_codes_and_answers_are_limited_per_address(monkeypatch, in_village_a, staff, client_a):
    from modules.throttling.throttles import SubmissionThrottle

    monkeypatch.setattr(SubmissionThrottle, "THROTTLE_RATES", {"submission": "2/hour"})
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    assert ask_code(client_a, poll).status_code == 302
    code = sent_code(poll)
    wrong = "000000" if code != "000000" else "111111"
    assert client_a.post(url(poll, "jawab/"), answers(poll, wrong)).status_code == 400
    refused = client_a.post(url(poll, "jawab/"), answers(poll, code))
    assert refused.status_code == 429 and "Terlalu banyak permintaan" in refused.content.decode()
    assert ask_code(client_a, poll, "0813 7777 0002").status_code == 429
    assert not Ballot.objects.exists() and PollCode.objects.count() == 1


def test_the_admin_closes_the_poll_from_its_page_and_the_results_are_published(
    in_village_a, staff, client_as, client_a
):
    poll = open_poll(staff[Role.VILLAGE_ADMIN])
    admin = client_as(Role.VILLAGE_ADMIN)
    before = client_a.get(url(poll, "hasil/")).content.decode()
    closed = admin.post(url_staff := f"/staf/jajak-pendapat/{poll.pk}/", {"action": "tutup"}, follow=True)
    assert closed.redirect_chain[-1][0] == url_staff
    assert "Jajak pendapat ditutup" in closed.content.decode()
    poll.refresh_from_db()
    assert poll.is_closed()
    after = client_a.get(url(poll, "hasil/")).content.decode()
    assert before != after and "<strong>0</strong> warga ikut." in after
