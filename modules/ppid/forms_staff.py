"""Forms of the PPID's staff pages. They shape input; the services decide (one input contract), and
their errors come back next to the fields (views_staff.merge_errors)."""

from __future__ import annotations

import secrets
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from modules.berkas.forms import DocumentField
from modules.berkas.forms import KeptDocumentsForm as KeptDocuments
from modules.notifikasi.models import NotifyChannel

from . import services
from .models import (
    EXTENSION_MAX_WORKING_DAYS,
    LONG_TEXT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Announcement,
    ChecklistEntry,
    Decision,
    Delivery,
    ExemptionGround,
    InfoCategory,
    InfoForm,
    InformationItem,
    ObjectionGround,
    ObjectionOutcome,
    RequestChannel,
)

STAFF_CHANNELS = [
    (RequestChannel.ORAL.value, RequestChannel.ORAL.label),
    (RequestChannel.WRITTEN.value, RequestChannel.WRITTEN.label),
]
NO_GROUND = [("", _("— pilih dasar pengecualian —"))]


def _text(label: Any, limit: int = TEXT_MAX_LENGTH, *, rows: int = 3, **kwargs: Any) -> forms.CharField:
    """A text box with the model's limit; optional for the form where the service decides."""
    kwargs.setdefault("required", False)
    return forms.CharField(
        label=label, max_length=limit, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _line(label: Any, limit: int, **kwargs: Any) -> forms.CharField:
    kwargs.setdefault("required", False)
    return forms.CharField(label=label, max_length=limit, **kwargs)


def _shown_required(form: forms.Form, *names: str) -> None:
    """Marked "wajib" (forms/field.html) without the form requiring them: the service decides."""
    for name in names:
        form.fields[name].shown_required = True  # type: ignore[attr-defined]


# --- requests ------------------------------------------------------------------------------------------


class RequestRecordForm(forms.Form):
    """An oral request (the officer writes down what the requester says) or a written one brought
    to the office: the same fields as the public form, plus the channel."""

    channel = forms.ChoiceField(label=_("Cara permohonan"), choices=STAFF_CHANNELS, widget=forms.RadioSelect)
    requester_name = _line(_("Nama pemohon"), 150)
    requester_address = _text(_("Alamat pemohon"), 500, rows=2)
    requester_nik = _line(_("NIK pemohon"), 20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    requester_phone = _line(_("Nomor HP pemohon"), 24, widget=forms.TextInput(attrs={"type": "tel"}))
    requester_email = _line(_("Surel pemohon"), 254, widget=forms.EmailInput)
    requester_occupation = _line(_("Pekerjaan pemohon"), 100)
    information = _text(_("Rincian informasi yang dibutuhkan"), rows=4)
    purpose = _text(_("Tujuan penggunaan informasi"))
    form_wanted = forms.ChoiceField(
        label=_("Bentuk informasi yang diminta"), choices=InfoForm.choices, initial=InfoForm.SOFTCOPY
    )
    delivery = forms.ChoiceField(
        label=_("Cara mendapatkan informasi"), choices=Delivery.choices, initial=Delivery.COLLECT
    )
    notify_channel = forms.ChoiceField(
        label=_("Kabar untuk pemohon lewat"), choices=NotifyChannel.choices, initial=NotifyChannel.NONE
    )
    # A repeated submit (a double click, the back button) registers the request once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", f"staf-{secrets.token_urlsafe(18)}")
        super().__init__(*args, **kwargs)
        _shown_required(
            self, "requester_name", "requester_address", "requester_nik", "information", "purpose"
        )

    def new_request(self) -> services.NewRequest:
        data = self.cleaned_data
        return services.NewRequest(
            requester_name=data["requester_name"],
            requester_address=data["requester_address"],
            requester_nik=data["requester_nik"],
            requester_phone=data["requester_phone"],
            requester_email=data["requester_email"],
            requester_occupation=data["requester_occupation"],
            information=data["information"],
            purpose=data["purpose"],
            form_wanted=data["form_wanted"],
            delivery=data["delivery"],
            notify_channel=data["notify_channel"],
            channel=data["channel"],
        )


class ExtendForm(forms.Form):
    """One extension of at most 7 working days, with the reason the requester reads."""

    days = forms.IntegerField(
        label=_("Diperpanjang (hari kerja)"),
        min_value=1,
        max_value=EXTENSION_MAX_WORKING_DAYS,
        initial=EXTENSION_MAX_WORKING_DAYS,
    )
    reason = _text(_("Alasan perpanjangan (dibaca pemohon)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _shown_required(self, "reason")


class DecisionForm(forms.Form):
    """The written answer: what each decision must state is the service's rule (the fields that do
    not apply are hidden by static/ppid/decision.js; without JavaScript every field shows)."""

    decision = forms.ChoiceField(label=_("Keputusan"), choices=Decision.choices, widget=forms.RadioSelect)
    answer = _text(_("Jawaban untuk pemohon"), LONG_TEXT_MAX_LENGTH, rows=4)
    withheld = _text(
        _("Bagian yang tidak diberikan dan alasannya"), help_text=_("Untuk keputusan: diberikan sebagian.")
    )
    exemption_ground = forms.ChoiceField(
        label=_("Dasar pengecualian (UU 14/2008 Pasal 17)"),
        choices=NO_GROUND + list(ExemptionGround.choices),
        required=False,
        help_text=_("Untuk keputusan: ditolak atau diberikan sebagian."),
    )
    consequence_test = _text(
        _("Uji konsekuensi"), help_text=_("Akibat bila informasi ini dibuka; untuk ditolak atau sebagian.")
    )
    held_by = _line(
        _("Badan publik yang menguasai informasi"),
        200,
        help_text=_("Untuk keputusan: informasi tidak dikuasai."),
    )
    cost = forms.IntegerField(label=_("Biaya (rupiah)"), min_value=0, initial=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _shown_required(self, "answer")
        # Which decision each conditional field belongs to (decision.js reads these).
        shown_for = {
            "withheld": Decision.PARTIAL,
            "exemption_ground": f"{Decision.REFUSED} {Decision.PARTIAL}",
            "consequence_test": f"{Decision.REFUSED} {Decision.PARTIAL}",
            "held_by": Decision.NOT_HELD,
        }
        for name, decisions in shown_for.items():
            self.fields[name].widget.attrs["data-decision"] = str(decisions)

    def decision_input(self) -> services.DecisionInput:
        data = self.cleaned_data
        return services.DecisionInput(
            decision=data["decision"],
            answer=data["answer"],
            withheld=data["withheld"],
            exemption_ground=data["exemption_ground"],
            consequence_test=data["consequence_test"],
            held_by=data["held_by"],
            cost=data["cost"] or 0,
        )


# --- objections ------------------------------------------------------------------------------------------


class ObjectionRecordForm(forms.Form):
    """A written objection brought to the office, on a ground of UU 14/2008 Pasal 35."""

    ground = forms.ChoiceField(
        label=_("Alasan keberatan"), choices=ObjectionGround.choices, widget=forms.RadioSelect
    )
    reason = _text(_("Uraian keberatan"), rows=4, required=True)

    def __init__(self, *args: Any, grounds: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if grounds is not None:
            cast(forms.ChoiceField, self.fields["ground"]).choices = [
                (value, label) for value, label in ObjectionGround.choices if value in grounds
            ]


class ObjectionAnswerForm(forms.Form):
    """The superior's written answer to an objection."""

    outcome = forms.ChoiceField(
        label=_("Keputusan atas keberatan"), choices=ObjectionOutcome.choices, widget=forms.RadioSelect
    )
    response = _text(_("Tanggapan atasan PPID (dibaca pemohon)"), LONG_TEXT_MAX_LENGTH, rows=5)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _shown_required(self, "response")


# --- the DIP -------------------------------------------------------------------------------------------


ITEM_TEXT_FIELDS = ("title", "summary", "holder", "publisher", "made_when", "made_where", "retention")


class ItemForm(KeptDocuments):
    """One DIP row with every column of PerKI 1/2018. The file is kept across a refused form."""

    category = forms.ChoiceField(label=_("Kategori"), choices=InfoCategory.choices)
    title = _line(_("Judul informasi"), TITLE_MAX_LENGTH)
    summary = _text(_("Ringkasan isi informasi"))
    holder = _line(_("Pejabat atau unit yang menguasai informasi"), 150)
    publisher = _line(_("Penanggung jawab pembuatan atau penerbitan"), 150)
    made_when = _line(_("Waktu pembuatan"), 60, help_text=_("Misalnya: Januari 2026, atau setiap tahun"))
    made_where = _line(_("Tempat pembuatan"), 150)
    form = forms.ChoiceField(label=_("Bentuk informasi"), choices=InfoForm.choices, initial=InfoForm.BOTH)
    retention = _line(_("Jangka waktu penyimpanan"), 60, help_text=_("Misalnya: 5 tahun"))
    file = DocumentField(
        label=_("Berkas (PDF atau gambar)"),
        required=False,
        help_text=_("Tidak untuk informasi yang dikecualikan."),
    )
    remove_file = forms.BooleanField(label=_("Hapus berkas yang sekarang"), required=False)
    link = _line(_("Tautan (bila informasi ada di situs lain)"), 500, widget=forms.URLInput)
    exemption_ground = forms.ChoiceField(
        label=_("Dasar hukum pengecualian (UU 14/2008 Pasal 17)"),
        choices=NO_GROUND + list(ExemptionGround.choices),
        required=False,
        help_text=_("Hanya untuk informasi yang dikecualikan."),
    )
    consequence_test = _text(
        _("Uji konsekuensi"),
        help_text=_(
            "Akibat yang timbul bila informasi ini dibuka, dan mengapa menutupnya melindungi "
            "kepentingan yang lebih besar."
        ),
    )
    checklist_entry = forms.ModelChoiceField(
        label=_("Memenuhi informasi wajib berkala"),
        queryset=ChecklistEntry.objects.none(),
        required=False,
        empty_label=_("— tidak ada —"),
    )
    is_published = forms.BooleanField(label=_("Diterbitkan di portal"), required=False, initial=True)
    updated_on = forms.DateField(
        label=_("Tanggal pemutakhiran"),
        help_text=_("Kosongkan untuk hari ini."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, item: InformationItem | None = None, **kwargs: Any) -> None:
        if item is not None:
            kwargs.setdefault("initial", {}).update(
                {
                    **{name: getattr(item, name) for name in (*ITEM_TEXT_FIELDS, "category", "form", "link")},
                    "exemption_ground": item.exemption_ground,
                    "consequence_test": item.consequence_test,
                    "checklist_entry": item.checklist_entry_id,
                    "is_published": item.is_published,
                    "updated_on": item.updated_on,
                }
            )
        super().__init__(*args, **kwargs)
        self.item = item
        cast(
            forms.ModelChoiceField, self.fields["checklist_entry"]
        ).queryset = ChecklistEntry.objects.order_by("order", "pk")
        if item is None or not item.file:
            del self.fields["remove_file"]
        _shown_required(self, *ITEM_TEXT_FIELDS)
        self.fields["consequence_test"].widget.attrs["data-category"] = InfoCategory.EXEMPT
        self.fields["exemption_ground"].widget.attrs["data-category"] = InfoCategory.EXEMPT

    def collect_file(self, *, owner: str) -> None:
        """After is_valid(): the file that passed, new or kept from an earlier try."""
        self.keep_documents(owner=owner, names=["file"])

    def upload(self) -> Any:
        return self.kept_documents().get("file")

    def item_input(self) -> services.ItemInput:
        data = self.cleaned_data
        entry = data.get("checklist_entry")
        return services.ItemInput(
            category=data["category"],
            title=data["title"],
            summary=data["summary"],
            holder=data["holder"],
            publisher=data["publisher"],
            made_when=data["made_when"],
            made_where=data["made_where"],
            form=data["form"],
            retention=data["retention"],
            link=data["link"],
            exemption_ground=data["exemption_ground"],
            consequence_test=data["consequence_test"],
            checklist_entry_id=entry.pk if entry is not None else None,
            is_published=data["is_published"],
            updated_on=data.get("updated_on"),
        )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Ya, hapus item ini dari DIP"), required=True)


# --- serta-merta -------------------------------------------------------------------------------------------


ANNOUNCEMENT_FIELDS = (
    "title",
    "hazard",
    "affected",
    "evacuation",
    "avoidance",
    "help",
    "announcer",
    "channels",
    "mitigation",
)


class AnnouncementForm(forms.Form):
    """Every element PerKI 1/2018 requires of a serta-merta announcement."""

    title = _line(_("Judul pengumuman"), TITLE_MAX_LENGTH)
    hazard = _text(_("Potensi bahaya dan dampaknya"))
    affected = _text(_("Pihak dan wilayah yang berpotensi terdampak"))
    evacuation = _text(_("Prosedur dan tempat evakuasi"))
    avoidance = _text(_("Cara menghindari bahaya dan dampaknya"))
    help = _text(_("Cara memperoleh bantuan"))
    announcer = _line(_("Pihak yang mengumumkan"), 200)
    channels = _line(
        _("Cara pengumuman disampaikan"),
        300,
        help_text=Announcement._meta.get_field("channels").help_text,
    )
    mitigation = _text(_("Langkah yang telah dilakukan untuk menanggulangi"))
    notify_subscribers = forms.BooleanField(
        label=_("Kirim ke pelanggan pengumuman serta-merta"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _shown_required(self, *ANNOUNCEMENT_FIELDS)

    def announcement_input(self) -> services.AnnouncementInput:
        return services.AnnouncementInput(**{name: self.cleaned_data[name] for name in ANNOUNCEMENT_FIELDS})
