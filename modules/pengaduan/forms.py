"""The resident's forms: the complaint and the answer to "Sudah diperbaiki?". They shape input;
services.complaint_submit and services.complaint_feedback decide what is valid, with one set of
limits for the form, the staff form and the API."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modules.berkas.forms import DocumentField, DocumentInput, KeptDocumentsForm
from modules.berkas.intake import Document

from . import selectors
from .models import (
    DESCRIPTION_MAX_LENGTH,
    LOCATION_MAX_LENGTH,
    PHOTO_MAX_COUNT,
    TITLE_MAX_LENGTH,
    FixedAnswer,
    Identity,
    NotifyChannel,
)
from .services import NewComplaint, NewPhoto

PHOTO_ACCEPT = "image/*,.heic,.heif"
PHOTO_FIELDS = [f"photo_{number}" for number in range(1, PHOTO_MAX_COUNT + 1)]
# What each identity choice means, in the words a resident reads on the form.
IDENTITY_EXPLAINED = {
    Identity.NAMED: _(
        "Dengan nama: petugas yang menangani pengaduan melihat nama dan kontak Anda dan dapat "
        "menghubungi Anda. Papan pengaduan tidak pernah menampilkannya."
    ),
    Identity.CONFIDENTIAL: _(
        "Rahasia: hanya petugas pengaduan yang dapat membuka nama dan kontak Anda, dan setiap kali "
        "dibuka tercatat. Petugas lain hanya melihat isi pengaduan."
    ),
    Identity.ANONYMOUS: _(
        "Anonim: nama dan kontak tidak disimpan sama sekali, jadi kami tidak dapat menghubungi Anda. "
        "Ikuti pengaduan lewat kode lacak dan tautan pribadi yang muncul setelah mengirim."
    ),
}
RATING_CHOICES = [
    ("4", _("4 — sangat baik")),
    ("3", _("3 — baik")),
    ("2", _("2 — kurang")),
    ("1", _("1 — buruk")),
]


class ShapedCharField(forms.CharField):
    """Shapes only: `required` marks the field for people and browsers, the service refuses."""

    def validate(self, value: object) -> None:
        return None


class ShapedChoiceField(forms.ChoiceField):
    """A list to pick from whose value the service checks (an unknown one gets its message)."""

    def validate(self, value: object) -> None:
        return None


class PhotoField(DocumentField):
    """A photo in any phone format, re-encoded without EXIF (modules.berkas.intake); a PDF is no
    photo of the problem."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=DocumentInput(attrs={"accept": PHOTO_ACCEPT}), **kwargs)

    def to_python(self, data: Any) -> Document | None:  # type: ignore[override]
        document = super().to_python(data)
        if document is not None and not document.content_type.startswith("image/"):
            raise ValidationError(
                gettext("Unggah foto (JPG, PNG, WebP atau HEIC), bukan dokumen."), code="not_a_photo"
            )
        return document


def _limit(field: forms.Field, limit: int, *, required: bool = False) -> forms.Field:
    field.required = required
    field.widget.attrs["maxlength"] = str(limit)
    return field


