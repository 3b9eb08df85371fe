"""Tracking codes of records that residents follow (requests, complaints): eight characters in two
groups, from an alphabet without look-alikes (no 0/O, 1/I/L, 8/B), read aloud over the phone."""

from __future__ import annotations

import secrets
from typing import TypeVar

from django.db import IntegrityError, models, transaction

TRACKING_ALPHABET = "2345679ACDEFGHJKMNPQRTUVWXYZ"
TRACKING_CODE_DRAWS = 5

Tracked = TypeVar("Tracked", bound=models.Model)


def new_tracking_code() -> str:
    body = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
    return f"{body[:4]}-{body[4:]}"


def normalize_tracking_code(tracking_code: str) -> str:
    """Residents type codes in lower case, without the dash, or with spaces."""
    code = tracking_code.strip().upper().replace("-", "").replace(" ", "")
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def insert_with_a_free_tracking_code(record: Tracked) -> Tracked:
    """Inserts `record` (a model with a unique `tracking_code` and a unique, nullable
    `idempotency_key`) under a fresh tracking code, inside the caller's transaction: a collision
    rolls back only its savepoint and draws again. When the record's idempotency key was stored
    meanwhile by a concurrent submission, that record is returned instead."""
    manager = type(record)._default_manager
    for _attempt in range(TRACKING_CODE_DRAWS):
        record.tracking_code = new_tracking_code()  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                record.save(force_insert=True)
            return record
        except IntegrityError:
            record.pk = None
            key = getattr(record, "idempotency_key", None)
            if key:
                winner = manager.filter(idempotency_key=key).first()
                if winner is not None:
                    return winner
    raise RuntimeError(f"no free tracking code after {TRACKING_CODE_DRAWS} draws")
