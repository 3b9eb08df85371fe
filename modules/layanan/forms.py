import re
import secrets
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modules.berkas.forms import DocumentField, KeptDocumentsForm, staged_field_name
from modules.berkas.intake import ACCEPT_ATTRIBUTE, Document, accept_each
from modules.berkas.models import StagedUpload
from modules.berkas.selectors import staged_upload
from modules.berkas.services import IncomingFile
from tenants.models import District
from tenants.words import village_head_title

from .models import (
    EXTRA_VALUE_MAX_LENGTH,
    IDENTITY_FIELDS,
    Delivery,
    Gender,
    LetterKind,
    MaritalStatus,
    NotifyChannel,
    Religion,
    RequestStatus,
    ServiceRequest,
    ServiceStandard,
)
from .services import CounterSettings, NewRequest, ServiceText, StandardTerms

STAGED_DOCUMENTS = staged_field_name("documents")


class ShapedCharField(forms.CharField):
    """A text field that only shapes input. `required` marks it for people and browsers ("wajib",
    the `required` attribute) but refuses nothing: request_submit's `full_clean()` decides, with
    the same messages as the API."""

    def validate(self, value: object) -> None:
        return None


def _shaped(field: forms.Field, *, model_field: str | None = None, required: bool = False) -> forms.Field:
    """Sets `required` (a mark only, see ShapedCharField) and the browser's `maxlength` from the model."""
    field.required = required
    if model_field:
        limit = _model_max_length(model_field)
        if limit:
            field.widget.attrs["maxlength"] = str(limit)
    return field


def _model_max_length(name: str) -> int | None:
    model_field = ServiceRequest._meta.get_field(name)
    if getattr(model_field, "max_length", None):
        return int(model_field.max_length)  # type: ignore[union-attr,arg-type]
    for validator in getattr(model_field, "validators", ()):
        if isinstance(validator, MaxLengthValidator):
            return int(validator.limit_value)
    return None


# The identity a standard may ask for, as the staff editor offers it (models.IDENTITY_FIELDS order).
IDENTITY_CHOICES = [
    ("birth_place", _("Tempat lahir")),
    ("birth_date", _("Tanggal lahir")),
    ("gender", _("Jenis kelamin")),
    ("religion", _("Agama")),
    ("occupation", _("Pekerjaan")),
    ("marital_status", _("Status perkawinan")),
]


def identity_form_fields(standard: ServiceStandard) -> dict[str, forms.Field]:
    """The identity fields a standard asks for, as the letter's identity table lists them; the
    service (identity_errors) decides what is valid."""

    def choice(label: str, choices: list[tuple[str, Any]]) -> forms.ChoiceField:
        return forms.ChoiceField(label=label, choices=[("", gettext("— pilih —")), *choices])

    every: dict[str, forms.Field] = {
        "birth_place": forms.CharField(label=_("Tempat lahir"), max_length=100),
        "birth_date": forms.DateField(
            label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"})
        ),
        "gender": choice(gettext("Jenis kelamin"), Gender.choices),
        "religion": choice(gettext("Agama"), Religion.choices),
        "occupation": forms.CharField(label=_("Pekerjaan"), max_length=100),
        "marital_status": choice(gettext("Status perkawinan"), MaritalStatus.choices),
    }
    asked = {name: every[name] for name in IDENTITY_FIELDS if name in standard.identity_fields}
    for field in asked.values():
        # Shaping only, as the other fields: request_submit reports a missing one with the others.
        field.required = False
    return asked


def identity_data(cleaned_data: dict[str, object]) -> dict[str, str]:
    """The identity fields of a validated form as the service takes them (dates in ISO form)."""
    values: dict[str, str] = {}
    for name in IDENTITY_FIELDS:
        value = cleaned_data.get(name)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else str(value or "")
    return values


