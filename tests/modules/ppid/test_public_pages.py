"""The residents' PPID pages: the home, the DIP and its downloads, the request form (validation next
to the field, double-submit safe, limited per address), the public status without personal data,
the requester's private page with the letter and the objection form, the announcements and the
subscription links, and the serta-merta banner on every page of the portal."""

import io
import json
import logging.config
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.formats import date_format
from django_tenants.utils import tenant_context

from balai.settings.base import logging_config
from modules.ppid import services
from modules.ppid.models import AlertSubscription, Decision, InformationRequest, Objection
from modules.throttling.throttles import LookupThrottle, SubmissionThrottle
from tests.modules.ppid.data import REQUESTER, decision, submit_request

FORM_URL = "/ppid/permohonan/"
ELEMENTS = {
    "title": "Banjir Krueng Aceh",
    "hazard": "Debit sungai naik; jalan dusun tergenang.",
    "affected": "Warga Dusun Lampoh Keude di bantaran sungai.",
    "evacuation": "Menuju meunasah Lambaro lewat jalan utama.",
    "avoidance": "Matikan listrik, jauhi arus sungai.",
    "help": "Posko di kantor keuchik, telepon 0651-123456.",
    "announcer": "Keuchik Lambaro",
    "channels": "Portal, pengeras suara meunasah",
    "mitigation": "Karung pasir dipasang di tanggul.",
}


def payload(**overrides):
    return {
        **REQUESTER,
        "requester_email": "",
        "requester_occupation": "Petani",
        "information": "Salinan APBG 2026 beserta rincian kegiatan pembangunan jalan.",
        "purpose": "Memantau pembangunan jalan dusun.",
        "form_wanted": "softcopy",
        "delivery": "ambil",
        "notify_channel": "none",
        "idempotency_key": "uji-kunci-ppid-0001",
        **overrides,
    }


def count(village, model=InformationRequest):
    with tenant_context(village.tenant):
        return model.objects.count()


def error_of(page, field):
    found = re.search(rf'<p class="error" id="id_{field}_error">(.*?)</p>', page, re.DOTALL)
    return found.group(1) if found else None


def item(village, officer, **overrides):
    fields = {
        "category": "berkala",
        "title": "Laporan Realisasi APBG Semester I",
        "summary": "Realisasi pendapatan dan belanja gampong Januari–Juni.",
        "holder": "Kaur Keuangan",
        "publisher": "PPID Gampong",
        "made_when": "Juli 2026",
        "made_where": "Kantor Keuchik Lambaro",
        "form": "keduanya",
        "retention": "5 tahun",
        **overrides,
    }
    upload = fields.pop("upload", None)
    with tenant_context(village.tenant):
        return services.information_item_save(
            actor=officer, item=None, data=services.ItemInput(**fields), upload=upload
        )


def refused_request(village, officer):
    with tenant_context(village.tenant):
        request = submit_request(village)
        return services.information_request_decide(
            actor=officer, request=request, data=decision(Decision.REFUSED)
        )


def owner_path(request):
    return f"/ppid/permohonan/{request.tracking_code}/{request.secret}/"


# --- the pages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/ppid/",
        "/ppid/dip/",
        "/ppid/tata-cara/",
        FORM_URL,
        "/ppid/lacak/",
        "/ppid/pengumuman/",
        "/ppid/langganan/",
    ],
)
def test_each_public_page_opens_in_the_districts_words(client_a, path):
    response = client_a.get(path)
    page = response.content.decode()

    assert response.status_code == 200
    assert "Gampong" in page or "gampong" in page
    assert " desa " not in page.lower().replace("portal layanan publik desa", "")


def test_the_home_explains_the_ppid_and_links_every_page_and_the_office(village_a, client_a):
    with tenant_context(village_a.tenant):
        from modules.portal.models import VillageProfile

        VillageProfile.objects.update_or_create(pk=1, defaults={"office_hours": "Senin–Jumat 08.00–16.00"})
    page = client_a.get("/ppid/").content.decode()

    assert "PPID Gampong Lambaro" in page
    for path in (
        "/ppid/dip/",
        FORM_URL,
        "/ppid/lacak/",
        "/ppid/tata-cara/",
        "/ppid/pengumuman/",
        "/ppid/langganan/",
    ):
        assert f'href="{path}"' in page
    assert "Senin–Jumat 08.00–16.00" in page


