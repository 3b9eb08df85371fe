from typing import Any

from celery import shared_task

from .services import DELIVER_TASK, notification_deliver, outbox_flush


@shared_task(
    bind=True,
    name=DELIVER_TASK,
    acks_late=True,
    ignore_result=True,
    max_retries=None,  # the outbox row counts the attempts and decides when to give up
    soft_time_limit=60,
    time_limit=90,
)
def deliver_notification(self: Any, notification_id: int) -> str:
    """Delivers one notification of the schema the task was queued from; retried with backoff.

    If the retry cannot be queued (broker down), Celery drops this message; the row stays pending
    and the outbox flush queues it again."""
    outcome = notification_deliver(notification_id=notification_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="notifikasi.flush_outbox", ignore_result=True, soft_time_limit=50, time_limit=60)
def flush_outbox() -> int:
    """Every minute, from Celery beat, on the public schema: queues again what is overdue in every
    tenant's outbox."""
    return outbox_flush()
