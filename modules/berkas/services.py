"""Writes of staged uploads. Residents act here, so there is no staff actor and no audit row: the
audit row of the write that uses the file (a request's submission) is the record."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from .intake import Document, accept
from .models import StagedUpload

STAGED_LIFETIME = datetime.timedelta(hours=3)

# What a write that stores a file takes: a document that passed intake, one staged earlier, or a raw
# upload that intake decides on (a ValidationError when refused).
IncomingFile = Document | StagedUpload | UploadedFile


def owner_hash(owner: str) -> str:
    return hashlib.sha256(owner.encode("utf-8")).hexdigest()


@transaction.atomic(durable=True)
def uploads_stage(*, owner: str, documents: Mapping[str, Document]) -> dict[str, StagedUpload]:
    """Keeps files that passed intake for the session ``owner`` for ``STAGED_LIFETIME``, each under
    the key it was given (a form field's name)."""
    _purge_expired()
    staged = {}
    for key, document in documents.items():
        upload = StagedUpload(
            token=secrets.token_urlsafe(24),
            owner_hash=owner_hash(owner),
            content_type=document.content_type,
            size=document.size,
        )
        upload.file.save(f"berkas.{document.extension}", ContentFile(document.content), save=False)
        upload.save()
        staged[key] = upload
    return staged


def staged_take(*, staged: StagedUpload) -> Document:
    """The staged file's document; the staged copy is deleted with the caller's transaction (its
    file once that commits). Called inside the write that stores the document for good."""
    with staged.file.open("rb") as stored:
        content = stored.read()
    extension = "pdf" if staged.content_type == "application/pdf" else "jpg"
    _delete(staged)
    return Document(content=content, content_type=staged.content_type, extension=extension)


def document_of(incoming: IncomingFile) -> Document:
    """The document to store: a staged one is taken out of staging (inside the caller's write), a
    raw upload goes through intake (modules.berkas.intake.accept)."""
    if isinstance(incoming, StagedUpload):
        return staged_take(staged=incoming)
    if isinstance(incoming, UploadedFile):
        return accept(incoming)
    return incoming


def _purge_expired() -> None:
    for staged in StagedUpload.objects.filter(created_at__lt=timezone.now() - STAGED_LIFETIME):
        _delete(staged)


def _delete(staged: StagedUpload) -> None:
    name, storage = staged.file.name or "", staged.file.storage
    staged.delete()
    transaction.on_commit(lambda: storage.delete(name))
