"""The village's service counter: the catalogue with its standards (PermenPANRB 15/2014), requests
from residents, the letters that answer them, and walk-in queue tickets. One schema per village."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    MaxLengthValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modules.berkas.storage import personal_storage
from modules.notifikasi.models import NotifyChannel
from modules.privasi.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from modules.privasi.nik import kk_validator, nik_validator
from modules.privasi.phones import validate_mobile
from tenants.words import current_village_head_title

from .letter_template import (
    LETTER_TEMPLATE_MAX_LENGTH,
    PLACEHOLDER_NAME,
    RESERVED_PLACEHOLDERS,
    validate_letter_template,
)

# One set of limits for every way in (the resident's form, the counter's form, the API): the model
# declares them and `full_clean()` enforces them; forms and serializers only shape the input.
ADDRESS_MAX_LENGTH = 500
REASON_MAX_LENGTH = 2000
EXTRA_FIELDS_MAX_COUNT = 20
EXTRA_LABEL_MAX_LENGTH = 150
EXTRA_VALUE_MAX_LENGTH = 500
IDEMPOTENCY_KEY_MAX_LENGTH = 64
NO_NUL = ProhibitNullCharactersValidator()


class PaperSize(models.TextChoices):
    F4 = "F4", _("F4 (215 × 330 mm)")
    A4 = "A4", _("A4 (210 × 297 mm)")


class CounterScope(models.TextChoices):
    PER_LETTER_TYPE = "per_type", _("Satu nomor urut per jenis surat per tahun")
    SHARED = "shared", _("Satu nomor urut untuk semua surat per tahun")


DEFAULT_NUMBER_FORMAT = "[kode]/[nomor,3]/[kode_desa]/[bulan_romawi]/[tahun]"

# A counter (loket) is named by a short code that a screen across the room can show: "A", "B2".
QUEUE_COUNTER_MAX_LENGTH = 3
QUEUE_COUNTERS_MAX = 12
_QUEUE_COUNTER_CODE = re.compile(rf"^[A-Z0-9]{{1,{QUEUE_COUNTER_MAX_LENGTH}}}$")


def queue_counter_codes(text: str) -> list[str]:
    """The counter codes of a settings row's `queue_counters` ("A, B" -> ["A", "B"]), in order."""
    codes: list[str] = []
    for part in re.split(r"[\s,;]+", text.upper()):
        if part and part not in codes:
            codes.append(part)
    return codes


def validate_queue_counters(text: str) -> None:
    codes = queue_counter_codes(text)
    if not codes:
        raise ValidationError(_("Tuliskan sedikitnya satu kode loket, mis. A."), code="no_counter")
    if len(codes) > QUEUE_COUNTERS_MAX:
        raise ValidationError(
            _("Paling banyak %(max)s loket.") % {"max": QUEUE_COUNTERS_MAX}, code="too_many_counters"
        )
    for code in codes:
        if not _QUEUE_COUNTER_CODE.match(code):
            raise ValidationError(
                _("Kode loket %(code)s tidak sah: 1–%(max)s huruf atau angka, mis. A atau B2.")
                % {"code": code[:20], "max": QUEUE_COUNTER_MAX_LENGTH},
                code="invalid_counter",
            )


class ServiceSettings(models.Model):
    """The village's settings for its counter (pk 1): pledge, letter numbering, paper, signer."""

    pledge = models.TextField(
        _("maklumat pelayanan"), blank=True, validators=[MaxLengthValidator(REASON_MAX_LENGTH), NO_NUL]
    )
    number_format = models.CharField(_("format nomor surat"), max_length=120, default=DEFAULT_NUMBER_FORMAT)
    counter_scope = models.CharField(
        _("penomoran"), max_length=16, choices=CounterScope.choices, default=CounterScope.PER_LETTER_TYPE
    )
    paper_size = models.CharField(_("ukuran kertas"), max_length=2, choices=PaperSize.choices, default="F4")
    head_name = models.CharField(_("nama kepala desa"), max_length=150, blank=True)
    # The labels staff read come from the district (ServiceSettingsForm); so does a new row's title.
    head_title = models.CharField(
        _("jabatan kepala desa"), max_length=100, default=current_village_head_title
    )
    queue_counters = models.CharField(
        _("loket antrian"),
        max_length=80,
        default="A",
        validators=[validate_queue_counters],
        help_text=_("Kode loket yang melayani warga, dipisah koma, mis. A, B. Warga memilih salah satunya."),
    )

    class Meta:
        verbose_name = _("pengaturan layanan")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="service_settings_singleton")]

    def __str__(self) -> str:
        return "pengaturan layanan"


