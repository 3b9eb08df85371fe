"""Forms of the staff pages. They shape input; the services decide (one input contract), and their
errors come back next to the fields (views_staff.merge_errors)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.berkas.forms import DocumentField
from modules.berkas.intake import Document

from . import selectors, services
from .models import (
    DESCRIPTION_MAX_LENGTH,
    LOCATION_MAX_LENGTH,
    RESPONSE_MAX_LENGTH,
    STAFF_CHANNELS,
    TITLE_MAX_LENGTH,
    Category,
    ComplaintSettings,
    Identity,
    NotifyChannel,
    Tier,
)


def _text(label: Any, *, required_mark: bool = False) -> forms.CharField:
    """A response or note box: optional for the form (the service decides), with the model's limit;
    `required_mark` asks the browser for it where the workflow does."""
    attrs: dict[str, Any] = {"rows": 2}
    if required_mark:
        attrs["required"] = True
    return forms.CharField(
        label=label, required=False, max_length=RESPONSE_MAX_LENGTH, widget=forms.Textarea(attrs=attrs)
    )


class RecordForm(forms.Form):
    """A complaint that came by another channel (the box at the office, a call, a message, a visit,
    a meeting), typed in by a handler."""

    channel = forms.ChoiceField(label=_("Diterima lewat"), choices=STAFF_CHANNELS)
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.none())
    title = forms.CharField(label=_("Judul singkat"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Uraian pengaduan"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    location = forms.CharField(label=_("Lokasi masalah"), max_length=LOCATION_MAX_LENGTH, required=False)
    identity = forms.ChoiceField(
        label=_("Identitas pelapor"),
        choices=Identity.choices,
        widget=forms.RadioSelect,
        initial=Identity.NAMED,
    )
    reporter_name = forms.CharField(label=_("Nama pelapor"), max_length=150, required=False)
    reporter_phone = forms.CharField(label=_("Nomor HP pelapor"), max_length=20, required=False)
    reporter_email = forms.CharField(label=_("Surel pelapor"), max_length=254, required=False)
    notify_channel = forms.ChoiceField(
        label=_("Kabar untuk pelapor lewat"), choices=NotifyChannel.choices, initial=NotifyChannel.NONE
    )
    is_public = forms.BooleanField(
        label=_("Tampilkan di papan pengaduan (tanpa identitas)"), required=False, initial=True
    )
    # A photo that came with the message (WhatsApp) or the visit: re-encoded, metadata dropped
    # (berkas); staff-recorded photos stay off the board.
    photo_1 = DocumentField(label=_("Foto 1"), required=False)
    photo_2 = DocumentField(label=_("Foto 2"), required=False)
    photo_3 = DocumentField(label=_("Foto 3"), required=False)
    # A repeated submit (a double tap, the back button) records the complaint once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", f"staf-{secrets.token_urlsafe(18)}")
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = selectors.categories()

    def _photo(self, name: str) -> Document | None:
        document = self.cleaned_data.get(name)
        if document is not None and not document.content_type.startswith("image/"):
            raise forms.ValidationError(_("Pilih foto (JPEG, PNG, HEIC), bukan PDF."), code="not_a_photo")
        return document

    def clean_photo_1(self) -> Document | None:
        return self._photo("photo_1")

    def clean_photo_2(self) -> Document | None:
        return self._photo("photo_2")

    def clean_photo_3(self) -> Document | None:
        return self._photo("photo_3")

    def photos(self) -> list[services.NewPhoto]:
        return [
            services.NewPhoto(upload=self.cleaned_data[name], is_public=False)
            for name in ("photo_1", "photo_2", "photo_3")
            if self.cleaned_data.get(name) is not None
        ]

    def complaint(self) -> services.NewComplaint:
        data = self.cleaned_data
        return services.NewComplaint(
            category_id=data["category"].pk,
            title=data["title"],
            description=data["description"],
            identity=data["identity"],
            location=data["location"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            reporter_email=data["reporter_email"],
            notify_channel=data["notify_channel"],
            is_public=data["is_public"],
            channel=data["channel"],
        )


class StepForm(forms.Form):
    """One step of COMPLAINT_WORKFLOW: the response the reporter and the board read, and an internal
    note for staff."""

    response = _text(_("Tanggapan untuk pelapor"))
    internal_note = _text(_("Catatan internal (hanya staf)"))

    def __init__(self, *args: Any, note_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if note_required:
            self.fields["response"].label = _("Tanggapan untuk pelapor (wajib)")
            self.fields["response"].widget.attrs["required"] = True


class ForwardForm(forms.Form):
    """Bukan wewenang: the body that holds the matter and how the reporter reaches it."""

    forwarded_to = forms.CharField(
        label=_("Diteruskan kepada"),
        max_length=200,
        help_text=_("Contoh: Kantor Camat Ingin Jaya, Dinas PUPR"),
    )
    forwarded_contact = forms.CharField(label=_("Kontak pihak tersebut"), max_length=200, required=False)
    response = _text(_("Tanggapan untuk pelapor (wajib)"), required_mark=True)
    internal_note = _text(_("Catatan internal (hanya staf)"))


class DuplicateForm(forms.Form):
    original_code = forms.CharField(label=_("Kode pengaduan asli"), max_length=20)
    response = _text(_("Tanggapan untuk pelapor"))
    internal_note = _text(_("Catatan internal (hanya staf)"))


class NoteForm(forms.Form):
    internal_note = forms.CharField(
        label=_("Catatan internal (hanya staf)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=RESPONSE_MAX_LENGTH,
    )


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "tier", "is_active", "order"]

    def __init__(self, *args: Any, deadlines: ComplaintSettings | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if deadlines is not None:  # each tier with the village's days
            cast(forms.ChoiceField, self.fields["tier"]).choices = [
                (
                    tier.value,
                    _("%(tier)s (%(days)s hari kerja)")
                    % {"tier": tier.label, "days": deadlines.days_for(tier)},
                )
                for tier in Tier
            ]

    def _post_clean(self) -> None:
        """category_save decides (the model's checks, a name already taken in any case)."""


class DeadlinesForm(forms.ModelForm):
    class Meta:
        model = ComplaintSettings
        fields = [
            "verify_days",
            "follow_up_days",
            "tier_quick_days",
            "tier_normal_days",
            "tier_heavy_days",
            "tier_complex_days",
        ]

    def _post_clean(self) -> None:
        """complaint_settings_save runs the model's checks (the tiers' order)."""

    def deadlines(self) -> services.Deadlines:
        return services.Deadlines(**{name: self.cleaned_data[name] for name in self.Meta.fields})


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class PeriodForm(forms.Form):
    """The complaint book's period: from–to, both included; this month so far by default."""

    dari = forms.DateField(label=_("Dari tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(label=_("Sampai tanggal"), widget=forms.DateInput(attrs={"type": "date"}))

    MAX_DAYS = 366 * 5

    @classmethod
    def for_request(cls, data: Any) -> PeriodForm:
        today = timezone.localdate()
        if "dari" in data or "sampai" in data:
            return cls(data)
        return cls({"dari": _first_of_month(today).isoformat(), "sampai": today.isoformat()})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("dari"), data.get("sampai")
        if start and end:
            if end < start:
                self.add_error(
                    "sampai",
                    forms.ValidationError(_("Tanggal akhir sebelum tanggal awal."), code="period_order"),
                )
            elif (end - start).days > self.MAX_DAYS:
                self.add_error(
                    "sampai",
                    forms.ValidationError(_("Paling lama lima tahun sekali unduh."), code="period_long"),
                )
        return data


class MonthForm(forms.Form):
    bulan = forms.DateField(
        label=_("Bulan"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    @classmethod
    def for_request(cls, data: Any) -> MonthForm:
        if "bulan" in data:
            return cls(data)
        return cls({"bulan": timezone.localdate().strftime("%Y-%m")})
