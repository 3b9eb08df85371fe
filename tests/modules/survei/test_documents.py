"""The survey's files: the raw answers as CSV and XLSX (one row per respondent numbered within the
file, no database id, nothing of the resident who was invited, the formula guard) and the SKM report
as a PDF with the IKM by both weights, the category and the follow-up plan."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook
from pypdf import PdfReader

from modules.accounts.models import Role
from modules.survei import selectors, services
from modules.survei.elements import ELEMENTS
from modules.survei.models import Response
from tests.modules.layanan.data import NIK_WOMAN, new_request_data, signed_letter
from tests.modules.survei.data import response_data
from tests.modules.survei.test_ikm import TOTALS, respondents_with_totals
from tests.modules.survei.test_staff_pages import PERIOD, seed

FORMULA = '=HYPERLINK("http://contoh.test","klik")'
PHONE = "081234567890"


@pytest.fixture
def answered(village_a, staff, domisili):
    """Three old responses (last year: not in the export, so the exported rows' ids are not 1..n),
    then a resident invited after a signed letter answers with a formula as suggestion, and 29 more
    answer at a kiosk."""
    admin = staff[Role.VILLAGE_ADMIN]
    seed(village_a, admin, [response_data().scores] * 3)
    with tenant_context(village_a.tenant):
        Response.objects.update(answered_on=datetime.date(timezone.localdate().year - 1, 3, 1))
        letter = signed_letter(
            village=village_a,
            service=domisili,
            operator=staff[Role.OPERATOR],
            signer=admin,
            data=new_request_data(notify_channel="sms", phone=PHONE),
        )
        invitation = selectors.invitation_for(f"layanan.request:{letter.request.pk}")
        services.response_submit(token=invitation.token, data=response_data(3, suggestion=FORMULA))
    seed(village_a, admin, respondents_with_totals(TOTALS, 29))
    with tenant_context(village_a.tenant):
        return sorted(selectors.responses_in(PERIOD).values_list("pk", flat=True))


def _csv(client):
    response = client.get(f"/staf/survei/jawaban.csv?periode={PERIOD.key}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="jawaban-skm-{PERIOD.key}.csv"'
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("role", [Role.VILLAGE_ADMIN, Role.OPERATOR, Role.COUNCIL_MEMBER])
def test_the_csv_has_one_numbered_row_per_respondent_and_nothing_that_names_them(
    village_a, answered, client_as, role
):
    header, *rows = _csv(client_as(role))
    assert header[:8] == [
        "No. responden",
        "Tanggal",
        "Layanan",
        "Sumber",
        "Jenis kelamin",
        "Kelompok usia",
        "Pendidikan",
        "Pekerjaan",
    ]
    assert header[8:17] == [f"U{element.number} {element.name}" for element in ELEMENTS]
    assert header[17] == "Saran dan masukan"
    assert [row[0] for row in rows] == [str(number) for number in range(1, 31)]
    assert min(answered) > 1 and [str(pk) for pk in answered] != [row[0] for row in rows]
    # The totals per element of the file are the page's: the 29 plus the invited resident's 3s.
    assert [sum(int(row[8 + n]) for row in rows) for n in range(9)] == [total + 3 for total in TOTALS]
    invited = rows[0]
    assert invited[3] == "Permohonan layanan" and invited[4] == "Perempuan" and invited[5] == "30–39 tahun"
    assert invited[17] == "'" + FORMULA  # the formula guard
    text = "\n".join(",".join(row) for row in rows)
    assert NIK_WOMAN not in text and PHONE not in text and PHONE[1:] not in text
    assert "layanan.request" not in text


def test_the_xlsx_has_the_same_rows(village_a, answered, client_as):
    response = client_as(Role.OPERATOR).get(f"/staf/survei/jawaban.xlsx?periode={PERIOD.key}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="jawaban-skm-{PERIOD.key}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Jawaban Survei Kepuasan Masyarakat Gampong")
    assert rows[1][8] == "U1 Persyaratan" and rows[1][16] == "U9 Sarana dan prasarana"
    body = rows[2:]
    assert [row[0] for row in body] == list(range(1, 31))
    assert isinstance(body[0][1], datetime.datetime) and body[0][17] == "'" + FORMULA
    assert [sum(row[8 + n] for row in body) for n in range(9)] == [total + 3 for total in TOTALS]
    assert all(NIK_WOMAN not in str(cell) and PHONE[1:] not in str(cell) for row in rows for cell in row)


def test_the_export_of_another_period_is_empty_and_an_odd_period_is_refused(village_a, answered, client_as):
    client = client_as(Role.VILLAGE_ADMIN)
    header, *rows = _csv_of(client, "2017-1")
    assert header[0] == "No. responden" and rows == []
    assert client.get("/staf/survei/jawaban.xlsx?periode=2026-9").status_code == 400


def _csv_of(client, period):
    response = client.get(f"/staf/survei/jawaban.csv?periode={period}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _pdf_text(content):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_the_report_has_the_ikm_by_both_weights_the_category_and_the_plan(village_a, staff, client_as):
    seed(village_a, staff[Role.VILLAGE_ADMIN], respondents_with_totals(TOTALS, 29))
    with tenant_context(village_a.tenant):
        services.follow_up_save(
            actor=staff[Role.VILLAGE_ADMIN],
            action=None,
            data=services.ActionInput(
                year=PERIOD.year,
                semester=PERIOD.semester,
                element="waktu",
                action="Loket buka pukul 07.30",
                owner="Sekretaris gampong",
                due_on=datetime.date(2026, 12, 15),
            ),
        )
    response = client_as(Role.COUNCIL_MEMBER).get(f"/staf/survei/laporan.pdf?periode={PERIOD.key}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="laporan-skm-{PERIOD.key}.pdf"'
    text = _pdf_text(response.content)
    assert "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT" in text and PERIOD.label in text
    assert "Nomor 14 Tahun 2017" in text
    for section in ("A. Pendahuluan", "B. Profil responden", "C. Pengolahan data", "D. Hasil per unsur"):
        assert section in text
    assert "E. Rencana tindak lanjut" in text
    assert "91,48" in text and "91,38" in text and "bobot tepat 1/9" in text and "0,111" in text
    assert "3,4483" in text and "4,0000" in text  # NRR of waktu and biaya
    assert "A (Sangat baik)" in text
    assert "Loket buka pukul 07.30" in text and "Sekretaris gampong" in text
    assert "Jumlah responden 29" in text


def test_the_report_of_a_period_without_answers_says_so(village_a, staff, client_as):
    response = client_as(Role.VILLAGE_ADMIN).get("/staf/survei/laporan.pdf?periode=2025")
    text = _pdf_text(response.content)
    assert response.status_code == 200 and "Tahun 2025" in text
    assert "IKM belum dapat dihitung" in text and "Rencana tindak lanjut belum disusun" in text
