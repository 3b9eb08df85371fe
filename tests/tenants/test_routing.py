from django.test import Client
from django_tenants.utils import tenant_context

from modules.portal.models import Official
from tenants.models import VillageStatus
from tenants.services import village_set_status
from tests.conftest import host_of
from tests.factories import DomainFactory, OfficialFactory


def test_unknown_host_gets_a_friendly_404_that_names_no_tenant(db):
    response = Client(HTTP_HOST="tidak-ada.aceh-besar.balai.test").get("/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "Alamat ini tidak dikenal" in body
    for name in ("Lambaro", "Siron", "Aceh Besar", "v_1106"):
        assert name not in body


def test_healthz_answers_for_any_host_without_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client(HTTP_HOST="10.1.2.3").get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_database_and_redis_for_any_host(db):
    response = Client(HTTP_HOST="10.1.2.3").get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "redis": True}


def test_readyz_reports_unavailable_when_redis_is_unreachable(db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = Client(HTTP_HOST="10.1.2.3").get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "redis": False}


def test_platform_home_lists_districts(db):
    response = Client(HTTP_HOST="balai.test").get("/")

    assert response.status_code == 200
    assert "Kabupaten Aceh Besar" in response.content.decode()
    assert "//aceh-besar.balai.test/" in response.content.decode()


def test_district_home_lists_its_active_villages_with_links(district_client, village_a, village_b):
    response = district_client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Kecamatan Ingin Jaya" in body
    assert f'<a href="//{host_of(village_a)}/">Lambaro</a>' in body
    assert f'<a href="//{host_of(village_b)}/">Siron</a>' in body
    assert "2 gampong dengan portal layanan aktif" in body


def test_village_home_shows_name_profile_officials_and_local_words(client_a):
    response = client_a.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Gampong Lambaro</h1>" in body
    assert "Kecamatan Ingin Jaya, Kabupaten Aceh Besar" in body
    assert "Keuchik" in body
    assert "Lambaro berada di Kecamatan Ingin Jaya" in body


def test_village_home_weighs_under_100_kb_without_images(client_a):
    page = client_a.get("/").content
    css = client_a.get("/static/balai.css")
    css_bytes = b"".join(css.streaming_content) if css.streaming else css.content  # type: ignore[attr-defined]

    assert b"<img" not in page
    assert len(page) + len(css_bytes) < 100_000


def test_a_request_on_village_b_never_returns_village_a_rows(in_village_a, village_a, village_b):
    OfficialFactory(name="Hanya Di Lambaro", position="Kaur Umum", order=5)

    with tenant_context(village_b.tenant):
        assert not Official.objects.filter(name="Hanya Di Lambaro").exists()
    body_b = Client(HTTP_HOST=host_of(village_b)).get("/").content.decode()
    body_a = Client(HTTP_HOST=host_of(village_a)).get("/").content.decode()

    assert "Hanya Di Lambaro" not in body_b
    assert "Hanya Di Lambaro" in body_a


def test_a_pending_village_shows_that_its_portal_is_being_prepared(village_a, client_a):
    village_set_status(village=village_a, status=VillageStatus.PENDING, actor=None)

    response = client_a.get("/")

    assert response.status_code == 503
    assert "Portal Lambaro sedang disiapkan" in response.content.decode()


def test_a_suspended_village_answers_a_maintenance_page_naming_it(village_a, client_a):
    village_set_status(village=village_a, status=VillageStatus.SUSPENDED, actor=None)

    response = client_a.get("/")

    assert response.status_code == 503
    assert "Portal Gampong Lambaro sedang dalam pemeliharaan" in response.content.decode()


def test_an_archived_village_answers_like_an_unknown_host(village_a, client_a):
    village_set_status(village=village_a, status=VillageStatus.ARCHIVED, actor=None)

    response = client_a.get("/")

    assert response.status_code == 404
    assert "Lambaro" not in response.content.decode()


def test_pages_switch_to_english(client_a):
    response = client_a.get("/", HTTP_ACCEPT_LANGUAGE="en")

    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Services for residents" in body
    assert "Layanan untuk warga" not in body


def test_bahasa_indonesia_is_the_default(client_a):
    body = client_a.get("/").content.decode()

    assert '<html lang="id">' in body
    assert "Layanan untuk warga" in body


def test_a_custom_domain_reaches_its_village(village_a):
    DomainFactory(domain="lambaro.desa.id", tenant=village_a.tenant)

    response = Client(HTTP_HOST="lambaro.desa.id").get("/")

    assert response.status_code == 200
    assert "<h1>Gampong Lambaro</h1>" in response.content.decode()
