"""Files that hold personal data (residents' documents, letters), encrypted at rest.

``EncryptedStorage`` wraps the storage named ``berkas_ciphertext`` in ``settings.STORAGES`` (the
filesystem in development and tests, an S3-compatible bucket in production) and:

- encrypts every file with the personal-data keys (``modules.privasi.crypto``, MultiFernet: the
  first key encrypts, every key decrypts) and decrypts it on the way out;
- names every file itself: ``<schema>/<folder given by upload_to>/<32 random hex>.enc``. The name a
  browser sent is thrown away, so a name such as ``KTP_Nama_NIK.jpg`` never reaches the disk, the
  database or a header;
- keeps every schema under its own prefix and refuses to open or delete a file of another schema;
- removes a file written inside a transaction that does not commit (see ``_remove_unless_committed``).

Files are encrypted whole, in memory (Fernet has no streaming mode): uploads are at most
``BERKAS_MAX_FILE_BYTES`` raw and re-encoded smaller, letters are a few hundred kilobytes.
"""

from __future__ import annotations

import logging
import posixpath
import secrets
import weakref
from typing import IO, Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.db import connection, transaction
from django.utils.deconstruct import deconstructible

from modules.privasi.crypto import build_cipher, configured_keys

logger = logging.getLogger(__name__)

CIPHERTEXT_ALIAS = "berkas_ciphertext"
SUFFIX = ".enc"


def personal_storage() -> Storage:
    """The storage of files holding personal data; for ``FileField(storage=personal_storage)``."""
    return storages["berkas"]


def _schema() -> str:
    return getattr(connection, "schema_name", "public")


@deconstructible
class EncryptedStorage(Storage):
    # It puts the current schema in front of every name itself (a village's restore, which copies
    # files into a new schema, gives it the name without the schema).
    prefixes_schema = True

    def __init__(self, inner: str = CIPHERTEXT_ALIAS) -> None:
        self.inner_alias = inner

    @property
    def inner(self) -> Storage:
        return storages[self.inner_alias]

    # --- names -------------------------------------------------------------------------------------

    def save(self, name: str | None, content: IO[Any], max_length: int | None = None) -> str:
        """Stores ``content`` as ``<schema>/<name's folder>/<random>.enc``: the folder comes from the
        caller (``upload_to``), the file's own name is dropped whatever it was."""
        folder = posixpath.dirname(str(name or "").replace("\\", "/")).strip("/")
        parts = [_schema(), folder, secrets.token_hex(16) + SUFFIX]
        return super().save("/".join(part for part in parts if part), content, max_length=max_length)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        # 128 random bits: a clash is not a case to handle; the inner storage still refuses overwrites.
        return self.inner.get_available_name(name, max_length=max_length)

    def _check_prefix(self, name: str) -> None:
        if not name.startswith(f"{_schema()}/") or ".." in name.split("/"):
            raise PermissionError("a file outside the current schema's prefix")

    # --- content -----------------------------------------------------------------------------------

    def _open(self, name: str, mode: str = "rb") -> File:
        if mode not in ("r", "rb"):
            raise ValueError("encrypted files are written whole through save(), never opened for writing")
        self._check_prefix(name)
        with self.inner.open(name, "rb") as stored:
            token = stored.read()
        return ContentFile(build_cipher(configured_keys()).decrypt(token), name=name)

    def _save(self, name: str, content: IO[Any]) -> str:
        self._check_prefix(name)
        if hasattr(content, "seek"):
            content.seek(0)
        plaintext = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        token = build_cipher(configured_keys()).encrypt(plaintext)
        saved = self.inner.save(name, ContentFile(token))
        _remove_unless_committed(self.inner, saved)
        return saved

    def delete(self, name: str) -> None:
        self._check_prefix(name)
        self.inner.delete(name)

    def exists(self, name: str) -> bool:
        return self.inner.exists(name)

    def size(self, name: str) -> int:
        """The size of the ciphertext (the plaintext's size is kept by the model that owns the file)."""
        return self.inner.size(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.inner.listdir(path)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("files holding personal data have no URL; a view decrypts and serves them")


class _CommitWitness:
    """An ``on_commit`` callback that only records that the transaction committed.

    Django drops the callbacks of a transaction (or savepoint) that rolls back without calling them;
    CPython then frees the witness at once, and its finalizer deletes the file that was written. A
    witness that ran has detached its finalizer, so a committed file stays.
    """

    def __init__(self, storage: Storage, name: str) -> None:
        self._finalizer = weakref.finalize(self, _delete_quietly, storage, name)
        self._finalizer.atexit = False

    def __call__(self) -> None:
        self._finalizer.detach()


def _remove_unless_committed(storage: Storage, name: str) -> None:
    """Written inside a transaction: kept when it commits, deleted when it rolls back (also a
    savepoint's rollback). Outside a transaction ``on_commit`` runs the witness at once: kept."""
    transaction.on_commit(_CommitWitness(storage, name))


def _delete_quietly(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # a finalizer must not raise; the file is only an orphan of a rolled-back write
        logger.exception("could not remove a file written by a transaction that rolled back")
