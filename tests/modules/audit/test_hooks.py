"""The audit hook registry: every audit row reaches the registered callbacks, and a failing callback
never fails the write that recorded it."""

from collections.abc import Iterator

import pytest

from modules.audit import hooks
from modules.audit.models import AuditEvent
from modules.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Iterator[list[str]]:
    seen: list[str] = []

    def listener(event: AuditEvent) -> None:
        seen.append(event.action)

    hooks.on_record(listener)
    yield seen
    hooks.forget(listener)


def test_a_registered_callback_hears_each_audit_row(heard):
    audit_record(action="uji.satu", actor=None)
    audit_record(action="uji.dua", actor=None)

    assert heard == ["uji.satu", "uji.dua"]


def test_registering_twice_calls_once(heard):
    listener = hooks.registered()[-1]
    hooks.on_record(listener)

    audit_record(action="uji.sekali", actor=None)

    assert heard == ["uji.sekali"]


def test_a_failing_callback_is_logged_and_the_row_is_still_written(heard, caplog):
    def broken(event: AuditEvent) -> None:
        raise RuntimeError("boom")

    hooks.on_record(broken)
    try:
        event = audit_record(action="uji.tetap", actor=None)
    finally:
        hooks.forget(broken)

    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert heard == ["uji.tetap"]
    assert "audit hook" in caplog.text
