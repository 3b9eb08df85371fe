"""The Buku Catatan Aduan Masyarakat: the register for a period in the customary columns (no.,
tanggal, saluran, pelapor, ringkasan, kategori, tindak lanjut, status, tanggal selesai), as a PDF
under the village's letterhead and as CSV and XLSX with the same rows; and the monthly summary the
village publishes (figures only, no complaint named).

The reporter column shows a name only where the reporter chose "named" and the reader may see it
(handlers; never the village council): "Rahasia" and "Anonim" otherwise. Only those names are
decrypted. Callers must already be inside the village's schema."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from modules.dokumen.pdf import PaperSize, render_pdf
from modules.dokumen.tables import table_csv, table_xlsx
from modules.portal.selectors import letterhead, village_head
from tenants.models import Village

from . import selectors
from .models import CLOSED_STATUSES, Complaint, EventKind, Identity, Status

A4_LANDSCAPE = PaperSize("A4", 297, 210)
SUMMARY_DESCRIPTION_LENGTH = 160


@dataclass(frozen=True)
class BookRow:
    number: int
    date: datetime.date
    tracking_code: str
    channel: str
    reporter: str
    summary: str
    category: str
    action: str
    status: str
    closed: datetime.date | None


def columns() -> list[str]:
    return [
        _("No."),
        _("Tanggal"),
        _("Kode"),
        _("Saluran"),
        _("Pelapor"),
        _("Ringkasan"),
        _("Kategori"),
        _("Tindak lanjut"),
        _("Status"),
        _("Tanggal selesai"),
    ]


def reporter_label(complaint: Complaint, *, name: str | None) -> str:
    """The book's reporter cell: the name for a named reporter when the reader may see it."""
    if complaint.identity == Identity.ANONYMOUS:
        return _("Anonim")
    if complaint.identity == Identity.CONFIDENTIAL:
        return _("Rahasia")
    return name if name else _("Dengan nama")


def _summary(complaint: Complaint) -> str:
    description = " ".join(complaint.description.split())
    if len(description) > SUMMARY_DESCRIPTION_LENGTH:
        description = description[: SUMMARY_DESCRIPTION_LENGTH - 1].rstrip() + "…"
    return f"{complaint.title}: {description}" if description else complaint.title


def _action(complaint: Complaint) -> str:
    """What was done: the latest response after receipt, with the body it went to when forwarded."""
    responses = [
        event.response
        for event in complaint.events.all()  # prefetched by selectors.book, internal notes left out
        if event.kind in (EventKind.STATUS, EventKind.FEEDBACK)
        and event.status != Status.RECEIVED
        and event.response
    ]
    action = responses[-1] if responses else ""
    if complaint.status == Status.NOT_OURS and complaint.forwarded_to:
        action = f"{_('Diteruskan kepada')} {complaint.forwarded_to}" + (f" — {action}" if action else "")
    if complaint.status == Status.DUPLICATE and complaint.duplicate_of:
        action = action or _("Sama dengan pengaduan %(code)s.") % {
            "code": complaint.duplicate_of.tracking_code
        }
    return action or "-"


def book_rows(*, start: datetime.date, end: datetime.date, with_names: bool) -> list[BookRow]:
    complaints = list(selectors.book(start=start, end=end).defer(*selectors.IDENTITY_FIELDS))
    names: dict[int, str] = {}
    if with_names:
        named = [complaint.pk for complaint in complaints if complaint.identity == Identity.NAMED]
        names = dict(Complaint.objects.filter(pk__in=named).values_list("pk", "reporter_name"))
    return [
        BookRow(
            number=number,
            date=timezone.localdate(complaint.submitted_at),
            tracking_code=complaint.tracking_code,
            channel=str(complaint.get_channel_display()),
            reporter=reporter_label(complaint, name=names.get(complaint.pk)),
            summary=_summary(complaint),
            category=complaint.category.name,
            action=_action(complaint),
            status=str(complaint.get_status_display()),
            closed=(
                timezone.localdate(complaint.closed_at)
                if complaint.closed_at and complaint.status in CLOSED_STATUSES
                else None
            ),
        )
        for number, complaint in enumerate(complaints, 1)
    ]


