"""Queueing and delivering notifications through the outbox.

A module calls ``notification_queue`` inside its own transaction. The row commits with the
module's write; Celery delivers it after commit and retries with backoff. Nothing that happens to
the channel, or to the broker, can undo or lose the module's write: an undelivered row stays
pending in the outbox, and ``outbox_flush`` (every minute, from Celery beat) queues it again.

Log lines name the notification id and the schema, never the recipient.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, tenant_context

from modules.audit.services import audit_record
from modules.privasi.crypto import configured_keys, lookup_hash
from tenants.db import tenant_connection as connection
from tenants.models import Domain, Tenant, TenantType, VillageStatus
from tenants.routing import public_url

from .channels import backend_for, notification_idempotency_key
from .models import Channel, Notification, NotificationStatus, NotifyChannel, PhoneContact

logger = logging.getLogger(__name__)

# Attempt n (1-based) failing waits RETRY_BASE * 2**(n-1): 30 s, 1, 2, 4, 8 min; the sixth failure
# is final.
MAX_ATTEMPTS = 6
RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(hours=1)
# A retry queued with a countdown may run slightly before `next_attempt_at` on a worker whose clock
# is a little ahead; anything earlier is a duplicate and is skipped.
EARLY_TOLERANCE = timedelta(seconds=5)
# The flush leaves alone what the normal path (on_commit, task retry) should have handled by now:
# it picks up only rows that have been due for this long.
REQUEUE_GRACE = timedelta(minutes=1)
FLUSH_BATCH = 500
# Bounds the time `_enqueue` spends on an unreachable broker (about 1 s with a refused connection;
# CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] bounds a silent one).
# The name tasks.deliver_notification is registered under.
DELIVER_TASK = "notifikasi.deliver"
ENQUEUE_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.4, "interval_max": 0.6}

PHONE_CHANNELS = (Channel.WHATSAPP, Channel.SMS)
# An unconfirmed number gets at most one message in this interval; a schema at most this many an hour.
UNCONFIRMED_INTERVAL = timedelta(hours=24)
UNCONFIRMED_PER_HOUR = 30
CONFIRMATION_SALT = "notifikasi.phone_confirm"
WITHHELD_UNCONFIRMED = (
    "withheld: the number has not confirmed that it wants messages (one a day until it does)"
)
WITHHELD_BUSY = "withheld: the hourly limit of messages to unconfirmed numbers is reached"
CONFIRMATION_MAX_AGE = 30 * 24 * 3600

_PHONE = re.compile(r"^\+?\d{8,15}$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
# What an error text must never carry: e-mail addresses and phone-like runs of digits.
_EMAIL_LIKE = re.compile(r"[^\s@<>\"'(),;:]+@[^\s@<>\"'(),;:]+")
_PHONE_LIKE = re.compile(r"\+?\d(?:[\s.\-()]?\d){7,}")
_HIDDEN = "[alamat disembunyikan]"
LAST_ERROR_MAX_LENGTH = 500


def notification_queue(
    *, channel: str, recipient: str, subject: str, body: str, reference: str
) -> Notification:
    """Writes a notification to the outbox of the current schema and delivers it after commit.

    Callers must already be inside a village's or a district's schema, and should call this inside
    the transaction of the write the message is about. It never raises because of the channel or
    the broker. An address that cannot be delivered to (empty, not an e-mail address, not a phone
    number) does not raise either: the row is stored as failed, with the reason, and not sent.
    Raises ValueError for an unknown channel.
    """
    if channel not in Channel.values:
        raise ValueError(f"unknown notification channel {channel!r}; use one of {Channel.values}")
    schema_name: str = connection.schema_name
    if schema_name == get_public_schema_name():
        raise RuntimeError("notification_queue must run inside a village or district schema, not public")
    address, problem = _normalize_recipient(channel, recipient)
    now = timezone.now()
    body = str(body)
    if not problem and channel in PHONE_CHANNELS:
        body, problem = _phone_gate(address, body, now=now, schema_name=schema_name)
    notification = Notification.objects.create(
        channel=channel,
        recipient=address,
        subject=str(subject),
        body=body,
        reference=reference,
        status=NotificationStatus.FAILED if problem else NotificationStatus.PENDING,
        last_error=problem,
        created_at=now,
        next_attempt_at=now,
    )
    if problem:
        logger.warning("notification %s in schema %s not sent: %s", notification.pk, schema_name, problem)
        return notification
    # The schema is fixed now: the callback may run after the caller has left this schema.
    transaction.on_commit(lambda: _enqueue(notification.pk, schema_name=schema_name))
    return notification


@dataclass(frozen=True)
class ResidentContact:
    """How a resident asked to hear about their record: the channel (`NotifyChannel`) and the
    addresses it may use."""

    channel: str
    email: str
    phone: str


def resident_notify(
    *,
    contact: ResidentContact,
    subject: str,
    village_name: str,
    message: str,
    page: str,
    link: str,
    reference: str,
) -> Notification | None:
    """A resident's message about their own record, through the channel they chose (none: nothing
    is queued). It names the village, says `message` and ends with their private page (`page`: its
    name, `link`), so a lost confirmation page never costs them the way back. Queued in the outbox
    inside the caller's transaction and sent after commit (notification_queue)."""
    if contact.channel == NotifyChannel.NONE:
        return None
    return notification_queue(
        channel=contact.channel,
        recipient=contact.email if contact.channel == NotifyChannel.EMAIL else contact.phone,
        subject=subject,
        body=f"{village_name}: {message}\n{page}: {link}",
        reference=reference,
    )


