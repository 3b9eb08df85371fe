"""Writes of the complaint register. Each entry point is one durable transaction with its audit row;
messages go to the outbox inside it and leave after commit (modules.notifikasi)."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.accounts.models import Role, User
from modules.accounts.permissions import require_role
from modules.accounts.selectors import staff_emails
from modules.audit.services import audit_record
from modules.berkas.services import IncomingFile, document_of
from modules.kalender.selectors import add_working_days
from modules.notifikasi.models import Notification
from modules.notifikasi.services import ResidentContact, notification_queue, resident_notify
from modules.privasi.crypto import same_secret
from modules.privasi.phones import normalized_mobile
from modules.survei import services as survei_services
from modules.workflow.codes import insert_with_a_free_tracking_code
from modules.workflow.transitions import Step, Transition, Workflow, labels_of
from tenants.models import Village
from tenants.routing import village_page_url as _page_url
from tenants.selectors import current_village

from .defaults import DEFAULT_CATEGORIES
from .models import (
    CLOSED_STATUSES,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    PHOTO_MAX_COUNT,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintPhoto,
    ComplaintSettings,
    ComplaintSupport,
    EventKind,
    FixedAnswer,
    Identity,
    NotifyChannel,
    Open311Key,
    Status,
)

# Who handles complaints; the village council reads the register without identities.
HANDLER_ROLES = (Role.COMPLAINT_OFFICER, Role.VILLAGE_ADMIN)
REGISTER_ROLES = (*HANDLER_ROLES, Role.COUNCIL_MEMBER)
# Only these see a confidential reporter's identity, and every look is audited.
IDENTITY_ROLES = (Role.COMPLAINT_OFFICER,)
SETTINGS_ROLES = (Role.VILLAGE_ADMIN,)
IDEMPOTENCY_KEY = re.compile(rf"[A-Za-z0-9_.:-]{{8,{IDEMPOTENCY_KEY_MAX_LENGTH}}}")
# "Sudah diperbaiki?" is asked when a complaint is resolved, and once more after this long.
FIXED_ASK_AGAIN_AFTER = datetime.timedelta(days=7)

S = Status


# --- Links ----------------------------------------------------------------------------------------------


def owner_url(complaint: Complaint, village: Village) -> str:
    """The reporter's private page: follow the complaint, answer "Sudah diperbaiki?"."""
    return _page_url(village, "pengaduan:owner", code=complaint.tracking_code, secret=complaint.secret)


def staff_complaint_url(complaint: Complaint, village: Village) -> str:
    return _page_url(village, "pengaduan:staff_complaint", code=complaint.tracking_code)


# --- The workflow -----------------------------------------------------------------------------------------


def _step_moment(step: Step[Complaint]) -> datetime.datetime:
    """When the step happened: now, unless the demo's history or a test gave `at`."""
    at = step.context.get("at")
    return at if isinstance(at, datetime.datetime) else timezone.now()


def _record_event(step: Step[Complaint]) -> None:
    ComplaintEvent.objects.create(
        created_at=_step_moment(step),
        complaint=step.record,
        kind=EventKind.STATUS,
        status=step.transition.target,
        response=step.note,
        internal_note=str(step.context.get("internal_note", "")),
        actor_label=str(step.actor) if step.actor else _("Pelapor"),
    )


def _apply_step(step: Step[Complaint]) -> list[str]:
    """Sets the times and deadlines a step changes, and returns their names."""
    complaint, target, now = step.record, step.transition.target, _step_moment(step)
    changed: list[str] = []
    if target == S.VERIFIED:
        config = complaint_settings()
        today = timezone.localdate(now)
        district_id = current_village().district_id
        complaint.verified_at = now
        complaint.follow_up_due = add_working_days(today, config.follow_up_days, district_id=district_id)
        complaint.resolve_due = add_working_days(
            today, config.days_for(complaint.category.tier), district_id=district_id
        )
        changed += ["verified_at", "follow_up_due", "resolve_due"]
    elif target == S.IN_PROGRESS and step.transition.source == S.RESOLVED:
        # Reopened by the reporter ("belum"): a new follow-up period from today.
        complaint.closed_at = None
        complaint.reopen_count += 1
        complaint.resolve_due = add_working_days(
            timezone.localdate(now),
            complaint_settings().follow_up_days,
            district_id=current_village().district_id,
        )
        changed += ["closed_at", "reopen_count", "resolve_due"]
    elif target == S.IN_PROGRESS:
        complaint.followed_up_at = now
        changed.append("followed_up_at")
    if target in CLOSED_STATUSES:
        complaint.closed_at = now
        changed.append("closed_at")
    if target == S.RESOLVED:
        complaint.fixed_asked_at = now
        complaint.fixed_asked_again_at = None
        complaint.fixed_answer = ""
        complaint.fixed_answered_at = None
        changed += ["fixed_asked_at", "fixed_asked_again_at", "fixed_answer", "fixed_answered_at"]
    for name, value in step.context.get("fields", {}).items():
        setattr(complaint, name, value)
        changed.append(name)
    return changed


