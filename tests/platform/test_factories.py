"""Every factory builds a row its table accepts, in the schema it belongs to."""

import pytest
from django.db import connection
from django_tenants.utils import schema_exists

from tests import factories as f

PUBLIC = [f.TenantFactory, f.DomainFactory, f.SchemaBlueprintFactory, f.RegionFactory]
VILLAGE = [
    f.UserFactory,
    f.AuditEventFactory,
    f.NotificationFactory,
    f.VillageProfileFactory,
    f.OfficialFactory,
    f.DayOverrideFactory,
    f.ServiceSettingsFactory,
    f.ServiceFactory,
    f.ServiceStandardFactory,
    f.ServiceRequestFactory,
    f.RequestEventFactory,
    f.AttachmentFactory,
    f.LetterCounterFactory,
    f.LetterFactory,
    f.QueueTicketFactory,
]


@pytest.mark.parametrize("factory", PUBLIC, ids=lambda f: f.__name__)
def test_public_factories(db, factory):
    row = factory()

    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("factory", VILLAGE, ids=lambda f: f.__name__)
def test_village_factories(in_village_a, factory):
    row = factory()

    assert connection.schema_name == in_village_a.schema_name
    assert type(row).objects.filter(pk=row.pk).exists()


def test_district_and_village_factories_provision_schemas(db):
    district = f.DistrictFactory()
    village = f.VillageFactory(district=f.District.objects.get(code="11.06"))

    assert district.tenant.schema_name == "d_1171" and schema_exists("d_1171")
    assert village.is_active and schema_exists(village.tenant.schema_name)