def phone_hash(phone: str) -> str:
    """The blind index of a phone number: 0812…, +62812… and 62812… give the same one."""
    digits = "".join(character for character in phone if character.isdigit())
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return lookup_hash(digits, key=configured_keys()[0])


def _phone_gate(phone: str, body: str, *, now: datetime, schema_name: str) -> tuple[str, str]:
    """Whether a WhatsApp/SMS message may go to ``phone`` (issue 7, finding 14): anyone can type any
    number into a public form, so an unconfirmed number gets at most one message a day, which asks its
    holder to confirm through a link; after that, every message. A schema sends at most
    ``NOTIFY_UNCONFIRMED_PER_HOUR`` messages to unconfirmed numbers an hour. Returns the body to send
    (with the confirmation link when it is needed) and why the message is withheld ("" if it is not).
    The contact row stays locked until the caller's transaction ends, so concurrent submissions
    naming one number cannot both pass."""
    key = phone_hash(phone)
    PhoneContact.objects.bulk_create([PhoneContact(phone_hash=key, created_at=now)], ignore_conflicts=True)
    contact = PhoneContact.objects.select_for_update().get(phone_hash=key)
    if contact.confirmed_at is not None:
        return body, ""
    recent = (
        contact.unconfirmed_sent_at is not None and now - contact.unconfirmed_sent_at < UNCONFIRMED_INTERVAL
    )
    limit = getattr(settings, "NOTIFY_UNCONFIRMED_PER_HOUR", UNCONFIRMED_PER_HOUR)
    busy = (
        not recent
        and PhoneContact.objects.filter(unconfirmed_sent_at__gt=now - timedelta(hours=1)).count() >= limit
    )
    if recent or busy:
        contact.withheld += 1
        contact.save(update_fields=["withheld"])
        if recent:
            return (
                body,
                "withheld: the number has not confirmed that it wants messages (one a day until it does)",
            )
        return body, "withheld: the hourly limit of messages to unconfirmed numbers is reached"
    contact.unconfirmed_sent_at = now
    contact.save(update_fields=["unconfirmed_sent_at"])
    invitation = _("Agar nomor ini menerima kabar berikutnya dari layanan kami, buka: %(url)s") % {
        "url": _confirmation_url(contact, schema_name=schema_name)
    }
    return f"{body}\n\n{invitation}", ""


def _confirmation_url(contact: PhoneContact, *, schema_name: str) -> str:
    token = signing.dumps(contact.pk, salt=CONFIRMATION_SALT, compress=True)
    domain = (
        Domain.objects.filter(tenant__schema_name=schema_name)
        .order_by("-is_primary", "pk")
        .values_list("domain", flat=True)
        .first()
    )
    return public_url(str(domain), f"/kabar/{token}/")


def phone_contact_for_token(token: str) -> PhoneContact | None:
    """The contact a confirmation link names, or None for a forged, foreign or expired link. Callers
    must already be inside the schema that sent the link."""
    try:
        contact_id = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    return PhoneContact.objects.filter(pk=contact_id).first() if isinstance(contact_id, int) else None


@transaction.atomic(durable=True)
def phone_contact_confirm(*, contact: PhoneContact) -> PhoneContact:
    """The holder of the phone followed the link of the first message: later messages may go to it.
    No actor: whoever holds the link holds the phone."""
    locked = PhoneContact.objects.select_for_update().get(pk=contact.pk)
    if locked.confirmed_at is None:
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
        audit_record(action="notifikasi.phone_confirm", actor=None, target=locked)
    return locked


def _normalize_recipient(channel: str, recipient: str) -> tuple[str, str]:
    """The address as it will be stored, and why it cannot be delivered to ("" if it can)."""
    address = (recipient or "").strip()
    if not address:
        return "", "no recipient address"
    if channel == Channel.EMAIL:
        try:
            validate_email(address)
        except ValidationError:
            return address, "the recipient is not a valid e-mail address"
        return address, ""
    phone = _PHONE_SEPARATORS.sub("", address)
    if not _PHONE.match(phone):
        return address, "the recipient is not a valid phone number"
    return phone, ""