class ComplaintForm(KeptDocumentsForm):
    category = ShapedChoiceField(label=_("Kategori"), required=True)
    title = _limit(
        ShapedCharField(label=_("Judul singkat"), help_text=_("Contoh: Lampu jalan mati di dusun Lampoh")),
        TITLE_MAX_LENGTH,
        required=True,
    )
    description = _limit(
        ShapedCharField(
            label=_("Uraian masalah"),
            help_text=_("Apa yang terjadi, sejak kapan, siapa yang terdampak. Paling banyak 4.000 huruf."),
            widget=forms.Textarea(attrs={"rows": 6}),
        ),
        DESCRIPTION_MAX_LENGTH,
        required=True,
    )
    location = _limit(
        ShapedCharField(
            label=_("Lokasi (tidak wajib)"),
            help_text=_("Alamat atau patokan: dusun, jalan, dekat meunasah atau sekolah."),
        ),
        LOCATION_MAX_LENGTH,
    )
    # Filled by the map (static/pengaduan/map.js); without JavaScript the address above is enough.
    latitude = ShapedCharField(required=False, widget=forms.HiddenInput(attrs={"data-map-latitude": ""}))
    longitude = ShapedCharField(required=False, widget=forms.HiddenInput(attrs={"data-map-longitude": ""}))
    identity = ShapedChoiceField(
        label=_("Identitas Anda"),
        choices=[(value, label) for value, label in IDENTITY_EXPLAINED.items()],
        initial=Identity.NAMED,
        widget=forms.RadioSelect,
        required=True,
    )
    reporter_name = _limit(
        ShapedCharField(
            label=_("Nama Anda"),
            help_text=_("Tidak perlu diisi bila memilih anonim."),
            widget=forms.TextInput(attrs={"autocomplete": "name"}),
        ),
        150,
    )
    notify_channel = ShapedChoiceField(
        label=_("Kabari saya lewat"), choices=NotifyChannel.choices, initial=NotifyChannel.NONE
    )
    reporter_phone = _limit(
        ShapedCharField(
            label=_("Nomor HP/WhatsApp (tidak wajib)"),
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        ),
        24,
    )
    reporter_email = _limit(
        ShapedCharField(
            label=_("Surel (tidak wajib)"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
        ),
        254,
    )
    is_public = forms.BooleanField(
        label=_("Tampilkan pengaduan ini di papan pengaduan (tanpa nama Anda)"), required=False, initial=True
    )
    # One per form shown: a reload or a second tap sends the same key and stores one complaint.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", secrets.token_urlsafe(24))
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [
            ("", gettext("— pilih —")),
            *((str(item.pk), item.name) for item in selectors.categories()),
        ]
        order = list(self.fields)
        position = order.index("longitude") + 1
        photos: dict[str, forms.Field] = {}
        for number, name in enumerate(PHOTO_FIELDS, 1):
            photos[name] = PhotoField(
                label=gettext("Foto %(number)d (tidak wajib)") % {"number": number},
                required=False,
                help_text=gettext("Foto dari HP (JPG, PNG, WebP, HEIC), paling besar 10 MB.")
                if number == 1
                else "",
            )
            photos[f"{name}_public"] = forms.BooleanField(
                label=gettext("Foto %(number)d boleh tampil di papan") % {"number": number}, required=False
            )
        self.fields.update(photos)
        self.order_fields([*order[:position], *photos, *order[position:]])

    # --- photos, kept (staged) across tries as the counter's request form keeps its documents ---

    def collect_photos(self, *, owner: str) -> None:
        """After is_valid(): the photos that passed, new or kept from an earlier try (a kept file
        that is no image is not taken)."""
        self.keep_documents(
            owner=owner, names=PHOTO_FIELDS, accepts=lambda staged: staged.content_type.startswith("image/")
        )

    def photos(self) -> list[NewPhoto]:
        found = self.kept_documents()
        return [
            NewPhoto(upload=found[name], is_public=bool(self.cleaned_data.get(f"{name}_public")))
            for name in PHOTO_FIELDS
            if name in found
        ]

    # --- what the service takes ---

    def category_id(self) -> int:
        value = str(self.cleaned_data.get("category") or "")
        return int(value) if value.isdigit() and len(value) < 10 else 0

    def new_complaint(self) -> NewComplaint:
        data = self.cleaned_data
        return NewComplaint(
            category_id=self.category_id(),
            title=data.get("title") or "",
            description=data.get("description") or "",
            identity=data.get("identity") or "",
            location=data.get("location") or "",
            latitude=data.get("latitude") or "",
            longitude=data.get("longitude") or "",
            reporter_name=data.get("reporter_name") or "",
            reporter_phone=data.get("reporter_phone") or "",
            reporter_email=data.get("reporter_email") or "",
            notify_channel=data.get("notify_channel") or NotifyChannel.NONE,
            is_public=bool(data.get("is_public")),
        )

    def submitted_key(self) -> str:
        return str(self.cleaned_data.get("idempotency_key") or "")


class FeedbackForm(forms.Form):
    """ "Sudah diperbaiki?" on the reporter's page, after the village says the complaint is done."""

    answer = ShapedChoiceField(
        label=_("Sudah diperbaiki?"), choices=FixedAnswer.choices, widget=forms.RadioSelect, required=True
    )
    rating = ShapedChoiceField(
        label=_("Bagaimana penanganan pengaduan Anda? (tidak wajib)"),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    note = _limit(
        ShapedCharField(
            label=_("Catatan"),
            help_text=_("Wajib bila belum diperbaiki: ceritakan apa yang belum beres."),
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        2000,
    )

    def rating_value(self) -> int | None:
        """None when not given; anything that is no small number goes to the service as 0, which
        it refuses with its message."""
        value = str(self.cleaned_data.get("rating") or "")
        if not value:
            return None
        return int(value) if value.isdigit() and len(value) < 3 else 0
