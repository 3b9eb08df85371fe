"""Forms of the survey's staff pages. They shape input; the services decide (one input contract),
and their errors come back next to the fields (api_errors.forms.errors_onto_form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ELEMENT_CHOICES, TEXT_MAX_LENGTH, ActionStatus, FollowUpAction, Kiosk
from .selectors import Period

NO_ELEMENT = [("", _("— pilih unsur —"))]


class FollowUpForm(forms.Form):
    """One action of the follow-up plan; the period comes from the page (a new action) or the
    action itself (an edit)."""

    element = forms.ChoiceField(label=_("Unsur"), choices=[*NO_ELEMENT, *ELEMENT_CHOICES])
    action = forms.CharField(
        label=_("Kegiatan tindak lanjut"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.CharField(label=_("Penanggung jawab"), max_length=150)
    due_on = forms.DateField(label=_("Target selesai"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED)
    progress = forms.CharField(
        label=_("Perkembangan"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def of(cls, action: FollowUpAction, data: object = None) -> FollowUpForm:
        return cls(
            data,  # type: ignore[arg-type]
            initial={
                "element": action.element,
                "action": action.action,
                "owner": action.owner,
                "due_on": action.due_on,
                "status": action.status,
                "progress": action.progress,
            },
        )

    def action_input(self, period: Period) -> services.ActionInput:
        data = self.cleaned_data
        return services.ActionInput(
            year=period.year,
            semester=period.semester,
            element=data["element"],
            action=data["action"],
            owner=data["owner"],
            due_on=data["due_on"],
            status=data["status"],
            progress=data["progress"],
        )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Ya, hapus tindak lanjut ini"), required=True)


class KioskForm(forms.Form):
    name = forms.CharField(
        label=_("Nama perangkat"),
        max_length=Kiosk._meta.get_field("name").max_length,
        help_text=_("Misalnya: Tablet loket depan."),
    )
    hourly_limit = forms.IntegerField(
        label=_("Jawaban per jam paling banyak"),
        min_value=1,
        max_value=200,
        initial=30,
        help_text=_("Batas ini mencegah satu orang mengisi survei berulang-ulang di kios."),
    )
    service_name = forms.CharField(
        label=_("Layanan yang dinilai"),
        max_length=150,
        required=False,
        help_text=_("Kosongkan bila kios menilai pelayanan kantor secara umum."),
    )
