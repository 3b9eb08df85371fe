"""The service counter across villages: a service, a request or a ticket of village A is nothing on
village B; what each page costs in queries; who opens a resident's documents. Every route against
every role and tenant: tests/platform/test_routes.py."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
    village_a, village_b, service_only_in_a, staff_b, client_b
):
    with tenant_context(village_a.tenant):
        request = services.request_submit(
            village=village_a,
            service=service_only_in_a,
            data=new_request_data(),
            attachments=[],
            actor=None,
            idempotency_key="",
        )
    sign_in(client_b, village_b.tenant, staff_b["operator"])

    assert client_b.get(f"/staf/layanan/loket/{ONLY_IN_A}/").status_code == 404
    assert request.tracking_code not in client_b.get("/staf/layanan/").content.decode()


def test_queue_tickets_of_village_a_are_not_on_village_b_screens(village_a, client_a, client_b):
    client_a.post("/antrian/", {"counter": "A"})

    assert "1 menunggu" in client_a.get("/antrian/layar/").content.decode()
    assert "0 menunggu" in client_b.get("/antrian/layar/").content.decode()
    with tenant_context(village_a.tenant):
        assert QueueTicket.objects.count() == 1


# Which role opens which staff page: tests/platform/test_routes.py, for every staff route.


def test_the_catalogue_page_costs_a_fixed_number_of_queries(client_a, django_assert_max_num_queries):
    # 8 before every page of a village read its active serta-merta announcements (modules.ppid's
    # banner: one query, after its `SET search_path`).
    with django_assert_max_num_queries(10):
        response = client_a.get("/layanan/")

    assert response.status_code == 200
    assert response.content.decode().count('href="/layanan/surat-') == 11


def test_the_staff_worklist_costs_a_fixed_number_of_queries(
    village_a, domisili, operator, client_a, django_assert_max_num_queries
):
    codes = [
        services.request_submit(
            village=village_a,
            service=domisili,
            data=new_request_data(),
            attachments=[],
            actor=None,
            idempotency_key="",
        ).tracking_code
        for _ in range(25)
    ]
    sign_in(client_a, village_a.tenant, operator)
    client_a.get("/staf/")  # the first request after sign-in records the session's activity

    # 6 before the queue counters (one query) were configurable, each after `SET search_path`.
    with django_assert_max_num_queries(14):
        response = client_a.get("/staf/layanan/")

    body = response.content.decode()
    assert [code for code in codes if f'href="/staf/layanan/{code}/"' not in body] == []


def test_residents_documents_open_for_counter_staff_only(
    village_a, village_b, domisili, client_as, staff_b, client_b
):
    ktp = SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp warga", content_type="application/pdf")
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[("KTP", ktp)],
        actor=None,
        idempotency_key="",
    )
    attachment = request.attachments.get()
    path = f"/staf/layanan/{request.tracking_code}/berkas/{attachment.pk}/"

    assert attachment.file.name.startswith(f"{village_a.tenant.schema_name}/layanan/berkas/")
    seen = {}
    for role in ("village_admin", "operator", "ppid_officer", "ppid_superior"):
        response = client_as(role).get(path)
        body = b"".join(response.streaming_content) if response.status_code == 200 else b""
        seen[role] = (response.status_code, body)
    assert seen == {
        "village_admin": (200, b"%PDF-1.4 ktp warga"),
        "operator": (200, b"%PDF-1.4 ktp warga"),
        "ppid_officer": (403, b""),
        "ppid_superior": (403, b""),
    }
    assert client_as(None).get(path).status_code == 302
    sign_in(client_b, village_b.tenant, staff_b["operator"])
    assert client_b.get(path).status_code == 404
