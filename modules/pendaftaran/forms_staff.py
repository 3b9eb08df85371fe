"""Forms of the district's pages. They shape input; the services decide, and their errors come back
next to the fields (modules.api_errors.forms.errors_onto_form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApplicationStatus
from .selectors_staff import STATUS_RANK

APPROVE, REJECT = "setujui", "tolak"


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua")), *((value, ApplicationStatus(value).label) for value in STATUS_RANK)],
    )


class DecisionForm(forms.Form):
    """The two buttons of the decision (name="decision"); the reason is required to reject (the
    service says so, next to the field)."""

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Setujui")), (REJECT, _("Tolak"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Alasan penolakan (dikirim ke pendaftar)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SettingsForm(forms.Form):
    auto_approve = forms.BooleanField(
        label=_("Setujui pendaftaran otomatis"),
        required=False,
        help_text=_(
            "Bila dicentang, pendaftaran yang lengkap langsung disetujui dan portal disiapkan saat itu "
            "juga. Bila tidak, setiap pendaftaran menunggu persetujuan admin kabupaten."
        ),
    )


# --- The district's villages: suspend, resume, archive, delete (issue 13's lifecycle) --------------


class LifecycleStepForm(forms.Form):
    """Suspend and resume: the button sends its step, so an empty POST changes nothing."""

    step = forms.CharField(widget=forms.HiddenInput)


class TypedConfirmationForm(forms.Form):
    """Archive and delete: the village's address typed again (the service compares it)."""

    confirmation = forms.CharField(
        label=_("Ketik alamat portal untuk mengonfirmasi"),
        max_length=300,
        error_messages={"required": _("Ketik alamat portal untuk mengonfirmasi.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )
