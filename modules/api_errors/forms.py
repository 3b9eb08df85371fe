"""The services' errors on a page's form: what the API turns into a 400 body (handler.py), a page
shows next to the fields it is about."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def errors_onto_form(
    form: BaseForm,
    error: ValidationError,
    *,
    aliases: Mapping[str, str] | None = None,
    note_field: str | None = None,
) -> None:
    """Puts a service's `ValidationError` on `form`, codes kept: each field's errors next to that
    field (`aliases` maps a service's field name to the form's, "photos" → "photo_1"); an error about
    a field the form does not have, or about no field, at the form's top; a missing note
    (`note_required`, the workflow's) at `note_field` when the form has it."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            target = (aliases or {}).get(field, field)
            form.add_error(target if target in form.fields else None, field_errors)
        return
    for item in error.error_list:
        at_note = item.code == "note_required" and note_field is not None and note_field in form.fields
        form.add_error(note_field if at_note else None, item)
