"""The legal deadlines of the PPID in working days, against a table worked out by hand from the 2026
calendar (libur nasional and cuti bersama of the SKB, as modules.kalender knows them): the answer in
10 working days (UU 14/2008 Pasal 22 ayat (7)), one extension of at most 7 (ayat (8)), the
superior's answer to an objection in 30 (Pasal 36 ayat (2)) and the dispute at the Komisi Informasi
within 14 (Pasal 37 ayat (2)). The submission day itself never counts."""

import datetime

import pytest

from modules.kalender.models import DayOverride, OverrideScope
from modules.ppid import services
from modules.ppid.models import Decision, ObjectionGround, ObjectionOutcome
from tests.modules.ppid.data import at, decision, submit_request

D = datetime.date

# submitted on, due on, how the count goes
ANSWER_DUE = [
    # Mon 9 March: Tue 10 … Tue 17 are 1–6; Wed 18 cuti bersama Nyepi, Thu 19 Nyepi, Fri 20 cuti
    # bersama Idul Fitri, the weekend, Mon 23 and Tue 24 cuti bersama; Wed 25 … Mon 30 are 7–10.
    (D(2026, 3, 9), D(2026, 3, 30)),
    # Thu 13 May, the eve of Kenaikan Yesus Kristus (Thu 14) and its cuti bersama (Fri 15): Mon 18 …
    # Tue 26 are 1–7; Wed 27 Idul Adha, Thu 28 cuti bersama; Fri 29 is 8; Mon 1 June Pancasila;
    # Tue 2 and Wed 3 are 9 and 10.
    (D(2026, 5, 13), D(2026, 6, 3)),
    # Saturday 15 August (an online request on a weekend): Mon 17 Hari Kemerdekaan; Tue 18 … Mon 24
    # are 1–5; Tue 25 Maulid Nabi; Wed 26 … Tue 1 September are 6–10.
    (D(2026, 8, 15), D(2026, 9, 1)),
    # Fri 18 December: Mon 21 … Wed 23 are 1–3; Thu 24 cuti bersama Natal, Fri 25 Natal; Mon 28 … Thu
    # 31 are 4–7; Fri 1 January Tahun Baru; Mon 4 is 8; Tue 5 Isra Mikraj (2027); Wed 6, Thu 7 are 9, 10.
    (D(2026, 12, 18), D(2027, 1, 7)),
]


@pytest.mark.parametrize(("submitted_on", "due_on"), ANSWER_DUE)
def test_the_written_answer_is_due_ten_working_days_after_the_request(
    in_village_a, village_a, submitted_on, due_on
):
    request = submit_request(village_a, submitted_at=at(submitted_on))
    assert request.due_date == due_on
    assert request.original_due_date == due_on


def test_a_day_off_the_village_declares_moves_the_due_date(in_village_a, village_a):
    # Tue 10 March declared a day off by the village: the count starts on Wed 11, so the tenth
    # working day is Tue 31 March instead of Mon 30.
    DayOverride.objects.create(
        day=D(2026, 3, 10), is_working_day=False, reason="Kenduri gampong", scope=OverrideScope.VILLAGE
    )
    request = submit_request(village_a, submitted_at=at(D(2026, 3, 9)))
    assert request.due_date == D(2026, 3, 31)


def test_the_extension_counts_from_the_original_due_date(in_village_a, village_a, ppid_officer):
    request = submit_request(village_a, submitted_at=at(D(2026, 3, 9)))
    # Due Mon 30 March; 7 more: Tue 31, Wed 1, Thu 2 April are 1–3; Fri 3 Wafat Yesus Kristus; Mon 6 …
    # Thu 9 are 4–7.
    extended = services.information_request_extend(
        actor=ppid_officer,
        request=request,
        days=7,
        reason="Dokumen di arsip kecamatan.",
        at=at(D(2026, 3, 27)),
    )
    assert extended.due_date == D(2026, 4, 9)
    assert extended.original_due_date == D(2026, 3, 30)


def test_the_superior_answers_in_thirty_and_the_commission_within_fourteen_working_days(
    in_village_a, village_a, ppid_officer, ppid_superior
):
    request = submit_request(village_a, submitted_at=at(D(2026, 4, 20)))
    services.information_request_decide(
        actor=ppid_officer, request=request, data=decision(Decision.REFUSED), at=at(D(2026, 4, 24))
    )
    objection = services.objection_file(
        request=request,
        ground=ObjectionGround.REFUSED,
        reason="Saya tidak meminta data pribadi.",
        actor=None,
        at=at(D(2026, 4, 30)),
    )
    # Thu 30 April: Fri 1 May Hari Buruh; May 4–8 (1–5), 11–13 (6–8), Thu 14 Kenaikan, Fri 15 cuti
    # bersama, 18–22 (9–13), 25–26 (14–15), Wed 27 Idul Adha, Thu 28 cuti bersama, Fri 29 (16),
    # Mon 1 June Pancasila, 2–5 (17–20), 8–12 (21–25), Mon 15 (26), Tue 16 Tahun Baru Islam, 17–19
    # (27–29), Mon 22 June (30).
    assert objection.due_date == D(2026, 6, 22)
    answered = services.objection_answer(
        actor=ppid_superior,
        objection=objection,
        outcome=ObjectionOutcome.DISMISSED,
        response="Keputusan PPID dikuatkan.",
        at=at(D(2026, 5, 13)),
    )
    # Wed 13 May: Mon 18 … Fri 22 (1–5), Mon 25, Tue 26 (6–7), Wed 27 and Thu 28 off, Fri 29 (8),
    # Mon 1 June off, Tue 2 … Fri 5 (9–12), Mon 8, Tue 9 (13–14).
    assert answered.commission_deadline == D(2026, 6, 9)
