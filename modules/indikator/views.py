"""The district's indicator pages on the district host under /indikator/: the table of every
village for a chosen period (filter by kecamatan, sort by a column through ?urut=, server-side), one
village's history, and the same table as CSV and XLSX. They read through `selectors` only: the
rollup and the registry in public, never a village schema."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from modules.accounts.staff_pages import page_required
from modules.dokumen.tables import table_csv, table_xlsx
from tenants.models import District, Village, VillageStatus
from tenants.routing import village_host
from tenants.views import port_suffix
from tenants.words import village_noun

from . import selectors
from . import staff_pages as pages
from .definitions import INDICATORS, MONTH, QUARTER, SEMESTER, YEAR, Period

# How far back the period select reaches, per kind.
RECENT = {MONTH: 12, QUARTER: 4, SEMESTER: 4, YEAR: 3}
KIND_LABELS = {MONTH: "Bulan", QUARTER: "Triwulan", SEMESTER: "Semester", YEAR: "Tahun"}
BY_NAME, BY_KECAMATAN = "nama", "kecamatan"
INDICATOR_KEYS = {indicator.key for indicator in INDICATORS}


def _district(request: HttpRequest) -> District:
    return request.tenant.district  # type: ignore[attr-defined]


def recent_periods(today: datetime.date) -> list[tuple[str, list[Period]]]:
    """The periods offered, newest first within each kind: the last 12 months, 4 quarters, 4
    semesters and 3 years, the current one included."""
    groups = []
    for kind, count in RECENT.items():
        period = Period.containing(today, kind)
        periods = []
        for _step in range(count):
            periods.append(period)
            period = period.previous
        groups.append((_(KIND_LABELS[kind]), periods))
    return groups


def _period_key(request: HttpRequest, today: datetime.date) -> str:
    """The chosen period, or the current month for none or a key that is no period."""
    wanted = request.GET.get("periode", "")
    try:
        return Period.parse(wanted).key
    except ValueError:
        return Period.containing(today, MONTH).key


def _sort(value: str) -> str:
    """`nama`, `kecamatan`, an indicator's key (best first) or `-` and the key (worst first)."""
    if value in (BY_NAME, BY_KECAMATAN) or value.removeprefix("-") in INDICATOR_KEYS:
        return value
    return BY_NAME


def sorted_rows(table: selectors.Table, urut: str) -> list[selectors.Row]:
    """The rows in the order `urut` asks; villages without a value for the column come last either
    way, by name."""
    rows = sorted(table.rows, key=lambda row: (row.name, row.kecamatan))
    if urut == BY_NAME:
        return rows
    if urut == BY_KECAMATAN:
        return sorted(rows, key=lambda row: row.kecamatan)
    key = urut.removeprefix("-")
    ranked = [row for row in rows if row.cells[key].rank is not None]
    unranked = [row for row in rows if row.cells[key].rank is None]
    ranked.sort(key=lambda row: row.cells[key].rank or 0, reverse=urut.startswith("-"))
    return ranked + unranked


@dataclass(frozen=True)
class Filters:
    period_key: str
    kecamatan: str
    urut: str


def _filters(request: HttpRequest) -> Filters:
    today = timezone.localdate()
    return Filters(
        period_key=_period_key(request, today),
        kecamatan=request.GET.get("kecamatan", "").strip(),
        urut=_sort(request.GET.get("urut", "")),
    )


def _table(request: HttpRequest, filters: Filters) -> tuple[selectors.Table, list[selectors.Row]]:
    table = selectors.dashboard(_district(request), filters.period_key, kecamatan=filters.kecamatan)
    return table, sorted_rows(table, filters.urut)


def _query(filters: Filters, **changes: str) -> str:
    values = {"periode": filters.period_key, "kecamatan": filters.kecamatan, "urut": filters.urut}
    values.update(changes)
    return urlencode({name: value for name, value in values.items() if value})