STEP_MESSAGES = {
    S.VERIFIED: gettext_lazy("Pengaduan %(code)s sudah diverifikasi dan akan ditindaklanjuti."),
    S.IN_PROGRESS: gettext_lazy("Pengaduan %(code)s sedang ditindaklanjuti."),
    S.RESOLVED: gettext_lazy(
        "Pengaduan %(code)s dinyatakan selesai. Apakah masalahnya sudah diperbaiki? Jawab di halaman "
        "pengaduan Anda."
    ),
    S.REJECTED: gettext_lazy("Pengaduan %(code)s tidak dapat ditindaklanjuti."),
    S.NOT_OURS: gettext_lazy("Pengaduan %(code)s diteruskan kepada pihak yang berwenang."),
    S.DUPLICATE: gettext_lazy("Pengaduan %(code)s sama dengan pengaduan lain dan digabungkan ke sana."),
}


def _notify_step(step: Step[Complaint]) -> None:
    """The reporter hears of every step, with the village's response; the reopening they asked
    for themselves needs no message."""
    if step.actor is None:
        return
    message = str(STEP_MESSAGES[Status(step.transition.target)]) % {"code": step.record.tracking_code}
    if step.note:
        message = f"{message}\n{_('Tanggapan')}: {step.note}"
    _notify_reporter(step.record, message)
    if step.transition.target == S.RESOLVED:
        # The reporter of a resolved complaint is asked how it was handled (once per complaint).
        complaint = step.record
        anonymous = complaint.identity == Identity.ANONYMOUS
        survei_services.invitation_offer(
            village=current_village(),
            source="pengaduan",
            source_ref=f"pengaduan.complaint:{complaint.pk}",
            service_name=_("Penanganan pengaduan"),
            contact=ResidentContact(
                channel=NotifyChannel.NONE if anonymous else complaint.notify_channel,
                email=complaint.reporter_email,
                phone=complaint.reporter_phone,
            ),
        )


def _notify_reporter(complaint: Complaint, message: str) -> None:
    if complaint.identity == Identity.ANONYMOUS or complaint.notify_channel == NotifyChannel.NONE:
        return
    village = current_village()
    resident_notify(
        contact=ResidentContact(
            channel=complaint.notify_channel, email=complaint.reporter_email, phone=complaint.reporter_phone
        ),
        subject=_("Pengaduan %(village)s") % {"village": village.display_name},
        village_name=village.display_name,
        message=message,
        page=_("Halaman pengaduan Anda"),
        link=owner_url(complaint, village),
        reference=f"pengaduan.complaint:{complaint.pk}",
    )


