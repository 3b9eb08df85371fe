import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from modules.portal.models import Official, VillageProfile
from tenants import schemas, services
from tenants.models import Domain, Tenant, Village, VillageStatus


def test_village_create_builds_schema_records_migrations_and_seeds(district):
    result = services.village_create(district=district, code="11.06.08.2007", slug="lamteh")

    village = Village.objects.get(code="11.06.08.2007")
    assert result.schema_built is True
    assert village.status == VillageStatus.ACTIVE
    assert village.name == "Lamteh"
    assert village.kecamatan == "Peukan Bada"
    assert schema_exists("v_1106082007")
    host = f"lamteh.{district.slug}.{settings.BASE_DOMAIN}"
    assert Domain.objects.get(tenant=village.tenant).domain == host
    assert schemas.pending_migrations("v_1106082007", "village") == set()
    with schema_context("v_1106082007"):
        assert VillageProfile.objects.get(pk=1).about.startswith("Lamteh berada di Kecamatan Peukan Bada")
        assert list(Official.objects.values_list("position", "is_head")) == [("Keuchik", True)]


def test_village_create_twice_ends_in_one_village(district):
    first = services.village_create(district=district, code="11.06.08.2007", slug="lamteh")
    second = services.village_create(district=district, code="11.06.08.2007", slug="lamteh")

    assert (first.schema_built, second.schema_built) == (True, False)
    assert Village.objects.filter(code="11.06.08.2007").count() == 1
    assert Tenant.objects.filter(schema_name="v_1106082007").count() == 1
    with schema_context("v_1106082007"):
        assert Official.objects.count() == 1


def test_a_crash_half_way_leaves_no_schema_and_a_rerun_completes(district, monkeypatch):
    def crash(village):
        raise RuntimeError("power cut during seeding")

    monkeypatch.setattr(apps.get_app_config("portal"), "seed_village", crash)
    with pytest.raises(RuntimeError):
        services.village_create(district=district, code="11.06.08.2007", slug="lamteh")

    village = Village.objects.get(code="11.06.08.2007")
    assert village.status == VillageStatus.PENDING
    assert not schema_exists("v_1106082007")

    monkeypatch.undo()
    result = services.village_provision(village)

    assert result.schema_built is True
    assert Village.objects.get(code="11.06.08.2007").status == VillageStatus.ACTIVE
    with schema_context("v_1106082007"):
        assert VillageProfile.objects.filter(pk=1).exists()


def test_village_code_outside_its_district_is_refused_and_nothing_is_written(district):
    before = (Village.objects.count(), Tenant.objects.count(), Domain.objects.count())

    with pytest.raises(ValidationError) as error:
        services.village_create(district=district, code="11.71.01.2001", slug="banda")

    assert "11.06" in " ".join(error.value.messages)
    assert (Village.objects.count(), Tenant.objects.count(), Domain.objects.count()) == before


def test_unknown_village_code_is_refused(district):
    with pytest.raises(ValidationError) as error:
        services.village_create(district=district, code="11.06.10.2999", slug="tiada")

    assert "tidak ada dalam daftar wilayah" in " ".join(error.value.messages)
    assert not Village.objects.filter(code="11.06.10.2999").exists()


def test_slug_taken_in_the_district_is_refused(district):
    with pytest.raises(ValidationError) as error:
        services.village_create(district=district, code="11.06.08.2007", slug="lambaro")

    assert error.value.messages == ["Alamat lambaro sudah dipakai gampong lain di kabupaten ini."]
    assert not Village.objects.filter(code="11.06.08.2007").exists()


def test_a_template_behind_the_code_stops_provisioning(district):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM template_village.django_migrations WHERE app = 'portal'")

    with pytest.raises(schemas.TemplateOutOfDateError):
        services.village_create(district=district, code="11.06.08.2007", slug="lamteh")
    assert not schema_exists("v_1106082007")


def test_the_blueprint_replays_the_template_tables_exactly(village_a):
    def tables(schema):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                "WHERE table_schema = %s ORDER BY 1, 2",
                [schema],
            )
            return cursor.fetchall()

    def indexes(schema):
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = %s ORDER BY 1", [schema])
            return [row[0] for row in cursor.fetchall()]

    assert tables(village_a.tenant.schema_name) == tables("template_village")
    assert indexes(village_a.tenant.schema_name) == indexes("template_village")
    assert len(tables("template_village")) > 40


