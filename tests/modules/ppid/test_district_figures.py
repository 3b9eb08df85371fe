"""The PPID figures of one period that the district's indicators read."""

import datetime

from modules.accounts.models import Role
from modules.ppid import selectors, services
from modules.ppid.models import Decision
from tests.modules.ppid.data import at, decision, submit_request

D = datetime.date


def test_requests_of_a_quarter_answered_and_on_time(in_village_a, village_a, staff):
    officer = staff[Role.PPID_OFFICER]

    def answered(submitted, decided):
        request = submit_request(village_a, submitted_at=at(submitted))
        services.information_request_decide(
            actor=officer, request=request, data=decision(Decision.GRANTED), at=at(decided)
        )

    answered(D(2026, 7, 6), D(2026, 7, 8))  # on time
    answered(D(2026, 7, 6), D(2026, 7, 27))  # 15 working days, due 20 July: late
    submit_request(village_a, submitted_at=at(D(2026, 9, 30)))  # open
    answered(D(2026, 6, 29), D(2026, 7, 1))  # the quarter before

    figures = selectors.request_figures_between(D(2026, 7, 1), D(2026, 9, 30))

    assert figures == selectors.RequestFigures(received=3, answered=2, answered_on_time=1)
