"""Tables as files: CSV for any spreadsheet program and XLSX (openpyxl), the same rows either way.
The feature modules' registers and books (pengaduan's complaint book, the PPID's registers and DIP)
pass a header and rows of plain cells (str, int, date, None) and get the file's bytes.

A text cell that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, a tab or a
carriage return first) gets a leading quote in both formats (CSV injection); dates (pass dates, not
aware datetimes, which XLSX cannot hold) are written as dd-mm-yyyy in CSV and as real dates, shown
dd-mm-yyyy, in XLSX."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any

# A cell starting with one of these is a formula to a spreadsheet: such text gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_SHEET_TITLE_LENGTH = 31


def safe_text(value: Any) -> Any:
    """`value`, with a leading quote if it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if value is None:
        return ""
    return safe_text(value)


def table_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, which spreadsheet programs need to read it as UTF-8."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([safe_text(str(column)) for column in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return output.getvalue().encode("utf-8-sig")


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def table_xlsx(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int] = (),
    sheet_title: str = "",
) -> bytes:
    """One sheet: `title` in bold in A1, the header (bold) in row 2, the rows below it, frozen
    under the header; `widths` are the columns' widths in characters, from A."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    # A sheet's title may not hold []:*?/\ and is at most 31 characters.
    clean_title = "".join(ch for ch in (sheet_title or title) if ch not in "[]:*?/\\")
    sheet.title = clean_title[:XLSX_SHEET_TITLE_LENGTH] or "Sheet"
    sheet.append([safe_text(title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([safe_text(str(column)) for column in header])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_text(value) for value in row])
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[_column_letter(index)].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD-MM-YYYY"
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A3"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
