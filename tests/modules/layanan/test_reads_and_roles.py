"""Reads that load no personal data they do not show, one FilterSet for the worklist page and API,
one role rule, the declared workflow, and the letter PDF rendered after commit (issue 8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.accounts.permissions import has_role
from modules.layanan import services
from modules.layanan.models import Letter, RequestStatus, ServiceRequest
from tests.brokers import CLOSED_PORT_BROKER, broker_at
from tests.conftest import sign_in
from tests.modules.layanan.data import awaiting_signature, signed_letter

PERSONAL_COLUMNS = ('"nik"', '"address"', '"phone"', '"email"', '"extra"', '"kk_number"', '"applicant_name"')


def _selected_personal_columns(queries):
    return sorted({column for query in queries for column in PERSONAL_COLUMNS if column in query["sql"]})


def test_the_public_verification_page_reads_no_personal_data(village_a, domisili, staff, client_a):
    letter = signed_letter(
        village=village_a, service=domisili, operator=staff["operator"], signer=staff["village_admin"]
    )

    with CaptureQueriesContext(connection) as queries:
        response = client_a.get(f"/verifikasi/{letter.verification_code}/")

    assert response.status_code == 200 and letter.number in response.content.decode()
    assert _selected_personal_columns(queries.captured_queries) == []


def test_the_staff_worklist_page_and_api_decrypt_only_the_name(village_a, domisili, staff, client_a):
    awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])
    sign_in(client_a, village_a.tenant, staff["operator"])

    with CaptureQueriesContext(connection) as page_queries:
        page = client_a.get("/staf/layanan/")
    with CaptureQueriesContext(connection) as api_queries:
        api = client_a.get("/api/staf/permohonan/")

    assert page.status_code == 200 and api.status_code == 200
    worklist_sql = [
        q
        for q in page_queries.captured_queries + api_queries.captured_queries
        if "layanan_servicerequest" in q["sql"]
    ]
    assert _selected_personal_columns(worklist_sql) == ['"applicant_name"']


def test_the_page_and_the_api_filter_the_worklist_alike(village_a, domisili, staff, client_a):
    waiting = awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])
    sign_in(client_a, village_a.tenant, staff["operator"])

    page = client_a.get("/staf/layanan/", {"status": RequestStatus.SUBMITTED}).content.decode()
    api = client_a.get("/api/staf/permohonan/", {"status": RequestStatus.SUBMITTED}).json()
    page_bad = client_a.get("/staf/layanan/", {"status": "tidak-ada"})
    api_bad = client_a.get("/api/staf/permohonan/", {"status": "tidak-ada"})

    assert waiting.tracking_code not in page and api["results"] == []
    assert (page_bad.status_code, api_bad.status_code) == (400, 400)


def test_a_deactivated_admin_is_refused_by_the_service_the_page_and_the_api(
    village_a, domisili, staff, client_a
):
    admin = staff["village_admin"]
    request = awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])
    sign_in(client_a, village_a.tenant, admin)
    admin.is_active = False

    assert has_role(admin, (Role.VILLAGE_ADMIN,)) is False
    with pytest.raises(services.PermissionDenied):
        services.request_transition(request=request, to_status=RequestStatus.REJECTED, actor=admin, note="x")
    with tenant_context(village_a.tenant):
        type(admin).objects.filter(pk=admin.pk).update(is_active=False)
    assert client_a.get("/staf/layanan/katalog/").status_code in (302, 403)
    assert client_a.get("/api/staf/permohonan/").status_code == 403
    assert ServiceRequest.objects.get(pk=request.pk).status == RequestStatus.AWAITING_SIGNATURE


def test_completion_is_refused_outside_letter_issue(village_a, domisili, staff):
    request = awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])

    with pytest.raises(services.ValidationError) as error:
        services.request_transition(
            request=request, to_status=RequestStatus.COMPLETED, actor=staff["village_admin"], note=""
        )

    assert error.value.code == "transition_not_allowed"
    assert ServiceRequest.objects.get(pk=request.pk).status == RequestStatus.AWAITING_SIGNATURE
    assert [
        t.target
        for t in services.REQUEST_WORKFLOW.allowed_targets(
            source=RequestStatus.AWAITING_SIGNATURE, actor=staff["operator"]
        )
    ] == []
    assert [
        t.target
        for t in services.REQUEST_WORKFLOW.allowed_targets(
            source=RequestStatus.AWAITING_SIGNATURE, actor=staff["village_admin"]
        )
    ] == [RequestStatus.REJECTED]


def test_with_the_broker_down_the_letter_pdf_is_rendered_right_after_commit(
    village_a, domisili, staff, django_capture_on_commit_callbacks
):
    request = awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])

    with broker_at(CLOSED_PORT_BROKER), django_capture_on_commit_callbacks(execute=True):
        letter = services.letter_issue(
            request=request,
            village=village_a,
            actor=staff["village_admin"],
            signer_name="T. Zulkifli",
            signer_position="Keuchik",
            on_behalf_of="",
        )

    stored = Letter.objects.get(pk=letter.pk)
    assert stored.pdf and stored.pdf.open("rb").read().startswith(b"%PDF")


def test_until_its_pdf_exists_the_owner_page_says_the_letter_is_being_prepared(
    village_a, domisili, staff, client_a
):
    request = awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])
    letter = services.letter_issue(  # the task is queued; no worker runs in the tests
        request=request,
        village=village_a,
        actor=staff["village_admin"],
        signer_name="T. Zulkifli",
        signer_position="Keuchik",
        on_behalf_of="",
    )
    owner = f"/lacak/{request.tracking_code}/{request.download_secret}/"

    page = client_a.get(owner).content.decode()
    download = client_a.get(owner + "surat.pdf")

    assert Letter.objects.get(pk=letter.pk).pdf.name != ""
    assert "sedang disiapkan" in page
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "sedang disiapkan" not in client_a.get(owner).content.decode()


def test_the_leaflet_is_rendered_once_per_standard_version(village_a, client_a, monkeypatch):
    from django.core.cache import cache
    from django.utils import translation

    from modules.layanan import selectors, views
    from modules.portal.selectors import village_profile

    with tenant_context(village_a.tenant), translation.override("id"):
        standard = selectors.current_standard_for_slug("surat-keterangan-domisili")
        cache.delete(views.leaflet_cache_key(standard, village_a, village_profile()))
    renders = []

    def counting(html, **kwargs):
        renders.append(1)
        return real(html, **kwargs)

    real = views.render_pdf
    monkeypatch.setattr(views, "render_pdf", counting)

    first = client_a.get("/layanan/surat-keterangan-domisili/standar.pdf").content
    second = client_a.get("/layanan/surat-keterangan-domisili/standar.pdf").content

    assert first.startswith(b"%PDF") and first == second
    assert len(renders) == 1
