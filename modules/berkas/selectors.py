from __future__ import annotations

from django.utils import timezone

from .models import StagedUpload
from .services import STAGED_LIFETIME, owner_hash


def staged_upload(*, token: str, owner: str) -> StagedUpload | None:
    """The staged file ``token`` of session ``owner``, unless it expired; None for anything else
    (another session's token, a forged or stale one)."""
    if not token or len(token) > 64 or "\x00" in token:
        return None
    return StagedUpload.objects.filter(
        token=token,
        owner_hash=owner_hash(owner),
        created_at__gte=timezone.now() - STAGED_LIFETIME,
    ).first()