def test_the_portal_home_links_the_ppid(client_a):
    page = client_a.get("/").content.decode()
    assert 'href="/ppid/"' in page and 'href="/ppid/permohonan/"' in page


def test_the_procedure_states_the_deadlines_the_grounds_and_the_cost(client_a):
    page = client_a.get("/ppid/tata-cara/").content.decode()

    assert "10 hari kerja" in page and "7 hari kerja" in page
    assert "30 hari kerja" in page and "14 hari kerja" in page
    assert "Pasal 35 ayat (1) huruf g" in page
    assert "tidak dipungut biaya" in page


# --- the DIP ---------------------------------------------------------------------------------------------


def test_the_dip_lists_items_by_category_with_their_columns_and_downloads(village_a, ppid_officer, client_a):
    periodic = item(
        village_a, ppid_officer, upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 isi", "application/pdf")
    )
    item(
        village_a,
        ppid_officer,
        category="dikecualikan",
        title="Data kesehatan warga penerima bantuan",
        exemption_ground="17h",
        consequence_test="Membukanya mengungkap rahasia pribadi warga.",
    )
    item(village_a, ppid_officer, title="Draf yang belum terbit", is_published=False)

    page = client_a.get("/ppid/dip/").content.decode()

    for heading in (
        "Informasi berkala",
        "Informasi serta-merta",
        "Informasi setiap saat",
        "Informasi yang dikecualikan",
    ):
        assert heading in page
    for column in ("Kaur Keuangan", "PPID Gampong", "Juli 2026, Kantor Keuchik Lambaro", "5 tahun"):
        assert column in page
    assert f'href="/ppid/dip/{periodic.pk}/unduh/"' in page
    assert "Pasal 17 huruf h" in page and "Membukanya mengungkap rahasia pribadi warga." in page
    assert page.count("/unduh/") == 1  # the exempt item has no download
    assert "Draf yang belum terbit" not in page
    assert 'href="/ppid/dip.pdf"' in page and 'href="/ppid/dip.xlsx"' in page


def test_the_dip_is_searched_and_filtered(village_a, ppid_officer, client_a):
    item(village_a, ppid_officer)
    item(village_a, ppid_officer, category="setiap_saat", title="Peraturan Gampong tentang Pasar")

    searched = client_a.get("/ppid/dip/", {"q": "pasar"}).content.decode()
    filtered = client_a.get("/ppid/dip/", {"kategori": "berkala"}).content.decode()
    odd = client_a.get("/ppid/dip/", {"kategori": "rahasia", "q": "x" * 500})

    assert "Peraturan Gampong tentang Pasar" in searched and "Laporan Realisasi APBG" not in searched
    assert "Laporan Realisasi APBG" in filtered and "Peraturan Gampong tentang Pasar" not in filtered
    assert 'id="judul-setiap_saat"' not in filtered
    assert odd.status_code == 200


