"""A resident's complaint journey on a 360×740 phone, in Debian's Chromium against a real gunicorn:
from the village's home to the complaints board and the form; an anonymous complaint with a HEIC
photo and a point tapped on the map shows a similar open complaint first, which the resident
supports instead; then they file another (a different problem) with its photo and point, keep the
private link, and find it on the board without any identity. The stored photo has no EXIF.
Screenshots of every step go to tests/e2e/artifacts/journey-complaint-resident-*.png."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, PHONE, screenshot
from tests.browser.test_accessibility import missing_described_by_ids, serious_violations, small_tap_targets
from tests.modules.berkas.images import photo_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

EXISTING_TITLE = "Sampah menumpuk di saluran dekat meunasah"
NEW_TITLE = "Tiang listrik miring di jalan Lampoh"


def _an_open_complaint_nearby() -> dict[str, Any]:
    """Someone reported the rubbish already (in village A's schema, committed)."""
    from modules.pengaduan import services
    from modules.pengaduan.models import Category, Identity
    from tenants.models import Village

    village = Village.objects.select_related("district").get(slug="lambaro")
    complaint = services.complaint_submit(
        village=village,
        data=services.NewComplaint(
            category_id=Category.objects.get(name__startswith="Kebersihan").pk,
            title=EXISTING_TITLE,
            description="Saluran tersumbat, air meluap ke jalan saat hujan.",
            identity=Identity.NAMED,
            reporter_name="Teungku Chik Pante Kulu",
            reporter_phone="081355554444",
            latitude="5.553000",
            longitude="95.322000",
        ),
        photos=[],
        actor=None,
        idempotency_key="",
    )
    return {"code": complaint.tracking_code}


def _stored() -> dict[str, Any]:
    from PIL import Image

    from modules.pengaduan.models import Complaint

    found = {}
    for complaint in Complaint.objects.prefetch_related("photos").order_by("pk"):
        photos = []
        for item in complaint.photos.all():
            with item.file.open("rb") as stored:
                image = Image.open(io.BytesIO(stored.read()))
                photos.append((item.content_type, item.is_public, image.format, dict(image.getexif())))
        found[complaint.title] = {
            "code": complaint.tracking_code,
            "secret": complaint.secret,
            "identity": (complaint.identity, complaint.reporter_name, complaint.reporter_phone),
            "point": (complaint.latitude, complaint.longitude),
            "supporters": complaint.supporter_count,
            "photos": photos,
        }
    return found


def _fits_the_phone(page: Any) -> None:
    """No sideways scrolling at 360 px, no serious accessibility violation (axe-core), tap targets
    of 44 px, and every aria-describedby pointing at an element."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    assert small_tap_targets(page) == []
    assert missing_described_by_ids(page) == []


def _fill_the_form(page: Any, *, category: str, title: str, description: str, heic: Path) -> None:
    page.locator("#id_category").select_option(label=category)
    page.get_by_label("Judul singkat").fill(title)
    page.get_by_label("Uraian masalah").fill(description)
    page.get_by_label(re.compile(r"Anonim: nama dan kontak")).check()
    page.get_by_label("Foto 1 (tidak wajib)").set_input_files(str(heic))
    page.get_by_label("Foto 1 boleh tampil di papan").check()
    # The map opens where the last located complaint is; a tap in its middle sets the point.
    box = page.locator("[data-complaint-map]")
    expect(box).to_be_visible()
    box.scroll_into_view_if_needed()
    box.click()
    expect(page.locator("[data-map-status]")).to_contain_text("Titik terpilih:")
    assert page.locator("#id_latitude").input_value() != ""


def test_a_resident_supports_a_similar_complaint_then_files_another_on_a_phone(
    server, committed, page, tmp_path, clean_throttle
):
    existing = committed(_an_open_complaint_nearby)
    heic = tmp_path / "IMG_2041.HEIC"
    heic.write_bytes(photo_bytes(size=(2400, 1800), image_format="HEIF"))

    # From the village's home to the board and the form.
    page.goto(server + "/")
    page.get_by_role("link", name="Pengaduan", exact=True).click()
    page.wait_for_url(server + "/pengaduan/")
    expect(page.locator("main h1")).to_have_text("Papan pengaduan")
    assert EXISTING_TITLE in page.locator("main").inner_text()
    _fits_the_phone(page)
    screenshot(page, "journey-complaint-resident-01-board")
    page.get_by_role("link", name="Sampaikan pengaduan").first.click()
    page.wait_for_url(server + "/pengaduan/baru/")
    expect(page.locator("main h1")).to_have_text("Sampaikan pengaduan")

    # Choosing the category already hints at the open complaint like it (similar.js).
    page.locator("#id_category").select_option(label="Kebersihan dan lingkungan")
    expect(page.locator("[data-similar-live]")).to_contain_text(EXISTING_TITLE)

    # An anonymous complaint with a HEIC photo and a point on the map.
    _fill_the_form(
        page,
        category="Kebersihan dan lingkungan",
        title="Sampah menumpuk di saluran",
        description="Bau dan banyak nyamuk, sudah seminggu.",
        heic=heic,
    )
    _fits_the_phone(page)
    screenshot(page, "journey-complaint-resident-02-form")
    page.get_by_role("button", name="Kirim pengaduan").click()

    # The similar open complaint comes first; nothing is stored yet.
    similar = page.locator("#mirip")
    expect(similar).to_contain_text("Mungkin sudah ada yang melaporkan")
    expect(similar).to_contain_text(EXISTING_TITLE)
    assert "Teungku Chik" not in page.content()
    _fits_the_phone(page)
    screenshot(page, "journey-complaint-resident-03-similar")
    assert list(committed(_stored)) == [EXISTING_TITLE]
    similar.get_by_role("button", name="Dukung pengaduan ini").click()
    page.wait_for_url(server + f"/pengaduan/{existing['code']}/")
    expect(page.locator("main")).to_contain_text("dukungan Anda tercatat")
    expect(page.locator("main")).to_contain_text("didukung 1 warga")
    screenshot(page, "journey-complaint-resident-04-supported")
    assert committed(_stored)[EXISTING_TITLE]["supporters"] == 1

    # Then another problem, filed as a new complaint.
    page.goto(server + "/pengaduan/baru/")
    _fill_the_form(
        page,
        category="Keamanan dan ketertiban",
        title=NEW_TITLE,
        description="Tiangnya miring ke arah rumah warga setelah angin kencang.",
        heic=heic,
    )
    page.get_by_role("button", name="Kirim pengaduan").click()
    page.wait_for_url(server + "/pengaduan/terkirim/")
    expect(page.locator("main h1")).to_have_text("Pengaduan terkirim")
    code = page.locator("[data-tracking-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    private_link = page.locator("[data-private-link]").get_attribute("href")
    _fits_the_phone(page)
    screenshot(page, "journey-complaint-resident-05-submitted")

    stored = committed(_stored)
    new = stored[NEW_TITLE]
    assert new["code"] == code and private_link == f"/pengaduan/{code}/{new['secret']}/"
    assert new["identity"] == ("anonymous", "", "")
    assert None not in new["point"]
    assert new["photos"] == [("image/jpeg", True, "JPEG", {})]  # no EXIF, no GPS position left
    assert "Sampah menumpuk di saluran" not in stored  # the supported one was not filed again

    # The link is shown once: a reload of the confirmation no longer has it.
    page.reload()
    page.wait_for_url(server + "/pengaduan/")
    assert new["secret"] not in page.content()

    # The board shows the new complaint and its photo, and nobody's identity.
    expect(page.locator("main")).to_contain_text(NEW_TITLE)
    board = page.content()
    assert "Teungku Chik" not in board and "081355554444" not in board
    image = page.locator(f"img[src^='/pengaduan/{code}/foto/']")
    expect(image).to_have_count(1)
    assert image.evaluate("element => element.complete && element.naturalWidth > 0")
    _fits_the_phone(page)
    screenshot(page, "journey-complaint-resident-06-board-after")

    # The private page, as the resident kept it.
    page.goto(server + private_link)
    expect(page.locator("main h1")).to_have_text(NEW_TITLE)
    expect(page.locator("main")).to_contain_text("Pengaduan diterima.")
    _fits_the_phone(page)
    screenshot(page, "journey-complaint-resident-07-private-page")
