"""The resident's journey on a 360×740 phone, in Debian's Chromium against a real gunicorn: find a
service in the catalogue, request it with two phone photos, reload the confirmation page, track the
request by its code, have the private link sent again, open it, and download the letter once the
office has signed it. Screenshots of every step go to tests/e2e/artifacts/journey-resident-*.png."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, PHONE, fill_identity, screenshot
from tests.modules.layanan.data import NIK_WOMAN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

EMAIL = "cut.meutia@contoh.id"
FIRST_BYTES = """async (url) => {
    const response = await fetch(url);
    const head = new Uint8Array(await response.arrayBuffer()).slice(0, 5);
    return {status: response.status, type: response.headers.get('content-type'),
            head: String.fromCharCode(...head)};
}"""


def _request_count() -> int:
    from modules.layanan.models import ServiceRequest

    return ServiceRequest.objects.count()


def _stored(code: str) -> dict[str, Any]:
    """What the database holds for the request: runs in village A's schema (through `committed`)."""
    from PIL import Image

    from modules.layanan.models import ServiceRequest
    from modules.notifikasi.models import Notification

    found = ServiceRequest.objects.get(tracking_code=code)
    photos = []
    for attachment in found.attachments.order_by("pk"):
        with attachment.file.open("rb") as stored:
            image = Image.open(io.BytesIO(stored.read()))
            photos.append((attachment.label, attachment.content_type, image.format, dict(image.getexif())))
    outbox = Notification.objects.filter(reference=f"layanan.request:{found.pk}").order_by("pk")
    return {
        "requests": ServiceRequest.objects.count(),
        "status": found.status,
        "secret": found.download_secret,
        "photos": photos,
        "outbox": [(n.channel, n.recipient, n.body) for n in outbox],
    }


def _issue_the_letter(code: str) -> str:
    """The office verifies, processes and signs the request (through the services, as staff would)."""
    from modules.accounts.models import Role
    from modules.accounts.services import staff_create
    from modules.layanan import services
    from modules.layanan.models import RequestStatus, ServiceRequest
    from tenants.models import Village

    admin, _password = staff_create(
        username="jalan-penanda-tangan", full_name="Teuku Umar", role=Role.VILLAGE_ADMIN, actor=None
    )
    found = ServiceRequest.objects.get(tracking_code=code)
    for status in (RequestStatus.VERIFIED, RequestStatus.IN_PROCESS, RequestStatus.AWAITING_SIGNATURE):
        found = services.request_transition(request=found, to_status=status, actor=admin, note="")
    letter = services.letter_issue(
        request=found,
        village=Village.objects.select_related("district").get(slug="lambaro"),
        actor=admin,
        signer_name="Teuku Umar",
        signer_position="Keuchik",
        on_behalf_of="",
    )
    services.letter_render_pdf(letter_id=letter.pk)  # what the worker does once the signing commits
    return letter.number


