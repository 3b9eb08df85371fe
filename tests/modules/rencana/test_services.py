"""The action plan's writes and figures: one transaction each, the refusals with their codes, the
indicator that Balai fills, the matrix's totals and the district's figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.rencana import selectors, services
from modules.rencana.models import FundingSource, Measure, ProgramStatus, ProgressUpdate
from tenants.models import Village
from tests.factories import ServiceStandardFactory
from tests.modules.layanan.data import signed_letter
from tests.modules.rencana.plans import program_input, write_plan

pytestmark = pytest.mark.django_db


def _yesterday_or_start(start: datetime.date) -> datetime.date:
    return max(start, timezone.localdate() - datetime.timedelta(days=1))


def test_the_matrix_totals_budget_and_spending_by_source_and_the_district_reads_its_figures(village_a, staff):
    admin = staff[Role.VILLAGE_ADMIN]
    with tenant_context(village_a.tenant):
        written = write_plan(admin)
        day = _yesterday_or_start(written.health.starts_on)
        services.progress_record(
            actor=staff[Role.OPERATOR],
            program=written.health,
            data=services.ProgressInput(
                reported_on=day,
                done="Alat posyandu diserahkan.",
                status=ProgramStatus.RUNNING,
                values={written.health.indicators.get().pk: Decimal(130)},
                spending={FundingSource.APBDES: 10_000_000, FundingSource.CSR: 2_500_000},
            ),
        )
        services.progress_record(
            actor=admin,
            program=written.school,
            data=services.ProgressInput(
                reported_on=day,
                done="Beasiswa tahap satu.",
                status=ProgramStatus.RUNNING,
                values={written.school.indicators.get().pk: Decimal(12)},
                spending={FundingSource.NGO: 7_000_000},
            ),
        )
        found = selectors.matrix(written.plan)
        totals = {total.source: (total.budget, total.spent) for total in found.totals}
        assert totals == {
            FundingSource.APBDES: (45_000_000 + 25_000_000 + 15_000_000, 10_000_000),
            FundingSource.CSR: (30_000_000, 2_500_000),
            FundingSource.NGO: (40_000_000, 7_000_000),
        }
        assert found.budget_total == 155_000_000 and found.spent_total == 19_500_000
        # Health meets (130 ≥ 120), school does not (12 < 40), letters: no letter yet, no value.
        assert (found.indicator_count, found.indicators_meeting) == (3, 1)
        figures = selectors.district_figures()
        assert figures.has_current_plan and figures.programs == 3 and figures.running == 2
        assert figures.indicators_meeting_share == 33.3
        assert figures.budget_by_source == {"apbdes": 85_000_000, "csr": 30_000_000, "donasi_lsm": 40_000_000}


def test_the_letters_on_time_indicator_fills_itself_from_the_counter(village_a, staff):
    admin = staff[Role.VILLAGE_ADMIN]
    with tenant_context(village_a.tenant):
        written = write_plan(admin)
        indicator = written.office.indicators.get()
        assert indicator.measure == Measure.LETTERS_ON_TIME
        assert selectors.value_on(indicator, written.office, timezone.localdate()).value is None
        signed_letter(
            village=village_a,
            service=ServiceStandardFactory().service,
            operator=staff[Role.OPERATOR],
            signer=admin,
        )
        row = selectors.value_on(indicator, written.office, timezone.localdate())
        assert row.value == Decimal("100.00") and row.meets
        # At a progress update the figure is kept as it was that day, without being typed.
        update = services.progress_record(
            actor=admin,
            program=written.office,
            data=services.ProgressInput(
                reported_on=timezone.localdate(), done="Loket daring dibuka.", status=ProgramStatus.RUNNING
            ),
        )
        assert list(update.values.values_list("value", flat=True)) == [Decimal("100.00")]


def test_a_refused_progress_update_stores_nothing_and_says_why_per_field(village_a, staff):
    admin = staff[Role.VILLAGE_ADMIN]
    with tenant_context(village_a.tenant):
        written = write_plan(admin)
        audits = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as refused:
            services.progress_record(
                actor=admin,
                program=written.health,
                data=services.ProgressInput(
                    reported_on=timezone.localdate() + datetime.timedelta(days=3),
                    done="",
                    status=ProgramStatus.STOPPED,
                    spending={FundingSource.NGO: 5},
                ),
            )
        codes = {name: [error.code for error in errors] for name, errors in refused.value.error_dict.items()}
        value_field = f"value_{written.health.indicators.get().pk}"
        assert codes["reported_on"] == ["future"]
        assert codes["stop_reason"] == ["stop_reason_required"]
        assert codes["spending"] == ["source_not_in_budget"]
        assert codes[value_field] == ["value_required"]
        assert "done" in codes
        assert not ProgressUpdate.objects.exists() and AuditEvent.objects.count() == audits


def test_a_program_is_refused_with_its_rows_errors_and_outside_the_plans_period(village_a, staff):
    admin = staff[Role.VILLAGE_ADMIN]
    with tenant_context(village_a.tenant):
        written = write_plan(admin, publish=False)
        start = written.plan.period_start
        data = program_input(
            area="Pendidikan",
            title="Program salah",
            start=start,
            end=written.plan.period_end + datetime.timedelta(days=1),
            budget=((FundingSource.APBDES, 1), (FundingSource.APBDES, 2)),
            indicators=(
                services.IndicatorInput(
                    name="Salah", unit="x", baseline=Decimal(5), target=Decimal(5), direction="naik"
                ),
            ),
        )
        with pytest.raises(ValidationError) as refused:
            services.program_save(actor=admin, plan=written.plan, program=None, data=data)
        codes = {name: [error.code for error in errors] for name, errors in refused.value.error_dict.items()}
        assert codes["ends_on"] == ["outside_period"]
        assert codes["budget"] == ["source_twice"]
        assert codes["indicators-0-target"] == ["target_is_baseline"]
        assert written.plan.programs.count() == 3


def test_roles_publishing_and_deleting(village_a, staff):
    admin = staff[Role.VILLAGE_ADMIN]
    with tenant_context(village_a.tenant):
        written = write_plan(admin, publish=False)
        for role in (Role.OPERATOR, Role.PPID_OFFICER, Role.COUNCIL_MEMBER):
            with pytest.raises(PermissionDenied):
                services.plan_publish(actor=staff[role], plan=written.plan, publish=True)
        with pytest.raises(PermissionDenied):
            services.progress_record(
                actor=staff[Role.COUNCIL_MEMBER],
                program=written.health,
                data=services.ProgressInput(reported_on=timezone.localdate(), done="x", status="berjalan"),
            )
        empty = services.plan_save(
            actor=admin,
            plan=None,
            data=services.PlanInput(
                title="Kosong", period_start=written.plan.period_start, period_end=written.plan.period_end
            ),
        )
        with pytest.raises(ValidationError) as refused:
            services.plan_publish(actor=admin, plan=empty, publish=True)
        assert refused.value.code == "no_programs"
        services.plan_delete(actor=admin, plan=empty)
        published = services.plan_publish(actor=admin, plan=written.plan, publish=True)
        assert selectors.current_plan() == published
        services.plan_publish(actor=admin, plan=published, publish=False)
        assert selectors.current_plan() is None
        with pytest.raises(ValidationError) as kept:
            services.plan_delete(actor=admin, plan=published)
        assert kept.value.code == "was_published"


def test_another_villages_plan_is_not_found_in_b(village_a: Village, village_b: Village, staff):
    with tenant_context(village_a.tenant):
        written = write_plan(staff[Role.VILLAGE_ADMIN])
    with tenant_context(village_b.tenant):
        assert selectors.published_plan(written.plan.pk) is None
        assert selectors.current_plan() is None
        assert not selectors.district_figures().has_current_plan
