"""A service's ValidationError on a page's form (api_errors.forms.errors_onto_form)."""

from django import forms
from django.core.exceptions import ValidationError

from modules.api_errors.forms import errors_onto_form


class NoteForm(forms.Form):
    title = forms.CharField(required=False)
    photo_1 = forms.CharField(required=False)
    reason = forms.CharField(required=False)


def bound() -> NoteForm:
    form = NoteForm(data={})
    assert form.is_valid()
    return form


def test_field_errors_go_next_to_their_field_an_alias_or_the_top():
    form = bound()
    errors_onto_form(
        form,
        ValidationError(
            {
                "title": [ValidationError("Judul terlalu panjang.", code="max_length")],
                "photos": [ValidationError("Bukan foto.", code="not_a_photo")],
                "nowhere": [ValidationError("Lain.", code="other")],
            }
        ),
        aliases={"photos": "photo_1"},
    )
    assert form.errors["title"] == ["Judul terlalu panjang."]
    assert form.errors["photo_1"] == ["Bukan foto."]
    assert form.non_field_errors() == ["Lain."]
    assert form.has_error("title", "max_length") and form.has_error("photo_1", "not_a_photo")


def test_a_missing_note_goes_to_the_note_field_and_other_errors_to_the_top():
    form = bound()
    errors_onto_form(
        form,
        ValidationError(
            [
                ValidationError("Tulis alasan.", code="note_required"),
                ValidationError("Tidak boleh.", code="x"),
            ]
        ),
        note_field="reason",
    )
    assert form.errors["reason"] == ["Tulis alasan."]
    assert form.non_field_errors() == ["Tidak boleh."]
    without = bound()
    errors_onto_form(without, ValidationError("Tulis alasan.", code="note_required"), note_field="response")
    assert without.non_field_errors() == ["Tulis alasan."]
