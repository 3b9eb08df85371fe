"""Every API error is JSON in the documented shape, in Indonesian or in English when asked (issue 7,
finding 19): bad JSON, a bad page number, an oversize body, 404, 405, 429 and 500."""

import json
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache

from modules.accounts.models import Role
from modules.layanan import selectors
from modules.throttling.throttles import LookupThrottle
from tests.conftest import sign_in
from tests.modules.layanan.data import NIK_MAN

ROOT = Path(__file__).resolve().parents[2]
SUBMIT = "/api/layanan/surat-keterangan-domisili/permohonan/"
FORM = {
    "applicant_name": "Cut Nyak Dhien",
    "nik": NIK_MAN,
    "address": "Dusun Lampoh",
    "purpose": "Beasiswa",
    "notify_channel": "none",
}


@pytest.fixture
def operator(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])
    return client_a


def assert_json_error(response, status, detail):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("id", "Isian tidak dapat dibaca; periksa format JSON-nya."),
        ("en", "The input could not be read; check its JSON format."),
    ],
)
def test_bad_json(client_a, language, detail):
    response = client_a.post(
        SUBMIT, '{"applicant_name": ', content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )

    assert_json_error(response, 400, detail)


@pytest.mark.parametrize("page", ["999", "abc", "0"])
def test_a_bad_page_number(operator, page):
    response = operator.get(f"/api/staf/permohonan/?page={page}")

    assert_json_error(response, 404, "Halaman ini tidak ada.")


def test_a_bad_page_number_in_english(operator):
    response = operator.get("/api/staf/permohonan/?page=999", HTTP_ACCEPT_LANGUAGE="en")

    assert_json_error(response, 404, "This page does not exist.")


def test_an_oversize_json_body_is_a_413_before_it_is_parsed(settings, client_a):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    body = json.dumps({**FORM, "address": "x" * 5000})

    response = client_a.post(SUBMIT, body, content_type="application/json")

    assert_json_error(
        response, 413, "Isian terlalu besar untuk diterima; kurangi ukuran atau jumlah isiannya."
    )


def test_an_oversize_form_body_is_a_413_too(settings, client_a):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000

    response = client_a.post(SUBMIT, {**FORM, "address": "x" * 5000})

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("language", "detail"),
    [("id", "Data yang dicari tidak ditemukan."), ("en", "The data you are looking for was not found.")],
)
def test_an_unknown_api_address_is_a_json_404(client_a, language, detail):
    response = client_a.get("/api/tidak-ada/", HTTP_ACCEPT_LANGUAGE=language)

    assert_json_error(response, 404, detail)


def test_an_unknown_page_address_is_still_the_html_404(client_a):
    response = client_a.get("/tidak-ada/")

    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_wrong_method(client_a):
    response = client_a.delete("/api/layanan/")

    assert_json_error(response, 405, "Metode permintaan ini tidak didukung.")


def test_too_many_lookups_are_a_json_429_with_retry_after(monkeypatch, in_village_a, client_a):
    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"lookup": "3/10m"})
    cache.delete("throttle_lookup_127.0.0.1")
    try:
        statuses = [client_a.get("/api/lacak/ABCD-EFGH/").status_code for _ in range(3)]
        refused = client_a.get("/api/lacak/ABCD-EFGH/")
        page = client_a.get("/lacak/ABCD-EFGH/")
        form = client_a.get("/lacak/?kode=ABCD-EFGH")
    finally:
        cache.delete("throttle_lookup_127.0.0.1")

    assert statuses == [404, 404, 404]
    assert_json_error(refused, 429, "Terlalu banyak permintaan; coba lagi sebentar lagi.")
    assert 0 < int(refused["Retry-After"]) <= 600
    assert page.status_code == form.status_code == 429
    assert "Terlalu banyak pelacakan" in page.content.decode() and "kantor gampong" in page.content.decode()


def test_an_unexpected_error_is_a_json_500_and_is_logged(monkeypatch, client_a, caplog):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(selectors, "current_standards", broken)

    response = client_a.get("/api/layanan/", HTTP_ACCEPT_LANGUAGE="en")

    assert_json_error(
        response,
        500,
        "Something went wrong on the server; the request could not be completed. Please try again shortly.",
    )
    assert "API error RuntimeError on GET /api/layanan/" in caplog.text


def test_the_openapi_document_names_the_429_of_submissions_and_lookups():
    document = yaml.safe_load((ROOT / "docs" / "api" / "village-openapi.yaml").read_text())

    for path in ["/api/layanan/{slug}/permohonan/", "/api/lacak/{tracking_code}/"]:
        operation = next(iter(document["paths"][path].values()))
        assert operation["responses"]["429"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
