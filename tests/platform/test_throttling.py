import io
import json
import logging.config
import os

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test import RequestFactory, override_settings

from balai.settings.base import logging_config
from modules.throttling.addresses import client_address
from modules.throttling.throttles import SubmissionThrottle
from tests.conftest import forget_cache_keys
from tests.modules.layanan.data import request_payload

FORM = request_payload()


API = "/api/layanan/surat-keterangan-domisili/permohonan/"


def with_proxies(count):
    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": count})


@pytest.fixture
def thirty_per_hour(monkeypatch, in_village_a, clean_throttle):
    """The production default (SUBMISSION_RATE)."""
    monkeypatch.setattr(SubmissionThrottle, "THROTTLE_RATES", {"submission": "30/hour"})


@pytest.fixture
def two_per_hour(monkeypatch, in_village_a, clean_throttle):
    monkeypatch.setattr(SubmissionThrottle, "THROTTLE_RATES", {"submission": "2/hour"})


def test_a_third_submission_within_the_hour_is_refused_politely(two_per_hour, client_a):
    statuses = [
        client_a.post("/layanan/surat-keterangan-domisili/ajukan/", FORM).status_code for _ in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert (
        "Terlalu banyak permohonan"
        in client_a.post("/layanan/surat-keterangan-domisili/ajukan/", FORM).content.decode()
    )


def test_the_api_applies_the_same_limit(two_per_hour, client_a):
    payload = FORM
    statuses = [
        client_a.post(
            "/api/layanan/surat-keterangan-domisili/permohonan/", payload, content_type="application/json"
        ).status_code
        for _ in range(3)
    ]

    assert statuses == [201, 201, 429]


def test_with_redis_down_the_limit_is_skipped_and_the_submission_kept(two_per_hour, client_a):
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    down["routing"] = {key: value for key, value in down["default"].items() if key != "KEY_FUNCTION"}
    with override_settings(CACHES=down):
        response = client_a.post("/layanan/surat-keterangan-domisili/ajukan/", FORM)

    assert response.status_code == 302


def test_forty_forged_forwarded_for_values_are_limited_exactly_like_forty_plain_submissions(
    thirty_per_hour, client_a
):
    forged = [
        client_a.post(
            API, FORM, content_type="application/json", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(40)
    ]
    forget_cache_keys("throttle_*")
    plain = [client_a.post(API, FORM, content_type="application/json").status_code for _ in range(40)]

    assert forged == plain == [201] * 30 + [429] * 10


def test_the_html_form_is_not_fooled_by_a_forged_forwarded_for_either(two_per_hour, client_a):
    statuses = [
        client_a.post(
            "/layanan/surat-keterangan-domisili/ajukan/", FORM, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]


def test_without_proxies_the_peer_address_is_the_client():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    assert client_address(request) == "203.0.113.5"


def test_behind_one_proxy_the_entry_it_appended_is_the_client_and_what_came_before_is_ignored():
    forged = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2, 203.0.113.5"
    )
    direct = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    no_header = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")

    with with_proxies(1):
        assert [client_address(r) for r in (forged, direct, no_header)] == [
            "203.0.113.5",
            "203.0.113.5",
            "10.0.0.2",
        ]


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5, 10.0.0.9"
    )

    with with_proxies(2):
        assert client_address(request) == "203.0.113.5"


def test_behind_one_proxy_forged_prefixes_share_the_real_clients_limit(two_per_hour, client_a):
    with with_proxies(1):
        statuses = [
            client_a.post(
                API,
                FORM,
                content_type="application/json",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5",
            ).status_code
            for n in range(3)
        ]

    assert statuses == [201, 201, 429]


def test_the_access_line_carries_the_client_address_not_the_forged_header(village_a, client_a):
    buffer = io.StringIO()
    config = logging_config("json")
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    try:
        client_a.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    finally:
        logging.config.dictConfig(settings.LOGGING)

    [access] = [
        line for line in map(json.loads, buffer.getvalue().splitlines()) if line["logger"] == "balai.access"
    ]
    assert access["client"] == "203.0.113.5"


def test_cache_keys_carry_the_run_and_the_xdist_worker(in_village_a):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")

    key = cache.make_key("throttle_submission_127.0.0.1")

    assert key == (
        f"{in_village_a.schema_name}:test-{settings.TEST_RUN_ID}-{worker}:1:throttle_submission_127.0.0.1"
    )


def test_forgetting_the_throttle_leaves_other_workers_keys_alone(in_village_a):
    other_worker = caches.create_connection("default")
    other_worker.key_prefix = "test-otherrun-gw9"
    cache.set("throttle_submission_10.0.0.1", [1.0])
    other_worker.set("throttle_submission_10.0.0.1", [2.0])

    forgotten = forget_cache_keys("throttle_*")

    assert forgotten == 1
    assert cache.get("throttle_submission_10.0.0.1") is None
    assert other_worker.get("throttle_submission_10.0.0.1") == [2.0]
    other_worker.delete("throttle_submission_10.0.0.1")
