"""Fixtures of the complaint tests; the data helpers are in data.py."""

import pytest

from modules.accounts.models import Role, User


@pytest.fixture
def officer(staff: dict[str, User]) -> User:
    """Village A's complaint officer (petugas pengaduan)."""
    return staff[Role.COMPLAINT_OFFICER]


@pytest.fixture
def council_member(staff: dict[str, User]) -> User:
    """A member of village A's council (anggota BPD): reads the register, never an identity."""
    return staff[Role.COUNCIL_MEMBER]
