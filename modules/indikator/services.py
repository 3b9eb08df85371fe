"""Writes of the district's indicators: a village's recompute into the rollup (in `public`), its
scheduling after a village's write, the nightly reconciliation, and the district's targets."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

import sentry_sdk
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from modules.accounts.models import Role, User
from modules.accounts.permissions import require_role
from modules.audit.services import audit_record
from tenants.db import tenant_connection as connection
from tenants.models import District, Village
from tenants.selectors import active_village_tenants

from .definitions import BY_KEY, INDICATORS, Figure, Indicator, Period, on_day
from .models import DistrictTarget, ReconcileRun, RollupValue

logger = logging.getLogger(__name__)

# tenants.services.village_schema_name: every village's schema is "v_" and its code's digits.
VILLAGE_SCHEMA_PREFIX = "v_"
# A burst of writes makes one recompute: the first write after commit sets a key for the village
# (SET NX) and queues the task RECOMPUTE_DELAY seconds later; writes while the key lives queue
# nothing. The key lives less long than the delay, so every write it swallowed committed before
# the task starts and is read by it.
RECOMPUTE_DELAY = 5
COALESCE_SECONDS = 4
CENTS = Decimal("0.01")
DETAIL_LIMIT = 200


def in_village_schema() -> bool:
    return str(connection.schema_name).startswith(VILLAGE_SCHEMA_PREFIX)


# --- Computing one village -------------------------------------------------------------------------


def _periods_of(indicator: Indicator, day: datetime.date) -> list[Period]:
    current = indicator.period_on(day)
    return [current] if indicator.snapshot else [current, current.previous]


def _stored_form(figure: Figure) -> Figure:
    """The figure as the rollup stores it (two decimal places), so that comparing is exact."""
    value = None if figure.value is None else Decimal(figure.value).quantize(CENTS)
    return Figure(value, figure.numerator, figure.denominator)


def village_figures(*, village: Village, today: datetime.date | None = None) -> dict[tuple[str, str], Figure]:
    """Every indicator of `village` for the current period of its kind (and the one before, for a
    count), keyed by (indicator key, period key), computed INSIDE the village's schema. An
    indicator of a module the village switched off is "no data"."""
    day = today or timezone.localdate()
    figures: dict[tuple[str, str], Figure] = {}
    with schema_context(village.tenant.schema_name):
        for indicator in INDICATORS:
            for period in _periods_of(indicator, day):
                if indicator.module and indicator.module in (village.modules_off or []):
                    figure = Figure(None)
                else:
                    figure = indicator.compute(on_day(period.window, day))
                figures[(indicator.key, period.key)] = _stored_form(figure)
    return figures


@dataclass(frozen=True)
class Change:
    indicator: str
    period: str
    stored: Figure | None  # None: there was no row
    computed: Figure

    def as_detail(self, village: Village) -> dict[str, Any]:
        def shown(figure: Figure | None) -> Any:
            if figure is None:
                return None
            value = None if figure.value is None else str(figure.value)
            return {"value": value, "numerator": figure.numerator, "denominator": figure.denominator}

        return {
            "village": village.tenant.schema_name,
            "indicator": self.indicator,
            "period": self.period,
            "stored": shown(self.stored),
            "computed": shown(self.computed),
        }


def _write(village: Village, figures: dict[tuple[str, str], Figure]) -> list[Change]:
    """Writes `figures` into the rollup in one transaction, in `public`: new and changed rows (an
    upsert, so two recomputes at once cannot collide), and the time of computing on the others."""
    now = timezone.now()
    with schema_context(get_public_schema_name()), transaction.atomic():
        stored = {
            (row.indicator, row.period): row
            for row in RollupValue.objects.select_for_update().filter(
                village=village, period__in={period for _key, period in figures}
            )
        }
        changes: list[Change] = []
        unchanged: list[int] = []
        for (key, period), figure in figures.items():
            row = stored.get((key, period))
            before = None if row is None else Figure(row.value, row.numerator, row.denominator)
            if before == figure and row is not None:
                unchanged.append(row.pk)
            else:
                changes.append(Change(key, period, before, figure))
        if changes:
            RollupValue.objects.bulk_create(
                [
                    RollupValue(
                        village=village,
                        indicator=change.indicator,
                        period=change.period,
                        value=change.computed.value,
                        numerator=change.computed.numerator,
                        denominator=change.computed.denominator,
                        computed_at=now,
                    )
                    for change in changes
                ],
                update_conflicts=True,
                unique_fields=["village", "indicator", "period"],
                update_fields=["value", "numerator", "denominator", "computed_at"],
            )
        if unchanged:
            RollupValue.objects.filter(pk__in=unchanged).update(computed_at=now)
    return changes


def village_rollup_recompute(*, village: Village, today: datetime.date | None = None) -> int:
    """Computes every indicator of `village` from its own data (inside its schema) and writes the
    rollup in `public` in one transaction; returns the rows changed. Idempotent: a second run with
    nothing new changes no row. `today` is for the tests and the demo."""
    return len(_write(village, village_figures(village=village, today=today)))


# --- Scheduling after a village's write ------------------------------------------------------------


def rollup_schedule() -> None:
    """Called after any write in a village's schema (the audit hook): after commit, queues one
    `indikator.recompute_village` for this village, coalesced with the other writes of the next few
    seconds. Never fails the write: with Redis or the broker down it logs, and the nightly
    reconciliation catches up."""
    transaction.on_commit(partial(_queue_recompute, str(connection.schema_name)))


def _queue_recompute(schema_name: str) -> None:
    try:
        if not cache.add(f"indikator-recompute:{schema_name}", 1, timeout=COALESCE_SECONDS):
            return
        from .tasks import recompute_village

        recompute_village.apply_async(
            args=[schema_name], headers={"_schema_name": schema_name}, countdown=RECOMPUTE_DELAY, retry=False
        )
    except Exception as error:  # Redis or the broker down: the nightly run recomputes every village
        logger.warning(
            "indicators of %s: recompute not queued (%s); the nightly run catches up",
            schema_name,
            type(error).__name__,
        )


# --- The nightly reconciliation --------------------------------------------------------------------


def rollup_reconcile(*, today: datetime.date | None = None) -> ReconcileRun:
    """Recomputes every active village from its own data, compares with the rollup, records every
    difference and fixes it. A difference is a stored row whose figure disagrees with the village's
    data: a push that never arrived. Rows that did not exist yet (a new period before any write in
    it) are filled without counting, and so are figures that move with the calendar
    (`Indicator.moves_daily`). A non-zero count is logged at ERROR and sent to Sentry. A village that
    fails is logged and recorded; the others still run."""
    with schema_context(get_public_schema_name()):
        run = ReconcileRun.objects.create(started_at=timezone.now())
        villages = list(
            Village.objects.filter(tenant__in=active_village_tenants())
            .select_related("tenant")
            .order_by("pk")
        )
        differences: list[dict[str, Any]] = []
        filled = refreshed = 0
        failed: list[str] = []
        for village in villages:
            try:
                changes = _write(village, village_figures(village=village, today=today))
            except Exception:
                logger.exception("indicators of %s: reconciliation failed", village.tenant.schema_name)
                failed.append(village.tenant.schema_name)
                continue
            for change in changes:
                if change.stored is None:
                    filled += 1
                elif BY_KEY[change.indicator].moves_daily:
                    refreshed += 1
                else:
                    differences.append(change.as_detail(village))
        run.finished_at = timezone.now()
        run.villages = len(villages) - len(failed)
        run.differences = len(differences)
        run.detail = {
            "differences": differences[:DETAIL_LIMIT],
            "filled": filled,
            "refreshed": refreshed,
            "failed": failed,
        }
        run.save()
    if run.differences:
        message = f"indicator rollup: {run.differences} differences from the villages' data (run {run.pk})"
        logger.error(message, extra={"differences": differences[:20]})
        sentry_sdk.capture_message(message, level="error")
    return run


# --- The district's targets ------------------------------------------------------------------------


def _target_value(target: Decimal | str | None) -> Decimal | None:
    if target is None or target == "":
        return None
    try:
        value = Decimal(str(target)).quantize(CENTS)
    except InvalidOperation as error:
        raise ValidationError(
            {"target": ValidationError(_("Target harus berupa angka."), code="invalid_target")}
        ) from error
    if abs(value) >= Decimal("1e12"):
        raise ValidationError({"target": ValidationError(_("Target terlalu besar."), code="invalid_target")})
    return value


@transaction.atomic(durable=True)
def district_target_set(
    *, actor: User, district: District, indicator: str, target: Decimal | str | None
) -> DistrictTarget | None:
    """Sets the district's target for one indicator (None or empty: back to the default). District
    admins only, from their own district's schema; one audit row there."""
    require_role(actor, [Role.DISTRICT_ADMIN])
    if connection.schema_name != district.tenant.schema_name:
        raise PermissionDenied(_("Target hanya diatur oleh admin kabupaten itu sendiri."))
    if indicator not in BY_KEY:
        raise ValidationError(
            {"indicator": ValidationError(_("Indikator tidak dikenal."), code="unknown_indicator")}
        )
    value = _target_value(target)
    row: DistrictTarget | None
    if value is None:
        DistrictTarget.objects.filter(district=district, indicator=indicator).delete()
        row = None
    else:
        row, _created = DistrictTarget.objects.update_or_create(
            district=district, indicator=indicator, defaults={"target": value}
        )
    audit_record(
        action="indikator.target_set",
        actor=actor,
        target=row,
        detail={"indicator": indicator, "target": None if value is None else str(value)},
    )
    return row
