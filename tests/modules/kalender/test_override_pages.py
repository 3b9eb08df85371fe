import datetime

import pytest
from django_tenants.utils import tenant_context

from modules.kalender.models import DayOverride
from modules.kalender.selectors import add_working_days
from tests.conftest import sign_in

SATURDAY = datetime.date(2026, 12, 26)
TODAY = datetime.date(2026, 11, 26)  # the pages list what lies ahead of "today"


@pytest.fixture(autouse=True)
def _today_is_fixed(monkeypatch):
    monkeypatch.setattr("modules.kalender.views.timezone.localdate", lambda: TODAY)


FRIDAY = datetime.date(2026, 12, 25)  # Christmas


def test_a_village_admin_opens_the_office_on_a_saturday_and_due_dates_count_it(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff["village_admin"])

    response = client_a.post(
        "/staf/hari-kerja/", {"day": "2026-12-26", "is_working_day": "1", "reason": "Pelayanan Sabtu"}
    )

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        assert DayOverride.objects.get(day=SATURDAY).is_working_day is True
        # Thursday 24 Dec + 1 working day: Friday is Christmas, Saturday is now open.
        assert add_working_days(datetime.date(2026, 12, 24), 1, district_id=village_a.district_id) == SATURDAY
    page = client_a.get("/staf/hari-kerja/").content.decode()
    assert "Pelayanan Sabtu" in page
    assert "Jumat, 25 Desember 2026 — Hari Raya Natal" in page  # national days shown for reference


def test_a_village_admin_withdraws_a_declaration(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff["village_admin"])
    client_a.post(
        "/staf/hari-kerja/", {"day": "2026-12-26", "is_working_day": "1", "reason": "Pelayanan Sabtu"}
    )

    client_a.post("/staf/hari-kerja/", {"remove": "2026-12-26"})

    with tenant_context(village_a.tenant):
        assert not DayOverride.objects.filter(day=SATURDAY).exists()


def test_a_district_day_off_applies_to_its_villages_and_a_village_can_overrule_it(
    district, district_client, district_staff, village_a, village_b
):
    sign_in(district_client, district.tenant, district_staff["district_admin"])

    district_client.post(
        "/staf/hari-kerja/", {"day": "2026-12-28", "is_working_day": "0", "reason": "Rapat adat"}
    )

    with tenant_context(village_b.tenant):
        assert add_working_days(
            datetime.date(2026, 12, 24), 1, district_id=village_b.district_id
        ) == datetime.date(2026, 12, 29)
    with tenant_context(village_a.tenant):
        from modules.kalender.services import village_day_override_set

        village_day_override_set(
            day=datetime.date(2026, 12, 28), is_working_day=True, reason="Buka", actor=None
        )
        assert add_working_days(
            datetime.date(2026, 12, 24), 1, district_id=village_a.district_id
        ) == datetime.date(2026, 12, 28)


def test_declarations_of_village_a_are_not_village_bs(
    village_a, village_b, client_a, client_b, staff, staff_b
):
    sign_in(client_a, village_a.tenant, staff["village_admin"])
    client_a.post(
        "/staf/hari-kerja/", {"day": "2026-12-26", "is_working_day": "1", "reason": "Hanya di Lambaro"}
    )
    sign_in(client_b, village_b.tenant, staff_b["village_admin"])

    assert "Hanya di Lambaro" not in client_b.get("/staf/hari-kerja/").content.decode()
    with tenant_context(village_b.tenant):
        assert not DayOverride.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("village_admin", 200), ("operator", 403), ("ppid_officer", 403), ("ppid_superior", 403)],
)
def test_only_admins_declare_days(village_a, client_as, role, status):
    client = client_as(role)

    assert client.get("/staf/hari-kerja/").status_code == status


def test_a_facilitator_cannot_declare_district_days(district, district_client, district_staff):
    sign_in(district_client, district.tenant, district_staff["facilitator"])

    assert district_client.get("/staf/hari-kerja/").status_code == 403


def test_a_bad_date_is_refused_with_a_message(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff["village_admin"])

    response = client_a.post("/staf/hari-kerja/", {"day": "31-02-2026", "is_working_day": "1", "reason": "x"})

    assert response.status_code == 400
    assert "tanggal" in response.content.decode().lower()
    with tenant_context(village_a.tenant):
        assert not DayOverride.objects.exists()