def test_a_download_is_an_attachment_named_after_the_title(village_a, ppid_officer, client_a):
    periodic = item(
        village_a, ppid_officer, upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 isi", "application/pdf")
    )

    response = client_a.get(f"/ppid/dip/{periodic.pk}/unduh/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="laporan-realisasi-apbg-semester-i.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_exempt_unpublished_fileless_or_unknown_item_is_no_download(village_a, ppid_officer, client_a):
    exempt = item(
        village_a,
        ppid_officer,
        category="dikecualikan",
        exemption_ground="17h",
        consequence_test="Membukanya mengungkap rahasia pribadi warga.",
    )
    hidden = item(
        village_a,
        ppid_officer,
        is_published=False,
        upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 isi", "application/pdf"),
    )
    fileless = item(village_a, ppid_officer)

    statuses = [
        client_a.get(f"/ppid/dip/{pk}/unduh/").status_code
        for pk in (exempt.pk, hidden.pk, fileless.pk, 99999)
    ]

    assert statuses == [404, 404, 404, 404]


# --- the request form -------------------------------------------------------------------------------------


def test_a_resident_files_a_request_and_sees_number_due_date_and_private_link_once(
    village_a, client_a, clean_throttle
):
    response = client_a.post(FORM_URL, payload())

    assert response.status_code == 302 and response["Location"] == "/ppid/permohonan/terkirim/"
    with tenant_context(village_a.tenant):
        stored = InformationRequest.objects.get()
    assert (stored.channel, stored.requester_nik, stored.requester_occupation) == (
        "daring",
        REQUESTER["requester_nik"],
        "Petani",
    )
    confirmation = client_a.get("/ppid/permohonan/terkirim/")
    page = confirmation.content.decode()
    assert stored.registration_number in page and stored.tracking_code in page
    assert owner_path(stored) in page
    assert f"{stored.due_date.day} " in page and str(stored.due_date.year) in page
    assert confirmation["Cache-Control"].startswith("no-store") or "no-store" in confirmation["Cache-Control"]
    again = client_a.get("/ppid/permohonan/terkirim/")
    assert again.status_code == 302 and stored.secret not in again.content.decode()


def test_a_repeated_post_stores_one_request(village_a, client_a, clean_throttle):
    first = client_a.post(FORM_URL, payload())
    second = client_a.post(FORM_URL, payload())

    assert first.status_code == second.status_code == 302
    assert count(village_a) == 1


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"requester_nik": "12345"}, "requester_nik", "NIK"),
        ({"requester_nik": ""}, "requester_nik", "NIK wajib diisi"),
        ({"requester_name": " "}, "requester_name", ""),
        ({"requester_address": ""}, "requester_address", ""),
        ({"requester_phone": "", "requester_email": ""}, "requester_phone", "nomor HP atau alamat surel"),
        ({"requester_email": "bukan surel"}, "requester_email", "Alamat surel tidak valid"),
        ({"notify_channel": "email"}, "requester_email", "surel"),
        ({"delivery": "surel"}, "requester_email", "surel"),
        ({"form_wanted": "lisan"}, "form_wanted", ""),
        ({"delivery": "merpati"}, "delivery", ""),
        ({"notify_channel": "merpati"}, "notify_channel", ""),
        ({"information": ""}, "information", ""),
        ({"information": "x" * 2001}, "information", "2000"),
        ({"purpose": "y" * 2001}, "purpose", "2000"),
        ({"requester_name": "n" * 151}, "requester_name", "150"),
        ({"requester_address": "a" * 501}, "requester_address", "500"),
        ({"requester_occupation": "p" * 101}, "requester_occupation", "100"),
    ],
)
def test_bad_input_gets_its_message_next_to_the_field_and_stores_nothing(
    village_a, client_a, clean_throttle, overrides, field, words
):
    response = client_a.post(FORM_URL, payload(**overrides))
    page = response.content.decode()

    assert response.status_code == 400
    error = error_of(page, field)
    assert error is not None, page[:3000]
    assert words in error
    assert 'id="error-summary"' in page
    assert count(village_a) == 0


def test_a_bad_idempotency_key_is_a_message_not_an_error(village_a, client_a, clean_throttle):
    response = client_a.post(FORM_URL, payload(idempotency_key="kunci jelek!"))

    assert response.status_code == 400
    assert "Kunci pengiriman" in response.content.decode()
    assert count(village_a) == 0


