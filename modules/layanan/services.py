"""Writes of the service counter. Every function takes its actor explicitly, runs in one
transaction, writes the audit row inside it, and notifies only after commit.

Callers must already be inside the village's schema; `village` is that village's registry row.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.accounts.models import Role, User
from modules.audit.services import audit_record
from modules.berkas.intake import accept_each
from modules.berkas.services import IncomingFile, document_of
from modules.kalender.selectors import add_working_days
from modules.notifikasi.services import notification_queue
from modules.privasi.crypto import nik_lookup_hash
from modules.privasi.masking import mask_name
from modules.privasi.nik import validate_kk, validate_nik
from tenants.models import Village

from . import letters, links, sop
from .catalogue import DEFAULT_PLEDGE, DEFAULT_SERVICES, standard_defaults
from .models import (
    Attachment,
    CounterScope,
    Letter,
    LetterCounter,
    NotifyChannel,
    QueueTicket,
    QueueTicketStatus,
    RequestEvent,
    RequestStatus,
    Service,
    ServiceRequest,
    ServiceSettings,
    ServiceStandard,
    SopDocument,
    queue_counter_codes,
    validate_queue_counters,
)

S = RequestStatus
# Who may move a request from one status to another. Residents only cancel (request_cancel).
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    S.SUBMITTED: {
        S.VERIFIED: (Role.OPERATOR, Role.VILLAGE_ADMIN),
        S.NEEDS_DOCUMENTS: (Role.OPERATOR, Role.VILLAGE_ADMIN),
        S.REJECTED: (Role.OPERATOR, Role.VILLAGE_ADMIN),
    },
    S.NEEDS_DOCUMENTS: {S.REJECTED: (Role.OPERATOR, Role.VILLAGE_ADMIN)},
    S.VERIFIED: {
        S.IN_PROCESS: (Role.OPERATOR, Role.VILLAGE_ADMIN),
        S.REJECTED: (Role.OPERATOR, Role.VILLAGE_ADMIN),
    },
    S.IN_PROCESS: {
        S.AWAITING_SIGNATURE: (Role.OPERATOR, Role.VILLAGE_ADMIN),
        S.REJECTED: (Role.OPERATOR, Role.VILLAGE_ADMIN),
    },
    # Completion happens only through letter_issue, which signs and numbers the letter.
    S.AWAITING_SIGNATURE: {S.REJECTED: (Role.VILLAGE_ADMIN,)},
    # After letter_revoke: reopened for a corrected letter (a new number), or refused after all.
    S.LETTER_REVOKED: {
        S.AWAITING_SIGNATURE: (Role.VILLAGE_ADMIN,),
        S.REJECTED: (Role.VILLAGE_ADMIN,),
    },
}
STAFF_ROLES = (Role.OPERATOR, Role.VILLAGE_ADMIN)
SIGNING_ROLES = (Role.VILLAGE_ADMIN,)
CATALOGUE_ROLES = (Role.VILLAGE_ADMIN,)
RESIDENT_CANCELLABLE = (S.SUBMITTED, S.NEEDS_DOCUMENTS)

# Unambiguous when read aloud or copied from a phone: no 0/O, 1/I/L, 5/S, 8/B.
TRACKING_ALPHABET = "2345679ACDEFGHJKMNPQRTUVWXYZ"
# More files than this in one request is not a resident's paperwork.
ATTACHMENT_MAX_COUNT = 10
ATTACHMENT_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg"}


def new_tracking_code() -> str:
    body = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
    return f"{body[:4]}-{body[4:]}"


@transaction.atomic
def catalogue_seed_defaults(*, head_title: str, village_noun: str) -> None:
    """Default catalogue, pledge and settings of a new village. Idempotent (fills what is missing)."""
    ServiceSettings.objects.get_or_create(pk=1, defaults={"pledge": DEFAULT_PLEDGE, "head_title": head_title})
    for order, spec in enumerate(DEFAULT_SERVICES, 1):
        service, created = Service.objects.get_or_create(
            slug=spec["slug"],
            defaults={key: spec[key] for key in ("name", "letter_code", "letter_title", "letter_body")}
            | {"order": order},
        )
        if created:
            ServiceStandard.objects.create(
                service=service,
                version=1,
                created_by="Balai",
                service_hours="",  # the office hours of the village profile
                **standard_defaults(village_noun=village_noun, head_title=head_title),
                **spec["standard"],
            )


def current_standard(service: Service) -> ServiceStandard:
    standard = service.standards.order_by("-version").first()
    if standard is None:
        raise ValidationError(_("Layanan ini belum memiliki standar pelayanan."))
    return standard


@transaction.atomic
def service_standard_revise(*, service: Service, actor: Any, **changes: Any) -> ServiceStandard:
    """An edit of a standard is a new version; requests keep the version they were made under."""
    _check_role(actor, CATALOGUE_ROLES)
    previous = (
        ServiceStandard.objects.select_for_update().filter(service=service).order_by("-version").first()
    )
    if previous is None:
        raise ValidationError(_("Layanan ini belum memiliki standar pelayanan."))
    fields = {
        field.name: getattr(previous, field.name)
        for field in ServiceStandard._meta.concrete_fields
        if field.name not in ("id", "service", "version", "created_at", "created_by")
    }
    unknown = set(changes) - set(fields)
    if unknown:
        raise ValidationError(_("Isian tidak dikenal: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    standard = ServiceStandard.objects.create(
        service=service, version=previous.version + 1, created_by=str(actor), **(fields | changes)
    )
    audit_record(
        action="layanan.standard_revise", actor=actor, target=standard, detail={"version": standard.version}
    )
    return standard


@dataclass(frozen=True)
class NewRequest:
    applicant_name: str
    nik: str
    address: str
    purpose: str
    kk_number: str = ""
    phone: str = ""
    email: str = ""
    notify_channel: str = NotifyChannel.NONE
    extra: dict[str, str] | None = None

    @classmethod
    def from_fields(cls, data: Mapping[str, Any], *, extra: dict[str, str]) -> NewRequest:
        """From a validated form's or serializer's data (both name their fields like this class)."""
        names = [field.name for field in dataclasses.fields(cls) if field.name != "extra"]
        return cls(**{name: data[name] for name in names if name in data}, extra=extra)


def request_submit(
    *,
    village: Village,
    service: Service,
    data: NewRequest,
    attachments: Sequence[tuple[str, IncomingFile]] = (),
    actor: Any = None,
    is_walk_in: bool = False,
    today: datetime.date | None = None,
) -> ServiceRequest:
    """Validates and stores a request, then (after commit) notifies the resident. Nothing is saved
    when any field is invalid; a failing notification never undoes the request."""
    errors: dict[str, list[str]] = {}

    def check(field: str, validate: Any) -> None:
        try:
            validate()
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)

    if not service.is_active:
        raise ValidationError(_("Layanan ini sedang tidak dibuka."))
    standard = current_standard(service)
    check("nik", lambda: validate_nik(data.nik))
    if data.kk_number:
        check("kk_number", lambda: validate_kk(data.kk_number))
    if not data.applicant_name.strip():
        errors["applicant_name"] = [_("Nama pemohon wajib diisi.")]
    if not data.address.strip():
        errors["address"] = [_("Alamat wajib diisi.")]
    if not data.purpose.strip():
        errors["purpose"] = [_("Keperluan wajib diisi.")]
    if data.notify_channel == NotifyChannel.EMAIL and not data.email:
        errors["email"] = [_("Isi alamat surel untuk menerima kabar lewat surel.")]
    if data.notify_channel in (NotifyChannel.WHATSAPP, NotifyChannel.SMS) and not data.phone:
        errors["phone"] = [_("Isi nomor HP untuk menerima kabar lewat WhatsApp/SMS.")]
    if data.phone and not re.fullmatch(
        r"(\+62|62|0)8[0-9]{7,12}", data.phone.replace(" ", "").replace("-", "")
    ):
        errors["phone"] = [_("Nomor HP harus diawali 08 atau +628, 10–15 digit.")]
    extra = {k: v.strip() for k, v in (data.extra or {}).items()}
    for field in standard.extra_fields:
        if not extra.get(field["name"]):
            errors[field["name"]] = [_("%(label)s wajib diisi.") % {"label": field["label"]}]
    attachment_errors = _attachment_errors(attachments)
    if attachment_errors:
        errors["attachments"] = attachment_errors
    if errors:
        raise ValidationError(errors)

    nik = re.sub(r"\D", "", data.nik)
    submitted_on = today or timezone.localdate()
    due = add_working_days(submitted_on, standard.time_limit_days, district_id=village.district_id)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = ServiceRequest.objects.create(
                    tracking_code=new_tracking_code(),
                    download_secret=secrets.token_urlsafe(24),
                    service=service,
                    standard=standard,
                    applicant_name=data.applicant_name.strip(),
                    nik=nik,
                    nik_hash=nik_lookup_hash(nik),
                    kk_number=re.sub(r"\D", "", data.kk_number),
                    phone=data.phone.strip(),
                    email=data.email.strip(),
                    address=data.address.strip(),
                    purpose=data.purpose.strip(),
                    extra=extra,
                    notify_channel=data.notify_channel,
                    is_walk_in=is_walk_in,
                    due_date=due,
                )
                break
        except IntegrityError:  # a tracking code collision: draw again
            continue
    else:
        raise RuntimeError("no free tracking code after 5 draws")
    with transaction.atomic():
        for label, upload in attachments:
            _attach(request, label, upload)
        RequestEvent.objects.create(
            request=request,
            status=S.SUBMITTED,
            actor_label=str(actor) if actor else _("Pemohon"),
            note=_("Permohonan diterima di loket.")
            if is_walk_in
            else _("Permohonan diterima secara daring."),
        )
        audit_record(action="layanan.request_submit", actor=actor, target=request)
        _notify(
            request,
            _("Permohonan %(code)s diterima. Batas waktu: %(due)s.")
            % {"code": request.tracking_code, "due": request.due_date.strftime("%d-%m-%Y")},
        )
    return request


def _attachment_errors(attachments: Sequence[tuple[str, IncomingFile]]) -> list[str]:
    """The limits on a request's files; a raw upload's type and size are decided here by intake
    (modules.berkas.intake: by content), as the form and the API decide them before calling."""
    if len(attachments) > ATTACHMENT_MAX_COUNT:
        return [_("Paling banyak %(count)d berkas untuk satu permohonan.") % {"count": ATTACHMENT_MAX_COUNT}]
    _documents, errors = accept_each(
        [upload for _label, upload in attachments if isinstance(upload, UploadedFile)]
    )
    return [message for error in errors for message in error.messages]


def _attach(request: ServiceRequest, label: str, accepted: IncomingFile) -> Attachment:
    attachment = _stored_attachment(label, accepted)
    attachment.request = request
    attachment.save()
    return attachment


def _stored_attachment(label: str, accepted: IncomingFile) -> Attachment:
    """Writes one document, encrypted, under a random name (the storage's), and returns its row,
    not yet saved. The label is the requirement it answers, never the resident's file name. The
    file is removed again if the surrounding write rolls back (modules.berkas.storage)."""
    document = document_of(accepted)
    attachment = Attachment(label=label[:150], content_type=document.content_type, size=document.size)
    attachment.file.save(f"berkas.{document.extension}", ContentFile(document.content), save=False)
    return attachment


def _check_role(actor: Any, roles: tuple[str, ...]) -> None:
    if actor is None or not getattr(actor, "has_role", None) or not actor.has_role(*roles):
        raise PermissionDenied(_("Peran Anda tidak berwenang melakukan ini."))


@transaction.atomic
def request_transition(
    *, request: ServiceRequest, to_status: str, actor: Any, note: str = ""
) -> ServiceRequest:
    """Moves a request along its workflow. Rejection and a request for documents need a note the
    resident will read."""
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    allowed = TRANSITIONS.get(locked.status, {})
    if to_status not in allowed:
        raise ValidationError(
            _("Permohonan berstatus %(from)s tidak dapat diubah menjadi %(to)s.")
            % {"from": locked.get_status_display(), "to": RequestStatus(to_status).label}
        )
    _check_role(actor, allowed[to_status])
    if to_status in (S.REJECTED, S.NEEDS_DOCUMENTS) and not note.strip():
        raise ValidationError(_("Tuliskan alasan atau dokumen yang kurang; pemohon akan membacanya."))
    locked.status = to_status
    locked.status_reason = note.strip() if to_status in (S.REJECTED, S.NEEDS_DOCUMENTS) else ""
    locked.save(update_fields=["status", "status_reason"])
    RequestEvent.objects.create(request=locked, status=to_status, note=note.strip(), actor_label=str(actor))
    audit_record(action=f"layanan.request_{to_status}", actor=actor, target=locked)
    _notify(
        locked,
        _("Permohonan %(code)s: %(status)s. %(note)s")
        % {"code": locked.tracking_code, "status": locked.get_status_display(), "note": note.strip()},
    )
    return locked


@transaction.atomic
def request_add_documents(
    *, request: ServiceRequest, secret: str, attachments: Sequence[tuple[str, IncomingFile]]
) -> ServiceRequest:
    """The resident adds what staff asked for; the request goes back to the counter."""
    # Written before the row lock (the storage may be a bucket across the network); a refusal below
    # rolls back and takes the files with it.
    stored = [_stored_attachment(label, accepted) for label, accepted in attachments]
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if not secrets.compare_digest(locked.download_secret, secret):
        raise PermissionDenied(_("Kode rahasia permohonan tidak cocok."))
    if locked.status != S.NEEDS_DOCUMENTS:
        raise ValidationError(_("Permohonan ini tidak sedang menunggu kelengkapan dokumen."))
    if not attachments:
        raise ValidationError(_("Pilih minimal satu berkas untuk diunggah."))
    attachment_errors = _attachment_errors(attachments)
    if attachment_errors:
        raise ValidationError(attachment_errors, code="attachments")
    for attachment in stored:
        attachment.request = locked
        attachment.save()
    locked.status = S.SUBMITTED
    locked.save(update_fields=["status"])
    RequestEvent.objects.create(
        request=locked, status=S.SUBMITTED, note=_("Pemohon melengkapi dokumen."), actor_label=_("Pemohon")
    )
    audit_record(action="layanan.request_documents_added", actor=None, target=locked)
    return locked


@transaction.atomic
def request_cancel(*, request: ServiceRequest, secret: str) -> ServiceRequest:
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if not secrets.compare_digest(locked.download_secret, secret):
        raise PermissionDenied(_("Kode rahasia permohonan tidak cocok."))
    if locked.status not in RESIDENT_CANCELLABLE:
        raise ValidationError(
            _("Permohonan yang sudah diproses tidak dapat dibatalkan; hubungi kantor desa.")
        )
    locked.status = S.CANCELLED
    locked.save(update_fields=["status"])
    RequestEvent.objects.create(
        request=locked, status=S.CANCELLED, note=_("Dibatalkan oleh pemohon."), actor_label=_("Pemohon")
    )
    audit_record(action="layanan.request_cancel", actor=None, target=locked)
    return locked


def next_letter_number(*, scope: str, year: int) -> int:
    """The next number of a counter, under a row lock: never repeats, never skips (callers hold the
    transaction that also writes the letter, so a failed issue gives the number back)."""
    LetterCounter.objects.bulk_create(
        [LetterCounter(scope=scope, year=year, last_number=0)], ignore_conflicts=True
    )
    counter = LetterCounter.objects.select_for_update().get(scope=scope, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def letter_issue(
    *,
    request: ServiceRequest,
    village: Village,
    actor: Any,
    signer_name: str,
    signer_position: str,
    on_behalf_of: str = "",
) -> Letter:
    """Numbers, signs and renders the letter of a request that awaits signature; completes it."""
    _check_role(actor, SIGNING_ROLES)
    locked = ServiceRequest.objects.select_for_update().select_related("service").get(pk=request.pk)
    if locked.status != S.AWAITING_SIGNATURE:
        raise ValidationError(_("Surat hanya dapat ditandatangani bila permohonan menunggu tanda tangan."))
    if not signer_name.strip() or not signer_position.strip():
        raise ValidationError(_("Nama dan jabatan penanda tangan wajib diisi."))
    settings_row = ServiceSettings.objects.get_or_create(pk=1)[0]
    now = timezone.localtime()
    scope = locked.service.letter_code if settings_row.counter_scope == CounterScope.PER_LETTER_TYPE else "*"
    sequence = next_letter_number(scope=scope, year=now.year)
    letter = Letter.objects.create(
        request=locked,
        number=letters.format_number(
            settings_row.number_format,
            code=locked.service.letter_code,
            sequence=sequence,
            village_code=village.code,
            when=now,
        ),
        sequence=sequence,
        year=now.year,
        counter_scope=scope,
        verification_code=secrets.token_urlsafe(18),
        signer_name=signer_name.strip(),
        signer_position=signer_position.strip(),
        on_behalf_of=on_behalf_of.strip(),
        holder_name_masked=mask_name(locked.applicant_name),
        paper_size=settings_row.paper_size,
    )
    letter.pdf.save(
        f"{letter.verification_code}.pdf", ContentFile(letters.render_letter_pdf(letter, village)), save=True
    )
    locked.status = S.COMPLETED
    locked.completed_at = now
    locked.save(update_fields=["status", "completed_at"])
    RequestEvent.objects.create(
        request=locked,
        status=S.COMPLETED,
        actor_label=str(actor),
        note=_("Surat nomor %(number)s telah ditandatangani dan dapat diunduh.") % {"number": letter.number},
    )
    audit_record(action="layanan.letter_issue", actor=actor, target=letter, detail={"number": letter.number})
    _notify(
        locked,
        _("Surat untuk permohonan %(code)s sudah selesai dan dapat diunduh.")
        % {"code": locked.tracking_code},
    )
    return letter


def _queue_counter(counter: str) -> str:
    """The counter as configured, or a ValidationError on `counter` (never a database error)."""
    from .selectors import queue_counters

    code = (counter or "").strip().upper()
    if code not in queue_counters():
        raise ValidationError(
            {
                "counter": ValidationError(
                    _("Loket ini tidak ada; pilih salah satu loket."), code="unknown_counter"
                )
            }
        )
    return code


@transaction.atomic(durable=True)
def queue_ticket_take(*, counter: str) -> QueueTicket:
    """A resident's ticket for one of the village's configured counters, numbered per counter per day.
    Anonymous: the caller (the ticket page) applies the per-address limit."""
    code = _queue_counter(counter)
    today = timezone.localdate()
    # Ticket numbers per counter per day come from the same locked counter as letter numbers
    # ("antrian:B2:2026-12-02" fits LetterCounter.scope because a counter code is at most 3 characters).
    number = next_letter_number(scope=f"antrian:{code}:{today.isoformat()}", year=today.year)
    return QueueTicket.objects.create(counter=code, day=today, number=number)


@transaction.atomic(durable=True)
def queue_call_next(*, counter: str, actor: User) -> QueueTicket | None:
    """Marks the ticket being served done and calls the next waiting one (None when the queue is empty)."""
    _check_role(actor, STAFF_ROLES)
    code = _queue_counter(counter)
    today = timezone.localdate()
    QueueTicket.objects.filter(counter=code, day=today, status=QueueTicketStatus.CALLED).update(
        status=QueueTicketStatus.DONE
    )
    ticket = (
        QueueTicket.objects.select_for_update(skip_locked=True)
        .filter(counter=code, day=today, status=QueueTicketStatus.WAITING)
        .order_by("number")
        .first()
    )
    if ticket is None:
        return None
    ticket.status = QueueTicketStatus.CALLED
    ticket.called_at = timezone.now()
    ticket.save(update_fields=["status", "called_at"])
    audit_record(action="layanan.queue_call", actor=actor, target=ticket)
    return ticket


def _notify(request: ServiceRequest, message: str) -> None:
    """Queues the resident's notification in the outbox (same transaction); it is sent after commit
    and retried, so a failing channel never undoes the request. Every message names the village and
    carries the resident's private link, so a lost confirmation page never costs them the letter."""
    if request.notify_channel == NotifyChannel.NONE:
        return
    village = _current_village()
    recipient = request.email if request.notify_channel == NotifyChannel.EMAIL else request.phone
    notification_queue(
        channel=request.notify_channel,
        recipient=recipient,
        subject=_("Layanan %(village)s") % {"village": village.display_name},
        body=_("%(village)s: %(message)s\nHalaman permohonan Anda: %(link)s")
        % {"village": village.display_name, "message": message, "link": links.owner_url(request, village)},
        reference=f"layanan.request:{request.pk}",
    )


def _current_village() -> Village:
    """The registry row of the village whose schema this connection is in (set by the request's
    routing or an explicit tenant_context)."""
    return Village.objects.select_related("district").get(
        tenant__schema_name=connection.schema_name  # type: ignore[attr-defined]
    )


@transaction.atomic(durable=True)
def request_owner_link_resend(*, request: ServiceRequest) -> bool:
    """Sends the private link again to the contact the applicant gave, never to anyone else, and
    never shows it. False when the request has no contact on file (the holder of the tracking code
    is told to come to the office). Callers limit how often this may run."""
    if request.notify_channel == NotifyChannel.NONE:
        return False
    _notify(
        request,
        _("tautan halaman permohonan %(code)s dikirim ulang atas permintaan.")
        % {"code": request.tracking_code},
    )
    audit_record(action="layanan.owner_link_resend", actor=None, target=request)
    return True


@transaction.atomic
def service_create(
    *,
    actor: Any,
    slug: str,
    name: str,
    letter_code: str,
    letter_title: str,
    letter_body: str,
    standard: dict[str, Any],
) -> Service:
    """A village's own service, with its first standard."""
    _check_role(actor, CATALOGUE_ROLES)
    if Service.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": [_("Alamat %(slug)s sudah dipakai layanan lain.") % {"slug": slug}]})
    service = Service.objects.create(
        slug=slug,
        name=name,
        letter_code=letter_code,
        letter_title=letter_title,
        letter_body=letter_body,
        order=(Service.objects.count() + 1),
    )
    ServiceStandard.objects.create(service=service, version=1, created_by=str(actor), **standard)
    audit_record(action="layanan.service_create", actor=actor, target=service)
    return service


@transaction.atomic
def service_update(*, service: Service, actor: Any, **changes: Any) -> Service:
    """Name, letter text or whether the service is open; the standard changes through
    service_standard_revise so that it keeps its history."""
    _check_role(actor, CATALOGUE_ROLES)
    allowed = {"name", "letter_code", "letter_title", "letter_body", "is_active", "order"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("Isian tidak dikenal: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for field, value in changes.items():
        setattr(service, field, value)
    service.save(update_fields=list(changes))
    audit_record(
        action="layanan.service_update", actor=actor, target=service, detail={"fields": sorted(changes)}
    )
    return service


@transaction.atomic
def service_settings_update(*, actor: Any, **changes: Any) -> ServiceSettings:
    _check_role(actor, CATALOGUE_ROLES)
    if "number_format" in changes:
        try:
            letters.validate_number_format(changes["number_format"])
        except ValidationError as error:
            raise ValidationError({"number_format": error.messages}) from error
    if "queue_counters" in changes:
        validate_queue_counters(changes["queue_counters"])  # the form checked too; the API may not
        changes["queue_counters"] = ", ".join(queue_counter_codes(changes["queue_counters"]))
    settings_row = ServiceSettings.objects.select_for_update().get_or_create(pk=1)[0]
    for field, value in changes.items():
        setattr(settings_row, field, value)
    settings_row.save()
    audit_record(
        action="layanan.settings_update", actor=actor, target=settings_row, detail={"fields": sorted(changes)}
    )
    return settings_row


# --- the Dokumen SOP Layanan Publik ---------------------------------------------------------------

SOP_ROLES = (Role.VILLAGE_ADMIN,)


def sop_document_adopt(
    *,
    village: Village,
    actor: User,
    decree_number: str,
    decree_date: datetime.date,
    signer_name: str,
) -> SopDocument:
    """Compiles the village's SOP document as its head's decree adopts it, stores it as a new
    version and publishes it. The PDF is rendered before the transaction, so no lock is held
    while it renders; the transaction only numbers the version and stores the file."""
    _check_role(actor, SOP_ROLES)
    errors: dict[str, list[ValidationError]] = {}
    if not decree_number.strip() or "\x00" in decree_number or len(decree_number) > 80:
        errors["decree_number"] = [
            ValidationError(_("Isi nomor keputusan (paling banyak 80 karakter)."), code="decree_number")
        ]
    if not signer_name.strip() or "\x00" in signer_name or len(signer_name) > 150:
        errors["signer_name"] = [ValidationError(_("Isi nama penanda tangan keputusan."), code="signer_name")]
    if errors:
        raise ValidationError(errors)
    position = village.district.village_head_title.capitalize()
    decree = sop.Decree(
        number=decree_number.strip(),
        date=decree_date,
        signer_name=signer_name.strip(),
        signer_position=position,
    )
    pdf, service_count = sop.render_sop_pdf(village, decree=decree, is_draft=False)
    if service_count == 0:
        raise ValidationError(
            _("Belum ada layanan yang dibuka; dokumen SOP tidak dapat disusun."), code="empty"
        )
    with transaction.atomic(durable=True):
        ServiceSettings.objects.select_for_update().get_or_create(pk=1)  # one adoption at a time
        version = (SopDocument.objects.aggregate(last=Max("version"))["last"] or 0) + 1
        document = SopDocument(
            version=version,
            decree_number=decree.number,
            decree_date=decree.date,
            signer_name=decree.signer_name,
            signer_position=position,
            service_count=service_count,
            adopted_by=str(actor),
        )
        document.pdf.save(f"dokumen-sop-v{version}.pdf", ContentFile(pdf), save=False)
        document.save()
        audit_record(
            action="layanan.sop_document_adopt",
            actor=actor,
            target=document,
            detail={"version": version, "decree_number": decree.number},
        )
    return document


# --- Letters after signing, and corrections before it (the staff request page) --------------------

# Staff may correct the applicant's details until the letter is signed, and again once it is revoked.
CORRECTABLE = (
    S.SUBMITTED,
    S.NEEDS_DOCUMENTS,
    S.VERIFIED,
    S.IN_PROCESS,
    S.AWAITING_SIGNATURE,
    S.LETTER_REVOKED,
)


@transaction.atomic(durable=True)
def letter_revoke(*, letter: Letter, actor: User, reason: str) -> Letter:
    """Revokes a letter in force. Its verification page then says so, with the reason; its request
    becomes "surat dicabut" with the reason on the timeline, and the resident is told. A village
    admin may reopen the request for signature (request_transition) and issue a corrected letter,
    which gets a new number; the revoked one's verification page names the letter that replaced it."""
    _check_role(actor, SIGNING_ROLES)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": [ValidationError(_("Tuliskan alasan pencabutan surat."), code="reason_required")]}
        )
    if len(reason) > 1000 or "\x00" in reason:
        raise ValidationError(
            {"reason": [ValidationError(_("Alasan paling banyak 1000 karakter."), code="reason_too_long")]}
        )
    # The request first, as every other write of a request locks it: no lock-order inversion.
    request = ServiceRequest.objects.select_for_update().get(pk=letter.request_id)
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if locked.is_revoked:
        return locked
    locked.is_revoked = True
    locked.revoked_at = timezone.now()
    locked.revoke_reason = reason
    locked.save(update_fields=["is_revoked", "revoked_at", "revoke_reason"])
    request.status = S.LETTER_REVOKED
    request.status_reason = reason
    request.save(update_fields=["status", "status_reason"])
    RequestEvent.objects.create(
        request=request,
        status=S.LETTER_REVOKED,
        actor_label=str(actor),
        note=_("Surat nomor %(number)s dicabut: %(reason)s") % {"number": locked.number, "reason": reason},
    )
    audit_record(action="layanan.letter_revoke", actor=actor, target=locked, detail={"number": locked.number})
    _notify(
        request,
        _("Surat nomor %(number)s (permohonan %(code)s) dicabut dan tidak berlaku lagi. Alasan: %(reason)s")
        % {"number": locked.number, "code": request.tracking_code, "reason": reason},
    )
    return locked


@transaction.atomic(durable=True)
def request_correct(
    *,
    request: ServiceRequest,
    actor: User,
    applicant_name: str,
    nik: str,
    kk_number: str,
    address: str,
    purpose: str,
    extra: Mapping[str, str],
) -> ServiceRequest:
    """Staff correct the applicant's details before the letter is signed (or after it was revoked).
    Every field is given (the form shows them all); the audit row names the fields that changed,
    never their old or new values."""
    _check_role(actor, STAFF_ROLES)
    locked = ServiceRequest.objects.select_for_update().select_related("standard").get(pk=request.pk)
    if locked.status not in CORRECTABLE:
        raise ValidationError(
            _("Data pemohon hanya dapat dikoreksi sebelum surat ditandatangani."), code="not_correctable"
        )
    proposed = {
        "applicant_name": applicant_name.strip(),
        "nik": re.sub(r"\D", "", nik),
        "kk_number": re.sub(r"\D", "", kk_number),
        "address": address.strip(),
        "purpose": purpose.strip(),
    }
    declared = {field["name"]: field["label"] for field in locked.standard.extra_fields}
    new_extra = {name: str(extra.get(name, "")).strip() for name in declared}
    errors: dict[str, list[ValidationError]] = {}
    for field, validate in (("nik", validate_nik), ("kk_number", validate_kk)):
        if field == "kk_number" and not proposed[field]:
            continue
        try:
            validate(proposed[field])
        except ValidationError as error:
            errors[field] = [ValidationError(message, code="invalid") for message in error.messages]
    required = {
        "applicant_name": _("Nama pemohon wajib diisi."),
        "address": _("Alamat wajib diisi."),
        "purpose": _("Keperluan wajib diisi."),
    }
    for field, message in required.items():
        if not proposed[field]:
            errors[field] = [ValidationError(message, code="required")]
    limits = {"applicant_name": 150, "address": 500, "purpose": 255}
    for field, limit in limits.items():
        if len(proposed[field]) > limit or "\x00" in proposed[field]:
            errors[field] = [
                ValidationError(_("Paling banyak %(limit)s karakter.") % {"limit": limit}, code="max_length")
            ]
    for name, label in declared.items():
        if not new_extra[name]:
            errors[f"extra_{name}"] = [
                ValidationError(_("%(label)s wajib diisi.") % {"label": label}, code="required")
            ]
        elif len(new_extra[name]) > 255 or "\x00" in new_extra[name]:
            errors[f"extra_{name}"] = [
                ValidationError(_("Paling banyak %(limit)s karakter.") % {"limit": 255}, code="max_length")
            ]
    if errors:
        raise ValidationError(errors)
    changed = [field for field, value in proposed.items() if getattr(locked, field) != value]
    changed_extra = [name for name in declared if (locked.extra or {}).get(name, "") != new_extra[name]]
    if not changed and not changed_extra:
        return locked
    for field in changed:
        setattr(locked, field, proposed[field])
    update_fields = list(changed)
    if "nik" in changed:
        locked.nik_hash = nik_lookup_hash(locked.nik)
        update_fields.append("nik_hash")
    if changed_extra:
        locked.extra = {**(locked.extra or {}), **new_extra}
        update_fields.append("extra")
    locked.save(update_fields=update_fields)
    fields = sorted(changed + [f"extra.{name}" for name in changed_extra])
    audit_record(action="layanan.request_correct", actor=actor, target=locked, detail={"fields": fields})
    return locked
    for field in changed:
        setattr(locked, field, proposed[field])
    if "nik" in changed:
        locked.nik_hash = nik_lookup_hash(locked.nik)
        changed.append("nik_hash")
    if changed_extra:
        locked.extra = {**(locked.extra or {}), **new_extra}
        changed.append("extra")
    locked.save(update_fields=changed)
    audit_record(
        action="layanan.request_correct",
        actor=actor,
        target=locked,
        detail={
            "fields": sorted(
                [f for f in changed if f not in ("nik_hash", "extra")] + [f"extra.{n}" for n in changed_extra]
            )
        },
    )
    return locked
