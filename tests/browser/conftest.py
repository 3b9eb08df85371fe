"""Browser tests: Debian's Chromium driven by Playwright against a real gunicorn serving the test
database. What the server writes is committed, so every test removes it afterwards."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from tenants.routing import village_host
from tests.conftest import DISTRICT_SLUG, VILLAGE_A
from tests.processes import process_env, start_gunicorn, stop
from tests.threads import in_own_connection

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="package")
def server(django_db_setup: None, _media_in_a_temporary_folder: None) -> Iterator[str]:
    """gunicorn on a free loopback port, on this test database; yields its base URL for village A.

    One server for the browser tests of this xdist worker (started when the first asks for it):
    loading the app in a new worker for every test cost seconds each. It holds no state of its own
    between tests: what a test commits, the test removes (`committed_rows_removed`), and its caches
    are the Redis ones the tests share anyway."""
    process, port = start_gunicorn(process_env())
    # Village A's host from the names the session created it with (tests/conftest.py): no query
    # here, so the server can start while a test's browser holds the thread's event loop.
    yield f"http://{village_host(VILLAGE_A['slug'], DISTRICT_SLUG)}:{port}"
    stop(process)


def _tables_of_current_schema() -> list[Any]:
    tables = set(connection.introspection.table_names())
    return [model for model in apps.get_models() if model._meta.db_table in tables and model._meta.managed]


def _keys_by_model() -> dict[Any, set[Any]]:
    return {model: set(model.objects.values_list("pk", flat=True)) for model in _tables_of_current_schema()}


def _remove_rows_added_since(before: dict[Any, set[Any]]) -> None:
    """Deletes every row that was not there before, whatever its table, in an order the foreign
    keys accept (a pass that a foreign key refuses is retried after the others)."""
    pending = {
        model: set(model.objects.values_list("pk", flat=True)) - before.get(model, set())
        for model in _tables_of_current_schema()
    }
    pending = {model: keys for model, keys in pending.items() if keys}
    for _attempt in range(len(pending) + 1):
        if not pending:
            return
        for model, keys in list(pending.items()):
            try:
                with transaction.atomic():
                    model.objects.filter(pk__in=keys).delete()
            except (IntegrityError, ProtectedError):
                continue
            del pending[model]
    raise AssertionError(f"rows the browser test wrote could not be removed: {sorted(map(str, pending))}")


@pytest.fixture
def committed_rows_removed(village_a: Any) -> Iterator[None]:
    before = in_own_connection(village_a.tenant, _keys_by_model)
    yield
    in_own_connection(village_a.tenant, lambda: _remove_rows_added_since(before))


@pytest.fixture
def committed(village_a: Any, committed_rows_removed: None) -> Callable[[Callable[[], Any]], Any]:
    """Runs a function in village A's schema on a connection of its own, so gunicorn sees its rows."""
    return lambda work: in_own_connection(village_a.tenant, work)


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    # expect(...) waits for what a click leads to; a loaded machine (make test) may be slow.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--host-resolver-rules=MAP * 127.0.0.1",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Any:
    """A phone-sized page, in Indonesian, as most residents see the portal."""
    return browser.new_context(viewport=PHONE, locale="id-ID").new_page()


@pytest.fixture
def desktop_page(browser: Any) -> Any:
    """A desktop-sized page, as staff see the office's screens."""
    return browser.new_context(viewport=DESKTOP, locale="id-ID").new_page()


def screenshot(page: Any, name: str) -> Path:
    """Keeps a full-page screenshot under tests/e2e/artifacts/ (ignored by git) to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- the journeys (tests/browser/test_journey_*.py) -------------------------------------------------

JOURNEY_PASSWORD = "jalan-uji-2026"  # a test account's


@pytest.fixture
def staff_page(
    server: str, committed: Callable[[Callable[[], Any]], Any], desktop_page: Any
) -> Callable[[str], Any]:
    """`staff_page("operator")`: a committed account of that role in village A (gunicorn sees it),
    signed in through /staf/masuk/ on the desktop page, which is returned on the staff home."""

    def sign_in_as(role: str) -> Any:
        from modules.accounts.services import staff_create

        username = f"jalan-{role}"
        committed(
            lambda: staff_create(
                username=username,
                full_name=f"Uji Jalan {role}",
                role=role,
                password=JOURNEY_PASSWORD,
                actor=None,
            )
        )
        desktop_page.goto(server + "/staf/masuk/")
        desktop_page.get_by_label("Nama pengguna").fill(username)
        desktop_page.get_by_label("Kata sandi").fill(JOURNEY_PASSWORD)
        desktop_page.get_by_role("button", name="Masuk").click()
        desktop_page.wait_for_url(server + "/staf/")
        return desktop_page

    return sign_in_as


@pytest.fixture
def phone_photo(tmp_path: Path) -> Callable[..., Path]:
    """`phone_photo("ktp.jpg", exif=True)`: a real photo as a phone makes it, drawn with Pillow:
    a JPEG (with the camera's EXIF: maker, model, orientation and a GPS position when asked) or a
    PNG screenshot, by the name's extension."""
    from PIL import Image, ImageDraw

    def make(name: str, *, exif: bool = False, size: tuple[int, int] = (1600, 1200)) -> Path:
        image = Image.new("RGB", size, (236, 228, 210))
        draw = ImageDraw.Draw(image)
        draw.rectangle((80, 80, size[0] - 80, size[1] - 80), outline=(20, 60, 120), width=12)
        for row in range(6):
            top = 200 + row * 120
            draw.rectangle((160, top, size[0] - 400, top + 40), fill=(40 + row * 30, 40, 60))
        draw.ellipse((size[0] - 360, 200, size[0] - 160, 440), fill=(120, 90, 70))
        path = tmp_path / name
        if name.endswith(".png"):
            image.save(path, format="PNG")
            return path
        tags = Image.Exif()
        if exif:
            tags[0x010F] = "Samsung"  # Make
            tags[0x0110] = "Galaxy A14"  # Model
            tags[0x0112] = 6  # Orientation: held upright, stored on its side
            tags[0x0132] = "2026:12:01 09:30:00"  # DateTime
            gps = tags.get_ifd(0x8825)
            gps[1], gps[2] = "N", (5.0, 33.0, 12.0)  # Lambaro, Aceh Besar
            gps[3], gps[4] = "E", (95.0, 22.0, 48.0)
        image.save(path, format="JPEG", quality=85, exif=tags)
        return path

    return make


def menu_statuses(page: Any, server: str) -> dict[str, int]:
    """Follows every link of the staff home's menu (/staf/) as the signed-in user: label -> the
    status it answered. The page ends on the staff home again."""
    page.goto(server + "/staf/")
    links = page.locator("main ul.menu a").evaluate_all(
        "links => links.map(link => [link.textContent.trim(), link.getAttribute('href')])"
    )
    statuses = {label: page.goto(server + href).status for label, href in links}
    page.goto(server + "/staf/")
    return statuses


def fill_identity(page: Any) -> None:
    """The identity a default letter asks for (NIK_WOMAN's birth date and gender)."""
    page.get_by_label("Tempat lahir").fill("Banda Aceh")
    page.get_by_label("Tanggal lahir").fill("1990-07-15")
    page.get_by_label("Jenis kelamin").select_option("perempuan")
    page.get_by_label("Agama").select_option("islam")
    page.get_by_label("Pekerjaan").fill("Guru")
    page.get_by_label("Status perkawinan").select_option("kawin")