class RequestForm(KeptDocumentsForm):
    """The resident's (and the counter's) request form. It shapes; request_submit decides."""

    applicant_name = _shaped(
        ShapedCharField(
            label=_("Nama lengkap (sesuai KTP)"), widget=forms.TextInput(attrs={"autocomplete": "name"})
        ),
        model_field="applicant_name",
        required=True,
    )
    nik = _shaped(
        ShapedCharField(
            label=_("NIK (16 digit)"),
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "20"}),
        ),
        required=True,
    )
    kk_number = _shaped(
        ShapedCharField(
            label=_("Nomor KK (tidak wajib)"),
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "20"}),
        )
    )
    address = _shaped(
        ShapedCharField(
            label=_("Alamat (dusun, RT/RW)"),
            widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
        ),
        model_field="address",
        required=True,
    )
    purpose = _shaped(ShapedCharField(label=_("Keperluan")), model_field="purpose", required=True)
    notify_channel = forms.ChoiceField(
        label=_("Kabari saya lewat"), choices=NotifyChannel.choices, initial=NotifyChannel.NONE
    )
    phone = _shaped(
        ShapedCharField(
            label=_("Nomor HP/WhatsApp"),
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "maxlength": "24"}),
        )
    )
    email = _shaped(
        ShapedCharField(label=_("Surel"), widget=forms.EmailInput(attrs={"autocomplete": "email"})),
        model_field="email",
    )
    # One per form shown: a reload or a second tap sends the same key, and stores one request.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: object, standard: ServiceStandard, online: bool = True, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.standard = standard
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", secrets.token_urlsafe(24))
        self._insert_after("nik", identity_form_fields(standard))
        for field in standard.extra_fields:
            self.fields[f"extra_{field['name']}"] = _shaped(
                ShapedCharField(
                    label=field["label"],
                    widget=forms.TextInput(attrs={"maxlength": str(EXTRA_VALUE_MAX_LENGTH)}),
                ),
                required=True,
            )
        for index, requirement in enumerate(standard.requirements):
            self.fields[f"file_{index}"] = DocumentField(
                label=requirement["text"],
                required=False,
                help_text=_requirement_help(requirement, online=online),
            )
            # Marked "wajib" without being required here: a file kept from an earlier try answers
            # it too, and request_submit decides (online only; at the counter staff see the papers).
            shown_required = online and requirement["required"] and requirement["delivery"] == Delivery.UPLOAD
            self.fields[f"file_{index}"].shown_required = shown_required  # type: ignore[attr-defined]
            if shown_required:
                self.fields[f"file_{index}"].widget.attrs["aria-required"] = "true"

    def collect_documents(self, *, owner: str) -> None:
        """After is_valid(): the documents that passed, new or kept from an earlier try."""
        names = [name for name, field in self.fields.items() if isinstance(field, DocumentField)]
        self.keep_documents(owner=owner, names=names)

    def _insert_after(self, name: str, fields: dict[str, forms.Field]) -> None:
        order = list(self.fields)
        position = order.index(name) + 1
        self.fields.update(fields)
        self.order_fields([*order[:position], *fields, *order[position:]])

    def new_request(self) -> NewRequest:
        extra = {
            field["name"]: self.cleaned_data.get(f"extra_{field['name']}") or ""
            for field in self.standard.extra_fields
        }
        return NewRequest.from_fields({**self.cleaned_data, **identity_data(self.cleaned_data)}, extra=extra)

    def submitted_key(self) -> str:
        return str(self.cleaned_data.get("idempotency_key") or "")

    def requirement_field(self, text: object) -> str | None:
        """The file field of the requirement with this text (None: not one of this form's)."""
        for index, requirement in enumerate(self.standard.requirements):
            if requirement["text"] == text:
                return f"file_{index}"
        return None

    def attachments(self) -> list[tuple[str, IncomingFile]]:
        """The documents (new or staged), each labelled with the requirement it answers."""
        found = self.kept_documents()
        return [
            (requirement["text"], found[f"file_{index}"])
            for index, requirement in enumerate(self.standard.requirements)
            if f"file_{index}" in found
        ]


