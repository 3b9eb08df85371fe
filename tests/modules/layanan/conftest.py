import pytest
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.accounts.services import staff_create
from modules.layanan import services
from modules.layanan.models import Service

# Structurally valid NIKs (region 11.06.10, birth dates in the past, serial not 0000).
NIK_MAN = "1106101203850001"
NIK_WOMAN = "1106105507900002"  # day 15 + 40 for women


def new_request_data(**overrides: str) -> services.NewRequest:
    values = {
        "applicant_name": "Teuku Muhammad Rizal",
        "nik": NIK_MAN,
        "address": "Dusun Mesjid, RT 02/RW 01",
        "purpose": "Melamar pekerjaan",
        "phone": "081234567890",
    }
    values.update(overrides)
    return services.NewRequest(**values)


@pytest.fixture
def domisili(in_village_a) -> Service:
    return Service.objects.get(slug="surat-keterangan-domisili")


@pytest.fixture
def staff(village_a):
    """One account per village role, in village A."""
    accounts = {}
    with tenant_context(village_a.tenant):
        for role in (Role.VILLAGE_ADMIN, Role.OPERATOR, Role.PPID_OFFICER, Role.PPID_SUPERIOR):
            accounts[role], _ = staff_create(username=f"t-{role}", full_name=f"Uji {role}", role=role, actor=None)
    return accounts