def test_requests_are_limited_per_address_whatever_x_forwarded_for_says(
    monkeypatch, village_a, client_a, clean_throttle
):
    monkeypatch.setattr(SubmissionThrottle, "THROTTLE_RATES", {"submission": "2/hour"})

    statuses = [
        client_a.post(
            FORM_URL,
            payload(idempotency_key=f"kunci-{n:04d}-uji"),
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 10.0.0.1",
        ).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert count(village_a) == 2


# --- the lookup and the public status --------------------------------------------------------------------


def test_the_lookup_finds_a_code_as_residents_type_it(client_a, request_of_a, clean_throttle):
    typed = request_of_a.tracking_code.replace("-", "").lower()

    response = client_a.get("/ppid/lacak/", {"kode": typed})

    assert (
        response.status_code == 302
        and response["Location"] == f"/ppid/permohonan/{request_of_a.tracking_code}/"
    )


@pytest.mark.parametrize("code", ["AAAA-AAAA", "x", "ABCD-23456789", "ÄÖÜ-ßßßß", "'; drop table--"])
def test_an_unknown_or_odd_code_gets_the_message_not_an_error(client_a, clean_throttle, code):
    response = client_a.get("/ppid/lacak/", {"kode": code})

    assert response.status_code == 404
    assert "Kode tidak ditemukan" in response.content.decode()


def test_guessing_codes_is_limited_per_address(monkeypatch, client_a, village_a, clean_throttle):
    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"lookup": "3/10m"})

    statuses = [
        client_a.get("/ppid/lacak/", {"kode": code}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n, code in enumerate(["AAAA-AAAA", "AAAA-AAAC", "aaaaaaad", "AAAA-AAAE"])
    ]

    assert statuses == [404, 404, 404, 429]


def test_the_public_status_shows_no_personal_data_nor_the_answer(
    village_a, ppid_officer, client_a, clean_throttle
):
    answered = refused_request(village_a, ppid_officer)

    response = client_a.get(f"/ppid/permohonan/{answered.tracking_code}/")
    page = response.content.decode()

    assert response.status_code == 200
    assert answered.registration_number in page and "Ditolak" in page
    for personal in (*REQUESTER.values(), "0812", answered.secret, decision(Decision.REFUSED).answer):
        assert personal not in page


@pytest.mark.parametrize("code", ["AAAA-AAAA", "aaaa", "ÄÖÜ-ßßßß"])
def test_an_unknown_code_has_no_status_page_in_the_sites_layout(client_a, clean_throttle, code):
    response = client_a.get(f"/ppid/permohonan/{code}/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    assert '<header class="top">' in response.content.decode()


# --- the requester's private page -------------------------------------------------------------------------


def test_the_private_page_needs_the_right_secret(village_a, client_a, request_of_a, clean_throttle):
    code = request_of_a.tracking_code
    wrong = request_of_a.secret[:-1] + ("A" if request_of_a.secret[-1] != "A" else "B")

    statuses = [
        client_a.get(f"/ppid/permohonan/{code}/{secret}/").status_code
        for secret in (wrong, "pendek", "rahasia-sekali-é-dan-ü-panjang", request_of_a.secret.upper() + "x")
    ]
    right = client_a.get(owner_path(request_of_a))

    assert statuses == [404, 404, 404, 404]
    assert right.status_code == 200 and "no-store" in right["Cache-Control"]
    page = right.content.decode()
    assert request_of_a.registration_number in page and "Diterima" in page
    assert REQUESTER["requester_nik"] not in page and REQUESTER["requester_address"] not in page


def test_the_private_page_shows_the_extension_and_the_decision_and_serves_the_letter(
    village_a, ppid_officer, client_a, request_of_a, clean_throttle
):
    with tenant_context(village_a.tenant):
        services.information_request_extend(
            actor=ppid_officer, request=request_of_a, days=5, reason="Dokumen masih di kantor camat."
        )
    before = client_a.get(owner_path(request_of_a) + "keputusan.pdf")
    with tenant_context(village_a.tenant):
        services.information_request_decide(
            actor=ppid_officer, request=request_of_a, data=decision(Decision.PARTIAL)
        )

    page = client_a.get(owner_path(request_of_a)).content.decode()
    letter = client_a.get(owner_path(request_of_a) + "keputusan.pdf")

    assert before.status_code == 404
    assert "Dokumen masih di kantor camat." in page
    assert "Diberikan sebagian" in page and "Daftar penerima beserta NIK tidak diberikan." in page
    assert "Pasal 17 huruf h" in page
    assert letter.status_code == 200 and "no-store" in letter["Cache-Control"]
    number = request_of_a.registration_number.replace("/", "-").lower()
    assert letter["Content-Disposition"] == f'attachment; filename="keputusan-{number}.pdf"'
    assert b"".join(letter.streaming_content).startswith(b"%PDF")


def test_internal_notes_stay_off_the_private_page(
    village_a, ppid_officer, client_a, request_of_a, clean_throttle
):
    from modules.ppid.models import EventKind, RequestEvent

    with tenant_context(village_a.tenant):
        RequestEvent.objects.create(
            request=request_of_a,
            kind=EventKind.NOTE,
            status="catatan",
            note="Pemohon sering datang.",
            actor_label="x",
        )
    page = client_a.get(owner_path(request_of_a)).content.decode()
    assert "Pemohon sering datang." not in page


def test_the_requester_objects_through_the_page_and_reads_the_superiors_answer(
    village_a, ppid_officer, ppid_superior, client_a, clean_throttle
):
    answered = refused_request(village_a, ppid_officer)
    owner = client_a.get(owner_path(answered)).content.decode()
    form_url = owner_path(answered) + "keberatan/"
    form = client_a.get(form_url).content.decode()

    not_allowed = client_a.post(form_url, {"ground": "35c", "reason": "Tidak dijawab."})
    empty = client_a.post(form_url, {"ground": "35a", "reason": ""})
    filed = client_a.post(
        form_url, {"ground": "35a", "reason": "Data itu bukan rahasia pribadi."}, follow=True
    )

    assert f'href="{form_url}"' in owner
    assert 'value="35a"' in form and 'value="35c"' not in form and "Pasal 35 ayat (1) huruf a" in form
    assert not_allowed.status_code == 400 and "tidak sesuai" in error_of(
        not_allowed.content.decode(), "ground"
    )
    assert empty.status_code == 400 and error_of(empty.content.decode(), "reason") is not None
    with tenant_context(village_a.tenant):
        objection = Objection.objects.get()
    page = filed.content.decode()
    assert filed.redirect_chain[-1][0] == owner_path(answered)
    assert objection.registration_number in page and "Atasan PPID menanggapi paling lambat" in page
    assert f'href="{form_url}"' not in page  # one objection at a time
    second = client_a.post(form_url, {"ground": "35a", "reason": "Lagi."})
    assert second.status_code == 400 and "masih menunggu" in second.content.decode()

    with tenant_context(village_a.tenant):
        services.objection_answer(
            actor=ppid_superior, objection=objection, outcome="ditolak", response="Keputusan PPID dikuatkan."
        )
        objection.refresh_from_db()
    answered_page = client_a.get(owner_path(answered)).content.decode()
    assert "Keputusan PPID dikuatkan." in answered_page
    commission = re.search(
        r'<div class="ppid-commission" data-commission>(.*?)</div>', answered_page, re.DOTALL
    )
    assert commission is not None and "Komisi Informasi" in commission.group(1)
    assert date_format(objection.commission_deadline, "l, j F Y") in commission.group(1)
    # After the superior's answer the way on is the Komisi Informasi, not a second objection.
    assert f'href="{form_url}"' not in answered_page
    closed = client_a.get(form_url).content.decode()
    assert "data-objection-form" not in closed and "sudah menanggapi keberatan" in closed


def test_no_objection_form_while_the_request_is_open_and_in_time(client_a, request_of_a, clean_throttle):
    form_url = owner_path(request_of_a) + "keberatan/"

    owner = client_a.get(owner_path(request_of_a)).content.decode()
    asked = client_a.get(form_url).content.decode()
    refused = client_a.post(form_url, {"ground": "35b", "reason": "Belum ada informasi berkala."})

    assert form_url not in owner
    assert "data-objection-closed" in asked and "data-objection-form" not in asked
    assert refused.status_code == 400 and "setelah permohonan dijawab" in refused.content.decode()
    wrong_secret = f"/ppid/permohonan/{request_of_a.tracking_code}/{'x' * 32}/keberatan/"
    assert client_a.get(wrong_secret).status_code == 404


# --- announcements and subscriptions ---------------------------------------------------------------------


def publish(village, officer, **overrides):
    with tenant_context(village.tenant):
        return services.announcement_publish(
            actor=officer,
            data=services.AnnouncementInput(**{**ELEMENTS, **overrides}),
            notify_subscribers=False,
        )


def test_an_announcement_lays_out_its_elements_and_a_withdrawn_one_is_marked(
    village_a, ppid_officer, client_a
):
    announcement = publish(village_a, ppid_officer)
    page = client_a.get(f"/ppid/pengumuman/{announcement.pk}/").content.decode()
    for value in ELEMENTS.values():
        assert value in page
    assert "sudah dicabut" not in page
    with tenant_context(village_a.tenant):
        services.announcement_withdraw(actor=ppid_officer, announcement=announcement)
    withdrawn = client_a.get(f"/ppid/pengumuman/{announcement.pk}/").content.decode()
    listed = client_a.get("/ppid/pengumuman/").content.decode()
    assert "sudah dicabut" in withdrawn and "sudah dicabut" in listed
    assert client_a.get("/ppid/pengumuman/99999/").status_code == 404


def test_the_banner_heads_every_page_of_the_portal_while_active(village_a, ppid_officer, client_a, client_as):
    announcement = publish(village_a, ppid_officer)
    staff_client = client_as("ppid_officer")
    pages = {
        "home": client_a.get("/"),
        "layanan": client_a.get("/layanan/"),
        "pengaduan": client_a.get("/pengaduan/"),
        "ppid": client_a.get("/ppid/dip/"),
        "staff": staff_client.get("/staf/"),
    }
    for name, response in pages.items():
        page = response.content.decode()
        assert response.status_code == 200, name
        banner = re.search(
            r'<div class="serta-merta" role="alert" data-serta-merta>(.*?)</div>\s*</div>', page, re.DOTALL
        )
        assert banner is not None, name
        assert "Banjir Krueng Aceh" in banner.group(
            1
        ) and f"/ppid/pengumuman/{announcement.pk}/" in banner.group(1)
        assert page.index("data-serta-merta") < page.index('<header class="top">')
    with tenant_context(village_a.tenant):
        services.announcement_withdraw(actor=ppid_officer, announcement=announcement)
    for path in ("/", "/layanan/", "/pengaduan/"):
        assert "data-serta-merta" not in client_a.get(path).content.decode()
    assert "data-serta-merta" not in staff_client.get("/staf/").content.decode()


def test_the_banner_never_breaks_a_page(monkeypatch, village_a, ppid_officer, client_a, district_client):
    from modules.ppid import selectors

    publish(village_a, ppid_officer)

    def broken():
        raise RuntimeError("database away")

    monkeypatch.setattr(selectors, "active_announcements", broken)
    response = client_a.get("/")
    district = district_client.get("/")

    assert response.status_code == 200 and "data-serta-merta" not in response.content.decode()
    assert district.status_code in (200, 302) and "data-serta-merta" not in district.content.decode()


def test_an_email_subscription_asks_for_confirmation_and_links_need_a_post(
    village_a, client_a, clean_throttle
):
    response = client_a.post(
        "/ppid/langganan/", {"channel": "email", "contact": "warga@example.id"}, follow=True
    )
    assert "Cek surel Anda untuk konfirmasi" in response.content.decode()
    with tenant_context(village_a.tenant):
        subscription = AlertSubscription.objects.get()
    assert subscription.confirmed_at is None
    confirm_url = f"/ppid/langganan/{subscription.token}/konfirmasi/"
    stop_url = f"/ppid/langganan/{subscription.token}/berhenti/"

    asked = client_a.get(confirm_url)
    with tenant_context(village_a.tenant):
        subscription.refresh_from_db()
    assert asked.status_code == 200 and '<form method="post">' in asked.content.decode()
    assert subscription.confirmed_at is None  # a mail scanner's GET changes nothing
    assert client_a.post(confirm_url).status_code == 302
    asked_stop = client_a.get(stop_url)
    with tenant_context(village_a.tenant):
        subscription.refresh_from_db()
    assert subscription.confirmed_at is not None and subscription.unsubscribed_at is None
    assert asked_stop.status_code == 200
    assert client_a.post(stop_url).status_code == 302
    with tenant_context(village_a.tenant):
        subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


@pytest.mark.parametrize("token", ["tidak-ada-token-seperti-ini", "pendek", "é" * 20])
def test_an_unknown_token_is_404(client_a, token):
    assert client_a.get(f"/ppid/langganan/{token}/konfirmasi/").status_code == 404
    assert client_a.post(f"/ppid/langganan/{token}/berhenti/").status_code == 404


def test_guessing_subscription_tokens_is_limited_per_address(monkeypatch, client_a, clean_throttle):
    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"lookup": "2/10m"})

    statuses = [
        client_a.get(
            f"/ppid/langganan/tebakan-token-ke-{n:04d}/berhenti/", HTTP_X_FORWARDED_FOR=f"10.2.2.{n}"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [404, 404, 429]


def test_a_bad_subscription_address_gets_its_message_next_to_the_field(village_a, client_a, clean_throttle):
    response = client_a.post("/ppid/langganan/", {"channel": "sms", "contact": "12"})
    bad_channel = client_a.post("/ppid/langganan/", {"channel": "merpati", "contact": "0812 3456 7890"})

    assert response.status_code == 400 and "Nomor HP tidak valid" in error_of(
        response.content.decode(), "contact"
    )
    assert bad_channel.status_code == 400 and error_of(bad_channel.content.decode(), "channel") is not None
    assert count(village_a, AlertSubscription) == 0


def test_subscriptions_are_limited_per_address(monkeypatch, village_a, client_a, clean_throttle):
    monkeypatch.setattr(SubmissionThrottle, "THROTTLE_RATES", {"submission": "1/hour"})
    statuses = [
        client_a.post(
            "/ppid/langganan/",
            {"channel": "sms", "contact": f"0812345678{n:02d}"},
            HTTP_X_FORWARDED_FOR=f"10.1.1.{n}",
        ).status_code
        for n in range(2)
    ]
    assert statuses == [302, 429]


# --- logs ------------------------------------------------------------------------------------------------


def test_the_requesters_secret_and_the_subscription_token_are_masked_in_log_lines():
    from balai.logging import mask_path

    assert mask_path("GET /ppid/permohonan/ABCD-EFGH/rahasia123/keputusan.pdf") == (
        "GET /ppid/permohonan/ABCD-EFGH/***/keputusan.pdf"
    )
    assert (
        mask_path("/ppid/permohonan/ABCD-EFGH/s3cr3t/keberatan/")
        == "/ppid/permohonan/ABCD-EFGH/***/keberatan/"
    )
    assert mask_path("/ppid/permohonan/abcdefgh/s3cr3t/") == "/ppid/permohonan/abcdefgh/***/"  # as typed
    assert mask_path("/ppid/permohonan/ABCD-EFGH/") == "/ppid/permohonan/ABCD-EFGH/"
    assert mask_path("/ppid/permohonan/terkirim/") == "/ppid/permohonan/terkirim/"
    assert mask_path("/ppid/langganan/tok_en-123/konfirmasi/") == "/ppid/langganan/***/konfirmasi/"
    assert mask_path("/ppid/langganan/") == "/ppid/langganan/"


def test_the_private_page_is_logged_without_the_secret_or_the_address(village_a, client_a, request_of_a):
    buffer = io.StringIO()
    config = logging_config("json")
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    try:
        client_a.get(owner_path(request_of_a), REMOTE_ADDR="203.0.113.77")
    finally:
        logging.config.dictConfig(settings.LOGGING)

    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    [access] = [line for line in lines if line["logger"] == "balai.access"]
    assert access["message"].startswith(f"GET /ppid/permohonan/{request_of_a.tracking_code}/***/ 200 ")
    assert request_of_a.secret not in buffer.getvalue() and "203.0.113.77" not in buffer.getvalue()


def test_the_public_and_private_pages_decrypt_no_personal_field(
    monkeypatch, village_a, ppid_officer, client_a, clean_throttle
):
    from modules.privasi import crypto

    answered = refused_request(village_a, ppid_officer)
    decrypted = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda value: decrypted.append(value) or real(value))

    pages = [
        client_a.get(f"/ppid/permohonan/{answered.tracking_code}/"),
        client_a.get(owner_path(answered)),
        client_a.get(owner_path(answered) + "keberatan/"),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert decrypted == []


def test_the_dip_reads_as_many_queries_for_nine_items_as_for_three(village_a, ppid_officer, client_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(3):
        item(village_a, ppid_officer, title=f"Informasi {number}")
    with CaptureQueriesContext(connection) as three:
        client_a.get("/ppid/dip/")
    for number in range(3, 9):
        item(village_a, ppid_officer, title=f"Informasi {number}", category="setiap_saat")
    with CaptureQueriesContext(connection) as nine:
        page = client_a.get("/ppid/dip/").content.decode()

    assert page.count("data-dip-item") == 9
    assert len(nine.captured_queries) == len(three.captured_queries)
