"""Links made outside a request (the letter's QR code) reach the site as a browser would: with the
development server's port in development, on https without a port in production."""

from django.test import override_settings

from modules.layanan.links import verification_url
from tests.conftest import host_of
from tests.factories import LetterFactory


@override_settings(DEBUG=True, PUBLIC_PORT=8000, BASE_DOMAIN="balai.localhost")
def test_in_development_the_letter_check_link_carries_the_port(in_village_a, village_a):
    letter = LetterFactory(verification_code="kode-verifikasi-uji")

    assert verification_url(letter, village_a) == (
        f"http://{host_of(village_a)}:8000/verifikasi/kode-verifikasi-uji/"
    )


@override_settings(DEBUG=False, PUBLIC_PORT=None, BASE_DOMAIN="balai.example.id")
def test_in_production_the_letter_check_link_is_https_on_the_default_port(in_village_a, village_a):
    letter = LetterFactory(verification_code="kode-verifikasi-uji")

    assert verification_url(letter, village_a) == (
        f"https://{host_of(village_a)}/verifikasi/kode-verifikasi-uji/"
    )


@override_settings(DEBUG=True, PUBLIC_PORT=8000, BASE_DOMAIN="balai.localhost")
def test_in_development_the_private_link_in_messages_carries_the_port(in_village_a, village_a):
    from modules.layanan.links import owner_url
    from tests.factories import ServiceRequestFactory

    request = ServiceRequestFactory(tracking_code="PORT-0001", download_secret="rahasia-uji")

    assert owner_url(request, village_a) == (f"http://{host_of(village_a)}:8000/lacak/PORT-0001/rahasia-uji/")
