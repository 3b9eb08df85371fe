"""The action plan's PDFs: the plan and the progress report show the figures this test computes by
hand from what it wrote (budget by source and in total, spending by source in the period with its
share, an indicator's value against target); bad periods give the default; a draft is marked for
staff and no file for residents; the files are laid out once per version of the plan; a progress
update's photo is served to staff under a neutral name."""

from __future__ import annotations

import datetime
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from modules.accounts.models import Role
from modules.rencana import documents, services
from modules.rencana.models import FundingSource
from tests.conftest import sign_in
from tests.modules.rencana.plans import write_plan
from tests.modules.rencana.test_public_pages import PlanWithProgress, plan_with_progress

TODAY = timezone.localdate()
# What tests/modules/rencana/plans.py budgets (rupiah): health, school, office.
BUDGET = {
    "health": {FundingSource.APBDES: 45_000_000, FundingSource.CSR: 30_000_000},
    "school": {FundingSource.APBDES: 25_000_000, FundingSource.NGO: 40_000_000},
    "office": {FundingSource.APBDES: 15_000_000},
}
LABELS = {
    FundingSource.APBDES: "APBDes",
    FundingSource.CSR: "CSR perusahaan",
    FundingSource.NGO: "Donasi LSM/NGO",
}


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def share(part: int, whole: int) -> str:
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def pdf_text(content: bytes) -> str:
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def between(text: str, start: str, end: str) -> str:
    found = re.search(re.escape(start) + "(.*?)" + re.escape(end), text)
    assert found, f"{start!r} … {end!r} not in the PDF"
    return found.group(1)


@pytest.fixture
def progressed(village_a, staff) -> PlanWithProgress:
    with tenant_context(village_a.tenant):
        return plan_with_progress(village_a, staff)


