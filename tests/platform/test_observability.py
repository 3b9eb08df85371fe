import io
import json
import logging
import logging.config

import pytest
import sentry_sdk
from django.conf import settings
from django.test import Client
from django_tenants.utils import tenant_context
from prometheus_client import REGISTRY
from sentry_sdk.transport import Transport

from balai.celery import app
from balai.logging import request_id
from balai.observability import init_sentry
from balai.settings.base import logging_config
from tests.conftest import host_of

NIK = "1106101203850001"
PHONE = "081234567890"
EMAIL = "warga.lambaro@example.id"


class RecordingTransport(Transport):
    """Keeps the events in memory instead of sending them anywhere."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict] = []

    def capture_envelope(self, envelope) -> None:
        for item in envelope.items:
            if item.headers.get("type") == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def sentry_events():
    transport = RecordingTransport()
    init_sentry(dsn="https://public@sentry.invalid/1", environment="test", release="uji", transport=transport)
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: nothing is sent by later tests


@app.task(name="tests.failing_task")
def failing_task(note: str) -> None:
    raise ValueError(note)


def test_a_web_error_carries_the_tenant_and_no_personal_data(village_a, sentry_events, monkeypatch):
    def broken_profile():
        raise RuntimeError(f"profil gagal dimuat untuk NIK {NIK}, HP {PHONE}, surel {EMAIL}")

    monkeypatch.setattr("modules.portal.views.village_profile", broken_profile)
    client = Client(HTTP_HOST=host_of(village_a), raise_request_exception=False)

    response = client.get("/")

    assert response.status_code == 500
    assert len(sentry_events) == 1
    event = sentry_events[0]
    assert event["tags"]["tenant.schema"] == village_a.tenant.schema_name
    assert event["tags"]["tenant.type"] == "village"
    assert event["environment"] == "test" and event["release"] == "uji"
    payload = json.dumps(event)
    assert NIK not in payload and PHONE not in payload and EMAIL not in payload
    assert "[NIK/KK]" in payload


def test_a_failing_task_carries_the_tenant_of_its_schema(village_b, sentry_events):
    with tenant_context(village_b.tenant):
        result = failing_task.apply(args=[f"pengiriman gagal ke {PHONE} untuk NIK {NIK}"])

    assert result.failed()
    assert len(sentry_events) == 1
    event = sentry_events[0]
    assert event["tags"]["tenant.schema"] == village_b.tenant.schema_name
    assert event["tags"]["tenant.type"] == "village"
    payload = json.dumps(event)
    assert NIK not in payload and PHONE not in payload
    assert (
        REGISTRY.get_sample_value(
            "balai_celery_tasks_total", {"task": "tests.failing_task", "outcome": "failure"}
        )
        >= 1
    )


def test_personal_fields_are_dropped_by_name_and_numbers_by_shape():
    from balai.observability import before_send

    event = before_send(
        {"extra": {"alamat": "Dusun Mesjid RT 02", "note": f"NIK {NIK}"}, "request": {"data": {"nik": NIK}}},
        {},
    )

    assert event["extra"] == {"alamat": "[Filtered]", "note": "NIK [NIK/KK]"}
    assert event["request"]["data"] == {"nik": "[Filtered]"}


def test_log_lines_are_json_with_schema_and_request_id(in_village_a):
    buffer = io.StringIO()
    config = logging_config("json")
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    token = request_id.set("req-123")
    try:
        logging.getLogger("balai.test").warning("permohonan %s diterima", 42)
    finally:
        request_id.reset(token)
        logging.config.dictConfig(settings.LOGGING)

    line = json.loads(buffer.getvalue().strip().splitlines()[-1])
    assert line["message"] == "permohonan 42 diterima"
    assert line["schema"] == in_village_a.schema_name
    assert line["request_id"] == "req-123"
    assert line["level"] == "WARNING" and line["logger"] == "balai.test"


def test_responses_carry_the_request_id(client_a):
    assert client_a.get("/", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    assert len(client_a.get("/")["X-Request-ID"]) == 32


def test_metrics_answer_inside_the_cluster_only(client_a):
    client_a.get("/")
    inside = Client(HTTP_HOST="10.0.3.7", REMOTE_ADDR="10.0.3.7")
    through_ingress = Client(
        HTTP_HOST="balai.test", REMOTE_ADDR="10.0.3.7", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    outside = Client(HTTP_HOST="balai.test", REMOTE_ADDR="203.0.113.9")

    response = inside.get("/metrics")

    assert response.status_code == 200
    assert (
        'balai_http_requests_total{method="GET",status="200",tenant_type="village"}'
        in response.content.decode()
    )
    assert through_ingress.get("/metrics").status_code == 404
    assert outside.get("/metrics").status_code == 404


def test_each_request_writes_one_access_line_with_schema_and_without_secrets(village_a, client_a):
    buffer = io.StringIO()
    config = logging_config("json")
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    try:
        client_a.get("/lacak/ABCD-EFGH/rahasia-penduduk/surat.pdf", HTTP_X_REQUEST_ID="req-9")
    finally:
        logging.config.dictConfig(settings.LOGGING)

    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    [access] = [line for line in lines if line["logger"] == "balai.access"]
    assert access["message"].startswith("GET /lacak/ABCD-EFGH/***/surat.pdf 404 ")
    assert (access["schema"], access["request_id"]) == (village_a.tenant.schema_name, "req-9")
    assert "rahasia-penduduk" not in buffer.getvalue()  # Django's "Not Found: <path>" is masked too
    [not_found] = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["request_id"] == "req-9"


def test_error_reports_carry_no_download_secret():
    from balai.observability import before_send

    event = before_send(
        {"request": {"url": "https://lambaro.example.id/lacak/ABCD-EFGH/rahasia/surat.pdf"}}, {}
    )

    assert event["request"]["url"] == "https://lambaro.example.id/lacak/ABCD-EFGH/***/surat.pdf"


def _access_lines(client, path, method="get", **extra):
    buffer = io.StringIO()
    config = logging_config("json")
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    try:
        getattr(client, method)(path, **extra)
    finally:
        logging.config.dictConfig(settings.LOGGING)
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    return [line for line in lines if line["logger"] == "balai.access"], buffer.getvalue()


def test_a_reporters_private_page_is_logged_without_its_secret_or_the_address(village_a, client_a):
    [access], everything = _access_lines(
        client_a, "/pengaduan/ABCD-EFGH/rahasia-pelapor/", REMOTE_ADDR="203.0.113.77"
    )

    assert access["message"].startswith("GET /pengaduan/ABCD-EFGH/***/ 404 ")
    assert "rahasia-pelapor" not in everything and "203.0.113.77" not in everything


def test_a_complaint_form_is_logged_without_the_address_and_other_pages_with_it(village_a, client_a):
    [form], form_log = _access_lines(client_a, "/pengaduan/baru/", REMOTE_ADDR="203.0.113.78")
    [board], _board_log = _access_lines(client_a, "/pengaduan/", REMOTE_ADDR="203.0.113.79")

    assert form["message"].startswith("GET /pengaduan/baru/ 200 ") and "203.0.113.78" not in form_log
    assert board["client"] == "203.0.113.79"  # the rule is the form's, not every page's


def test_the_photo_and_support_paths_of_a_complaint_are_not_secrets():
    from balai.logging import mask_path

    assert mask_path("/pengaduan/ABCD-EFGH/foto/3/") == "/pengaduan/ABCD-EFGH/foto/3/"
    assert mask_path("/pengaduan/ABCD-EFGH/dukung/") == "/pengaduan/ABCD-EFGH/dukung/"
    assert mask_path("/staf/pengaduan/kategori/5/") == "/staf/pengaduan/kategori/5/"
