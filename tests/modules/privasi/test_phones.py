"""Residents' mobile numbers: however typed, stored in one form; what is not a mobile number is
refused with a message next to the field, on the form and in the API alike."""

import pytest
from django.core.exceptions import ValidationError

from modules.layanan import services
from modules.layanan.models import ServiceRequest
from modules.privasi.phones import normalized_mobile
from tests.modules.layanan.data import new_request_data, request_payload


@pytest.mark.parametrize("typed", ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "6281234567890"])
def test_every_usual_way_of_writing_a_number_gives_one_form(typed: str) -> None:
    assert normalized_mobile(typed) == "+6281234567890"


@pytest.mark.parametrize("typed", ["0651 123456", "08123", "+1 202 555 0100", "nomor saya", ""])
def test_landlines_short_foreign_and_garbage_are_not_mobile_numbers(typed: str) -> None:
    assert normalized_mobile(typed) is None


def test_the_request_stores_the_normalised_number(village_a, domisili) -> None:
    created = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(phone="+62 812-3456-7890"),
        attachments=[],
        actor=None,
        idempotency_key="",
    )

    assert ServiceRequest.objects.get(pk=created.pk).phone == "+6281234567890"


def test_a_landline_is_refused_by_the_service_and_nothing_is_stored(village_a, domisili) -> None:
    before = ServiceRequest.objects.count()

    with pytest.raises(ValidationError) as raised:
        services.request_submit(
            village=village_a,
            service=domisili,
            data=new_request_data(phone="0651 123456", notify_channel="sms"),
            attachments=[],
            actor=None,
            idempotency_key="",
        )

    assert raised.value.error_dict["phone"][0].code == "phone_format"
    assert ServiceRequest.objects.count() == before


def test_the_form_and_the_api_give_the_same_message(village_a, client_a) -> None:
    page = client_a.post(
        "/layanan/surat-keterangan-domisili/ajukan/", request_payload(phone="0651 123456")
    ).content.decode()
    api = client_a.post(
        "/api/layanan/surat-keterangan-domisili/permohonan/",
        request_payload(phone="0651 123456"),
        content_type="application/json",
    )

    message = "Nomor HP tidak dikenali. Tulis seperti 0812 3456 7890 atau +62 812 3456 7890."
    assert message in page
    assert api.status_code == 400
    assert message in api.content.decode()
