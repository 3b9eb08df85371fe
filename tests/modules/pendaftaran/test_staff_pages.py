"""The district's pages of the signup: the district admin decides (approve, or reject with a reason;
the applicant's e-mail queued) and sets auto-approval; the facilitator reads and cannot decide; a
village's staff never reach these pages; a failed application shows its error and is retried."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.notifikasi.models import Notification
from modules.pendaftaran import services
from modules.pendaftaran.models import Application, ApplicationStatus
from tenants.models import District
from tests.conftest import host_of, sign_in
from tests.modules.pendaftaran.submitted import (
    ADMIN_EMAIL,
    ADMIN_PHONE,
    approved_application,
    submitted_application,
)

pytestmark = pytest.mark.django_db
LIST = "/staf/pendaftaran/"


def _page(application: Application, action: str = "") -> str:
    return f"{LIST}{application.pk}/{action}"


@pytest.fixture
def as_district(district, district_staff):
    def make(role: str) -> Client:
        client = Client(HTTP_HOST=host_of(district))
        sign_in(client, district.tenant, district_staff[role])
        return client

    return make


def _mails(district: District, application: Application) -> list[Notification]:
    with tenant_context(district.tenant):
        return list(Notification.objects.filter(reference=f"signup:{application.pk}").order_by("pk"))


def test_the_district_admin_sees_the_waiting_application_and_approves_it(district, as_district):
    application = submitted_application(district)
    admin = as_district(Role.DISTRICT_ADMIN)

    home = admin.get("/staf/").content.decode()
    assert "pendaftaran menunggu persetujuan" in home and f'{LIST}?status=diajukan"' in home
    listing = admin.get(f"{LIST}?status=diajukan").content.decode()
    assert "Bakoy" in listing and "Menunggu persetujuan kabupaten" in listing
    page = admin.get(_page(application))
    body = page.content.decode()
    assert page.status_code == 200
    assert ADMIN_EMAIL not in body and "s***********@example.id" in body  # masked
    assert ADMIN_PHONE not in body and "0812" not in body  # the phone is never shown
    assert "pbkdf2" not in body and "md5$" not in body  # nor the password's hash
    assert "Teuku Bakoy" in body and "Jalan Banda Aceh" in body and 'value="setujui"' in body

    response = admin.post(_page(application, "putuskan/"), {"decision": "setujui"})

    assert response.status_code == 302 and response["Location"] == _page(application)
    decided = Application.objects.get(pk=application.pk)
    assert (
        decided.status == ApplicationStatus.APPROVED and decided.decided_by == "Uji district_admin aceh-besar"
    )
    approval = _mails(district, application)[-1]
    assert approval.recipient == ADMIN_EMAIL and "disetujui" in approval.subject
    assert "/daftar/lanjut/" in approval.body and "bakoy.aceh-besar." in approval.body
    assert "Disetujui, portal sedang disiapkan" in admin.get(response["Location"]).content.decode()


def test_rejecting_needs_a_reason_and_tells_the_applicant(district, as_district):
    application = submitted_application(district)
    admin = as_district(Role.DISTRICT_ADMIN)

    without = admin.post(_page(application, "putuskan/"), {"decision": "tolak", "reason": "  "})

    assert without.status_code == 400
    assert "Tuliskan alasan penolakan untuk pendaftar." in without.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED

    empty = admin.post(_page(application, "putuskan/"))
    assert empty.status_code == 302 and empty["Location"] == _page(application)
    assert "Pilih setujui atau tolak." in admin.get(empty["Location"]).content.decode()

    reason = "Surat keputusan keuchik belum dilampirkan."
    rejected = admin.post(_page(application, "putuskan/"), {"decision": "tolak", "reason": reason})

    assert rejected.status_code == 302
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REJECTED
    mail = _mails(district, application)[-1]
    assert mail.recipient == ADMIN_EMAIL and reason in mail.body and "/daftar/" in mail.body
    assert "Gampong Bakoy" in mail.subject
    again = admin.post(_page(application, "putuskan/"), {"decision": "setujui"})
    assert again.status_code == 302
    assert "tidak sedang menunggu persetujuan" in admin.get(again["Location"]).content.decode()


def test_the_facilitator_reads_but_cannot_decide_nor_change_the_setting(district, as_district):
    application = submitted_application(district)
    facilitator = as_district(Role.FACILITATOR)

    assert facilitator.get(LIST).status_code == 200
    page = facilitator.get(_page(application)).content.decode()
    assert "Bakoy" in page and 'value="setujui"' not in page and "Menunggu keputusan admin kabupaten." in page
    assert facilitator.post(_page(application, "putuskan/"), {"decision": "setujui"}).status_code == 403
    assert facilitator.post(_page(application, "ulangi/")).status_code == 403
    assert facilitator.get(f"{LIST}pengaturan/").status_code == 403
    assert "pendaftaran menunggu persetujuan" not in facilitator.get("/staf/").content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_a_villages_staff_cannot_open_the_districts_pages(district, village_a, staff, client_as):
    application = submitted_application(district)

    assert client_as(Role.VILLAGE_ADMIN).get(LIST).status_code == 404  # not routed on a village host
    assert client_as(Role.VILLAGE_ADMIN).get(_page(application)).status_code == 404
    on_district = Client(HTTP_HOST=host_of(district))
    sign_in(on_district, village_a.tenant, staff[Role.VILLAGE_ADMIN])  # A's session is none here
    response = on_district.get(_page(application))
    assert response.status_code == 302 and response["Location"].startswith("/staf/masuk/?")


def test_a_draft_or_an_unknown_application_is_not_found(district, as_district):
    application = submitted_application(district)
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.DRAFT
    )  # drafts are not shown
    assert as_district(Role.DISTRICT_ADMIN).get(_page(application)).status_code == 404
    assert as_district(Role.DISTRICT_ADMIN).get(f"{LIST}999999/").status_code == 404


def test_the_setting_toggles_auto_approval(district, as_district):
    District.objects.filter(pk=district.pk).update(signup_auto_approve=False)
    admin = as_district(Role.DISTRICT_ADMIN)

    assert "menunggu persetujuan admin kabupaten" in admin.get(f"{LIST}pengaturan/").content.decode()
    on = admin.post(f"{LIST}pengaturan/", {"auto_approve": "on"})

    assert on.status_code == 302 and District.objects.get(pk=district.pk).signup_auto_approve is True
    with tenant_context(district.tenant):
        assert AuditEvent.objects.filter(action="signup.auto_approve", detail__to=True).exists()
    application = approved_application(district)  # a new application is approved at once
    assert application.status == ApplicationStatus.APPROVED and application.decided_by == "otomatis"

    off = admin.post(f"{LIST}pengaturan/", {})  # the unticked box sends nothing
    assert off.status_code == 302 and District.objects.get(pk=district.pk).signup_auto_approve is False


def test_a_failed_application_shows_its_error_and_is_retried(
    district, as_district, django_capture_on_commit_callbacks
):
    application = approved_application(district)
    services.application_failed(application_id=application.pk, error="OperationalError: disk full")
    admin = as_district(Role.DISTRICT_ADMIN)

    home = admin.get("/staf/").content.decode()
    assert "pendaftaran gagal disiapkan" in home
    page = admin.get(_page(application)).content.decode()
    assert "Gagal disiapkan" in page and "OperationalError: disk full" in page and "ulangi/" in page

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin.post(_page(application, "ulangi/"))

    assert response.status_code == 302
    retried = Application.objects.get(pk=application.pk)
    assert retried.status == ApplicationStatus.APPROVED and retried.error == ""
    assert len(callbacks) == 1  # the provisioning task, queued again after commit
    assert "Penyiapan portal dimulai lagi." in admin.get(response["Location"]).content.decode()
    twice = admin.post(_page(application, "ulangi/"))
    assert twice.status_code == 302
    assert "Hanya pendaftaran yang gagal" in admin.get(twice["Location"]).content.decode()


def test_the_task_queued_from_the_districts_host_provisions_on_the_registry(district, as_district):
    """tenant-schemas-celery runs a task in the schema it was queued in: the district's, for an
    approval. The task provisions from the public schema all the same."""
    from modules.pendaftaran.tasks import provision_application

    application = submitted_application(district)
    as_district(Role.DISTRICT_ADMIN).post(_page(application, "putuskan/"), {"decision": "setujui"})

    with tenant_context(district.tenant):
        provision_application.apply(args=[application.pk])

    live = Application.objects.get(pk=application.pk)
    assert live.status == ApplicationStatus.LIVE, live.error
    page = as_district(Role.DISTRICT_ADMIN).get(_page(application)).content.decode()
    assert "Portal aktif" in page and "bakoy.aceh-besar." in page