@page_required(pages.TABLE)
def table(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    found, rows = _table(request, filters)
    headers = []
    for column in found.columns:
        key = column.indicator.key
        next_sort = f"-{key}" if filters.urut == key else key
        headers.append(
            {
                "column": column,
                "query": _query(filters, urut=next_sort),
                "sorted": "ascending"
                if filters.urut == key
                else "descending"
                if filters.urut == f"-{key}"
                else "",
            }
        )
    return render(
        request,
        "indikator/table.html",
        {
            "table": found,
            "rows": [
                (row, [(column, row.cells[column.indicator.key]) for column in found.columns]) for row in rows
            ],
            "headers": headers,
            "filters": filters,
            "periods": recent_periods(timezone.localdate()),
            "name_query": _query(filters, urut=BY_NAME),
            "kecamatan_query": _query(filters, urut=BY_KECAMATAN),
            "file_query": _query(filters),
        },
    )


# --- the same table as files ----------------------------------------------------------------------


def file_header(found: selectors.Table, noun: str) -> list[str]:
    header = [noun.capitalize(), _("Kecamatan")]
    for column in found.columns:
        name = f"{column.indicator.name} ({column.indicator.unit}, {column.period.label})"
        header += [name, f"{name}: {_('status')}", f"{name}: {_('perubahan')}", f"{name}: {_('peringkat')}"]
    return header


def _number(value: Decimal | None) -> Any:
    """A value as a spreadsheet number: whole numbers as int, others as float to two places."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(round(value, 2))


def file_rows(found: selectors.Table, rows: Sequence[selectors.Row]) -> list[list[Any]]:
    lines = []
    for row in rows:
        line: list[Any] = [row.name, row.kecamatan]
        for column in found.columns:
            cell = row.cells[column.indicator.key]
            line += [_number(cell.value), str(cell.status_label), _number(cell.change), cell.rank]
        lines.append(line)
    return lines


FILES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _table_file(request: HttpRequest, kind: str) -> HttpResponse:
    filters = _filters(request)
    found, rows = _table(request, filters)
    district = _district(request)
    noun = village_noun(district)
    header, lines = file_header(found, noun), file_rows(found, rows)
    if kind == "csv":
        content = table_csv(header, lines)
    else:
        title = _("Indikator %(noun)s %(district)s, %(period)s") % {
            "noun": noun,
            "district": district.name,
            "period": found.period.label,
        }
        content = table_xlsx(title, header, lines, widths=[28, 20], sheet_title=_("Indikator"))
    response = HttpResponse(content, content_type=FILES[kind])
    place = f"-{filters.kecamatan}" if filters.kecamatan else ""
    slug = "".join(ch if ch.isalnum() else "-" for ch in f"{district.slug}{place}".lower())
    response["Content-Disposition"] = f'attachment; filename="indikator-{slug}-{found.period.key}.{kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@page_required(pages.TABLE_CSV)
def table_csv_file(request: HttpRequest) -> HttpResponse:
    return _table_file(request, "csv")


@never_cache
@page_required(pages.TABLE_XLSX)
def table_xlsx_file(request: HttpRequest) -> HttpResponse:
    return _table_file(request, "xlsx")


# --- one village -------------------------------------------------------------------------------------


@page_required(pages.VILLAGE)
def village(request: HttpRequest, village_id: int) -> HttpResponse:
    """One village's indicators, each with every period the rollup holds; 404 for a village of
    another district (or none)."""
    district = _district(request)
    found = (
        Village.objects.filter(pk=village_id, district=district)
        .exclude(status=VillageStatus.PENDING)
        .select_related("district")
        .first()
    )
    if found is None:
        raise Http404
    histories = [
        (indicator, list(reversed(selectors.village_history(found, indicator.key))))
        for indicator in INDICATORS
    ]
    return render(
        request,
        "indikator/village.html",
        {
            "village_row": found,
            "histories": histories,
            "portal_url": f"//{village_host(found.slug, district.slug)}{port_suffix(request)}/"
            if found.status == VillageStatus.ACTIVE
            else "",
        },
    )
