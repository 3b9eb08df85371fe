"""Background work of the service counter; thin tasks over services, ids in, idempotent."""

from celery import shared_task

from .services import letter_render_pdf


@shared_task(
    name="layanan.render_letter_pdf", acks_late=True, ignore_result=True, soft_time_limit=90, time_limit=120
)
def render_letter_pdf(letter_id: int) -> None:
    """Renders a signed letter's PDF in the schema the task was queued from (tenant-schemas-celery);
    a letter that already has its PDF is left as it is."""
    letter_render_pdf(letter_id=letter_id)