COMPLAINT_WORKFLOW: Workflow[Complaint] = Workflow(
    name="pengaduan.complaint",
    transitions=(
        Transition(S.RECEIVED, S.VERIFIED, roles=HANDLER_ROLES),
        Transition(S.RECEIVED, S.REJECTED, roles=HANDLER_ROLES, note_required=True),
        Transition(S.RECEIVED, S.NOT_OURS, roles=HANDLER_ROLES, note_required=True, via="complaint_forward"),
        Transition(S.RECEIVED, S.DUPLICATE, roles=HANDLER_ROLES, via="complaint_mark_duplicate"),
        Transition(S.VERIFIED, S.IN_PROGRESS, roles=HANDLER_ROLES, note_required=True),
        Transition(S.VERIFIED, S.REJECTED, roles=HANDLER_ROLES, note_required=True),
        Transition(S.VERIFIED, S.NOT_OURS, roles=HANDLER_ROLES, note_required=True, via="complaint_forward"),
        Transition(S.VERIFIED, S.DUPLICATE, roles=HANDLER_ROLES, via="complaint_mark_duplicate"),
        Transition(S.IN_PROGRESS, S.RESOLVED, roles=HANDLER_ROLES, note_required=True),
        Transition(
            S.IN_PROGRESS, S.NOT_OURS, roles=HANDLER_ROLES, note_required=True, via="complaint_forward"
        ),
        # "Belum": the reporter reopens a resolved complaint with a note (complaint_feedback).
        Transition(S.RESOLVED, S.IN_PROGRESS, by_resident=True, note_required=True, via="complaint_feedback"),
    ),
    record_event=_record_event,
    notify=_notify_step,
    on_apply=_apply_step,
    status_labels=labels_of(Status),
    not_allowed_message=gettext_lazy("Pengaduan berstatus %(from)s tidak dapat diubah menjadi %(to)s."),
    note_required_message=gettext_lazy(
        "Tuliskan tanggapan untuk pelapor; pelapor dan papan pengaduan membacanya."
    ),
)


# --- Defaults and settings ------------------------------------------------------------------------------


@transaction.atomic  # not an entry point: part of provisioning's own transaction
def complaints_seed_defaults() -> None:
    """The default categories and deadlines of a new village. Idempotent."""
    ComplaintSettings.objects.get_or_create(pk=1)
    for order, (name, tier) in enumerate(DEFAULT_CATEGORIES, 1):
        Category.objects.get_or_create(name=name, defaults={"tier": tier, "order": order})


def complaint_settings() -> ComplaintSettings:
    return ComplaintSettings.objects.get_or_create(pk=1)[0]


@dataclass(frozen=True)
class Deadlines:
    verify_days: int
    follow_up_days: int
    tier_quick_days: int
    tier_normal_days: int
    tier_heavy_days: int
    tier_complex_days: int


@transaction.atomic(durable=True)
def complaint_settings_save(*, actor: User, deadlines: Deadlines) -> ComplaintSettings:
    """The village admin's deadlines; complaints already received keep the deadlines they got."""
    require_role(actor, SETTINGS_ROLES)
    config = ComplaintSettings.objects.select_for_update().get_or_create(pk=1)[0]
    for name, value in dataclasses.asdict(deadlines).items():
        setattr(config, name, value)
    config.full_clean()
    config.save()
    audit_record(
        action="pengaduan.settings_save", actor=actor, target=config, detail=dataclasses.asdict(deadlines)
    )
    return config


@transaction.atomic(durable=True)
def category_save(
    *, actor: User, category: Category | None, name: str, tier: int, is_active: bool, order: int
) -> Category:
    """A new category (`category` None) or an edit. A category in use is closed, never deleted."""
    require_role(actor, SETTINGS_ROLES)
    target = Category() if category is None else Category.objects.select_for_update().get(pk=category.pk)
    target.name, target.tier, target.is_active, target.order = name.strip(), tier, is_active, order
    target.full_clean(validate_constraints=False, validate_unique=False)
    if Category.objects.filter(name__iexact=target.name).exclude(pk=target.pk).exists():
        raise ValidationError(
            {"name": [ValidationError(_("Kategori dengan nama ini sudah ada."), code="category_exists")]}
        )
    target.save()
    audit_record(action="pengaduan.category_save", actor=actor, target=target, detail={"name": target.name})
    return target


# --- Intake -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewComplaint:
    """A complaint as the form, the staff form and the API give it (strings, as typed)."""

    category_id: int
    title: str
    description: str
    identity: str
    location: str = ""
    latitude: str = ""
    longitude: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    notify_channel: str = NotifyChannel.NONE
    is_public: bool = True
    channel: str = Channel.ONLINE


@dataclass(frozen=True)
class NewPhoto:
    upload: IncomingFile
    is_public: bool = False


def _coordinate(value: str, field: str) -> tuple[Decimal | None, list[ValidationError]]:
    if not str(value).strip():
        return None, []
    try:
        number = Decimal(str(value).strip())
        if not number.is_finite():  # "NaN" would pass quantize and break the range validators
            raise ValueError(value)
        return number.quantize(Decimal("0.000001")), []
    except (InvalidOperation, ValueError):
        return None, [ValidationError(_("Titik peta tidak dapat dibaca."), code=f"{field}_invalid")]