def get_pdf(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    return pdf_text(response.content)


# --- the plan -----------------------------------------------------------------------------------------


def test_the_plan_pdf_shows_the_budget_by_source_and_the_totals_computed_by_hand(client_a, progressed):
    plan = progressed.written.plan
    text = get_pdf(client_a, f"/rencana-aksi/{plan.pk}/rencana-aksi.pdf")

    assert "RENCANA AKSI PELAYANAN TERPADU" in text and "GAMPONG LAMBARO" in text
    assert plan.title in text and f"Periode Tahun {TODAY.year}" in text
    for heading in ("Latar belakang", "Tujuan", "Sasaran", "Pemetaan kebutuhan", "Indikator kinerja"):
        assert heading in text
    assert "Sasaran satu" in text and "Wawancara kader" in text
    programs = between(text, "E. Matriks program dan kegiatan", "F. Indikator kinerja")
    assert "No Bidang Program Penanggung jawab Jadwal Mitra" in programs
    for title in ("Posyandu terpadu", "Beasiswa anak", "Surat tepat waktu"):
        assert title in programs and f"Mitra {title} (LSM/NGO): Pendamping" in programs
    indicators = between(text, "F. Indikator kinerja", "G. Anggaran")
    assert "1.1 Posyandu terpadu Kunjungan posyandu per bulan kunjungan 60 120" in indicators

    # One column per source that occurs, in FundingSource's order, a total column and row.
    budget = between(text, "G. Anggaran menurut sumber dana", "Lambaro,")
    sources = [FundingSource.APBDES, FundingSource.CSR, FundingSource.NGO]
    assert "No Program " + " ".join(LABELS[source] for source in sources) + " Jumlah" in budget
    assert "Program pemerintah" not in budget  # no program is funded from it
    for number, (key, title) in enumerate(
        (("health", "Posyandu terpadu"), ("school", "Beasiswa anak"), ("office", "Surat tepat waktu")), 1
    ):
        cells = [rupiah(BUDGET[key][source]) if source in BUDGET[key] else "-" for source in sources]
        total = rupiah(sum(BUDGET[key].values()))
        assert f"{number} {title} {' '.join(cells)} {total}" in budget
    by_source = {source: sum(lines.get(source, 0) for lines in BUDGET.values()) for source in sources}
    grand = sum(by_source.values())
    assert grand == 155_000_000
    assert (
        "Jumlah " + " ".join(rupiah(by_source[source]) for source in sources) + f" {rupiah(grand)}" in budget
    )

    assert "Keuchik Gampong Lambaro," in text and f"Lambaro, {TODAY.day} " in text


def test_the_plan_is_signed_by_the_head_from_the_portals_officials(client_a, village_a, progressed):
    from modules.portal.models import Official

    with tenant_context(village_a.tenant):
        Official.objects.filter(is_head=True).update(name="Teuku Abdullah")
        if not Official.objects.filter(is_head=True).exists():
            Official.objects.create(name="Teuku Abdullah", position="Keuchik", is_head=True)
    text = get_pdf(client_a, f"/rencana-aksi/{progressed.written.plan.pk}/rencana-aksi.pdf")
    assert "Keuchik Gampong Lambaro, Teuku Abdullah" in text


def test_a_draft_is_marked_for_staff_and_no_file_for_residents(client_a, client_as, village_a, village_admin):
    with tenant_context(village_a.tenant):
        draft = write_plan(village_admin, title="Rencana draf", publish=False).plan
    assert client_a.get(f"/rencana-aksi/{draft.pk}/rencana-aksi.pdf").status_code == 404
    assert client_a.get(f"/rencana-aksi/{draft.pk}/laporan-kemajuan.pdf").status_code == 404
    staff_client = client_as(Role.PPID_OFFICER)
    for path in (
        f"/staf/rencana/{draft.pk}/rencana-aksi.pdf",
        f"/staf/rencana/{draft.pk}/laporan-kemajuan.pdf",
    ):
        text = get_pdf(staff_client, path)
        assert "DRAF" in text and "Rencana draf" in text
    assert client_a.get(f"/staf/rencana/{draft.pk}/rencana-aksi.pdf").status_code == 302  # sign in first


# --- the progress report ------------------------------------------------------------------------------


def test_the_report_shows_spending_in_the_period_against_budget_and_values_against_target(
    client_a, progressed
):
    plan, early = progressed.written.plan, progressed.early
    start = early.reported_on + datetime.timedelta(days=1)
    text = get_pdf(
        client_a,
        f"/rencana-aksi/{plan.pk}/laporan-kemajuan.pdf?dari={start:%Y-%m-%d}&sampai={TODAY:%Y-%m-%d}",
    )
    assert f"Periode laporan {start.day} " in text and f"{TODAY.year}" in text

    # In the window: the health program's second update (APBDes 2.5 M) and the school's (NGO 20 M);
    # the first update's 10 M + 5 M fall before it.
    spent = {FundingSource.APBDES: 2_500_000, FundingSource.CSR: 0, FundingSource.NGO: 20_000_000}
    spending = between(text, "B. Realisasi anggaran", "Jumlah menurut sumber dana")
    assert (
        f"1 Posyandu terpadu APBDes {rupiah(45_000_000)} {rupiah(2_500_000)} {share(2_500_000, 45_000_000)}"
        in spending
    )
    assert f"CSR perusahaan {rupiah(30_000_000)} Rp0 0%" in spending
    assert f"Donasi LSM/NGO {rupiah(40_000_000)} {rupiah(20_000_000)} 50%" in spending
    totals = between(text, "Jumlah menurut sumber dana", "C. Status program")
    for source in spent:
        budget = sum(lines.get(source, 0) for lines in BUDGET.values())
        assert (
            f"{LABELS[source]} {rupiah(budget)} {rupiah(spent[source])} {share(spent[source], budget)}"
            in totals
        )
    assert f"Jumlah {rupiah(155_000_000)} {rupiah(22_500_000)} {share(22_500_000, 155_000_000)}" in totals

    indicators = between(text, "A. Capaian indikator", "B. Realisasi")
    assert "1.1 Posyandu terpadu Kunjungan posyandu per bulan kunjungan 60 120 80 Belum memenuhi target" in (
        indicators
    )
    assert "% 60 90 100 Memenuhi target" in indicators  # the letter signed today, on time

    status = between(text, "C. Status program", "D. Kegiatan")
    assert "Berjalan" in status and "Direncanakan" in status
    updates = between(text, "D. Kegiatan dalam periode laporan", "Lambaro,")
    assert "Posyandu buka dua kali sebulan. Kader kurang pada musim panen." in updates
    assert "Timbangan dan meja posyandu dibeli." not in updates  # before the window
    assert "Surat tepat waktu Tidak ada laporan kemajuan dalam periode ini." in updates


def test_the_value_at_the_end_of_the_period_is_the_one_reported_by_then(client_a, progressed):
    plan, early = progressed.written.plan, progressed.early
    end = early.reported_on
    text = get_pdf(client_a, f"/rencana-aksi/{plan.pk}/laporan-kemajuan.pdf?sampai={end:%Y-%m-%d}")
    indicators = between(text, "A. Capaian indikator", "B. Realisasi")
    assert "Kunjungan posyandu per bulan kunjungan 60 120 70 Belum memenuhi target" in indicators
    assert "Beasiswa disalurkan siswa 0 40 - Belum ada nilai" in indicators
    # From the plan's start: the first update's spending only.
    totals = between(text, "Jumlah menurut sumber dana", "C. Status program")
    assert f"Jumlah {rupiah(155_000_000)} {rupiah(15_000_000)}" in totals


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?dari=kemarin&sampai=2026-13-45",
        "?dari=0001-01-01&sampai=9999-12-31",
        "?dari=" + "9" * 5000 + "&sampai=" + "2" * 30,
        "?sampai=1990-01-01&dari=2999-01-01",
    ],
)
def test_bad_periods_give_the_plans_start_to_today(client_a, progressed, query):
    plan = progressed.written.plan
    text = get_pdf(client_a, f"/rencana-aksi/{plan.pk}/laporan-kemajuan.pdf{query}")
    start, end = plan.period_start, min(TODAY, plan.period_end)
    assert f"Periode laporan {start.day} Januari {start.year} sampai {end.day} " in text
    # Everything spent so far: 12.5 M + 5 M + 20 M.
    assert f"Jumlah {rupiah(155_000_000)} {rupiah(37_500_000)}" in between(
        text, "Jumlah menurut sumber dana", "C. Status program"
    )