def _requirement_help(requirement: Mapping[str, Any], *, online: bool) -> str:
    kinds = gettext("Foto (JPG, PNG, WebP, HEIC) atau PDF, paling besar 10 MB.")
    if not requirement["required"]:
        return f"{kinds} {gettext('Tidak wajib.')}"
    if requirement["delivery"] == Delivery.OFFICE:
        return f"{kinds} " + gettext(
            "Wajib dibawa ke kantor saat mengambil surat; boleh juga diunggah agar petugas dapat "
            "memeriksanya lebih dulu."
        )
    return kinds if online else f"{kinds} {gettext('Di loket: periksa berkas aslinya.')}"


class MultipleDocumentInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentsForm(forms.Form):
    """The owner page's upload of the documents staff asked for. Files that pass intake are kept
    (staged) when another one is refused, so the resident only picks the refused one again."""

    documents = forms.Field(
        label=_("Unggah dokumen yang diminta (foto atau PDF, paling besar 10 MB per berkas)"),
        required=False,
        widget=MultipleDocumentInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.staged: list[StagedUpload] = []
        self.new_documents: dict[str, Document] = {}

    def clean_documents(self) -> None:
        documents, errors = accept_each(self.files.getlist("documents"))
        # Kept even when another file is refused: the view stages them for the next try.
        self.new_documents = {f"documents_{position}": doc for position, doc in enumerate(documents, 1)}
        if errors:
            raise ValidationError(errors)

    def collect_documents(self, *, owner: str) -> None:
        """After is_valid(): the files this session staged on an earlier try (hidden tokens)."""
        for token in self.data.getlist(STAGED_DOCUMENTS):  # type: ignore[attr-defined]
            staged = staged_upload(token=str(token), owner=owner)
            if staged is not None and staged not in self.staged:
                self.staged.append(staged)

    def show_staged(self, staged: Mapping[str, StagedUpload]) -> None:
        self.staged.extend(staged.values())
        self.new_documents = {}

    def attachments(self) -> list[tuple[str, IncomingFile]]:
        label = gettext("Dokumen susulan")
        return [(label, staged) for staged in self.staged] + [
            (label, document) for document in self.new_documents.values()
        ]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=RequestStatus.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(forms.Form):
    signer_name = forms.CharField(label=_("Nama penanda tangan"), max_length=150)
    signer_position = forms.CharField(label=_("Jabatan"), max_length=150)
    on_behalf_of = forms.CharField(max_length=150, required=False)

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"].label = gettext("Atas nama (a.n.), bila bukan %(head_title)s") % {
            "head_title": village_head_title(district)
        }


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), widget=forms.Textarea(attrs={"rows": 2}))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# The marks a requirement line may end with, inside one pair of brackets: "(tidak wajib)",
# "(dibawa ke kantor)" or both, "(tidak wajib, dibawa ke kantor)". No mark: required, uploaded.
OPTIONAL_MARK = "tidak wajib"
OFFICE_MARK = "dibawa ke kantor"
_MARKED = re.compile(r"^(?P<text>.*?)\s*\((?P<marks>[^()]*)\)\s*$")


def requirement_from_line(line: str) -> dict[str, Any]:
    """One line of the staff editor as a requirement. Brackets that hold anything but the marks
    belong to the text ("Kartu bantuan sosial (PKH/KIS)")."""
    text, marks = line, set()
    found = _MARKED.match(line)
    if found:
        named = {mark.strip().lower() for mark in found["marks"].split(",")}
        if named and named <= {OPTIONAL_MARK, OFFICE_MARK}:
            text, marks = found["text"], named
    return {
        "text": text.strip(),
        "required": OPTIONAL_MARK not in marks,
        "delivery": (Delivery.OFFICE if OFFICE_MARK in marks else Delivery.UPLOAD).value,
    }


