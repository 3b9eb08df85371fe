"""Model fields that keep personal data encrypted at rest (Fernet, keys in ``PERSONAL_DATA_KEYS``).

The column holds a Fernet token (text); Python code sees the plaintext. Each save encrypts with a
fresh random IV, so the same plaintext never gives the same token: the database cannot compare,
order or search these columns. Only ``isnull`` is allowed as a lookup; to find a row by NIK, store
``crypto.nik_lookup_hash(nik)`` in a separate indexed column and filter on that.

``dumpdata`` and other serialisations (``value_to_string``) write the plaintext; keep such dumps
out of shared places.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression
from django.utils.translation import gettext_lazy as _

from . import crypto

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ALLOWED_LOOKUPS = frozenset({"isnull"})


class EncryptedTextField(models.TextField):
    description = _("Teks terenkripsi")

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt(str(value))

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> Any:
        if value is None:
            return None
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Equal plaintexts give different tokens: any comparison in SQL would silently match nothing.
        if lookup_name not in ALLOWED_LOOKUPS:
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None


class EncryptedCharField(EncryptedTextField):
    """A one-line encrypted value; ``max_length`` limits the plaintext (the column is text)."""

    def __init__(self, verbose_name: StrOrPromise | None = None, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(verbose_name, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))

    def formfield(self, **kwargs: Any) -> forms.Field | None:
        # A one-line input, as for CharField, not the textarea of TextField.
        return models.Field.formfield(self, **{"max_length": self.max_length, **kwargs})


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (a dict of a resident's answers, for example) kept encrypted at rest: the
    column holds one Fernet token of the JSON text. Nothing inside it can be queried in SQL."""

    description = _("JSON terenkripsi")
    # For django-stubs: the attribute holds Python data (a dict, a list), not text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return crypto.encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> Any:
        if value is None:
            return None
        return json.loads(crypto.decrypt(value))

    def to_python(self, value: Any) -> Any:
        # Model.full_clean() calls this: the value is already Python data, not JSON text.
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False, sort_keys=True)

    def formfield(self, **kwargs: Any) -> forms.Field | None:
        return forms.JSONField(**kwargs)
