"""A resident's information request on a 360×740 phone, in Debian's Chromium against a real
gunicorn: from the village's home to the PPID and the request form; a wrong NIK gets its message
next to the field, the corrected request shows its number and due date, the private link opens the
request's own page; once the PPID officer has refused it, the resident files an objection on the
phone and sees it on the private page. And while a serta-merta announcement is active, the banner
heads the portal's home. Screenshots: tests/e2e/artifacts/journey-ppid-resident-*.png."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, PHONE, screenshot
from tests.browser.test_accessibility import missing_described_by_ids, serious_violations, small_tap_targets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

NIK = "1106101203850001"
NAME = "Cut Nyak Meutia"
ADDRESS = "Dusun Lampoh Keude, Lambaro"
PHONE_NUMBER = "081377778888"


def _fits_the_phone(page: Any) -> None:
    """No sideways scrolling at 360 px, no serious accessibility violation (axe-core), tap targets
    of 44 px, and every aria-describedby pointing at an element."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    assert small_tap_targets(page) == []
    assert missing_described_by_ids(page) == []


def _officer(username: str) -> Any:
    from modules.accounts.services import staff_create

    account, _password = staff_create(
        username=username, full_name="Uji PPID", role="ppid_officer", password="x-uji-2026", actor=None
    )
    return account


def _refuse(code: str) -> dict[str, Any]:
    """The PPID officer refuses the request on the ground of personal secrets (committed)."""
    from modules.ppid import services
    from modules.ppid.models import InformationRequest

    request = InformationRequest.objects.get(tracking_code=code)
    answered = services.information_request_decide(
        actor=_officer("jalan-ppid-menolak"),
        request=request,
        data=services.DecisionInput(
            decision="ditolak",
            answer="Rincian penerima bantuan memuat data pribadi warga.",
            exemption_ground="17h",
            consequence_test="Membukanya mengungkap rahasia pribadi penerima bantuan.",
        ),
    )
    return {"secret": answered.secret, "number": answered.registration_number}


def _answer_objection(number: str) -> str:
    """The superior dismisses the objection (committed); returns the Komisi Informasi deadline as
    the page writes it."""
    from django.utils.formats import date_format

    from modules.accounts.services import staff_create
    from modules.ppid import services
    from modules.ppid.models import Objection

    superior, _password = staff_create(
        username="jalan-ppid-atasan",
        full_name="Uji Atasan",
        role="ppid_superior",
        password="x-uji-2026",
        actor=None,
    )
    answered = services.objection_answer(
        actor=superior,
        objection=Objection.objects.get(registration_number=number),
        outcome="ditolak",
        response="Keputusan PPID dikuatkan: daftar penerima memuat NIK.",
    )
    return date_format(answered.commission_deadline, "j F Y")


def _stored() -> list[dict[str, Any]]:
    from modules.ppid.models import InformationRequest

    return [
        {
            "code": request.tracking_code,
            "number": request.registration_number,
            "nik": request.requester_nik,
            "channel": request.channel,
            "objections": [
                (objection.ground, objection.registration_number) for objection in request.objections.all()
            ],
        }
        for request in InformationRequest.objects.prefetch_related("objections").order_by("pk")
    ]


def test_a_resident_requests_information_and_objects_to_the_refusal_on_a_phone(
    server, committed, page, clean_throttle
):
    page.goto(server + "/")
    page.get_by_role("link", name="Informasi publik (PPID)").click()
    page.wait_for_url(server + "/ppid/")
    expect(page.locator("main h1")).to_have_text("PPID Gampong Lambaro")
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-01-ppid-home")

    page.get_by_role("link", name="Ajukan permohonan informasi").click()
    page.wait_for_url(server + "/ppid/permohonan/")
    page.get_by_label("Nama lengkap").fill(NAME)
    page.get_by_label("Alamat").fill(ADDRESS)
    page.get_by_label("NIK").fill("1106 1012")  # too short
    page.get_by_label("Nomor HP/WhatsApp").fill(PHONE_NUMBER)
    page.get_by_label("Rincian informasi yang dibutuhkan").fill("Daftar penerima BLT Dana Desa 2026.")
    page.get_by_label("Tujuan penggunaan informasi").fill("Memastikan bantuan tepat sasaran.")
    page.get_by_label("Softcopy", exact=True).check()
    page.get_by_label("Dikirim lewat surel").check()  # without an e-mail address: a second message
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-02-form")
    page.get_by_role("button", name="Kirim permohonan").click()

    nik_error = page.locator("#id_requester_nik_error")
    expect(nik_error).to_be_visible()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_requester_email_error")).to_contain_text("surel")
    assert committed(_stored) == []
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-03-bad-nik")

    page.get_by_label("NIK").fill(NIK)
    page.get_by_label("Mengambil langsung di kantor").check()
    page.get_by_role("button", name="Kirim permohonan").click()
    page.wait_for_url(server + "/ppid/permohonan/terkirim/")
    expect(page.locator("main h1")).to_have_text("Permohonan terkirim")
    code = page.locator("[data-tracking-code]").inner_text().strip()
    number = page.locator("[data-registration-number]").inner_text().strip()
    expect(page.locator("main")).to_contain_text("paling lambat")
    private_link = page.locator("[data-private-link]").get_attribute("href")
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-04-submitted")
    [stored] = committed(_stored)
    assert (stored["code"], stored["number"], stored["nik"], stored["channel"]) == (
        code,
        number,
        NIK,
        "daring",
    )
    assert "/ppid/permohonan/terkirim/" in page.url and stored["code"] in private_link

    page.goto(server + private_link)
    expect(page.locator("main")).to_contain_text(number)
    expect(page.locator("main")).to_contain_text("Diterima, sedang diproses")
    assert NIK not in page.content() and ADDRESS not in page.content()
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-05-private-page")

    # The PPID officer refuses it; the resident objects from the private page.
    committed(lambda: _refuse(code))
    page.reload()
    expect(page.locator("[data-decision]")).to_contain_text("Ditolak")
    expect(page.locator("[data-decision]")).to_contain_text("Pasal 17 huruf h")
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-06-refused")
    page.locator("[data-objection-link]").click()
    page.wait_for_url(server + private_link + "keberatan/")
    page.get_by_label("Pasal 35 ayat (1) huruf a", exact=False).check()
    page.get_by_label("Uraian keberatan").fill("Saya hanya meminta nama dan jumlah bantuan, tanpa NIK.")
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-07-objection-form")
    page.get_by_role("button", name="Kirim keberatan").click()
    page.wait_for_url(server + private_link)
    [objection] = committed(_stored)[0]["objections"]
    assert objection[0] == "35a"
    expect(page.locator(".messages")).to_contain_text(objection[1])
    expect(page.locator("[data-objection]")).to_contain_text("Diterima, menunggu tanggapan atasan PPID")
    expect(page.locator("[data-objection]")).to_contain_text(objection[1])
    assert page.locator("[data-objection-link]").count() == 0
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-08-objection-filed")

    # The superior answers; the page then says how to bring it to the Komisi Informasi, and by when.
    deadline = committed(lambda: _answer_objection(objection[1]))
    page.reload()
    commission = page.locator("[data-commission]")
    expect(commission).to_contain_text("Komisi Informasi")
    expect(commission).to_contain_text(deadline)
    expect(page.locator("[data-objection]")).to_contain_text("Keputusan PPID dikuatkan")
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-09-objection-answered")


