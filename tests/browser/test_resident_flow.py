"""A resident on a small phone screen, in Debian's Chromium driven by Playwright, against a real
gunicorn serving the test database: request a surat keterangan domisili, get a tracking code,
follow it. Everything the server writes is committed, so the test removes it afterwards."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from modules.audit.models import AuditEvent
from modules.layanan.models import RequestEvent, ServiceRequest
from modules.notifikasi.models import Notification
from tests.modules.layanan.data import NIK_WOMAN
from tests.processes import process_env, stop
from tests.threads import in_own_connection

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(db) -> Iterator[str]:
    """gunicorn on a free loopback port, on this test database; yields its base URL for village A."""
    port = _free_port()
    env = process_env()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "balai.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT / "platform",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    yield f"http://lambaro.aceh-besar.balai.test:{port}"
    stop(process)


@pytest.fixture
def committed_rows_removed(village_a) -> Iterator[None]:
    def high_water_marks() -> dict[type, int]:
        return {
            model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
            for model in (ServiceRequest, AuditEvent, Notification)
        }

    before = in_own_connection(village_a.tenant, high_water_marks)
    yield

    def remove() -> None:
        new_requests = ServiceRequest.objects.filter(pk__gt=before[ServiceRequest])
        RequestEvent.objects.filter(request__in=new_requests).delete()
        new_requests.delete()
        AuditEvent.objects.filter(pk__gt=before[AuditEvent]).delete()
        Notification.objects.filter(pk__gt=before[Notification]).delete()

    in_own_connection(village_a.tenant, remove)


@pytest.fixture
def page(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--host-resolver-rules=MAP * 127.0.0.1",
            ],
        )
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
        yield context.new_page()
        browser.close()


def test_a_resident_requests_a_letter_and_follows_it_on_a_phone(
    server, committed_rows_removed, page, tmp_path
):
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Gampong Lambaro"

    page.get_by_role("link", name="Layanan & surat").click()
    page.get_by_role("link", name="Surat Keterangan Domisili").click()
    page.get_by_role("link", name="Ajukan permohonan").click()
    page.get_by_label("Nama lengkap (sesuai KTP)").fill("Cut Nyak Meutia")
    page.get_by_label("NIK (16 digit)").fill("1106")
    page.get_by_label("Alamat (dusun, RT/RW)").fill("Dusun Mesjid, RT 02/RW 01")
    page.get_by_label("Keperluan").fill("Mendaftar sekolah anak")
    page.get_by_role("button", name="Kirim permohonan").click()

    assert "16 digit" in page.locator(".error").first.inner_text()

    page.get_by_label("NIK (16 digit)").fill(NIK_WOMAN)
    page.get_by_role("button", name="Kirim permohonan").click()
    page.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)
    code = page.locator("p[style*='letter-spacing']").inner_text().strip()
    assert len(code) == 9 and code[4] == "-"

    page.get_by_role("link", name="Lihat status permohonan").click()

    body = page.locator("main").inner_text()
    assert "Diajukan" in body and code in body
    assert "C** N*** M*****" in body and NIK_WOMAN not in body and "Mesjid" not in body
    page.screenshot(path=str(os.environ.get("BALAI_SCREENSHOT", tmp_path / "tracking.png")), full_page=True)
