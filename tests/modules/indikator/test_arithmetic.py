"""The indicators' arithmetic on known data in village A: every figure counted here by hand."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from modules.accounts.models import Role
from modules.indikator.definitions import BY_KEY, Figure, Period, Window
from modules.indikator.services import village_figures
from modules.layanan.models import ServiceRequest
from modules.pengaduan.models import Complaint, FixedAnswer, Status
from modules.ppid import services as ppid
from modules.ppid.models import Decision
from modules.survei import services as survei
from tests.modules.layanan.data import awaiting_signature, signed_letter
from tests.modules.pengaduan.data import move, submit_complaint
from tests.modules.ppid.data import at, decision, submit_request
from tests.modules.survei.data import response_data

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
D = datetime.date
FEBRUARY = Period.parse("2026-02").window


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=WIB)


def compute(key: str, window: Window) -> Figure:
    return BY_KEY[key].compute(window)


def _finished(village, service, staff, submitted, completed, due):
    letter = signed_letter(
        village=village, service=service, operator=staff["operator"], signer=staff["village_admin"]
    )
    ServiceRequest.objects.filter(pk=letter.request_id).update(
        submitted_at=_at(submitted), completed_at=_at(completed), due_date=due
    )


def test_services_of_february(in_village_a, village_a, domisili, staff):
    # Received in February: 3 (two finished, one waiting); finished in February: 3, two within
    # their due date; working days 2, 5 and 1 (Imlek on 16 and 17 February): median 2.
    _finished(village_a, domisili, staff, D(2026, 2, 2), D(2026, 2, 4), D(2026, 2, 6))
    _finished(village_a, domisili, staff, D(2026, 2, 2), D(2026, 2, 9), D(2026, 2, 6))
    _finished(village_a, domisili, staff, D(2026, 1, 30), D(2026, 2, 2), D(2026, 2, 6))
    waiting = awaiting_signature(village=village_a, service=domisili, actor=staff["operator"])
    ServiceRequest.objects.filter(pk=waiting.pk).update(submitted_at=_at(D(2026, 2, 20)))

    assert compute("layanan_diterima", FEBRUARY) == Figure(Decimal(3))
    assert compute("layanan_selesai", FEBRUARY) == Figure(Decimal(3))
    assert compute("layanan_tepat_waktu", FEBRUARY) == Figure(Decimal("66.7"), 2, 3)
    assert compute("layanan_median_hari", FEBRUARY) == Figure(Decimal(2))
    assert compute("layanan_tepat_waktu", Period.parse("2025-02").window) == Figure(None, 0, 0)


def test_complaints_of_february(in_village_a, village_a, staff):
    officer = staff[Role.COMPLAINT_OFFICER]

    def resolved(submitted, closed, due, answer=""):
        complaint = move(submit_complaint(village_a), Status.RESOLVED, actor=officer)
        Complaint.objects.filter(pk=complaint.pk).update(
            submitted_at=_at(submitted), closed_at=_at(closed), resolve_due=due, fixed_answer=answer
        )

    resolved(D(2026, 2, 2), D(2026, 2, 5), D(2026, 2, 6), FixedAnswer.YES)  # 3 days, in time
    resolved(D(2026, 2, 9), D(2026, 2, 18), D(2026, 2, 12), FixedAnswer.NO)  # 5 days, late
    resolved(D(2026, 2, 10), D(2026, 2, 11), D(2026, 2, 20), FixedAnswer.YES)  # 1 day, in time
    resolved(D(2026, 1, 29), D(2026, 2, 4), D(2026, 2, 10))  # received in January; 4 days

    assert compute("pengaduan_diterima", FEBRUARY) == Figure(Decimal(3))
    assert compute("pengaduan_selesai", FEBRUARY) == Figure(Decimal(4))
    assert compute("pengaduan_tepat_waktu", FEBRUARY) == Figure(Decimal("75.0"), 3, 4)
    assert compute("pengaduan_median_hari", FEBRUARY) == Figure(Decimal("3.5"))
    assert compute("pengaduan_terkonfirmasi", FEBRUARY) == Figure(Decimal("66.7"), 2, 3)


def test_ppid_of_the_third_quarter(in_village_a, village_a, staff):
    officer = staff[Role.PPID_OFFICER]
    for submitted, decided in ((D(2026, 7, 6), D(2026, 7, 8)), (D(2026, 7, 6), D(2026, 7, 27))):
        request = submit_request(village_a, submitted_at=at(submitted))
        ppid.information_request_decide(
            actor=officer, request=request, data=decision(Decision.GRANTED), at=at(decided)
        )
    submit_request(village_a, submitted_at=at(D(2026, 9, 30)))
    quarter = Period.parse("2026-T3").window

    assert compute("ppid_permohonan", quarter) == Figure(Decimal(3))
    assert compute("ppid_tepat_waktu", quarter) == Figure(Decimal("50.0"), 1, 2)
    coverage = compute("ppid_cakupan", quarter)
    assert coverage.denominator and coverage.numerator is not None
    assert coverage.value == (Decimal(100 * coverage.numerator) / coverage.denominator).quantize(
        Decimal("0.1")
    )


def test_satisfaction_of_a_semester_and_its_change(in_village_a, village_a, domisili, staff):
    _kiosk, token = survei.kiosk_register(
        actor=staff[Role.VILLAGE_ADMIN], name="Kios", hourly_limit=100, service_name="Umum"
    )
    for score, day in ((3, D(2026, 3, 2)), (3, D(2026, 5, 4)), (4, D(2025, 9, 1))):
        survei.response_submit_at_kiosk(kiosk_token=token, data=response_data(score), answered_on=day)
    # People served in the first semester: three letters (a sample target of 3).
    for day in (D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 6)):
        _finished(village_a, domisili, staff, day, day, day)
    semester = Period.parse("2026-S1").window

    assert compute("ikm", semester) == Figure(Decimal("75.00"))
    assert compute("ikm_perubahan", semester) == Figure(Decimal("-25.00"))
    assert compute("survei_responden", semester) == Figure(Decimal("66.7"), 2, 3)
    assert compute("ikm_perubahan", Period.parse("2025-S2").window) == Figure(None)


def test_officials_and_the_portals_freshness(in_village_a, village_a, staff):
    from modules.portal import services as portal

    admin = staff[Role.VILLAGE_ADMIN]
    portal.official_save(actor=admin, official=None, name="Teuku Ahmad", position="Keuchik", is_head=True)
    portal.official_save(actor=admin, official=None, name="Cut Meutia", position="Sekretaris")
    today = datetime.date.today()
    month = Period.containing(today, "bulan").window

    assert compute("perangkat_aktif", month) == Figure(Decimal(2))
    assert compute("perangkat_terlatih", month) == Figure(None)  # until the training issue
    ten_days_on = Window(month.start, month.end, today=today + datetime.timedelta(days=10))
    assert compute("portal_hari_sejak_pembaruan", ten_days_on) == Figure(Decimal(10))


def test_the_action_plan_without_and_with_a_current_plan(in_village_a, staff):
    from modules.rencana import selectors as rencana
    from tests.modules.rencana.plans import write_plan

    year = Period.containing(datetime.date.today(), "tahun").window
    assert compute("rencana_program_berjalan", year) == Figure(None)

    write_plan(staff[Role.VILLAGE_ADMIN])
    figures = rencana.district_figures()

    assert compute("rencana_program_berjalan", year) == Figure(Decimal(figures.running))
    assert compute("rencana_indikator_tercapai", year).denominator == figures.indicators == 3


def test_a_switched_off_module_reads_no_data(village_a, staff):
    village_a.modules_off = ["pengaduan"]

    figures = village_figures(village=village_a, today=D(2026, 2, 20))

    assert figures[("pengaduan_diterima", "2026-02")] == Figure(None)
    assert figures[("layanan_diterima", "2026-02")] == Figure(Decimal("0.00"))
    # A count has its period and the one before; a state only its current period.
    assert ("layanan_diterima", "2026-01") in figures and ("perangkat_aktif", "2026-01") not in figures
