from django.db.models import QuerySet

from .models import Notification


def notifications_for(*, reference: str) -> QuerySet[Notification]:
    """The notifications a module queued about one of its records (`reference` as it was given to
    `notification_queue`), newest first. Callers must already be inside the tenant's schema."""
    return Notification.objects.filter(reference=reference).order_by("-created_at", "-pk")
