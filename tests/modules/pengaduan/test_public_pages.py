"""The resident's complaint pages after the form: support, the public page, the lookup, the
reporter's private page with "Sudah diperbaiki?", the board with its figures, the photos; no
page ever shows who reported; every public write and lookup is limited per client address."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.pengaduan import services
from modules.pengaduan.models import Complaint, ComplaintPhoto, ComplaintSupport, Identity, Status
from modules.pengaduan.throttles import SupportThrottle
from modules.throttling.throttles import LookupThrottle, SubmissionThrottle
from tests.conftest import host_of
from tests.modules.berkas.images import photo
from tests.modules.pengaduan.data import category_id, submitted

NAME, PHONE, EMAIL = "Cut Nyak Dhien", "081234567890", "cutnyak@example.id"


def fresh(complaint, village):
    with tenant_context(village.tenant):
        return Complaint.objects.get(pk=complaint.pk)


def resolved(village, staff, complaint, response="Lubang sudah ditambal dengan aspal."):
    handler = staff[Role.COMPLAINT_OFFICER]
    with tenant_context(village.tenant):
        for target, text in (
            (Status.VERIFIED, "Benar, petugas sudah melihat lokasi."),
            (Status.IN_PROGRESS, "Dijadwalkan gotong royong hari Jumat."),
            (Status.RESOLVED, response),
        ):
            services.complaint_transition(
                complaint=complaint,
                to_status=target,
                actor=handler,
                response=text,
                internal_note="Catatan internal: anggaran dari dana gampong",
            )
        return Complaint.objects.get(pk=complaint.pk)


# --- support ---------------------------------------------------------------------------------------------


def test_a_resident_supports_a_complaint_once_per_session(
    village_a, client_a, complaint_of_a, clean_throttle
):
    url = f"/pengaduan/{complaint_of_a.tracking_code}/dukung/"

    first = client_a.post(url, follow=True)
    client_a.post(url)
    Client(HTTP_HOST=host_of(village_a)).post(url)

    assert "dukungan Anda tercatat" in first.content.decode()
    assert fresh(complaint_of_a, village_a).supporter_count == 2
    with tenant_context(village_a.tenant):
        assert ComplaintSupport.objects.count() == 2
        assert AuditEvent.objects.filter(action="pengaduan.complaint_support").count() == 2
    assert client_a.get(url).status_code == 405


def test_a_closed_or_hidden_complaint_cannot_be_supported(village_a, staff, client_a, clean_throttle):
    with tenant_context(village_a.tenant):
        hidden = submitted(village_a, is_public=False)
        rejected = submitted(village_a, title="Lampu jalan mati")
        services.complaint_transition(
            complaint=rejected,
            to_status=Status.REJECTED,
            actor=staff[Role.COMPLAINT_OFFICER],
            response="Bukan laporan yang dapat ditindaklanjuti.",
            internal_note="",
        )

    assert client_a.post(f"/pengaduan/{hidden.tracking_code}/dukung/").status_code == 404
    assert client_a.post(f"/pengaduan/{rejected.tracking_code}/dukung/", follow=True).status_code == 200
    with tenant_context(village_a.tenant):
        assert ComplaintSupport.objects.count() == 0
        assert sorted(Complaint.objects.values_list("supporter_count", flat=True)) == [0, 0]


def test_supports_are_limited_per_address_whatever_x_forwarded_for_says(
    monkeypatch, village_a, client_a, complaint_of_a, clean_throttle
):
    monkeypatch.setattr(SupportThrottle, "THROTTLE_RATES", {"complaint_support": "2/10m"})
    url = f"/pengaduan/{complaint_of_a.tracking_code}/dukung/"

    statuses = [
        Client(HTTP_HOST=host_of(village_a)).post(url, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert fresh(complaint_of_a, village_a).supporter_count == 2


def test_the_forms_live_hint_lists_similar_open_complaints_without_identity(
    village_a, client_a, complaint_of_a, clean_throttle
):
    with tenant_context(village_a.tenant):
        category = category_id()
        other = category_id("Keamanan")

    near = client_a.get("/pengaduan/mirip/", {"kategori": category, "lat": "5.5401", "lon": "95.3201"})
    elsewhere = client_a.get("/pengaduan/mirip/", {"kategori": other, "judul": "jalan berlubang"})
    odd = client_a.get("/pengaduan/mirip/", {"kategori": "1 OR 1", "lat": "NaN", "lon": "Infinity"})

    assert near.status_code == 200
    assert near.json()["items"] == [
        {
            "title": complaint_of_a.title,
            "category": complaint_of_a.category.name,
            "status": "Diterima",
            "supporters": 0,
            "url": f"/pengaduan/{complaint_of_a.tracking_code}/",
            "support_url": f"/pengaduan/{complaint_of_a.tracking_code}/dukung/",
        }
    ]
    assert NAME not in near.content.decode() and PHONE not in near.content.decode()
    assert elsewhere.json() == {"items": []} and odd.json() == {"items": []}


def test_the_live_hint_is_limited_as_lookups(monkeypatch, village_a, client_a, clean_throttle):
    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"lookup": "2/10m"})

    statuses = [
        client_a.get("/pengaduan/mirip/", {"kategori": "1"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]


# --- throttles of the form and the lookups ------------------------------------------------------------------


def test_complaints_are_limited_per_address_whatever_x_forwarded_for_says(
    monkeypatch, village_a, client_a, clean_throttle
):
    monkeypatch.setattr(SubmissionThrottle, "THROTTLE_RATES", {"submission": "2/hour"})
    with tenant_context(village_a.tenant):
        category = category_id("Keamanan")
    data = {
        "category": str(category),
        "description": "Ronda malam tidak berjalan.",
        "identity": Identity.ANONYMOUS,
        "notify_channel": "none",
    }

    statuses = [
        client_a.post(
            "/pengaduan/baru/",
            {**data, "title": f"Pencurian ternak ke-{n}", "idempotency_key": f"kunci-{n:04d}-uji"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 10.0.0.1",
        ).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    with tenant_context(village_a.tenant):
        assert Complaint.objects.count() == 2


def test_with_one_trusted_proxy_the_limit_counts_the_address_the_proxy_saw(
    monkeypatch, village_a, complaint_of_a, clean_throttle
):
    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"lookup": "2/10m"})
    client = Client(HTTP_HOST=host_of(village_a))
    url = f"/pengaduan/{complaint_of_a.tracking_code}/"

    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}):
        # The client forges the left part; the proxy appends the true address (the last entry).
        statuses = [
            client.get(url, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.5").status_code for n in range(3)
        ]
        other = client.get(url, HTTP_X_FORWARDED_FOR="10.9.9.1, 203.0.113.6").status_code

    assert statuses == [200, 200, 429] and other == 200


def test_guessing_codes_is_limited_per_address(monkeypatch, village_a, client_a, clean_throttle):
    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"lookup": "3/10m"})
    guesses = ["AAAA-AAAA", "AAAA-AAAC", "aaaaaaad", "AAAA-AAAE"]

    statuses = [
        client_a.get("/pengaduan/lacak/", {"kode": code}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n, code in enumerate(guesses)
    ]

    assert statuses == [404, 404, 404, 429]


# --- the public page and the lookup -----------------------------------------------------------------------


def test_the_lookup_finds_a_code_as_residents_type_it(client_a, complaint_of_a, clean_throttle):
    typed = complaint_of_a.tracking_code.lower().replace("-", " ")

    response = client_a.get("/pengaduan/lacak/", {"kode": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/pengaduan/{complaint_of_a.tracking_code}/"


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ", "x" * 5000, "'; DROP TABLE", "AAAA-AAA1", "ÄÄÄÄ-ÄÄÄÄ"])
def test_an_unknown_or_odd_code_gets_the_message_not_an_error(client_a, clean_throttle, code):
    response = client_a.get("/pengaduan/lacak/", {"kode": code})

    assert response.status_code == 404
    assert "Kode tidak ditemukan" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/pengaduan/lacak/?kode=a%00b", "/pengaduan/%00/", "/pengaduan/?status=%00"]
)
def test_a_nul_byte_anywhere_is_refused_before_any_view(client_a, clean_throttle, path):
    assert client_a.get(path).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/pengaduan/ZZZZ-ZZZZ/",
        "/pengaduan/ZZZZ-ZZZZ/foto/1/",
        "/pengaduan/ZZZZ-ZZZZ/foto/99999999999999999999999/",
        "/pengaduan/ZZZZ-ZZZZ/abcdefghijklmnopqrstuvwxyz012345/",
        "/pengaduan/ZZZZ-ZZZZ/%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9/",
    ],
)
def test_guessed_addresses_are_404(client_a, clean_throttle, path):
    assert client_a.get(path).status_code == 404


def test_a_hidden_complaint_has_no_public_page_but_its_reporter_follows_it(
    village_a, client_a, clean_throttle
):
    with tenant_context(village_a.tenant):
        hidden = submitted(village_a, is_public=False)

    assert client_a.get(f"/pengaduan/{hidden.tracking_code}/").status_code == 404
    assert client_a.get("/pengaduan/lacak/", {"kode": hidden.tracking_code}).status_code == 404
    assert hidden.title not in client_a.get("/pengaduan/").content.decode()
    assert client_a.get(f"/pengaduan/{hidden.tracking_code}/{hidden.secret}/").status_code == 200


def test_the_reporters_page_needs_the_right_secret(village_a, client_a, complaint_of_a, clean_throttle):
    code, secret = complaint_of_a.tracking_code, complaint_of_a.secret

    assert client_a.get(f"/pengaduan/{code}/{secret}/").status_code == 200
    assert client_a.get(f"/pengaduan/{code}/{secret[:-1]}x/").status_code == 404
    assert client_a.get(f"/pengaduan/{code}/{secret[:-2]}é/").status_code == 404


# --- "Sudah diperbaiki?" -----------------------------------------------------------------------------------


def test_belum_reopens_the_complaint_with_the_reporters_note(
    village_a, staff, client_a, complaint_of_a, clean_throttle
):
    done = resolved(village_a, staff, complaint_of_a)
    url = f"/pengaduan/{done.tracking_code}/{done.secret}/"
    page = client_a.get(url).content.decode()
    assert "Sudah diperbaiki?" in page and "Lubang sudah ditambal dengan aspal." in page
    assert "Catatan internal" not in page

    without_note = client_a.post(url, {"answer": "belum", "rating": "2"})
    assert without_note.status_code == 400
    assert re.search(r'id="id_note_error">[^<]*apa yang belum', without_note.content.decode())
    assert fresh(done, village_a).status == Status.RESOLVED

    reopened = client_a.post(url, {"answer": "belum", "rating": "2", "note": "Lubangnya terbuka lagi."})
    assert reopened.status_code == 302
    after = fresh(done, village_a)
    assert (after.status, after.reopen_count, after.fixed_answer, after.rating) == (
        Status.IN_PROGRESS,
        1,
        "belum",
        2,
    )
    page = client_a.get(url).content.decode()
    assert "Lubangnya terbuka lagi." in page and 'name="answer"' not in page
    assert "Lubangnya terbuka lagi." in client_a.get(f"/pengaduan/{done.tracking_code}/").content.decode()


def test_ya_with_a_rating_closes_the_question(village_a, staff, client_a, complaint_of_a, clean_throttle):
    done = resolved(village_a, staff, complaint_of_a)
    url = f"/pengaduan/{done.tracking_code}/{done.secret}/"

    bad = client_a.post(url, {"answer": "ya", "rating": "9"})
    good = client_a.post(url, {"answer": "ya", "rating": "4"})

    assert bad.status_code == 400 and 'id="id_rating_error"' in bad.content.decode()
    assert good.status_code == 302
    after = fresh(done, village_a)
    assert (after.status, after.fixed_answer, after.rating) == (Status.RESOLVED, "ya", 4)
    page = client_a.get(url).content.decode()
    assert 'name="answer"' not in page and "Ya, sudah diperbaiki" in page


def test_no_feedback_before_the_village_says_it_is_done(village_a, client_a, complaint_of_a, clean_throttle):
    url = f"/pengaduan/{complaint_of_a.tracking_code}/{complaint_of_a.secret}/"

    assert 'name="answer"' not in client_a.get(url).content.decode()
    assert client_a.post(url, {"answer": "ya"}).status_code == 404
    assert fresh(complaint_of_a, village_a).fixed_answer == ""


# --- the board -------------------------------------------------------------------------------------------


@pytest.fixture
def three_reporters(village_a):
    with tenant_context(village_a.tenant):
        named = submitted(
            village_a,
            reporter_name=NAME,
            reporter_phone=PHONE,
            reporter_email=EMAIL,
            notify_channel="email",
            photos=[services.NewPhoto(upload=photo(), is_public=True), services.NewPhoto(upload=photo())],
        )
        confidential = submitted(
            village_a,
            identity=Identity.CONFIDENTIAL,
            title="Pungutan liar di kantor",
            category_id=category_id("Perilaku"),
            reporter_name="Teuku Nyak Arif",
            reporter_phone="081377778888",
        )
        anonymous = submitted(
            village_a, identity=Identity.ANONYMOUS, title="Lampu jalan mati", reporter_name=""
        )
    return named, confidential, anonymous


def test_the_board_shows_complaints_responses_and_allowed_photos_but_never_a_reporter(
    village_a, staff, client_a, three_reporters, clean_throttle
):
    named, confidential, _anonymous = three_reporters
    resolved(village_a, staff, named)
    with tenant_context(village_a.tenant):
        allowed, private = ComplaintPhoto.objects.filter(complaint=named).order_by("pk")

    pages = [
        client_a.get("/pengaduan/").content.decode(),
        *(client_a.get(f"/pengaduan/{c.tracking_code}/").content.decode() for c in three_reporters),
    ]

    board = pages[0]
    assert all(c.title in board for c in three_reporters)
    assert "Lubang sudah ditambal dengan aspal." in board and "Selesai" in board
    assert f"/pengaduan/{named.tracking_code}/foto/{allowed.pk}/" in board
    assert f"/foto/{private.pk}/" not in board
    for page in pages:
        for secret in (NAME, PHONE, EMAIL, "Teuku Nyak Arif", "081377778888", "Catatan internal"):
            assert secret not in page
        assert named.secret not in page and confidential.secret not in page


def test_the_board_filters_by_category_and_status(village_a, staff, client_a, three_reporters):
    named, confidential, anonymous = three_reporters
    resolved(village_a, staff, named)
    with tenant_context(village_a.tenant):
        behaviour = category_id("Perilaku")

    by_category = client_a.get("/pengaduan/", {"kategori": behaviour}).content.decode()
    still_open = client_a.get("/pengaduan/", {"status": "terbuka"}).content.decode()
    done = client_a.get("/pengaduan/", {"status": "selesai"}).content.decode()
    odd = client_a.get("/pengaduan/", {"kategori": "1' OR 1=1", "status": "<script>", "halaman": "x"})

    assert confidential.title in by_category and anonymous.title not in by_category
    assert anonymous.title in still_open and f"/pengaduan/{named.tracking_code}/" not in still_open
    assert f"/pengaduan/{named.tracking_code}/" in done and anonymous.title not in done
    assert odd.status_code == 200


def test_the_board_shows_the_villages_figures(village_a, staff, client_a, three_reporters):
    named, _confidential, _anonymous = three_reporters
    done = resolved(village_a, staff, named)
    client_a.post(f"/pengaduan/{done.tracking_code}/{done.secret}/", {"answer": "ya", "rating": "3"})

    page = client_a.get("/pengaduan/").content.decode()
    table = re.search(r'<table class="figures">.*?</table>', page, re.DOTALL).group(0)
    first_row = re.search(r"<tbody><tr>(.*?)</tr>", table, re.DOTALL).group(1)
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", first_row)

    # received, resolved, in time, median working days, confirmed fixed, average rating
    assert cells[1:] == ["3", "1", "100,0%", "0,0", "100,0%", "3,00"]
    assert f"Angka pengaduan {village_a.display_name}" in page


def test_the_board_reads_as_many_queries_for_thirteen_complaints_as_for_three(
    village_a, client_a, three_reporters, django_assert_num_queries
):
    client_a.get("/pengaduan/")
    with CaptureQueriesContext(connection) as three:
        client_a.get("/pengaduan/")
    with tenant_context(village_a.tenant):
        for n in range(10):
            submitted(village_a, title=f"Saluran tersumbat {n}", photos=[services.NewPhoto(upload=photo())])

    with django_assert_num_queries(len(three.captured_queries)):
        response = client_a.get("/pengaduan/")
    assert response.status_code == 200 and "Saluran tersumbat 9" in response.content.decode()


def test_the_portal_home_links_the_board(client_a):
    page = client_a.get("/").content.decode()

    assert 'href="/pengaduan/"' in page and 'href="/pengaduan/baru/"' in page


def test_the_pages_speak_english_too(client_a, complaint_of_a, clean_throttle):
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}

    form = client_a.get("/pengaduan/baru/", **english).content.decode()
    board = client_a.get("/pengaduan/", **english).content.decode()

    assert "Submit a complaint" in form and "Anonymous: no name and no contact is stored" in form
    assert "Complaints board" in board and "0 supporters" in board
