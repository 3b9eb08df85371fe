"""The residents' questionnaire (SKM): nine elements with the regulation's four answers each, the
respondent's profile and an optional suggestion. The form shapes input; services.response_submit
(and response_submit_at_kiosk) decide what is valid, with one set of limits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .elements import ELEMENTS
from .models import SUGGESTION_MAX_LENGTH, AgeGroup, Education, Occupation, Sex
from .services import NewResponse

PROFILE_FIELDS = ("sex", "age_group", "education", "occupation")


class ShapedChoiceField(forms.ChoiceField):
    """A choice whose value the service checks (a missing or unknown one gets its message there)."""

    shown_required = True

    def validate(self, value: object) -> None:
        return None


class ShapedCharField(forms.CharField):
    def validate(self, value: object) -> None:
        return None


def _radios(label: Any, choices: Any) -> ShapedChoiceField:
    return ShapedChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=False)


class QuestionnaireForm(forms.Form):
    """One field per element (named by its key, never by its position) with the points 1–4 in the
    regulation's words, then the profile and the suggestion. `autocomplete="off"`: at the kiosk the
    next resident must not see the last one's answers."""

    def __init__(
        self, *args: Any, service_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for element in ELEMENTS:
            field = _radios(
                f"U{element.number}. {element.name}",
                [(str(point), words) for point, words in enumerate(element.points, start=1)],
            )
            field.help_text = str(element.question)
            self.fields[element.key] = field
        self.fields["sex"] = _radios(_("Jenis kelamin"), Sex.choices)
        self.fields["age_group"] = _radios(_("Usia"), AgeGroup.choices)
        self.fields["education"] = _radios(_("Pendidikan terakhir"), Education.choices)
        self.fields["occupation"] = _radios(_("Pekerjaan"), Occupation.choices)
        suggestion = ShapedCharField(
            label=_("Saran dan masukan (tidak wajib)"),
            required=False,
            strip=False,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": str(SUGGESTION_MAX_LENGTH)}),
            help_text=_(
                "Paling banyak %(limit)d karakter. Hanya dibaca petugas, tidak pernah diumumkan. "
                "Jangan tulis nama atau nomor HP."
            )
            % {"limit": SUGGESTION_MAX_LENGTH},
        )
        self.fields["suggestion"] = suggestion
        if service_choices:
            # A real choice: a forged name must not enter the results' list of services.
            self.fields["service_name"] = forms.ChoiceField(
                label=_("Layanan yang Anda terima"),
                choices=[("", _("Layanan umum kantor")), *service_choices],
                required=False,
            )

    @property
    def element_fields(self) -> list[forms.BoundField]:
        return [self[element.key] for element in ELEMENTS]

    @property
    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PROFILE_FIELDS]

    def new_response(self) -> NewResponse:
        data = self.cleaned_data
        scores: dict[str, int] = {}
        for element in ELEMENTS:
            value = str(data.get(element.key) or "")
            if value in {"1", "2", "3", "4"}:
                scores[element.key] = int(value)
        return NewResponse(
            scores=scores,
            sex=str(data.get("sex") or ""),
            age_group=str(data.get("age_group") or ""),
            education=str(data.get("education") or ""),
            occupation=str(data.get("occupation") or ""),
            suggestion=str(data.get("suggestion") or ""),
            service_name=str(data.get("service_name") or ""),
        )
