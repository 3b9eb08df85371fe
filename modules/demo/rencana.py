"""The demo village's service action plan for this year: the needs mapping (the closed poll, the
satisfaction survey, interviews), three programs (health, education, administration) funded from
the APBDes, a company's CSR and an NGO's donation, with partners, milestones and indicators (one
Balai fills: letters finished on time), two progress updates per program and a village meeting.
Written through the services only, so the plan is published into the PPID's DIP as the pages do."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from modules.accounts.models import User
from modules.rencana import selectors as rencana_selectors
from modules.rencana import services as rencana
from modules.rencana.models import Direction, FundingSource, Measure, NeedsKind, PartnerKind, ProgramStatus


def _day(start: datetime.date, today: datetime.date, share: float) -> datetime.date:
    """A day `share` of the way from `start` to yesterday (never before `start`)."""
    last = max(start, today - datetime.timedelta(days=1))
    return start + datetime.timedelta(days=int((last - start).days * share))


def load_plan(*, admin: User, noun: str = "gampong", village_name: str = "Lambaro") -> int:
    """Writes and publishes the plan unless the village has one (a second load). Returns the number
    of progress updates recorded."""
    if rencana_selectors.plans_for_staff().exists():
        return 0
    today = timezone.localdate()
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    plan = rencana.plan_save(
        actor=admin,
        plan=None,
        data=rencana.PlanInput(
            title=f"Rencana Aksi Pelayanan Terpadu {noun.capitalize()} {village_name} Tahun {today.year}",
            period_start=start,
            period_end=end,
            background=(
                f"{noun.capitalize()} {village_name} melayani lebih dari 4.000 warga. Kunjungan ke "
                "posyandu masih "
                "rendah, banyak anak dari keluarga kurang mampu berhenti sekolah setelah SMP, dan "
                "warga menunggu "
                "lama untuk surat keterangan. Rencana aksi ini menyatukan program pelayanan kesehatan, "
                "pendidikan dan administrasi publik bersama mitra dari pemerintah, perusahaan dan LSM."
            ),
            goals=(
                f"Menjadikan {noun} {village_name} {noun} yang mandiri dan berdaya saing dengan "
                "pelayanan publik "
                "yang mudah dijangkau, cepat dan terbuka."
            ),
            targets="\n".join(
                (
                    "Meningkatkan akses terhadap layanan kesehatan.",
                    "Memperkuat pendidikan melalui program beasiswa.",
                    "Mengoptimalkan layanan administrasi publik.",
                    f"Mendorong partisipasi masyarakat dalam pengambilan keputusan {noun}.",
                )
            ),
            needs_notes=(
                "Pemetaan kebutuhan dilakukan dengan jajak pendapat warga, survei kepuasan "
                "masyarakat di kantor "
                f"{noun} dan wawancara dengan kader posyandu, kepala sekolah dan tokoh masyarakat."
            ),
        ),
    )
    polls = rencana_selectors.poll_choices()
    if polls:
        rencana.needs_finding_save(
            actor=admin,
            plan=plan,
            finding=None,
            data=rencana.NeedsInput(
                kind=NeedsKind.POLL,
                title="Jajak pendapat prioritas pembangunan",
                held_on=start,
                poll_id=polls[-1][0],
                findings="Warga paling banyak memilih layanan kesehatan dan penerangan jalan.",
            ),
        )
    rencana.needs_finding_save(
        actor=admin,
        plan=plan,
        finding=None,
        data=rencana.NeedsInput(
            kind=NeedsKind.SURVEY,
            title="Survei kepuasan masyarakat",
            held_on=start,
            survey_year=today.year,
            findings="Waktu pelayanan dan sarana ruang tunggu mendapat nilai terendah.",
        ),
    )
    rencana.needs_finding_save(
        actor=admin,
        plan=plan,
        finding=None,
        data=rencana.NeedsInput(
            kind=NeedsKind.INTERVIEW,
            title="Wawancara kader posyandu dan kepala sekolah",
            held_on=start + datetime.timedelta(days=10),
            findings=(
                "Kader posyandu kekurangan timbangan dan alat ukur tinggi badan. Dua puluh tiga anak "
                "lulusan SMP "
                "tahun lalu tidak melanjutkan sekolah karena biaya."
            ),
        ),
    )
    areas = {area.name: area.pk for area in rencana_selectors.areas()}
    health = rencana.program_save(
        actor=admin,
        plan=plan,
        program=None,
        data=rencana.ProgramInput(
            area_id=areas["Pelayanan kesehatan"],
            title="Posyandu terpadu dan pemeriksaan kesehatan keliling",
            responsible="Kaur Kesejahteraan",
            starts_on=start,
            ends_on=end,
            description=(
                "Melengkapi alat posyandu di tiga dusun, pemeriksaan kesehatan keliling sebulan "
                "sekali bersama "
                "puskesmas, dan pencatatan kunjungan secara elektronik."
            ),
            partners=(
                rencana.PartnerInput(
                    name="Puskesmas Ingin Jaya",
                    kind=PartnerKind.GOVERNMENT,
                    role="Tenaga medis dan obat-obatan",
                ),
                rencana.PartnerInput(
                    name="PT Semen Lhoknga", kind=PartnerKind.COMPANY, role="CSR: alat posyandu dan timbangan"
                ),
                rencana.PartnerInput(
                    name="Kader Posyandu Dusun Mesjid", kind=PartnerKind.COMMUNITY, role="Pelaksana di dusun"
                ),
            ),
            budget=(
                rencana.BudgetInput(source=FundingSource.APBDES, amount=45_000_000, note="Bidang kesehatan"),
                rencana.BudgetInput(source=FundingSource.CSR, amount=30_000_000, note="Alat posyandu"),
            ),
            indicators=(
                rencana.IndicatorInput(
                    name="Kunjungan warga ke posyandu per bulan",
                    unit="kunjungan",
                    baseline=Decimal(60),
                    target=Decimal(120),
                    direction=Direction.UP,
                ),
            ),
            milestones=(
                rencana.MilestoneInput(title="Alat posyandu diserahkan", due_on=_day(start, today, 0.3)),
                rencana.MilestoneInput(title="Pemeriksaan keliling di tiga dusun", due_on=end),
            ),
        ),
    )
    school = rencana.program_save(
        actor=admin,
        plan=plan,
        program=None,
        data=rencana.ProgramInput(
            area_id=areas["Pendidikan"],
            title="Beasiswa dan alat belajar anak gampong",
            responsible="Kasi Pelayanan",
            starts_on=start,
            ends_on=end,
            description=(
                "Beasiswa bagi siswa SMA dari keluarga kurang mampu, alat belajar, dan pelatihan "
                "guru PAUD bersama "
                "perguruan tinggi."
            ),
            partners=(
                rencana.PartnerInput(
                    name="Yayasan Pendidikan Aceh Peduli", kind=PartnerKind.NGO, role="Donasi beasiswa"
                ),
                rencana.PartnerInput(
                    name="Universitas Syiah Kuala", kind=PartnerKind.UNIVERSITY, role="Pelatihan guru PAUD"
                ),
            ),
            budget=(
                rencana.BudgetInput(source=FundingSource.APBDES, amount=25_000_000, note="Alat belajar"),
                rencana.BudgetInput(source=FundingSource.NGO, amount=40_000_000, note="Beasiswa 40 siswa"),
            ),
            indicators=(
                rencana.IndicatorInput(
                    name="Beasiswa yang disalurkan",
                    unit="siswa",
                    baseline=Decimal(0),
                    target=Decimal(40),
                    direction=Direction.UP,
                ),
            ),
            milestones=(
                rencana.MilestoneInput(title="Penerima beasiswa ditetapkan", due_on=_day(start, today, 0.25)),
                rencana.MilestoneInput(title="Pelatihan guru PAUD", due_on=_day(start, today, 0.6)),
            ),
        ),
    )
    office = rencana.program_save(
        actor=admin,
        plan=plan,
        program=None,
        data=rencana.ProgramInput(
            area_id=areas["Administrasi publik"],
            title="Surat daring dan pelayanan tepat waktu",
            responsible="Sekretaris gampong",
            starts_on=start,
            ends_on=end,
            description=(
                "Permohonan surat lewat portal, jadwal piket loket, dan papan informasi standar "
                "pelayanan agar "
                "surat selesai dalam waktu standar."
            ),
            partners=(
                rencana.PartnerInput(
                    name="Dinas Komunikasi dan Informatika Aceh Besar",
                    kind=PartnerKind.GOVERNMENT,
                    role="Pendampingan portal dan pelatihan operator",
                ),
            ),
            budget=(
                rencana.BudgetInput(source=FundingSource.APBDES, amount=15_000_000, note="Operasional loket"),
            ),
            indicators=(
                rencana.IndicatorInput(
                    name="Surat selesai dalam waktu standar",
                    unit="%",
                    baseline=Decimal(60),
                    target=Decimal(90),
                    direction=Direction.UP,
                    measure=Measure.LETTERS_ON_TIME,
                ),
                rencana.IndicatorInput(
                    name="Lama antre rata-rata di loket",
                    unit="menit",
                    baseline=Decimal(45),
                    target=Decimal(15),
                    direction=Direction.DOWN,
                ),
            ),
            milestones=(
                rencana.MilestoneInput(title="Portal layanan surat dibuka", due_on=_day(start, today, 0.2)),
            ),
        ),
    )
    rencana.plan_publish(actor=admin, plan=plan, publish=True)
    first, second = _day(start, today, 0.45), _day(start, today, 0.95)
    updates = 0
    milestones = {
        program.pk: list(program.milestones.order_by("due_on")) for program in (health, school, office)
    }
    for program, values, spent, done_text, obstacles in (
        (
            health,
            (Decimal(84), Decimal(112)),
            (
                {FundingSource.APBDES: 18_000_000, FundingSource.CSR: 30_000_000},
                {FundingSource.APBDES: 12_500_000},
            ),
            (
                "Alat posyandu dari CSR diterima tiga dusun; pemeriksaan keliling berjalan empat kali.",
                "Pemeriksaan keliling berjalan tiap bulan; kunjungan posyandu naik hampir dua kali lipat.",
            ),
            "Jadwal dokter puskesmas kadang bentrok dengan hari pasar.",
        ),
        (
            school,
            (Decimal(25), Decimal(38)),
            (
                {FundingSource.NGO: 25_000_000},
                {FundingSource.NGO: 13_000_000, FundingSource.APBDES: 20_000_000},
            ),
            (
                "Dua puluh lima siswa menerima beasiswa semester pertama.",
                "Tiga belas siswa lagi menerima beasiswa; alat belajar dibagikan ke PAUD dan SD.",
            ),
            "Dua siswa pindah sekolah ke luar kabupaten.",
        ),
        (
            office,
            (Decimal(30), Decimal(20)),
            ({FundingSource.APBDES: 6_000_000}, {FundingSource.APBDES: 5_000_000}),
            (
                "Portal layanan surat dibuka; operator dilatih Diskominfo.",
                "Jadwal piket loket berjalan; papan standar pelayanan dipasang.",
            ),
            "Jaringan internet kantor sering putus saat hujan.",
        ),
    ):
        for number, day in enumerate((first, second)):
            manual = [indicator for indicator in program.indicators.all() if not indicator.fills_itself]
            rencana.progress_record(
                actor=admin,
                program=program,
                data=rencana.ProgressInput(
                    reported_on=day,
                    done=done_text[number],
                    obstacles=obstacles if number == 0 else "",
                    status=ProgramStatus.RUNNING,
                    values={indicator.pk: values[number] for indicator in manual},
                    spending={str(source): amount for source, amount in spent[number].items()},
                    milestones_done=tuple(
                        milestone.pk for milestone in milestones[program.pk] if milestone.due_on <= day
                    ),
                ),
            )
            updates += 1
    rencana.forum_save(
        actor=admin,
        plan=plan,
        forum=None,
        data=rencana.ForumInput(
            title=f"Musyawarah {noun} evaluasi rencana aksi semester pertama",
            held_on=_day(start, today, 0.5),
            place=f"Meunasah {noun} {village_name}",
            discussion=(
                "Warga Dusun Lamreh meminta pemeriksaan keliling juga di dusun mereka. Orang tua "
                "siswa meminta "
                "beasiswa diumumkan di papan informasi. Warga mengeluhkan antrean pagi di loket."
            ),
            decisions=(
                "Pemeriksaan keliling ditambah ke Dusun Lamreh mulai bulan depan. Daftar penerima beasiswa "
                "diumumkan tanpa NIK. Loket dibuka pukul 08.00."
            ),
            attendance=(
                ("Perangkat gampong", 9),
                ("Tuha peuet (BPD)", 5),
                ("Tokoh masyarakat dan agama", 7),
                ("Perempuan dan kader PKK", 14),
                ("Pemuda", 8),
            ),
            program_ids=(health.pk, school.pk, office.pk),
        ),
    )
    return updates
