"""Community polls in Debian's Chromium against a real gunicorn. On a 360×740 phone a resident opens
an open poll from the list, asks for a code, types the code the SMS carried (read from the
notification outbox, as the development gateway prints it), answers and is thanked; once the poll
has closed the results page shows the bars and the number of participants, and not the free text.
On a desktop the village admin creates a poll with two questions. Screenshots:
tests/e2e/artifacts/journey-survei-poll-*.png."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, PHONE, screenshot
from tests.browser.test_accessibility import (
    missing_described_by_ids,
    serious_violations,
    small_staff_tap_targets,
    small_tap_targets,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

TITLE = "Prioritas pembangunan gampong 2027"
PHONE_NUMBER = "0812 3456 7890"
SUGGESTION = "Lampu jalan di Dusun Mesjid."


def _fits_the_phone(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    assert small_tap_targets(page) == []
    assert missing_described_by_ids(page) == []


def _open_poll() -> int:
    from django.utils import timezone

    from modules.accounts.services import staff_create
    from modules.survei import services

    admin, _password = staff_create(
        username="jalan-jajak-admin",
        full_name="Uji Jajak",
        role="village_admin",
        password="x-uji-2026",
        actor=None,
    )
    now = timezone.now()
    poll = services.poll_create(
        actor=admin,
        data=services.PollInput(
            title=TITLE,
            description="Masukan warga untuk musyawarah gampong.",
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(days=7),
            questions=(
                services.QuestionInput(
                    text="Yang paling perlu dibangun?",
                    kind="tunggal",
                    options=("Drainase", "Jalan", "Posyandu"),
                ),
                services.QuestionInput(
                    text="Kegiatan yang Anda ikuti",
                    kind="ganda",
                    options=("Gotong royong", "Posyandu balita"),
                ),
                services.QuestionInput(text="Seberapa puas dengan jalan dusun?", kind="skala"),
                services.QuestionInput(text="Usul lain", kind="teks", is_required=False),
            ),
        ),
    )
    return int(poll.pk)


def _sent_code(poll_id: int) -> str:
    import re

    from modules.notifikasi.models import Notification
    from modules.survei.models import PollCode

    code = PollCode.objects.filter(poll_id=poll_id).latest("created_at")
    body = Notification.objects.get(reference=f"survei.poll_code:{code.pk}").body
    found = re.search(r"\b(\d{6})\b", body)
    assert found is not None
    return found.group(1)


def _close(poll_id: int) -> None:
    from django.utils import timezone

    from modules.survei.models import Poll

    now = timezone.now()
    Poll.objects.filter(pk=poll_id).update(
        opens_at=now - datetime.timedelta(days=7), closes_at=now - datetime.timedelta(minutes=1)
    )


def test_a_resident_answers_a_poll_with_a_code_and_sees_the_results_after_closing(
    server: str, committed: Any, page: Any
) -> None:
    poll_id = committed(_open_poll)
    page.goto(server + "/jajak-pendapat/")
    expect(page.get_by_role("heading", name="Sedang dibuka")).to_be_visible()
    _fits_the_phone(page)
    screenshot(page, "journey-survei-poll-1-list")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("Kode dikirim lewat SMS").first).to_be_visible()
    _fits_the_phone(page)
    screenshot(page, "journey-survei-poll-2-poll")

    page.get_by_label("Nomor HP").fill("0812 34")
    page.get_by_role("button", name="Kirim kode lewat SMS").click()
    expect(page.locator("#id_phone_error")).to_contain_text("Nomor HP tidak valid")
    _fits_the_phone(page)
    screenshot(page, "journey-survei-poll-3-bad-phone")
    page.get_by_label("Nomor HP").fill(PHONE_NUMBER)
    page.get_by_role("button", name="Kirim kode lewat SMS").click()
    page.wait_for_url(f"{server}/jajak-pendapat/{poll_id}/jawab/")
    expect(page.get_by_text("0812*****890")).to_be_visible()
    assert "3456 7890" not in page.content() and "81234567890" not in page.content()
    _fits_the_phone(page)
    screenshot(page, "journey-survei-poll-4-answer-form")

    page.get_by_label("Kode dari SMS").fill(committed(lambda: _sent_code(poll_id)))
    page.get_by_label("Drainase").check()
    page.get_by_label("Gotong royong").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Usul lain").fill(SUGGESTION)
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", name="Terima kasih, jawaban Anda tersimpan")).to_be_visible()
    assert "warga ikut" not in page.content()
    _fits_the_phone(page)
    screenshot(page, "journey-survei-poll-5-thanks")

    page.goto(f"{server}/jajak-pendapat/{poll_id}/hasil/")
    expect(page.get_by_text("tampil setelah ditutup")).to_be_visible()
    committed(lambda: _close(poll_id))
    page.reload()
    expect(page.locator(".poll-participants")).to_have_text("1 warga ikut.")
    expect(page.get_by_text("Drainase: 1 (100%)")).to_be_visible()
    assert page.locator("svg.poll-bar").count() == 3 + 2 + 5
    assert SUGGESTION not in page.content()
    _fits_the_phone(page)
    screenshot(page, "journey-survei-poll-6-results")


def test_the_admin_creates_a_poll_with_two_questions(server: str, staff_page: Any) -> None:
    page = staff_page("village_admin")
    page.goto(server + "/staf/jajak-pendapat/")
    page.get_by_role("link", name="Buat jajak pendapat").click()
    page.get_by_label("Judul").fill("Jadwal posyandu balita")
    page.get_by_label("Keterangan").fill("Hari yang paling cocok bagi ibu-ibu.")
    page.get_by_label("Dibuka").fill("2027-01-04T08:00")
    page.get_by_label("Ditutup").fill("2027-01-03T08:00")
    page.locator("#id_question_1_text").fill("Hari yang paling cocok?")
    page.locator("#id_question_1_options").fill("Senin\nRabu\nSabtu")
    page.locator("#id_question_2_text").fill("Seberapa penting posyandu bagi Anda?")
    page.locator("#id_question_2_kind").select_option("skala")
    page.get_by_role("button", name="Simpan jajak pendapat").click()
    expect(page.locator("#id_closes_at_error")).to_have_text("Waktu tutup harus sesudah waktu buka.")
    assert serious_violations(page) == []
    screenshot(page, "journey-survei-poll-7-staff-error")
    page.get_by_label("Ditutup").fill("2027-01-18T17:00")
    page.get_by_role("button", name="Simpan jajak pendapat").click()
    expect(page.get_by_role("heading", name="Jadwal posyandu balita")).to_be_visible()
    expect(page.get_by_text("Jajak pendapat disimpan.")).to_be_visible()
    expect(page.get_by_role("heading", name="Hari yang paling cocok?")).to_be_visible()
    expect(page.get_by_role("heading", name="Seberapa penting posyandu bagi Anda?")).to_be_visible()
    assert small_staff_tap_targets(page) == []
    assert serious_violations(page) == []
    screenshot(page, "journey-survei-poll-8-staff-created")
    page.goto(server + "/staf/jajak-pendapat/")
    expect(page.get_by_role("link", name="Jadwal posyandu balita")).to_be_visible()
    assert small_staff_tap_targets(page) == []
    screenshot(page, "journey-survei-poll-9-staff-list")
