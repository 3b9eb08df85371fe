"""A tiny, explicit registry of what runs after an audit row is written (not a Django signal).

Every write of a tenant records its audit row inside its own transaction
(`services.audit_record`), so a callback registered here hears of every write without the writing
module knowing who listens: the district's indicators schedule a village's recompute this way
(`IndikatorConfig.ready()`). A callback runs inside the write's transaction, so it must be cheap
(defer real work with `transaction.on_commit`) and it must not fail the write: whatever it raises
is logged and swallowed here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import AuditEvent

logger = logging.getLogger(__name__)

Callback = Callable[["AuditEvent"], None]

# Filled once per process by AppConfig.ready() hooks; holds functions only, never tenant state.
_callbacks: list[Callback] = []


def on_record(callback: Callback) -> Callback:
    """Registers `callback` (once, however often ready() runs); usable as a decorator."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def forget(callback: Callback) -> None:
    """Unregisters `callback` (tests)."""
    if callback in _callbacks:
        _callbacks.remove(callback)


def registered() -> tuple[Callback, ...]:
    return tuple(_callbacks)


def run(event: AuditEvent) -> None:
    """Calls every registered callback with the row just written; a failing one is logged and the
    others still run."""
    for callback in tuple(_callbacks):
        try:
            callback(event)
        except Exception:
            logger.exception(
                "audit hook %s failed after %s", getattr(callback, "__qualname__", callback), event.action
            )
