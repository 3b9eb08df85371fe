"""The complaint register (pengaduan) of a village: every channel in one table, the reporter's
identity protected as the reporter chose, deadlines in working days (SP4N-LAPOR!), and the
reporter's own word on whether the problem is fixed."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.berkas.storage import personal_storage
from modules.notifikasi.models import NotifyChannel
from modules.privasi.fields import EncryptedCharField
from modules.privasi.phones import validate_mobile

NO_NUL = ProhibitNullCharactersValidator()
TITLE_MAX_LENGTH = 150
DESCRIPTION_MAX_LENGTH = 4000
RESPONSE_MAX_LENGTH = 2000
LOCATION_MAX_LENGTH = 300
PHOTO_MAX_COUNT = 3
IDEMPOTENCY_KEY_MAX_LENGTH = 64


class Channel(models.TextChoices):
    """How the complaint reached the village. Only the online form is the resident's own; staff
    record the others."""

    ONLINE = "daring", _("Formulir daring")
    BOX = "kotak_saran", _("Kotak saran di kantor")
    PHONE = "telepon", _("Telepon")
    MESSAGE = "sms_wa", _("SMS/WhatsApp")
    VISIT = "kunjungan", _("Datang ke kantor")
    MEETING = "musyawarah", _("Musyawarah atau rapat warga")


STAFF_CHANNELS = [choice for choice in Channel.choices if choice[0] != Channel.ONLINE]


class Identity(models.TextChoices):
    NAMED = "named", _("Dengan nama")
    CONFIDENTIAL = "confidential", _("Rahasia: nama hanya dilihat petugas pengaduan")
    ANONYMOUS = "anonymous", _("Anonim: tanpa nama dan kontak")


class Status(models.TextChoices):
    RECEIVED = "diterima", _("Diterima")
    VERIFIED = "diverifikasi", _("Diverifikasi")
    IN_PROGRESS = "ditindaklanjuti", _("Ditindaklanjuti")
    RESOLVED = "selesai", _("Selesai")
    REJECTED = "ditolak", _("Ditolak")
    NOT_OURS = "bukan_wewenang", _("Bukan wewenang, diteruskan")
    DUPLICATE = "duplikat", _("Duplikat")


OPEN_STATUSES = (Status.RECEIVED, Status.VERIFIED, Status.IN_PROGRESS)
CLOSED_STATUSES = (Status.RESOLVED, Status.REJECTED, Status.NOT_OURS, Status.DUPLICATE)


class Tier(models.IntegerChoices):
    """How long a category's complaints may take to resolve; the days of each tier are the
    village's (ComplaintSettings)."""

    QUICK = 1, _("Ringan")
    NORMAL = 2, _("Sedang")
    HEAVY = 3, _("Berat")
    COMPLEX = 4, _("Kompleks")


class FixedAnswer(models.TextChoices):
    YES = "ya", _("Ya, sudah diperbaiki")
    NO = "belum", _("Belum")
    UNKNOWN = "tidak_tahu", _("Tidak tahu")


