from celery import shared_task

from tenants.db import tenant_connection as connection

from .services import audit_record


@shared_task(name="audit.worker_check", acks_late=True, soft_time_limit=20, time_limit=30)
def worker_check(token: str) -> str:
    """Proves a worker is alive and runs in the schema the task was queued from: it writes an
    audit row there, naming the schema it saw. Used by `manage.py worker_check` and the tests."""
    audit_record(action="worker.check", actor=None, detail={"token": token, "schema": connection.schema_name})
    return connection.schema_name
