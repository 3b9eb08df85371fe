"""System check: personal data cannot be stored without a usable key, so say so at start-up."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured

from . import crypto


def check_personal_data_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        crypto.configured_keys()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="privasi.E001")]
    return []
