"""The shared CSV and XLSX writers of registers (modules.dokumen.tables)."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from modules.dokumen.tables import safe_text, table_csv, table_xlsx

HEADER = ["No", "Tanggal", "Nama"]
ROWS = [[1, datetime.date(2026, 12, 7), "=SUM(A1:A2)"], [2, None, "Cut Nyak Dhien"]]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+62812", "'+62812"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("Teuku", "Teuku"),
        (-2, -2),
        (None, None),
    ],
)
def test_text_a_spreadsheet_would_take_for_a_formula_gets_a_quote(value, safe):
    assert safe_text(value) == safe


def test_the_csv_has_a_byte_order_mark_dates_as_in_the_registers_and_no_formula():
    content = table_csv(HEADER, ROWS)
    assert content.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == [
        HEADER,
        ["1", "07-12-2026", "'=SUM(A1:A2)"],
        ["2", "", "Cut Nyak Dhien"],
    ]


def test_the_xlsx_has_its_title_header_and_rows_under_a_valid_sheet_name():
    content = table_xlsx("Register: uji [2026]", HEADER, ROWS, widths=(5, 12, 30))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Register uji 2026"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Register: uji [2026]"
    assert list(rows[1]) == HEADER
    assert rows[2] == (1, datetime.datetime(2026, 12, 7), "'=SUM(A1:A2)")
    assert sheet["B3"].number_format == "DD-MM-YYYY" and sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["C"].width == 30