def requirement_line(requirement: Mapping[str, Any]) -> str:
    marks = [OPTIONAL_MARK] * (not requirement["required"]) + [OFFICE_MARK] * (
        requirement["delivery"] == Delivery.OFFICE
    )
    return requirement["text"] + (f" ({', '.join(marks)})" if marks else "")


class ServiceForm(forms.Form):
    """A service with its standard. Requirements one per line, marked as above; procedure one step
    per line; extra fields one per line as `name | label`."""

    slug = forms.SlugField(label=_("Alamat (slug)"), max_length=80)
    name = forms.CharField(label=_("Nama layanan"), max_length=150)
    letter_code = forms.CharField(label=_("Kode surat"), max_length=20)
    letter_title = forms.CharField(label=_("Judul surat"), max_length=150)
    letter_body = forms.CharField(
        label=_("Isi surat"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Isian: {nama}, {nik_tersamar}, {alamat}, {keperluan}, {desa}, {kecamatan} dan isian tambahan."
        ),
    )
    letter_kind = forms.ChoiceField(label=_("Jenis surat"), choices=LetterKind.choices)
    letter_closing = forms.CharField(
        label=_("Kalimat penutup surat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kosongkan untuk memakai kalimat penutup yang lazim bagi jenis suratnya."),
    )
    identity_fields = forms.MultipleChoiceField(
        label=_("Data identitas yang dinyatakan surat (selain nama, NIK dan alamat)"),
        choices=IDENTITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Dibuka untuk warga"), required=False, initial=True)
    requirements = forms.CharField(
        label=_("Persyaratan (satu per baris)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Tanpa tanda: wajib diunggah saat mengajukan daring. Akhiri baris dengan (dibawa ke kantor) "
            "untuk berkas kertas yang diperiksa di kantor, (tidak wajib) untuk yang boleh tidak ada, "
            "atau (tidak wajib, dibawa ke kantor)."
        ),
    )
    procedure = forms.CharField(
        label=_("Prosedur (satu langkah per baris)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    time_limit_days = forms.IntegerField(label=_("Jangka waktu (hari kerja)"), min_value=1, max_value=60)
    cost_rupiah = forms.IntegerField(label=_("Biaya (Rp, 0 = gratis)"), min_value=0, initial=0)
    product = forms.CharField(label=_("Produk layanan"), max_length=150)
    complaint_channel = forms.CharField(
        label=_("Penanganan pengaduan"), widget=forms.Textarea(attrs={"rows": 2})
    )
    legal_basis = forms.CharField(label=_("Dasar hukum"), widget=forms.Textarea(attrs={"rows": 2}))
    officer_in_charge = forms.CharField(label=_("Penanggung jawab"), max_length=150)
    service_hours = forms.CharField(
        label=_("Jam layanan"),
        max_length=150,
        required=False,
        help_text=_("Kosongkan untuk memakai jam layanan kantor dari profil; isi bila layanan ini berbeda."),
    )
    extra_fields = forms.CharField(
        label=_("Isian tambahan (nama | label, satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    STANDARD_FIELDS = (
        "identity_fields",
        "time_limit_days",
        "cost_rupiah",
        "product",
        "complaint_channel",
        "legal_basis",
        "officer_in_charge",
        "service_hours",
    )

    def clean_extra_fields(self) -> list[dict[str, str]]:
        fields = []
        for line in _lines(self.cleaned_data["extra_fields"]):
            name, separator, label = (part.strip() for part in line.partition("|"))
            if not separator:
                raise forms.ValidationError(
                    gettext("Tulis isian tambahan sebagai `nama_isian | Label`."), code="extra_fields_format"
                )
            fields.append({"name": name, "label": label})
        return fields

    def text(self) -> ServiceText:
        data = self.cleaned_data
        return ServiceText(
            name=data["name"],
            letter_code=data["letter_code"],
            letter_title=data["letter_title"],
            letter_body=data["letter_body"],
            letter_kind=data["letter_kind"],
            letter_closing=data["letter_closing"],
            is_active=data["is_active"],
        )

    def terms(self) -> StandardTerms:
        data = self.cleaned_data
        return StandardTerms(
            **{field: data[field] for field in self.STANDARD_FIELDS},
            requirements=[requirement_from_line(line) for line in _lines(data["requirements"])],
            procedure=_lines(data["procedure"]),
            extra_fields=data["extra_fields"],
        )

    @classmethod
    def initial_for(cls, service: object, standard: object) -> dict[str, object]:
        return {
            **{
                f: getattr(service, f)
                for f in (
                    "slug",
                    "name",
                    "letter_code",
                    "letter_title",
                    "letter_body",
                    "letter_kind",
                    "letter_closing",
                    "is_active",
                )
            },
            **{f: getattr(standard, f) for f in cls.STANDARD_FIELDS},
            "requirements": "\n".join(requirement_line(r) for r in standard.requirements),  # type: ignore[attr-defined]
            "procedure": "\n".join(standard.procedure),  # type: ignore[attr-defined]
            "extra_fields": "\n".join(f"{f['name']} | {f['label']}" for f in standard.extra_fields),  # type: ignore[attr-defined]
        }


class ServiceSettingsForm(forms.ModelForm):
    """The labels of the village head's fields name the head as the village's district does."""

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        words = {"head_title": village_head_title(district)}
        self.fields["head_name"].label = gettext("Nama %(head_title)s") % words
        self.fields["head_title"].label = gettext("Jabatan %(head_title)s") % words

    class Meta:
        from .models import ServiceSettings

        model = ServiceSettings
        fields = [
            "pledge",
            "number_format",
            "counter_scope",
            "paper_size",
            "head_name",
            "head_title",
            "queue_counters",
        ]
        widgets = {"pledge": forms.Textarea(attrs={"rows": 4})}

    def values(self) -> CounterSettings:
        return CounterSettings(**{field: self.cleaned_data[field] for field in self.Meta.fields})


class SopAdoptForm(forms.Form):
    decree_number = forms.CharField(
        label=_("Nomor keputusan"), max_length=80, help_text=_("Contoh: 141/12/KPTS/2026")
    )
    decree_date = forms.DateField(
        label=_("Tanggal ditetapkan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signer_name = forms.CharField(label=_("Nama yang menetapkan"), max_length=150)


class RequestCorrectionForm(forms.Form):
    """Staff correct the applicant's details before signing; request_correct decides validity."""

    applicant_name = forms.CharField(label=_("Nama lengkap (sesuai KTP)"), max_length=150)
    nik = forms.CharField(label=_("NIK (16 digit)"), max_length=20)
    kk_number = forms.CharField(label=_("Nomor KK"), max_length=20, required=False)
    address = forms.CharField(label=_("Alamat (dusun, RT/RW)"), widget=forms.Textarea(attrs={"rows": 2}))
    purpose = forms.CharField(label=_("Keperluan"), max_length=255)

    def __init__(self, *args: object, service_request: ServiceRequest, **kwargs: object) -> None:
        if not args and "data" not in kwargs:
            kwargs["initial"] = {
                "applicant_name": service_request.applicant_name,
                "nik": service_request.nik,
                "kk_number": service_request.kk_number,
                "address": service_request.address,
                "purpose": service_request.purpose,
                **{name: getattr(service_request, name) for name in IDENTITY_FIELDS},
                **{f"extra_{name}": value for name, value in (service_request.extra or {}).items()},
            }
        kwargs.setdefault("prefix", "koreksi")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields.update(identity_form_fields(service_request.standard))
        self.extra_names = [field["name"] for field in service_request.standard.extra_fields]
        for field in service_request.standard.extra_fields:
            self.fields[f"extra_{field['name']}"] = forms.CharField(label=field["label"], max_length=255)

    def corrected_extra(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"extra_{name}"] for name in self.extra_names}

    def corrected_identity(self) -> dict[str, str]:
        return identity_data(self.cleaned_data)