def _build(
    data: NewComplaint, *, actor: User | None, recorded_via: str = ""
) -> tuple[Complaint, dict[str, list[ValidationError]]]:
    errors: dict[str, list[ValidationError]] = {}
    category = Category.objects.filter(pk=data.category_id, is_active=True).first()
    if category is None:
        errors["category"] = [ValidationError(_("Pilih kategori dari daftar."), code="category_invalid")]
    latitude, latitude_errors = _coordinate(data.latitude, "latitude")
    longitude, longitude_errors = _coordinate(data.longitude, "longitude")
    if latitude_errors or longitude_errors:
        errors["latitude"] = latitude_errors or longitude_errors
    anonymous = data.identity == Identity.ANONYMOUS
    phone = data.reporter_phone.strip()
    channel = Channel.ONLINE if actor is None else data.channel
    if actor is not None and channel == Channel.ONLINE:
        errors["channel"] = [
            ValidationError(_("Pilih saluran tempat pengaduan ini diterima."), code="channel_required")
        ]
    complaint = Complaint(
        channel=channel,
        category=category,
        title=data.title.strip(),
        description=data.description.strip(),
        location=data.location.strip(),
        latitude=latitude,
        longitude=longitude,
        identity=data.identity,
        # Nothing that identifies an anonymous reporter is stored, whatever the form sent.
        reporter_name="" if anonymous else data.reporter_name.strip(),
        reporter_phone="" if anonymous else (normalized_mobile(phone) or phone) if phone else "",
        reporter_email="" if anonymous else data.reporter_email.strip(),
        notify_channel=NotifyChannel.NONE if anonymous else data.notify_channel,
        is_public=data.is_public,
        recorded_by=str(actor) if actor else recorded_via,
    )
    try:
        complaint.full_clean(
            exclude=[
                "tracking_code",
                "secret",
                "category",
                "verify_due",
                "resolve_due",
                "idempotency_key",
                "submitted_at",
            ],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    return complaint, errors


@transaction.atomic(durable=True)
def complaint_submit(
    *,
    village: Village,
    data: NewComplaint,
    photos: Sequence[NewPhoto],
    actor: User | None,
    idempotency_key: str,
    submitted_at: datetime.datetime | None = None,
    recorded_via: str = "",
) -> Complaint:
    """Stores a complaint with its photos, its first timeline entry and the audit row. `actor` is
    None for the online form; staff (`actor`) record what came by another channel. A repeated
    `idempotency_key` returns the complaint the first submission stored. `submitted_at` is for the
    demo's history and the tests; everyone else gets now. `recorded_via` names the client that sent
    a resident's complaint for them ("Open311: <key name>"), kept as `recorded_by` and in the audit
    row."""
    if actor is not None:
        require_role(actor, HANDLER_ROLES)
    if idempotency_key and not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        raise ValidationError(
            {
                "idempotency_key": [
                    ValidationError(
                        _("Kunci pengiriman harus 8–64 huruf, angka atau tanda - _ . :"), code="key"
                    )
                ]
            }
        )
    if idempotency_key:
        existing = Complaint.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    complaint, errors = _build(data, actor=actor, recorded_via=recorded_via)
    if len(photos) > PHOTO_MAX_COUNT:
        errors["photos"] = [
            ValidationError(
                _("Paling banyak %(count)d foto.") % {"count": PHOTO_MAX_COUNT}, code="too_many_photos"
            )
        ]
    if errors:
        raise ValidationError(errors)
    when = submitted_at or timezone.now()
    day = timezone.localdate(when)
    config = complaint_settings()
    assert complaint.category is not None
    complaint.submitted_at = when
    complaint.verify_due = add_working_days(day, config.verify_days, district_id=village.district_id)
    # An estimate until verification sets it from that day (COMPLAINT_WORKFLOW).
    complaint.resolve_due = add_working_days(
        day, config.verify_days + config.days_for(complaint.category.tier), district_id=village.district_id
    )
    complaint.secret = secrets.token_urlsafe(24)
    complaint.idempotency_key = idempotency_key or None
    stored = insert_with_a_free_tracking_code(complaint)
    if stored is not complaint:
        return stored
    for position, photo in enumerate(photos, 1):
        document = document_of(photo.upload)
        if not document.content_type.startswith("image/"):
            # A PDF passes the counter's intake; a complaint's photo must be a photo.
            raise ValidationError(
                {
                    "photos": [
                        ValidationError(
                            _("Berkas ke-%(position)d bukan foto.") % {"position": position},
                            code="not_a_photo",
                        )
                    ]
                }
            )
        stored_photo = ComplaintPhoto(
            complaint=complaint,
            content_type=document.content_type,
            size=document.size,
            is_public=photo.is_public,
        )
        stored_photo.file.save(f"foto.{document.extension}", ContentFile(document.content), save=False)
        stored_photo.save()
    ComplaintEvent.objects.create(
        complaint=complaint,
        status=S.RECEIVED,
        response=_("Pengaduan diterima."),
        actor_label=str(actor) if actor else _("Pelapor"),
        created_at=when,
    )
    audit_record(
        action="pengaduan.complaint_submit",
        actor=actor,
        target=complaint,
        detail={
            "channel": complaint.channel,
            "identity": complaint.identity,
            **({"via": recorded_via} if recorded_via else {}),
        },
    )
    _notify_reporter(
        complaint,
        _("Pengaduan %(code)s diterima. Kami memverifikasinya paling lambat %(due)s.")
        % {"code": complaint.tracking_code, "due": complaint.verify_due.strftime("%d-%m-%Y")},
    )
    _tell_handlers(complaint, village)
    return complaint


def _handler_emails() -> Iterable[str]:
    return staff_emails(HANDLER_ROLES)


def _tell_handlers(complaint: Complaint, village: Village) -> None:
    """Complaint handlers with an e-mail address hear of each new complaint: its category and code,
    never the reporter."""
    for email in _handler_emails():
        notification_queue(
            channel="email",
            recipient=email,
            subject=_("Pengaduan baru %(code)s — %(village)s")
            % {"code": complaint.tracking_code, "village": village.display_name},
            body=_("Pengaduan baru %(code)s (%(category)s): %(title)s\nBuka: %(link)s")
            % {
                "code": complaint.tracking_code,
                "category": complaint.category.name,
                "title": complaint.title,
                "link": staff_complaint_url(complaint, village),
            },
            reference=f"pengaduan.new:{complaint.pk}",
        )


def supporter_hash(session_key: str) -> str:
    """One support per browser session: a keyed hash of the session key, not reversible to it."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"pengaduan.support:{session_key}".encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic(durable=True)
def complaint_support(*, complaint: Complaint, supporter_key: str, actor: User | None) -> Complaint:
    """A resident says "saya juga mengalami ini" on an open complaint instead of filing another.
    A second support from the same session changes nothing."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not locked.is_open:
        raise ValidationError(
            _("Pengaduan ini sudah ditutup; dukungan tidak dapat ditambahkan."), code="closed"
        )
    if not locked.is_public:
        raise ValidationError(_("Pengaduan ini tidak dapat didukung."), code="not_public")
    try:
        with transaction.atomic():
            ComplaintSupport.objects.create(complaint=locked, supporter_hash=supporter_hash(supporter_key))
    except IntegrityError:
        return locked
    Complaint.objects.filter(pk=locked.pk).update(supporter_count=F("supporter_count") + 1)
    locked.refresh_from_db(fields=["supporter_count"])
    audit_record(action="pengaduan.complaint_support", actor=actor, target=locked)
    return locked


# --- Handling -----------------------------------------------------------------------------------------------


def _check_texts(response: str, internal_note: str) -> None:
    try:
        ComplaintEvent(response=response, internal_note=internal_note).clean_fields(
            exclude=["complaint", "status", "actor_label", "kind", "created_at"]
        )
    except ValidationError as error:
        raise ValidationError(error.error_dict) from error


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("category").get(pk=complaint.pk)


@transaction.atomic(durable=True)
def complaint_transition(
    *,
    complaint: Complaint,
    to_status: str,
    actor: User,
    response: str,
    internal_note: str,
    at: datetime.datetime | None = None,
) -> Complaint:
    """A handler's step along COMPLAINT_WORKFLOW, with the response the reporter reads and an
    internal note that stays with staff. `at` (the step's time) is for the demo's history and the
    tests; everyone else gets now."""
    require_role(actor, HANDLER_ROLES)
    _check_texts(response, internal_note)
    locked = _locked(complaint)
    COMPLAINT_WORKFLOW.apply(
        record=locked,
        target=to_status,
        actor=actor,
        note=response,
        context={"internal_note": internal_note.strip(), "at": at},
    )
    return locked


@transaction.atomic(durable=True)
def complaint_forward(
    *,
    complaint: Complaint,
    actor: User,
    body: str,
    contact: str,
    response: str,
    internal_note: str,
    at: datetime.datetime | None = None,
) -> Complaint:
    """Not the village's to solve (bukan wewenang): forwarded to the body that holds it (the
    kecamatan, a district office), whose name and contact the reporter sees."""
    require_role(actor, HANDLER_ROLES)
    _check_texts(response, internal_note)
    locked = _locked(complaint)
    locked.forwarded_to, locked.forwarded_contact = body.strip(), contact.strip()
    try:
        locked.clean_fields(
            exclude=[
                f.name for f in Complaint._meta.fields if f.name not in ("forwarded_to", "forwarded_contact")
            ]
        )
    except ValidationError as error:
        raise ValidationError(error.error_dict) from error
    if not locked.forwarded_to:
        raise ValidationError(
            {
                "forwarded_to": [
                    ValidationError(_("Tulis kepada siapa pengaduan ini diteruskan."), code="required")
                ]
            }
        )
    COMPLAINT_WORKFLOW.apply(
        record=locked,
        target=S.NOT_OURS,
        actor=actor,
        note=response,
        via="complaint_forward",
        context={
            "internal_note": internal_note.strip(),
            "at": at,
            "fields": {"forwarded_to": locked.forwarded_to, "forwarded_contact": locked.forwarded_contact},
        },
    )
    return locked


@transaction.atomic(durable=True)
def complaint_mark_duplicate(
    *, complaint: Complaint, original_code: str, actor: User, response: str, internal_note: str
) -> Complaint:
    """The same problem as an open complaint: linked to it, and its reporter and supporters count
    as the original's supporters."""
    require_role(actor, HANDLER_ROLES)
    _check_texts(response, internal_note)
    locked = _locked(complaint)
    original = (
        Complaint.objects.select_for_update().filter(tracking_code=original_code.strip().upper()).first()
    )
    if original is None or original.pk == locked.pk or not original.is_open or original.duplicate_of_id:
        raise ValidationError(
            {
                "original_code": [
                    ValidationError(
                        _("Tulis kode pengaduan asli yang masih terbuka."), code="original_invalid"
                    )
                ]
            }
        )
    moved = ComplaintSupport.objects.filter(complaint=locked).exclude(
        supporter_hash__in=ComplaintSupport.objects.filter(complaint=original).values("supporter_hash")
    )
    moved_count = moved.update(complaint=original)
    ComplaintSupport.objects.filter(complaint=locked).delete()
    Complaint.objects.filter(pk=original.pk).update(supporter_count=F("supporter_count") + moved_count + 1)
    COMPLAINT_WORKFLOW.apply(
        record=locked,
        target=S.DUPLICATE,
        actor=actor,
        note=response or _("Sama dengan pengaduan %(code)s.") % {"code": original.tracking_code},
        via="complaint_mark_duplicate",
        context={
            "internal_note": internal_note.strip(),
            "fields": {"duplicate_of": original, "supporter_count": 0},
        },
    )
    return locked


@transaction.atomic(durable=True)
def complaint_note_add(*, complaint: Complaint, actor: User, internal_note: str) -> ComplaintEvent:
    """An internal note on the timeline, for staff only; the status stays."""
    require_role(actor, HANDLER_ROLES)
    _check_texts("", internal_note)
    if not internal_note.strip():
        raise ValidationError({"internal_note": [ValidationError(_("Tulis catatannya."), code="required")]})
    locked = _locked(complaint)
    event = ComplaintEvent.objects.create(
        complaint=locked,
        kind=EventKind.NOTE,
        status=locked.status,
        internal_note=internal_note.strip(),
        actor_label=str(actor),
    )
    audit_record(action="pengaduan.note_add", actor=actor, target=locked)
    return event


@dataclass(frozen=True)
class ReporterIdentity:
    name: str
    phone: str
    email: str


@transaction.atomic(durable=True)
def complaint_identity_reveal(*, complaint: Complaint, actor: User) -> ReporterIdentity:
    """A confidential reporter's identity, for a complaint officer; every look writes an audit row.
    Named reporters are shown to every handler without this; anonymous ones have nothing to show."""
    if complaint.identity == Identity.CONFIDENTIAL:
        require_role(actor, IDENTITY_ROLES)
        audit_record(action="pengaduan.identity_view", actor=actor, target=complaint)
    else:
        require_role(actor, HANDLER_ROLES)
    return ReporterIdentity(
        name=complaint.reporter_name, phone=complaint.reporter_phone, email=complaint.reporter_email
    )


# --- The reporter's word -----------------------------------------------------------------------------------


def secret_matches(complaint: Complaint, secret: str) -> bool:
    """Whether `secret` opens the reporter's page (constant time; any text, never an error)."""
    return same_secret(complaint.secret, secret)


def _check_secret(complaint: Complaint, secret: str) -> None:
    if not secret_matches(complaint, secret):
        raise PermissionDenied(_("Tautan pengaduan ini tidak cocok."))


@transaction.atomic(durable=True)
def complaint_feedback(
    *,
    complaint: Complaint,
    secret: str,
    answer: str,
    rating: int | None,
    note: str,
    actor: User | None,
    at: datetime.datetime | None = None,
) -> Complaint:
    """The reporter answers "Sudah diperbaiki?" and rates the handling (1–4). "Belum" reopens the
    complaint with the reporter's note, which the handlers and the board read."""
    locked = _locked(complaint)
    _check_secret(locked, secret)
    if locked.status != S.RESOLVED:
        raise ValidationError(
            _("Pertanyaan ini hanya untuk pengaduan yang sudah selesai."), code="not_resolved"
        )
    errors: dict[str, list[ValidationError]] = {}
    if answer not in FixedAnswer.values:
        errors["answer"] = [ValidationError(_("Pilih salah satu jawaban."), code="answer_invalid")]
    if rating is not None and rating not in (1, 2, 3, 4):
        errors["rating"] = [ValidationError(_("Nilai 1 sampai 4."), code="rating_invalid")]
    try:
        ComplaintEvent(response=note).clean_fields(
            exclude=["complaint", "status", "actor_label", "kind", "created_at", "internal_note"]
        )
    except ValidationError as error:
        errors.update({"note": error.error_dict["response"]})
    if answer == FixedAnswer.NO and not note.strip():
        errors["note"] = [ValidationError(_("Ceritakan apa yang belum diperbaiki."), code="note_required")]
    if errors:
        raise ValidationError(errors)
    now = at or timezone.now()
    locked.fixed_answer, locked.fixed_answered_at = answer, now
    if rating is not None:
        locked.rating = rating
    locked.save(update_fields=["fixed_answer", "fixed_answered_at", "rating"])
    audit_record(
        action="pengaduan.feedback", actor=actor, target=locked, detail={"answer": answer, "rating": rating}
    )
    if answer == FixedAnswer.NO:
        COMPLAINT_WORKFLOW.apply(
            record=locked,
            target=S.IN_PROGRESS,
            actor=None,
            note=note,
            via="complaint_feedback",
            context={"at": now},
        )
        _tell_handlers_reopened(locked)
    else:
        ComplaintEvent.objects.create(
            complaint=locked,
            kind=EventKind.FEEDBACK,
            status=locked.status,
            response=str(FixedAnswer(answer).label) + (f" — {note.strip()}" if note.strip() else ""),
            actor_label=_("Pelapor"),
            created_at=now,
        )
    return locked


def _tell_handlers_reopened(complaint: Complaint) -> None:
    village = current_village()
    for email in _handler_emails():
        notification_queue(
            channel="email",
            recipient=email,
            subject=_("Pengaduan %(code)s dibuka kembali") % {"code": complaint.tracking_code},
            body=_("Pelapor menjawab belum diperbaiki. Buka: %(link)s")
            % {"link": staff_complaint_url(complaint, village)},
            reference=f"pengaduan.reopened:{complaint.pk}:{complaint.reopen_count}",
        )


# --- Reminders (daily, from Celery beat) ----------------------------------------------------------------


@dataclass(frozen=True)
class Reminders:
    overdue: int
    nearly_due: int
    asked_again: int


@transaction.atomic(durable=True)
def complaint_reminders_send(*, today: datetime.date) -> Reminders:
    """In the current village: tells the handlers and the village admin which open complaints are
    overdue or due by the next working day, and asks once more "Sudah diperbaiki?" of reporters
    who have not answered in FIXED_ASK_AGAIN_AFTER. Runs once a day per village (tasks.py)."""
    from . import selectors

    village = current_village()
    due = selectors.complaints_due(today=today)
    if due.overdue or due.nearly_due:
        lines = [
            _("%(code)s (%(category)s): %(state)s, batas %(due)s")
            % {
                "code": complaint.tracking_code,
                "category": complaint.category.name,
                "state": _("terlambat") if complaint in due.overdue else _("hampir jatuh tempo"),
                "due": complaint.current_due.strftime("%d-%m-%Y") if complaint.current_due else "-",
            }
            for complaint in [*due.overdue, *due.nearly_due]
        ]
        reference = f"pengaduan.reminder:{today.isoformat()}"
        # A second run for the same day (a re-delivered task, a manual re-run) tells no one twice.
        already = {
            address.lower()
            for address in Notification.objects.filter(reference=reference).values_list(
                "recipient", flat=True
            )
        }
        for email in _handler_emails():
            if email.lower() in already:
                continue
            notification_queue(
                channel="email",
                recipient=email,
                subject=_("Pengaduan yang perlu ditangani — %(village)s") % {"village": village.display_name},
                body="\n".join(lines) + "\n" + _page_url(village, "pengaduan:staff_queue"),
                reference=reference,
            )
    asked = 0
    cutoff = timezone.now() - FIXED_ASK_AGAIN_AFTER
    for complaint in Complaint.objects.select_for_update().filter(
        status=S.RESOLVED, fixed_answer="", fixed_asked_again_at__isnull=True, fixed_asked_at__lte=cutoff
    ):
        complaint.fixed_asked_again_at = timezone.now()
        complaint.save(update_fields=["fixed_asked_again_at"])
        _notify_reporter(
            complaint,
            _("Pengaduan %(code)s: apakah masalahnya sudah diperbaiki? Jawab di halaman pengaduan Anda.")
            % {"code": complaint.tracking_code},
        )
        asked += 1
    audit_record(
        action="pengaduan.reminders_send",
        actor=None,
        detail={"overdue": len(due.overdue), "nearly_due": len(due.nearly_due), "asked_again": asked},
    )
    return Reminders(overdue=len(due.overdue), nearly_due=len(due.nearly_due), asked_again=asked)


# --- Open311 keys -----------------------------------------------------------------------------------------


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    key: Open311Key
    secret: str  # shown once


@transaction.atomic(durable=True)
def api_key_issue(*, actor: User, name: str) -> IssuedKey:
    require_role(actor, SETTINGS_ROLES)
    secret = f"b311_{secrets.token_urlsafe(32)}"
    key = Open311Key(
        name=name.strip(), prefix=secret[5:13], key_hash=api_key_hash(secret), created_by=str(actor)
    )
    key.full_clean(exclude=["key_hash", "prefix", "created_by"], validate_unique=False)
    key.save()
    audit_record(action="pengaduan.api_key_issue", actor=actor, target=key, detail={"name": key.name})
    return IssuedKey(key=key, secret=secret)


@transaction.atomic(durable=True)
def api_key_revoke(*, actor: User, key: Open311Key) -> Open311Key:
    require_role(actor, SETTINGS_ROLES)
    locked = Open311Key.objects.select_for_update().get(pk=key.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(action="pengaduan.api_key_revoke", actor=actor, target=locked)
    return locked


def api_key_check(secret: str) -> Open311Key | None:
    """The active key with this secret (its last use noted), or None."""
    key = Open311Key.objects.filter(key_hash=api_key_hash(secret), revoked_at__isnull=True).first()
    if key is not None:
        Open311Key.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key
