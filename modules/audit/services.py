from typing import Any

from django.db import models

from . import hooks
from .models import AuditEvent


def audit_record(
    *, action: str, actor: Any, target: models.Model | None = None, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """Writes one audit row in the current schema; call it inside the write's own transaction.
    The callbacks registered with `hooks.on_record` then hear of it (they never fail the write)."""
    event = AuditEvent.objects.create(
        action=action,
        actor_id=getattr(actor, "pk", None),
        actor_label=str(actor) if actor is not None else "",
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=detail or {},
    )
    hooks.run(event)
    return event
