"""Writes of the PPID. Each entry point is one durable transaction with its audit row; messages go
to the outbox inside it and leave after commit (modules.notifikasi); PDFs are rendered after commit,
never under a row lock."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.accounts.models import ROLES_BY_TENANT_TYPE, Role, User
from modules.accounts.permissions import require_role
from modules.accounts.selectors import staff_emails
from modules.audit.services import audit_record
from modules.berkas.services import IncomingFile, document_of
from modules.kalender.selectors import add_working_days, working_calendar
from modules.notifikasi.models import Notification, NotifyChannel
from modules.notifikasi.services import ResidentContact, notification_queue, resident_notify
from modules.privasi.crypto import keyed_hash
from modules.privasi.phones import normalized_mobile
from modules.workflow.codes import insert_with_a_free_tracking_code
from modules.workflow.transitions import Step, Transition, Workflow, labels_of
from tenants.db import tenant_connection as connection
from tenants.models import TenantType, Village
from tenants.routing import village_page_url as page_url
from tenants.selectors import current_village
from tenants.words import village_head_title, village_noun

from .defaults import CHECKLIST
from .models import (
    ANSWER_WORKING_DAYS,
    COMMISSION_WORKING_DAYS,
    EXTENSION_MAX_WORKING_DAYS,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    OBJECTION_ANSWER_WORKING_DAYS,
    OBJECTION_FILING_WORKING_DAYS,
    AlertSubscription,
    Announcement,
    AnnualReport,
    ChecklistEntry,
    Decision,
    InfoCategory,
    InfoForm,
    InformationItem,
    InformationRequest,
    Objection,
    ObjectionGround,
    ObjectionOutcome,
    ObjectionStatus,
    RequestChannel,
    RequestEvent,
    RequestStatus,
)

logger = logging.getLogger(__name__)

# The PPID officer keeps the DIP and answers requests; a small village's admin may act as PPID.
OFFICER_ROLES = (Role.PPID_OFFICER, Role.VILLAGE_ADMIN)
# The superior (atasan PPID) answers objections; the officer who answered may not judge it.
SUPERIOR_ROLES = (Role.PPID_SUPERIOR,)
# The registers and the annual report: the officer, the superior and the admin.
REGISTER_ROLES = (*OFFICER_ROLES, Role.PPID_SUPERIOR)
IDEMPOTENCY_KEY = re.compile(rf"[A-Za-z0-9_.:-]{{8,{IDEMPOTENCY_KEY_MAX_LENGTH}}}")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

RS = RequestStatus


# --- Links -------------------------------------------------------------------------------------------------


def owner_url(request: InformationRequest, village: Village) -> str:
    """The requester's private page: the answer, the letter, the objection form."""
    return page_url(village, "ppid:owner", code=request.tracking_code, secret=request.secret)


# --- Numbers -----------------------------------------------------------------------------------------------


def _next_sequence(model: type[InformationRequest] | type[Objection], year: int) -> int:
    """The next number of the year in `model`'s register. A transaction-scoped advisory lock per
    schema, register and year serialises the writers; the unique constraint backs it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"{connection.schema_name}.{model._meta.label}.{year}"],
        )
    last = model.objects.filter(year=year).aggregate(last=Max("sequence"))["last"]
    return (last or 0) + 1


def _number(sequence: int, kind: str, when: datetime.date) -> str:
    return f"{sequence:03d}/{kind}/{ROMAN_MONTHS[when.month - 1]}/{when.year}"


def _district_id() -> int:
    return current_village().district_id


def _at(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


# --- Defaults ----------------------------------------------------------------------------------------------


@transaction.atomic  # not an entry point: part of provisioning's own transaction
def ppid_seed_defaults(village: Village) -> None:
    """The checklist of periodic information, in the district's words. Idempotent: an entry the
    village already has keeps its text."""
    words = {
        "desa": village_noun(village.district),
        "kepala_desa": village_head_title(village.district),
    }
    for order, (key, title, guidance, source) in enumerate(CHECKLIST, 1):
        ChecklistEntry.objects.get_or_create(
            key=key,
            defaults={
                "title": title.format(**words),
                "guidance": guidance.format(**words),
                "source": source,
                "order": order,
            },
        )


# --- The DIP -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemInput:
    """One DIP row as the staff form gives it."""

    category: str
    title: str
    summary: str
    holder: str
    publisher: str
    made_when: str
    made_where: str
    form: str
    retention: str
    link: str = ""
    exemption_ground: str = ""
    consequence_test: str = ""
    checklist_entry_id: int | None = None
    is_published: bool = True
    updated_on: datetime.date | None = None


def _refuse_kept(item: InformationItem) -> None:
    if item.managed_by:
        raise ValidationError(
            _("Item ini diperbarui otomatis dari modul asalnya (rencana aksi); ubah di sana."),
            code="kept_item",
        )


@transaction.atomic(durable=True)
def information_item_save(
    *,
    actor: User,
    item: InformationItem | None,
    data: ItemInput,
    upload: IncomingFile | None,
    remove_file: bool = False,
) -> InformationItem:
    """A new DIP item (`item` None) or an edit. The file, when given, replaces the one before; an
    exempt item keeps no file and no link (InformationItem.clean)."""
    require_role(actor, OFFICER_ROLES)
    target = (
        InformationItem() if item is None else InformationItem.objects.select_for_update().get(pk=item.pk)
    )
    _refuse_kept(target)
    for name, value in dataclasses.asdict(data).items():
        if name in {"checklist_entry_id", "updated_on"}:
            continue
        setattr(target, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[ValidationError]] = {}
    if data.checklist_entry_id is not None:
        entry = ChecklistEntry.objects.filter(pk=data.checklist_entry_id).first()
        if entry is None:
            errors["checklist_entry"] = [
                ValidationError(_("Pilih informasi wajib dari daftar."), code="checklist_invalid")
            ]
        target.checklist_entry = entry
    else:
        target.checklist_entry = None
    target.updated_on = data.updated_on or timezone.localdate()
    old_file = target.file.name if target.file else ""
    document = document_of(upload) if upload is not None else None
    if remove_file and document is None:
        target.file = None
        target.file_type = target.file_extension = ""
    if document is not None:
        # The exempt check needs to see that a file is coming.
        target.file.name = "pending"
    try:
        target.full_clean(exclude=["file", "checklist_entry"] if document is None else ["checklist_entry"])
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    if document is not None:
        target.file.save(f"dip.{document.extension}", ContentFile(document.content), save=False)
        target.file_type = document.content_type
        target.file_extension = document.extension
    target.save()
    if old_file and old_file != (target.file.name if target.file else ""):
        storage = InformationItem._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit_record(
        action="ppid.item_save",
        actor=actor,
        target=target,
        detail={"category": target.category, "published": target.is_published, "new": item is None},
    )
    return target


@transaction.atomic(durable=True)
def information_item_delete(*, actor: User, item: InformationItem) -> None:
    """Removes a DIP row entered by mistake (its file after commit). A published annual report's
    item is kept by the report and cannot be removed here."""
    require_role(actor, OFFICER_ROLES)
    target = InformationItem.objects.select_for_update().get(pk=item.pk)
    _refuse_kept(target)
    if AnnualReport.objects.filter(item=target).exists():
        raise ValidationError(
            _("Item ini adalah laporan tahunan PPID; sembunyikan saja bila tidak ingin ditampilkan."),
            code="report_item",
        )
    name = target.file.name if target.file else ""
    audit_record(action="ppid.item_delete", actor=actor, target=target, detail={"title": target.title})
    target.delete()
    if name:
        storage = InformationItem._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(name))


@dataclass(frozen=True)
class KeptItem:
    """A DIP row that another module keeps (the action plan's matrix of programs and activities)."""

    title: str
    summary: str
    holder: str
    publisher: str
    made_when: str
    made_where: str
    retention: str
    link: str
    updated_on: datetime.date
    current_until: datetime.date | None = None
    checklist_key: str = ""
    category: str = InfoCategory.PERIODIC


@transaction.atomic
def dip_item_keep(*, actor: User, key: str, item: KeptItem | None) -> InformationItem | None:
    """Creates, updates or (with `item` None) unpublishes the DIP row kept by `key`. Called inside
    the writing module's own transaction, which holds its audit row; this one records the DIP's.
    The writing module decided who may make its change; any village staff account may carry it here."""
    require_role(actor, ROLES_BY_TENANT_TYPE[TenantType.VILLAGE])
    existing = InformationItem.objects.select_for_update().filter(managed_by=key).first()
    if item is None:
        if existing is not None and existing.is_published:
            existing.is_published = False
            existing.save(update_fields=["is_published"])
            audit_record(
                action="ppid.item_kept", actor=actor, target=existing, detail={"key": key, "published": False}
            )
        return existing
    target = existing or InformationItem(managed_by=key)
    for name in ("title", "summary", "holder", "publisher", "made_when", "made_where", "retention", "link"):
        setattr(
            target,
            name,
            getattr(item, name)[: getattr(InformationItem._meta.get_field(name), "max_length", None)],
        )
    target.category = item.category
    target.form = InfoForm.BOTH
    target.updated_on = item.updated_on
    target.current_until = item.current_until
    target.is_published = True
    target.checklist_entry = (
        ChecklistEntry.objects.filter(key=item.checklist_key).first() if item.checklist_key else None
    )
    target.full_clean(exclude=["file", "checklist_entry"])
    target.save()
    audit_record(action="ppid.item_kept", actor=actor, target=target, detail={"key": key, "published": True})
    return target


# --- Serta-merta announcements and their subscribers ---------------------------------------------------


@dataclass(frozen=True)
class AnnouncementInput:
    """The elements PerKI 1/2018 requires of a serta-merta announcement; every one is required."""

    title: str
    hazard: str
    affected: str
    evacuation: str
    avoidance: str
    help: str
    announcer: str
    channels: str
    mitigation: str


@transaction.atomic(durable=True)
def announcement_publish(
    *, actor: User, data: AnnouncementInput, notify_subscribers: bool, at: datetime.datetime | None = None
) -> Announcement:
    """Publishes a serta-merta announcement: from now on it heads every page of the portal until it
    is withdrawn. With `notify_subscribers`, every confirmed subscriber gets it (outbox, after commit)."""
    require_role(actor, OFFICER_ROLES)
    announcement = Announcement(
        **{name: value.strip() for name, value in dataclasses.asdict(data).items()},
        published_at=_at(at),
        published_by=str(actor),
    )
    announcement.full_clean()
    announcement.save()
    notified = 0
    if notify_subscribers:
        village = current_village()
        for subscription in AlertSubscription.objects.filter(
            confirmed_at__isnull=False, unsubscribed_at__isnull=True
        ):
            _alert(subscription, announcement, village)
            notified += 1
        announcement.subscribers_notified = notified
        announcement.save(update_fields=["subscribers_notified"])
    audit_record(
        action="ppid.announcement_publish", actor=actor, target=announcement, detail={"notified": notified}
    )
    return announcement


def _alert(subscription: AlertSubscription, announcement: Announcement, village: Village) -> None:
    notification_queue(
        channel=subscription.channel,
        recipient=subscription.contact,
        subject=_("PENGUMUMAN SERTA-MERTA — %(village)s") % {"village": village.display_name},
        body=_(
            "%(village)s: %(title)s\n%(hazard)s\nEvakuasi: %(evacuation)s\nBantuan: %(help)s\n"
            "Selengkapnya: %(link)s\nBerhenti berlangganan: %(stop)s"
        )
        % {
            "village": village.display_name,
            "title": announcement.title,
            "hazard": announcement.hazard,
            "evacuation": announcement.evacuation,
            "help": announcement.help,
            "link": page_url(village, "ppid:announcement", announcement_id=str(announcement.pk)),
            "stop": page_url(village, "ppid:alert_unsubscribe", token=subscription.token),
        },
        reference=f"ppid.announcement:{announcement.pk}",
    )


@transaction.atomic(durable=True)
def announcement_withdraw(*, actor: User, announcement: Announcement) -> Announcement:
    """Ends an announcement: the banner leaves the portal; the announcement stays in the DIP's
    serta-merta history."""
    require_role(actor, OFFICER_ROLES)
    target = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if target.withdrawn_at is not None:
        raise ValidationError(_("Pengumuman ini sudah dicabut."), code="already_withdrawn")
    target.withdrawn_at = timezone.now()
    target.withdrawn_by = str(actor)
    target.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(action="ppid.announcement_withdraw", actor=actor, target=target)
    return target


def _contact_hash(channel: str, contact: str) -> str:
    return keyed_hash(f"{channel}:{contact.lower()}", purpose="ppid.alert")


@transaction.atomic(durable=True)
def alert_subscribe(*, channel: str, contact: str, actor: User | None) -> AlertSubscription:
    """A resident (actor None) asks for serta-merta announcements by e-mail, WhatsApp or SMS. An
    e-mail address is confirmed through a link first; a phone number through modules.notifikasi's
    own confirmation, so its first message already carries that link. Subscribing again with the
    same address renews the subscription instead of adding a second one."""
    channel_values = (NotifyChannel.EMAIL, NotifyChannel.WHATSAPP, NotifyChannel.SMS)
    if channel not in channel_values:
        raise ValidationError(
            {"channel": [ValidationError(_("Pilih surel, WhatsApp atau SMS."), code="channel_invalid")]}
        )
    value = contact.strip()
    if channel == NotifyChannel.EMAIL:
        from django.core.validators import validate_email

        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                {"contact": [ValidationError(_("Alamat surel tidak valid."), code="email_invalid")]}
            ) from None
        value = value.lower()
    else:
        normalized = normalized_mobile(value)
        if not normalized:
            raise ValidationError(
                {
                    "contact": [
                        ValidationError(
                            _("Nomor HP tidak valid; tulis seperti 0812 3456 7890."), code="phone_invalid"
                        )
                    ]
                }
            )
        value = normalized
    key = _contact_hash(channel, value)
    subscription = AlertSubscription.objects.select_for_update().filter(contact_hash=key).first()
    if subscription is None:
        subscription = AlertSubscription(channel=channel, contact=value, contact_hash=key)
    subscription.token = secrets.token_urlsafe(24)
    subscription.unsubscribed_at = None
    if channel != NotifyChannel.EMAIL:
        subscription.confirmed_at = subscription.confirmed_at or timezone.now()
    subscription.save()
    village = current_village()
    if subscription.confirmed_at is None:
        notification_queue(
            channel=channel,
            recipient=value,
            subject=_("Konfirmasi langganan pengumuman — %(village)s") % {"village": village.display_name},
            body=_(
                "Anda (atau seseorang) meminta pengumuman serta-merta %(village)s dikirim ke alamat ini. "
                "Konfirmasi: %(link)s\nAbaikan pesan ini bila bukan Anda."
            )
            % {
                "village": village.display_name,
                "link": page_url(village, "ppid:alert_confirm", token=subscription.token),
            },
            reference=f"ppid.alert_confirm:{subscription.pk}",
        )
    audit_record(action="ppid.alert_subscribe", actor=actor, target=subscription, detail={"channel": channel})
    return subscription


