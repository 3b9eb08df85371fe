"""The lifecycle of a village in the registry (tenants.services): suspend and resume, archive only
after a finished export with the typed address, delete only after an export taken since archiving
(schema, files and registry rows go; the address stays reserved), and the maintenance page.

Villages that are archived or deleted here are made by the test (its transaction rolls the schema
back); the session's villages A and B are only suspended and resumed inside the test's transaction."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.pendaftaran import services as signup
from tenants import services
from tenants.models import (
    Domain,
    ExportStatus,
    ReservedAddress,
    Tenant,
    Village,
    VillageExport,
    VillageStatus,
)
from tests.conftest import host_of, sign_in
from tests.tenants.exports_data import finished_export

CODE, SLUG = "11.06.08.2007", "lamteh"  # Lamteh, Peukan Bada: made by the tests that need it


@pytest.fixture
def lamteh(district) -> Village:
    services.village_create(district=district, code=CODE, slug=SLUG)
    return Village.objects.select_related("tenant", "district").get(code=CODE)


# --- suspend and resume -----------------------------------------------------------------------------


def test_a_suspended_village_shows_a_maintenance_page_naming_it_on_every_path(village_a, client_a):
    services.village_suspend(village=village_a, actor=None)

    home = client_a.get("/")
    sign_in_page = client_a.get("/staf/masuk/")
    api = client_a.get("/api/layanan/")

    assert (home.status_code, sign_in_page.status_code, api.status_code) == (503, 503, 503)
    assert home["Retry-After"] == "3600"
    body = home.content.decode()
    assert "Portal Gampong Lambaro sedang dalam pemeliharaan" in body
    assert "Data gampong tetap tersimpan" in body
    assert "Staf tidak dapat masuk" not in body
    assert "Staf tidak dapat masuk selama portal ditangguhkan" in sign_in_page.content.decode()
    assert api.json() == {"detail": "Portal Gampong Lambaro sedang dalam pemeliharaan."}


def test_the_maintenance_page_speaks_english_when_asked(village_a, client_a):
    services.village_suspend(village=village_a, actor=None)

    response = client_a.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert '<html lang="en">' in response.content.decode()


def test_staff_cannot_sign_in_or_stay_signed_in_while_suspended(village_a, staff, client_a):
    user = staff[Role.VILLAGE_ADMIN]
    user.set_password("sandi-uji-2026")
    with schema_context(village_a.tenant.schema_name):
        user.save()
    signed_in = Client(HTTP_HOST=host_of(village_a))
    sign_in(signed_in, village_a.tenant, user)
    services.village_suspend(village=village_a, actor=None)

    posted = client_a.post("/staf/masuk/", {"username": user.username, "password": "sandi-uji-2026"})

    assert posted.status_code == 503
    assert "sessionid" not in posted.cookies
    assert signed_in.get("/staf/").status_code == 503


def test_resume_opens_the_portal_again_as_it_was_and_both_steps_are_audited(village_a, client_a):
    services.village_suspend(village=village_a, actor=None)
    services.village_resume(village=village_a, actor=None)

    assert client_a.get("/").status_code == 200
    connection.set_schema_to_public()  # the request left the connection in A's schema
    assert Village.objects.get(pk=village_a.pk).status == VillageStatus.ACTIVE
    actions = list(
        AuditEvent.objects.filter(target_id=str(village_a.pk), action__startswith="village.")
        .order_by("pk")
        .values_list("action", "detail")
    )
    assert actions[-2:] == [
        ("village.suspend", {"from": "active", "to": "suspended"}),
        ("village.resume", {"from": "suspended", "to": "active"}),
    ]


def test_suspend_and_resume_refuse_the_wrong_state(village_a):
    with pytest.raises(ValidationError) as not_closed:
        services.village_resume(village=village_a, actor=None)
    services.village_suspend(village=village_a, actor=None)
    with pytest.raises(ValidationError) as not_active:
        services.village_suspend(village=village_a, actor=None)

    assert not_closed.value.code == "village_not_closed"
    assert not_active.value.code == "village_not_active"


def test_a_suspended_village_is_left_out_of_the_beat_tasks(village_a):
    from tenants.selectors import active_village_tenants

    services.village_suspend(village=village_a, actor=None)

    assert village_a.tenant.schema_name not in active_village_tenants().values_list("schema_name", flat=True)


# --- archive ----------------------------------------------------------------------------------------


def test_archive_is_refused_without_a_finished_export(lamteh):
    VillageExport.objects.create(
        village=lamteh,
        district=lamteh.district,
        village_code=lamteh.code,
        village_slug=lamteh.slug,
        village_name=lamteh.name,
        schema_name=lamteh.tenant.schema_name,
        status=ExportStatus.RUNNING,
    )

    with pytest.raises(ValidationError) as error:
        services.village_archive(village=lamteh, actor=None, confirmation=services.village_address(lamteh))

    assert error.value.code == "export_required"
    assert "setelah ekspor data gampong ini selesai" in error.value.messages[0]
    assert Village.objects.get(pk=lamteh.pk).status == VillageStatus.ACTIVE


def test_archive_needs_the_address_typed_exactly(lamteh):
    finished_export(lamteh)

    with pytest.raises(ValidationError) as error:
        services.village_archive(village=lamteh, actor=None, confirmation="lamteh")

    assert error.value.error_dict["confirmation"][0].code == "confirmation_mismatch"
    assert Village.objects.get(pk=lamteh.pk).status == VillageStatus.ACTIVE


def test_archive_after_an_export_closes_the_portal_and_keeps_the_data(lamteh):
    finished_export(lamteh)

    services.village_archive(
        village=lamteh, actor=None, confirmation=f"  {services.village_address(lamteh).upper()} "
    )

    village = Village.objects.get(pk=lamteh.pk)
    assert village.status == VillageStatus.ARCHIVED and village.status_changed_at is not None
    assert Client(HTTP_HOST=host_of(village)).get("/").status_code == 404
    assert schema_exists(lamteh.tenant.schema_name)


# --- delete -----------------------------------------------------------------------------------------


def archived(village: Village) -> Village:
    finished_export(village, when=timezone.now() - datetime.timedelta(days=2))
    services.village_archive(village=village, actor=None, confirmation=services.village_address(village))
    return Village.objects.select_related("tenant", "district").get(pk=village.pk)


def test_delete_is_refused_unless_archived(lamteh):
    finished_export(lamteh)

    with pytest.raises(ValidationError) as error:
        services.village_delete(village=lamteh, actor=None, confirmation=services.village_address(lamteh))

    assert error.value.code == "village_not_archived"


def test_delete_needs_an_export_taken_after_archiving(lamteh):
    village = archived(lamteh)  # its only export is older than the archiving

    with pytest.raises(ValidationError) as error:
        services.village_delete(village=village, actor=None, confirmation=services.village_address(village))

    assert error.value.code == "export_required"
    assert schema_exists(village.tenant.schema_name)


def test_delete_drops_the_schema_files_and_rows_and_reserves_the_address(
    lamteh, django_capture_on_commit_callbacks, monkeypatch
):
    from tenants import tasks

    village = archived(lamteh)
    export = finished_export(village)
    schema = village.tenant.schema_name
    with schema_context(schema):
        stored = storages["berkas"].save("berkas/uji/ktp.jpg", ContentFile(b"ktp"))
    other = storages["berkas_ciphertext"].save("v_1106102001/uji/tetap.enc", ContentFile(b"A's file"))
    monkeypatch.setattr(tasks.remove_schema_files, "delay", tasks.remove_schema_files)
    tenant_id = village.tenant_id

    with django_capture_on_commit_callbacks(execute=True):
        reservation = services.village_delete(
            village=village, actor=None, confirmation=services.village_address(village)
        )

    assert not schema_exists(schema)
    assert not Village.objects.filter(code=CODE).exists()
    assert not Tenant.objects.filter(pk=tenant_id).exists()
    assert not Domain.objects.filter(tenant_id=tenant_id).exists()
    assert not storages["berkas_ciphertext"].exists(stored)
    assert storages["berkas_ciphertext"].exists(other)  # another schema's files stay
    export.refresh_from_db()
    assert (export.village_id, export.village_code, export.village_slug) == (None, CODE, SLUG)
    assert reservation.slug == SLUG
    assert reservation.until - timezone.now() > datetime.timedelta(days=179)
    event = AuditEvent.objects.filter(action="village.delete").latest("pk")
    assert event.detail == {"code": CODE, "slug": SLUG, "schema": schema}
    assert Client(HTTP_HOST=f"{SLUG}.aceh-besar.balai.test").get("/").status_code == 404
    storages["berkas_ciphertext"].delete(other)


def test_a_deleted_villages_address_is_refused_to_other_villages_for_180_days(district, lamteh):
    village = archived(lamteh)
    finished_export(village)
    services.village_delete(village=village, actor=None, confirmation=services.village_address(village))

    with pytest.raises(ValidationError) as registered:
        services.village_register(district=district, code="11.06.08.2008", slug=SLUG)
    application = signup.application_start(district=district).application
    application.village_code = "11.06.08.2008"
    problem = signup.slug_problem(SLUG, district=district, application=application)

    assert registered.value.error_dict["slug"][0].code == "slug_reserved_after_delete"
    assert problem is not None and problem.code == "slug_reserved_after_delete"
    assert "dicadangkan untuk gampong yang sudah dihapus" in problem.messages[0]
    with pytest.raises(ValidationError):
        services.village_slug_change(village=Village.objects.get(code="11.06.10.2007"), slug=SLUG, actor=None)
    # The deleted village itself may come back under its address, and the reservation ends.
    assert signup.slug_problem(SLUG, district=district) is not None
    services.village_create(district=district, code=CODE, slug=SLUG)
    ReservedAddress.objects.update(until=timezone.now() - datetime.timedelta(seconds=1))
    assert services.address_reservation(district, SLUG) is None


def test_a_deleted_villages_signup_application_goes_with_it(district, lamteh):
    from modules.pendaftaran.models import Application

    application = signup.application_start(district=district).application
    Application.objects.filter(pk=application.pk).update(village_code=CODE, status="aktif", village=lamteh)
    village = archived(lamteh)
    finished_export(village)

    services.village_delete(village=village, actor=None, confirmation=services.village_address(village))

    assert not Application.objects.filter(pk=application.pk).exists()
    assert signup.village_code_problem(district, CODE) is None


def test_file_removal_refuses_a_live_schema(village_a):
    with pytest.raises(ValueError):
        services.schema_files_remove(village_a.tenant.schema_name)
    with pytest.raises(ValueError):
        services.schema_files_remove("public")


def test_deleting_leaves_no_trace_of_the_schema_in_the_catalog(lamteh):
    village = archived(lamteh)
    finished_export(village)
    services.village_delete(village=village, actor=None, confirmation=services.village_address(village))

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", [village.tenant.schema_name])
        assert cursor.fetchone()[0] == 0
