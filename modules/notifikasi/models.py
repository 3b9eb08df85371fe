"""The outbox: one row per message to a resident, in the village's (or district's) own schema.

A row is written in the caller's transaction and delivered by Celery after commit; its status,
attempts and last error are the delivery log. What the resident receives (address, subject, body)
is personal data and is stored encrypted; the database can neither search nor compare it.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.privasi.fields import EncryptedCharField, EncryptedTextField


class Channel(models.TextChoices):
    EMAIL = "email", _("Surel")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class NotifyChannel(models.TextChoices):
    """How a resident chose to hear about their request or complaint: a channel, or none."""

    NONE = "none", _("Tidak perlu")
    EMAIL = "email", _("Surel")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class Notification(models.Model):
    channel = models.CharField(_("saluran"), max_length=16, choices=Channel.choices)
    recipient = EncryptedCharField(_("penerima"), max_length=254)
    subject = EncryptedCharField(_("judul"), max_length=200, blank=True)
    body = EncryptedTextField(_("isi"))
    # Which record the message is about, e.g. "layanan.request:42", so a module can find its own.
    reference = models.CharField(_("rujukan"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("jumlah percobaan"), default=0)
    # What went wrong the last time, without the recipient's address.
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["reference"], name="notifikasi_reference"),
            # The outbox flush reads only what is still to be sent.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status=NotificationStatus.PENDING),
                name="notifikasi_pending_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.SENT) | Q(sent_at__isnull=False),
                name="notifikasi_sent_has_sent_at",
            ),
        ]

    def __str__(self) -> str:
        # Never the recipient: this string ends up in logs and admin pages.
        return f"{self.get_channel_display()} #{self.pk} ({self.status})"


class PhoneContact(models.Model):
    """A phone number this schema has sent WhatsApp/SMS to, known only by its blind index.

    Anyone can type any number into a public form, so a number gets one message (the one that
    carries the tracking code and a confirmation link) and nothing more until someone holding that
    phone confirms through the link (services.phone_contact_confirm). The number itself is not stored
    here; ``phone_hash`` is an HMAC under the personal-data key (modules.privasi.crypto.lookup_hash).
    """

    phone_hash = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    # When the last message went to the number while it was not confirmed (at most one a day).
    unconfirmed_sent_at = models.DateTimeField(null=True, blank=True)
    withheld = models.PositiveIntegerField(_("pesan ditahan"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("nomor telepon penerima")
        verbose_name_plural = _("nomor telepon penerima")
        indexes = [models.Index(fields=["unconfirmed_sent_at"], name="notifikasi_contact_unconfirmed")]

    def __str__(self) -> str:
        return f"kontak #{self.pk} ({'terkonfirmasi' if self.confirmed_at else 'belum'})"
