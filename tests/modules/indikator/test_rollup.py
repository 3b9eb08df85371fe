"""The rollup: a village's write schedules one recompute after commit (coalesced), the task writes
the village's figures into public, and the nightly reconciliation finds and fixes what a lost push
left behind."""

import logging
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.audit.services import audit_record
from modules.indikator import services, tasks
from modules.indikator.definitions import Period
from modules.indikator.models import ReconcileRun, RollupValue
from modules.pengaduan.models import Status
from tests.modules.pengaduan.data import move, submit_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch, village_a):
    """The recompute tasks queued (their apply_async calls), with village A's coalescing key cleared."""
    calls = []
    monkeypatch.setattr(tasks.recompute_village, "apply_async", lambda **kwargs: calls.append(kwargs))
    key = f"indikator-recompute:{village_a.tenant.schema_name}"
    with tenant_context(village_a.tenant):
        cache.delete(key)
    yield calls
    with tenant_context(village_a.tenant):
        cache.delete(key)


def _month() -> str:
    return Period.containing(timezone.localdate(), "bulan").key


def test_a_complaint_resolved_queues_one_recompute_after_commit(
    village_a, staff, queued, django_capture_on_commit_callbacks
):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a)
        with django_capture_on_commit_callbacks(execute=True):
            move(complaint, Status.RESOLVED, actor=staff[Role.COMPLAINT_OFFICER])  # three audited steps

    schema = village_a.tenant.schema_name
    assert queued == [
        {
            "args": [schema],
            "headers": {"_schema_name": schema},
            "countdown": services.RECOMPUTE_DELAY,
            "retry": False,
        }
    ]


def test_two_writes_in_a_burst_make_one_task(village_a, staff, queued, django_capture_on_commit_callbacks):
    with tenant_context(village_a.tenant):
        with django_capture_on_commit_callbacks(execute=True):
            submit_complaint(village_a)
        with django_capture_on_commit_callbacks(execute=True):
            submit_complaint(village_a)

    assert len(queued) == 1


def test_nothing_is_queued_before_commit_nor_for_a_rolled_back_write(
    village_a, queued, django_capture_on_commit_callbacks
):
    with tenant_context(village_a.tenant):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            audit_record(action="uji.tulis", actor=None)
        assert queued == [] and len(callbacks) == 1  # waiting for the commit, which never comes


def test_writes_of_the_district_or_the_platform_schedule_nothing(
    district, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        audit_record(action="uji.publik", actor=None)
        with tenant_context(district.tenant):
            audit_record(action="uji.kabupaten", actor=None)

    assert callbacks == [] and queued == []


def test_redis_down_never_breaks_the_write(
    village_a, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(services.cache, "add", down)
    with (
        tenant_context(village_a.tenant),
        caplog.at_level(logging.WARNING, logger="modules.indikator.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        complaint = submit_complaint(village_a)

    assert complaint.pk
    assert "recompute not queued (ConnectionError); the nightly run catches up" in caplog.text


def test_the_task_recomputes_the_village_and_is_idempotent(village_a, staff):
    schema = village_a.tenant.schema_name
    assert tasks.recompute_village.run(schema) > 0
    assert tasks.recompute_village.run(schema) == 0

    with tenant_context(village_a.tenant):
        move(submit_complaint(village_a), Status.RESOLVED, actor=staff[Role.COMPLAINT_OFFICER])
    changed = tasks.recompute_village.run(schema)

    row = RollupValue.objects.get(village=village_a, indicator="pengaduan_selesai", period=_month())
    assert row.value == Decimal(1)
    received = RollupValue.objects.get(village=village_a, indicator="pengaduan_diterima", period=_month())
    assert received.value == Decimal(1)
    assert changed >= 2
    assert tasks.recompute_village.run("v_0000000000") == 0  # no such village: skipped


def test_reconcile_finds_nothing_after_a_recompute_and_fixes_a_tampered_row(
    village_a, village_b, monkeypatch, caplog
):
    reported = []
    monkeypatch.setattr(services.sentry_sdk, "capture_message", lambda message, level: reported.append(level))
    services.village_rollup_recompute(village=village_a)
    services.village_rollup_recompute(village=village_b)

    clean = services.rollup_reconcile()

    assert (clean.villages, clean.differences, clean.finished_at is not None) == (2, 0, True)
    assert reported == []

    RollupValue.objects.filter(village=village_a, indicator="layanan_diterima", period=_month()).update(
        value=Decimal(99)
    )
    with caplog.at_level(logging.ERROR, logger="modules.indikator.services"):
        run = services.rollup_reconcile()

    assert run.differences == 1
    assert run.detail["differences"] == [
        {
            "village": village_a.tenant.schema_name,
            "indicator": "layanan_diterima",
            "period": _month(),
            "stored": {"value": "99.00", "numerator": None, "denominator": None},
            "computed": {"value": "0.00", "numerator": None, "denominator": None},
        }
    ]
    assert reported == ["error"] and "1 differences" in caplog.text
    fixed = RollupValue.objects.get(village=village_a, indicator="layanan_diterima", period=_month())
    assert fixed.value == Decimal(0)
    assert services.rollup_reconcile().differences == 0
    assert ReconcileRun.objects.count() == 3


def test_the_nightly_task_runs_the_reconciliation(village_a, village_b):
    assert tasks.reconcile_nightly.run() == 0  # new rows are filled, not counted
    run = ReconcileRun.objects.get()
    assert run.detail["filled"] > 0 and run.villages == 2
