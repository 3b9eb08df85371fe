import pytest
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.accounts.services import staff_create
from modules.layanan.models import Service


@pytest.fixture
def domisili(in_village_a) -> Service:
    return Service.objects.get(slug="surat-keterangan-domisili")


@pytest.fixture
def staff(village_a):
    """One account per village role, in village A."""
    accounts = {}
    with tenant_context(village_a.tenant):
        for role in (Role.VILLAGE_ADMIN, Role.OPERATOR, Role.PPID_OFFICER, Role.PPID_SUPERIOR):
            accounts[role], _ = staff_create(
                username=f"t-{role}", full_name=f"Uji {role}", role=role, actor=None
            )
    return accounts
