"""The Buku Catatan Aduan Masyarakat: the PDF lists the period's complaints in the customary columns
(read back with pypdf), the CSV and XLSX carry the same rows, a reporter's name appears only where the
reporter chose "named" and the reader is a handler (the village council never reads one), and the
monthly summary has counts only."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook
from pypdf import PdfReader

from modules.accounts.models import Role
from modules.pengaduan.models import Identity, Status
from tests.modules.pengaduan.data import move, submit_complaint

HEADER = [
    "No.",
    "Tanggal",
    "Kode",
    "Saluran",
    "Pelapor",
    "Ringkasan",
    "Kategori",
    "Tindak lanjut",
    "Status",
    "Tanggal selesai",
]
NAMED, CONFIDENTIAL = "Cut Nyak Dhien", "Teuku Rahasia Lamnyong"
PERIOD = "dari=2026-11-01&sampai=2026-11-30"


def _at(day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour, 0))


@pytest.fixture
def november(village_a, officer):
    """Three complaints of November 2026 (named and resolved, confidential by phone, anonymous) and
    one of December, outside the period."""
    with tenant_context(village_a.tenant):
        named = submit_complaint(village_a, submitted_at=_at(3), title="Jalan berlubang")
        move(named, Status.RESOLVED, actor=officer)
        confidential = submit_complaint(
            village_a,
            actor=officer,
            submitted_at=_at(10),
            title="Pungutan liar di kantor",
            identity=Identity.CONFIDENTIAL,
            reporter_name=CONFIDENTIAL,
        )
        anonymous = submit_complaint(
            village_a, submitted_at=_at(20), title='=HYPERLINK("http://x")', identity=Identity.ANONYMOUS
        )
        later = submit_complaint(
            village_a,
            submitted_at=timezone.make_aware(datetime.datetime(2026, 12, 1, 9)),
            title="Bulan depan",
        )
    return named, confidential, anonymous, later


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def _pdf_text(response):
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_book_pdf_lists_the_periods_complaints_under_the_letterhead(
    village_a, officer, client_as, november
):
    named, confidential, anonymous, later = november

    response = client_as(Role.COMPLAINT_OFFICER).get(f"/staf/pengaduan/buku.pdf?{PERIOD}")

    text = " ".join(_pdf_text(response).split())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "BUKU CATATAN ADUAN MASYARAKAT" in text.upper() and "Gampong Lambaro".upper() in text.upper()
    for code in (named.tracking_code, confidential.tracking_code, anonymous.tracking_code):
        assert code in text
    assert later.tracking_code not in text
    assert NAMED in text and CONFIDENTIAL not in text and "Rahasia" in text and "Anonim" in text
    assert "Telepon" in text and "Selesai" in text


def test_the_csv_and_xlsx_have_the_same_rows_and_the_same_masking(village_a, officer, client_as, november):
    named, confidential, anonymous, _later = november
    client = client_as(Role.COMPLAINT_OFFICER)

    csv_rows = _csv_rows(client.get(f"/staf/pengaduan/buku.csv?{PERIOD}"))
    xlsx = client.get(f"/staf/pengaduan/buku.xlsx?{PERIOD}")
    xlsx_rows = _xlsx_rows(xlsx)

    assert csv_rows[0] == HEADER and list(xlsx_rows[1]) == HEADER
    assert [row[2] for row in csv_rows[1:]] == [
        named.tracking_code,
        confidential.tracking_code,
        anonymous.tracking_code,
    ]
    assert [row[2] for row in xlsx_rows[2:]] == [row[2] for row in csv_rows[1:]]
    assert [row[4] for row in csv_rows[1:]] == [NAMED, "Rahasia", "Anonim"]
    assert [row[4] for row in xlsx_rows[2:]] == [NAMED, "Rahasia", "Anonim"]
    assert csv_rows[1][1] == "03-11-2026" and xlsx_rows[2][1] == datetime.datetime(2026, 11, 3)
    assert csv_rows[1][8] == "Selesai" and csv_rows[1][7] == "Tanggapan: selesai" and csv_rows[1][9]
    assert csv_rows[2][3] == "Telepon" and csv_rows[2][9] == ""
    # A reporter's text never becomes a spreadsheet formula.
    assert csv_rows[3][5].startswith("'=") and xlsx_rows[4][5].startswith("'=")
    assert xlsx["Content-Disposition"].startswith(
        'attachment; filename="buku-pengaduan-lambaro-20261101-20261130'
    )


def test_the_council_reads_no_reporter_anywhere(village_a, officer, council_member, client_as, november):
    named, confidential, _anonymous, _later = november
    client = client_as(Role.COUNCIL_MEMBER)

    pages = [
        client.get("/staf/pengaduan/").content.decode(),
        client.get(f"/staf/pengaduan/{named.tracking_code}/").content.decode(),
        client.get(f"/staf/pengaduan/{confidential.tracking_code}/").content.decode(),
        client.get(f"/staf/pengaduan/buku/?{PERIOD}").content.decode(),
        client.get(f"/staf/pengaduan/buku.csv?{PERIOD}").content.decode("utf-8-sig"),
        " ".join(
            str(cell) for row in _xlsx_rows(client.get(f"/staf/pengaduan/buku.xlsx?{PERIOD}")) for cell in row
        ),
        _pdf_text(client.get(f"/staf/pengaduan/buku.pdf?{PERIOD}")),
    ]

    assert [NAMED in page or CONFIDENTIAL in page or "81234567890" in page for page in pages] == [False] * 7
    assert [row[4] for row in _csv_rows(client.get(f"/staf/pengaduan/buku.csv?{PERIOD}"))[1:]] == [
        "Dengan nama",
        "Rahasia",
        "Anonim",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "dari=2026-12-01&sampai=2026-11-01",
        "dari=kemarin&sampai=2026-11-01",
        "dari=2000-01-01&sampai=2026-11-01",
    ],
)
def test_a_bad_period_is_a_400_with_the_message(village_a, officer, client_as, query):
    page = client_as(Role.COMPLAINT_OFFICER).get(f"/staf/pengaduan/buku/?{query}")
    export = client_as(Role.COMPLAINT_OFFICER).get(f"/staf/pengaduan/buku.csv?{query}")

    assert page.status_code == export.status_code == 400
    assert 'class="error"' in page.content.decode()


def test_the_monthly_summary_counts_without_naming_anyone(village_a, officer, client_as, november):
    client = client_as(Role.COMPLAINT_OFFICER)

    page = client.get("/staf/pengaduan/rekap/?bulan=2026-11").content.decode()
    pdf = client.get("/staf/pengaduan/rekap/?bulan=2026-11&unduh=pdf")

    text = " ".join(_pdf_text(pdf).split())
    assert "Infrastruktur (jalan, jembatan, saluran air)" in page
    assert "REKAP PENGADUAN MASYARAKAT" in text.upper() and "November 2026" in text
    assert "Pengaduan diterima 3" in text
    for name in (NAMED, CONFIDENTIAL):
        assert name not in page and name not in text
    for complaint in november:
        assert complaint.tracking_code not in page and complaint.tracking_code not in text