def _cells(row: BookRow) -> list[Any]:
    return [
        row.number,
        row.date,
        row.tracking_code,
        row.channel,
        row.reporter,
        row.summary,
        row.category,
        row.action,
        row.status,
        row.closed,
    ]


def book_csv(rows: list[BookRow]) -> bytes:
    return table_csv(columns(), [_cells(row) for row in rows])


def book_xlsx(rows: list[BookRow], *, title: str) -> bytes:
    return table_xlsx(
        title,
        columns(),
        [_cells(row) for row in rows],
        widths=(5, 12, 11, 18, 22, 60, 24, 50, 16, 14),
        sheet_title=_("Buku pengaduan"),
    )


def _document_context(village: Village, *, title: str) -> dict[str, Any]:
    district = village.district
    noun = district.village_noun.capitalize()
    head_title = district.village_head_title.title()
    head = village_head()
    return {
        "letterhead": letterhead(village),
        "letter": {"title": title, "number": ""},
        "signature": {
            "place": village.name,
            "date": timezone.localdate(),
            "position": f"{head_title} {noun} {village.name}",
            # The portal seeds the head as "(belum diisi)" until the village fills it in.
            "name": head.name if head and head.name != "(belum diisi)" else "",
        },
        "paper": A4_LANDSCAPE,
        "village_name": f"{noun} {village.name}",
    }


def period_label(start: datetime.date, end: datetime.date) -> str:
    return f"{start:%d-%m-%Y} s.d. {end:%d-%m-%Y}"


def book_pdf(village: Village, rows: list[BookRow], *, start: datetime.date, end: datetime.date) -> bytes:
    """An official document: Indonesian whatever the page's language."""
    with translation.override("id"):
        context = _document_context(village, title="Buku Catatan Aduan Masyarakat")
        context.update({"rows": rows, "columns": columns(), "period": period_label(start, end)})
        html = render_to_string("pengaduan/staff/book_document.html", context)
    return render_pdf(html)


@dataclass(frozen=True)
class MonthSummary:
    month: datetime.date
    figures: selectors.MonthFigures
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    open_at_end: int


def month_summary(month: datetime.date) -> MonthSummary:
    """The month's figures (selectors.figures, the board's), and the complaints received in it by
    category, status and channel; counts only."""
    first = month.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    figures = selectors.figures(months=1, today=last)[0]
    received = list(
        selectors.book(start=first, end=last)
        .exclude(status=Status.DUPLICATE)
        .select_related(None)
        .select_related("category")
        .prefetch_related(None)
        .only("status", "channel", "category__name")
    )
    by_category = Counter(complaint.category.name for complaint in received)
    by_status = Counter(str(complaint.get_status_display()) for complaint in received)
    by_channel = Counter(str(complaint.get_channel_display()) for complaint in received)
    return MonthSummary(
        month=first,
        figures=figures,
        by_category=sorted(by_category.items(), key=lambda pair: (-pair[1], pair[0])),
        by_status=sorted(by_status.items(), key=lambda pair: (-pair[1], pair[0])),
        by_channel=sorted(by_channel.items(), key=lambda pair: (-pair[1], pair[0])),
        open_at_end=sum(1 for complaint in received if complaint.status not in CLOSED_STATUSES),
    )


def summary_pdf(village: Village, summary: MonthSummary) -> bytes:
    with translation.override("id"):
        context = _document_context(village, title="Rekap Pengaduan Masyarakat")
        context.update({"summary": summary, "paper": PaperSize("A4", 210, 297)})
        html = render_to_string("pengaduan/staff/summary_document.html", context)
    return render_pdf(html)
