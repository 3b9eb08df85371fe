from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modules.privasi.nik import kk_validator, nik_validator

from .models import NotifyChannel, RequestStatus, ServiceRequest, ServiceStandard
from .services import NewRequest


class RequestForm(forms.Form):
    # autocomplete tokens let a phone fill name, address and contact (WCAG 1.3.5).
    applicant_name = forms.CharField(
        label=_("Nama lengkap (sesuai KTP)"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    nik = forms.CharField(
        label=_("NIK (16 digit)"),
        max_length=20,
        validators=[nik_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kk_number = forms.CharField(
        label=_("Nomor KK (tidak wajib)"),
        max_length=20,
        validators=[kk_validator],
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Alamat (dusun, RT/RW)"),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
    )
    purpose = forms.CharField(label=_("Keperluan"), max_length=255)
    notify_channel = forms.ChoiceField(
        label=_("Kabari saya lewat"), choices=NotifyChannel.choices, initial=NotifyChannel.NONE
    )
    phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Surel"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

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

    def new_request(self) -> NewRequest:
        extra = {
            field["name"]: self.cleaned_data[f"extra_{field['name']}"] for field in self.standard.extra_fields
        }
        return NewRequest.from_fields(self.cleaned_data, extra=extra)

    def attachments(self) -> list[tuple[str, UploadedFile]]:
        """The uploaded documents, each labelled with the requirement it answers."""
        return [
            (requirement["text"], self.files[f"file_{index}"])  # type: ignore[misc]
            for index, requirement in enumerate(self.standard.requirements)
            if f"file_{index}" in self.files
        ]


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


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


OPTIONAL_MARK = "(tidak wajib)"


class ServiceForm(forms.Form):
    """A service with its standard. Requirements one per line, ending in "(tidak wajib)" when
    optional; procedure one step per line; extra fields one per line as `name | label`."""

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
    is_active = forms.BooleanField(label=_("Dibuka untuk warga"), required=False, initial=True)
    requirements = forms.CharField(
        label=_("Persyaratan (satu per baris)"), widget=forms.Textarea(attrs={"rows": 4})
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
    service_hours = forms.CharField(label=_("Jam layanan"), max_length=150)
    extra_fields = forms.CharField(
        label=_("Isian tambahan (nama | label, satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    STANDARD_FIELDS = (
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
            name, _sep, label = (part.strip() for part in line.partition("|"))
            if not name.isidentifier() or not label:
                raise forms.ValidationError(gettext("Tulis isian tambahan sebagai `nama_isian | Label`."))
            fields.append({"name": name, "label": label})
        return fields

    def standard(self) -> dict[str, object]:
        data = self.cleaned_data
        requirements = [
            {"text": line.removesuffix(OPTIONAL_MARK).strip(), "required": not line.endswith(OPTIONAL_MARK)}
            for line in _lines(data["requirements"])
        ]
        return {
            **{field: data[field] for field in self.STANDARD_FIELDS},
            "requirements": requirements,
            "procedure": _lines(data["procedure"]),
            "extra_fields": data["extra_fields"],
        }

    @classmethod
    def initial_for(cls, service: object, standard: object) -> dict[str, object]:
        return {
            **{
                f: getattr(service, f)
                for f in ("slug", "name", "letter_code", "letter_title", "letter_body", "is_active")
            },
            **{f: getattr(standard, f) for f in cls.STANDARD_FIELDS},
            "requirements": "\n".join(
                r["text"] + ("" if r["required"] else f" {OPTIONAL_MARK}")
                for r in standard.requirements  # type: ignore[attr-defined]
            ),
            "procedure": "\n".join(standard.procedure),  # type: ignore[attr-defined]
            "extra_fields": "\n".join(f"{f['name']} | {f['label']}" for f in standard.extra_fields),  # type: ignore[attr-defined]
        }


class ServiceSettingsForm(forms.ModelForm):
    class Meta:
        from .models import ServiceSettings

        model = ServiceSettings
        fields = ["pledge", "number_format", "counter_scope", "paper_size", "head_name", "head_title"]
        widgets = {"pledge": forms.Textarea(attrs={"rows": 4})}


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
                **{f"extra_{name}": value for name, value in (service_request.extra or {}).items()},
            }
        kwargs.setdefault("prefix", "koreksi")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.extra_names = [field["name"] for field in service_request.standard.extra_fields]
        for field in service_request.standard.extra_fields:
            self.fields[f"extra_{field['name']}"] = forms.CharField(label=field["label"], max_length=255)

    def corrected_extra(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"extra_{name}"] for name in self.extra_names}
