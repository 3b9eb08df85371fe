import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from modules.accounts.models import Role, User
from tenants.routing import village_host


@pytest.mark.slow
@override_settings(DEBUG=True, PUBLIC_PORT=8123, BASE_DOMAIN="balai.localhost")
def test_the_demo_prints_the_port_it_is_served_on_and_creates_a_platform_operator(db):
    output = io.StringIO()

    call_command("load_demo", stdout=output)

    printed = output.getvalue()
    assert "platform  http://balai.localhost:8123/admin/\n" in printed
    assert "district  http://aceh-besar.balai.localhost:8123/\n" in printed
    assert f"gampong   http://{village_host('lambaro', 'aceh-besar')}:8123/  (" in printed
    assert ":8000" not in printed
    assert "  account public: operator.platform / " in printed
    operator = User.objects.get(username="operator.platform")  # the public schema's accounts
    assert (operator.role, operator.is_staff, operator.is_superuser) == (Role.PLATFORM_OPERATOR, True, True)
