"""Host -> tenant routing: the id in Django's cache (Redis), forgotten when a host moves (services
and the Django admin), the Domain table when Redis is down, and hosts normalised."""

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings

from modules.accounts.models import Role, User
from modules.accounts.services import staff_create
from modules.audit.models import AuditEvent
from tenants import services
from tenants.models import District, Domain, Tenant, Village
from tenants.routing import CACHE_ALIAS, tenant_for_host, village_host
from tests.conftest import VILLAGE_A

LAMBARO = village_host(VILLAGE_A["slug"], "aceh-besar")


def cached(host):
    return caches[CACHE_ALIAS].get(f"balai.routing.host:{host}")


def status_of(host):
    """A request leaves the connection on the tenant it routed to; registry code runs on public."""
    try:
        return Client(HTTP_HOST=host).get("/").status_code
    finally:
        connection.set_schema_to_public()


def operator_client():
    user = User.objects.filter(username="ops").first()
    if user is None:
        user, _ = staff_create(username="ops", full_name="Ops", role=Role.PLATFORM_OPERATOR, actor=None)
    client = Client(HTTP_HOST="balai.test")
    client.force_login(user)
    return client


def test_the_cache_holds_the_tenant_id_of_a_host_not_the_tenant(village_a):
    assert cached(LAMBARO) is None

    assert status_of(LAMBARO) == 200

    assert cached(LAMBARO) == village_a.tenant_id


def test_the_cached_id_decides_and_the_tenant_is_read_fresh(village_a, village_b):
    """Another process's answer, in the shared cache, is the one used; the row behind it is loaded."""
    Domain.objects.create(domain="baru.aceh-besar.balai.test", tenant=village_b.tenant, is_primary=False)
    caches[CACHE_ALIAS].set("balai.routing.host:baru.aceh-besar.balai.test", village_a.tenant_id)
    Tenant.objects.filter(pk=village_a.tenant_id).update(name="Nama baru")

    tenant = tenant_for_host("baru.aceh-besar.balai.test")

    assert (tenant.pk, tenant.name, tenant.village.slug) == (village_a.tenant_id, "Nama baru", "lambaro")


def test_a_suspended_village_is_closed_at_once_although_its_host_is_cached(village_a):
    assert status_of(LAMBARO) == 200

    services.village_set_status(village=village_a, status="suspended", actor=None)

    assert cached(LAMBARO) == village_a.tenant_id  # not yet committed: the test's transaction
    assert status_of(LAMBARO) == 503  # the maintenance page


def test_a_slug_change_moves_the_host_and_every_process_forgets_both(
    village_a, django_capture_on_commit_callbacks
):
    assert status_of(LAMBARO) == 200
    assert status_of("lambaro-baru.aceh-besar.balai.test") == 404

    with django_capture_on_commit_callbacks(execute=True):
        services.village_slug_change(village=village_a, slug="lambaro-baru", actor=None)

    assert cached(LAMBARO) is None
    assert status_of(LAMBARO) == 404
    assert status_of("lambaro-baru.aceh-besar.balai.test") == 200
    assert list(Domain.objects.filter(tenant=village_a.tenant).values_list("domain", flat=True)) == [
        "lambaro-baru.aceh-besar.balai.test"
    ]
    assert AuditEvent.objects.get(action="village.slug").detail == {"from": "lambaro", "to": "lambaro-baru"}


def test_a_slug_taken_in_the_district_is_refused_with_a_code_and_nothing_moves(village_a):
    with pytest.raises(ValidationError) as error:
        services.village_slug_change(village=village_a, slug="siron", actor=None)

    assert error.value.error_dict["slug"][0].code == "slug_taken"
    assert Village.objects.get(pk=village_a.pk).slug == "lambaro"
    assert Domain.objects.get(tenant=village_a.tenant).domain == LAMBARO
    assert not AuditEvent.objects.filter(action="village.slug").exists()


def test_a_district_slug_change_moves_the_district_host_and_its_villages_hosts(
    district, django_capture_on_commit_callbacks
):
    assert status_of(LAMBARO) == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.district_slug_change(district=district, slug="aceh-raya", actor=None)

    hosts = sorted(Domain.objects.filter(domain__contains="aceh").values_list("domain", flat=True))
    assert hosts == [
        "aceh-raya.balai.test",
        "lambaro.aceh-raya.balai.test",
        "siron.aceh-raya.balai.test",
    ]
    assert [status_of(host) for host in (LAMBARO, "lambaro.aceh-raya.balai.test")] == [404, 200]
    assert status_of("aceh-raya.balai.test") == 200


