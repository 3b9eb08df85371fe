"""The residents' survey pages: the questionnaire by invitation (one answer, its messages on the
fields, the limits), the kiosk, the published results (the same figures as the selector, the SVG
with its table, never a suggestion) and the survey card on the residents' private pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.survei import selectors, services
from modules.survei.elements import ELEMENT_KEYS, ELEMENTS
from modules.survei.models import Answer, Response
from modules.throttling.throttles import LookupThrottle, SubmissionThrottle
from tests.modules.layanan.data import new_request_data, signed_letter
from tests.modules.pengaduan.data import move, submit_complaint


def payload(score: int = 4, **overrides: str) -> dict[str, str]:
    fields = {key: str(score) for key in ELEMENT_KEYS}
    fields.update(sex="P", age_group="30-39", education="sma", occupation="wirausaha", suggestion="")
    fields.update(overrides)
    return {name: value for name, value in fields.items() if value is not None}


@pytest.fixture
def finished_request(village_a, domisili, staff):
    with tenant_context(village_a.tenant):
        letter = signed_letter(
            village=village_a,
            service=domisili,
            operator=staff[Role.OPERATOR],
            signer=staff[Role.VILLAGE_ADMIN],
            data=new_request_data(notify_channel="email", email="warga@example.id"),
        )
    return letter.request


@pytest.fixture
def invitation(village_a, finished_request):
    with tenant_context(village_a.tenant):
        return selectors.invitation_for(f"layanan.request:{finished_request.pk}")


def stored(village_a) -> int:
    with tenant_context(village_a.tenant):
        return Response.objects.count()


# --- the questionnaire by invitation ------------------------------------------------------------------


def test_the_questionnaire_names_the_service_and_shows_every_element_with_the_regulations_words(
    client_a, invitation, clean_throttle
):
    page = client_a.get(f"/survei/isi/{invitation.token}/")

    html = page.content.decode()
    assert page.status_code == 200 and invitation.service_name in html
    for element in ELEMENTS:
        assert f'name="{element.key}"' in html and str(element.question) in html
        for words in element.points:
            assert str(words) in html
    assert 'autocomplete="off"' in html and "tanpa nama" in html
    assert "no-store" in page["Cache-Control"]


def test_an_answer_is_stored_once_and_leads_to_the_thanks(village_a, client_a, invitation, clean_throttle):
    sent = client_a.post(f"/survei/isi/{invitation.token}/", payload(3, suggestion="Ruang tunggu panas."))

    assert sent.status_code == 302 and sent["Location"] == "/survei/terima-kasih/"
    assert "Terima kasih" in client_a.get(sent["Location"]).content.decode()
    with tenant_context(village_a.tenant):
        response = Response.objects.get()
        assert (
            response.suggestion == "Ruang tunggu panas." and response.service_name == invitation.service_name
        )
        assert sorted(Answer.objects.values_list("element", "score")) == sorted(
            (key, 3) for key in ELEMENT_KEYS
        )


def test_a_used_invitation_shows_that_it_was_answered_and_refuses_a_second_post(
    village_a, client_a, invitation, clean_throttle
):
    client_a.post(f"/survei/isi/{invitation.token}/", payload())

    shown = client_a.get(f"/survei/isi/{invitation.token}/")
    forged = client_a.post(f"/survei/isi/{invitation.token}/", payload(1))

    assert shown.status_code == 200 and "sudah diisi" in shown.content.decode()
    assert 'name="persyaratan"' not in shown.content.decode()
    assert forged.status_code == 400 and "sudah diisi" in forged.content.decode()
    assert stored(village_a) == 1


@pytest.mark.parametrize("missing", [*ELEMENT_KEYS, "sex", "age_group", "education", "occupation"])
def test_each_missing_answer_gets_its_message_next_to_it_and_nothing_is_stored(
    village_a, client_a, invitation, clean_throttle, missing
):
    data = payload()
    del data[missing]

    page = client_a.post(f"/survei/isi/{invitation.token}/", data)

    html = page.content.decode()
    assert page.status_code == 400
    error = re.search(rf'<p class="error" id="id_{missing}_error">([^<]+)</p>', html)
    assert error is not None and error.group(1).strip().startswith("Pilih")
    assert html.count('<p class="error" id=') == 1
    assert stored(village_a) == 0
    with tenant_context(village_a.tenant):
        invitation.refresh_from_db()
        assert invitation.used_at is None


@pytest.mark.parametrize("forged", ["5", "0", "empat", "4 "])
def test_a_forged_score_is_refused_on_its_element(village_a, client_a, invitation, clean_throttle, forged):
    page = client_a.post(f"/survei/isi/{invitation.token}/", payload(biaya=forged))

    assert page.status_code == 400 and 'id="id_biaya_error"' in page.content.decode()
    assert stored(village_a) == 0


def test_an_oversized_suggestion_is_refused_with_its_message(village_a, client_a, invitation, clean_throttle):
    page = client_a.post(f"/survei/isi/{invitation.token}/", payload(suggestion="x" * 1001))

    assert page.status_code == 400
    assert "Saran paling banyak 1000 karakter" in page.content.decode()
    assert stored(village_a) == 0


@pytest.mark.parametrize(
    "token", ["tidak-ada-token-seperti-ini", "pendek", "a" * 65, "%27%3B--aaaaaaaaaaaaaa"]
)
def test_an_unknown_or_odd_token_is_a_404(client_a, invitation, clean_throttle, token):
    assert client_a.get(f"/survei/isi/{token}/").status_code == 404
    assert client_a.post(f"/survei/isi/{token}/", payload()).status_code == 404


def test_answers_are_limited_per_address_whatever_x_forwarded_for_says(
    monkeypatch, village_a, client_a, invitation, clean_throttle
):
    monkeypatch.setattr(SubmissionThrottle, "THROTTLE_RATES", {"submission": "2/hour", "lookup": "60/10m"})
    incomplete = payload()
    del incomplete["sarana"]

    statuses = [
        client_a.post(
            f"/survei/isi/{invitation.token}/", incomplete, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 10.0.0.1"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [400, 400, 429]
    assert stored(village_a) == 0


def test_guessing_tokens_is_limited_per_address(monkeypatch, client_a, village_a, clean_throttle):
    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"lookup": "3/10m"})

    statuses = [
        client_a.get(
            f"/survei/isi/tebakan-token-ke-{n:04d}/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        ).status_code
        for n in range(4)
    ]

    assert statuses == [404, 404, 404, 429]


def test_the_invitation_token_is_masked_in_log_lines(client_a, invitation, clean_throttle, caplog):
    from balai.logging import mask_path

    client_a.get(f"/survei/isi/{invitation.token}/")

    assert mask_path(f"GET /survei/isi/{invitation.token}/ 200") == "GET /survei/isi/***/ 200"
    assert invitation.token not in mask_path(caplog.text)


# --- the kiosk ---------------------------------------------------------------------------------------------


@pytest.fixture
def kiosk_token(village_a, staff):
    with tenant_context(village_a.tenant):
        _kiosk, token = services.kiosk_register(
            actor=staff[Role.VILLAGE_ADMIN], name="Tablet loket", hourly_limit=2, service_name="Layanan loket"
        )
    return token


def test_a_device_without_the_kiosk_cookie_is_told_it_is_not_a_kiosk(village_a, client_a, clean_throttle):
    page = client_a.get("/survei/kios/")
    forged = client_a.post("/survei/kios/", payload())
    client_a.cookies[services.KIOSK_COOKIE] = "tebakan-token-kios-yang-salah"
    guessed = client_a.get("/survei/kios/")

    assert page.status_code == 403 and "bukan kios survei" in page.content.decode()
    assert forged.status_code == 403 and guessed.status_code == 403
    assert stored(village_a) == 0


def test_the_kiosk_takes_an_answer_and_comes_back_empty_for_the_next_resident(
    village_a, client_a, kiosk_token, domisili, clean_throttle
):
    client_a.cookies[services.KIOSK_COOKIE] = kiosk_token

    page = client_a.get("/survei/kios/")
    sent = client_a.post("/survei/kios/", payload(2, service_name=domisili.name))
    fresh = client_a.get(sent["Location"])

    assert page.status_code == 200 and domisili.name in page.content.decode()
    assert sent.status_code == 302 and sent["Location"] == "/survei/kios/"
    html = fresh.content.decode()
    assert "silakan serahkan ke warga berikutnya" in html
    assert "checked" not in html and 'autocomplete="off"' in html
    with tenant_context(village_a.tenant):
        response = Response.objects.get()
        assert (response.source, response.service_name) == ("kiosk", domisili.name)


def test_the_kiosk_keeps_its_default_service_and_refuses_a_forged_one(
    village_a, client_a, kiosk_token, clean_throttle
):
    client_a.cookies[services.KIOSK_COOKIE] = kiosk_token

    forged = client_a.post("/survei/kios/", payload(service_name="Layanan karangan"))
    kept = client_a.post("/survei/kios/", payload(service_name=""))

    assert forged.status_code == 400 and 'id="id_service_name_error"' in forged.content.decode()
    assert kept.status_code == 302
    with tenant_context(village_a.tenant):
        assert list(Response.objects.values_list("service_name", flat=True)) == ["Layanan loket"]


def test_a_busy_kiosk_says_so_with_429(village_a, client_a, kiosk_token, clean_throttle):
    client_a.cookies[services.KIOSK_COOKIE] = kiosk_token
    for _n in range(2):
        assert client_a.post("/survei/kios/", payload()).status_code == 302

    busy = client_a.post("/survei/kios/", payload())

    assert busy.status_code == 429 and "sudah menerima 2 jawaban" in busy.content.decode()
    assert stored(village_a) == 2


# --- the results ------------------------------------------------------------------------------------------


def answered(
    scores_per_respondent: list[int], *, suggestion: str = "", day: datetime.date | None = None
) -> None:
    """Stores respondents (in the current schema), each answering every element with one score."""
    for score in scores_per_respondent:
        response = Response.objects.create(
            source="kiosk",
            service_name="Surat keterangan domisili",
            answered_on=day or timezone.localdate(),
            sex="L",
            age_group="40-49",
            education="sd",
            occupation="petani",
            suggestion=suggestion,
        )
        Answer.objects.bulk_create(
            Answer(response=response, element=key, score=score) for key in ELEMENT_KEYS
        )


def test_the_results_page_shows_the_selectors_figures(village_a, client_a, finished_request, clean_throttle):
    period = selectors.Period.containing(timezone.localdate())
    with tenant_context(village_a.tenant):
        answered([4, 3, 3])
        expected = selectors.results(period)

    page = client_a.get("/survei/", {"periode": period.key})

    html = page.content.decode()
    assert page.status_code == 200
    # (4+3+3)/3 per element: 83.33 with 1/9 (B), 83.25 with 0.111.
    assert str(expected.index.converted_shown()) == "83.33" and expected.index.category() == ("B", "Baik")
    assert '<span class="survei-ikm-figure">83,33</span>' in html
    assert "B — Baik" in html
    assert "dihitung dengan bobot tepat 1/9; dengan bobot dibulatkan 0,111: 83,25" in html
    assert f"3 dari {expected.target} responden yang dibutuhkan" in html and expected.target == 1
    assert "belum mencapai sampel" not in html


def test_the_results_warn_when_the_answers_are_fewer_than_the_target(village_a, client_a, domisili, staff):
    with tenant_context(village_a.tenant):
        for _n in range(2):
            signed_letter(
                village=village_a,
                service=domisili,
                operator=staff[Role.OPERATOR],
                signer=staff[Role.VILLAGE_ADMIN],
            )
        answered([4])
        expected = selectors.results(selectors.Period.containing(timezone.localdate()))

    html = client_a.get("/survei/").content.decode()

    assert expected.target == 2 and expected.below_target
    assert "1 dari 2 responden yang dibutuhkan" in html and "belum mencapai sampel" in html


def test_the_chart_is_an_svg_beside_a_table_and_no_suggestion_is_published(village_a, client_a):
    with tenant_context(village_a.tenant):
        answered([4, 3], suggestion="Petugas loket Bu Rahma lambat sekali")

    html = client_a.get("/survei/").content.decode()

    assert html.count("<svg") == 2 and not re.search(r"<script(?![^>]*\bsrc=)", html) and "style=" not in html
    assert '<th scope="row">U1 Persyaratan</th><td>3,5000</td>' in html
    assert '<th scope="row">U9 Sarana dan prasarana</th><td>3,5000</td>' in html
    assert "Bu Rahma" not in html and "lambat" not in html


def test_the_trend_shows_the_change_from_the_previous_period(village_a, client_a):
    today = timezone.localdate()
    period = selectors.Period.containing(today)
    with tenant_context(village_a.tenant):
        answered([3])
        answered([4], day=period.previous.start)

    html = client_a.get("/survei/", {"periode": period.key}).content.decode()

    # 75,00 now against 100,00 before.
    assert "Perubahan dari periode sebelumnya (100,00)" in html and "−25,00" in html
    assert f'<th scope="row">{period.previous.label}</th><td>100,00</td>' in html


def test_the_follow_up_plan_is_published_beside_the_results(village_a, client_a, staff):
    period = selectors.Period.containing(timezone.localdate())
    with tenant_context(village_a.tenant):
        answered([2, 3])
        services.follow_up_save(
            actor=staff[Role.VILLAGE_ADMIN],
            action=None,
            data=services.ActionInput(
                year=period.year,
                semester=period.semester,
                element="waktu",
                action="Menambah satu petugas loket pada hari Senin.",
                owner="Sekretaris gampong",
                due_on=period.end,
                status="berjalan",
                progress="Petugas sudah ditunjuk.",
            ),
        )

    html = client_a.get("/survei/", {"periode": period.key}).content.decode()

    assert "Menambah satu petugas loket pada hari Senin." in html and "Sekretaris gampong" in html
    assert "U3 Waktu penyelesaian" in html and "Sedang berjalan" in html and "Petugas sudah ditunjuk." in html


def test_an_empty_period_says_there_are_no_answers_yet(client_a, village_a):
    page = client_a.get("/survei/", {"periode": "2019-1"})

    assert page.status_code == 200 and "Belum ada jawaban survei untuk periode ini." in page.content.decode()


@pytest.mark.parametrize("periode", ["2026-3", "kemarin", "1990", "2026-1-1", "9" * 40])
def test_an_odd_period_is_a_message_not_an_error(client_a, village_a, periode):
    page = client_a.get("/survei/", {"periode": periode})

    assert page.status_code == 400 and "Periode tidak dikenal" in page.content.decode()


def test_the_results_page_is_linked_from_the_portal_home(client_a, village_a):
    html = client_a.get("/").content.decode()

    assert 'href="/survei/"' in html and 'href="/jajak-pendapat/"' in html
    assert "segera" not in html


# --- the invitation on the residents' private pages ----------------------------------------------------


def test_the_request_owner_page_invites_to_the_survey_until_it_is_answered(
    client_a, village_a, finished_request, invitation, clean_throttle
):
    owner = f"/lacak/{finished_request.tracking_code}/{finished_request.download_secret}/"

    before = client_a.get(owner).content.decode()
    client_a.post(f"/survei/isi/{invitation.token}/", payload())
    after = client_a.get(owner).content.decode()

    assert "Bagaimana pelayanan kami?" in before and f'href="/survei/isi/{invitation.token}/"' in before
    assert "Bagaimana pelayanan kami?" not in after


def test_the_complaint_owner_page_invites_to_the_survey_once_resolved(
    village_a, client_a, staff, clean_throttle
):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a)
        secret = complaint.secret
        owner = f"/pengaduan/{complaint.tracking_code}/{secret}/"
    before = client_a.get(owner).content.decode()
    with tenant_context(village_a.tenant):
        complaint = move(complaint, "selesai", actor=staff[Role.COMPLAINT_OFFICER])
        invitation = selectors.invitation_for(f"pengaduan.complaint:{complaint.pk}")

    after = client_a.get(owner).content.decode()

    assert "Bagaimana pelayanan kami?" not in before
    assert "Bagaimana pelayanan kami?" in after and f'href="/survei/isi/{invitation.token}/"' in after


def test_the_results_of_a_whole_year_and_the_pages_query_count(
    village_a, client_a, django_assert_max_num_queries
):
    year = timezone.localdate().year
    with tenant_context(village_a.tenant):
        answered([4, 2], day=datetime.date(year, 1, 15))
        answered([3], day=datetime.date(year, 7, 15))

    # A fixed number, whatever the respondents: each index is one query over the answers.
    with django_assert_max_num_queries(26):
        page = client_a.get("/survei/", {"periode": str(year)})

    html = page.content.decode()
    # Every element (4 + 2 + 3) / 3 = 3: 75,00 with 1/9, 74,93 with 0.111, category C.
    assert page.status_code == 200 and f"Tahun {year}" in html
    assert '<span class="survei-ikm-figure">75,00</span>' in html and "C — Kurang baik" in html
    assert "0,111: 74,93" in html
