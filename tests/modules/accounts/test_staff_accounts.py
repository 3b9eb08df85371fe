import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_tenants.utils import tenant_context

from modules.accounts.models import Role, User, role_label
from modules.accounts.services import staff_create
from modules.audit.models import AuditEvent
from tests.conftest import host_of, sign_in

VILLAGE_ROLES = [Role.VILLAGE_ADMIN, Role.OPERATOR, Role.PPID_OFFICER, Role.PPID_SUPERIOR]
DISTRICT_ROLES = [Role.DISTRICT_ADMIN, Role.FACILITATOR]


def test_staff_create_records_an_audit_row_and_returns_a_usable_password(in_village_a):
    user, password = staff_create(username="operator1", full_name="Cut Nyak", role=Role.OPERATOR, actor=None)

    assert user.check_password(password)
    assert len(password) == 14
    assert AuditEvent.objects.get(action="account.create").target_id == str(user.pk)


def test_a_district_role_cannot_be_given_in_a_village(in_village_a):
    with pytest.raises(ValidationError) as error:
        staff_create(username="x", full_name="X", role=Role.FACILITATOR, actor=None)

    assert "tidak tersedia di sini" in error.value.messages[0]
    assert not User.objects.filter(username="x").exists()


def test_a_village_role_cannot_be_given_in_the_district(district):
    with tenant_context(district.tenant):
        with pytest.raises(ValidationError):
            staff_create(username="x", full_name="X", role=Role.OPERATOR, actor=None)
        assert not User.objects.filter(username="x").exists()


def test_staff_signs_in_on_their_own_village(village_a, client_a):
    with tenant_context(village_a.tenant):
        staff_create(
            username="op.lambaro", full_name="Op", role=Role.OPERATOR, password="Rahasia-123-x", actor=None
        )

    response = client_a.post("/staf/masuk/", {"username": "op.lambaro", "password": "Rahasia-123-x"})

    assert response.status_code == 302
    assert client_a.get("/staf/").status_code == 200


def test_staff_of_one_village_cannot_sign_in_on_another(village_a, client_b):
    with tenant_context(village_a.tenant):
        staff_create(
            username="op.lambaro", full_name="Op", role=Role.OPERATOR, password="Rahasia-123-x", actor=None
        )

    response = client_b.post("/staf/masuk/", {"username": "op.lambaro", "password": "Rahasia-123-x"})

    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert client_b.get("/staf/").status_code == 302


def test_a_session_from_village_a_is_worthless_on_village_b(village_a, client_a, village_b):
    with tenant_context(village_a.tenant):
        staff_create(
            username="op.lambaro", full_name="Op", role=Role.OPERATOR, password="Rahasia-123-x", actor=None
        )
    client_a.post("/staf/masuk/", {"username": "op.lambaro", "password": "Rahasia-123-x"})
    session_cookie = client_a.cookies["sessionid"].value

    other = Client(HTTP_HOST=host_of(village_b))
    other.cookies["sessionid"] = session_cookie

    assert other.get("/staf/").status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(client_a):
    response = client_a.get("/staf/")

    assert response.status_code == 302
    assert response["Location"].startswith("/staf/masuk/")


@pytest.mark.parametrize("role", VILLAGE_ROLES)
def test_every_village_role_reaches_the_staff_home(village_a, client_a, role):
    with tenant_context(village_a.tenant):
        user, _ = staff_create(username=f"u-{role}", full_name="U", role=role, actor=None)
    sign_in(client_a, village_a.tenant, user)

    response = client_a.get("/staf/")

    assert response.status_code == 200
    assert role_label(role, village_a.district) in response.content.decode()


@pytest.mark.parametrize("role", DISTRICT_ROLES)
def test_every_district_role_reaches_the_district_staff_home(district, district_client, role):
    with tenant_context(district.tenant):
        user, _ = staff_create(username=f"u-{role}", full_name="U", role=role, actor=None)
    sign_in(district_client, district.tenant, user)

    assert district_client.get("/staf/").status_code == 200


def test_a_deactivated_account_is_refused(village_a, client_a):
    with tenant_context(village_a.tenant):
        user, _ = staff_create(username="gone", full_name="G", role=Role.OPERATOR, actor=None)
        user.is_active = False
        user.save()
    sign_in(client_a, village_a.tenant, user)

    assert client_a.get("/staf/").status_code == 302


def test_platform_operators_use_the_django_admin_on_the_platform_host(db):
    user, _ = staff_create(username="ops", full_name="Ops", role=Role.PLATFORM_OPERATOR, actor=None)
    client = Client(HTTP_HOST="balai.test")
    client.force_login(user)

    response = client.get("/admin/tenants/village/")

    assert response.status_code == 200
    assert "Lambaro" in response.content.decode()


def test_the_django_admin_does_not_exist_on_village_hosts(client_a):
    assert client_a.get("/admin/").status_code == 404


def test_create_platform_operator_command_prints_a_working_password_once(db):
    import io

    from django.core.management import call_command

    output = io.StringIO()
    call_command("create_platform_operator", "ops.kabupaten", full_name="Operator Kabupaten", stdout=output)

    username, password = output.getvalue().split("  (shown once")[0].split(" / ")
    user = User.objects.get(username=username)
    assert user.role == Role.PLATFORM_OPERATOR and user.is_superuser and user.check_password(password)


def test_a_platform_operator_suspends_a_village_in_the_admin_and_it_is_audited(db, village_a):
    from modules.audit.models import AuditEvent
    from tenants.models import Village

    user, _ = staff_create(username="ops2", full_name="Ops", role=Role.PLATFORM_OPERATOR, actor=None)
    client = Client(HTTP_HOST="balai.test")
    client.force_login(user)
    url = f"/admin/tenants/village/{village_a.pk}/change/"
    form = {
        "name": village_a.name,
        "kecamatan": village_a.kecamatan,
        "slug": village_a.slug,
        "status": "suspended",
    }

    response = client.post(url, form)

    assert response.status_code == 302
    assert Village.objects.get(pk=village_a.pk).status == "suspended"
    event = AuditEvent.objects.get(action="village.status")
    assert event.detail == {"from": "active", "to": "suspended"} and event.actor_id == user.pk
    assert Client(HTTP_HOST=host_of(village_a)).get("/").status_code == 503  # the maintenance page