def _subscription_mark(*, token: str, field: str, action: str) -> AlertSubscription | None:
    """Sets `field` (a moment) of the subscription with `token` once; None for an unknown token."""
    subscription = AlertSubscription.objects.select_for_update().filter(token=token).first()
    if subscription is None:
        return None
    if getattr(subscription, field) is None:
        setattr(subscription, field, timezone.now())
        subscription.save(update_fields=[field])
        audit_record(action=action, actor=None, target=subscription)
    return subscription


@transaction.atomic(durable=True)
def alert_confirm(*, token: str) -> AlertSubscription | None:
    """The holder of the address confirms through the link (None for an unknown token)."""
    return _subscription_mark(token=token, field="confirmed_at", action="ppid.alert_confirm")


@transaction.atomic(durable=True)
def alert_unsubscribe(*, token: str) -> AlertSubscription | None:
    """The link at the foot of every announcement message ends the subscription."""
    return _subscription_mark(token=token, field="unsubscribed_at", action="ppid.alert_unsubscribe")


# --- Information requests: the workflow --------------------------------------------------------------------


def _record_event(step: Step[InformationRequest]) -> None:
    at = step.context.get("at")
    RequestEvent.objects.create(
        request=step.record,
        status=step.transition.target,
        note=step.note,
        actor_label=str(step.actor) if step.actor else _("Pemohon"),
        created_at=at if isinstance(at, datetime.datetime) else timezone.now(),
    )


def _apply_step(step: Step[InformationRequest]) -> list[str]:
    fields = dict(step.context.get("fields", {}))
    for name, value in fields.items():
        setattr(step.record, name, value)
    return list(fields)


