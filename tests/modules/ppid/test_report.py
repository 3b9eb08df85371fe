"""The annual PPID report's figures, against requests seeded for the year with known outcomes: every
number is counted here by hand from the seed below."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from modules.accounts.models import Role
from modules.ppid import selectors, services
from modules.ppid.models import Decision, InformationRequest
from tests.modules.ppid.data import at, decision, submit_request

D = datetime.date


def seed_2026(village, staff):
    """Seven requests of 2026 and one of 2025 (which the 2026 report must not count)."""
    officer, superior = staff[Role.PPID_OFFICER], staff[Role.PPID_SUPERIOR]

    def answered(submitted, decided, kind, **overrides):
        request = submit_request(village, submitted_at=at(submitted), **overrides)
        return services.information_request_decide(
            actor=officer, request=request, data=decision(kind), at=at(decided)
        )

    # Mon 2 Feb → Thu 5 Feb: 3 working days, granted, on time.
    answered(D(2026, 2, 2), D(2026, 2, 5), Decision.GRANTED)
    # Mon 9 Mar → Mon 30 Mar: 10 working days (the Nyepi and Idul Fitri days off), granted, on time.
    answered(D(2026, 3, 9), D(2026, 3, 30), Decision.GRANTED)
    # Mon 4 May → Mon 18 May: 8 working days (Thu 14, Fri 15 off), refused on 17h, on time.
    refused = answered(D(2026, 5, 4), D(2026, 5, 18), Decision.REFUSED)
    # Tue 2 Jun → Thu 4 Jun, partly granted on 17h: 2 working days.
    answered(D(2026, 6, 2), D(2026, 6, 4), Decision.PARTIAL)
    # Mon 6 Jul, an oral request, not held, answered Mon 27 Jul: 15 working days, late (due 20 Jul).
    late = submit_request(village, actor=officer, submitted_at=at(D(2026, 7, 6)))
    late = services.information_request_decide(
        actor=officer, request=late, data=decision(Decision.NOT_HELD), at=at(D(2026, 7, 27))
    )
    # Mon 3 Aug, refused on 17a after one extension: due Tue 18 Aug (Mon 17 Hari Kemerdekaan),
    # extended by 5 to Wed 26 Aug (Tue 25 Maulid Nabi), answered Mon 24 Aug: 14 working days, on time.
    extended = submit_request(village, submitted_at=at(D(2026, 8, 3)))
    services.information_request_extend(
        actor=officer, request=extended, days=5, reason="Arsip.", at=at(D(2026, 8, 14))
    )
    services.information_request_decide(
        actor=officer,
        request=extended,
        data=decision(Decision.REFUSED, exemption_ground="17a"),
        at=at(D(2026, 8, 24)),
    )
    # Tue 1 Dec, still open.
    submit_request(village, submitted_at=at(D(2026, 12, 1)))
    # 2025: not in the 2026 report.
    answered(D(2025, 11, 3), D(2025, 11, 5), Decision.GRANTED)
    # Two objections of 2026: one on the refusal (answered: dismissed), one on the late answer (waiting).
    first = services.objection_file(
        request=refused, ground="35a", reason="Saya keberatan.", actor=None, at=at(D(2026, 5, 20))
    )
    services.objection_answer(
        actor=superior,
        objection=first,
        outcome="ditolak",
        response="Dikuatkan.",
        at=at(D(2026, 6, 2)),
    )
    services.objection_file(
        request=late, ground="35g", reason="Terlambat.", actor=None, at=at(D(2026, 7, 28))
    )


def test_the_annual_report_counts_the_seeded_requests_exactly(in_village_a, village_a, staff):
    seed_2026(village_a, staff)
    figures = selectors.annual_report(2026)
    assert figures.received == 7
    assert figures.by_channel == {
        "Formulir daring": 6,
        "Tertulis, diantar ke kantor": 0,
        "Lisan, dicatat petugas PPID": 1,
    }
    assert figures.answered == 6 and figures.open_at_end == 1
    assert (figures.granted, figures.partial, figures.refused, figures.not_held) == (2, 1, 2, 1)
    assert figures.refused_by_ground == {
        "Pasal 17 huruf a: menghambat proses penegakan hukum": 1,
        "Pasal 17 huruf h: mengungkap rahasia pribadi": 2,  # one refusal and the partial grant
    }
    assert figures.extended == 1
    assert figures.on_time == 5 and figures.on_time_share == 83.3
    # 3, 10, 8, 2, 15, 14 working days.
    assert figures.average_working_days == round((3 + 10 + 8 + 2 + 15 + 14) / 6, 1)
    assert figures.time_distribution == [("0–3", 2), ("4–7", 0), ("8–10", 2), ("11–17", 2), ("> 17", 0)]
    assert figures.objections == 2 and figures.objections_pending == 1
    assert figures.objections_by_outcome == {
        "Keberatan diterima: informasi diberikan": 0,
        "Keberatan diterima sebagian": 0,
        "Keberatan ditolak: keputusan PPID dikuatkan": 1,
    }
    assert InformationRequest.objects.filter(year=2025).count() == 1


def test_the_report_reads_the_dip_coverage_and_is_published_as_a_dip_item(in_village_a, village_a, staff):
    officer = staff[Role.PPID_OFFICER]
    before = selectors.annual_report(2026).dip_coverage_share
    entry_id = selectors.checklist_coverage().lines[5].entry.pk  # APBDes
    services.information_item_save(
        actor=officer,
        item=None,
        data=services.ItemInput(
            category="berkala",
            title="APBG 2026",
            summary="Anggaran.",
            holder="Kaur Keuangan",
            publisher="PPID",
            made_when="Januari 2026",
            made_where="Lambaro",
            form="keduanya",
            retention="5 tahun",
            checklist_entry_id=entry_id,
        ),
        upload=SimpleUploadedFile("apbg.pdf", b"%PDF-1.4 apbg", "application/pdf"),
    )
    coverage = selectors.checklist_coverage()
    assert selectors.annual_report(2026).dip_coverage_share == coverage.share > before
    report = services.annual_report_publish(actor=officer, year=2026, pdf=b"%PDF-1.4 laporan")
    assert report.item.is_published and report.item.category == "berkala"
    assert report.item.checklist_entry.key == "laporan-ppid"
    again = services.annual_report_publish(actor=officer, year=2026, pdf=b"%PDF-1.4 laporan kedua")
    assert again.item.pk == report.item.pk
    with again.item.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 laporan kedua"
