"""The signup wizard through its pages, with the test client on the district's host: every step, a
reload, going back, a wrong code, a taken village, a bad address, the double submit, the resume link
of the code e-mail, the honeypot, the rate limit, the progress page and the one-time sign-in link
into the new portal (refused the second time), whose staff home shows the first-steps checklist."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from modules.notifikasi.models import Notification
from modules.pendaftaran import services
from modules.pendaftaran.models import Application, ApplicationStatus
from modules.pendaftaran.tasks import provision_application
from modules.pendaftaran.throttles import SignupDistrictThrottle, SignupThrottle
from tenants.models import District, Village, VillageStatus
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
CODE = "11.06.10.2003"  # Bakoy, Ingin Jaya: not on the platform in the tests
PASSWORD = "Kopi-Ulee-Kareng-88"
EMAIL = "sekdes.bakoy@example.id"


def body(response: Any) -> str:
    return response.content.decode()


def _latest_mail(district: District) -> str:
    with tenant_context(district.tenant):
        return Notification.objects.filter(reference__startswith="signup:").latest("pk").body


def _code_and_link(district: District) -> tuple[str, str]:
    mail = _latest_mail(district)
    code = re.search(r"\b(\d{6})\b", mail).group(1)  # type: ignore[union-attr]
    link = re.search(r"(/daftar/lanjut/[^/\s]+/)", mail).group(1)  # type: ignore[union-attr]
    return code, link


def _started(district: District) -> Client:
    client = Client(HTTP_HOST=host_of(district))
    response = client.post("/daftar/", {"website": ""})
    assert response.status_code == 302 and response["Location"] == "/daftar/desa/"
    return client


def _admin_fields(**extra: str) -> dict[str, str]:
    return {
        "action": "admin",
        "name": "Cut Nyak Bakoy",
        "position": "Sekretaris gampong",
        "email": EMAIL,
        "phone": "0812 3456 7890",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **extra,
    }


def _through_admin(client: Client, district: District) -> None:
    assert client.post("/daftar/desa/", {"village_code": CODE})["Location"] == "/daftar/alamat/"
    assert client.post("/daftar/alamat/", {"slug": "bakoy"})["Location"] == "/daftar/admin/"
    assert client.post("/daftar/admin/", _admin_fields())["Location"] == "/daftar/admin/#kode"
    code, _link = _code_and_link(district)
    assert client.post("/daftar/admin/", {"action": "code", "code": code})["Location"] == "/daftar/profil/"


PROFILE = {
    "address": "Jalan Banda Aceh–Medan Km 8, Bakoy",
    "phone": "0651 123456",
    "email": "",
    "office_hours": "Senin–Jumat 08.00–16.00",
    "official_0_name": "Teuku Bakoy",
    "official_0_position": "Keuchik",
    "official_1_name": "Cut Nyak Bakoy",
    "official_1_position": "Sekretaris gampong",
    "head": "0",
}


def test_the_whole_wizard_through_its_pages_to_a_live_portal_and_the_sign_in_link(
    district, django_capture_on_commit_callbacks
):
    District.objects.filter(pk=district.pk).update(signup_auto_approve=True)
    client = Client(HTTP_HOST=host_of(district))
    start = client.get("/daftar/")
    assert start.status_code == 200 and "Mulai" in body(start) and "5 menit" in body(start)
    # A step before the start sends the visitor to the start page.
    assert client.get("/daftar/alamat/")["Location"] == "/daftar/"
    client = _started(district)
    # A session that holds a draft continues it: a second "Mulai" starts nothing new.
    assert client.post("/daftar/", {"website": ""})["Location"] == "/daftar/desa/"
    assert Application.objects.filter(district=district).count() == 1

    page = client.get("/daftar/desa/")
    assert page.status_code == 200 and "Langkah 1 dari 6" in body(page)
    assert "Kecamatan Ingin Jaya" in body(page) and "Bakoy" in body(page)
    assert re.search(r'<option value="11\.06\.10\.2001" disabled>Lambaro \(sudah terdaftar\)', body(page))
    # A step beyond the next unfinished one redirects back.
    assert client.get("/daftar/periksa/")["Location"] == "/daftar/desa/"
    found = client.get("/daftar/desa/", {"q": "bako"})
    assert "Bakoy" in body(found) and "Lambaro" not in body(found)

    assert client.post("/daftar/desa/", {"village_code": CODE})["Location"] == "/daftar/alamat/"
    address = client.get("/daftar/alamat/")
    assert 'value="bakoy"' in body(address) and ".aceh-besar.balai.test" in body(address)
    check = client.get("/daftar/alamat/periksa/", {"slug": "bakoy"}).json()
    assert check == {
        "ok": True,
        "message": "Alamat ini dapat dipakai.",
        "host": "bakoy.aceh-besar.balai.test",
    }
    assert (
        client.post("/daftar/alamat/", {"slug": "bakoy", "custom_domain": ""})["Location"] == "/daftar/admin/"
    )

    # Going back shows what was entered; a reload of a step loses nothing.
    back = client.get("/daftar/desa/")
    assert re.search(rf'<option value="{re.escape(CODE)}" selected>Bakoy</option>', body(back))
    assert 'value="bakoy"' in body(client.get("/daftar/alamat/"))

    weak = client.post("/daftar/admin/", _admin_fields(password="12345678", password_again="12345678"))
    assert weak.status_code == 400 and "terlalu umum" in body(weak).lower()
    mismatch = client.post("/daftar/admin/", _admin_fields(password_again="lain"))
    assert mismatch.status_code == 400 and "Kedua kata sandi tidak sama." in body(mismatch)
    assert client.post("/daftar/admin/", _admin_fields())["Location"] == "/daftar/admin/#kode"
    # Until the code is verified the next steps stay closed.
    assert client.get("/daftar/profil/")["Location"] == "/daftar/admin/"
    admin_page = client.get("/daftar/admin/")
    assert "Masukkan kode verifikasi" in body(admin_page) and 'value="Cut Nyak Bakoy"' in body(admin_page)
    assert PASSWORD not in body(admin_page)
    code, _link = _code_and_link(district)
    wrong = client.post(
        "/daftar/admin/", {"action": "code", "code": "000000" if code != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "Kode salah. Sisa percobaan: 4." in body(wrong)
    too_soon = client.post("/daftar/admin/", {"action": "resend"})
    assert too_soon.status_code == 400 and "tunggu satu menit" in body(too_soon)
    assert client.post("/daftar/admin/", {"action": "code", "code": code})["Location"] == "/daftar/profil/"

    profile = client.get("/daftar/profil/")
    assert 'name="official_4_name"' in body(profile)
    assert client.post("/daftar/profil/", PROFILE)["Location"] == "/daftar/modul/"
    reloaded = client.get("/daftar/profil/")
    assert 'value="Teuku Bakoy"' in body(reloaded) and 'value="0" checked' in body(reloaded)

    modules = client.get("/daftar/modul/")
    assert modules.status_code == 200 and body(modules).count("checked") >= 4
    none_kept = client.post("/daftar/modul/", {"modules_on": ["pengaduan"]})
    assert none_kept.status_code == 400 and "Pilih paling sedikit satu layanan." in body(none_kept)
    kept = {"modules_on": ["pengaduan"], "services_kept": ["surat-keterangan-domisili"]}
    assert client.post("/daftar/modul/", kept)["Location"] == "/daftar/periksa/"

    review = client.get("/daftar/periksa/")
    assert review.status_code == 200 and "bakoy.aceh-besar.balai.test" in body(review)
    assert "Teuku Bakoy" in body(review) and 'href="/daftar/profil/?kembali=periksa"' in body(review)
    # An "ubah" from the review comes back to the review.
    # It also takes the letterhead's logo, optional, kept with the answers until the portal exists.
    with_logo = {**PROFILE, "logo": _png("logo.png")}
    assert client.post("/daftar/profil/?kembali=periksa", with_logo)["Location"] == "/daftar/periksa/"
    assert "diunggah" in body(client.get("/daftar/periksa/"))

    with django_capture_on_commit_callbacks() as callbacks:
        assert client.post("/daftar/periksa/")["Location"] == "/daftar/status/"
    assert len(callbacks) == 1  # the provisioning task, handed over after commit
    # A second submit after a reload: the same status page, never a second application.
    assert client.post("/daftar/periksa/")["Location"] == "/daftar/status/"
    assert Application.objects.filter(village_code=CODE).count() == 1
    application = Application.objects.get(village_code=CODE)
    assert application.status == ApplicationStatus.APPROVED

    waiting = client.get("/daftar/status/")
    assert "Portal sedang disiapkan" in body(waiting) and 'http-equiv="refresh"' in body(waiting)
    assert client.get("/daftar/status.json").json()["done"] == 0
    # The steps' pages of a submitted application lead to its status.
    assert client.get("/daftar/profil/")["Location"] == "/daftar/status/"

    # The task runs as the worker would, from the district's schema the request left the connection in.
    assert connection.schema_name == district.tenant.schema_name
    provision_application.apply(args=[application.pk])
    state = client.get("/daftar/status.json").json()
    assert state["status"] == "aktif" and state["done"] == state["total"] == 5
    ready = client.get("/daftar/status/")
    assert "Portal siap" in body(ready) and 'http-equiv="refresh"' not in body(ready)

    entered = client.get("/daftar/status/masuk/")
    assert entered.status_code == 302
    link = entered["Location"]
    assert link.startswith("http://bakoy.aceh-besar.balai.test/staf/masuk/tautan/")
    village = Village.objects.get(code=CODE)
    assert village.status == VillageStatus.ACTIVE
    portal = Client(HTTP_HOST=host_of(village))
    path = link.split("balai.test", 1)[1]
    landed = portal.get(path)
    assert landed.status_code == 302 and landed["Location"] == "/staf/"
    home = portal.get("/staf/")
    assert home.status_code == 200 and "Cut Nyak Bakoy" in body(home)
    with schema_context(village.tenant.schema_name):
        from modules.portal.selectors import village_profile

        assert village_profile().logo  # re-encoded by the intake, as every uploaded image is
    # The registry keeps no copy of the logo once the portal holds it.
    assert "logo" not in (Application.objects.get(village_code=CODE).answers or {})
    assert "Langkah pertama portal baru" in body(home)
    for label in (
        "Lengkapi profil",
        "Tambahkan perangkat",
        "Periksa standar pelayanan",
        "Terbitkan informasi wajib PPID",
    ):
        assert label in body(home), label
    # Used once: the second time (another browser) is refused; the button is not offered again.
    again = Client(HTTP_HOST=host_of(village)).get(path)
    assert again.status_code == 404 and "Tautan masuk tidak berlaku" in body(again)
    assert client.get("/daftar/status/masuk/")["Location"] == "/daftar/status/"
    assert "Masuk ke ruang staf" in body(client.get("/daftar/status/"))
    with schema_context(village.tenant.schema_name):
        from modules.accounts.models import SignInLink

        assert SignInLink.objects.get().used_at is not None


def test_the_resume_link_of_the_code_email_opens_the_application_in_another_browser(district):
    client = _started(district)
    _through_admin(client, district)
    _code, link = _code_and_link(district)
    other = Client(HTTP_HOST=host_of(district))
    assert other.get(link)["Location"] == "/daftar/profil/"
    assert "Langkah 4 dari 6" in body(other.get("/daftar/profil/"))
    bad = Client(HTTP_HOST=host_of(district)).get("/daftar/lanjut/bukan-token-yang-benar/")
    assert bad.status_code == 404 and "Mulai pendaftaran baru" in body(bad)


def test_a_taken_village_and_bad_addresses_are_refused_next_to_their_fields(district, village_a):
    client = _started(district)
    taken = client.post("/daftar/desa/", {"village_code": village_a.code})
    assert taken.status_code == 400 and "sudah memiliki portal" in body(taken)
    elsewhere = client.post("/daftar/desa/", {"village_code": "12.01.01.2001\x00" + "x" * 5000})
    assert elsewhere.status_code == 400
    assert client.post("/daftar/desa/", {"village_code": CODE})["Location"] == "/daftar/alamat/"
    for slug, words in (
        (village_a.slug, "sudah dipakai gampong lain"),
        ("www", "dipakai oleh platform"),
        ("Bakoy!", "Gunakan huruf kecil"),
        ("x" * 5000, "paling banyak 60 karakter"),
    ):
        refused = client.post("/daftar/alamat/", {"slug": slug})
        assert refused.status_code == 400 and words in body(refused), slug
        checked = client.get("/daftar/alamat/periksa/", {"slug": slug}).json()
        assert checked["ok"] is False
    domain = client.post("/daftar/alamat/", {"slug": "bakoy", "custom_domain": "bukan domain"})
    assert domain.status_code == 400 and "Tulis nama domain" in body(domain)


def test_a_filled_honeypot_gets_a_quiet_400_and_no_application(district):
    client = Client(HTTP_HOST=host_of(district))
    refused = client.post("/daftar/", {"website": "http://spam.example"})
    assert refused.status_code == 400 and "Permintaan tidak dapat diproses" in body(refused)
    assert not Application.objects.filter(district=district).exists()


def test_the_start_and_the_steps_are_limited_per_address_and_per_district(
    district, clean_throttle, monkeypatch
):
    monkeypatch.setattr(SignupThrottle, "THROTTLE_RATES", {"signup": "3/10m"})
    monkeypatch.setattr(SignupDistrictThrottle, "THROTTLE_RATES", {"signup_district": "100/hour"})
    client = _started(district)
    client.post("/daftar/desa/", {"village_code": "x"})
    client.post("/daftar/desa/", {"village_code": "x"})
    limited = client.post("/daftar/desa/", {"village_code": CODE})
    assert limited.status_code == 429 and "Terlalu banyak permintaan" in body(limited)
    # Another address is not limited by this one's counter...
    other = Client(HTTP_HOST=host_of(district), REMOTE_ADDR="10.9.8.7")
    assert other.post("/daftar/", {"website": ""}).status_code == 302
    # ...but the district's counter holds every address; a forged X-Forwarded-For moves nothing.
    monkeypatch.setattr(SignupDistrictThrottle, "THROTTLE_RATES", {"signup_district": "5/hour"})
    forged = Client(HTTP_HOST=host_of(district), REMOTE_ADDR="10.9.8.6", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert forged.post("/daftar/", {"website": ""}).status_code == 302
    assert forged.post("/daftar/desa/", {"village_code": "x"}).status_code == 429


def test_the_status_page_without_auto_approval_and_after_a_failure(district):
    client = _started(district)
    _through_admin(client, district)
    client.post("/daftar/profil/", PROFILE)
    client.post("/daftar/modul/", {"modules_on": [], "services_kept": ["surat-keterangan-domisili"]})
    assert client.post("/daftar/periksa/")["Location"] == "/daftar/status/"
    waiting = client.get("/daftar/status/")
    assert "Menunggu persetujuan kabupaten" in body(waiting) and EMAIL in body(waiting)
    assert 'http-equiv="refresh"' not in body(waiting)
    application = Application.objects.get(village_code=CODE)
    services.application_failed(application_id=application.pk, error="OperationalError: boom")
    failed = client.get("/daftar/status/")
    assert "Portal belum dapat disiapkan" in body(failed) and "boom" not in body(failed)
    assert client.get("/daftar/status/masuk/").status_code == 404


def test_an_unknown_or_used_sign_in_link_is_refused(village_a, village_admin):
    from modules.accounts.services import sign_in_link_create

    client = Client(HTTP_HOST=host_of(village_a))
    assert client.get("/staf/masuk/tautan/tidak-ada/").status_code == 404
    assert client.get("/staf/masuk/tautan/" + "x" * 500 + "/").status_code == 404
    with tenant_context(village_a.tenant):
        token = sign_in_link_create(user=village_admin)
    assert client.post(f"/staf/masuk/tautan/{token}/").status_code in (403, 404)  # only a GET signs in
    assert client.get(f"/staf/masuk/tautan/{token}/")["Location"] == "/staf/"
    assert Client(HTTP_HOST=host_of(village_a)).get(f"/staf/masuk/tautan/{token}/").status_code == 404


def test_the_secret_paths_are_masked_in_log_lines():
    from balai.logging import mask_path

    assert mask_path("GET /daftar/lanjut/abcDEF_123/ 302") == "GET /daftar/lanjut/***/ 302"
    assert mask_path("GET /staf/masuk/tautan/abc-DEF/ 302") == "GET /staf/masuk/tautan/***/ 302"


def test_the_first_steps_checklist_is_the_admins_and_goes_away_when_every_step_is_done(
    village_a, client_as, monkeypatch
):
    from modules.accounts import staff_pages

    admin_home = body(client_as("village_admin").get("/staf/"))
    assert "Langkah pertama portal baru" in admin_home and 'href="/staf/ppid/daftar-periksa/"' in admin_home
    assert "Langkah pertama portal baru" not in body(client_as("operator").get("/staf/"))
    every_source_done = [
        lambda user: [staff_pages.FirstStep(label="Satu", url="/staf/", done=True, order=1)],
    ]
    monkeypatch.setattr(staff_pages, "_first_step_sources", every_source_done)
    assert "Langkah pertama portal baru" not in body(client_as("village_admin").get("/staf/"))


def _png(name: str, *, size: tuple[int, int] = (64, 64)) -> Any:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 110, 80)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_a_logo_that_is_no_image_or_too_large_is_refused_next_to_its_field(district):
    import io
    import os

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.modules.pendaftaran.submitted import complete_application

    client = Client(HTTP_HOST=host_of(district))
    application = complete_application(district)
    with tenant_context(district.tenant):  # sessions live in the district's schema
        session = client.session
        session["signup_application"] = application.pk
        session.save()
    pdf = SimpleUploadedFile("kop.pdf", b"%PDF-1.4 kop", content_type="application/pdf")
    refused = client.post("/daftar/profil/", {**PROFILE, "logo": pdf})
    assert refused.status_code == 400 and "Logo berupa gambar JPEG atau PNG." in body(refused)
    # Noise stays large even after the intake writes it again as JPEG (what the limit is about).
    noise = io.BytesIO()
    Image.frombytes("RGB", (1200, 1200), os.urandom(1200 * 1200 * 3)).save(noise, format="PNG")
    assert len(noise.getvalue()) > 512 * 1024
    large = SimpleUploadedFile("besar.png", noise.getvalue(), content_type="image/png")
    refused = client.post("/daftar/profil/", {**PROFILE, "logo": large})
    assert refused.status_code == 400 and "Logo paling besar 512 KB." in body(refused)
    assert "logo" not in (Application.objects.get(pk=application.pk).answers or {})
