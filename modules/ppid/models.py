"""The village's public information office (PPID) under UU 14/2008 and PerKI 1/2018: the list of
public information (DIP) with the regulation's columns, the checklist of what a village must
publish periodically, serta-merta announcements, information requests with their legal deadlines,
and objections (keberatan) answered by the PPID's superior.

The requester's address, NIK and contact are encrypted at rest and never shown on a public page or
in an export."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    MaxLengthValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
    URLValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.berkas.storage import personal_storage
from modules.notifikasi.models import NotifyChannel
from modules.privasi.fields import EncryptedCharField, EncryptedTextField
from modules.privasi.nik import nik_validator
from modules.privasi.phones import validate_mobile

NO_NUL = ProhibitNullCharactersValidator()
TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000
LONG_TEXT_MAX_LENGTH = 4000
IDEMPOTENCY_KEY_MAX_LENGTH = 64

# UU 14/2008 Pasal 22 ayat (7) and (8): the written answer within 10 working days, one extension of
# at most 7 working days. Pasal 36: an objection within 30 working days, the superior's answer within
# 30 working days. Pasal 37 ayat (2): a dispute to the Komisi Informasi within 14 working days of the
# superior's answer.
ANSWER_WORKING_DAYS = 10
EXTENSION_MAX_WORKING_DAYS = 7
OBJECTION_FILING_WORKING_DAYS = 30
OBJECTION_ANSWER_WORKING_DAYS = 30
COMMISSION_WORKING_DAYS = 14
# A request is "nearly due" this many working days before its due date.
NEARLY_DUE_WORKING_DAYS = 2
# Periodic information older than this is out of date on the checklist.
PERIODIC_STALE_AFTER = datetime.timedelta(days=183)


class InfoCategory(models.TextChoices):
    PERIODIC = "berkala", _("Informasi berkala")
    IMMEDIATE = "serta_merta", _("Informasi serta-merta")
    ANY_TIME = "setiap_saat", _("Informasi setiap saat")
    EXEMPT = "dikecualikan", _("Informasi yang dikecualikan")


class InfoForm(models.TextChoices):
    SOFTCOPY = "softcopy", _("Softcopy")
    HARDCOPY = "hardcopy", _("Hardcopy")
    BOTH = "keduanya", _("Softcopy dan hardcopy")


class ExemptionGround(models.TextChoices):
    """UU 14/2008 Pasal 17: information exempt because opening it would ..."""

    LAW_ENFORCEMENT = "17a", _("Pasal 17 huruf a: menghambat proses penegakan hukum")
    INTELLECTUAL_PROPERTY = (
        "17b",
        _("Pasal 17 huruf b: mengganggu perlindungan hak kekayaan intelektual dan persaingan usaha sehat"),
    )
    DEFENCE = "17c", _("Pasal 17 huruf c: membahayakan pertahanan dan keamanan negara")
    NATURAL_RESOURCES = "17d", _("Pasal 17 huruf d: mengungkapkan kekayaan alam Indonesia")
    ECONOMY = "17e", _("Pasal 17 huruf e: merugikan ketahanan ekonomi nasional")
    FOREIGN_RELATIONS = "17f", _("Pasal 17 huruf f: merugikan kepentingan hubungan luar negeri")
    PRIVATE_DEED = "17g", _("Pasal 17 huruf g: mengungkapkan isi akta otentik pribadi atau wasiat seseorang")
    PRIVACY = "17h", _("Pasal 17 huruf h: mengungkap rahasia pribadi")
    INTERNAL_MEMO = (
        "17i",
        _("Pasal 17 huruf i: memorandum atau surat antar/intra badan publik yang dirahasiakan"),
    )
    OTHER_LAW = "17j", _("Pasal 17 huruf j: tidak boleh diungkapkan berdasarkan undang-undang")


class ChecklistSource(models.TextChoices):
    """Information Balai already holds; its checklist entry links it instead of asking for a file."""

    NONE = "", _("Diunggah sebagai item DIP")
    PROFILE = "profil", _("Profil di portal")
    OFFICIALS = "perangkat", _("Struktur dan perangkat di portal")
    SERVICE_STANDARDS = "standar_layanan", _("Standar layanan di portal")
    COMPLAINTS = "pengaduan", _("Tata cara pengaduan di portal")
    REQUEST_PROCEDURE = "tata_cara_ppid", _("Tata cara permohonan informasi di portal")


class ChecklistEntry(models.Model):
    """One kind of periodic information PerKI 1/2018 requires of a village, seeded (defaults.py)."""

    key = models.SlugField(max_length=40, unique=True)
    title = models.CharField(_("informasi wajib"), max_length=TITLE_MAX_LENGTH)
    guidance = models.TextField(_("isi yang diharapkan"), blank=True)
    source = models.CharField(max_length=20, choices=ChecklistSource.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("informasi wajib berkala")
        verbose_name_plural = _("informasi wajib berkala")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


def item_file_path(instance: InformationItem, filename: str) -> str:
    """The storage names the file itself (random); ``filename`` is dropped."""
    return f"ppid/dip/{filename}"


class InformationItem(models.Model):
    """One row of the Daftar Informasi Publik, with the columns of PerKI 1/2018."""

    category = models.CharField(_("kategori"), max_length=16, choices=InfoCategory.choices)
    title = models.CharField(_("judul informasi"), max_length=TITLE_MAX_LENGTH, validators=[NO_NUL])
    summary = models.TextField(
        _("ringkasan isi informasi"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    holder = models.CharField(
        _("pejabat atau unit yang menguasai informasi"), max_length=150, validators=[NO_NUL]
    )
    publisher = models.CharField(
        _("penanggung jawab pembuatan atau penerbitan"), max_length=150, validators=[NO_NUL]
    )
    made_when = models.CharField(
        _("waktu pembuatan"),
        max_length=60,
        validators=[NO_NUL],
        help_text=_("Misalnya: Januari 2026, atau setiap tahun"),
    )
    made_where = models.CharField(_("tempat pembuatan"), max_length=150, validators=[NO_NUL])
    form = models.CharField(
        _("bentuk informasi"), max_length=12, choices=InfoForm.choices, default=InfoForm.BOTH
    )
    retention = models.CharField(
        _("jangka waktu penyimpanan"), max_length=60, validators=[NO_NUL], help_text=_("Misalnya: 5 tahun")
    )
    file = models.FileField(upload_to=item_file_path, storage=personal_storage, blank=True)
    file_type = models.CharField(max_length=80, blank=True)
    file_extension = models.CharField(max_length=8, blank=True)
    link = models.URLField(
        _("tautan"), max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    exemption_ground = models.CharField(
        _("dasar hukum pengecualian"), max_length=4, choices=ExemptionGround.choices, blank=True
    )
    consequence_test = models.TextField(
        _("uji konsekuensi"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL],
        help_text=_(
            "Akibat yang timbul bila informasi ini dibuka, dan mengapa menutupnya melindungi "
            "kepentingan yang lebih besar."
        ),
    )
    checklist_entry = models.ForeignKey(
        ChecklistEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("memenuhi informasi wajib"),
    )
    is_published = models.BooleanField(_("diterbitkan"), default=True)
    updated_on = models.DateField(_("tanggal pemutakhiran"), default=timezone.localdate)
    # An item another module keeps up to date (its key, e.g. "rencana:plan:3"): staff read it in the
    # DIP but change it where it comes from (services.dip_item_keep).
    managed_by = models.CharField(max_length=40, blank=True, db_index=True)
    # The last day an item about a period (an action plan) counts as current on the checklist,
    # instead of six months after its last update.
    current_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("item daftar informasi publik")
        verbose_name_plural = _("daftar informasi publik")
        ordering = ["category", "title", "pk"]
        indexes = [models.Index(fields=["category", "is_published"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_exempt(self) -> bool:
        return self.category == InfoCategory.EXEMPT

    @property
    def is_downloadable(self) -> bool:
        return not self.is_exempt and bool(self.file)

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if self.is_exempt:
            if not self.exemption_ground:
                errors["exemption_ground"] = [
                    ValidationError(
                        _("Informasi yang dikecualikan wajib menyebut dasar hukumnya (UU 14/2008 Pasal 17)."),
                        code="exemption_ground_required",
                    )
                ]
            if not self.consequence_test.strip():
                errors["consequence_test"] = [
                    ValidationError(
                        _("Tuliskan uji konsekuensi: akibat bila informasi ini dibuka."),
                        code="consequence_test_required",
                    )
                ]
            if self.file or self.link:
                errors["file"] = [
                    ValidationError(
                        _(
                            "Informasi yang dikecualikan hanya dicantumkan, "
                            "tidak boleh diunggah atau ditautkan."
                        ),
                        code="exempt_not_downloadable",
                    )
                ]
        elif self.exemption_ground or self.consequence_test.strip():
            errors["exemption_ground"] = [
                ValidationError(
                    _("Dasar pengecualian hanya untuk informasi yang dikecualikan."), code="ground_not_exempt"
                )
            ]
        if errors:
            raise ValidationError(errors)


class Announcement(models.Model):
    """A serta-merta announcement (UU 14/2008 Pasal 10; PerKI 1/2018): shown at the top of every page
    of the portal from its publication until it is withdrawn."""

    title = models.CharField(_("judul pengumuman"), max_length=TITLE_MAX_LENGTH, validators=[NO_NUL])
    hazard = models.TextField(
        _("potensi bahaya dan dampaknya"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    affected = models.TextField(
        _("pihak dan wilayah yang berpotensi terdampak"),
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL],
    )
    evacuation = models.TextField(
        _("prosedur dan tempat evakuasi"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    avoidance = models.TextField(
        _("cara menghindari bahaya dan dampaknya"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    help = models.TextField(
        _("cara memperoleh bantuan"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    announcer = models.CharField(_("pihak yang mengumumkan"), max_length=200, validators=[NO_NUL])
    channels = models.CharField(
        _("cara pengumuman disampaikan"),
        max_length=300,
        validators=[NO_NUL],
        help_text=_("Misalnya: portal, pengeras suara meunasah, grup WhatsApp warga"),
    )
    mitigation = models.TextField(
        _("langkah yang telah dilakukan untuk menanggulangi"),
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL],
    )
    published_at = models.DateTimeField(_("diumumkan pada"), default=timezone.now)
    published_by = models.CharField(max_length=150)
    withdrawn_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    withdrawn_by = models.CharField(max_length=150, blank=True)
    subscribers_notified = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("pengumuman serta-merta")
        verbose_name_plural = _("pengumuman serta-merta")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["withdrawn_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class AlertSubscription(models.Model):
    """A resident who asked to hear of serta-merta announcements. The address is encrypted and known
    to the unique index only by its keyed hash; an e-mail address gets messages once its holder has
    confirmed through the link sent to it (a phone number is confirmed by modules.notifikasi)."""

    channel = models.CharField(max_length=16, choices=NotifyChannel.choices)
    contact = EncryptedCharField(max_length=254)
    contact_hash = models.CharField(max_length=64, unique=True)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pelanggan pengumuman serta-merta")
        verbose_name_plural = _("pelanggan pengumuman serta-merta")

    def __str__(self) -> str:
        return f"langganan #{self.pk} ({self.channel})"


class RequestChannel(models.TextChoices):
    ONLINE = "daring", _("Formulir daring")
    WRITTEN = "tertulis", _("Tertulis, diantar ke kantor")
    ORAL = "lisan", _("Lisan, dicatat petugas PPID")


class Delivery(models.TextChoices):
    COLLECT = "ambil", _("Mengambil langsung di kantor")
    EMAIL = "surel", _("Dikirim lewat surel")
    POST = "pos", _("Dikirim lewat pos")


class RequestStatus(models.TextChoices):
    RECEIVED = "diterima", _("Diterima, sedang diproses")
    EXTENDED = "diperpanjang", _("Waktu jawaban diperpanjang")
    ANSWERED = "dijawab", _("Sudah dijawab")


OPEN_REQUEST_STATUSES = (RequestStatus.RECEIVED, RequestStatus.EXTENDED)


class Decision(models.TextChoices):
    GRANTED = "diberikan", _("Diberikan seluruhnya")
    PARTIAL = "sebagian", _("Diberikan sebagian")
    REFUSED = "ditolak", _("Ditolak")
    NOT_HELD = "tidak_dikuasai", _("Informasi tidak dikuasai")


class InformationRequest(models.Model):
    """One information request, from the online form or registered by the PPID officer (oral or
    written), in one register with its registration number."""

    registration_number = models.CharField(_("nomor registrasi"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    tracking_code = models.CharField(max_length=9, unique=True)
    secret = models.CharField(max_length=64)  # the requester's private link
    channel = models.CharField(_("cara permohonan"), max_length=12, choices=RequestChannel.choices)
    requester_name = models.CharField(_("nama pemohon"), max_length=150, validators=[NO_NUL])
    requester_address = EncryptedTextField(_("alamat"), validators=[MaxLengthValidator(500), NO_NUL])
    requester_nik = EncryptedCharField(
        _("NIK"), max_length=16, validators=[nik_validator], error_messages={"blank": _("NIK wajib diisi.")}
    )
    requester_phone = EncryptedCharField(
        _("nomor HP"), max_length=20, blank=True, validators=[validate_mobile]
    )
    requester_email = EncryptedCharField(
        _("surel"),
        max_length=254,
        blank=True,
        validators=[EmailValidator(message=_("Alamat surel tidak valid."))],
    )
    requester_occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True, validators=[NO_NUL])
    information = models.TextField(
        _("rincian informasi yang dibutuhkan"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    purpose = models.TextField(
        _("tujuan penggunaan informasi"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    form_wanted = models.CharField(
        _("bentuk informasi yang diminta"), max_length=12, choices=InfoForm.choices
    )
    delivery = models.CharField(_("cara mendapatkan informasi"), max_length=8, choices=Delivery.choices)
    notify_channel = models.CharField(
        _("kabar lewat"), max_length=16, choices=NotifyChannel.choices, default=NotifyChannel.NONE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    submitted_at = models.DateTimeField(_("diterima pada"), default=timezone.now)
    due_date = models.DateField(_("batas jawaban"))
    original_due_date = models.DateField(_("batas jawaban semula"))
    extension_reason = models.TextField(
        _("alasan perpanjangan"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    extended_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(_("keputusan"), max_length=16, choices=Decision.choices, blank=True)
    answer = models.TextField(
        _("jawaban"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX_LENGTH), NO_NUL]
    )
    withheld = models.TextField(
        _("bagian yang tidak diberikan dan alasannya"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL],
    )
    exemption_ground = models.CharField(
        _("dasar pengecualian"), max_length=4, choices=ExemptionGround.choices, blank=True
    )
    consequence_test = models.TextField(
        _("uji konsekuensi"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    held_by = models.CharField(
        _("badan publik yang menguasai informasi"), max_length=200, blank=True, validators=[NO_NUL]
    )
    cost = models.PositiveIntegerField(_("biaya (rupiah)"), default=0)
    decided_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    answered_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    letter_number = models.CharField(_("nomor surat keputusan"), max_length=60, blank=True)
    letter_pdf = models.FileField(upload_to="ppid/keputusan/", storage=personal_storage, blank=True)
    recorded_by = models.CharField(_("dicatat oleh"), max_length=150, blank=True)
    idempotency_key = models.CharField(
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("permohonan informasi")
        verbose_name_plural = _("permohonan informasi")
        ordering = ["-submitted_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="ppid_one_request_number")]
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["submitted_at"])]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES

    @property
    def was_extended(self) -> bool:
        return self.extended_at is not None

    @property
    def answered_on_time(self) -> bool | None:
        if self.decided_at is None:
            return None
        return timezone.localdate(self.decided_at) <= self.due_date

    def clean(self) -> None:
        contact = {
            NotifyChannel.EMAIL: ("requester_email", _("Isi alamat surel untuk menerima kabar lewat surel.")),
            NotifyChannel.WHATSAPP: (
                "requester_phone",
                _("Isi nomor HP untuk menerima kabar lewat WhatsApp."),
            ),
            NotifyChannel.SMS: ("requester_phone", _("Isi nomor HP untuk menerima kabar lewat SMS.")),
        }.get(self.notify_channel)  # type: ignore[call-overload]
        errors: dict[str, list[ValidationError]] = {}
        if contact and not getattr(self, contact[0]):
            errors[contact[0]] = [ValidationError(contact[1], code="contact_required")]
        if self.delivery == Delivery.EMAIL and not self.requester_email:
            errors["requester_email"] = [
                ValidationError(
                    _("Isi alamat surel untuk menerima informasi lewat surel."), code="email_required"
                )
            ]
        if not self.requester_phone and not self.requester_email:
            errors.setdefault("requester_phone", []).append(
                ValidationError(
                    _("Isi nomor HP atau alamat surel agar PPID dapat menghubungi Anda."),
                    code="contact_missing",
                )
            )
        if errors:
            raise ValidationError(errors)


class ObjectionGround(models.TextChoices):
    """UU 14/2008 Pasal 35 ayat (1)."""

    REFUSED = "35a", _("Permohonan informasi ditolak dengan alasan pengecualian")
    PERIODIC_MISSING = "35b", _("Informasi berkala tidak disediakan")
    NO_ANSWER = "35c", _("Permohonan informasi tidak ditanggapi")
    NOT_AS_ASKED = "35d", _("Permohonan ditanggapi tidak sebagaimana yang diminta")
    NOT_FULFILLED = "35e", _("Permohonan informasi tidak dipenuhi")
    UNREASONABLE_COST = "35f", _("Biaya yang dikenakan tidak wajar")
    LATE = "35g", _("Informasi disampaikan melebihi jangka waktu")


class ObjectionStatus(models.TextChoices):
    RECEIVED = "diterima", _("Diterima, menunggu tanggapan atasan PPID")
    ANSWERED = "ditanggapi", _("Sudah ditanggapi atasan PPID")


class ObjectionOutcome(models.TextChoices):
    UPHELD = "dikabulkan", _("Keberatan diterima: informasi diberikan")
    PARTLY = "sebagian", _("Keberatan diterima sebagian")
    DISMISSED = "ditolak", _("Keberatan ditolak: keputusan PPID dikuatkan")


class Objection(models.Model):
    """An objection (keberatan) to the handling of a request, answered by the PPID's superior."""

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="objections")
    registration_number = models.CharField(_("nomor registrasi keberatan"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    ground = models.CharField(_("alasan keberatan"), max_length=4, choices=ObjectionGround.choices)
    reason = models.TextField(_("uraian keberatan"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL])
    filed_at = models.DateTimeField(_("diajukan pada"), default=timezone.now)
    due_date = models.DateField(_("batas tanggapan"))
    status = models.CharField(
        _("status"), max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.RECEIVED
    )
    outcome = models.CharField(
        _("keputusan atasan PPID"), max_length=12, choices=ObjectionOutcome.choices, blank=True
    )
    response = models.TextField(
        _("tanggapan atasan PPID"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX_LENGTH), NO_NUL]
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.CharField(max_length=150, blank=True)
    answered_by_position = models.CharField(max_length=150, blank=True)
    commission_deadline = models.DateField(
        _("batas pengajuan sengketa ke Komisi Informasi"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-filed_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="ppid_one_objection_number")]

    def __str__(self) -> str:
        return self.registration_number


class EventKind(models.TextChoices):
    STATUS = "status", _("Perubahan status")
    NOTE = "catatan", _("Catatan internal")


class RequestEvent(models.Model):
    """The timeline of a request and of its objections; `note` is what the requester reads."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    objection = models.ForeignKey(
        Objection, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=12, choices=EventKind.choices, default=EventKind.STATUS)
    status = models.CharField(max_length=24)
    note = models.TextField(blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX_LENGTH), NO_NUL])
    actor_label = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} {self.status}"


class AnnualReport(models.Model):
    """The PDF of a year's PPID report, kept once generated; publishing it makes it a DIP item."""

    year = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(2008)])
    pdf = models.FileField(upload_to="ppid/laporan/", storage=personal_storage)
    generated_at = models.DateTimeField(default=timezone.now)
    generated_by = models.CharField(max_length=150)
    item = models.OneToOneField(InformationItem, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("laporan tahunan PPID")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Laporan PPID {self.year}"
