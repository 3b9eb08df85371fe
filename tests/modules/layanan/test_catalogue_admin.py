import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from modules.layanan.models import Service, ServiceSettings, ServiceStandard
from tests.conftest import host_of, sign_in

NEW_SERVICE = {
    "slug": "surat-keterangan-ahli-waris",
    "name": "Surat Keterangan Ahli Waris",
    "letter_code": "474.6",
    "letter_title": "SURAT KETERANGAN AHLI WARIS",
    "letter_body": "Menerangkan bahwa {nama} adalah ahli waris dari {nama_pewaris}.",
    "letter_kind": "keterangan",
    "identity_fields": ["birth_place", "birth_date", "gender"],
    "is_active": "on",
    "requirements": (
        "Foto KTP-el ahli waris\nAkta kematian pewaris (dibawa ke kantor)\n"
        "Surat nikah pewaris (tidak wajib, dibawa ke kantor)"
    ),
    "procedure": "Ajukan permohonan\nVerifikasi oleh kasi pemerintahan\nTanda tangan keuchik",
    "time_limit_days": "3",
    "cost_rupiah": "0",
    "product": "Surat Keterangan Ahli Waris",
    "complaint_channel": "Kantor gampong",
    "legal_basis": "KUH Perdata; Kompilasi Hukum Islam",
    "officer_in_charge": "Sekretaris gampong",
    "service_hours": "Senin–Kamis 08.00–16.00",
    "extra_fields": "nama_pewaris | Nama pewaris",
}


def test_a_village_adds_its_own_service(village_a, admin_client):
    response = admin_client.post("/staf/layanan/katalog/baru/", NEW_SERVICE)

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        standard = ServiceStandard.objects.get(service__slug="surat-keterangan-ahli-waris")
    assert standard.version == 1 and standard.time_limit_days == 3
    assert standard.requirements == [
        {"text": "Foto KTP-el ahli waris", "required": True, "delivery": "upload"},
        {"text": "Akta kematian pewaris", "required": True, "delivery": "office"},
        {"text": "Surat nikah pewaris", "required": False, "delivery": "office"},
    ]
    assert standard.identity_fields == ["birth_place", "birth_date", "gender"]
    assert standard.extra_fields == [{"name": "nama_pewaris", "label": "Nama pewaris"}]
    assert "Surat Keterangan Ahli Waris" in admin_client.get("/layanan/").content.decode()


def test_editing_the_standard_makes_a_new_version_and_the_portal_shows_it(village_a, admin_client):
    admin_client.post("/staf/layanan/katalog/baru/", NEW_SERVICE)

    admin_client.post(
        "/staf/layanan/katalog/surat-keterangan-ahli-waris/", {**NEW_SERVICE, "time_limit_days": "5"}
    )

    with tenant_context(village_a.tenant):
        versions = list(
            ServiceStandard.objects.filter(service__slug=NEW_SERVICE["slug"]).values_list(
                "version", "time_limit_days"
            )
        )
    assert sorted(versions) == [(1, 3), (2, 5)]
    assert (
        "Standar pelayanan versi 2" in admin_client.get(f"/layanan/{NEW_SERVICE['slug']}/").content.decode()
    )


def test_saving_an_unchanged_standard_makes_no_new_version(village_a, admin_client):
    admin_client.post("/staf/layanan/katalog/baru/", NEW_SERVICE)

    admin_client.post(f"/staf/layanan/katalog/{NEW_SERVICE['slug']}/", NEW_SERVICE)

    with tenant_context(village_a.tenant):
        assert ServiceStandard.objects.filter(service__slug=NEW_SERVICE["slug"]).count() == 1


def test_a_default_service_saved_unchanged_keeps_its_standard_and_letter(village_a, admin_client):
    """The edit page's own values, sent back as they are: the marks of each requirement, the letter's
    kind, closing and identity table survive, and no new version is made."""
    page = admin_client.get("/staf/layanan/katalog/surat-keterangan-usaha/")
    form = page.context["form"]
    values = {name: form[name].value() for name in form.fields}
    sent = {name: value for name, value in values.items() if value is not None and value is not False}

    response = admin_client.post("/staf/layanan/katalog/surat-keterangan-usaha/", sent)

    assert response.status_code == 302, response.context["form"].errors
    assert "Foto tempat usaha\n" in sent["requirements"] + "\n"
    assert "Fotokopi KTP-el pemohon (dibawa ke kantor)" in sent["requirements"]
    with tenant_context(village_a.tenant):
        standards = ServiceStandard.objects.filter(service__slug="surat-keterangan-usaha")
        assert standards.count() == 1
        assert standards.get().identity_fields == ["birth_place", "birth_date", "gender", "occupation"]


