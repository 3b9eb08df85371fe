"""The PPID's documents: the DIP as PDF (cached) and XLSX, the registers as CSV, XLSX and PDF with
the requester's data masked, the annual report's page and PDF, and publishing it as a DIP item."""

import csv
import io

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook
from pypdf import PdfReader

from modules.accounts.models import Role
from modules.ppid import documents, selectors, services
from modules.ppid.models import AnnualReport, Decision, InformationItem
from tests.modules.ppid.data import REQUESTER, decision, submit_request

YEAR = timezone.localdate().year
NIK, PHONE, ADDRESS = REQUESTER["requester_nik"], REQUESTER["requester_phone"], REQUESTER["requester_address"]
FORMULA_NAME = '=HYPERLINK("http://contoh.test","klik")'


def item_data(**overrides):
    fields = {
        "category": "berkala",
        "title": "Laporan realisasi APBG semester I",
        "summary": "Realisasi pendapatan dan belanja gampong Januari sampai Juni.",
        "holder": "Kaur Keuangan",
        "publisher": "PPID Gampong",
        "made_when": "Juli 2026",
        "made_where": "Kantor Keuchik Lambaro",
        "form": "keduanya",
        "retention": "5 tahun",
        **overrides,
    }
    return services.ItemInput(**fields)


def save_item(actor, item=None, **overrides):
    return services.information_item_save(actor=actor, item=item, data=item_data(**overrides), upload=None)


@pytest.fixture
def dip(village_a, ppid_officer):
    """A periodic item, an exempt one and an unpublished one."""
    with tenant_context(village_a.tenant):
        periodic = save_item(ppid_officer, link="https://contoh.test/apbg.pdf")
        exempt = save_item(
            ppid_officer,
            category="dikecualikan",
            title="Data penerima bantuan beserta NIK",
            summary="Daftar nama dan NIK penerima.",
            exemption_ground="17h",
            consequence_test="Membuka data ini mengungkap rahasia pribadi warga.",
        )
        hidden = save_item(ppid_officer, title="Rancangan yang belum terbit", is_published=False)
    return periodic, exempt, hidden


@pytest.fixture
def registers(village_a, staff):
    """This year: a granted online request whose requester's name looks like a formula, a refusal
    with an answered objection, and an open oral request."""
    officer, superior = staff[Role.PPID_OFFICER], staff[Role.PPID_SUPERIOR]
    with tenant_context(village_a.tenant):
        granted = submit_request(village_a, requester_name=FORMULA_NAME, requester_occupation="Petani")
        granted = services.information_request_decide(actor=officer, request=granted, data=decision())
        refused = submit_request(village_a, requester_name="Cut Nyak Dhien")
        refused = services.information_request_decide(
            actor=officer, request=refused, data=decision(Decision.REFUSED)
        )
        objection = services.objection_file(
            request=refused, ground="35a", reason="Data itu milik saya sendiri.", actor=None
        )
        objection = services.objection_answer(
            actor=superior, objection=objection, outcome="ditolak", response="Keputusan PPID dikuatkan."
        )
        oral = submit_request(village_a, actor=officer, requester_name="Teuku Lisan")
    return granted, refused, objection, oral


