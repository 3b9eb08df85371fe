"""A plan for tests, written through the services: a published plan of this year with one program
in each of the default areas (health, education, administration), budget from three sources, an
indicator typed by staff and one Balai fills (letters on time)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from modules.accounts.models import User
from modules.rencana import selectors, services
from modules.rencana.models import Direction, FundingSource, Measure, NeedsKind, PartnerKind, Plan, Program


@dataclass(frozen=True)
class WrittenPlan:
    plan: Plan
    health: Program
    school: Program
    office: Program


def program_input(
    *,
    area: str,
    title: str,
    start: datetime.date,
    end: datetime.date,
    budget: tuple[tuple[str, int], ...],
    indicators: tuple[services.IndicatorInput, ...],
) -> services.ProgramInput:
    areas = {area.name: area.pk for area in selectors.areas()}
    return services.ProgramInput(
        area_id=areas[area],
        title=title,
        responsible="Kaur Perencanaan",
        starts_on=start,
        ends_on=end,
        description=f"Uraian {title}",
        partners=(services.PartnerInput(name=f"Mitra {title}", kind=PartnerKind.NGO, role="Pendamping"),),
        budget=tuple(services.BudgetInput(source=source, amount=amount) for source, amount in budget),
        indicators=indicators,
        milestones=(
            services.MilestoneInput(title="Tahap pertama", due_on=start + datetime.timedelta(days=30)),
        ),
    )


def write_plan(admin: User, *, title: str = "Rencana Aksi Uji", publish: bool = True) -> WrittenPlan:
    today = timezone.localdate()
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    plan = services.plan_save(
        actor=admin,
        plan=None,
        data=services.PlanInput(
            title=title,
            period_start=start,
            period_end=end,
            background="Latar belakang.",
            goals="Tujuan.",
            targets="Sasaran satu\nSasaran dua",
        ),
    )
    services.needs_finding_save(
        actor=admin,
        plan=plan,
        finding=None,
        data=services.NeedsInput(
            kind=NeedsKind.INTERVIEW, title="Wawancara kader", held_on=start, findings="Temuan."
        ),
    )
    manual = services.IndicatorInput(
        name="Kunjungan posyandu per bulan",
        unit="kunjungan",
        baseline=Decimal(60),
        target=Decimal(120),
        direction=Direction.UP,
    )
    health = services.program_save(
        actor=admin,
        plan=plan,
        program=None,
        data=program_input(
            area="Pelayanan kesehatan",
            title="Posyandu terpadu",
            start=start,
            end=end,
            budget=((FundingSource.APBDES, 45_000_000), (FundingSource.CSR, 30_000_000)),
            indicators=(manual,),
        ),
    )
    school = services.program_save(
        actor=admin,
        plan=plan,
        program=None,
        data=program_input(
            area="Pendidikan",
            title="Beasiswa anak",
            start=start,
            end=end,
            budget=((FundingSource.APBDES, 25_000_000), (FundingSource.NGO, 40_000_000)),
            indicators=(
                services.IndicatorInput(
                    name="Beasiswa disalurkan",
                    unit="siswa",
                    baseline=Decimal(0),
                    target=Decimal(40),
                    direction=Direction.UP,
                ),
            ),
        ),
    )
    office = services.program_save(
        actor=admin,
        plan=plan,
        program=None,
        data=program_input(
            area="Administrasi publik",
            title="Surat tepat waktu",
            start=start,
            end=end,
            budget=((FundingSource.APBDES, 15_000_000),),
            indicators=(
                services.IndicatorInput(
                    name="Surat selesai dalam waktu standar",
                    unit="%",
                    baseline=Decimal(60),
                    target=Decimal(90),
                    direction=Direction.UP,
                    measure=Measure.LETTERS_ON_TIME,
                ),
            ),
        ),
    )
    if publish:
        plan = services.plan_publish(actor=admin, plan=plan, publish=True)
    return WrittenPlan(plan=plan, health=health, school=school, office=office)
