"""Every page of the service counter: reached from another village's host it finds nothing of
this village (404), and each staff page answers each role as it should."""

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from modules.layanan import services
from modules.layanan.models import QueueTicket
from tests.conftest import sign_in
from tests.factories import ServiceStandardFactory
from tests.modules.layanan.data import new_request_data

ONLY_IN_A = "surat-khusus-lambaro"


@pytest.fixture
def service_only_in_a(village_a):
    with tenant_context(village_a.tenant):
        return ServiceStandardFactory(service__slug=ONLY_IN_A, service__name="Surat Khusus Lambaro").service


@pytest.mark.parametrize(
    "path",
    [
        f"/layanan/{ONLY_IN_A}/",
        f"/layanan/{ONLY_IN_A}/standar.pdf",
        f"/layanan/{ONLY_IN_A}/ajukan/",
    ],
)
def test_a_service_of_village_a_is_404_on_village_b(service_only_in_a, client_a, client_b, path):
    assert client_a.get(path).status_code == 200
    assert client_b.get(path).status_code == 404


def test_staff_pages_of_village_b_know_nothing_of_village_a(
    village_a, village_b, service_only_in_a, client_b
):
    with tenant_context(village_a.tenant):
        request = services.request_submit(
            village=village_a, service=service_only_in_a, data=new_request_data()
        )
    with tenant_context(village_b.tenant):
        from modules.accounts.services import staff_create

        operator_b, _ = staff_create(username="op-b", full_name="Operator Siron", role="operator", actor=None)
    sign_in(client_b, village_b.tenant, operator_b)

    assert client_b.get(f"/staf/layanan/loket/{ONLY_IN_A}/").status_code == 404
    assert request.tracking_code not in client_b.get("/staf/layanan/").content.decode()


def test_queue_tickets_of_village_a_are_not_on_village_b_screens(village_a, client_a, client_b):
    client_a.post("/antrian/", {"counter": "A"})

    assert "1 menunggu" in client_a.get("/antrian/layar/").content.decode()
    assert "0 menunggu" in client_b.get("/antrian/layar/").content.decode()
    with tenant_context(village_a.tenant):
        assert QueueTicket.objects.count() == 1


STAFF_PAGES = [
    # (path, village_admin, operator, ppid_officer, ppid_superior)
    ("/staf/layanan/", 200, 200, 403, 403),
    ("/staf/layanan/REQUEST/", 200, 200, 403, 403),
    ("/staf/layanan/loket/surat-keterangan-domisili/", 200, 200, 403, 403),
    ("/staf/layanan/katalog/", 200, 403, 403, 403),
    ("/staf/layanan/katalog/baru/", 200, 403, 403, 403),
    ("/staf/layanan/katalog/surat-keterangan-domisili/", 200, 403, 403, 403),
    ("/staf/layanan/pengaturan/", 200, 403, 403, 403),
    ("/staf/profil/", 200, 403, 403, 403),
    ("/staf/", 200, 200, 200, 200),
]
ROLES = ["village_admin", "operator", "ppid_officer", "ppid_superior"]


@pytest.mark.parametrize(("path", "expected"), [(row[0], row[1:]) for row in STAFF_PAGES])
def test_each_staff_page_answers_each_role(village_a, domisili, staff, path, expected):
    request = services.request_submit(village=village_a, service=domisili, data=new_request_data())
    path = path.replace("REQUEST", request.tracking_code)

    seen = []
    for role in ROLES:
        client = Client(HTTP_HOST="lambaro.aceh-besar.balai.test")
        sign_in(client, village_a.tenant, staff[role])
        seen.append(client.get(path).status_code)

    assert tuple(seen) == expected
    assert Client(HTTP_HOST="lambaro.aceh-besar.balai.test").get(path).status_code == 302  # anonymous


def test_call_next_is_for_counter_staff_only(village_a, staff):
    for role, status in zip(ROLES, (302, 302, 403, 403), strict=True):
        client = Client(HTTP_HOST="lambaro.aceh-besar.balai.test")
        sign_in(client, village_a.tenant, staff[role])
        assert client.post("/staf/layanan/antrian/panggil/", {"counter": "A"}).status_code == status


def test_the_catalogue_page_costs_a_fixed_number_of_queries(client_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client_a.get("/layanan/")

    assert response.status_code == 200
    assert response.content.decode().count('href="/layanan/surat-') == 11


def test_the_staff_queue_costs_a_fixed_number_of_queries(
    village_a, domisili, staff, client_a, django_assert_max_num_queries
):
    codes = [
        services.request_submit(village=village_a, service=domisili, data=new_request_data()).tracking_code
        for _ in range(25)
    ]
    sign_in(client_a, village_a.tenant, staff["operator"])

    with django_assert_max_num_queries(12):
        response = client_a.get("/staf/layanan/")

    body = response.content.decode()
    assert [code for code in codes if f'href="/staf/layanan/{code}/"' not in body] == []


def test_residents_documents_open_for_counter_staff_only(village_a, village_b, domisili, staff, client_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ktp = SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp warga", content_type="application/pdf")
    request = services.request_submit(
        village=village_a, service=domisili, data=new_request_data(), attachments=[("KTP", ktp)]
    )
    attachment = request.attachments.get()
    path = f"/staf/layanan/{request.tracking_code}/berkas/{attachment.pk}/"

    assert attachment.file.name.startswith(f"{village_a.tenant.schema_name}/layanan/berkas/")
    seen = []
    for role in ROLES:
        client = Client(HTTP_HOST="lambaro.aceh-besar.balai.test")
        sign_in(client, village_a.tenant, staff[role])
        response = client.get(path)
        seen.append(response.status_code)
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4 ktp warga"
    assert seen == [200, 200, 403, 403]
    assert Client(HTTP_HOST="lambaro.aceh-besar.balai.test").get(path).status_code == 302
    with tenant_context(village_b.tenant):
        from modules.accounts.services import staff_create

        operator_b, _ = staff_create(
            username="op-b2", full_name="Operator Siron", role="operator", actor=None
        )
    sign_in(client_b, village_b.tenant, operator_b)
    assert client_b.get(path).status_code == 404
