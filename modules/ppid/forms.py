"""The residents' PPID forms: the information request, the objection, the announcement
subscription. They shape input; the services (information_request_submit, objection_file,
alert_subscribe) decide what is valid, with one set of limits for the form, the staff form and the
API."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from modules.notifikasi.models import NotifyChannel

from .models import TEXT_MAX_LENGTH, Delivery, InfoForm, ObjectionGround
from .services import NewRequest

# What each ground of UU 14/2008 Pasal 35 ayat (1) means, as the objection form explains it.
GROUND_EXPLAINED = {
    ObjectionGround.REFUSED: _(
        "Pasal 35 ayat (1) huruf a: permohonan Anda ditolak (seluruhnya atau sebagian) dengan alasan "
        "informasi dikecualikan."
    ),
    ObjectionGround.PERIODIC_MISSING: _(
        "Pasal 35 ayat (1) huruf b: informasi berkala yang wajib diumumkan tidak disediakan."
    ),
    ObjectionGround.NO_ANSWER: _("Pasal 35 ayat (1) huruf c: permohonan Anda tidak ditanggapi."),
    ObjectionGround.NOT_AS_ASKED: _(
        "Pasal 35 ayat (1) huruf d: permohonan ditanggapi, tetapi tidak sebagaimana yang Anda minta."
    ),
    ObjectionGround.NOT_FULFILLED: _("Pasal 35 ayat (1) huruf e: permohonan Anda tidak dipenuhi."),
    ObjectionGround.UNREASONABLE_COST: _("Pasal 35 ayat (1) huruf f: biaya yang dikenakan tidak wajar."),
    ObjectionGround.LATE: _(
        "Pasal 35 ayat (1) huruf g: informasi disampaikan melebihi jangka waktu yang diatur undang-undang."
    ),
}
SUBSCRIBE_CHANNELS = [
    (NotifyChannel.EMAIL.value, NotifyChannel.EMAIL.label),
    (NotifyChannel.WHATSAPP.value, NotifyChannel.WHATSAPP.label),
    (NotifyChannel.SMS.value, NotifyChannel.SMS.label),
]


class ShapedCharField(forms.CharField):
    """Shapes only: `required` marks the field for people and browsers, the service refuses."""

    def validate(self, value: object) -> None:
        return None


class ShapedChoiceField(forms.ChoiceField):
    """A list to pick from whose value the service checks (an unknown one gets its message)."""

    def validate(self, value: object) -> None:
        return None


def _text(label: Any, limit: int, *, required: bool = False, rows: int = 0, **kwargs: Any) -> ShapedCharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else kwargs.pop("widget", forms.TextInput())
    field = ShapedCharField(label=label, widget=widget, required=required, **kwargs)
    field.widget.attrs["maxlength"] = str(limit)
    return field


class RequestForm(forms.Form):
    """The public information request (UU 14/2008 Pasal 22; PerKI 1/2018's form)."""

    requester_name = _text(
        _("Nama lengkap"), 150, required=True, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    requester_address = _text(_("Alamat"), 500, required=True, rows=2)
    requester_nik = _text(
        _("NIK"),
        20,
        required=True,
        help_text=_("16 angka, seperti di KTP atau Kartu Keluarga. Tidak pernah tampil di halaman umum."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    requester_phone = _text(
        _("Nomor HP/WhatsApp"),
        24,
        help_text=_("Isi nomor HP atau surel (atau keduanya) agar PPID dapat menghubungi Anda."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    requester_email = _text(_("Surel"), 254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    requester_occupation = _text(_("Pekerjaan (tidak wajib)"), 100)
    information = _text(
        _("Rincian informasi yang dibutuhkan"),
        TEXT_MAX_LENGTH,
        required=True,
        rows=5,
        help_text=_("Sebutkan sejelas mungkin: nama dokumen, tahun, kegiatan. Paling banyak 2.000 huruf."),
    )
    purpose = _text(_("Tujuan penggunaan informasi"), TEXT_MAX_LENGTH, required=True, rows=3)
    form_wanted = ShapedChoiceField(
        label=_("Bentuk informasi yang diminta"),
        choices=InfoForm.choices,
        initial=InfoForm.SOFTCOPY,
        widget=forms.RadioSelect,
        required=True,
    )
    delivery = ShapedChoiceField(
        label=_("Cara mendapatkan informasi"),
        choices=Delivery.choices,
        initial=Delivery.COLLECT,
        widget=forms.RadioSelect,
        required=True,
    )
    notify_channel = ShapedChoiceField(
        label=_("Kabari saya lewat"),
        choices=NotifyChannel.choices,
        initial=NotifyChannel.NONE,
        required=False,
    )
    # One per form shown: a reload or a second tap sends the same key and stores one request.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", secrets.token_urlsafe(24))

    def new_request(self) -> NewRequest:
        data = self.cleaned_data
        return NewRequest(
            requester_name=data.get("requester_name") or "",
            requester_address=data.get("requester_address") or "",
            requester_nik=data.get("requester_nik") or "",
            requester_phone=data.get("requester_phone") or "",
            requester_email=data.get("requester_email") or "",
            requester_occupation=data.get("requester_occupation") or "",
            information=data.get("information") or "",
            purpose=data.get("purpose") or "",
            form_wanted=data.get("form_wanted") or "",
            delivery=data.get("delivery") or "",
            notify_channel=data.get("notify_channel") or NotifyChannel.NONE,
        )

    def submitted_key(self) -> str:
        return str(self.cleaned_data.get("idempotency_key") or "")


class ObjectionForm(forms.Form):
    """The requester's objection (keberatan), on the grounds that fit what happened to the request."""

    ground = ShapedChoiceField(label=_("Alasan keberatan"), widget=forms.RadioSelect, required=True)
    reason = _text(
        _("Uraian keberatan"),
        TEXT_MAX_LENGTH,
        required=True,
        rows=5,
        help_text=_("Apa yang Anda keberatan dan apa yang Anda minta. Paling banyak 2.000 huruf."),
    )

    def __init__(self, *args: Any, grounds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ground = self.fields["ground"]
        assert isinstance(ground, forms.ChoiceField)
        ground.choices = [(value, GROUND_EXPLAINED[ObjectionGround(value)]) for value in grounds]


class SubscribeForm(forms.Form):
    """Serta-merta announcements by e-mail, WhatsApp or SMS."""

    channel = ShapedChoiceField(
        label=_("Kirim pengumuman lewat"),
        choices=SUBSCRIBE_CHANNELS,
        initial=NotifyChannel.WHATSAPP,
        widget=forms.RadioSelect,
        required=True,
    )
    contact = _text(
        _("Nomor HP atau alamat surel"),
        254,
        required=True,
        help_text=_("Nomor HP untuk WhatsApp dan SMS, alamat surel untuk surel."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
