"""Fixtures of the PPID tests; the data helpers are in data.py."""

import pytest
from django_tenants.utils import tenant_context

from modules.ppid.models import InformationRequest
from tenants.models import Village
from tests.modules.ppid.data import submit_request


@pytest.fixture
def request_of_a(village_a: Village) -> InformationRequest:
    """An open online request of village A, submitted now."""
    with tenant_context(village_a.tenant):
        return submit_request(village_a)
