"""The village's service counter: the catalogue with its standards (PermenPANRB 15/2014), requests
from residents, the letters that answer them, and walk-in queue tickets. One schema per village."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.berkas.storage import personal_storage
from modules.privasi.fields import EncryptedCharField, EncryptedTextField


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

    pledge = models.TextField(_("maklumat pelayanan"), blank=True)
    number_format = models.CharField(_("format nomor surat"), max_length=120, default=DEFAULT_NUMBER_FORMAT)
    counter_scope = models.CharField(
        _("penomoran"), max_length=16, choices=CounterScope.choices, default=CounterScope.PER_LETTER_TYPE
    )
    paper_size = models.CharField(_("ukuran kertas"), max_length=2, choices=PaperSize.choices, default="F4")
    head_name = models.CharField(_("nama kepala desa"), max_length=150, blank=True)
    head_title = models.CharField(_("jabatan kepala desa"), max_length=100, default="Kepala Desa")
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


class Service(models.Model):
    """A service of the catalogue. What it promises lives in its versioned standards."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("nama layanan"), max_length=150)
    letter_code = models.CharField(_("kode surat"), max_length=20, help_text=_("Contoh: 474 atau SKD."))
    letter_title = models.CharField(_("judul surat"), max_length=150)
    letter_body = models.TextField(
        _("isi surat"),
        help_text=_(
            "Teks surat dengan isian {nama}, {nik_tersamar}, {alamat}, {keperluan}, {desa}, {kecamatan}."
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceStandard(models.Model):
    """One version of a service's standard. Never edited: a revision is a new row."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="standards")
    version = models.PositiveIntegerField(_("versi"))
    requirements = models.JSONField(
        _("persyaratan"), default=list, help_text='[{"text": "...", "required": true}]'
    )
    procedure = models.JSONField(_("prosedur"), default=list, help_text='["langkah 1", "langkah 2"]')
    time_limit_days = models.PositiveSmallIntegerField(_("jangka waktu (hari kerja)"))
    cost_rupiah = models.PositiveIntegerField(_("biaya (Rp)"), default=0)
    product = models.CharField(_("produk layanan"), max_length=150)
    complaint_channel = models.TextField(_("penanganan pengaduan"))
    legal_basis = models.TextField(_("dasar hukum"))
    officer_in_charge = models.CharField(_("penanggung jawab"), max_length=150)
    # Blank: the office hours of the village profile (selectors.service_hours), one place for all.
    service_hours = models.CharField(_("jam layanan"), max_length=150, blank=True)
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

    @property
    def is_free(self) -> bool:
        return self.cost_rupiah == 0


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


class NotifyChannel(models.TextChoices):
    NONE = "none", _("Tidak perlu")
    EMAIL = "email", _("Surel")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class ServiceRequest(models.Model):
    """A resident's request. Personal data is encrypted at rest; the NIK is found by its keyed hash."""

    tracking_code = models.CharField(_("kode lacak"), max_length=12, unique=True)
    download_secret = models.CharField(max_length=64)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="requests")
    standard = models.ForeignKey(ServiceStandard, on_delete=models.PROTECT, related_name="requests")
    applicant_name = EncryptedCharField(_("nama pemohon"), max_length=150)
    nik = EncryptedCharField(_("NIK"), max_length=16)
    nik_hash = models.CharField(max_length=64, db_index=True)
    kk_number = EncryptedCharField(_("nomor KK"), max_length=16, blank=True)
    phone = EncryptedCharField(_("nomor HP/WhatsApp"), max_length=20, blank=True)
    email = EncryptedCharField(_("surel"), max_length=254, blank=True)
    address = EncryptedTextField(_("alamat"))
    purpose = models.CharField(_("keperluan"), max_length=255)
    extra = models.JSONField(default=dict, blank=True)
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
    status_reason = models.TextField(_("alasan/keterangan untuk pemohon"), blank=True)
    is_walk_in = models.BooleanField(_("datang langsung"), default=False)
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    due_date = models.DateField(_("batas waktu"), db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.tracking_code


class RequestEvent(models.Model):
    """The request's timeline as the resident sees it (notes are written for the resident)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=24, choices=RequestStatus.choices)
    note = models.TextField(blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

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


class LetterCounter(models.Model):
    """Last number given per scope and year; incremented under a row lock, never `n += 1; save()`."""

    scope = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="one_counter_per_scope_year")]

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
    signer_name = models.CharField(_("penanda tangan"), max_length=150)
    signer_position = models.CharField(_("jabatan penanda tangan"), max_length=150)
    on_behalf_of = models.CharField(_("a.n."), max_length=150, blank=True)
    holder_name_masked = models.CharField(max_length=150)
    paper_size = models.CharField(max_length=2, choices=PaperSize.choices)
    pdf = models.FileField(upload_to=letter_path, storage=personal_storage, blank=True)
    is_revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)

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
    decree_number = models.CharField(_("nomor keputusan"), max_length=80)
    decree_date = models.DateField(_("tanggal keputusan"))
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150)
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