def test_a_nul_byte_in_the_period_is_refused_by_the_platform_not_a_500(client_a, progressed):
    response = client_a.get(f"/rencana-aksi/{progressed.written.plan.pk}/laporan-kemajuan.pdf?dari=%00")
    assert response.status_code == 400


def test_the_report_period_is_held_inside_the_plans_period_up_to_today(village_a, village_admin):
    with tenant_context(village_a.tenant):
        plan = write_plan(village_admin).plan
    start, end = plan.period_start, plan.period_end
    day = datetime.date(start.year, 6, 15)
    march = datetime.date(start.year, 3, 1)
    assert documents.report_period(plan, None, None, today=day) == (start, day)
    assert documents.report_period(plan, march, None, today=day) == (march, day)
    assert documents.report_period(plan, None, march, today=day) == (start, march)
    assert documents.report_period(plan, start.replace(year=start.year - 3), None, today=day) == (start, day)
    # No report of days to come: the end is held at today.
    assert documents.report_period(plan, None, end.replace(year=end.year + 3), today=day) == (start, day)
    assert documents.report_period(plan, None, datetime.date(1990, 1, 1), today=day) == (start, start)
    assert documents.report_period(plan, day, march, today=day) == (start, day)  # ends before it starts
    assert documents.report_period(plan, None, None, today=end.replace(year=end.year + 1)) == (start, end)
    # A plan that has not started yet: its first day.
    assert documents.report_period(plan, None, None, today=start.replace(year=start.year - 1)) == (
        start,
        start,
    )


# --- the cache ----------------------------------------------------------------------------------------


def test_the_pdf_is_laid_out_once_per_version_of_the_plan(
    client_a, village_a, village_admin, progressed, monkeypatch
):
    plan = progressed.written.plan
    calls = []
    real = documents.plan_pdf

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(documents, "plan_pdf", counted)
    path = f"/rencana-aksi/{plan.pk}/rencana-aksi.pdf"
    first = client_a.get(path).content
    assert client_a.get(path).content == first and len(calls) == 1
    with tenant_context(village_a.tenant):
        program = progressed.written.school
        services.program_save(
            actor=village_admin,
            plan=plan,
            program=program,
            data=services.ProgramInput(
                area_id=program.area_id,
                title="Beasiswa anak yatim",
                responsible=program.responsible,
                starts_on=program.starts_on,
                ends_on=program.ends_on,
                budget=(services.BudgetInput(source=FundingSource.APBDES, amount=26_000_000),),
            ),
        )
    changed = client_a.get(path).content
    assert len(calls) == 2 and "Beasiswa anak yatim" in pdf_text(changed)
    assert rupiah(26_000_000) in pdf_text(changed)


# --- attachments --------------------------------------------------------------------------------------


def test_staff_get_an_updates_photo_under_a_neutral_name(
    client_as, client_b, village_a, village_b, progressed, staff_b
):
    with tenant_context(village_a.tenant):
        attachment = progressed.late.attachments.get()
    path = f"/staf/rencana/lampiran/{attachment.pk}/"
    response = client_as(Role.COUNCIL_MEMBER).get(path)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == f'attachment; filename="lampiran-kemajuan-{attachment.pk}.jpg"'
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xe0 foto"
    assert client_as(None).get(path).status_code == 302
    assert client_as(Role.VILLAGE_ADMIN).get("/staf/rencana/lampiran/999999999/").status_code == 404
    sign_in(client_b, village_b.tenant, staff_b[Role.VILLAGE_ADMIN])
    assert client_b.get(path).status_code == 404
