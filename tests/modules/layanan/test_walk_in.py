"""Issue 7 finding 3: the worklist's "catat permohonan di loket" leads to the counter form, whose
requests are recorded as walk-ins and never count against the anonymous submission limit."""

import re

import pytest
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.layanan.models import ServiceRequest
from modules.throttling.throttles import SubmissionThrottle
from tests.conftest import sign_in
from tests.modules.layanan.data import request_payload

FORM = request_payload()
PUBLIC_LIMIT_PER_HOUR = 30


@pytest.fixture
def production_limit(monkeypatch, clean_throttle):
    """The production rate (test settings raise it so that other tests never meet it), counted
    from zero (this worker's counters only)."""
    monkeypatch.setattr(SubmissionThrottle, "THROTTLE_RATES", {"submission": f"{PUBLIC_LIMIT_PER_HOUR}/hour"})


def test_the_worklist_links_the_counter_form_through_a_service_picker(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    worklist = client_a.get("/staf/layanan/").content.decode()
    picker = client_a.get("/staf/layanan/loket/")
    form = client_a.get("/staf/layanan/loket/surat-keterangan-domisili/")

    link = re.search(r'<a href="([^"]+)">Catat permohonan di loket</a>', worklist)
    assert link is not None and link.group(1) == "/staf/layanan/loket/"
    assert picker.status_code == 200
    assert 'href="/staf/layanan/loket/surat-keterangan-domisili/"' in picker.content.decode()
    assert form.status_code == 200 and "Catat permohonan warga yang datang ke loket." in form.content.decode()


def test_an_operator_hides_no_admin_only_link_in_the_worklist(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    worklist = client_a.get("/staf/layanan/").content.decode()

    assert "/staf/layanan/katalog/" not in worklist


def test_a_busy_counter_records_more_walk_ins_than_the_public_limit(
    village_a, client_a, staff, production_limit
):
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    statuses = [
        client_a.post("/staf/layanan/loket/surat-keterangan-domisili/", FORM).status_code
        for _ in range(PUBLIC_LIMIT_PER_HOUR + 5)
    ]

    assert statuses == [302] * (PUBLIC_LIMIT_PER_HOUR + 5)
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.filter(is_walk_in=True).count() == PUBLIC_LIMIT_PER_HOUR + 5
        assert not ServiceRequest.objects.filter(is_walk_in=False).exists()


def test_signed_in_staff_on_the_public_form_are_not_throttled_as_anonymous(
    village_a, client_a, staff, production_limit
):
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    statuses = {
        client_a.post("/layanan/surat-keterangan-domisili/ajukan/", FORM).status_code
        for _ in range(PUBLIC_LIMIT_PER_HOUR + 2)
    }

    assert statuses == {302}


def test_the_public_form_still_limits_anonymous_submissions(village_a, client_a, production_limit):
    statuses = [
        client_a.post("/layanan/surat-keterangan-domisili/ajukan/", FORM).status_code
        for _ in range(PUBLIC_LIMIT_PER_HOUR + 1)
    ]

    assert statuses[-1] == 429
