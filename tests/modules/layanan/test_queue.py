"""Walk-in queue tickets under abuse (issue 7, finding 8): counters come from the village's settings,
the ticket page is limited per address, the ticket names the day and the village, and the office
screen updates itself from a JSON endpoint."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.audit.models import AuditEvent
from modules.layanan import services
from modules.layanan.models import QueueTicket, SequenceCounter, ServiceSettings
from modules.throttling.throttles import QueueTicketThrottle, parse_window_rate
from tests.conftest import sign_in

KEY = "throttle_queue_ticket_127.0.0.1"


@pytest.fixture
def five_per_ten_minutes(monkeypatch, in_village_a):
    monkeypatch.setattr(QueueTicketThrottle, "THROTTLE_RATES", {"queue_ticket": "5/10m"})
    cache.delete(KEY)
    yield
    cache.delete(KEY)


def tickets(village):
    with tenant_context(village.tenant):
        return list(QueueTicket.objects.order_by("pk").values_list("counter", "number"))


def test_window_rates_read_several_units():
    assert parse_window_rate("5/10m") == (5, 600)
    assert parse_window_rate("30/hour") == (30, 3600)
    assert parse_window_rate("2/15s") == (2, 15)


def test_forty_tickets_in_a_row_from_one_address_get_five(five_per_ten_minutes, village_a, client_a):
    statuses = [client_a.post("/antrian/", {"counter": "A"}).status_code for _ in range(40)]

    assert statuses == [302] * 5 + [429] * 35
    assert tickets(village_a) == [("A", n) for n in range(1, 6)]
    refused = client_a.post("/antrian/", {"counter": "A"}).content.decode()
    assert "Terlalu banyak nomor antrian" in refused and "kantor gampong" in refused


def test_the_limit_is_per_village(five_per_ten_minutes, village_a, village_b, client_a, client_b):
    for _ in range(5):
        client_a.post("/antrian/", {"counter": "A"})

    assert client_a.post("/antrian/", {"counter": "A"}).status_code == 429
    with tenant_context(village_b.tenant):
        cache.delete(KEY)
        try:
            assert client_b.post("/antrian/", {"counter": "A"}).status_code == 302
        finally:
            cache.delete(KEY)


@pytest.mark.parametrize("counter", ["Z", "A" * 22, "A" * 500, "A\x00", "", "<script>"])
def test_an_unknown_or_garbage_counter_is_a_400_with_a_message(village_a, client_a, counter):
    response = client_a.post("/antrian/", {"counter": counter})

    assert response.status_code == 400
    assert "Loket ini tidak ada; pilih salah satu loket." in response.content.decode()
    assert tickets(village_a) == []
    with tenant_context(village_a.tenant):
        assert not SequenceCounter.objects.filter(scope__startswith="antrian:").exists()


def test_counters_come_from_the_settings_row(village_a, client_a):
    with tenant_context(village_a.tenant):
        ServiceSettings.objects.filter(pk=1).update(queue_counters="A, B2")

    page = client_a.get("/antrian/").content.decode()
    taken = client_a.post("/antrian/", {"counter": "b2"}, follow=True)

    assert 'value="A"' in page and 'value="B2"' in page
    assert "B2-001" in taken.content.decode()
    assert tickets(village_a) == [("B2", 1)]


def test_the_ticket_page_is_a_redirect_so_a_reload_takes_no_second_ticket(village_a, client_a):
    response = client_a.post("/antrian/", {"counter": "A"})
    ticket_url = response["Location"]

    first = client_a.get(ticket_url)
    reload = client_a.get(ticket_url)

    assert response.status_code == 302 and ticket_url.startswith("/antrian/tiket/")
    assert first.status_code == reload.status_code == 200
    assert tickets(village_a) == [("A", 1)]


def test_the_ticket_shows_the_number_the_date_and_the_village(village_a, client_a):
    page = client_a.post("/antrian/", {"counter": "A"}, follow=True).content.decode()
    today = timezone.localdate()

    assert '<p class="queue-ticket-number">A-001</p>' in page
    assert '<p class="queue-ticket-place">Gampong Lambaro</p>' in page
    assert f'<time datetime="{today:%Y-%m-%d}">' in page
    assert str(today.year) in page


def test_a_forged_or_foreign_ticket_address_is_404(village_a, client_a, client_b):
    ticket_url = client_a.post("/antrian/", {"counter": "A"})["Location"]

    assert client_a.get("/antrian/tiket/1/").status_code == 404
    assert client_a.get(ticket_url[:-3] + "xx/").status_code == 404
    assert client_b.get(ticket_url).status_code == 404


def test_a_long_counter_name_can_no_longer_be_saved_in_the_settings(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff["village_admin"])
    with tenant_context(village_a.tenant):
        before = ServiceSettings.objects.get(pk=1).queue_counters
    form = client_a.get("/staf/layanan/pengaturan/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}

    response = client_a.post(
        "/staf/layanan/pengaturan/", {**data, "queue_counters": "A, LOKET-PELAYANAN-UMUM"}
    )

    assert response.status_code == 400
    assert "Kode loket LOKET-PELAYANAN-UMUM tidak sah" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert ServiceSettings.objects.get(pk=1).queue_counters == before


def test_staff_configure_counters_on_the_settings_page(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff["village_admin"])
    form = client_a.get("/staf/layanan/pengaturan/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}

    response = client_a.post("/staf/layanan/pengaturan/", {**data, "queue_counters": "a b; c"})

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        assert ServiceSettings.objects.get(pk=1).queue_counters == "A, B, C"
        assert AuditEvent.objects.filter(action="layanan.settings_update").count() == 1


def test_staff_call_an_unknown_counter_and_nothing_changes(village_a, client_a, staff):
    client_a.post("/antrian/", {"counter": "A"})
    sign_in(client_a, village_a.tenant, staff["operator"])

    response = client_a.post("/staf/layanan/antrian/panggil/", {"counter": "A" * 30}, follow=True)

    assert response.status_code == 200
    assert "Loket ini tidak ada; pilih salah satu loket." in response.content.decode()
    with tenant_context(village_a.tenant):
        assert QueueTicket.objects.get().status == "menunggu"


def test_the_api_refuses_an_unknown_counter_with_a_400(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff["operator"])

    response = client_a.post(
        "/api/staf/antrian/panggil/", {"counter": "Q" * 25}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"counter": ["Loket ini tidak ada; pilih salah satu loket."]}


def test_the_office_screen_polls_json_and_falls_back_to_a_noscript_refresh(village_a, client_a, staff):
    client_a.post("/antrian/", {"counter": "A"})
    client_a.post("/antrian/", {"counter": "A"})
    with tenant_context(village_a.tenant):
        services.queue_ticket_call_next(counter="A", actor=staff["operator"])

    page = client_a.get("/antrian/layar/").content.decode()
    data = client_a.get("/antrian/layar/data/")

    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert page.count("http-equiv") == 1
    assert re.search(r'<script src="/static/layanan/queue_display\.js" defer></script>', page)
    assert "<script>" not in page and "style=" not in page and "<style" not in page
    assert '<span class="queue-number">A-001</span>' in page and "1 menunggu" in page
    assert data["Cache-Control"].startswith("max-age=0")
    body = data.json()
    assert body["day"] == timezone.localdate().isoformat()
    assert [(row["counter"], row["label"]) for row in body["called"]] == [("A", "A-001")]
    assert body["waiting"] == 1 and body["waiting_text"] == "1 menunggu"


def test_the_chime_is_off_until_a_button_turns_it_on(client_a):
    page = client_a.get("/antrian/layar/").content.decode()

    assert '<button type="button" class="queue-chime" hidden aria-pressed="false"' in page


def test_yesterdays_tickets_are_not_on_todays_screen(village_a, client_a):
    with tenant_context(village_a.tenant):
        QueueTicket.objects.create(
            counter="A", day=timezone.localdate() - datetime.timedelta(days=1), number=1
        )

    assert client_a.get("/antrian/layar/data/").json()["waiting"] == 0