def test_a_slug_edited_in_the_django_admin_moves_the_domain_too(
    village_a, django_capture_on_commit_callbacks
):
    client = operator_client()
    assert status_of(LAMBARO) == 200
    form = {
        "name": village_a.name,
        "kecamatan": village_a.kecamatan,
        "slug": "lambaro-baru",
        "status": "active",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/tenants/village/{village_a.pk}/change/", form)

    assert response.status_code == 302
    assert Domain.objects.get(tenant=village_a.tenant).domain == "lambaro-baru.aceh-besar.balai.test"
    assert [status_of(LAMBARO), status_of("lambaro-baru.aceh-besar.balai.test")] == [404, 200]


def test_a_slug_in_the_admin_that_would_take_another_tenants_host_is_refused_next_to_the_field(
    village_a, village_b
):
    Domain.objects.create(domain="lamreung.aceh-besar.balai.test", tenant=village_b.tenant, is_primary=False)
    client = operator_client()
    form = {"name": village_a.name, "kecamatan": village_a.kecamatan, "slug": "lamreung", "status": "active"}

    response = client.post(f"/admin/tenants/village/{village_a.pk}/change/", form)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == ["Alamat ini sudah dipakai."]
    assert Domain.objects.get(tenant=village_a.tenant, is_primary=True).domain == LAMBARO


def domains_form(village, rows):
    """The Tenant change form of the admin with its Domain inline rows: (pk or None, host, delete)."""
    form = {
        "name": village.tenant.name,
        "domains-TOTAL_FORMS": str(len(rows)),
        "domains-INITIAL_FORMS": str(sum(1 for pk, _host, _delete in rows if pk)),
        "domains-MIN_NUM_FORMS": "0",
        "domains-MAX_NUM_FORMS": "1000",
    }
    for index, (pk, host, delete) in enumerate(rows):
        form |= {f"domains-{index}-id": str(pk or ""), f"domains-{index}-tenant": str(village.tenant_id)}
        form[f"domains-{index}-domain"] = host
        if delete:
            form[f"domains-{index}-DELETE"] = "on"
    return form


def post_domains(village, rows, capture):
    with capture(execute=True):
        response = operator_client().post(
            f"/admin/tenants/tenant/{village.tenant_id}/change/", domains_form(village, rows)
        )
    connection.set_schema_to_public()
    return response


def test_custom_domains_added_renamed_and_removed_in_the_admin_route_at_once_and_are_audited(
    village_a, django_capture_on_commit_callbacks
):
    primary = Domain.objects.get(tenant=village_a.tenant)
    capture = django_capture_on_commit_callbacks

    added = post_domains(
        village_a, [(primary.pk, LAMBARO, False), (None, "Lambaro.Desa.ID.", False)], capture
    )
    assert added.status_code == 302
    custom = Domain.objects.get(tenant=village_a.tenant, is_primary=False)
    assert custom.domain == "lambaro.desa.id"
    assert status_of("lambaro.desa.id") == 200

    renamed = post_domains(
        village_a, [(primary.pk, LAMBARO, False), (custom.pk, "gampong-lambaro.id", False)], capture
    )
    assert renamed.status_code == 302
    assert [status_of("lambaro.desa.id"), status_of("gampong-lambaro.id")] == [404, 200]

    removed = post_domains(
        village_a, [(primary.pk, LAMBARO, False), (custom.pk, "gampong-lambaro.id", True)], capture
    )
    assert removed.status_code == 302
    assert status_of("gampong-lambaro.id") == 404
    assert status_of(LAMBARO) == 200
    assert list(
        AuditEvent.objects.filter(action__startswith="domain.").order_by("pk").values_list("action", "detail")
    ) == [
        ("domain.add", {"domain": "lambaro.desa.id"}),
        ("domain.change", {"from": "lambaro.desa.id", "to": "gampong-lambaro.id"}),
        ("domain.remove", {"domain": "gampong-lambaro.id"}),
    ]


def test_the_primary_host_cannot_be_renamed_or_removed_in_the_admin(
    village_a, django_capture_on_commit_callbacks
):
    primary = Domain.objects.get(tenant=village_a.tenant)

    renamed = post_domains(
        village_a, [(primary.pk, "lain.aceh-besar.balai.test", False)], django_capture_on_commit_callbacks
    )
    removed = post_domains(village_a, [(primary.pk, LAMBARO, True)], django_capture_on_commit_callbacks)

    assert renamed.status_code == 302  # the field is disabled: the submitted value is ignored
    assert removed.status_code == 200
    assert "Alamat utama mengikuti slug" in removed.content.decode()
    assert list(Domain.objects.filter(tenant=village_a.tenant).values_list("domain", flat=True)) == [LAMBARO]
    assert not AuditEvent.objects.filter(action__startswith="domain.").exists()


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("bukan domain", "Tulis nama domain seperti lambaro.desa.id."),
        ("siron.aceh-besar.balai.test", "Alamat ini sudah dipakai."),
    ],
)
def test_a_bad_or_taken_host_is_refused_next_to_the_field_and_nothing_is_added(
    village_a, django_capture_on_commit_callbacks, host, message
):
    primary = Domain.objects.get(tenant=village_a.tenant)

    response = post_domains(
        village_a, [(primary.pk, LAMBARO, False), (None, host, False)], django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.forms[1].errors["domain"] == [message]
    assert Domain.objects.filter(tenant=village_a.tenant).count() == 1


def test_the_domain_services_refuse_the_primary_host_with_a_code(village_a):
    primary = Domain.objects.get(tenant=village_a.tenant)

    with pytest.raises(ValidationError) as renamed:
        services.domain_change(domain=primary, host="lain.desa.id", actor=None)
    with pytest.raises(ValidationError) as removed:
        services.domain_remove(domain=primary, actor=None)

    assert renamed.value.error_dict["domain"][0].code == "primary_follows_slug"
    assert removed.value.error_dict["domain"][0].code == "primary_follows_slug"
    assert Domain.objects.get(pk=primary.pk).domain == LAMBARO


def test_with_redis_down_routing_reads_the_domain_table(village_a):
    down = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    with override_settings(CACHES={"default": down, CACHE_ALIAS: down}):
        response = Client(HTTP_HOST=LAMBARO).get("/")

    assert response.status_code == 200
    assert "<h1>Gampong Lambaro</h1>" in response.content.decode()


@pytest.mark.parametrize(
    "host",
    [
        LAMBARO.replace("lambaro", "LAMBARO"),
        LAMBARO + ".",
        LAMBARO.upper() + ".",
        LAMBARO.title() + ".:8000",
    ],
)
def test_upper_case_hosts_and_a_trailing_dot_reach_the_same_village(village_a, host):
    response = Client(HTTP_HOST=host).get("/")

    assert response.status_code == 200
    assert "<h1>Gampong Lambaro</h1>" in response.content.decode()
    assert cached(LAMBARO) == village_a.tenant_id


@pytest.mark.parametrize("slug", ["Lamteh", "la", "-lamteh", "lam_teh", "lamteh-"])
def test_a_village_with_a_bad_slug_is_refused_with_a_coded_error_and_nothing_is_written(district, slug):
    before = (Village.objects.count(), Tenant.objects.count(), Domain.objects.count())

    with pytest.raises(ValidationError) as error:
        services.village_create(district=district, code="11.06.08.2007", slug=slug)

    assert [item.code for item in error.value.error_dict["slug"]] == ["invalid"]
    assert (Village.objects.count(), Tenant.objects.count(), Domain.objects.count()) == before


def test_a_district_with_a_bad_slug_is_refused_with_a_coded_error_and_nothing_is_written(db):
    before = (District.objects.count(), Tenant.objects.count(), Domain.objects.count())

    with pytest.raises(ValidationError) as error:
        services.district_create(code="11.07", slug="pidie_jaya")

    assert [item.code for item in error.value.error_dict["slug"]] == ["invalid"]
    assert (District.objects.count(), Tenant.objects.count(), Domain.objects.count()) == before


def test_a_bad_slug_for_an_existing_village_is_refused_with_a_coded_error(village_a):
    with pytest.raises(ValidationError) as error:
        services.village_slug_change(village=village_a, slug="lambaro_baru", actor=None)

    assert [item.code for item in error.value.error_dict["slug"]] == ["invalid"]
    assert Domain.objects.get(tenant=village_a.tenant).domain == LAMBARO


def test_a_district_slug_edited_in_the_django_admin_moves_its_hosts(
    district, django_capture_on_commit_callbacks
):
    client = operator_client()
    form = {
        "name": district.name,
        "slug": "aceh-raya",
        "village_noun": district.village_noun,
        "village_head_title": district.village_head_title,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/tenants/district/{district.pk}/change/", form)

    assert response.status_code == 302
    assert District.objects.get(pk=district.pk).slug == "aceh-raya"
    assert [status_of("aceh-besar.balai.test"), status_of("aceh-raya.balai.test")] == [404, 200]
    assert [status_of(LAMBARO), status_of("lambaro.aceh-raya.balai.test")] == [404, 200]
    assert AuditEvent.objects.get(action="district.slug").detail == {"from": "aceh-besar", "to": "aceh-raya"}


def test_a_bad_district_slug_in_the_django_admin_is_refused_next_to_the_field(district):
    client = operator_client()
    form = {
        "name": district.name,
        "slug": "Aceh_Raya",
        "village_noun": district.village_noun,
        "village_head_title": district.village_head_title,
    }

    response = client.post(f"/admin/tenants/district/{district.pk}/change/", form)

    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert District.objects.get(pk=district.pk).slug == "aceh-besar"
    assert Domain.objects.filter(domain="aceh-besar.balai.test").exists()