def test_staff_set_the_letter_kind_closing_and_identity_table(village_a, admin_client):
    admin_client.post("/staf/layanan/katalog/baru/", NEW_SERVICE)

    response = admin_client.post(
        f"/staf/layanan/katalog/{NEW_SERVICE['slug']}/",
        {
            **NEW_SERVICE,
            "letter_kind": "pengantar",
            "letter_closing": "Demikian surat ini dibuat untuk mengurus warisan.",
            "identity_fields": ["gender", "religion"],
        },
    )

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        service = Service.objects.get(slug=NEW_SERVICE["slug"])
        latest = service.standards.order_by("-version").first()
    assert (service.letter_kind, service.letter_closing) == (
        "pengantar",
        "Demikian surat ini dibuat untuk mengurus warisan.",
    )
    assert latest.version == 2 and latest.identity_fields == ["gender", "religion"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("letter_kind", "surat_sakti", "pilihan yang valid"),
        ("identity_fields", ["nama_ibu"], "pilihan yang valid"),
        ("letter_closing", "x" * 601, "600"),
    ],
)
def test_bad_letter_settings_are_refused_next_to_the_field(admin_client, field, value, message):
    response = admin_client.post("/staf/layanan/katalog/baru/", {**NEW_SERVICE, field: value})

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])


def test_a_closed_service_leaves_the_portal(village_a, admin_client):
    admin_client.post("/staf/layanan/katalog/", {"slug": "surat-keterangan-usaha", "is_active": "0"})

    with tenant_context(village_a.tenant):
        assert Service.objects.get(slug="surat-keterangan-usaha").is_active is False
    resident = Client(HTTP_HOST=host_of(village_a))
    assert "Surat Keterangan Usaha" not in resident.get("/layanan/").content.decode()
    assert resident.get("/layanan/surat-keterangan-usaha/ajukan/").status_code == 404


def test_a_bad_number_format_is_refused_with_a_message(village_a, admin_client):
    response = admin_client.post(
        "/staf/layanan/pengaturan/",
        {
            "pledge": "Kami siap melayani.",
            "number_format": "[kode]/[tanggal]",
            "counter_scope": "per_type",
            "paper_size": "F4",
            "head_name": "Teuku Zulkifli",
            "head_title": "Keuchik",
            "queue_counters": "A",
        },
    )

    assert response.status_code == 400
    assert "[nomor]" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert (
            ServiceSettings.objects.get(pk=1).number_format
            == "[kode]/[nomor,3]/[kode_desa]/[bulan_romawi]/[tahun]"
        )


def test_settings_are_saved(village_a, admin_client):
    admin_client.post(
        "/staf/layanan/pengaturan/",
        {
            "pledge": "Kami siap melayani.",
            "number_format": "[nomor,4]/[kode]/[tahun]",
            "counter_scope": "shared",
            "paper_size": "A4",
            "head_name": "Teuku Zulkifli",
            "head_title": "Keuchik",
            "queue_counters": "A",
        },
    )

    with tenant_context(village_a.tenant):
        saved = ServiceSettings.objects.get(pk=1)
    assert (saved.number_format, saved.counter_scope, saved.paper_size) == (
        "[nomor,4]/[kode]/[tahun]",
        "shared",
        "A4",
    )


@pytest.mark.parametrize("role", ["operator", "ppid_officer", "ppid_superior"])
def test_only_the_village_admin_manages_the_catalogue(village_a, client_a, staff, role):
    sign_in(client_a, village_a.tenant, staff[role])

    assert client_a.get("/staf/layanan/katalog/").status_code == 403
    assert client_a.post("/staf/layanan/katalog/baru/", NEW_SERVICE).status_code == 403
    assert client_a.get("/staf/layanan/pengaturan/").status_code == 403
    with tenant_context(village_a.tenant):
        assert not Service.objects.filter(slug=NEW_SERVICE["slug"]).exists()


def test_catalogue_admin_pages_of_village_a_do_not_reach_village_b(village_a, village_b, client_b, staff_b):
    with tenant_context(village_a.tenant):
        Service.objects.filter(slug="surat-keterangan-usaha").update(slug="hanya-di-lambaro")
    sign_in(client_b, village_b.tenant, staff_b["village_admin"])

    assert client_b.get("/staf/layanan/katalog/hanya-di-lambaro/").status_code == 404
