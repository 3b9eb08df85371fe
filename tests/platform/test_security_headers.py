"""Headers and API surface (issue 7, finding 19) and the 500 page (finding 21)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from modules.layanan import selectors
from tests.conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]
STRICT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# What a strict Content-Security-Policy refuses in an HTML page: inline scripts, inline event
# handlers, <style> blocks and style attributes.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|<style[\s>]|\sstyle\s*=", re.IGNORECASE)


def policy(response):
    """The Content-Security-Policy header as {directive: sources} (django-csp orders them freely)."""
    directives = [part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")]
    return {name: sources for name, sources in directives}


def html_templates():
    folders = [
        ROOT / "platform" / "templates",
        *ROOT.glob("modules/*/templates"),
        *ROOT.glob("tenants/templates"),
    ]
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            text = path.read_text()
            if "@page" in text:  # rendered to PDF by WeasyPrint, never served as a page
                continue
            yield pytest.param(path, text, id=str(path.relative_to(ROOT)))


@pytest.mark.parametrize(("path", "text"), list(html_templates()))
def test_no_template_has_inline_script_or_style(path, text):
    assert INLINE.findall(text) == []


@pytest.mark.parametrize(
    "path", ["/", "/layanan/", "/lacak/", "/antrian/", "/antrian/layar/", "/staf/masuk/"]
)
def test_village_pages_send_the_strict_policy(client_a, path):
    response = client_a.get(path)

    assert response.status_code == 200
    assert policy(response) == STRICT_POLICY
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_platform_and_the_admin_send_the_strict_policy(db):
    platform = Client(HTTP_HOST=settings.BASE_DOMAIN)

    assert policy(platform.get("/")) == STRICT_POLICY
    assert policy(platform.get("/admin/login/")) == STRICT_POLICY


def test_only_the_api_docs_page_has_a_wider_policy(client_a):
    docs = policy(client_a.get("/api/docs/"))

    assert docs["script-src"] == "'self'" and docs["worker-src"] == "'self' blob:"
    assert docs["style-src"] == "'self' 'unsafe-inline'"
    assert docs["default-src"] == "'self'" and docs["frame-ancestors"] == "'none'"


def test_permissions_policy_turns_off_what_no_page_uses(client_a):
    header = client_a.get("/")["Permissions-Policy"]

    assert "camera=()" in header and "microphone=()" in header and "payment=()" in header
    assert "geolocation=(self)" in header


def test_the_browsable_api_is_off(client_a):
    response = client_a.get("/api/layanan/", HTTP_ACCEPT="text/html")

    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    default = client_a.get("/api/layanan/")
    assert default.status_code == 200 and default["Content-Type"] == "application/json"


def test_the_staff_api_and_pages_are_never_stored(village_a, client_a, staff):
    anonymous = client_a.get("/api/staf/permohonan/")
    sign_in(client_a, village_a.tenant, staff["operator"])
    queue = client_a.get("/api/staf/permohonan/")
    page = client_a.get("/staf/layanan/")

    for response in (anonymous, queue, page):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert queue.status_code == 200 and anonymous.status_code == 403


def test_the_public_catalogue_may_be_cached(client_a):
    assert "Cache-Control" not in client_a.get("/api/layanan/")


def test_the_500_page_never_claims_the_data_is_safe(monkeypatch, client_a):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(selectors, "current_standards", broken)
    client_a.raise_request_exception = False

    response = client_a.get("/layanan/")

    page = response.content.decode()
    assert response.status_code == 500
    assert "tidak hilang" not in page and "not lost" not in page
    assert "Silakan coba lagi beberapa saat lagi." in page
    assert "periksa dulu apakah permohonan sudah tercatat" in page
    assert "style=" not in page and "<style" not in page
    assert policy(response) == STRICT_POLICY
