import pytest
from django.core.cache import cache
from django.test import override_settings

from balai.throttling import SubmissionThrottle
from tests.modules.layanan.data import NIK_MAN

FORM = {
    "applicant_name": "Cut Nyak Dhien",
    "nik": NIK_MAN,
    "address": "Dusun Lampoh",
    "purpose": "Beasiswa",
    "notify_channel": "none",
}


@pytest.fixture
def two_per_hour(monkeypatch, in_village_a):
    monkeypatch.setattr(SubmissionThrottle, "THROTTLE_RATES", {"submission": "2/hour"})
    cache.delete("throttle_submission_127.0.0.1")
    yield
    cache.delete("throttle_submission_127.0.0.1")


def test_a_third_submission_within_the_hour_is_refused_politely(two_per_hour, client_a):
    statuses = [
        client_a.post("/layanan/surat-keterangan-domisili/ajukan/", FORM).status_code for _ in range(3)
    ]

    assert statuses == [201, 201, 429]
    assert (
        "Terlalu banyak permohonan"
        in client_a.post("/layanan/surat-keterangan-domisili/ajukan/", FORM).content.decode()
    )


def test_the_api_applies_the_same_limit(two_per_hour, client_a):
    payload = {**FORM, "notify_channel": "none"}
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
    with override_settings(CACHES=down):
        response = client_a.post("/layanan/surat-keterangan-domisili/ajukan/", FORM)

    assert response.status_code == 201