def _enqueue(notification_id: int, *, schema_name: str) -> bool:
    """Hands the delivery task to the broker. On any broker error, logs and returns False: the row
    stays pending and the outbox flush queues it again."""
    try:
        # By name: tasks.py imports this module, so importing the task here would be a cycle.
        current_app.send_task(
            DELIVER_TASK,
            args=[notification_id],
            headers={"_schema_name": schema_name},  # tenant-schemas-celery runs the task there
            retry=True,
            retry_policy=ENQUEUE_RETRY_POLICY,
        )
    except Exception as error:
        logger.warning(
            "notification %s in schema %s not queued, the broker is unreachable (%s: %s); "
            "the outbox flush will queue it again",
            notification_id,
            schema_name,
            type(error).__name__,
            error,
        )
        return False
    return True


@dataclass(frozen=True)
class DeliveryOutcome:
    status: str  # "sent", "retry", "failed" or "skipped"
    retry_in: int | None = None  # seconds, when status is "retry"


def notification_deliver(*, notification_id: int) -> DeliveryOutcome:
    """One delivery attempt of a pending notification of the current schema.

    Idempotent: a row that is sent, failed, missing, not yet due, or being delivered by another
    worker at this moment is skipped. The row stays locked while its channel is called, so two
    copies of the task never send one message twice.
    """
    schema_name: str = connection.schema_name
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=NotificationStatus.PENDING)
            .first()
        )
        if notification is None or notification.next_attempt_at > timezone.now() + EARLY_TOLERANCE:
            return DeliveryOutcome("skipped")
        notification.attempts += 1
        try:
            backend_for(notification.channel).send(
                channel=notification.channel,
                recipient=notification.recipient,
                subject=notification.subject,
                body=notification.body,
                idempotency_key=notification_idempotency_key(
                    schema_name=schema_name, notification_id=notification.pk
                ),
            )
        except Exception as error:
            return _record_failure(notification, error, schema_name=schema_name)
        notification.status = NotificationStatus.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "status", "sent_at"])
    logger.info(
        "notification %s in schema %s sent by %s, attempt %s",
        notification.pk,
        schema_name,
        notification.channel,
        notification.attempts,
    )
    return DeliveryOutcome("sent")


def _record_failure(notification: Notification, error: Exception, *, schema_name: str) -> DeliveryOutcome:
    notification.last_error = _without_address(f"{type(error).__name__}: {error}", notification.recipient)
    if notification.attempts >= MAX_ATTEMPTS:
        notification.status = NotificationStatus.FAILED
        notification.save(update_fields=["attempts", "status", "last_error"])
        logger.error(
            "notification %s in schema %s failed for good after %s attempts: %s",
            notification.pk,
            schema_name,
            notification.attempts,
            notification.last_error,
        )
        return DeliveryOutcome("failed")
    delay = retry_delay(notification.attempts)
    notification.next_attempt_at = timezone.now() + delay
    notification.save(update_fields=["attempts", "next_attempt_at", "last_error"])
    logger.warning(
        "notification %s in schema %s: attempt %s of %s failed (%s); next attempt in %s s",
        notification.pk,
        schema_name,
        notification.attempts,
        MAX_ATTEMPTS,
        notification.last_error,
        int(delay.total_seconds()),
    )
    return DeliveryOutcome("retry", retry_in=int(delay.total_seconds()))


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    return min(RETRY_BASE * 2 ** (attempts - 1), RETRY_MAX)


def _without_address(text: str, recipient: str) -> str:
    if recipient:
        text = text.replace(recipient, _HIDDEN)
    text = _EMAIL_LIKE.sub(_HIDDEN, text)
    text = _PHONE_LIKE.sub(_HIDDEN, text)
    return text[:LAST_ERROR_MAX_LENGTH]


def outbox_flush(*, due_before: datetime | None = None) -> int:
    """Queues again, in every active village and every district, the pending notifications due
    before `due_before` (by default: due for longer than REQUEUE_GRACE). This is how a message
    written while the broker was down goes out once it is back. Returns how many were queued.

    Runs on the public schema (Celery beat) and enters each tenant schema in turn; stops at the
    first broker error, since the next tenant's would fail the same way.
    """
    cutoff = due_before or timezone.now() - REQUEUE_GRACE
    queued = 0
    for tenant in _tenants_with_outbox():
        try:
            with tenant_context(tenant):
                due = list(
                    Notification.objects.filter(
                        status=NotificationStatus.PENDING, next_attempt_at__lte=cutoff
                    )
                    .order_by("next_attempt_at")
                    .values_list("pk", flat=True)[:FLUSH_BATCH]
                )
        except DatabaseError:
            logger.exception("outbox of schema %s could not be read", tenant.schema_name)
            continue
        for notification_id in due:
            if not _enqueue(notification_id, schema_name=tenant.schema_name):
                return queued
            queued += 1
        if due:
            logger.info("outbox of schema %s: %s notification(s) queued again", tenant.schema_name, len(due))
    return queued


def _tenants_with_outbox() -> QuerySet[Tenant]:
    return (
        Tenant.objects.filter(
            Q(type=TenantType.DISTRICT) | Q(type=TenantType.VILLAGE, village__status=VillageStatus.ACTIVE)
        )
        .exclude(schema_name__in=list(settings.TEMPLATE_SCHEMAS.values()))
        .order_by("schema_name")
    )