def _announce() -> None:
    from modules.ppid import services

    services.announcement_publish(
        actor=_officer("jalan-ppid-mengumumkan"),
        data=services.AnnouncementInput(
            title="Banjir Krueng Aceh",
            hazard="Debit sungai naik; jalan dusun tergenang.",
            affected="Warga Dusun Lampoh Keude di bantaran sungai.",
            evacuation="Menuju meunasah Lambaro lewat jalan utama.",
            avoidance="Matikan listrik, jauhi arus sungai.",
            help="Posko di kantor keuchik, telepon 0651-123456.",
            announcer="Keuchik Lambaro",
            channels="Portal, pengeras suara meunasah",
            mitigation="Karung pasir dipasang di tanggul.",
        ),
        notify_subscribers=False,
    )


def test_the_serta_merta_banner_heads_the_home_on_a_phone(server, committed, page):
    committed(_announce)

    page.goto(server + "/")
    banner = page.locator("[data-serta-merta]")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Banjir Krueng Aceh")
    assert banner.get_attribute("role") == "alert"
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-10-banner")
    banner.get_by_role("link", name="Selengkapnya").click()
    expect(page.locator("main h1")).to_have_text("Banjir Krueng Aceh")
    expect(page.locator("main")).to_contain_text("Menuju meunasah Lambaro lewat jalan utama.")
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-11-announcement")


def _dip_items() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from modules.ppid import services

    officer = _officer("jalan-ppid-dip")
    common = {
        "summary": "Realisasi pendapatan dan belanja gampong Januari–Juni, per bidang dan kegiatan.",
        "holder": "Kaur Keuangan",
        "publisher": "PPID Gampong Lambaro",
        "made_when": "Juli 2026",
        "made_where": "Kantor Keuchik Lambaro",
        "form": "keduanya",
        "retention": "5 tahun",
    }
    services.information_item_save(
        actor=officer,
        item=None,
        data=services.ItemInput(category="berkala", title="Laporan Realisasi APBG Semester I 2026", **common),
        upload=SimpleUploadedFile("realisasi.pdf", b"%PDF-1.4 isi", "application/pdf"),
    )
    services.information_item_save(
        actor=officer,
        item=None,
        data=services.ItemInput(
            category="dikecualikan",
            title="Data kesehatan penerima bantuan",
            exemption_ground="17h",
            consequence_test="Membukanya mengungkap rahasia pribadi penerima bantuan.",
            **common,
        ),
        upload=None,
    )


def test_the_dip_reads_as_cards_on_a_phone_and_downloads_a_file(server, committed, page, desktop_page):
    committed(_dip_items)

    page.goto(server + "/ppid/dip/")
    expect(page.locator("main h1")).to_have_text("Daftar Informasi Publik")
    expect(page.locator("[data-dip-item]")).to_have_count(2)
    exempt = page.locator("[data-dip-item]", has_text="Data kesehatan penerima bantuan")
    expect(exempt).to_contain_text("Pasal 17 huruf h")
    assert exempt.get_by_role("link").count() == 0
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-12-dip")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh Laporan Realisasi APBG Semester I 2026").click()
    assert download.value.suggested_filename == "laporan-realisasi-apbg-semester-i-2026.pdf"
    page.get_by_label("Cari").fill("kesehatan")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("[data-dip-item]")).to_have_count(1)
    _fits_the_phone(page)
    screenshot(page, "journey-ppid-resident-13-dip-search")
    desktop_page.goto(server + "/ppid/dip/")
    expect(desktop_page.locator("[data-dip-item]")).to_have_count(2)
    assert desktop_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(desktop_page, "journey-ppid-resident-14-dip-desktop")