def test_district_schema_has_no_village_tables(district):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = %s AND table_name LIKE 'portal_%%'",
            [district.tenant.schema_name],
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = %s AND table_name = 'accounts_user'",
            [district.tenant.schema_name],
        )
        assert cursor.fetchone()[0] == 1


def test_no_tenant_table_holds_registry_or_region_rows(village_a):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND (table_name LIKE 'tenants_%%' OR table_name LIKE 'wilayah_%%')",
            [village_a.tenant.schema_name],
        )
        assert cursor.fetchall() == []


def test_only_schemas_with_something_to_apply_are_migrated_and_they_are_repaired(village_a, village_b):
    """Village B loses portal's newest migration (an added column) as if it had been built one
    migration behind; only B is migrated again, and gets the column back."""
    from django.core.management import call_command
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import AddField

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    (name,) = [leaf for app, leaf in loader.graph.leaf_nodes() if app == "portal"]
    (operation,) = loader.get_migration("portal", name).operations
    assert isinstance(operation, AddField), "portal's newest migration must add one column for this test"
    table, column = f"portal_{operation.model_name}", operation.name
    schema = village_b.tenant.schema_name
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{schema}".{table} DROP COLUMN {column}')
        cursor.execute(
            f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s',  # noqa: S608
            ["portal", name],
        )

    assert schemas.lagging_tenant_schemas() == [schema]

    call_command("migrate_schemas", schema_name=schema, interactive=False, verbosity=0)

    assert schemas.lagging_tenant_schemas() == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s AND column_name = %s",
            [schema, table, column],
        )
        assert cursor.fetchone()[0] == 1


def test_two_simultaneous_sign_ups_of_one_village_end_in_one_working_village(district):
    """Each thread has its own connection and commits; the test removes what they built."""
    import threading

    from django.db import connections

    from tests.threads import in_own_connection

    results: list[object] = []
    start = threading.Barrier(2)

    def sign_up() -> None:
        try:
            start.wait()
            results.append(services.village_create(district=district, code="11.06.08.2007", slug="lamteh"))
        except BaseException as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    def look_and_remove() -> tuple[int, bool, int]:
        villages = Village.objects.filter(code="11.06.08.2007").count()
        built = schema_exists("v_1106082007")
        with schema_context("v_1106082007"):
            officials = Official.objects.count()
        with connection.cursor() as cursor:
            cursor.execute('DROP SCHEMA IF EXISTS "v_1106082007" CASCADE')
        Domain.objects.filter(tenant__schema_name="v_1106082007").delete()
        Village.objects.filter(code="11.06.08.2007").delete()
        Tenant.objects.filter(schema_name="v_1106082007").delete()
        return villages, built, officials

    assert [type(result).__name__ for result in results] == ["ProvisionResult", "ProvisionResult"]
    assert sorted(result.schema_built for result in results) == [False, True]  # type: ignore[attr-defined]
    assert in_own_connection(district.tenant, look_and_remove) == (1, True, 1)


def test_a_new_village_is_seeded_by_every_village_app_that_declares_a_seeder(district, monkeypatch):
    calls = []

    def kalender_seeder(village):
        calls.append(("kalender", village.code, connection.schema_name))

    def public_only_seeder(village):
        calls.append(("wilayah", village.code, connection.schema_name))

    # kalender has tables in village schemas; wilayah only in public, so its hook is never called.
    monkeypatch.setattr(apps.get_app_config("kalender"), "seed_village", kalender_seeder, raising=False)
    monkeypatch.setattr(apps.get_app_config("wilayah"), "seed_village", public_only_seeder, raising=False)

    services.village_create(district=district, code="11.06.08.2007", slug="lamteh")

    assert calls == [("kalender", "11.06.08.2007", "v_1106082007")]
    with schema_context("v_1106082007"):
        assert list(Official.objects.values_list("position", flat=True)) == ["Keuchik"]


def test_a_new_district_is_seeded_by_the_district_apps_that_declare_a_seeder(db, monkeypatch):
    calls = []
    monkeypatch.setattr(
        apps.get_app_config("notifikasi"),
        "seed_district",
        lambda district: calls.append((district.code, connection.schema_name)),
        raising=False,
    )

    services.district_create(code="11.07", slug="pidie")

    assert calls == [("11.07", "d_1107")]