def pdf_text(content: bytes) -> str:
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def xlsx_rows(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_text(content: bytes) -> str:
    """The sheet's cells as text, its dates written as in the CSV."""
    return "\n".join(
        ",".join(
            f"{cell:%d-%m-%Y}" if hasattr(cell, "strftime") else str(cell) for cell in row if cell is not None
        )
        for row in xlsx_rows(content)
    )


def csv_rows(content: bytes):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- The DIP -----------------------------------------------------------------------------------------------


def test_the_dip_pdf_has_the_regulations_columns_and_the_published_items(village_a, client_as, dip):
    periodic, exempt, hidden = dip
    response = client_as(None).get("/ppid/dip.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'inline; filename="daftar-informasi-publik-{village_a.slug}.pdf"'
    )
    text = pdf_text(response.content)
    for column in ("Ringkasan isi informasi", "Jangka waktu penyimpanan", "Bentuk informasi yang tersedia"):
        assert column in text
    assert "DAFTAR INFORMASI PUBLIK" in text.upper() and "INFORMASI BERKALA" in text.upper()
    assert periodic.title in text and "Kaur Keuangan" in text
    assert "dikecualikan: Pasal 17 huruf h" in text and exempt.title in text
    assert hidden.title not in text


def test_the_dip_file_name_is_the_servers_whatever_the_items_are_called(village_a, client_as, ppid_officer):
    with tenant_context(village_a.tenant):
        save_item(ppid_officer, title='../../laporan"; filename="x.exe')
    for kind in ("pdf", "xlsx"):
        disposition = client_as(None).get(f"/ppid/dip.{kind}")["Content-Disposition"]
        assert disposition.endswith(f'filename="daftar-informasi-publik-{village_a.slug}.{kind}"')
        assert "x.exe" not in disposition


def test_the_dip_pdf_is_laid_out_once_per_version_of_the_dip(
    village_a, client_as, dip, ppid_officer, monkeypatch
):
    periodic = dip[0]
    first = client_as(None).get("/ppid/dip.pdf")
    with tenant_context(village_a.tenant):
        key = f"ppid.dip:pdf:id:{documents.dip_version(village_a)}"
        assert cache.get(key) == first.content
    renders = []
    real = documents.dip_pdf
    monkeypatch.setattr(documents, "dip_pdf", lambda village: renders.append(village) or real(village))
    again = client_as(None).get("/ppid/dip.pdf")
    assert again.content == first.content and renders == []
    with tenant_context(village_a.tenant):
        save_item(ppid_officer, item=periodic, title="Laporan realisasi APBG semester II")
    changed = client_as(None).get("/ppid/dip.pdf")
    assert len(renders) == 1 and "semester II" in pdf_text(changed.content)


def test_the_dip_xlsx_opens_with_the_header_row_and_the_items(client_as, dip):
    periodic, _exempt, _hidden = dip
    response = client_as(None).get("/ppid/dip.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    rows = xlsx_rows(response.content)
    assert rows[0][0].startswith("Daftar Informasi Publik")
    assert rows[1] == documents.DIP_COLUMNS
    cells = [str(cell) for row in rows for cell in row if cell]
    assert any(cell.startswith(periodic.title) for cell in cells)
    assert any("dikecualikan: Pasal 17 huruf h" in cell for cell in cells)


def test_the_dip_files_take_only_get(client_as):
    assert client_as(None).post("/ppid/dip.pdf").status_code == 405


# --- The registers -----------------------------------------------------------------------------------------


def test_the_registers_page_shows_both_registers_of_the_year(client_as, registers):
    granted, _refused, objection, oral = registers
    response = client_as(Role.PPID_SUPERIOR).get(f"/staf/ppid/register/?tahun={YEAR}")
    assert response.status_code == 200
    body = response.content.decode()
    for number in (granted.registration_number, oral.registration_number, objection.registration_number):
        assert number in body
    assert f"/staf/ppid/register/permohonan.xlsx?tahun={YEAR}" in body
    assert NIK not in body and PHONE not in body and ADDRESS not in body


def test_the_registers_page_refuses_a_year_it_does_not_know(client_as, registers):
    assert client_as(Role.PPID_OFFICER).get("/staf/ppid/register/?tahun=1999").status_code == 400
    assert client_as(Role.PPID_OFFICER).get("/staf/ppid/register/?tahun=%E2%80%8B").status_code == 400


@pytest.mark.parametrize("kind", ["csv", "xlsx", "pdf"])
def test_the_request_register_files_hold_the_rows_and_never_the_personal_data(
    village_a, client_as, registers, kind
):
    granted, refused, _objection, oral = registers
    response = client_as(Role.PPID_OFFICER).get(f"/staf/ppid/register/permohonan.{kind}?tahun={YEAR}")
    assert response.status_code == 200
    assert f'filename="register-permohonan-{village_a.slug}-{YEAR}.{kind}"' in response["Content-Disposition"]
    if kind == "csv":
        rows = csv_rows(response.content)
        text = "\n".join(",".join(row) for row in rows)
        assert rows[0] == documents.REQUEST_REGISTER_COLUMNS
    elif kind == "xlsx":
        rows = xlsx_rows(response.content)
        text = xlsx_text(response.content)
        assert rows[1] == documents.REQUEST_REGISTER_COLUMNS
    else:
        text = pdf_text(response.content)
        assert "Register Permohonan Informasi Publik Tahun" in text and "halaman 1" in text
    for number in (granted.registration_number, refused.registration_number, oral.registration_number):
        assert number in text
    assert NIK not in text and NIK[:10] not in text
    assert PHONE not in text and ADDRESS not in text and "Lampoh Keude" not in text
    if kind != "pdf":  # in the PDF the cells wrap, and its text interleaves them
        assert "Cut Nyak Dhien" in text and "Pasal 17 huruf h" in text
        assert "0812*****890" in text and "Dusun L***** K****, L******" in text
        assert "'" + FORMULA_NAME in text  # a spreadsheet reads it as text, not as a formula


@pytest.mark.parametrize("kind", ["csv", "xlsx", "pdf"])
def test_the_objection_register_files_hold_the_answered_objection(village_a, client_as, registers, kind):
    _granted, refused, objection, _oral = registers
    response = client_as(Role.PPID_SUPERIOR).get(f"/staf/ppid/register/keberatan.{kind}?tahun={YEAR}")
    assert response.status_code == 200
    content = response.content
    if kind == "csv":
        text = content.decode("utf-8-sig")
    elif kind == "xlsx":
        text = xlsx_text(content)
    else:
        text = pdf_text(content)
    assert objection.registration_number in text and refused.registration_number in text
    assert f"{objection.commission_deadline:%d-%m-%Y}" in text
    if kind != "pdf":
        assert "Pasal 35 ayat (1) huruf a" in text and "Keberatan ditolak" in text
    assert NIK not in text and PHONE not in text and ADDRESS not in text


def test_a_register_file_of_an_unknown_year_is_refused(client_as, registers):
    assert client_as(Role.PPID_OFFICER).get("/staf/ppid/register/permohonan.csv?tahun=abc").status_code == 400


# --- The annual report -------------------------------------------------------------------------------------


def test_the_report_page_shows_the_figures_of_the_selector(village_a, client_as, registers):
    with tenant_context(village_a.tenant):
        figures = selectors.annual_report(YEAR)
    assert (figures.received, figures.answered, figures.refused, figures.objections) == (3, 2, 1, 1)
    response = client_as(Role.PPID_SUPERIOR).get(f"/staf/ppid/laporan/?tahun={YEAR}")
    assert response.status_code == 200
    body = response.content.decode()
    for name, value in (
        ("received", figures.received),
        ("answered", figures.answered),
        ("granted", figures.granted),
        ("refused", figures.refused),
        ("objections", figures.objections),
    ):
        assert f'data-figure="{name}">{value}<' in body
    assert f"/staf/ppid/laporan/{YEAR}.pdf" in body
    assert "Terbitkan sebagai item DIP" not in body  # the superior does not publish


def test_the_report_pdf_holds_the_figures(village_a, client_as, registers):
    with tenant_context(village_a.tenant):
        figures = selectors.annual_report(YEAR)
    response = client_as(Role.PPID_OFFICER).get(f"/staf/ppid/laporan/{YEAR}.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert f"Tahun {YEAR}" in text and "Gambaran umum" in text
    assert f"Permohonan diterima {figures.received}" in text
    assert f"Ditolak {figures.refused}" in text
    assert f"Keberatan diajukan {figures.objections}" in text
    assert f"{figures.dip_coverage_share:.1f}%".replace(".", ",") in text  # Indonesian decimals
    assert f"Dijawab tepat waktu {figures.on_time} dari {figures.answered}" in text


def test_a_report_of_a_year_without_requests_is_not_found(client_as, registers):
    assert client_as(Role.PPID_OFFICER).get(f"/staf/ppid/laporan/{YEAR - 3}.pdf").status_code == 404


def test_the_officer_publishes_the_report_and_the_public_dip_lists_it(village_a, client_as, registers):
    officer = client_as(Role.PPID_OFFICER)
    assert "Terbitkan sebagai item DIP" in officer.get(f"/staf/ppid/laporan/?tahun={YEAR}").content.decode()
    response = officer.post("/staf/ppid/laporan/", {"tahun": YEAR}, follow=True)
    assert response.status_code == 200
    assert "diterbitkan sebagai item Daftar Informasi Publik" in response.content.decode()
    with tenant_context(village_a.tenant):
        report = AnnualReport.objects.select_related("item").get(year=YEAR)
        assert report.item.is_published and report.item in selectors.published_items()
        title = report.item.title
        assert pdf_text(report.item.file.read()).count(f"Tahun {YEAR}") >= 1
    assert title in pdf_text(client_as(None).get("/ppid/dip.pdf").content)


def test_the_superior_may_not_publish_the_report(village_a, client_as, registers):
    assert client_as(Role.PPID_SUPERIOR).post("/staf/ppid/laporan/", {"tahun": YEAR}).status_code == 403
    with tenant_context(village_a.tenant):
        assert not AnnualReport.objects.exists()
        assert not InformationItem.objects.filter(title__startswith="Laporan layanan").exists()


def test_too_many_dip_downloads_from_one_address_are_refused_in_the_users_language(
    monkeypatch, client_a, clean_throttle
):
    from modules.throttling.throttles import LookupThrottle

    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"lookup": "2/10m"})
    statuses = [client_a.get("/ppid/dip.xlsx").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client_a.get("/ppid/dip.pdf")
    assert refused.status_code == 429 and "Terlalu banyak permintaan" in refused.content.decode()


def test_a_bare_post_publishes_nothing(village_a, client_as, registers):
    response = client_as(Role.PPID_OFFICER).post("/staf/ppid/laporan/", {}, follow=True)
    assert "Pilih tahun laporan" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert not AnnualReport.objects.exists()
