"""Every factory builds a row its table accepts, in the schema it belongs to."""

import pytest
from django.db import connection

from tests import factories as f

VILLAGE = [
    f.NotificationFactory,
    f.OfficialFactory,
    f.DayOverrideFactory,
    f.ServiceFactory,
    f.ServiceStandardFactory,
    f.ServiceRequestFactory,
    f.LetterFactory,
    f.SopDocumentFactory,
]


def test_the_domain_factory_adds_a_domain_to_an_existing_tenant(village_a):
    domain = f.DomainFactory(tenant=village_a.tenant)

    assert connection.schema_name == "public"
    assert list(village_a.tenant.domains.filter(is_primary=False)) == [domain]


@pytest.mark.parametrize("factory", VILLAGE, ids=lambda f: f.__name__)
def test_village_factories(in_village_a, factory):
    row = factory()

    assert connection.schema_name == in_village_a.schema_name
    assert type(row).objects.filter(pk=row.pk).exists()