class LetterKind(models.TextChoices):
    """What a letter is decides its closing sentence: a pengantar is not a surat keterangan."""

    KETERANGAN = "keterangan", _("Surat keterangan")
    PENGANTAR = "pengantar", _("Surat pengantar")


class Delivery(models.TextChoices):
    """How a requirement reaches the office. A required upload must come with an online request; a
    paper brought to the office (an original, a photocopy, the RT's letter) is checked there, and
    may be uploaded beforehand so that staff can start."""

    UPLOAD = "upload", _("diunggah")
    OFFICE = "office", _("dibawa ke kantor")


class Gender(models.TextChoices):
    MALE = "laki-laki", _("Laki-laki")
    FEMALE = "perempuan", _("Perempuan")


class Religion(models.TextChoices):
    """As the KTP-el records it."""

    ISLAM = "islam", _("Islam")
    PROTESTANT = "kristen", _("Kristen")
    CATHOLIC = "katolik", _("Katolik")
    HINDU = "hindu", _("Hindu")
    BUDDHIST = "buddha", _("Buddha")
    CONFUCIAN = "khonghucu", _("Khonghucu")
    BELIEF = "kepercayaan", _("Kepercayaan terhadap Tuhan YME")


class MaritalStatus(models.TextChoices):
    """As the KTP-el and the family card record it."""

    SINGLE = "belum_kawin", _("Belum kawin")
    MARRIED = "kawin", _("Kawin")
    DIVORCED = "cerai_hidup", _("Cerai hidup")
    WIDOWED = "cerai_mati", _("Cerai mati")


# The identity a letter may need beyond name, NIK and address (which every request has), in the
# order of the letter's identity table. Each standard lists the ones its form asks for.
IDENTITY_FIELDS = ("birth_place", "birth_date", "gender", "religion", "occupation", "marital_status")


LETTER_CLOSING_MAX_LENGTH = 600


class Service(models.Model):
    """A service of the catalogue. What it promises lives in its versioned standards."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("nama layanan"), max_length=150, validators=[NO_NUL])
    letter_code = models.CharField(
        _("kode surat"), max_length=20, validators=[NO_NUL], help_text=_("Contoh: 474 atau SKD.")
    )
    letter_title = models.CharField(_("judul surat"), max_length=150, validators=[NO_NUL])
    letter_body = models.TextField(
        _("isi surat"),
        validators=[MaxLengthValidator(LETTER_TEMPLATE_MAX_LENGTH), NO_NUL],
        help_text=_(
            "Teks surat dengan isian {nama}, {nik}, {nik_tersamar}, {alamat}, {keperluan}, {desa}, "
            "{kecamatan} dan isian tambahan layanan ini."
        ),
    )
    letter_kind = models.CharField(
        _("jenis surat"), max_length=16, choices=LetterKind.choices, default=LetterKind.KETERANGAN
    )
    letter_closing = models.TextField(
        _("kalimat penutup surat"),
        blank=True,
        validators=[MaxLengthValidator(LETTER_CLOSING_MAX_LENGTH), NO_NUL],
        help_text=_("Kosongkan untuk memakai kalimat penutup yang lazim bagi jenis suratnya."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The letter text must render: checked against the extra fields of the current standard
        (a new service has none yet). service_save checks it against the standard being saved."""
        standard = self.standards.order_by("-version").first() if self.pk else None
        declared = [field["name"] for field in standard.extra_fields] if standard else []
        try:
            validate_letter_template(self.letter_body, extra_field_names=declared)
        except ValidationError as error:
            raise ValidationError({"letter_body": error.error_list}) from error


