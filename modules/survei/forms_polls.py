"""The community polls' forms: the phone number a code is sent to, the answers (with the code, or
recorded by staff at a meeting without one) and the staff's new poll. They shape input; the
services (poll_code_send, ballot_cast, ballot_record, poll_create) decide what is valid."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX_LENGTH, Poll, QuestionKind
from .services import POLL_CODE_DIGITS, BallotInput, PollInput, QuestionInput

PHONE_MAX_LENGTH = 24
CODE_MAX_LENGTH = 12
# The staff form repeats a block of fields per question (no JavaScript); the service allows more.
POLL_FORM_QUESTIONS = 10
QUESTION_MAX_LENGTH = 300
OPTIONS_MAX_LENGTH = 12 * 201
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
SCALE_CHOICES = [
    ("1", _("1 — sangat kurang")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 — sangat baik")),
]


class ShapedCharField(forms.CharField):
    """Shapes only: `required` marks the field for people and browsers, the service refuses
    (its length limit is still the form's, so an oversized field is refused with a message)."""

    def validate(self, value: object) -> None:
        return None


class ShapedChoiceField(forms.ChoiceField):
    """A list to pick from whose value the service checks (an unknown one gets its message)."""

    def validate(self, value: object) -> None:
        return None


class ShapedMultipleChoiceField(forms.MultipleChoiceField):
    def validate(self, value: object) -> None:
        return None


class OptionRadios(forms.RadioSelect):
    """Radios whose field points at the first option, so the error summary's link lands on it."""

    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index)


class OptionCheckboxes(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index)


def _text(label: Any, limit: int, *, required: bool = False, rows: int = 0, **kwargs: Any) -> ShapedCharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else kwargs.pop("widget", forms.TextInput())
    field = ShapedCharField(label=label, widget=widget, required=required, max_length=limit, **kwargs)
    return field


def _number(value: object) -> int:
    """A posted id or scale point as a number; anything else becomes 0, which no option has and
    no scale allows, so the service refuses it with its own message."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else 0


class PhoneInput(forms.TextInput):
    """A phone field that never writes the number back into the page (after an error the
    resident types it again): a page's source holds a phone number only masked."""

    input_type = "tel"

    def format_value(self, value: Any) -> str | None:
        return None


