"""The residents' pages of the action plan: the list (the current plan first, a friendly page without
one), a plan's matrix with every program, its budget by source and the totals, the value typed at a
progress update and the one Balai fills from the letters, the forum; a draft and another village's
plan are no page; no personal data on the page."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.berkas.intake import Document
from modules.rencana import services
from modules.rencana.models import FundingSource, Plan, ProgressUpdate
from tests.modules.layanan.data import NIK_MAN, new_request_data, signed_letter
from tests.modules.rencana.plans import WrittenPlan, write_plan

TODAY = timezone.localdate()
APPLICANT = "Teuku Muhammad Rizal"  # the letter's applicant (tests/modules/layanan/data.py)


def on_or_before_today(day: datetime.date) -> datetime.date:
    return min(day, TODAY)


@dataclass(frozen=True)
class PlanWithProgress:
    written: WrittenPlan
    early: ProgressUpdate  # the health program's first update, with spending
    late: ProgressUpdate  # its second, with the value 80


def record(admin, program, *, day, done, value=None, spending=None, status="berjalan", **extra):
    indicator = program.indicators.get()
    return services.progress_record(
        actor=admin,
        program=program,
        data=services.ProgressInput(
            reported_on=day,
            done=done,
            status=status,
            values={} if indicator.fills_itself else {indicator.pk: Decimal(value)},
            spending=spending or {},
            **extra,
        ),
    )


def plan_with_progress(village, staff) -> PlanWithProgress:
    """write_plan's plan (published) with two updates of the health program (the second with a
    photo), one of the school program, a signed letter (the office program's indicator) and a
    forum. Runs in the village's schema."""
    admin = staff[Role.VILLAGE_ADMIN]
    written = write_plan(admin, title="Rencana Aksi Pelayanan Lambaro")
    start = written.plan.period_start
    early = record(
        admin,
        written.health,
        day=on_or_before_today(start + datetime.timedelta(days=40)),
        done="Timbangan dan meja posyandu dibeli.",
        value=70,
        spending={FundingSource.APBDES: 10_000_000, FundingSource.CSR: 5_000_000},
    )
    late = record(
        admin,
        written.health,
        day=TODAY,
        done="Posyandu buka dua kali sebulan.",
        obstacles="Kader kurang pada musim panen.",
        value=80,
        spending={FundingSource.APBDES: 2_500_000},
        attachments=(
            services.AttachmentInput(
                upload=Document(content=b"\xff\xd8\xff\xe0 foto", content_type="image/jpeg", extension="jpg"),
                caption="Penimbangan balita",
            ),
        ),
    )
    record(
        admin,
        written.school,
        day=TODAY,
        done="Penerima beasiswa ditetapkan.",
        value=12,
        spending={FundingSource.NGO: 20_000_000},
    )
    from modules.layanan.models import Service

    signed_letter(
        village=village,
        service=Service.objects.get(slug="surat-keterangan-domisili"),
        operator=staff[Role.OPERATOR],
        signer=admin,
        data=new_request_data(notify_channel="email", email="warga@example.id"),
    )
    services.forum_save(
        actor=admin,
        plan=written.plan,
        forum=None,
        data=services.ForumInput(
            title="Musyawarah pelayanan gampong",
            held_on=TODAY,
            place="Meunasah Lambaro",
            discussion="Warga meminta posyandu buka sore hari.",
            decisions="Posyandu dicoba buka sore sebulan sekali.",
            attendance=(("Perangkat gampong", 6), ("Kader posyandu", 9), ("Perempuan", 14)),
            program_ids=(written.health.pk,),
        ),
    )
    written = WrittenPlan(
        plan=Plan.objects.get(pk=written.plan.pk),
        health=written.health,
        school=written.school,
        office=written.office,
    )
    return PlanWithProgress(written=written, early=early, late=late)


@pytest.fixture
def progressed(village_a, staff) -> PlanWithProgress:
    with tenant_context(village_a.tenant):
        return plan_with_progress(village_a, staff)


def text_of(html: str) -> str:
    """The page's text, tags removed and spaces folded (what a reader sees, roughly)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def program_card(html: str, program_id: int) -> str:
    found = re.search(rf'<article[^>]*id="program-{program_id}".*?</article>', html, re.S)
    assert found, f"no card for program {program_id}"
    return text_of(found.group(0))


# --- the list -----------------------------------------------------------------------------------------


def test_without_a_published_plan_the_list_says_so(client_a, village_a, village_admin):
    with tenant_context(village_a.tenant):
        write_plan(village_admin, title="Rencana yang masih draf", publish=False)
    page = client_a.get("/rencana-aksi/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "belum menerbitkan rencana aksi pelayanan" in html and "Pemerintah gampong" in html
    assert "Rencana yang masih draf" not in html


def test_the_list_shows_the_current_plan_first_and_marked(client_a, village_a, village_admin):
    with tenant_context(village_a.tenant):
        current = write_plan(village_admin, title="Rencana tahun ini").plan
        later = services.plan_save(
            actor=village_admin,
            plan=None,
            data=services.PlanInput(
                title="Rencana tahun depan",
                period_start=datetime.date(TODAY.year + 1, 1, 1),
                period_end=datetime.date(TODAY.year + 1, 12, 31),
            ),
        )
        services.program_save(
            actor=village_admin,
            plan=later,
            program=None,
            data=services.ProgramInput(
                area_id=current.programs.first().area_id,
                title="Program tahun depan",
                responsible="Sekretaris gampong",
                starts_on=later.period_start,
                ends_on=later.period_end,
            ),
        )
        services.plan_publish(actor=village_admin, plan=later, publish=True)
    html = client_a.get("/rencana-aksi/").content.decode()
    # Newest first would put next year's plan on top; the current one comes first.
    assert html.index("Rencana tahun ini") < html.index("Rencana tahun depan")
    assert html.count("berlaku sekarang") == 1
    assert html.index("berlaku sekarang") < html.index("Rencana tahun depan")
    assert f'href="/rencana-aksi/{current.pk}/"' in html and f'href="/rencana-aksi/{later.pk}/"' in html


# --- the plan -----------------------------------------------------------------------------------------


def test_a_resident_reads_the_matrix_with_budget_by_source_values_and_totals(client_a, progressed):
    written = progressed.written
    page = client_a.get(f"/rencana-aksi/{written.plan.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    text = text_of(html)
    assert "Rencana Aksi Pelayanan Lambaro" in text and f"Periode Tahun {TODAY.year}" in text
    assert "berlaku sekarang" in text
    assert "Sasaran satu" in text and "Sasaran dua" in text and "Wawancara kader" in text
    for area in ("Pelayanan kesehatan", "Pendidikan", "Administrasi publik"):
        assert f">{area}</h3>" in html
    assert html.count("data-program") == 3

    health = program_card(html, written.health.pk)
    assert "Posyandu terpadu" in health and "Kaur Perencanaan" in health
    assert "Mitra Posyandu terpadu (LSM/NGO): Pendamping" in health
    assert "APBDes Rp45.000.000" in health and "CSR perusahaan Rp30.000.000" in health
    assert "Jumlah Rp75.000.000" in health
    # The value typed at the latest update, against the target of 120 (not met).
    assert f"Nilai sekarang 80 per {TODAY:%-d} " in health and "belum memenuhi target" in health
    assert "Posyandu buka dua kali sebulan." in health and "Kader kurang pada musim panen." in health
    assert "Timbangan dan meja posyandu dibeli." not in health  # the latest update only

    school = program_card(html, written.school.pk)
    assert "APBDes Rp25.000.000" in school and "Donasi LSM/NGO Rp40.000.000" in school
    assert "Jumlah Rp65.000.000" in school and "Nilai sekarang 12" in school

    office = program_card(html, written.office.pk)
    # One letter, signed on the day it was asked for: 100% on time, the target of 90 met.
    assert "Nilai sekarang 100 per" in office and "memenuhi target" in office
    assert "belum memenuhi target" not in office and "diisi otomatis oleh Balai" in office
    assert "Jumlah Rp15.000.000" in office

    totals = re.search(r"<table[^>]*data-totals.*?</table>", html, re.S)
    assert totals
    totals_text = text_of(totals.group(0))
    # Budget by source over the three programs, and what was spent so far.
    assert "APBDes Rp85.000.000 Rp12.500.000" in totals_text
    assert "CSR perusahaan Rp30.000.000 Rp5.000.000" in totals_text
    assert "Donasi LSM/NGO Rp40.000.000 Rp20.000.000" in totals_text
    assert "Jumlah Rp155.000.000 Rp37.500.000" in totals_text

    assert "Musyawarah pelayanan gampong" in text and "Meunasah Lambaro" in text
    assert "Perangkat gampong 6, Kader posyandu 9, Perempuan 14 · jumlah 29 orang" in text
    assert "Posyandu dicoba buka sore sebulan sekali." in text
    assert f'href="#program-{written.health.pk}"' in html
    assert f'href="/rencana-aksi/{written.plan.pk}/rencana-aksi.pdf"' in html
    assert f'href="/rencana-aksi/{written.plan.pk}/laporan-kemajuan.pdf"' in html


def test_the_page_holds_no_personal_data_and_no_photos(client_a, village_a, progressed, staff):
    with tenant_context(village_a.tenant):
        recorded = set(
            ProgressUpdate.objects.filter(pk__in=(progressed.early.pk, progressed.late.pk)).values_list(
                "recorded_by", flat=True
            )
        )
    assert recorded == {staff[Role.VILLAGE_ADMIN].get_username()}  # kept inside, never shown
    html = client_a.get(f"/rencana-aksi/{progressed.written.plan.pk}/").content.decode()
    assert APPLICANT not in html and NIK_MAN not in html and "warga@example.id" not in html
    # Who recorded the updates (staff accounts' names) and the updates' photos stay inside.
    for account in staff.values():
        assert str(account) not in html and account.get_username() not in html
    assert "<img" not in html and "/staf/" not in html.replace('href="/staf/masuk/"', "")
    assert "Penimbangan balita" not in html


def test_a_stopped_program_shows_its_reason(client_a, village_a, progressed, village_admin):
    with tenant_context(village_a.tenant):
        record(
            village_admin,
            progressed.written.school,
            day=TODAY,
            done="Dana donor ditarik.",
            value=12,
            status="dihentikan",
            stop_reason="Donatur membatalkan hibah tahun ini.",
        )
    html = client_a.get(f"/rencana-aksi/{progressed.written.plan.pk}/").content.decode()
    card = program_card(html, progressed.written.school.pk)
    assert "Status Dihentikan : Donatur membatalkan hibah tahun ini." in card
    assert "Dihentikan" not in program_card(html, progressed.written.health.pk)


def test_a_draft_and_another_villages_plan_are_no_page(
    client_a, client_b, village_a, village_admin, progressed
):
    with tenant_context(village_a.tenant):
        draft = write_plan(village_admin, title="Draf rahasia", publish=False).plan
    published = progressed.written.plan
    for path in (
        f"/rencana-aksi/{draft.pk}/",
        f"/rencana-aksi/{draft.pk}/rencana-aksi.pdf",
        f"/rencana-aksi/{draft.pk}/laporan-kemajuan.pdf",
        "/rencana-aksi/999999999/",
        "/rencana-aksi/99999999999999999999999/",
    ):
        assert client_a.get(path).status_code == 404, path
    for path in (
        f"/rencana-aksi/{published.pk}/",
        f"/rencana-aksi/{published.pk}/rencana-aksi.pdf",
        f"/rencana-aksi/{published.pk}/laporan-kemajuan.pdf",
    ):
        assert client_b.get(path).status_code == 404, path
    assert "Rencana Aksi Pelayanan Lambaro" not in client_b.get("/rencana-aksi/").content.decode()


def test_taking_the_plan_back_to_draft_takes_it_off_the_portal(
    client_a, village_a, village_admin, progressed
):
    plan = progressed.written.plan
    assert client_a.get(f"/rencana-aksi/{plan.pk}/").status_code == 200
    with tenant_context(village_a.tenant):
        services.plan_publish(actor=village_admin, plan=plan, publish=False)
    assert client_a.get(f"/rencana-aksi/{plan.pk}/").status_code == 404
    assert "Rencana Aksi Pelayanan Lambaro" not in client_a.get("/rencana-aksi/").content.decode()


def test_the_portal_home_links_the_plans(client_a):
    html = client_a.get("/").content.decode()
    assert 'href="/rencana-aksi/"' in html and "Rencana aksi pelayanan" in html


def test_the_needs_mapping_links_the_poll_and_reads_the_survey_year(client_a, village_a, village_admin):
    from modules.survei import services as survey_services

    with tenant_context(village_a.tenant):
        plan = write_plan(village_admin).plan
        now = timezone.now()
        polls = [
            survey_services.poll_create(
                actor=village_admin,
                data=survey_services.PollInput(
                    title=title,
                    description="",
                    opens_at=now - datetime.timedelta(hours=1),
                    closes_at=now + datetime.timedelta(days=3),
                    questions=(
                        survey_services.QuestionInput(
                            text="Layanan mana yang perlu diperbaiki?",
                            kind="tunggal",
                            options=("Posyandu", "Surat"),
                        ),
                    ),
                ),
            )
            for title in ("Prioritas pelayanan 2026", "Jadwal posyandu")
        ]
        survey_services.poll_close(actor=village_admin, poll=polls[0])
        for kind, title, extra in (
            ("jajak", "Jajak prioritas", {"poll_id": polls[0].pk}),
            ("jajak", "Jajak jadwal", {"poll_id": polls[1].pk}),
            ("skm", "Survei kepuasan tahun ini", {"survey_year": TODAY.year}),
        ):
            services.needs_finding_save(
                actor=village_admin,
                plan=plan,
                finding=None,
                data=services.NeedsInput(kind=kind, title=title, held_on=TODAY, findings="Temuan.", **extra),
            )
    html = client_a.get(f"/rencana-aksi/{plan.pk}/").content.decode()
    # A closed poll links its published results; an open one its page.
    assert f'href="/jajak-pendapat/{polls[0].pk}/hasil/"' in html
    assert "Hasil jajak pendapat: Prioritas" in html
    assert f'href="/jajak-pendapat/{polls[1].pk}/"' in html and "Jajak pendapat: Jadwal posyandu" in html
    assert f"IKM survei kepuasan {TODAY.year} belum dapat dihitung." in text_of(html)
    assert 'href="/survei/"' in html