class ServiceStandard(models.Model):
    """One version of a service's standard. Never edited: a revision is a new row."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="standards")
    version = models.PositiveIntegerField(_("versi"))
    requirements = models.JSONField(
        _("persyaratan"),
        default=list,
        help_text='[{"text": "...", "required": true, "delivery": "upload" | "office"}]',
    )
    procedure = models.JSONField(_("prosedur"), default=list, help_text='["langkah 1", "langkah 2"]')
    time_limit_days = models.PositiveSmallIntegerField(_("jangka waktu (hari kerja)"))
    cost_rupiah = models.PositiveIntegerField(_("biaya (Rp)"), default=0)
    product = models.CharField(_("produk layanan"), max_length=150, validators=[NO_NUL])
    complaint_channel = models.TextField(
        _("penanganan pengaduan"), validators=[NO_NUL, MaxLengthValidator(2000)]
    )
    legal_basis = models.TextField(_("dasar hukum"), validators=[NO_NUL, MaxLengthValidator(2000)])
    officer_in_charge = models.CharField(_("penanggung jawab"), max_length=150, validators=[NO_NUL])
    # Blank: the office hours of the village profile (selectors.service_hours), one place for all.
    service_hours = models.CharField(_("jam layanan"), max_length=150, blank=True, validators=[NO_NUL])
    identity_fields = models.JSONField(
        _("data identitas pemohon"),
        default=list,
        blank=True,
        help_text='["birth_place", "birth_date", "gender", "occupation"]',
    )
    extra_fields = models.JSONField(
        _("isian tambahan"),
        default=list,
        blank=True,
        help_text='[{"name": "nama_usaha", "label": "Nama usaha"}]',
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("standar pelayanan")
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="one_standard_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.service} v{self.version}"

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        extra_errors = extra_field_declaration_errors(self.extra_fields)
        if extra_errors:
            errors["extra_fields"] = extra_errors
        if not isinstance(self.identity_fields, list) or not (
            set(self.identity_fields) <= set(IDENTITY_FIELDS)
            and len(set(self.identity_fields)) == len(self.identity_fields)
        ):
            errors["identity_fields"] = [
                ValidationError(
                    _("Pilih data identitas dari daftar yang tersedia."), code="identity_fields_shape"
                )
            ]
        if not _is_list_of_lines(self.procedure, key=None):
            errors["procedure"] = [
                ValidationError(
                    _(
                        "Prosedur: paling banyak %(count)d langkah, masing-masing paling banyak "
                        "%(limit)d karakter."
                    )
                    % {"count": LIST_MAX_COUNT, "limit": LINE_MAX_LENGTH},
                    code="procedure_shape",
                )
            ]
        if not _is_list_of_lines(self.requirements, key="text") or not all(
            isinstance(item.get("required"), bool) and item.get("delivery") in Delivery.values
            for item in self.requirements
        ):
            errors["requirements"] = [
                ValidationError(
                    _("Persyaratan: paling banyak %(count)d, masing-masing paling banyak %(limit)d karakter.")
                    % {"count": LIST_MAX_COUNT, "limit": LINE_MAX_LENGTH},
                    code="requirements_shape",
                )
            ]
        if errors:
            raise ValidationError(errors)

    @property
    def is_free(self) -> bool:
        return self.cost_rupiah == 0

    @property
    def requirement_rows(self) -> list[tuple[str, str]]:
        """Each requirement with how it is marked wherever the standard is published."""
        return [(item["text"], requirement_note(item)) for item in self.requirements]

    @property
    def uploads_required(self) -> list[str]:
        """The requirements an online request must come with (each by its text)."""
        return [
            item["text"]
            for item in self.requirements
            if item["required"] and item["delivery"] == Delivery.UPLOAD
        ]


def requirement_note(requirement: dict[str, Any]) -> str:
    if not requirement["required"]:
        return str(_("tidak wajib"))
    if requirement["delivery"] == Delivery.OFFICE:
        return str(_("wajib, dibawa ke kantor"))
    return str(_("wajib, diunggah saat mengajukan daring"))


LIST_MAX_COUNT = 30
LINE_MAX_LENGTH = 300


def _is_list_of_lines(value: Any, *, key: str | None) -> bool:
    """A list of at most LIST_MAX_COUNT one-line texts (or dicts holding one under `key`)."""
    if not isinstance(value, list) or len(value) > LIST_MAX_COUNT:
        return False
    for item in value:
        text = item.get(key) if key and isinstance(item, dict) else item
        if not isinstance(text, str) or not text.strip() or len(text) > LINE_MAX_LENGTH or "\x00" in text:
            return False
    return True


def extra_field_declaration_errors(extra_fields: Any) -> list[ValidationError]:
    """What is wrong with a standard's declared extra fields: a list of at most
    EXTRA_FIELDS_MAX_COUNT `{"name": ..., "label": ...}`, names unique, lower-case identifiers and
    never one of the reserved letter placeholders (issue 7 finding 1: an extra field named `nama`
    would let a resident's answer replace the name the letter certifies)."""
    if not isinstance(extra_fields, list) or not all(isinstance(field, dict) for field in extra_fields):
        return [
            ValidationError(
                _("Isian tambahan harus berupa daftar nama dan label."), code="extra_fields_shape"
            )
        ]
    errors = []
    if len(extra_fields) > EXTRA_FIELDS_MAX_COUNT:
        errors.append(
            ValidationError(
                _("Paling banyak %(limit)d isian tambahan.") % {"limit": EXTRA_FIELDS_MAX_COUNT},
                code="extra_fields_count",
            )
        )
    seen: set[str] = set()
    for field in extra_fields:
        name, label = field.get("name"), field.get("label")
        if not isinstance(name, str) or not PLACEHOLDER_NAME.fullmatch(name):
            errors.append(
                ValidationError(
                    _("Nama isian tambahan %(name)s: huruf kecil, angka dan garis bawah, paling banyak 40.")
                    % {"name": repr(name)[:60]},
                    code="extra_field_name",
                )
            )
        elif name in RESERVED_PLACEHOLDERS:
            errors.append(
                ValidationError(
                    _(
                        "Nama isian tambahan %(name)s dipakai untuk data pemohon atau kop surat; "
                        "pilih nama lain."
                    )
                    % {"name": name},
                    code="extra_field_reserved",
                )
            )
        elif name in seen:
            errors.append(
                ValidationError(
                    _("Nama isian tambahan %(name)s dipakai dua kali.") % {"name": name},
                    code="extra_field_duplicate",
                )
            )
        else:
            seen.add(name)
        if (
            not isinstance(label, str)
            or not label.strip()
            or len(label) > EXTRA_LABEL_MAX_LENGTH
            or "\x00" in label
        ):
            errors.append(
                ValidationError(
                    _("Label isian tambahan wajib diisi, paling banyak %(limit)d karakter.")
                    % {"limit": EXTRA_LABEL_MAX_LENGTH},
                    code="extra_field_label",
                )
            )
    return errors


class RequestStatus(models.TextChoices):
    SUBMITTED = "diajukan", _("Diajukan")
    NEEDS_DOCUMENTS = "perlu_kelengkapan", _("Perlu kelengkapan")
    VERIFIED = "diverifikasi", _("Diverifikasi")
    IN_PROCESS = "diproses", _("Diproses")
    AWAITING_SIGNATURE = "menunggu_tanda_tangan", _("Menunggu tanda tangan")
    COMPLETED = "selesai", _("Selesai")
    REJECTED = "ditolak", _("Ditolak")
    CANCELLED = "dibatalkan", _("Dibatalkan")
    # The signed letter was revoked (letter_revoke): the request is closed with the reason on its
    # timeline; a village admin may reopen it for signature to issue a corrected letter, which gets
    # a new number while the revoked one says on its verification page which letter replaced it.
    LETTER_REVOKED = "surat_dicabut", _("Surat dicabut")


class ServiceRequest(models.Model):
    """A resident's request. Personal data is encrypted at rest; the NIK is found by its keyed hash."""

    tracking_code = models.CharField(_("kode lacak"), max_length=12, unique=True)
    download_secret = models.CharField(max_length=64)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="requests")
    standard = models.ForeignKey(ServiceStandard, on_delete=models.PROTECT, related_name="requests")
    applicant_name = EncryptedCharField(
        _("nama pemohon"),
        max_length=150,
        validators=[NO_NUL],
        error_messages={"blank": _("Nama pemohon wajib diisi.")},
    )
    nik = EncryptedCharField(
        _("NIK"), max_length=16, validators=[nik_validator], error_messages={"blank": _("NIK wajib diisi.")}
    )
    nik_hash = models.CharField(max_length=64, db_index=True)
    kk_number = EncryptedCharField(_("nomor KK"), max_length=16, blank=True, validators=[kk_validator])
    phone = EncryptedCharField(
        _("nomor HP/WhatsApp"), max_length=20, blank=True, validators=[validate_mobile]
    )
    email = EncryptedCharField(
        _("surel"),
        max_length=254,
        blank=True,
        validators=[EmailValidator(message=_("Alamat surel tidak valid."))],
    )
    address = EncryptedTextField(
        _("alamat"),
        validators=[MaxLengthValidator(ADDRESS_MAX_LENGTH), NO_NUL],
        error_messages={"blank": _("Alamat wajib diisi.")},
    )
    purpose = models.CharField(
        _("keperluan"),
        max_length=255,
        validators=[NO_NUL],
        error_messages={"blank": _("Keperluan wajib diisi.")},
    )
    # The identity the letter states (only what the request's standard asks for; blank otherwise).
    birth_place = EncryptedCharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = EncryptedCharField(_("tanggal lahir"), max_length=10, blank=True)  # ISO yyyy-mm-dd
    gender = EncryptedCharField(_("jenis kelamin"), max_length=16, blank=True, choices=Gender.choices)
    religion = EncryptedCharField(_("agama"), max_length=16, blank=True, choices=Religion.choices)
    occupation = EncryptedCharField(_("pekerjaan"), max_length=100, blank=True)
    marital_status = EncryptedCharField(
        _("status perkawinan"), max_length=16, blank=True, choices=MaritalStatus.choices
    )
    # The answers to the standard's own fields (addresses, income, a baby's name): personal data.
    extra = EncryptedJSONField(_("isian tambahan"), default=dict, blank=True)
    # A key the submitting form or API client chose, so that a reload or a double tap stores one
    # request (issue 7 finding 4). Empty for requests made without one.
    idempotency_key = models.CharField(  # noqa: DJ001 (NULL: many requests have no key; "" would collide)
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH, null=True, blank=True, editable=False
    )
    notify_channel = models.CharField(
        max_length=16, choices=NotifyChannel.choices, default=NotifyChannel.NONE
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=RequestStatus.choices,
        default=RequestStatus.SUBMITTED,
        db_index=True,
    )
    status_reason = models.TextField(
        _("alasan/keterangan untuk pemohon"),
        blank=True,
        validators=[MaxLengthValidator(REASON_MAX_LENGTH), NO_NUL],
    )
    is_walk_in = models.BooleanField(_("datang langsung"), default=False)
    # Set by request_submit (`now`, given only by the demo and tests; otherwise the moment of saving).
    submitted_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    due_date = models.DateField(_("batas waktu"), db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="one_request_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def clean(self) -> None:
        """What no single field decides: the contact the chosen channel needs, and the answers to the
        standard's extra fields (only the declared ones, each required, each bounded)."""
        errors: dict[str, list[ValidationError]] = {}
        if self.notify_channel == NotifyChannel.EMAIL and not self.email:
            errors["email"] = [
                ValidationError(_("Isi alamat surel untuk menerima kabar lewat surel."), code="email_needed")
            ]
        if self.notify_channel in (NotifyChannel.WHATSAPP, NotifyChannel.SMS) and not self.phone:
            errors["phone"] = [
                ValidationError(
                    _("Isi nomor HP untuk menerima kabar lewat WhatsApp/SMS."), code="phone_needed"
                )
            ]
        for field, field_errors in self._extra_errors().items():
            errors.setdefault(field, []).extend(field_errors)
        if errors:
            raise ValidationError(errors)

    def _extra_errors(self) -> dict[str, list[ValidationError]]:
        extra = self.extra
        if not isinstance(extra, dict):
            return {"extra": [ValidationError(_("Isian tambahan tidak valid."), code="extra_shape")]}
        declared = {field["name"]: field["label"] for field in self.standard.extra_fields}
        errors: dict[str, list[ValidationError]] = {}
        undeclared = [key for key in extra if key not in declared]
        if undeclared:
            shown = ", ".join(_printable(str(key)) for key in undeclared[:5])
            errors["extra"] = [
                ValidationError(
                    gettext(
                        "Isian tambahan tidak dikenal untuk layanan ini: %(keys)s%(more)s. "
                        "Yang dikenal: %(known)s."
                    )
                    % {
                        "keys": shown,
                        "more": gettext(" dan %(count)d lainnya") % {"count": len(undeclared) - 5}
                        if len(undeclared) > 5
                        else "",
                        "known": ", ".join(declared) or "-",
                    },
                    code="extra_unknown",
                )
            ]
        for name, label in declared.items():
            value = extra.get(name, "")
            if not isinstance(value, str):
                errors[name] = [
                    ValidationError(_("%(label)s harus berupa teks.") % {"label": label}, code="extra_type")
                ]
            elif not value.strip():
                errors[name] = [
                    ValidationError(_("%(label)s wajib diisi.") % {"label": label}, code="extra_required")
                ]
            elif len(value) > EXTRA_VALUE_MAX_LENGTH:
                errors[name] = [
                    ValidationError(
                        _("%(label)s paling banyak %(limit)d karakter.")
                        % {"label": label, "limit": EXTRA_VALUE_MAX_LENGTH},
                        code="extra_too_long",
                    )
                ]
            elif "\x00" in value:
                errors[name] = [
                    ValidationError(
                        _("%(label)s memuat karakter yang tidak diizinkan.") % {"label": label},
                        code="null_characters_not_allowed",
                    )
                ]
        return errors


def _printable(text: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in text)[:40]


class RequestEvent(models.Model):
    """The request's timeline as the resident sees it (notes are written for the resident)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=24, choices=RequestStatus.choices)
    note = models.TextField(blank=True, validators=[MaxLengthValidator(REASON_MAX_LENGTH), NO_NUL])
    actor_label = models.CharField(max_length=150, blank=True)
    # The submission's entry takes the request's submitted_at; every later step, the moment of saving.
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} → {self.status}"


def _schema() -> str:
    from django.db import connection

    return getattr(connection, "schema_name", "public")


def attachment_path(instance: "Attachment", filename: str) -> str:
    """The folder of residents' documents. The storage puts it under the schema's prefix and names
    the file itself (random, ``filename`` is dropped), so neither a resident's file name nor the
    tracking code is stored."""
    return f"layanan/berkas/{filename}"


def letter_path(instance: "Letter", filename: str) -> str:
    return f"layanan/surat/{instance.year}/{filename}"


class Attachment(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(max_length=150)
    file = models.FileField(upload_to=attachment_path, storage=personal_storage)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.label


class SequenceCounter(models.Model):
    """The last number given in a numbering sequence: letter numbers per scope and year, walk-in
    ticket numbers per counter and day. Incremented under a row lock, never `n += 1; save()`."""

    scope = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="one_sequence_per_scope_year")]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}: {self.last_number}"


class Letter(models.Model):
    # A request has one letter in force at a time; revoked ones stay, each replaced by the next.
    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="letters")
    number = models.CharField(_("nomor surat"), max_length=120, unique=True)
    sequence = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField()
    counter_scope = models.CharField(max_length=40)
    verification_code = models.CharField(max_length=32, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    signer_name = models.CharField(
        _("penanda tangan"),
        max_length=150,
        validators=[NO_NUL],
        error_messages={"blank": _("Nama penanda tangan wajib diisi.")},
    )
    signer_position = models.CharField(
        _("jabatan penanda tangan"),
        max_length=150,
        validators=[NO_NUL],
        error_messages={"blank": _("Jabatan penanda tangan wajib diisi.")},
    )
    on_behalf_of = models.CharField(_("a.n."), max_length=150, blank=True, validators=[NO_NUL])
    holder_name_masked = models.CharField(max_length=150)
    paper_size = models.CharField(max_length=2, choices=PaperSize.choices)
    pdf = models.FileField(upload_to=letter_path, storage=personal_storage, blank=True)
    is_revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True, validators=[MaxLengthValidator(REASON_MAX_LENGTH), NO_NUL])

    class Meta:
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        constraints = [
            models.UniqueConstraint(
                fields=["counter_scope", "year", "sequence"], name="letter_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(is_revoked=False),
                name="one_letter_in_force_per_request",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class QueueTicketStatus(models.TextChoices):
    WAITING = "menunggu", _("Menunggu")
    CALLED = "dipanggil", _("Dipanggil")
    DONE = "selesai", _("Selesai")
    SKIPPED = "dilewati", _("Dilewati")


class QueueTicket(models.Model):
    """A walk-in ticket (nomor antrian) for one counter on one day."""

    counter = models.CharField(_("loket"), max_length=QUEUE_COUNTER_MAX_LENGTH)
    day = models.DateField()
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=QueueTicketStatus.choices, default=QueueTicketStatus.WAITING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    called_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day", "counter", "number"]
        constraints = [models.UniqueConstraint(fields=["counter", "day", "number"], name="one_ticket_number")]

    def __str__(self) -> str:
        return f"{self.counter}-{self.number:03d}"


def sop_document_path(instance: "SopDocument", filename: str) -> str:
    return f"{_schema()}/layanan/dokumen-sop/{filename}"


class SopDocument(models.Model):
    """The village's Dokumen SOP Layanan Publik as adopted by its head's decree: every active
    service's standard, the service schedule, the officers in charge with their contact and the
    maklumat, compiled into one PDF. Each adoption is a new row; the newest one is published."""

    version = models.PositiveIntegerField(_("versi"), unique=True)
    decree_number = models.CharField(_("nomor keputusan"), max_length=80, validators=[NO_NUL])
    decree_date = models.DateField(_("tanggal keputusan"))
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150, validators=[NO_NUL])
    signer_position = models.CharField(_("jabatan penanda tangan"), max_length=150)
    service_count = models.PositiveSmallIntegerField(_("jumlah layanan"))
    pdf = models.FileField(upload_to=sop_document_path)
    adopted_at = models.DateTimeField(auto_now_add=True)
    adopted_by = models.CharField(max_length=150)

    class Meta:
        verbose_name = _("dokumen SOP layanan publik")
        verbose_name_plural = _("dokumen SOP layanan publik")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Dokumen SOP v{self.version} ({self.decree_number})"

    def clean(self) -> None:
        if self.decree_date and self.decree_date > timezone.localdate():
            raise ValidationError(
                {
                    "decree_date": [
                        ValidationError(
                            _("Tanggal keputusan tidak boleh sesudah hari ini."), code="decree_in_future"
                        )
                    ]
                }
            )
