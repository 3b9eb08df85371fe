"""The survey's staff pages: the results with the regulation's data processing (the figures equal
the selector's), the warning below the sample target, the follow-up plan (add, edit, delete with
the service's messages next to the fields) and the kiosks (the device's cookie, then answers
through it). Who may not open a page, and another village's host, are covered by
tests/platform/test_routes.py."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.survei import documents, services
from modules.survei.models import FollowUpAction, Kiosk, Response
from modules.survei.selectors import Period
from tests.modules.layanan.data import new_request_data, signed_letter
from tests.modules.survei.data import response_data
from tests.modules.survei.test_ikm import NRR, TOTALS, respondents_with_totals

READERS = (Role.VILLAGE_ADMIN, Role.OPERATOR, Role.COUNCIL_MEMBER)
PERIOD = Period.containing(timezone.localdate())


def seed(village, admin, people, *, suggestions=(), service_name="Surat keterangan domisili"):
    """`people` (element key → score) answered at a kiosk of `village` today; the first ones with
    `suggestions`."""
    with tenant_context(village.tenant):
        _kiosk, token = services.kiosk_register(
            actor=admin, name="Tablet uji", hourly_limit=200, service_name=service_name
        )
        for number, scores in enumerate(people):
            suggestion = suggestions[number] if number < len(suggestions) else ""
            services.response_submit_at_kiosk(
                kiosk_token=token, data=response_data(scores=scores, suggestion=suggestion)
            )


@pytest.fixture
def twenty_nine(village_a, staff):
    seed(
        village_a,
        staff[Role.VILLAGE_ADMIN],
        respondents_with_totals(TOTALS, 29),
        suggestions=("Ruang tunggu panas, mohon kipas angin.",),
    )


def _value(html, figure):
    match = re.search(rf'data-figure="{figure}" data-value="([^"]*)"', html)
    assert match, figure
    return match.group(1)


def _figure(html, figure):
    match = re.search(rf'data-figure="{figure}"[^>]*>([^<]*)<', html)
    assert match, figure
    return match.group(1)


@pytest.mark.parametrize("role", READERS)
def test_the_results_page_shows_the_selectors_figures_with_both_weights(
    village_a, twenty_nine, client_as, role
):
    response = client_as(role).get(f"/staf/survei/?periode={PERIOD.key}")
    html = response.content.decode()
    assert response.status_code == 200
    with tenant_context(village_a.tenant):
        expected = documents.summary(PERIOD)
    assert _value(html, "converted_exact") == str(expected.converted_exact) == "91.48"
    assert _value(html, "converted_rounded") == str(expected.converted_rounded) == "91.38"
    assert _figure(html, "category_exact") == "A" == _figure(html, "category_rounded")
    assert re.findall(r'data-figure="nrr" data-value="([^"]*)"', html) == list(NRR)
    assert [int(total) for total in re.findall(r'data-figure="total">(\d+)<', html)] == list(TOTALS)
    assert _figure(html, "respondents") == "29"
    # The chart: one bar per element, NRR on 0–4 as 0–240, the three weakest in the warning colour.
    chart = html[html.index('<figure class="survei-chart">') : html.index("</figure>")]
    bars = re.findall(r'<rect x="40" y="\d+" width="(\d+)" height="18" fill="(#\w+)"', chart)
    assert [int(width) for width, _fill in bars] == [int(Decimal(nrr) * 60) for nrr in NRR]
    assert [fill for _width, fill in bars].count("#b45309") == 3
    assert "bobot tepat 1/9" in html and "0,111" in html
    assert "Surat keterangan domisili: 29" in html
    assert "Ruang tunggu panas, mohon kipas angin." in html
    assert f"/staf/survei/jawaban.xlsx?periode={PERIOD.key}" in html
    assert f"/staf/survei/laporan.pdf?periode={PERIOD.key}" in html
    # The plan is the village admin's: only they get its link.
    assert ("/staf/survei/tindak-lanjut/" in html) is (role == Role.VILLAGE_ADMIN)


def test_fewer_answers_than_the_sample_target_are_warned_about(village_a, staff, domisili, client_as):
    with tenant_context(village_a.tenant):
        for _ in range(2):  # two people served: the target is 2
            signed_letter(
                village=village_a,
                service=domisili,
                operator=staff[Role.OPERATOR],
                signer=staff[Role.VILLAGE_ADMIN],
                data=new_request_data(),
            )
    seed(village_a, staff[Role.VILLAGE_ADMIN], [response_data().scores])
    html = client_as(Role.OPERATOR).get("/staf/survei/").content.decode()
    assert _figure(html, "target") == "2" and _figure(html, "served") == "2"
    assert 'data-warning="below_target"' in html and "kurang dari target sampel 2" in html


def test_the_warning_is_absent_when_the_target_is_met(village_a, twenty_nine, client_as):
    html = client_as(Role.OPERATOR).get("/staf/survei/").content.decode()
    assert 'data-warning="below_target"' not in html


@pytest.mark.parametrize("period", ["2026-3", "abc", "1999-1", "2026-1" * 5])
def test_an_odd_period_is_a_400_with_a_message(village_a, staff, client_as, period):
    response = client_as(Role.VILLAGE_ADMIN).get(f"/staf/survei/?periode={period}")
    assert response.status_code == 400 and "Periode tidak dikenal" in response.content.decode()


def test_a_period_without_answers_says_the_ikm_cannot_be_computed(village_a, staff, client_as):
    response = client_as(Role.COUNCIL_MEMBER).get("/staf/survei/?periode=2025-1")
    assert response.status_code == 200 and "IKM belum dapat dihitung" in response.content.decode()


# --- the follow-up plan ----------------------------------------------------------------------------------

PLAN = "/staf/survei/tindak-lanjut/"


def action_form(**overrides):
    return {
        "element": "waktu",
        "action": "Loket buka pukul 07.30",
        "owner": "Sekretaris gampong",
        "due_on": "2026-12-15",
        "status": "rencana",
        "progress": "",
        **overrides,
    }


def test_the_plan_lists_the_weakest_elements_first_and_adds_an_action(village_a, twenty_nine, client_as):
    client = client_as(Role.VILLAGE_ADMIN)
    page = client.get(f"{PLAN}?periode={PERIOD.key}").content.decode()
    shown = re.findall(r'class="card survei-plan-group" data-element="(\w+)"', page)
    assert shown == ["waktu", "prosedur", "produk"]  # NRR 3.4483, 3.4828, 3.5172
    response = client.post(f"{PLAN}?periode={PERIOD.key}", action_form())
    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        action = FollowUpAction.objects.get()
    assert (action.year, action.semester, action.element) == (PERIOD.year, PERIOD.semester, "waktu")
    assert action.due_on == datetime.date(2026, 12, 15)
    page = client.get(response["Location"]).content.decode()
    assert "Loket buka pukul 07.30" in page and "Sekretaris gampong" in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"owner": ""}, "owner"),
        ({"due_on": "besok"}, "due_on"),
        ({"element": "kecepatan"}, "element"),
        ({"action": "x" * 2001}, "action"),
        ({"action": "ada\x00nul"}, "action"),
    ],
)
def test_a_refused_action_shows_the_message_next_to_its_field_and_saves_nothing(
    village_a, staff, client_as, overrides, field
):
    response = client_as(Role.VILLAGE_ADMIN).post(PLAN, action_form(**overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html and "error-summary" in html
    with tenant_context(village_a.tenant):
        assert not FollowUpAction.objects.exists()


@pytest.fixture
def planned(village_a, staff):
    with tenant_context(village_a.tenant):
        return services.follow_up_save(
            actor=staff[Role.VILLAGE_ADMIN],
            action=None,
            data=services.ActionInput(
                year=PERIOD.year,
                semester=PERIOD.semester,
                element="sarana",
                action="Kursi tunggu tambahan",
                owner="Kaur umum",
                due_on=datetime.date(2026, 12, 1),
            ),
        )


def test_an_action_is_updated_with_its_status_and_progress(village_a, planned, client_as):
    client = client_as(Role.VILLAGE_ADMIN)
    url = f"{PLAN}{planned.pk}/"
    page = client.get(url).content.decode()
    assert "Kursi tunggu tambahan" in page
    response = client.post(
        url,
        action_form(
            element="sarana",
            action="Kursi tunggu tambahan",
            owner="Kaur umum",
            status="berjalan",
            progress="Sepuluh kursi sudah dibeli.",
        ),
    )
    assert response.status_code == 302 and response["Location"] == f"{PLAN}?periode={PERIOD.key}"
    with tenant_context(village_a.tenant):
        planned.refresh_from_db()
    assert (planned.status, planned.progress) == ("berjalan", "Sepuluh kursi sudah dibeli.")
    assert (planned.year, planned.semester) == (PERIOD.year, PERIOD.semester)


def test_a_refused_update_changes_nothing(village_a, planned, client_as):
    response = client_as(Role.VILLAGE_ADMIN).post(f"{PLAN}{planned.pk}/", action_form(status="lupa"))
    assert response.status_code == 400 and 'id="id_status_error"' in response.content.decode()
    with tenant_context(village_a.tenant):
        planned.refresh_from_db()
    assert planned.status == "rencana" and planned.element == "sarana"


def test_an_action_is_deleted_only_after_confirming(village_a, planned, client_as):
    client = client_as(Role.VILLAGE_ADMIN)
    url = f"{PLAN}{planned.pk}/hapus/"
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 200 and "Kursi tunggu tambahan" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert FollowUpAction.objects.filter(pk=planned.pk).exists()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        assert not FollowUpAction.objects.filter(pk=planned.pk).exists()


def test_an_unknown_action_is_a_404(village_a, staff, client_as):
    client = client_as(Role.VILLAGE_ADMIN)
    assert client.get(f"{PLAN}987654/").status_code == 404
    assert client.post(f"{PLAN}987654/hapus/", {"confirm": "1"}).status_code == 404


# --- kiosks --------------------------------------------------------------------------------------------

KIOSKS = "/staf/survei/kios/"


def test_registering_a_kiosk_sets_the_devices_cookie_which_then_takes_answers(village_a, staff, client_as):
    client = client_as(Role.VILLAGE_ADMIN)
    response = client.post(
        KIOSKS, {"name": "Tablet loket", "hourly_limit": "20", "service_name": "Pelayanan loket"}
    )
    assert response.status_code == 302
    cookie = response.cookies[services.KIOSK_COOKIE]
    assert cookie["path"] == "/survei/kios/" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60 and not cookie["secure"]
    token = cookie.value
    page = client.get(response["Location"]).content.decode()
    assert "Perangkat ini sekarang kios survei: buka /survei/kios/" in page and "Tablet loket" in page
    assert token not in page
    with tenant_context(village_a.tenant):
        kiosk = Kiosk.objects.get()
        assert kiosk.token_hash == services.kiosk_token_hash(token) != token
        answered = services.response_submit_at_kiosk(kiosk_token=token, data=response_data())
        assert answered.kiosk == kiosk and answered.service_name == "Pelayanan loket"


def test_the_cookie_is_secure_when_the_request_is(village_a, staff, client_as):
    response = client_as(Role.VILLAGE_ADMIN).post(
        KIOSKS, {"name": "Tablet aman", "hourly_limit": "5", "service_name": ""}, secure=True
    )
    assert response.status_code == 302 and response.cookies[services.KIOSK_COOKIE]["secure"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"hourly_limit": "0"}, "hourly_limit"),
        ({"hourly_limit": "999"}, "hourly_limit"),
    ],
)
def test_a_refused_kiosk_shows_the_message_and_sets_no_cookie(village_a, staff, client_as, overrides, field):
    response = client_as(Role.VILLAGE_ADMIN).post(
        KIOSKS, {"name": "Tablet", "hourly_limit": "10", "service_name": "", **overrides}
    )
    assert response.status_code == 400 and f'id="id_{field}_error"' in response.content.decode()
    assert services.KIOSK_COOKIE not in response.cookies
    with tenant_context(village_a.tenant):
        assert not Kiosk.objects.exists()


def test_a_deactivated_kiosk_takes_no_more_answers(village_a, staff, client_as):
    with tenant_context(village_a.tenant):
        kiosk, token = services.kiosk_register(
            actor=staff[Role.VILLAGE_ADMIN], name="Tablet lama", hourly_limit=10, service_name=""
        )
    client = client_as(Role.VILLAGE_ADMIN)
    assert client.get(f"{KIOSKS}{kiosk.pk}/nonaktifkan/").status_code == 405
    response = client.post(f"{KIOSKS}{kiosk.pk}/nonaktifkan/")
    assert response.status_code == 302 and response["Location"] == KIOSKS
    assert "Kios Tablet lama dinonaktifkan." in client.get(KIOSKS).content.decode()
    with tenant_context(village_a.tenant):
        assert not Kiosk.objects.get(pk=kiosk.pk).is_active
        with pytest.raises(ValidationError) as refused:
            services.response_submit_at_kiosk(kiosk_token=token, data=response_data())
        assert refused.value.code == "unknown_kiosk"
        assert not Response.objects.exists()


def test_the_staff_figures_round_as_the_regulation_does(village_a, staff):
    seed(village_a, staff[Role.VILLAGE_ADMIN], [response_data().scores])
    with tenant_context(village_a.tenant):
        figures = documents.summary(PERIOD)
    assert (figures.converted_exact, figures.converted_rounded) == (Decimal("100.00"), Decimal("99.90"))
    assert figures.ikm_exact == Decimal("4.0000") and figures.ikm_rounded == Decimal("3.9960")
    assert [row.weighted_rounded for row in figures.rows] == [Decimal("0.4440")] * 9