STEP_MESSAGES = {
    RS.EXTENDED: gettext_lazy(
        "Permohonan informasi %(code)s: waktu jawaban diperpanjang sampai %(due)s. Alasan: %(note)s"
    ),
    RS.ANSWERED: gettext_lazy(
        "Permohonan informasi %(code)s sudah dijawab: %(decision)s. Surat keputusan PPID ada di halaman "
        "permohonan Anda."
    ),
}


def _notify_step(step: Step[InformationRequest]) -> None:
    request = step.record
    message = str(STEP_MESSAGES[RequestStatus(step.transition.target)]) % {
        "code": request.tracking_code,
        "due": request.due_date.strftime("%d-%m-%Y"),
        "note": step.note,
        "decision": request.get_decision_display(),
    }
    notify_requester(request, message)


def notify_requester(request: InformationRequest, message: str) -> None:
    """The requester hears through the channel they chose, with their private link."""
    if request.notify_channel == NotifyChannel.NONE:
        return
    village = current_village()
    resident_notify(
        contact=ResidentContact(
            channel=request.notify_channel, email=request.requester_email, phone=request.requester_phone
        ),
        subject=_("PPID %(village)s") % {"village": village.display_name},
        village_name=village.display_name,
        message=message,
        page=_("Halaman permohonan Anda"),
        link=owner_url(request, village),
        reference=f"ppid.request:{request.pk}",
    )


REQUEST_WORKFLOW: Workflow[InformationRequest] = Workflow(
    name="ppid.request",
    transitions=(
        Transition(RS.RECEIVED, RS.EXTENDED, roles=OFFICER_ROLES, note_required=True, via="request_extend"),
        Transition(RS.RECEIVED, RS.ANSWERED, roles=OFFICER_ROLES, via="request_decide"),
        Transition(RS.EXTENDED, RS.ANSWERED, roles=OFFICER_ROLES, via="request_decide"),
    ),
    record_event=_record_event,
    notify=_notify_step,
    on_apply=_apply_step,
    status_labels=labels_of(RequestStatus),
    not_allowed_message=gettext_lazy("Permohonan berstatus %(from)s tidak dapat diubah menjadi %(to)s."),
    note_required_message=gettext_lazy("Tuliskan alasan perpanjangan; pemohon akan membacanya."),
)


# --- Information requests: intake --------------------------------------------------------------------------


@dataclass(frozen=True)
class NewRequest:
    """A request as the public form, the staff form and the API give it (strings, as typed)."""

    requester_name: str
    requester_address: str
    requester_nik: str
    information: str
    purpose: str
    form_wanted: str
    delivery: str
    requester_phone: str = ""
    requester_email: str = ""
    requester_occupation: str = ""
    notify_channel: str = NotifyChannel.NONE
    channel: str = RequestChannel.ONLINE


def _idempotency_check(key: str) -> InformationRequest | None:
    if not key:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise ValidationError(
            {
                "idempotency_key": [
                    ValidationError(
                        _("Kunci pengiriman harus 8–64 huruf, angka atau tanda - _ . :"), code="key"
                    )
                ]
            }
        )
    return InformationRequest.objects.filter(idempotency_key=key).first()


