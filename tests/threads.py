import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django_tenants.utils import tenant_context


def in_own_connection(tenant: Any, work: Callable[[], Any]) -> Any:
    """Runs `work` in the tenant's schema on a thread of its own (so with a database connection of
    its own): what it writes is committed, unlike what a test writes inside its transaction."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            with tenant_context(tenant):
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
