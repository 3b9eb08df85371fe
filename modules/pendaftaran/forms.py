"""The signup wizard's forms. They shape what the applicant typed; the services (services.py) decide
what is valid, so the pages, their messages and a later API share one set of rules. Every field has
a length cap of its own (an oversized field is a message, never a 500)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import District

from .models import MAX_OFFICIALS, Application
from .services import OPTIONAL_MODULES, AdminInput, OfficialInput, ProfileInput, StartInput

OTHER_POSITION = "lainnya"
EMPTY_OFFICIAL_ROWS = 3


class ShapedCharField(forms.CharField):
    """Shapes only: `required` marks the field for people and browsers, the service refuses."""

    def __init__(self, *args: Any, shown_required: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.shown_required = shown_required

    def validate(self, value: object) -> None:
        return None


class StartForm(forms.Form):
    """The start page: only the honeypot, a field people never see (hidden by CSS, out of the tab
    order, labelled so a screen reader user knows to leave it)."""

    website = forms.CharField(
        label=_("Jangan diisi"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())


class TakenSelect(forms.Select):
    """A select whose options in `taken` are shown but cannot be chosen."""

    def __init__(self, *args: Any, taken: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.taken:
            option["attrs"]["disabled"] = True
        return option


class VillageForm(forms.Form):
    village_code = ShapedCharField(label=_("Pilih dari daftar"), max_length=20, shown_required=True)

    def __init__(
        self, *args: Any, district: District, choices: list[Any], taken: set[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village_code"].label = _("Nama %(noun)s") % {"noun": district.village_noun}
        self.fields["village_code"].widget = TakenSelect(choices=choices, taken=taken)

    @classmethod
    def initial_of(cls, application: Application) -> dict[str, Any]:
        return {"village_code": application.village_code}


class AddressForm(forms.Form):
    slug = ShapedCharField(
        label=_("Alamat portal"),
        max_length=60,
        shown_required=True,
        help_text=_("Huruf kecil, angka dan tanda hubung, misalnya lam-ujong."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    custom_domain = ShapedCharField(
        label=_("Domain sendiri (tidak wajib)"),
        max_length=253,
        help_text=_("Bila sudah punya domain seperti lambaro.desa.id; dapat ditambahkan nanti."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )

    @classmethod
    def initial_of(cls, application: Application) -> dict[str, Any]:
        return {"slug": application.slug, "custom_domain": application.custom_domain}


def position_choices(district: District) -> list[tuple[str, str]]:
    """The district's own words for the village officials' positions, and "lainnya"."""
    noun = district.village_noun
    positions = [
        district.village_head_title.capitalize(),
        f"Sekretaris {noun}",
        "Kaur Keuangan",
        "Kaur Umum dan Perencanaan",
        "Kasi Pemerintahan",
        "Kasi Kesejahteraan",
        "Kasi Pelayanan",
        f"Operator {noun}",
    ]
    return [
        ("", str(_("— pilih —"))),
        *((position, position) for position in positions),
        (OTHER_POSITION, str(_("Lainnya (tulis sendiri)"))),
    ]


class AdminForm(forms.Form):
    name = ShapedCharField(label=_("Nama lengkap"), max_length=150, shown_required=True)
    position = forms.ChoiceField(label=_("Jabatan"), required=False)
    position_other = ShapedCharField(
        label=_("Jabatan lainnya"), max_length=100, help_text=_("Isi bila memilih “Lainnya” di atas.")
    )
    email = ShapedCharField(
        label=_("E-mail"),
        max_length=254,
        shown_required=True,
        help_text=_("Kode verifikasi dikirim ke alamat ini; alamat ini juga nama pengguna Anda."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = ShapedCharField(
        label=_("Nomor HP (tidak wajib)"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    password = ShapedCharField(
        label=_("Kata sandi"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = ShapedCharField(
        label=_("Ulangi kata sandi"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, district: District, has_password: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = position_choices(district)
        position = self.fields["position"]
        position.choices = choices  # type: ignore[attr-defined]
        position.shown_required = True  # type: ignore[attr-defined]
        self.has_password = has_password
        if has_password:
            self.fields["password"].help_text = _("Kosongkan bila tidak diganti.")
        else:
            self.fields["password"].shown_required = True  # type: ignore[attr-defined]
            self.fields["password"].help_text = _(
                "Paling sedikit 8 karakter; jangan mirip nama atau e-mail, jangan hanya angka."
            )
        self.known_positions = {value for value, _label in choices if value and value != OTHER_POSITION}

    @classmethod
    def initial_of(cls, application: Application, district: District) -> dict[str, Any]:
        known = {value for value, _label in position_choices(district)}
        position = application.admin_position
        other = bool(position) and position not in known
        return {
            "name": application.admin_name,
            "position": OTHER_POSITION if other else position,
            "position_other": position if other else "",
            "email": application.admin_email,
            "phone": application.admin_phone,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password", "") != data.get("password_again", ""):
            self.add_error("password_again", _("Kedua kata sandi tidak sama."))
        return data

    def admin_input(self) -> AdminInput:
        data = self.cleaned_data
        position = data.get("position") or ""
        if position == OTHER_POSITION:
            position = data.get("position_other", "")
        return AdminInput(
            name=data.get("name", ""),
            position=position,
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            password=data.get("password", ""),
        )


class CodeForm(forms.Form):
    code = ShapedCharField(
        label=_("Kode verifikasi"),
        max_length=12,
        shown_required=True,
        help_text=_("Enam angka dari e-mail yang kami kirim."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ProfileForm(forms.Form):
    address = ShapedCharField(
        label=_("Alamat kantor"),
        max_length=300,
        shown_required=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phone = ShapedCharField(
        label=_("Telepon kantor"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = ShapedCharField(label=_("E-mail kantor"), max_length=254, widget=forms.EmailInput())
    office_hours = ShapedCharField(
        label=_("Jam layanan"),
        max_length=300,
        help_text=_("Misalnya: Senin–Jumat 08.00–16.00"),
    )
    head = forms.CharField(required=False, max_length=4)
    logo = forms.FileField(
        label=_("Logo untuk kop surat (tidak wajib)"),
        required=False,
        help_text=_("Gambar JPEG atau PNG, paling besar 512 KB. Dapat diganti nanti di ruang staf."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_logo = forms.BooleanField(label=_("Hapus logo yang sudah diunggah"), required=False)

    def __init__(self, *args: Any, rows: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = max(1, min(rows, MAX_OFFICIALS))
        for number in range(self.rows):
            self.fields[f"official_{number}_name"] = ShapedCharField(
                label=_("Nama perangkat %(number)s") % {"number": number + 1}, max_length=150
            )
            self.fields[f"official_{number}_position"] = ShapedCharField(
                label=_("Jabatan perangkat %(number)s") % {"number": number + 1}, max_length=100
            )

    @staticmethod
    def rows_for(application: Application) -> int:
        officials = (application.answers or {}).get("officials") or []
        return min(MAX_OFFICIALS, max(len(officials) + EMPTY_OFFICIAL_ROWS, 5))

    @classmethod
    def initial_of(cls, application: Application) -> dict[str, Any]:
        answers = application.answers or {}
        initial: dict[str, Any] = dict(answers.get("profile") or {})
        for number, row in enumerate(answers.get("officials") or []):
            initial[f"official_{number}_name"] = row.get("name", "")
            initial[f"official_{number}_position"] = row.get("position", "")
            if row.get("is_head"):
                initial["head"] = str(number)
        return initial

    def official_rows(self) -> list[dict[str, Any]]:
        """The rows for the template: each row's two fields and whether its radio is checked."""
        head = str(self["head"].value() or "")
        return [
            {
                "number": number,
                "name": self[f"official_{number}_name"],
                "position": self[f"official_{number}_position"],
                "is_head": head == str(number),
            }
            for number in range(self.rows)
        ]

    def profile_input(self) -> tuple[ProfileInput, dict[str, str]]:
        """The service's input, and the aliases from the service's row errors (numbered among the
        filled rows) to this form's fields."""
        data = self.cleaned_data
        head = data.get("head", "")
        officials: list[OfficialInput] = []
        aliases: dict[str, str] = {}
        for number in range(self.rows):
            name = data.get(f"official_{number}_name", "")
            position = data.get(f"official_{number}_position", "")
            if name.strip() or position.strip():
                aliases[f"officials-{len(officials)}-name"] = f"official_{number}_name"
                officials.append(OfficialInput(name=name, position=position, is_head=head == str(number)))
        return (
            ProfileInput(
                address=data.get("address", ""),
                phone=data.get("phone", ""),
                email=data.get("email", ""),
                office_hours=data.get("office_hours", ""),
                officials=tuple(officials),
                logo=data.get("logo") or None,
                remove_logo=bool(data.get("remove_logo")),
            ),
            aliases,
        )


class StartWithForm(forms.Form):
    modules_on = forms.MultipleChoiceField(
        label=_("Modul yang dinyalakan"),
        required=False,
        choices=[(key, _(label)) for key, label in OPTIONAL_MODULES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Katalog layanan, profil dan PPID selalu menyala."),
    )
    services_kept = forms.MultipleChoiceField(
        label=_("Layanan bawaan yang dipakai"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services_kept"].choices = services  # type: ignore[attr-defined]

    def clean_modules_on(self) -> list[str]:
        return list(self.cleaned_data.get("modules_on") or [])

    @classmethod
    def initial_of(cls, application: Application, services: list[tuple[str, str]]) -> dict[str, Any]:
        answers = application.answers or {}
        return {
            "modules_on": answers.get("modules_on", [key for key, _label in OPTIONAL_MODULES]),
            "services_kept": answers.get("services_kept", [slug for slug, _name in services]),
        }

    def start_input(self) -> StartInput:
        return StartInput(
            modules_on=tuple(self.data.getlist("modules_on")[:20]),  # type: ignore[attr-defined]
            services_kept=tuple(self.data.getlist("services_kept")[:200]),  # type: ignore[attr-defined]
        )
