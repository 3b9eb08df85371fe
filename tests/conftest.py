"""The test harness: one real PostgreSQL database per xdist worker, with the public schema, the
template schemas, one district and two villages created once per session (not per test).

Each test runs inside a transaction that is rolled back (pytest-django's `db`), so the session's
tenants stay as they were built.
"""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import translation
from django_tenants.utils import tenant_context

from modules.accounts.models import ROLES_BY_TENANT_TYPE, Role, User
from modules.accounts.services import staff_create
from tenants.models import District, Tenant, Village
from tenants.routing import district_host, village_host
from tenants.services import district_create, village_create

DISTRICT_CODE = "11.06"
DISTRICT_SLUG = "aceh-besar"
VILLAGE_A = {"code": "11.06.10.2001", "slug": "lambaro"}  # Lambaro, Ingin Jaya
VILLAGE_B = {"code": "11.06.10.2007", "slug": "siron"}  # Siron, Ingin Jaya


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Tests that walk the URLconfs say how much they covered (`record_property("routes covered",
    ...)`, tests/platform/test_routes.py); the line shows with and without xdist."""
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, [])]
    covered = sorted(
        f"{r.nodeid.split('::')[-1]}: {value}"
        for r in reports
        if getattr(r, "when", "") == "call"
        for name, value in r.user_properties
        if name == "routes covered"
    )
    if covered:
        terminalreporter.write_sep("-", "cross-tenant isolation: routes covered")
        for line in covered:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("balai_migrate", verbosity=0)
        district_create(
            code=DISTRICT_CODE, slug=DISTRICT_SLUG, village_noun="gampong", village_head_title="keuchik"
        )
        district = District.objects.get(code=DISTRICT_CODE)
        village_create(district=district, **VILLAGE_A)
        village_create(district=district, **VILLAGE_B)


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Uploads and letters of the tests go to a folder that disappears with the session."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _back_to_public() -> Iterator[None]:
    """Requests leave the connection in the last tenant's schema; every test starts on public."""
    forget_cached_hosts()
    yield
    connection.set_schema_to_public()
    forget_cached_hosts()


# Keys SCAN looks at per round trip (Redis' default is 10): every key is still looked at, in one or a
# few round trips instead of one per ten keys of the whole shared database, twice a test.
SCAN_BATCH = 1000


def forget_cached_hosts() -> None:
    """Tests roll their domains back, so the host -> tenant cache (tenants.routing) of this run and
    worker is emptied around each test."""
    from django.core.cache import caches

    prefix = settings.CACHES["routing"]["KEY_PREFIX"]
    client = caches["routing"]._cache.get_client(write=True)  # type: ignore[attr-defined]
    keys = list(client.scan_iter(match=f"{prefix}:*", count=SCAN_BATCH))
    if keys:
        client.delete(*keys)


def forget_cache_keys(pattern: str = "*") -> int:
    """Deletes the keys of this run and this xdist worker (their KEY_PREFIX, see settings/test.py)
    whose own part matches `pattern`, in every schema; keys of other workers and runs stay."""
    from django.core.cache import cache

    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    keys = list(client.scan_iter(match=f"*:{prefix}:*:{pattern}", count=SCAN_BATCH))
    return client.delete(*keys) if keys else 0


