"""The village admin keeps the list of officials: the head signs, the SOP document lists contacts."""

from django.test import Client
from django_tenants.utils import tenant_context

from modules.audit.models import AuditEvent
from modules.portal.models import Official
from tests.conftest import sign_in


def test_admin_adds_a_head_and_the_previous_head_is_unmarked(village_a, staff, client_a: Client) -> None:
    sign_in(client_a, village_a.tenant, staff["village_admin"])

    response = client_a.post(
        "/staf/perangkat/",
        {
            "name": "Teuku Ahmad",
            "position": "Keuchik",
            "phone": "0812 6900 1122",
            "order": 1,
            "is_head": "on",
            "is_published": "on",
        },
    )

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        heads = list(Official.objects.filter(is_head=True).values_list("name", "phone"))
        assert heads == [("Teuku Ahmad", "0812 6900 1122")]
        assert AuditEvent.objects.filter(action="portal.official_add").count() == 1


def test_page_uses_the_districts_head_title(village_a, staff, client_a: Client) -> None:
    sign_in(client_a, village_a.tenant, staff["village_admin"])

    page = client_a.get("/staf/perangkat/").content.decode()

    assert "Keuchik" in page


def test_an_operator_cannot_change_officials(village_a, staff, client_a: Client) -> None:
    sign_in(client_a, village_a.tenant, staff["operator"])
    with tenant_context(village_a.tenant):
        before = list(Official.objects.values_list("name", flat=True))

    response = client_a.post("/staf/perangkat/", {"name": "Penyusup", "position": "Keuchik", "order": 1})

    assert response.status_code == 403
    with tenant_context(village_a.tenant):
        assert list(Official.objects.values_list("name", flat=True)) == before


def test_a_missing_name_is_shown_next_to_the_field(village_a, staff, client_a: Client) -> None:
    sign_in(client_a, village_a.tenant, staff["village_admin"])

    response = client_a.post("/staf/perangkat/", {"name": "", "position": "Sekretaris", "order": 2})

    assert response.status_code == 400
    assert response.context["form"].errors["name"]
