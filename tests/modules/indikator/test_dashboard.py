"""The dashboard's reads: the rollup and the registry only, a fixed number of queries whatever the
number of villages, targets (the district's over the default) judged by direction, ranks and the
change from the previous period; and the district's targets."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.indikator import selectors
from modules.indikator.definitions import INDICATORS, Period
from modules.indikator.models import DistrictTarget, RollupValue
from modules.indikator.services import district_target_set
from tenants.models import Tenant, TenantType, Village, VillageStatus

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 8)
MONTH, BEFORE = "2026-12", "2026-11"


def fake_villages(district, count: int, *, start: int = 0) -> list[Village]:
    """Registry rows only (no schema): what the dashboard reads is in public."""
    villages = []
    for number in range(start, start + count):
        code = f"11.06.99.{9000 + number}"
        tenant = Tenant.objects.create(
            schema_name=f"v_110699{9000 + number}", type=TenantType.VILLAGE, name=f"Uji {number}"
        )
        villages.append(
            Village.objects.create(
                tenant=tenant,
                district=district,
                name=f"Uji {number:02d}",
                code=code,
                kecamatan="Kuta Baro" if number % 2 else "Darul Imarah",
                slug=f"uji-{number}",
                status=VillageStatus.ACTIVE,
            )
        )
    return villages


def fill(villages, *, today=TODAY):
    """A value for every indicator in its current and previous period."""
    rows = []
    for position, village in enumerate(villages):
        for indicator in INDICATORS:
            current = indicator.period_on(today)
            for period, value in ((current, position + 10), (current.previous, position + 5)):
                rows.append(
                    RollupValue(
                        village=village,
                        indicator=indicator.key,
                        period=period.key,
                        value=Decimal(value),
                        computed_at=timezone.now(),
                    )
                )
    RollupValue.objects.bulk_create(rows)


def _only_fakes(district):
    Village.objects.filter(district=district).exclude(code__startswith="11.06.99.").update(
        status=VillageStatus.SUSPENDED
    )


@pytest.mark.parametrize("count", [2, 20])
def test_the_query_count_is_the_same_for_2_and_20_villages(district, count, django_assert_num_queries):
    fill(fake_villages(district, count))

    # The targets, the villages, the rollup rows: three reads, each after django-tenants' `SET
    # search_path` (to public).
    with django_assert_num_queries(6):
        table = selectors.dashboard(district, MONTH, today=TODAY)

    assert len(table.rows) >= count
    assert {row.name for row in table.rows} >= {f"Uji {n:02d}" for n in range(count)}


def test_values_previous_change_and_rank_by_direction(district):
    _only_fakes(district)
    fill(fake_villages(district, 3))

    table = selectors.dashboard(district, MONTH, today=TODAY)

    first = {row.name: row.cells["layanan_diterima"] for row in table.rows}["Uji 00"]
    assert (first.value, first.previous, first.change) == (Decimal(10), Decimal(5), Decimal(5))
    received = {row.name: row.cells["layanan_diterima"].rank for row in table.rows}
    assert received == {"Uji 00": 3, "Uji 01": 2, "Uji 02": 1}  # naik: more is better
    median = {row.name: row.cells["layanan_median_hari"].rank for row in table.rows}
    assert median == {"Uji 00": 1, "Uji 01": 2, "Uji 02": 3}  # turun: fewer days is better
    columns = {column.indicator.key: column for column in table.columns}
    assert columns["layanan_diterima"].period.key == MONTH
    assert columns["ppid_permohonan"].period.key == "2026-T4"  # a quarterly figure shows its quarter
    assert columns["ikm"].previous.key == "2026-S1"
    assert table.kecamatan == ["Darul Imarah", "Kuta Baro"]
    only = selectors.dashboard(district, MONTH, kecamatan="Kuta Baro", today=TODAY)
    assert [(row.name, row.cells["layanan_diterima"].rank) for row in only.rows] == [("Uji 01", 2)]


def test_a_district_target_overrides_the_default_and_direction_decides(district, district_staff):
    _only_fakes(district)
    fill(fake_villages(district, 3))  # values 10, 11, 12 in December
    extra = fake_villages(district, 1, start=3)[0]  # no figures at all

    default = selectors.dashboard(district, MONTH, today=TODAY)
    # Default target of "within the standard time": 90 %, not met by 10-12.
    assert {
        row.cells["layanan_tepat_waktu"].status for row in default.rows if row.village_id != extra.pk
    } == {selectors.NOT_MET}
    assert {row.village_id: row.cells["layanan_tepat_waktu"].status for row in default.rows}[
        extra.pk
    ] == selectors.NO_DATA
    assert default.rows[0].cells["layanan_diterima"].status == ""  # no target, nothing to judge

    with tenant_context(district.tenant):
        district_target_set(
            actor=district_staff[Role.DISTRICT_ADMIN],
            district=district,
            indicator="layanan_tepat_waktu",
            target="11",
        )
        district_target_set(
            actor=district_staff[Role.DISTRICT_ADMIN],
            district=district,
            indicator="layanan_median_hari",
            target="11",
        )

    table = selectors.dashboard(district, MONTH, today=TODAY)
    on_time = {row.name: row.cells["layanan_tepat_waktu"].status for row in table.rows}
    assert on_time == {
        "Uji 00": selectors.NOT_MET,
        "Uji 01": selectors.MET,
        "Uji 02": selectors.MET,
        "Uji 03": selectors.NO_DATA,
    }
    median = {row.name: row.cells["layanan_median_hari"].status for row in table.rows}
    assert median == {
        "Uji 00": selectors.MET,
        "Uji 01": selectors.MET,
        "Uji 02": selectors.NOT_MET,
        "Uji 03": selectors.NO_DATA,
    }
    column = {column.indicator.key: column for column in table.columns}["layanan_tepat_waktu"]
    assert (column.target, column.target_is_district) == (Decimal(11), True)


def test_targets_are_set_by_the_district_admin_only_and_audited(district, district_staff):
    admin, facilitator = district_staff[Role.DISTRICT_ADMIN], district_staff[Role.FACILITATOR]
    with tenant_context(district.tenant):
        row = district_target_set(actor=admin, district=district, indicator="ikm", target=Decimal("80"))
        assert AuditEvent.objects.filter(action="indikator.target_set").count() == 1
        with pytest.raises(PermissionDenied):
            district_target_set(actor=facilitator, district=district, indicator="ikm", target="70")
        with pytest.raises(ValidationError) as refused:
            district_target_set(actor=admin, district=district, indicator="tidak_ada", target="70")
        assert refused.value.error_dict["indicator"][0].code == "unknown_indicator"
        with pytest.raises(ValidationError):
            district_target_set(actor=admin, district=district, indicator="ikm", target="delapan")
        district_target_set(
            actor=admin, district=district, indicator="ikm", target=None
        )  # back to the default

    assert row is not None and row.target == Decimal("80.00")
    assert not DistrictTarget.objects.filter(district=district).exists()
    with pytest.raises(PermissionDenied):  # not from the district's own schema
        district_target_set(actor=admin, district=district, indicator="ikm", target="70")


def test_the_dashboard_never_sets_the_search_path_to_a_village_schema(district, village_a, monkeypatch):
    fill(fake_villages(district, 2))
    fill([village_a])
    schemas = []
    original = connection.set_schema

    def recording(schema_name, *args, **kwargs):
        schemas.append(schema_name)
        return original(schema_name, *args, **kwargs)

    monkeypatch.setattr(connection, "set_schema", recording)
    with tenant_context(district.tenant):
        table = selectors.dashboard(district, MONTH, today=TODAY)
        history = selectors.village_history(village_a, "layanan_diterima")
        assert connection.schema_name == district.tenant.schema_name

    assert any(row.village_id == village_a.pk for row in table.rows)
    assert [point.period.key for point in history] == [BEFORE, MONTH]
    assert [schema for schema in schemas if schema.startswith("v_")] == []


def test_village_history_is_oldest_first_in_one_query(village_a, django_assert_num_queries):
    for key in ("2026-10", "2026-12", "2026-09", "2025-12"):
        RollupValue.objects.create(
            village=village_a,
            indicator="layanan_diterima",
            period=key,
            value=Decimal(1),
            computed_at=timezone.now(),
        )

    with django_assert_num_queries(2):  # one read after its `SET search_path`
        history = selectors.village_history(village_a, "layanan_diterima")

    assert [point.period for point in history] == [
        Period.parse(k) for k in ("2025-12", "2026-09", "2026-10", "2026-12")
    ]


def test_a_bad_period_key_is_refused(district):
    with pytest.raises(ValueError):
        selectors.dashboard(district, "2026-13")
