"""Reads of the district's indicators for the district's pages: the rollup and the registry only,
never a village schema (nothing here enters one), in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import District, Village, VillageStatus

from .definitions import INDICATORS, Indicator, Period
from .models import DistrictTarget, RollupValue

MET, NOT_MET, NO_DATA = "tercapai", "belum", "tanpa_data"
STATUS_LABELS = {MET: _("Memenuhi"), NOT_MET: _("Belum"), NO_DATA: _("Tanpa data")}


@dataclass(frozen=True)
class Column:
    """One indicator as the table shows it: the period of its kind that the chosen period falls in,
    the one before it, and the target in force (the district's, else the default)."""

    indicator: Indicator
    period: Period
    previous: Period
    target: Decimal | None
    target_is_district: bool


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    previous: Decimal | None
    change: Decimal | None
    # MET / NOT_MET against the target by the indicator's direction; NO_DATA without a value;
    # "" when the indicator has no target to judge by.
    status: str
    rank: int | None  # 1 is the best; villages without a value are not ranked

    @property
    def status_label(self) -> object:
        return STATUS_LABELS.get(self.status, "")


@dataclass(frozen=True)
class Row:
    village_id: int
    name: str
    kecamatan: str
    slug: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    district: District
    period: Period
    columns: list[Column]
    rows: list[Row]
    kecamatan: list[str]  # every kecamatan of the district's villages, for the filter


def _status(indicator: Indicator, value: Decimal | None, target: Decimal | None) -> str:
    if target is None:
        return ""
    met = indicator.meets(value, target)
    return NO_DATA if met is None else MET if met else NOT_MET


def _ranks(indicator: Indicator, values: dict[int, Decimal | None]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4) of the villages with a value, best first."""
    known = sorted(
        ((value, village) for village, value in values.items() if value is not None),
        key=lambda pair: pair[0],
        reverse=indicator.direction == "naik",
    )
    ranks: dict[int, int] = {}
    for position, (value, village) in enumerate(known, start=1):
        earlier = known[position - 2][0] if position > 1 else None
        ranks[village] = ranks[known[position - 2][1]] if earlier == value else position
    return ranks


def columns_for(district: District, period: Period, *, today: datetime.date | None = None) -> list[Column]:
    """The columns of `period`: for each indicator the period of its own kind that holds the chosen
    period's last day that has happened (for a month chosen, a quarterly figure shows its quarter).
    One query (the district's targets)."""
    day = min(period.window.end, today or timezone.localdate())
    targets = dict(DistrictTarget.objects.filter(district=district).values_list("indicator", "target"))
    columns = []
    for indicator in INDICATORS:
        own = indicator.period_on(day)
        columns.append(
            Column(
                indicator=indicator,
                period=own,
                previous=own.previous,
                target=targets.get(indicator.key, indicator.default_target),
                target_is_district=indicator.key in targets,
            )
        )
    return columns


def dashboard(
    district: District, period_key: str, *, kecamatan: str = "", today: datetime.date | None = None
) -> Table:
    """One row per village of `district` (active ones, in kecamatan and name order) with each
    indicator's value for the chosen period, its target and status, the previous period's value and
    the change, and a rank among the district's villages. Three queries whatever the number of
    villages: the targets, the villages, the rollup rows. `kecamatan` keeps that kecamatan's rows
    (ranks stay the district's). ValueError for a period key that is none."""
    period = Period.parse(period_key)
    columns = columns_for(district, period, today=today)
    villages = list(
        Village.objects.filter(district=district, status=VillageStatus.ACTIVE)
        .order_by("kecamatan", "name")
        .values_list("pk", "name", "kecamatan", "slug")
    )
    wanted = {key for column in columns for key in (column.period.key, column.previous.key)}
    stored: dict[tuple[int, str, str], tuple[Decimal | None, int | None, int | None]] = {
        (village, indicator, period_key): (value, numerator, denominator)
        for village, indicator, period_key, value, numerator, denominator in RollupValue.objects.filter(
            village__district=district, period__in=wanted
        ).values_list("village_id", "indicator", "period", "value", "numerator", "denominator")
    }
    nothing = (None, None, None)
    ranks = {
        column.indicator.key: _ranks(
            column.indicator,
            {
                pk: stored.get((pk, column.indicator.key, column.period.key), nothing)[0]
                for pk, *_rest in villages
            },
        )
        for column in columns
    }
    rows = []
    for pk, name, village_kecamatan, slug in villages:
        if kecamatan and village_kecamatan != kecamatan:
            continue
        cells = {}
        for column in columns:
            key = column.indicator.key
            value, numerator, denominator = stored.get((pk, key, column.period.key), nothing)
            previous = stored.get((pk, key, column.previous.key), nothing)[0]
            cells[key] = Cell(
                value=value,
                numerator=numerator,
                denominator=denominator,
                previous=previous,
                change=None if value is None or previous is None else value - previous,
                status=_status(column.indicator, value, column.target),
                rank=ranks[key].get(pk),
            )
        rows.append(Row(village_id=pk, name=name, kecamatan=village_kecamatan, slug=slug, cells=cells))
    return Table(
        district=district,
        period=period,
        columns=columns,
        rows=rows,
        kecamatan=sorted({village_kecamatan for _pk, _name, village_kecamatan, _slug in villages}),
    )


@dataclass(frozen=True)
class HistoryPoint:
    period: Period
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    computed_at: datetime.datetime


def village_history(village: Village, indicator: str) -> list[HistoryPoint]:
    """Every period the rollup holds for one village's indicator, oldest first; one query."""
    rows = RollupValue.objects.filter(village=village, indicator=indicator).values_list(
        "period", "value", "numerator", "denominator", "computed_at"
    )
    points = [HistoryPoint(Period.parse(key), value, num, den, at) for key, value, num, den, at in rows]
    return sorted(points, key=lambda point: point.period.window.start)
