"""NUL bytes and other garbage in public inputs (issue 7, finding 10): a 4xx with a sentence, never
a 500, and nothing stored."""

import json

import pytest
from django_tenants.utils import tenant_context

from modules.layanan.models import ServiceRequest
from tests.modules.layanan.data import NIK_MAN

MESSAGE = "Alamat atau isian berisi karakter yang tidak sah. Periksa kembali lalu coba lagi."
PAGES = [
    "/lacak/?kode=%00",
    "/lacak/?kode=AB%00CD",
    "/lacak/?kode%00=x",
    "/lacak/AB%00CD/",
    "/lacak/ABCD-EFGH/%00secret/",
    "/lacak/ABCD-EFGH/%00secret/surat.pdf",
    "/verifikasi/%00/",
    "/verifikasi/abc%01def/",
    "/layanan/?cari=%1b[31m",
    "/antrian/%00/",
]
APIS = ["/api/lacak/%00/", "/api/lacak/ABCD%00EFGH/", "/api/verifikasi/%00/", "/api/layanan/?page=%00"]
FORM = {
    "applicant_name": "Cut Nyak Dhien",
    "nik": NIK_MAN,
    "address": "Dusun Lampoh",
    "purpose": "Beasiswa",
    "notify_channel": "none",
}


@pytest.fixture
def no_exceptions(client_a):
    client_a.raise_request_exception = False
    return client_a


@pytest.mark.parametrize("path", PAGES)
def test_control_characters_in_a_page_address_are_a_400_with_a_message(no_exceptions, path):
    response = no_exceptions.get(path)

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("path", APIS)
def test_control_characters_in_an_api_address_are_a_json_400(no_exceptions, path):
    response = no_exceptions.get(path)

    assert response.status_code == 400
    assert response.json() == {"detail": MESSAGE}


def test_the_refusal_speaks_english_when_asked(no_exceptions):
    response = no_exceptions.get("/api/lacak/%00/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json() == {
        "detail": "The address or a field contains characters that are not allowed. Check it and try again."
    }


@pytest.mark.parametrize(
    "path",
    [
        "/lacak/?kode=" + "A" * 5000,
        "/lacak/?kode=%ff%fe",
        "/verifikasi/" + "x" * 600 + "/",
        "/lacak/%E2%80%AE/",
    ],
)
def test_other_garbage_in_lookups_is_a_404(no_exceptions, path):
    assert no_exceptions.get(path).status_code == 404


def test_a_nul_in_a_form_field_is_a_400_next_to_the_field_and_nothing_is_stored(village_a, no_exceptions):
    response = no_exceptions.post(
        "/layanan/surat-keterangan-domisili/ajukan/", {**FORM, "address": "Dusun\x00Lampoh"}
    )

    assert response.status_code == 400
    assert (
        "Karakter null tidak diizinkan." in response.content.decode()
        or "Null characters are not allowed." in response.content.decode()
    )
    with tenant_context(village_a.tenant):
        assert not ServiceRequest.objects.exists()


def test_a_nul_in_a_json_field_is_a_400_and_nothing_is_stored(village_a, no_exceptions):
    response = no_exceptions.post(
        "/api/layanan/surat-keterangan-domisili/permohonan/",
        json.dumps({**FORM, "applicant_name": "Cut\u0000Nyak"}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["applicant_name"]
    with tenant_context(village_a.tenant):
        assert not ServiceRequest.objects.exists()


def test_a_nul_in_the_queue_counter_is_a_400(village_a, no_exceptions):
    assert no_exceptions.post("/antrian/", {"counter": "\x00"}).status_code == 400


def test_a_non_ascii_secret_on_a_real_request_is_a_404(village_a, no_exceptions, domisili):
    """A real tracking code with a secret such as "éé": the comparison of secrets must not raise
    (hmac.compare_digest refuses non-ASCII text) — 404, as for any wrong secret."""
    from modules.layanan import services
    from tests.modules.layanan.data import new_request_data

    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )

    for path in (
        f"/lacak/{request.tracking_code}/%C3%A9%C3%A9/",
        f"/lacak/{request.tracking_code}/%C3%A9/surat.pdf",
    ):
        assert no_exceptions.get(path).status_code == 404, path
