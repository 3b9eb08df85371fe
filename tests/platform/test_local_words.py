"""A district's pages and its villages' pages call the villages what the district calls them, and so
do the messages that reach staff: the role, the API's refusals, the labels of the settings forms."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context, tenant_context

from modules.accounts.models import Role, role_label
from modules.kalender.services import village_day_override_set
from modules.layanan.models import ServiceSettings
from tenants.models import District
from tests.modules.layanan import data

# "desa" as a word, not inside another ("pedesaan"). Uses meant literally are left out first: the
# national title "Pendamping Desa" (Kemendesa's village facilitators), the name of the Village Law
# (UU 6/2014 tentang Desa) and the letter placeholder {desa}.
LITERAL = re.compile(r"pendamping desa|UU 6/2014 tentang Desa|\{desa\}", re.IGNORECASE)
DESA = re.compile(r"\bdesa\b", re.IGNORECASE)


def says_desa(text: str) -> list[str]:
    """The places where `text` says "desa" as the village's name for itself (with some context)."""
    text = LITERAL.sub("", text)
    return [text[max(match.start() - 40, 0) : match.end() + 40] for match in DESA.finditer(text)]


def test_district_and_village_pages_say_gampong_where_the_district_says_gampong(client_a, district_client):
    for client in (client_a, district_client):
        html = client.get("/").content.decode()

        assert "Balai — portal layanan publik gampong</footer>" in html
        assert "portal layanan publik desa" not in html


def test_the_staff_home_names_the_village_admin_as_the_district_does(admin_client):
    html = admin_client.get("/staf/").content.decode()

    assert "Admin gampong" in html
    assert says_desa(html) == []


def test_the_staff_pages_of_a_village_admin_say_gampong_and_keuchik_never_desa(
    admin_client, village_a, staff, domisili
):
    service_request = data.awaiting_signature(village=village_a, service=domisili, actor=staff[Role.OPERATOR])
    pages = {
        "/staf/": "Admin gampong",
        "/staf/layanan/pengaturan/": "Nama keuchik",
        "/staf/profil/": "Tentang gampong",
        "/staf/perangkat/": "Keuchik",
        f"/staf/layanan/{service_request.tracking_code}/": "Atas nama (a.n.), bila bukan keuchik",
        "/staf/layanan/": "",
        "/staf/layanan/loket/": "",
        "/staf/layanan/katalog/": "",
        f"/staf/layanan/katalog/{domisili.slug}/": "",
        "/staf/layanan/dokumen-sop/": "",
        "/staf/hari-kerja/": "gampong",
    }

    for path, words in pages.items():
        response = admin_client.get(path)
        html = response.content.decode()

        assert response.status_code == 200, path
        assert words in html, path
        assert says_desa(html) == [], path


def test_the_settings_form_labels_the_head_fields_with_the_district_s_head_title(admin_client):
    form = admin_client.get("/staf/layanan/pengaturan/").context["form"]

    assert (form.fields["head_name"].label, form.fields["head_title"].label) == (
        "Nama keuchik",
        "Jabatan keuchik",
    )


def test_a_new_counter_settings_row_takes_the_district_s_head_title(village_a):
    with tenant_context(village_a.tenant):
        assert ServiceSettings().head_title == "Keuchik"
    with schema_context(village_a.tenant.schema_name):  # no district known: the national title
        assert ServiceSettings().head_title == "Kepala Desa"


def test_the_api_s_refusals_name_the_village_as_the_district_does(client_as, village_a, staff, domisili):
    with tenant_context(village_a.tenant):
        code = data.awaiting_signature(
            village=village_a, service=domisili, actor=staff[Role.OPERATOR]
        ).tracking_code

    anonymous = client_as(None).get("/api/staf/permohonan/")
    not_a_signer = client_as(Role.OPERATOR).post(
        f"/api/staf/permohonan/{code}/terbitkan/",
        {"signer_name": "Teuku Umar", "signer_position": "Keuchik"},
        content_type="application/json",
    )

    assert (anonymous.status_code, anonymous.json()) == (
        403,
        {"detail": "Masuk sebagai staf gampong terlebih dahulu."},
    )
    assert (not_a_signer.status_code, not_a_signer.json()) == (
        403,
        {"detail": "Hanya admin gampong yang dapat menandatangani atau mencabut surat."},
    )


def test_a_forbidden_page_names_the_role_and_the_admin_as_the_district_does(client_as):
    html = client_as(Role.PPID_OFFICER).get("/staf/layanan/pengaturan/").content.decode()

    assert "Akun Anda (Petugas PPID) tidak berwenang" in html
    assert "minta admin gampong atau kabupaten" in html
    assert says_desa(html) == []


def test_a_role_label_uses_the_district_s_noun_and_the_national_one_without_a_district():
    assert role_label(Role.VILLAGE_ADMIN, District(village_noun="nagari")) == "Admin nagari"
    assert role_label(Role.VILLAGE_ADMIN, None) == "Admin desa"
    assert role_label(Role.OPERATOR, District(village_noun="nagari")) == "Operator layanan"
    assert role_label(Role.FACILITATOR, District(village_noun="gampong")) == "Pendamping desa"


def test_a_village_day_off_declared_on_the_district_s_schema_is_refused_in_the_district_s_words(district):
    with tenant_context(district.tenant), pytest.raises(ValidationError) as error:
        village_day_override_set(
            day=datetime.date(2026, 8, 17), is_working_day=False, reason="Uji", actor=None
        )

    assert error.value.messages == [
        "Pengecualian hari kerja gampong hanya dapat diatur dari dalam portal gampong."
    ]
    assert error.value.error_list[0].code == "not_in_village"
