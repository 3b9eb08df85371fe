"""A village's module switches (`Village.modules_off`, balai.switches): a switched-off module's public
and staff pages and API routes answer 404, its menu entries, waiting items and portal card leave;
switched on again, all come back. The signup writes the switches from the applicant's choice."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.pendaftaran import services
from modules.portal import selectors as portal_selectors
from tenants.models import Village
from tenants.services import village_set_modules_off
from tests.modules.pendaftaran.submitted import approved_application

pytestmark = pytest.mark.django_db

SURVEY_PAGES = (
    "/survei/",
    "/jajak-pendapat/",
    "/staf/survei/",
    "/staf/survei/kios/",
    "/staf/jajak-pendapat/",
)


def _switch(village: Village, *labels: str) -> None:
    village_set_modules_off(village=village, modules_off=labels, actor=None)


def test_a_village_with_the_survey_off_answers_404_and_leaves_it_out_of_menus_and_cards(village_a, client_as):
    admin = client_as(Role.VILLAGE_ADMIN)
    assert [admin.get(path).status_code for path in SURVEY_PAGES] == [200] * len(SURVEY_PAGES)
    assert 'href="/survei/"' in admin.get("/").content.decode()
    assert "Survei kepuasan (SKM/IKM)" in admin.get("/staf/").content.decode()

    _switch(village_a, "survei")

    assert [admin.get(path).status_code for path in SURVEY_PAGES] == [404] * len(SURVEY_PAGES)
    assert client_as(None).get("/survei/").status_code == 404
    home = admin.get("/").content.decode()
    assert 'href="/survei/"' not in home and 'href="/jajak-pendapat/"' not in home
    assert 'href="/pengaduan/"' in home  # the other modules stay
    staff_home = admin.get("/staf/").content.decode()
    assert "Survei kepuasan (SKM/IKM)" not in staff_home and "/staf/survei/" not in staff_home
    assert "/staf/pengaduan/" in staff_home

    _switch(village_a)

    assert [admin.get(path).status_code for path in SURVEY_PAGES] == [200] * len(SURVEY_PAGES)
    assert 'href="/survei/"' in admin.get("/").content.decode()
    assert "Survei kepuasan (SKM/IKM)" in admin.get("/staf/").content.decode()


def test_a_switched_off_module_loses_its_api_routes_and_its_waiting_items(village_a, client_as):
    handler = client_as(Role.COMPLAINT_OFFICER)
    assert handler.get("/open311/v2/discovery.json").status_code == 200
    assert "pengaduan baru" in handler.get("/staf/").content.decode()

    _switch(village_a, "pengaduan")

    assert handler.get("/open311/v2/discovery.json").status_code == 404  # pengaduan's API, another namespace
    assert handler.get("/staf/pengaduan/").status_code == 404
    staff_home = handler.get("/staf/").content.decode()
    assert "pengaduan baru" not in staff_home and "/staf/pengaduan/" not in staff_home
    assert client_as(None).get("/layanan/").status_code == 200  # the catalogue is never optional


def test_the_switch_refuses_an_unknown_label_and_is_audited(village_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as unknown:
        _switch(village_a, "bukan-modul")
    assert unknown.value.error_dict["modules_off"][0].code == "invalid"
    _switch(village_a, "rencana", "survei")
    assert Village.objects.get(pk=village_a.pk).modules_off == ["rencana", "survei"]
    assert AuditEvent.objects.filter(action="village.modules_off", target_id=str(village_a.pk)).exists()


def test_provisioning_switches_off_the_modules_not_chosen_and_replaces_the_placeholder_head(district):
    application = approved_application(district, modules_on=("pengaduan",))

    services.application_provision(application_id=application.pk)

    village = Village.objects.get(code=application.village_code)
    assert village.modules_off == ["rencana", "survei"]
    with schema_context(village.tenant.schema_name):
        names = [official.name for official in portal_selectors.published_officials()]
    assert "(belum diisi)" not in names and "Teuku Bakoy" in names
