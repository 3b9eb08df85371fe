"""Fixtures of the complaint tests; the data helpers are in data.py."""

import pytest
from django_tenants.utils import tenant_context

from modules.accounts.models import Role, User
from modules.pengaduan.models import Complaint
from tenants.models import Village
from tests.modules.pengaduan.data import submitted


@pytest.fixture
def officer(staff: dict[str, User]) -> User:
    """Village A's complaint officer (petugas pengaduan)."""
    return staff[Role.COMPLAINT_OFFICER]


@pytest.fixture
def council_member(staff: dict[str, User]) -> User:
    """A member of village A's council (anggota BPD): reads the register, never an identity."""
    return staff[Role.COUNCIL_MEMBER]


@pytest.fixture
def complaint_of_a(village_a: Village) -> Complaint:
    """An open, public, named complaint of village A with a point on the map."""
    with tenant_context(village_a.tenant):
        return submitted(village_a, latitude="5.540000", longitude="95.320000", location="Dusun Lampoh")