class PhoneForm(forms.Form):
    """Step 1: the number the one-time code is sent to by SMS."""

    phone = _text(
        _("Nomor HP"),
        PHONE_MAX_LENGTH,
        required=True,
        help_text=_(
            "Kode dikirim lewat SMS ke nomor ini. Nomor tidak ditampilkan dan tidak disimpan bersama jawaban."
        ),
        widget=PhoneInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class BallotForm(forms.Form):
    """The answers to a poll's questions, one field `q<question id>` each (the names the service's
    errors use): single choice as radios, multiple choice as checkboxes, a scale as five radios with
    words at the ends, free text as a text area; with the SMS code first unless staff record it."""

    def __init__(self, *args: Any, poll: Poll, with_code: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.questions = list(poll.questions.all())
        if with_code:
            self.fields["code"] = _text(
                _("Kode dari SMS"),
                CODE_MAX_LENGTH,
                required=True,
                help_text=_("%(digits)d angka yang dikirim lewat SMS ke nomor Anda.")
                % {"digits": POLL_CODE_DIGITS},
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
                ),
            )
        for question in self.questions:
            field: forms.Field
            options = [(str(option.pk), option.text) for option in question.options.all()]
            if question.kind == QuestionKind.SINGLE:
                field = ShapedChoiceField(choices=options, widget=OptionRadios)
            elif question.kind == QuestionKind.MULTIPLE:
                field = ShapedMultipleChoiceField(
                    choices=options,
                    widget=OptionCheckboxes,
                    help_text=_("Boleh pilih lebih dari satu."),
                )
            elif question.kind == QuestionKind.SCALE:
                field = ShapedChoiceField(choices=SCALE_CHOICES, widget=OptionRadios)
            else:
                field = _text("", TEXT_MAX_LENGTH, rows=4)
            field.label = question.text
            field.required = False
            # forms/field.html marks "wajib" from this; the service refuses a missing answer.
            setattr(field, "shown_required", question.is_required)  # noqa: B010 (a mark Django does not declare)
            self.fields[f"q{question.pk}"] = field

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q{question.pk}"] for question in self.questions]

    def code(self) -> str:
        return str(self.cleaned_data.get("code") or "")

    def ballot(self) -> BallotInput:
        data = self.cleaned_data
        choices: dict[int, list[int]] = {}
        scales: dict[int, int] = {}
        texts: dict[int, str] = {}
        for question in self.questions:
            value = data.get(f"q{question.pk}")
            if question.kind == QuestionKind.SINGLE and value:
                choices[question.pk] = [_number(value)]
            elif question.kind == QuestionKind.MULTIPLE and value:
                choices[question.pk] = [_number(item) for item in value]
            elif question.kind == QuestionKind.SCALE and value:
                scales[question.pk] = _number(value)
            elif question.kind == QuestionKind.TEXT and value:
                texts[question.pk] = str(value)
        return BallotInput(choices=choices, scales=scales, texts=texts)


def _moment(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class PollForm(forms.Form):
    """A new poll: title, description, when it opens and closes, and up to ten questions, each a
    repeated block (text, kind, options one per line, required). Blocks left empty are not sent."""

    title = _text(_("Judul"), 200, required=True)
    description = _text(_("Keterangan"), TEXT_MAX_LENGTH, rows=3)
    opens_at = _moment(_("Dibuka"))
    closes_at = _moment(_("Ditutup"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, POLL_FORM_QUESTIONS + 1):
            self.fields[f"question_{number}_text"] = _text(_("Teks pertanyaan"), QUESTION_MAX_LENGTH)
            self.fields[f"question_{number}_kind"] = ShapedChoiceField(
                label=_("Jenis"), choices=QuestionKind.choices, initial=QuestionKind.SINGLE, required=False
            )
            self.fields[f"question_{number}_options"] = _text(
                _("Pilihan, satu per baris"),
                OPTIONS_MAX_LENGTH,
                rows=3,
                help_text=_("Untuk pilihan tunggal dan ganda: 2 sampai 12 pilihan."),
            )
            self.fields[f"question_{number}_required"] = forms.BooleanField(
                label=_("Wajib dijawab"), required=False, initial=True
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("title", "description", "opens_at", "closes_at")]

    def question_blocks(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (
                number,
                [self[f"question_{number}_{part}"] for part in ("text", "kind", "options", "required")],
            )
            for number in range(1, POLL_FORM_QUESTIONS + 1)
        ]

    def _filled_blocks(self) -> list[int]:
        data = self.cleaned_data
        return [
            number
            for number in range(1, POLL_FORM_QUESTIONS + 1)
            if str(data.get(f"question_{number}_text") or "").strip()
            or str(data.get(f"question_{number}_options") or "").strip()
        ]

    def compacted_data(self) -> dict[str, Any]:
        """The posted data with the filled question blocks moved up, so that "Pertanyaan 2" in the
        service's messages is the second block on the page shown again."""
        data = {name: self.data.get(name, "") for name in ("title", "description", "opens_at", "closes_at")}
        for new, old in enumerate(self._filled_blocks(), 1):
            for part in ("text", "kind", "options"):
                data[f"question_{new}_{part}"] = self.data.get(f"question_{old}_{part}", "")
            if self.cleaned_data.get(f"question_{old}_required"):
                data[f"question_{new}_required"] = "on"
        for empty in range(len(self._filled_blocks()) + 1, POLL_FORM_QUESTIONS + 1):
            data[f"question_{empty}_kind"] = QuestionKind.SINGLE
            data[f"question_{empty}_required"] = "on"
        return data

    def poll_input(self) -> PollInput:
        data = self.cleaned_data
        opens_at: datetime.datetime = data["opens_at"]
        closes_at: datetime.datetime = data["closes_at"]
        return PollInput(
            title=str(data.get("title") or ""),
            description=str(data.get("description") or ""),
            opens_at=opens_at,
            closes_at=closes_at,
            questions=tuple(
                QuestionInput(
                    text=str(data.get(f"question_{number}_text") or ""),
                    kind=str(data.get(f"question_{number}_kind") or ""),
                    options=tuple(str(data.get(f"question_{number}_options") or "").splitlines()),
                    is_required=bool(data.get(f"question_{number}_required")),
                )
                for number in self._filled_blocks()
            ),
        )