class ComplaintSettings(models.Model):
    """The village's deadlines, in working days (one row, pk=1)."""

    verify_days = models.PositiveSmallIntegerField(
        _("batas verifikasi (hari kerja)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    follow_up_days = models.PositiveSmallIntegerField(
        _("batas tindak lanjut setelah verifikasi (hari kerja)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    tier_quick_days = models.PositiveSmallIntegerField(
        _("penyelesaian tingkat ringan (hari kerja)"), default=2, validators=[MinValueValidator(1)]
    )
    tier_normal_days = models.PositiveSmallIntegerField(
        _("penyelesaian tingkat sedang (hari kerja)"), default=5, validators=[MinValueValidator(1)]
    )
    tier_heavy_days = models.PositiveSmallIntegerField(
        _("penyelesaian tingkat berat (hari kerja)"), default=14, validators=[MinValueValidator(1)]
    )
    tier_complex_days = models.PositiveSmallIntegerField(
        _("penyelesaian tingkat kompleks (hari kerja)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(250)],
    )

    class Meta:
        verbose_name = _("pengaturan pengaduan")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def days_for(self, tier: int) -> int:
        return {
            Tier.QUICK: self.tier_quick_days,
            Tier.NORMAL: self.tier_normal_days,
            Tier.HEAVY: self.tier_heavy_days,
            Tier.COMPLEX: self.tier_complex_days,
        }[Tier(tier)]

    def clean(self) -> None:
        ordered = [self.tier_quick_days, self.tier_normal_days, self.tier_heavy_days, self.tier_complex_days]
        if ordered != sorted(ordered):
            raise ValidationError(
                _("Hari penyelesaian harus naik dari tingkat ringan ke kompleks."), code="tiers_order"
            )


class Category(models.Model):
    name = models.CharField(_("nama kategori"), max_length=80, validators=[NO_NUL])
    tier = models.PositiveSmallIntegerField(
        _("tingkat penyelesaian"), choices=Tier.choices, default=Tier.NORMAL
    )
    is_active = models.BooleanField(_("dipakai"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("kategori pengaduan")
        verbose_name_plural = _("kategori pengaduan")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="one_category_per_name")]

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    """One complaint, from any channel. The reporter's name and contact are encrypted, and blank
    for an anonymous complaint; no public page, export or API ever shows them."""

    tracking_code = models.CharField(max_length=9, unique=True)
    secret = models.CharField(max_length=64)  # the reporter's private link
    channel = models.CharField(_("saluran"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("kategori"))
    title = models.CharField(_("judul"), max_length=TITLE_MAX_LENGTH, validators=[NO_NUL])
    description = models.TextField(
        _("uraian"), validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH), NO_NUL]
    )
    location = models.CharField(
        _("lokasi masalah"), max_length=LOCATION_MAX_LENGTH, blank=True, validators=[NO_NUL]
    )
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    identity = models.CharField(_("identitas pelapor"), max_length=16, choices=Identity.choices)
    reporter_name = EncryptedCharField(_("nama pelapor"), max_length=150, blank=True)
    reporter_phone = EncryptedCharField(
        _("nomor HP"), max_length=20, blank=True, validators=[validate_mobile]
    )
    reporter_email = EncryptedCharField(
        _("surel"),
        max_length=254,
        blank=True,
        validators=[EmailValidator(message=_("Alamat surel tidak valid."))],
    )
    notify_channel = models.CharField(
        _("kabar lewat"), max_length=16, choices=NotifyChannel.choices, default=NotifyChannel.NONE
    )
    is_public = models.BooleanField(_("tampil di papan pengaduan"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    submitted_at = models.DateTimeField(_("diterima pada"), default=timezone.now)
    verify_due = models.DateField(_("batas verifikasi"))
    follow_up_due = models.DateField(_("batas tindak lanjut"), null=True, blank=True)
    resolve_due = models.DateField(_("batas penyelesaian"))
    verified_at = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    forwarded_to = models.CharField(_("diteruskan kepada"), max_length=200, blank=True, validators=[NO_NUL])
    forwarded_contact = models.CharField(
        _("kontak penerima terusan"), max_length=200, blank=True, validators=[NO_NUL]
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    supporter_count = models.PositiveIntegerField(_("pendukung"), default=0)
    fixed_answer = models.CharField(
        _("sudah diperbaiki?"), max_length=12, choices=FixedAnswer.choices, blank=True
    )
    fixed_asked_at = models.DateTimeField(null=True, blank=True)
    fixed_asked_again_at = models.DateTimeField(null=True, blank=True)
    fixed_answered_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("penilaian penanganan"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    reopen_count = models.PositiveSmallIntegerField(default=0)
    recorded_by = models.CharField(_("dicatat oleh"), max_length=150, blank=True)
    idempotency_key = models.CharField(
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "category"]), models.Index(fields=["submitted_at"])]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def current_due(self) -> datetime.date | None:
        """The deadline of the step the complaint waits for (None once closed)."""
        if self.status == Status.RECEIVED:
            return self.verify_due
        if self.status == Status.VERIFIED:
            return self.follow_up_due
        if self.status == Status.IN_PROGRESS:
            return self.resolve_due
        return None

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = [
                ValidationError(_("Titik peta perlu lintang dan bujur sekaligus."), code="half_a_point")
            ]
        if self.identity == Identity.ANONYMOUS:
            if self.reporter_name or self.reporter_phone or self.reporter_email:
                errors["identity"] = [
                    ValidationError(
                        _("Pengaduan anonim tidak menyimpan nama atau kontak."), code="anonymous_identity"
                    )
                ]
        elif not self.reporter_name.strip():
            errors["reporter_name"] = [
                ValidationError(
                    _("Tulis nama pelapor, atau pilih anonim bila tidak ingin diketahui."),
                    code="name_required",
                )
            ]
        contact = {
            NotifyChannel.EMAIL: ("reporter_email", _("Isi alamat surel untuk menerima kabar lewat surel.")),
            NotifyChannel.WHATSAPP: (
                "reporter_phone",
                _("Isi nomor HP untuk menerima kabar lewat WhatsApp."),
            ),
            NotifyChannel.SMS: ("reporter_phone", _("Isi nomor HP untuk menerima kabar lewat SMS.")),
        }.get(self.notify_channel)  # type: ignore[call-overload]
        if contact and not getattr(self, contact[0]):
            errors[contact[0]] = [ValidationError(contact[1], code="contact_required")]
        if errors:
            raise ValidationError(errors)


def photo_path(instance: ComplaintPhoto, filename: str) -> str:
    """The storage names the file itself (random); ``filename`` is dropped."""
    return f"pengaduan/foto/{filename}"


class ComplaintPhoto(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path, storage=personal_storage)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    # The reporter allows each photo on the public board (a photo may show a face or a house).
    is_public = models.BooleanField(_("boleh tampil di papan"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.complaint} foto {self.pk}"


class EventKind(models.TextChoices):
    STATUS = "status", _("Perubahan status")
    NOTE = "catatan", _("Catatan internal")
    SUPPORT = "dukungan", _("Dukungan warga")
    FEEDBACK = "tanggapan", _("Tanggapan pelapor")


class ComplaintEvent(models.Model):
    """The complaint's timeline. `response` is what the reporter and the board read; `internal_note`
    is for staff only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices, default=EventKind.STATUS)
    status = models.CharField(max_length=20, choices=Status.choices)
    response = models.TextField(blank=True, validators=[MaxLengthValidator(RESPONSE_MAX_LENGTH), NO_NUL])
    internal_note = models.TextField(blank=True, validators=[MaxLengthValidator(RESPONSE_MAX_LENGTH), NO_NUL])
    actor_label = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint} {self.status}"


class ComplaintSupport(models.Model):
    """A resident's "me too" on an open complaint. `supporter_hash` is a keyed hash of the browser
    session (one support per session), never an address or a name."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="supports")
    supporter_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "supporter_hash"], name="one_support_per_supporter")
        ]

    def __str__(self) -> str:
        return f"{self.complaint} +1"


class Open311Key(models.Model):
    """An API key for Open311 GeoReport v2 clients, issued by the village admin. Only a hash is
    stored; the key is shown once."""

    name = models.CharField(_("nama pemakai"), max_length=100, validators=[NO_NUL])
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kunci API Open311")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
