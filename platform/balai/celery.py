"""One Celery app for every tenant. Tasks carry their schema in a header (tenant-schemas-celery):
a task queued while a village's schema is active runs inside that village's schema."""

import os
import time
from typing import Any

from celery import signals
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings.production")

app = CeleryApp("balai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
def _task_started(task_id: str, task: Any, **kwargs: Any) -> None:
    from .logging import request_id

    task.request._balai_started = time.perf_counter()
    task.request._balai_request_id_token = request_id.set(task_id)


@signals.task_postrun.connect
def _task_finished(task_id: str, task: Any, state: str | None = None, **kwargs: Any) -> None:
    from .logging import request_id
    from .observability import TASK_DURATION, TASKS

    TASKS.labels(task.name, (state or "unknown").lower()).inc()
    started = getattr(task.request, "_balai_started", None)
    if started is not None:
        TASK_DURATION.labels(task.name).observe(time.perf_counter() - started)
    token = getattr(task.request, "_balai_request_id_token", None)
    if token is not None:
        request_id.reset(token)


@signals.worker_ready.connect
def _serve_worker_metrics(**kwargs: Any) -> None:
    """Workers expose their task metrics on CELERY_METRICS_PORT (the chart sets it)."""
    port = os.environ.get("CELERY_METRICS_PORT")
    if port:
        from prometheus_client import REGISTRY, CollectorRegistry, multiprocess, start_http_server

        registry = REGISTRY
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # prefork children write there; sum them
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        start_http_server(int(port), registry=registry)
