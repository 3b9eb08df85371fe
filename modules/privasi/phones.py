"""Indonesian mobile numbers as residents type them (0812-3456-7890, +62 812 3456 7890,
6281234567890), normalised with the `phonenumbers` library to one form (E.164, +6281234567890),
so that one number is one number for limits, blind indexes and the gateway."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "ID"
MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
PHONE_MESSAGE = _("Nomor HP tidak dikenali. Tulis seperti 0812 3456 7890 atau +62 812 3456 7890.")


def normalized_mobile(value: str) -> str | None:
    """The E.164 form of an Indonesian mobile number, or None when `value` is not one."""
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    if (
        number.country_code != 62
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in MOBILE_TYPES
    ):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_mobile(value: str) -> None:
    """Model validator: the stored number is a normalised Indonesian mobile number."""
    if normalized_mobile(value) != value:
        raise ValidationError(PHONE_MESSAGE, code="phone_format")
