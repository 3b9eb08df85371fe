import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django_tenants.utils import schema_context


def in_own_connection(tenant: Any, work: Callable[[], Any]) -> Any:
    """Runs `work` in the tenant's schema on a thread of its own (so with a database connection of
    its own): what it writes is committed, unlike what a test writes inside its transaction."""
    return in_schema_connection(tenant.schema_name, work)


def in_schema_connection(schema: str, work: Callable[[], Any]) -> Any:
    """`in_own_connection` for a schema known by its name (one the test made, with no Tenant at hand)."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            with schema_context(schema):
                result["value"] = work()
        except BaseException as error:
            result["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if "error" in result:
        raise result["error"]
    return result.get("value")