@transaction.atomic(durable=True)
def information_request_submit(
    *,
    village: Village,
    data: NewRequest,
    actor: User | None,
    idempotency_key: str = "",
    submitted_at: datetime.datetime | None = None,
) -> InformationRequest:
    """Registers a request with its number, its due date (10 working days, UU 14/2008 Pasal 22) and
    its first timeline entry. `actor` is None for the online form; the PPID officer registers oral
    and written requests (`data.channel`). A repeated `idempotency_key` returns the first request.
    `submitted_at` is for the demo's history and the tests."""
    if actor is not None:
        require_role(actor, OFFICER_ROLES)
    existing = _idempotency_check(idempotency_key)
    if existing is not None:
        return existing
    channel = RequestChannel.ONLINE if actor is None else data.channel
    errors: dict[str, list[ValidationError]] = {}
    if actor is not None and channel not in (RequestChannel.ORAL, RequestChannel.WRITTEN):
        errors["channel"] = [
            ValidationError(_("Pilih: permohonan lisan atau tertulis."), code="channel_required")
        ]
    phone = data.requester_phone.strip()
    when = submitted_at or timezone.now()
    day = timezone.localdate(when)
    due = add_working_days(day, ANSWER_WORKING_DAYS, district_id=village.district_id)
    request = InformationRequest(
        channel=channel,
        requester_name=data.requester_name.strip(),
        requester_address=data.requester_address.strip(),
        requester_nik=re.sub(r"\s", "", data.requester_nik),
        requester_phone=(normalized_mobile(phone) or phone) if phone else "",
        requester_email=data.requester_email.strip(),
        requester_occupation=data.requester_occupation.strip(),
        information=data.information.strip(),
        purpose=data.purpose.strip(),
        form_wanted=data.form_wanted,
        delivery=data.delivery,
        notify_channel=data.notify_channel,
        submitted_at=when,
        due_date=due,
        original_due_date=due,
        recorded_by=str(actor) if actor else "",
        secret=secrets.token_urlsafe(24),
        idempotency_key=idempotency_key or None,
    )
    try:
        request.full_clean(
            exclude=["registration_number", "year", "sequence", "tracking_code", "idempotency_key"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    request.year = day.year
    request.sequence = _next_sequence(InformationRequest, day.year)
    request.registration_number = _number(request.sequence, "PPID", day)
    stored = insert_with_a_free_tracking_code(request)
    if stored is not request:
        return stored
    RequestEvent.objects.create(
        request=request,
        status=RS.RECEIVED,
        note=_("Permohonan diterima dengan nomor registrasi %(number)s.")
        % {"number": request.registration_number},
        actor_label=str(actor) if actor else _("Pemohon"),
        created_at=when,
    )
    audit_record(
        action="ppid.request_submit", actor=actor, target=request, detail={"channel": request.channel}
    )
    notify_requester(
        request,
        _(
            "Permohonan informasi %(code)s diterima (nomor %(number)s). "
            "Jawaban tertulis paling lambat %(due)s."
        )
        % {
            "code": request.tracking_code,
            "number": request.registration_number,
            "due": due.strftime("%d-%m-%Y"),
        },
    )
    _tell_officers(request, village)
    return request


def _officer_emails() -> Iterable[str]:
    return staff_emails(OFFICER_ROLES)


def _tell_officers(request: InformationRequest, village: Village) -> None:
    """The PPID officers with an e-mail address hear of each new request: its number, never the
    requester's contact."""
    for email in _officer_emails():
        notification_queue(
            channel="email",
            recipient=email,
            subject=_("Permohonan informasi baru %(number)s — %(village)s")
            % {"number": request.registration_number, "village": village.display_name},
            body=_("Permohonan informasi %(number)s, jawaban paling lambat %(due)s.\nBuka: %(link)s")
            % {
                "number": request.registration_number,
                "due": request.due_date.strftime("%d-%m-%Y"),
                "link": page_url(village, "ppid:staff_request", code=request.tracking_code),
            },
            reference=f"ppid.new:{request.pk}",
        )


def _locked(request: InformationRequest) -> InformationRequest:
    return InformationRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic(durable=True)
def information_request_extend(
    *, actor: User, request: InformationRequest, days: int, reason: str, at: datetime.datetime | None = None
) -> InformationRequest:
    """Extends the answer's deadline once, by 1 to 7 working days counted from the original due
    date, with a written reason the requester reads (UU 14/2008 Pasal 22 ayat (8)). A second
    extension, or one after the deadline has passed, is refused."""
    require_role(actor, OFFICER_ROLES)
    locked = _locked(request)
    now = _at(at)
    if locked.was_extended:
        raise ValidationError(
            _(
                "Permohonan ini sudah pernah diperpanjang. Undang-undang hanya membolehkan satu kali "
                "perpanjangan, paling lama %(days)d hari kerja; jawab permohonan paling lambat %(due)s."
            )
            % {"days": EXTENSION_MAX_WORKING_DAYS, "due": locked.due_date.strftime("%d-%m-%Y")},
            code="already_extended",
        )
    if locked.status != RS.RECEIVED:
        raise ValidationError(_("Permohonan yang sudah dijawab tidak dapat diperpanjang."), code="not_open")
    if not 1 <= days <= EXTENSION_MAX_WORKING_DAYS:
        raise ValidationError(
            {
                "days": [
                    ValidationError(
                        _("Perpanjangan 1 sampai %(days)d hari kerja.")
                        % {"days": EXTENSION_MAX_WORKING_DAYS},
                        code="extension_days",
                    )
                ]
            }
        )
    if timezone.localdate(now) > locked.due_date:
        raise ValidationError(
            _("Batas jawaban %(due)s sudah lewat; perpanjangan harus diberitahukan sebelum batas itu.")
            % {"due": locked.due_date.strftime("%d-%m-%Y")},
            code="extension_too_late",
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "reason": [
                    ValidationError(
                        _("Tuliskan alasan perpanjangan; pemohon akan membacanya."), code="note_required"
                    )
                ]
            }
        )
    new_due = add_working_days(locked.original_due_date, days, district_id=_district_id())
    locked.extension_reason = reason
    locked.full_clean(
        exclude=[f.name for f in InformationRequest._meta.fields if f.name != "extension_reason"],
        validate_unique=False,
        validate_constraints=False,
    )
    REQUEST_WORKFLOW.apply(
        record=locked,
        target=RS.EXTENDED,
        actor=actor,
        note=reason,
        via="request_extend",
        context={
            "at": now,
            "fields": {"due_date": new_due, "extended_at": now, "extension_reason": reason},
        },
    )
    return locked


@dataclass(frozen=True)
class DecisionInput:
    decision: str
    answer: str
    withheld: str = ""
    exemption_ground: str = ""
    consequence_test: str = ""
    held_by: str = ""
    cost: int = 0


def _decision_errors(data: DecisionInput) -> dict[str, list[ValidationError]]:
    """What each decision must state (UU 14/2008 Pasal 22 ayat (7) and PerKI 1/2018's letter)."""
    errors: dict[str, list[ValidationError]] = {}

    def need(field: str, message: str, code: str) -> None:
        if not str(getattr(data, field)).strip():
            errors.setdefault(field, []).append(ValidationError(message, code=code))

    if data.decision not in Decision.values:
        errors["decision"] = [ValidationError(_("Pilih keputusan dari daftar."), code="decision_invalid")]
        return errors
    need("answer", _("Tuliskan jawaban untuk pemohon."), "answer_required")
    if data.decision == Decision.PARTIAL:
        need("withheld", _("Sebutkan bagian yang tidak diberikan dan alasannya."), "withheld_required")
    if data.decision in (Decision.REFUSED, Decision.PARTIAL):
        if data.exemption_ground not in _exemption_values():
            errors["exemption_ground"] = [
                ValidationError(
                    _(
                        "Penolakan wajib menyebut dasar pengecualian dari UU 14/2008 Pasal 17; informasi "
                        "hanya boleh ditolak bila termasuk yang dikecualikan."
                    ),
                    code="exemption_ground_required",
                )
            ]
        need(
            "consequence_test",
            _("Tuliskan uji konsekuensi: akibat bila informasi ini dibuka."),
            "consequence_test_required",
        )
    if data.decision == Decision.NOT_HELD:
        need(
            "held_by",
            _("Sebutkan badan publik yang menguasai informasi ini, bila diketahui."),
            "held_by_required",
        )
    if data.cost < 0:
        errors["cost"] = [ValidationError(_("Biaya tidak boleh kurang dari nol."), code="cost_negative")]
    return errors


def _exemption_values() -> list[str]:
    from .models import ExemptionGround

    return list(ExemptionGround.values)


@transaction.atomic(durable=True)
def information_request_decide(
    *, actor: User, request: InformationRequest, data: DecisionInput, at: datetime.datetime | None = None
) -> InformationRequest:
    """Answers a request: granted in full, in part, refused, or not held. The decision letter gets
    its number here; its PDF is rendered after commit (decision_letter_render), and the requester is
    told."""
    require_role(actor, OFFICER_ROLES)
    locked = _locked(request)
    errors = _decision_errors(data)
    if errors:
        raise ValidationError(errors)
    now = _at(at)
    refused_like = data.decision in (Decision.REFUSED, Decision.PARTIAL)
    answer = data.answer.strip()
    fields: dict[str, object] = {
        "decision": data.decision,
        "answer": answer,
        "withheld": data.withheld.strip() if data.decision == Decision.PARTIAL else "",
        "exemption_ground": data.exemption_ground if refused_like else "",
        "consequence_test": data.consequence_test.strip() if refused_like else "",
        "held_by": data.held_by.strip() if data.decision == Decision.NOT_HELD else "",
        "cost": data.cost,
        "decided_at": now,
        "decided_by": str(actor),
        "answered_working_days": working_days_taken(locked, decided_on=timezone.localdate(now)),
        "letter_number": _number(locked.sequence, "SK-PPID", timezone.localdate(now)),
    }
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(
        exclude=[f.name for f in InformationRequest._meta.fields if f.name not in fields],
        validate_unique=False,
        validate_constraints=False,
    )
    REQUEST_WORKFLOW.apply(
        record=locked,
        target=RS.ANSWERED,
        actor=actor,
        note=answer,
        via="request_decide",
        context={"at": now, "fields": fields},
    )
    schema_name = connection.schema_name
    transaction.on_commit(lambda: decision_letter_schedule(request_id=locked.pk, schema_name=schema_name))
    return locked


def working_days_taken(request: InformationRequest, *, decided_on: datetime.date) -> int:
    """Working days from the day after submission to the answer, as the deadline counts them."""
    start = timezone.localdate(request.submitted_at)
    calendar = working_calendar(district_id=_district_id(), since=start)
    return calendar.working_days_between(start, decided_on)


def decision_letter_schedule(*, request_id: int, schema_name: str) -> None:
    """After commit: a worker renders the letter; when the broker cannot take the task it is
    rendered here, and the download renders it should both have failed."""
    from .tasks import render_decision_letter

    try:
        render_decision_letter.apply_async(
            args=[request_id], headers={"_schema_name": schema_name}, retry=False
        )
    except Exception as error:  # any broker failure: render in this process
        logger.warning(
            "ppid request %s in schema %s: letter task not queued (%s); rendering it now",
            request_id,
            schema_name,
            type(error).__name__,
        )
        decision_letter_render(request_id=request_id)


def decision_letter_render(*, request_id: int) -> InformationRequest:
    """Renders and stores the decision letter's PDF once (idempotent), with no lock held while
    rendering: the file is written, then attached only if the request still has none."""
    from .documents import decision_letter_pdf

    request = InformationRequest.objects.get(pk=request_id)
    if request.letter_pdf or not request.decision:
        return request
    content = decision_letter_pdf(request, current_village())
    field = request.letter_pdf.field
    name = field.storage.save(field.generate_filename(request, "keputusan.pdf"), ContentFile(content))
    if InformationRequest.objects.filter(pk=request.pk, letter_pdf="").update(letter_pdf=name) == 0:
        field.storage.delete(name)
        request.refresh_from_db(fields=["letter_pdf"])
    else:
        request.letter_pdf.name = name
    return request


# --- Objections (keberatan) ------------------------------------------------------------------------------

OS = ObjectionStatus

OBJECTION_WORKFLOW: Workflow[Objection] = Workflow(
    name="ppid.objection",
    transitions=(
        Transition(
            OS.RECEIVED, OS.ANSWERED, roles=SUPERIOR_ROLES, note_required=True, via="objection_answer"
        ),
    ),
    record_event=lambda step: RequestEvent.objects.create(
        request=step.record.request,
        objection=step.record,
        status=f"keberatan_{step.transition.target}",
        note=step.note,
        actor_label=str(step.actor) if step.actor else _("Pemohon"),
        created_at=step.context.get("at") or timezone.now(),
    ),
    on_apply=_apply_step,  # type: ignore[arg-type]
    status_labels=labels_of(ObjectionStatus),
    note_required_message=gettext_lazy("Tuliskan tanggapan atas keberatan; pemohon akan membacanya."),
)


def objection_window(
    request: InformationRequest, *, today: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """When the requester may object: from the answer (or from the day after a missed deadline)
    until 30 working days later (UU 14/2008 Pasal 36 ayat (1)). None while the request is open and
    its deadline has not passed."""
    if request.decided_at is not None:
        start = timezone.localdate(request.decided_at)
    elif request.due_date < today:
        start = request.due_date
    else:
        return None
    return start, add_working_days(start, OBJECTION_FILING_WORKING_DAYS, district_id=_district_id())


def allowed_grounds(request: InformationRequest, *, today: datetime.date) -> list[str]:
    """The Pasal 35 grounds that fit what happened to this request."""
    late = request.decided_at is None and request.due_date < today
    answered_late = (
        request.decided_at is not None and timezone.localdate(request.decided_at) > request.due_date
    )
    grounds = [ObjectionGround.PERIODIC_MISSING]
    if request.decision in (Decision.REFUSED, Decision.PARTIAL):
        grounds.append(ObjectionGround.REFUSED)
    if late:
        grounds += [ObjectionGround.NO_ANSWER, ObjectionGround.LATE]
    if request.decided_at is not None:
        grounds += [ObjectionGround.NOT_AS_ASKED, ObjectionGround.NOT_FULFILLED]
        if request.cost:
            grounds.append(ObjectionGround.UNREASONABLE_COST)
        if answered_late:
            grounds.append(ObjectionGround.LATE)
    return [ground for ground in ObjectionGround.values if ground in grounds]


def objection_refusal(request: InformationRequest, *, today: datetime.date) -> ValidationError | None:
    """Why no objection may be filed on `request` today, or None when one may: the one rule the
    service and the requester's pages share. Before the answer (or the missed deadline), after the
    30 working days, while one waits for the superior, and once the superior has answered one (the
    way on is then the Komisi Informasi, UU 14/2008 Pasal 37)."""
    window = objection_window(request, today=today)
    if window is None:
        return ValidationError(
            _(
                "Keberatan dapat diajukan setelah permohonan dijawab, atau bila batas jawaban %(due)s lewat "
                "tanpa jawaban."
            )
            % {"due": request.due_date.strftime("%d-%m-%Y")},
            code="objection_too_early",
        )
    if today > window[1]:
        return ValidationError(
            _("Batas pengajuan keberatan, 30 hari kerja, berakhir %(end)s.")
            % {"end": window[1].strftime("%d-%m-%Y")},
            code="objection_too_late",
        )
    statuses = {objection.status for objection in request.objections.all()}
    if OS.RECEIVED in statuses:
        return ValidationError(
            _("Keberatan atas permohonan ini masih menunggu tanggapan atasan PPID."), code="objection_open"
        )
    deadlines = [o.commission_deadline for o in request.objections.all() if o.commission_deadline]
    if OS.ANSWERED in statuses and deadlines:
        return ValidationError(
            _(
                "Atasan PPID sudah menanggapi keberatan atas permohonan ini. Bila Anda tidak puas, ajukan "
                "sengketa informasi ke Komisi Informasi paling lambat %(deadline)s."
            )
            % {"deadline": max(deadlines).strftime("%d-%m-%Y")},
            code="objection_answered",
        )
    return None


@transaction.atomic(durable=True)
def objection_file(
    *,
    request: InformationRequest,
    ground: str,
    reason: str,
    actor: User | None,
    at: datetime.datetime | None = None,
) -> Objection:
    """The requester's objection (actor None: the private page checked their secret), or one the
    PPID officer registers from a letter. The superior answers within 30 working days."""
    if actor is not None:
        require_role(actor, OFFICER_ROLES)
    locked = _locked(request)
    now = _at(at)
    today = timezone.localdate(now)
    refusal = objection_refusal(locked, today=today)
    if refusal is not None:
        raise refusal
    if ground not in allowed_grounds(locked, today=today):
        raise ValidationError(
            {
                "ground": [
                    ValidationError(
                        _("Alasan ini tidak sesuai dengan keadaan permohonan Anda."), code="ground_invalid"
                    )
                ]
            }
        )
    objection = Objection(
        request=locked,
        ground=ground,
        reason=reason.strip(),
        filed_at=now,
        due_date=add_working_days(today, OBJECTION_ANSWER_WORKING_DAYS, district_id=_district_id()),
    )
    objection.year = today.year
    objection.sequence = _next_sequence(Objection, today.year)
    objection.registration_number = _number(objection.sequence, "KEB-PPID", today)
    objection.full_clean(validate_unique=False, validate_constraints=False)
    objection.save()
    RequestEvent.objects.create(
        request=locked,
        objection=objection,
        status=f"keberatan_{OS.RECEIVED}",
        note=objection.reason,
        actor_label=str(actor) if actor else _("Pemohon"),
        created_at=now,
    )
    audit_record(action="ppid.objection_file", actor=actor, target=objection, detail={"ground": ground})
    notify_requester(
        locked,
        _("Keberatan %(number)s diterima. Atasan PPID menanggapi paling lambat %(due)s.")
        % {"number": objection.registration_number, "due": objection.due_date.strftime("%d-%m-%Y")},
    )
    village = current_village()
    for email in staff_emails(SUPERIOR_ROLES):
        notification_queue(
            channel="email",
            recipient=email,
            subject=_("Keberatan informasi %(number)s — %(village)s")
            % {"number": objection.registration_number, "village": village.display_name},
            body=_("Keberatan %(number)s menunggu tanggapan Anda paling lambat %(due)s.\nBuka: %(link)s")
            % {
                "number": objection.registration_number,
                "due": objection.due_date.strftime("%d-%m-%Y"),
                "link": page_url(village, "ppid:staff_objection", objection_id=str(objection.pk)),
            },
            reference=f"ppid.objection:{objection.pk}",
        )
    return objection


@transaction.atomic(durable=True)
def objection_answer(
    *, actor: User, objection: Objection, outcome: str, response: str, at: datetime.datetime | None = None
) -> Objection:
    """The superior's written answer. The requester then has 14 working days to bring the dispute
    to the Komisi Informasi (UU 14/2008 Pasal 37 ayat (2)); the page and the message say until when."""
    require_role(actor, SUPERIOR_ROLES)
    locked = Objection.objects.select_for_update().select_related("request").get(pk=objection.pk)
    if outcome not in ObjectionOutcome.values:
        raise ValidationError(
            {"outcome": [ValidationError(_("Pilih keputusan atas keberatan."), code="outcome_invalid")]}
        )
    now = _at(at)
    today = timezone.localdate(now)
    text = response.strip()
    commission_deadline = add_working_days(today, COMMISSION_WORKING_DAYS, district_id=_district_id())
    fields: dict[str, object] = {
        "outcome": outcome,
        "response": text,
        "answered_at": now,
        "answered_by": str(actor),
        "answered_by_position": actor.position or str(Role(actor.role).label),
        "commission_deadline": commission_deadline,
    }
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(validate_unique=False, validate_constraints=False)
    OBJECTION_WORKFLOW.apply(
        record=locked,
        target=OS.ANSWERED,
        actor=actor,
        note=text,
        via="objection_answer",
        context={"at": now, "fields": fields},
    )
    notify_requester(
        locked.request,
        _(
            "Keberatan %(number)s sudah ditanggapi atasan PPID: %(outcome)s. Bila Anda tidak puas, ajukan "
            "sengketa informasi ke Komisi Informasi paling lambat %(deadline)s."
        )
        % {
            "number": locked.registration_number,
            "outcome": locked.get_outcome_display(),
            "deadline": commission_deadline.strftime("%d-%m-%Y"),
        },
    )
    return locked


# --- Reminders ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminders:
    overdue: int
    nearly_due: int
    objections_due: int


def ppid_reminders_send(*, today: datetime.date) -> Reminders:
    """In the current village: tells the PPID officers which requests are overdue or nearly due, and
    the superior which objections wait. Once a day per village (tasks.py); a second run on the same
    day tells no one twice."""
    from . import selectors

    village = current_village()
    due = selectors.requests_due(today=today)
    waiting = list(selectors.objections_waiting())
    reference = f"ppid.reminder:{today.isoformat()}"
    already = {
        address.lower()
        for address in Notification.objects.filter(reference=reference).values_list("recipient", flat=True)
    }
    if due.overdue or due.nearly_due:
        lines = [
            _("%(number)s: %(state)s, batas %(due)s")
            % {
                "number": request.registration_number,
                "state": _("terlambat") if request in due.overdue else _("hampir jatuh tempo"),
                "due": request.due_date.strftime("%d-%m-%Y"),
            }
            for request in [*due.overdue, *due.nearly_due]
        ]
        for email in _officer_emails():
            if email.lower() in already:
                continue
            notification_queue(
                channel="email",
                recipient=email,
                subject=_("Permohonan informasi yang perlu dijawab — %(village)s")
                % {"village": village.display_name},
                body="\n".join(lines) + "\n" + page_url(village, "ppid:staff_requests"),
                reference=reference,
            )
    if waiting:
        lines = [
            _("%(number)s: batas tanggapan %(due)s")
            % {"number": objection.registration_number, "due": objection.due_date.strftime("%d-%m-%Y")}
            for objection in waiting
        ]
        for email in staff_emails(SUPERIOR_ROLES):
            if email.lower() in already:
                continue
            notification_queue(
                channel="email",
                recipient=email,
                subject=_("Keberatan yang menunggu tanggapan — %(village)s")
                % {"village": village.display_name},
                body="\n".join(lines) + "\n" + page_url(village, "ppid:staff_objections"),
                reference=reference,
            )
    return Reminders(overdue=len(due.overdue), nearly_due=len(due.nearly_due), objections_due=len(waiting))


# --- The annual report -------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def annual_report_publish(*, actor: User, year: int, pdf: bytes) -> AnnualReport:
    """Keeps the year's report (rendered by the caller from selectors.annual_report, outside any
    lock) and publishes it as a periodic DIP item; publishing again replaces the file."""
    require_role(actor, OFFICER_ROLES)
    village = current_village()
    report = AnnualReport.objects.select_for_update().filter(year=year).first() or AnnualReport(year=year)
    old = report.pdf.name if report.pk and report.pdf else ""
    report.pdf.save(f"laporan-{year}.pdf", ContentFile(pdf), save=False)
    report.generated_at = timezone.now()
    report.generated_by = str(actor)
    item = report.item or InformationItem(category=InfoCategory.PERIODIC)
    item.title = _("Laporan layanan informasi publik tahun %(year)d") % {"year": year}
    item.summary = _(
        "Jumlah permohonan, waktu layanan, keputusan, penolakan menurut alasannya, keberatan dan "
        "cakupan Daftar Informasi Publik tahun %(year)d."
    ) % {"year": year}
    item.holder = item.holder or _("PPID %(village)s") % {"village": village.display_name}
    item.publisher = item.publisher or _("PPID %(village)s") % {"village": village.display_name}
    item.made_when = str(year + 1) if timezone.localdate().year > year else str(year)
    item.made_where = item.made_where or village.display_name
    item.form = InfoForm.BOTH
    item.retention = item.retention or _("5 tahun")
    item.checklist_entry = item.checklist_entry or ChecklistEntry.objects.filter(key="laporan-ppid").first()
    item.is_published = True
    item.updated_on = timezone.localdate()
    old_item_file = item.file.name if item.pk and item.file else ""
    item.file.save(f"laporan-{year}.pdf", ContentFile(pdf), save=False)
    item.file_type, item.file_extension = "application/pdf", "pdf"
    item.full_clean(exclude=["file", "checklist_entry"])
    item.save()
    report.item = item
    report.save()
    storage = AnnualReport._meta.get_field("pdf").storage
    for name in (old, old_item_file):
        if name:
            transaction.on_commit(lambda name=name: storage.delete(name))  # type: ignore[misc]
    audit_record(action="ppid.annual_report_publish", actor=actor, target=report, detail={"year": year})
    return report
