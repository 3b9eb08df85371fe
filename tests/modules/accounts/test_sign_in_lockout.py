"""Brute force on the staff sign-in and the Django admin (issue 7, finding 17): django-axes locks the
account and the client address after 5 failures within 15 minutes, per schema; staff sessions end
after a working day without activity."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role, User
from modules.accounts.services import staff_create

PASSWORD = "Rahasia-123-x"


@pytest.fixture
def operator_a(village_a):
    with tenant_context(village_a.tenant):
        return staff_create(
            username="op.lambaro", full_name="Op", role=Role.OPERATOR, password=PASSWORD, actor=None
        )[0]


def sign_in_attempt(client, username, password, **headers):
    return client.post("/staf/masuk/", {"username": username, "password": password}, **headers)


def test_sixty_wrong_passwords_then_the_right_one_is_refused(operator_a, client_a):
    wrong = [sign_in_attempt(client_a, "op.lambaro", f"salah-{n}").status_code for n in range(60)]
    right = sign_in_attempt(client_a, "op.lambaro", PASSWORD)

    assert wrong == [200] * 4 + [429] * 56
    assert right.status_code == 429
    page = right.content.decode()
    assert "Masuk dikunci sementara" in page
    assert "Silakan coba lagi setelah 15 menit." in page
    assert "Hubungi admin gampong atau admin kabupaten" in page
    assert client_a.get("/staf/").status_code == 302  # not signed in


def test_a_forged_forwarded_for_does_not_dodge_the_address_lock(operator_a, client_a):
    statuses = [
        sign_in_attempt(client_a, f"tebak-{n}", "salah", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1").status_code
        for n in range(8)
    ]

    assert statuses == [200] * 4 + [429] * 4
    assert sign_in_attempt(client_a, "op.lambaro", PASSWORD).status_code == 429


def test_the_account_is_locked_from_other_addresses_too(operator_a, village_a):
    for n in range(5):
        Client(HTTP_HOST=village_a.tenant.domains.first().domain, REMOTE_ADDR=f"192.0.2.{n}").post(
            "/staf/masuk/", {"username": "op.lambaro", "password": "salah"}
        )

    fresh_address = Client(HTTP_HOST=village_a.tenant.domains.first().domain, REMOTE_ADDR="198.51.100.7")
    assert sign_in_attempt(fresh_address, "op.lambaro", PASSWORD).status_code == 429


def test_a_few_mistakes_then_the_right_password_signs_in_and_clears_the_count(
    operator_a, village_a, client_a
):
    for n in range(4):
        sign_in_attempt(client_a, "op.lambaro", f"salah-{n}")

    response = sign_in_attempt(client_a, "op.lambaro", PASSWORD)

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        assert not AccessAttempt.objects.filter(username="op.lambaro").exists()


def test_the_lockout_is_per_village(operator_a, village_a, village_b, client_b):
    with tenant_context(village_b.tenant):
        staff_create(username="op.siron", full_name="Op", role=Role.OPERATOR, password=PASSWORD, actor=None)
    client_a = Client(HTTP_HOST=village_a.tenant.domains.first().domain)
    for n in range(6):
        sign_in_attempt(client_a, "op.lambaro", f"salah-{n}")

    assert sign_in_attempt(client_b, "op.siron", PASSWORD).status_code == 302
    with tenant_context(village_a.tenant):
        assert AccessAttempt.objects.get(username="op.lambaro").failures_since_start == 6
    with tenant_context(village_b.tenant):
        assert not AccessAttempt.objects.exists()


def test_the_django_admin_locks_out_too(db):
    User.objects.create_superuser(username="root", password=PASSWORD, email="")
    admin = Client(HTTP_HOST=settings.BASE_DOMAIN)

    wrong = [
        admin.post("/admin/login/", {"username": "root", "password": f"salah-{n}"}).status_code
        for n in range(6)
    ]
    right = admin.post("/admin/login/", {"username": "root", "password": PASSWORD})

    assert wrong == [200] * 4 + [429] * 2
    assert right.status_code == 429
    assert "Hubungi admin kabupaten atau operator platform" in right.content.decode()
    assert admin.get("/admin/").status_code == 302


def test_a_staff_session_lasts_a_working_day_without_activity(operator_a, village_a, client_a):
    response = sign_in_attempt(client_a, "op.lambaro", PASSWORD)

    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 9 * 3600
    assert client_a.session.get_expiry_age() == 9 * 3600


def test_activity_moves_the_session_expiry_forward_at_most_every_five_minutes(
    operator_a, village_a, client_a
):
    sign_in_attempt(client_a, "op.lambaro", PASSWORD)  # records the activity with the new session
    quiet = client_a.get("/staf/")
    session = client_a.session
    session["balai_activity_at"] -= 301  # the last refresh was more than five minutes ago
    session.save()
    with tenant_context(village_a.tenant):
        Session.objects.filter(session_key=session.session_key).update(
            expire_date=timezone.now() + datetime.timedelta(hours=1)
        )

    later = client_a.get("/staf/")

    assert settings.SESSION_COOKIE_NAME not in quiet.cookies
    assert later.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 9 * 3600
    with tenant_context(village_a.tenant):
        expires = Session.objects.get(session_key=session.session_key).expire_date
    assert expires > timezone.now() + datetime.timedelta(hours=8, minutes=59)


def test_an_admin_unlocks_an_account_with_the_documented_command(operator_a, village_a, client_a):
    for n in range(5):
        sign_in_attempt(client_a, "op.lambaro", f"salah-{n}")
    assert sign_in_attempt(client_a, "op.lambaro", PASSWORD).status_code == 429

    # docs/operations.md: manage tenant_command axes_reset_username USERNAME --schema=SCHEMA, and
    # axes_reset_ip ADDRESS for the address.
    with tenant_context(village_a.tenant):
        call_command("axes_reset_username", "op.lambaro", verbosity=0)
        call_command("axes_reset_ip", "127.0.0.1", verbosity=0)

    assert sign_in_attempt(client_a, "op.lambaro", PASSWORD).status_code == 302
