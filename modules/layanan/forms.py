from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import NotifyChannel, RequestStatus, ServiceStandard


class RequestForm(forms.Form):
    applicant_name = forms.CharField(label=_("Nama lengkap (sesuai KTP)"), max_length=150)
    nik = forms.CharField(
        label=_("NIK (16 digit)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kk_number = forms.CharField(
        label=_("Nomor KK (tidak wajib)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Alamat (dusun, RT/RW)"), widget=forms.Textarea(attrs={"rows": 2}))
    purpose = forms.CharField(label=_("Keperluan"), max_length=255)
    notify_channel = forms.ChoiceField(
        label=_("Kabari saya lewat"), choices=NotifyChannel.choices, initial=NotifyChannel.NONE
    )
    phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Surel"), required=False)

    def __init__(self, *args: object, standard: ServiceStandard, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.standard = standard
        for field in standard.extra_fields:
            self.fields[f"extra_{field['name']}"] = forms.CharField(label=field["label"], max_length=255)
        for index, requirement in enumerate(standard.requirements):
            self.fields[f"file_{index}"] = forms.FileField(
                label=requirement["text"],
                required=False,
                help_text=gettext("PDF atau foto, paling besar 2 MB")
                + ("" if requirement["required"] else gettext(" (tidak wajib)")),
                widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
            )


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=RequestStatus.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(forms.Form):
    signer_name = forms.CharField(label=_("Nama penanda tangan"), max_length=150)
    signer_position = forms.CharField(label=_("Jabatan"), max_length=150)
    on_behalf_of = forms.CharField(
        label=_("Atas nama (a.n.), bila bukan kepala desa"), max_length=150, required=False
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), widget=forms.Textarea(attrs={"rows": 2}))