def test_a_resident_finds_requests_tracks_and_downloads_a_letter_on_a_phone(
    server, committed, page, phone_photo, clean_throttle
):
    ktp = phone_photo("ktp.jpg", exif=True)
    kk = phone_photo("kk.png", size=(900, 1200))
    requests_before = committed(_request_count)

    # The catalogue, from the village's home page.
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Gampong Lambaro"
    page.get_by_role("link", name="Layanan & surat").click()
    expect(page.locator("main h1")).to_have_text("Layanan dan surat")
    screenshot(page, "journey-resident-01-catalogue")
    page.get_by_role("link", name="Surat Keterangan Domisili").click()
    expect(page.locator("main h1")).to_have_text("Surat Keterangan Domisili")
    screenshot(page, "journey-resident-02-service")
    page.get_by_role("link", name="Ajukan permohonan").click()
    page.wait_for_url(server + "/layanan/surat-keterangan-domisili/ajukan/")

    # The request, with two photos taken on the phone.
    page.get_by_label("Nama lengkap (sesuai KTP)").fill("Cut Nyak Meutia")
    page.get_by_label("NIK (16 digit)").fill(NIK_WOMAN)
    page.get_by_label("Alamat (dusun, RT/RW)").fill("Dusun Mesjid, RT 02/RW 01")
    page.get_by_label("Keperluan").fill("Mendaftar sekolah anak")
    fill_identity(page)
    page.get_by_label("Kabari saya lewat").select_option(label="Surel")
    page.get_by_label("Surel").fill(EMAIL)
    page.get_by_label("Fotokopi KTP-el pemohon").set_input_files(str(ktp))
    page.get_by_label("Fotokopi Kartu Keluarga").set_input_files(str(kk))
    screenshot(page, "journey-resident-03-form")
    page.get_by_role("button", name="Kirim permohonan").click()

    # Post/redirect/get: the confirmation is a page of its own, which a reload only reads again.
    page.wait_for_url(server + "/layanan/surat-keterangan-domisili/terkirim/")
    expect(page.locator("main h1")).to_have_text("Permohonan terkirim")
    code = page.locator("p.code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    screenshot(page, "journey-resident-04-submitted")

    # Reloading the confirmation page stores nothing more.
    page.reload()
    assert page.locator("main h1").inner_text() == "Permohonan terkirim"
    assert page.locator("p.code").inner_text().strip() == code
    screenshot(page, "journey-resident-05-submitted-reloaded")
    stored = committed(lambda: _stored(code))
    assert stored["requests"] == requests_before + 1
    assert stored["status"] == "diajukan"
    # Both photos arrived, as JPEG with no metadata left (the GPS position and the phone's name gone).
    assert stored["photos"] == [
        ("Fotokopi KTP-el pemohon", "image/jpeg", "JPEG", {}),
        ("Fotokopi Kartu Keluarga", "image/jpeg", "JPEG", {}),
    ]
    private_link = f"/lacak/{code}/{stored['secret']}/"

    # Tracking by code, as someone who only kept the code.
    page.goto(server + "/lacak/")
    page.get_by_label("Kode lacak").fill(code)
    page.get_by_role("button", name="Lacak").click()
    page.wait_for_url(server + f"/lacak/{code}/")
    main = page.locator("main")
    assert main.locator("h1").inner_text() == "Status permohonan"
    body = main.inner_text()
    assert "Status: Diajukan" in body
    assert "Pemohon: C** N*** M*****" in body
    assert NIK_WOMAN not in body and "Mesjid" not in body and EMAIL not in body
    screenshot(page, "journey-resident-06-tracked")

    # "Kirim ulang tautan": the link goes to the e-mail address on file, never to the page.
    page.get_by_role("button", name="Kirim ulang tautan").click()
    expect(page.locator("main")).to_contain_text(
        "Tautan halaman permohonan telah dikirim ke kontak yang tercatat (Surel)."
    )
    assert page.url == server + f"/lacak/{code}/"
    assert stored["secret"] not in page.content()
    screenshot(page, "journey-resident-07-link-resent")
    outbox = committed(lambda: _stored(code))["outbox"]
    assert len(outbox) == 2  # the confirmation of the request, then the link sent again
    channel, recipient, body = outbox[-1]
    assert (channel, recipient) == ("email", EMAIL)
    assert "dikirim ulang atas permintaan" in body and private_link in body

    # The private link, as the e-mail carries it.
    page.goto(server + re.search(r"/lacak/\S+/", body).group(0))
    assert page.locator("main h1").inner_text() == "Permohonan saya"
    assert "Status: Diajukan" in page.locator("main").inner_text()
    screenshot(page, "journey-resident-08-private-page")

    # The office signs the letter; the private page offers it, and it is a PDF.
    number = committed(lambda: _issue_the_letter(code))
    page.reload()
    owner = page.locator("main").inner_text()
    assert "Status: Selesai" in owner
    assert f"Surat nomor {number} telah ditandatangani dan dapat diunduh." in owner
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "journey-resident-09-letter-ready")
    href = page.get_by_role("link", name="Unduh surat (PDF)").get_attribute("href")
    # The bytes, fetched by the page itself (Chromium's PDF viewer would stand in for them).
    assert page.evaluate(FIRST_BYTES, href) == {"status": 200, "type": "application/pdf", "head": "%PDF-"}
    with page.expect_response(lambda response: response.url.endswith("/surat.pdf")) as answered:
        page.get_by_role("link", name="Unduh surat (PDF)").click()
    assert answered.value.status == 200
    assert answered.value.headers["content-disposition"] == f'inline; filename="surat-{code}.pdf"'