@pytest.fixture
def clean_throttle() -> Iterator[None]:
    """Submission counters start from zero and are forgotten afterwards (this worker's only)."""
    forget_cache_keys("throttle_*")
    yield
    forget_cache_keys("throttle_*")


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Iterator[None]:
    """A request with Accept-Language: en leaves English active in the thread (LocaleMiddleware
    never deactivates it); the next test's direct service calls must speak Indonesian again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def district(db: None) -> District:
    return District.objects.select_related("tenant").get(code=DISTRICT_CODE)


@pytest.fixture
def village_a(db: None) -> Village:
    return Village.objects.select_related("tenant", "district").get(code=VILLAGE_A["code"])


@pytest.fixture
def village_b(db: None) -> Village:
    return Village.objects.select_related("tenant", "district").get(code=VILLAGE_B["code"])


@pytest.fixture
def domisili(in_village_a: Tenant) -> object:
    """Village A's surat keterangan domisili, from the default catalogue; the test runs in A's schema."""
    from modules.layanan.models import Service

    return Service.objects.get(slug="surat-keterangan-domisili")


def staff_of(place: Village | District) -> dict[str, User]:
    """One account per role of the tenant's type, created in its schema, keyed by role."""
    accounts = {}
    with tenant_context(place.tenant):
        for role in ROLES_BY_TENANT_TYPE[place.tenant.type]:
            accounts[str(role)], _ = staff_create(
                username=f"t-{role}", full_name=f"Uji {role} {place.slug}", role=role, actor=None
            )
    return accounts


@pytest.fixture
def staff(village_a: Village) -> dict[str, User]:
    """One account per village role, in village A, keyed by role."""
    return staff_of(village_a)


@pytest.fixture
def staff_b(village_b: Village) -> dict[str, User]:
    """One account per village role, in village B."""
    return staff_of(village_b)


@pytest.fixture
def district_staff(district: District) -> dict[str, User]:
    """One account per district role, in the district."""
    return staff_of(district)


@pytest.fixture
def village_admin(staff: dict[str, User]) -> User:
    return staff[Role.VILLAGE_ADMIN]


@pytest.fixture
def operator(staff: dict[str, User]) -> User:
    return staff[Role.OPERATOR]


@pytest.fixture
def ppid_officer(staff: dict[str, User]) -> User:
    return staff[Role.PPID_OFFICER]


@pytest.fixture
def ppid_superior(staff: dict[str, User]) -> User:
    return staff[Role.PPID_SUPERIOR]


@pytest.fixture
def client_as(village_a: Village, staff: dict[str, User]) -> Callable[[str | None], Client]:
    """`client_as("operator")`: a client on village A's host signed in with that role's account
    (`client_as(None)`: anonymous); a new client on every call."""

    def make(role: str | None) -> Client:
        client = Client(HTTP_HOST=host_of(village_a))
        if role is not None:
            sign_in(client, village_a.tenant, staff[role])
        return client

    return make


@pytest.fixture
def admin_client(client_as: Callable[[str | None], Client]) -> Client:
    """Village A's host, signed in as its village admin."""
    return client_as(Role.VILLAGE_ADMIN)


@pytest.fixture
def operator_client(client_as: Callable[[str | None], Client]) -> Client:
    """Village A's host, signed in as its counter operator."""
    return client_as(Role.OPERATOR)


def host_of(place: Village | District) -> str:
    """The one place the tests learn a tenant's host (browser tests aside)."""
    if isinstance(place, Village):
        return village_host(place.slug, place.district.slug)
    return district_host(place.slug)


@pytest.fixture
def client_a(village_a: Village) -> Client:
    return Client(HTTP_HOST=host_of(village_a))


@pytest.fixture
def client_b(village_b: Village) -> Client:
    return Client(HTTP_HOST=host_of(village_b))


@pytest.fixture
def district_client(district: District) -> Client:
    return Client(HTTP_HOST=host_of(district))


@pytest.fixture
def in_village_a(village_a: Village) -> Iterator[Tenant]:
    """Runs the test body inside village A's schema."""
    with tenant_context(village_a.tenant):
        yield village_a.tenant


@pytest.fixture
def in_village_b(village_b: Village) -> Iterator[Tenant]:
    with tenant_context(village_b.tenant):
        yield village_b.tenant


def sign_in(client: Client, tenant: Tenant, user: object) -> None:
    """force_login writes the session and last_login in the current schema: do it in the tenant's."""
    with tenant_context(tenant):
        client.force_login(user)  # type: ignore[arg-type]
