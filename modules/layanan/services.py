"""Writes of the service counter. Every entry point is one durable transaction
(`@transaction.atomic(durable=True)`): it takes its actor explicitly (`actor: User`, or
`User | None` where a resident acts), checks the role with the one rule of
modules.accounts.permissions, writes the audit row inside the transaction, and queues
notifications and slow work (the letter PDF) to run after commit.

Callers must already be inside the village's schema; `village` is that village's registry row.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.accounts.models import Role, User
from modules.accounts.permissions import require_role
from modules.audit.services import audit_record
from modules.berkas.intake import accept_each
from modules.berkas.services import IncomingFile, document_of
from modules.kalender.selectors import add_working_days, working_calendar
from modules.notifikasi.models import Notification, NotificationStatus
from modules.notifikasi.services import ResidentContact, notification_queue, resident_notify
from modules.privasi.crypto import nik_lookup_hash, same_secret
from modules.privasi.masking import mask_name
from modules.privasi.phones import normalized_mobile
from modules.survei import services as survei_services
from modules.workflow.codes import insert_with_a_free_tracking_code
from modules.workflow.transitions import Step, Transition, Workflow, labels_of
from tenants.models import Village

from . import letters, links, sop
from .catalogue import DEFAULT_PLEDGE, DEFAULT_SERVICES, standard_defaults
from .letter_template import validate_letter_template
from .models import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    IDENTITY_FIELDS,
    Attachment,
    CounterScope,
    Gender,
    Letter,
    LetterKind,
    MaritalStatus,
    NotifyChannel,
    QueueTicket,
    QueueTicketStatus,
    Religion,
    RequestEvent,
    RequestStatus,
    SequenceCounter,
    Service,
    ServiceRequest,
    ServiceSettings,
    ServiceStandard,
    SopDocument,
    queue_counter_codes,
    validate_queue_counters,
)

logger = logging.getLogger(__name__)

S = RequestStatus
STAFF_ROLES = (Role.OPERATOR, Role.VILLAGE_ADMIN)
SIGNING_ROLES = (Role.VILLAGE_ADMIN,)
CATALOGUE_ROLES = (Role.VILLAGE_ADMIN,)
RESIDENT_CANCELLABLE = (S.SUBMITTED, S.NEEDS_DOCUMENTS)

# Unambiguous when read aloud or copied from a phone: no 0/O, 1/I/L, 5/S, 8/B.
# More files than this in one request is not a resident's paperwork.
ATTACHMENT_MAX_COUNT = 10
ATTACHMENT_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg"}
IDEMPOTENCY_KEY = re.compile(rf"[A-Za-z0-9_.:-]{{8,{IDEMPOTENCY_KEY_MAX_LENGTH}}}")


# --- The request's workflow ------------------------------------------------------------------------


def _record_request_event(step: Step[ServiceRequest]) -> None:
    RequestEvent.objects.create(
        request=step.record,
        status=step.transition.target,
        note=step.note,
        actor_label=str(step.actor) if step.actor is not None else _("Pemohon"),
    )


# The steps a resident is told of: what asks something of them or ends their request. Steps inside
# the office (verified, in process, awaiting signature) show on the tracking page only.
RESIDENT_TOLD_OF = (S.NEEDS_DOCUMENTS, S.REJECTED, S.COMPLETED, S.LETTER_REVOKED)


def _notify_request_step(step: Step[ServiceRequest]) -> None:
    """The resident hears of what staff did that matters to them, not of their own steps."""
    if step.actor is None or step.transition.target not in RESIDENT_TOLD_OF:
        return
    request = step.record
    if step.transition.target == S.COMPLETED:
        message = _("Surat untuk permohonan %(code)s sudah selesai dan dapat diunduh.") % {
            "code": request.tracking_code
        }
    elif step.transition.target == S.LETTER_REVOKED:
        message = _(
            "Surat nomor %(number)s (permohonan %(code)s) dicabut dan tidak berlaku lagi. Alasan: %(reason)s"
        ) % {
            "number": step.context["number"],
            "code": request.tracking_code,
            "reason": step.context["reason"],
        }
    else:
        message = _("Permohonan %(code)s: %(status)s. %(note)s") % {
            "code": request.tracking_code,
            "status": request.get_status_display(),
            "note": step.note,
        }
    _notify(request, message)


def _apply_request_step(step: Step[ServiceRequest]) -> list[str]:
    request = step.record
    # The reason the resident reads stays only while it is current (a rejection, missing documents).
    if step.transition.target == S.LETTER_REVOKED:
        request.status_reason = str(step.context.get("reason", ""))
    else:
        request.status_reason = step.note if step.transition.target in (S.REJECTED, S.NEEDS_DOCUMENTS) else ""
    changed = ["status_reason"]
    if step.transition.source == S.NEEDS_DOCUMENTS and step.transition.target == S.SUBMITTED:
        request.due_date = _due_date_after_waiting(request)
        changed.append("due_date")
    if step.transition.target == S.COMPLETED:
        request.completed_at = timezone.now()
        changed.append("completed_at")
    return changed


def _due_date_after_waiting(request: ServiceRequest) -> datetime.date:
    """The service-level clock stops while the village waits for the resident: the working days
    that were left when staff asked for documents start again on the day the documents arrive."""
    asked = (
        RequestEvent.objects.filter(request=request, status=S.NEEDS_DOCUMENTS)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if asked is None:
        return request.due_date
    asked_on, today = timezone.localdate(asked), timezone.localdate()
    village = _current_village()
    calendar = working_calendar(district_id=village.district_id, since=min(asked_on, request.due_date))
    left = 0
    day = asked_on
    while day < request.due_date:
        day += datetime.timedelta(days=1)
        left += calendar.is_working_day(day)
    return max(request.due_date, calendar.add_working_days(today, left))


_COUNTER = (Role.OPERATOR, Role.VILLAGE_ADMIN)
REQUEST_WORKFLOW: Workflow[ServiceRequest] = Workflow(
    name="layanan.request",
    transitions=(
        Transition(S.SUBMITTED, S.VERIFIED, roles=_COUNTER),
        Transition(S.SUBMITTED, S.NEEDS_DOCUMENTS, roles=_COUNTER, note_required=True),
        Transition(S.SUBMITTED, S.REJECTED, roles=_COUNTER, note_required=True),
        Transition(S.SUBMITTED, S.CANCELLED, by_resident=True),
        Transition(S.NEEDS_DOCUMENTS, S.SUBMITTED, by_resident=True, via="request_add_documents"),
        Transition(S.NEEDS_DOCUMENTS, S.REJECTED, roles=_COUNTER, note_required=True),
        Transition(S.NEEDS_DOCUMENTS, S.CANCELLED, by_resident=True),
        Transition(S.VERIFIED, S.IN_PROCESS, roles=_COUNTER),
        Transition(S.VERIFIED, S.REJECTED, roles=_COUNTER, note_required=True),
        Transition(S.IN_PROCESS, S.AWAITING_SIGNATURE, roles=_COUNTER),
        Transition(S.IN_PROCESS, S.REJECTED, roles=_COUNTER, note_required=True),
        # Completion happens only through letter_issue, which numbers and signs the letter.
        Transition(S.AWAITING_SIGNATURE, S.COMPLETED, roles=SIGNING_ROLES, via="letter_issue"),
        Transition(S.AWAITING_SIGNATURE, S.REJECTED, roles=SIGNING_ROLES, note_required=True),
        # Revoking the signed letter (letter_revoke) closes the request with the reason; a village
        # admin may reopen it for a corrected letter (a new number), or refuse it after all.
        Transition(S.COMPLETED, S.LETTER_REVOKED, roles=SIGNING_ROLES, via="letter_revoke"),
        Transition(S.LETTER_REVOKED, S.AWAITING_SIGNATURE, roles=SIGNING_ROLES),
        Transition(S.LETTER_REVOKED, S.REJECTED, roles=SIGNING_ROLES, note_required=True),
    ),
    record_event=_record_request_event,
    notify=_notify_request_step,
    on_apply=_apply_request_step,
    status_labels=labels_of(RequestStatus),
    not_allowed_message=gettext_lazy("Permohonan berstatus %(from)s tidak dapat diubah menjadi %(to)s."),
    note_required_message=gettext_lazy("Tuliskan alasan atau dokumen yang kurang; pemohon akan membacanya."),
)


# --- The catalogue ---------------------------------------------------------------------------------


@transaction.atomic  # not an entry point: part of provisioning's own transaction
def catalogue_seed_defaults(*, head_title: str, village_noun: str) -> None:
    """Default catalogue, pledge and settings of a new village. Idempotent (fills what is missing)."""
    ServiceSettings.objects.get_or_create(pk=1, defaults={"pledge": DEFAULT_PLEDGE, "head_title": head_title})
    for order, spec in enumerate(DEFAULT_SERVICES, 1):
        service, created = Service.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                key: spec[key]
                for key in ("name", "letter_code", "letter_title", "letter_body", "letter_kind")
            }
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


def _current_standard(service: Service) -> ServiceStandard:
    standard = service.standards.order_by("-version").first()
    if standard is None:
        raise ValidationError(_("Layanan ini belum memiliki standar pelayanan."), code="no_standard")
    return standard


SERVICE_FIELDS = (
    "name",
    "letter_code",
    "letter_title",
    "letter_body",
    "letter_kind",
    "letter_closing",
    "is_active",
)
STANDARD_FIELDS = (
    "requirements",
    "procedure",
    "time_limit_days",
    "cost_rupiah",
    "product",
    "complaint_channel",
    "legal_basis",
    "officer_in_charge",
    "service_hours",
    "identity_fields",
    "extra_fields",
)


@dataclass(frozen=True)
class ServiceText:
    """What a service says about itself and its letter."""

    name: str
    letter_code: str
    letter_title: str
    letter_body: str
    letter_kind: str = LetterKind.KETERANGAN
    # Blank: the closing sentence customary for the letter's kind (catalogue.CLOSINGS).
    letter_closing: str = ""
    is_active: bool = True


@dataclass(frozen=True)
class StandardTerms:
    """The terms of a service standard (PermenPANRB 15/2014); a revision is a new version."""

    requirements: list[dict[str, Any]]
    procedure: list[str]
    time_limit_days: int
    cost_rupiah: int
    product: str
    complaint_channel: str
    legal_basis: str
    officer_in_charge: str
    service_hours: str
    # What the letter's identity table states beyond name, NIK and address (models.IDENTITY_FIELDS).
    identity_fields: list[str]
    extra_fields: list[dict[str, str]]

    @classmethod
    def of(cls, standard: ServiceStandard) -> StandardTerms:
        return cls(**{name: getattr(standard, name) for name in STANDARD_FIELDS})


def _check_letter_template(letter_body: str, extra_fields: list[dict[str, str]]) -> None:
    try:
        validate_letter_template(letter_body, extra_field_names=[field["name"] for field in extra_fields])
    except ValidationError as error:
        raise ValidationError({"letter_body": error.error_list}) from error


@transaction.atomic(durable=True)
def service_create(*, actor: User, slug: str, text: ServiceText, terms: StandardTerms) -> Service:
    """A village's own service, with its first standard. The letter text is checked against the
    standard's extra fields (issue 7 finding 16)."""
    require_role(actor, CATALOGUE_ROLES)
    if Service.objects.filter(slug=slug).exists():
        raise ValidationError(
            {
                "slug": [
                    ValidationError(
                        _("Alamat %(slug)s sudah dipakai layanan lain.") % {"slug": slug}, code="slug_taken"
                    )
                ]
            }
        )
    service = Service(slug=slug, order=Service.objects.count() + 1, **dataclasses.asdict(text))
    standard = ServiceStandard(service=service, version=1, created_by=str(actor), **dataclasses.asdict(terms))
    _validate_service_and_standard(service, standard)
    service.save()
    standard.service = service
    standard.save()
    audit_record(action="layanan.service_create", actor=actor, target=service)
    return service


def _validate_service_and_standard(service: Service, standard: ServiceStandard) -> None:
    errors: dict[str, list[ValidationError]] = {}
    for instance, exclude in ((service, ["order"]), (standard, ["service", "created_by"])):
        try:
            # Service.clean() checks the letter against the stored standard; here the new one decides.
            instance.clean_fields(exclude=exclude)
            if isinstance(instance, ServiceStandard):
                instance.clean()
        except ValidationError as error:
            for field, field_errors in error.error_dict.items():
                errors.setdefault(field, []).extend(field_errors)
    if "letter_body" not in errors and "extra_fields" not in errors:
        try:
            _check_letter_template(service.letter_body, standard.extra_fields)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def service_save(
    *, service: Service, actor: User, text: ServiceText, terms: StandardTerms
) -> tuple[Service, ServiceStandard]:
    """The catalogue page's edit of a service: its text, and its standard, which becomes a new
    version only when a term changed (requests keep the version they were made under)."""
    require_role(actor, CATALOGUE_ROLES)
    locked = Service.objects.select_for_update().get(pk=service.pk)
    previous = ServiceStandard.objects.filter(service=locked).order_by("-version").first()
    if previous is None:
        raise ValidationError(_("Layanan ini belum memiliki standar pelayanan."), code="no_standard")
    for name, value in dataclasses.asdict(text).items():
        setattr(locked, name, value)
    revised = StandardTerms.of(previous) != terms
    standard = (
        ServiceStandard(
            service=locked, version=previous.version + 1, created_by=str(actor), **dataclasses.asdict(terms)
        )
        if revised
        else previous
    )
    _validate_service_and_standard(locked, standard)
    locked.save(update_fields=list(SERVICE_FIELDS))
    audit_record(
        action="layanan.service_update", actor=actor, target=locked, detail={"fields": sorted(SERVICE_FIELDS)}
    )
    if revised:
        standard.save()
        audit_record(
            action="layanan.standard_revise",
            actor=actor,
            target=standard,
            detail={"version": standard.version},
        )
    return locked, standard


@transaction.atomic(durable=True)
def service_set_active(*, service: Service, actor: User, is_active: bool) -> Service:
    """Opens or closes a service to residents (the catalogue page's switch)."""
    require_role(actor, CATALOGUE_ROLES)
    locked = Service.objects.select_for_update().get(pk=service.pk)
    locked.is_active = is_active
    locked.save(update_fields=["is_active"])
    audit_record(
        action="layanan.service_update", actor=actor, target=locked, detail={"fields": ["is_active"]}
    )
    return locked


@transaction.atomic(durable=True)
def service_standard_revise(*, service: Service, actor: User, terms: StandardTerms) -> ServiceStandard:
    """An edit of a standard is a new version; requests keep the version they were made under."""
    require_role(actor, CATALOGUE_ROLES)
    locked = Service.objects.select_for_update().get(pk=service.pk)
    previous = ServiceStandard.objects.filter(service=locked).order_by("-version").first()
    if previous is None:
        raise ValidationError(_("Layanan ini belum memiliki standar pelayanan."), code="no_standard")
    standard = ServiceStandard(
        service=locked, version=previous.version + 1, created_by=str(actor), **dataclasses.asdict(terms)
    )
    _validate_service_and_standard(locked, standard)
    standard.save()
    audit_record(
        action="layanan.standard_revise", actor=actor, target=standard, detail={"version": standard.version}
    )
    return standard


# --- Requests --------------------------------------------------------------------------------------


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
    # The identity the letter states; only the standard's identity_fields are kept (and required).
    birth_place: str = ""
    birth_date: str = ""  # ISO yyyy-mm-dd
    gender: str = ""
    religion: str = ""
    occupation: str = ""
    marital_status: str = ""
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def from_fields(cls, data: Mapping[str, Any], *, extra: Mapping[str, Any]) -> NewRequest:
        """From a form's or serializer's data (both name their fields like this class)."""
        names = [field.name for field in dataclasses.fields(cls) if field.name != "extra"]
        return cls(**{name: data[name] for name in names if data.get(name) is not None}, extra=extra)


def _digits(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value)


def _request_errors(request: ServiceRequest) -> dict[str, list[ValidationError]]:
    """The one input contract of a request: the model's fields (limits, NIK/KK rules, no NUL) and
    its clean() (extra fields, contact for the channel), as field → errors."""
    try:
        request.full_clean(
            exclude=["tracking_code", "download_secret", "nik_hash", "due_date", "idempotency_key"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        return dict(error.error_dict)
    return {}


def _existing_for_key(idempotency_key: str, nik_hash: str) -> ServiceRequest | None:
    found = ServiceRequest.objects.filter(idempotency_key=idempotency_key).first()
    if found is not None and not secrets.compare_digest(found.nik_hash, nik_hash):
        raise ValidationError(
            {
                "idempotency_key": [
                    ValidationError(
                        _("Kunci pengiriman ini sudah dipakai untuk permohonan lain."),
                        code="idempotency_key_reused",
                    )
                ]
            }
        )
    return found


@transaction.atomic(durable=True)
def request_submit(
    *,
    village: Village,
    service: Service,
    data: NewRequest,
    attachments: Sequence[tuple[str, IncomingFile]],
    actor: User | None,
    idempotency_key: str,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> ServiceRequest:
    """Validates and stores a request with its attachments, timeline entry, audit row and the
    resident's notification, all in one transaction: nothing is stored when anything fails.

    `now` (the demo and tests only; None in every page and the API) is the moment the request is
    recorded as submitted: its submitted_at, its first timeline entry and, unless `today` is given,
    the day its due date counts from. The audit row keeps the real moment of the write.

    `actor` is None when a resident submits online; counter staff (`actor`) record a walk-in.
    `idempotency_key` ("" for none) makes a repeated submission (a reload, a double tap, a client's
    retry) return the request the first one stored instead of storing another; a key that comes
    back with another NIK is refused."""
    if actor is not None:
        require_role(actor, STAFF_ROLES)
    if idempotency_key and not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        raise ValidationError(
            {
                "idempotency_key": [
                    ValidationError(
                        _("Kunci pengiriman harus 8–64 huruf, angka atau tanda - _ . :"),
                        code="idempotency_key_format",
                    )
                ]
            }
        )
    nik = _digits(data.nik)
    if idempotency_key:
        existing = _existing_for_key(idempotency_key, nik_lookup_hash(nik) if nik.isdigit() else "")
        if existing is not None:
            return existing
    if not service.is_active:
        raise ValidationError(_("Layanan ini sedang tidak dibuka."), code="service_closed")
    standard = _current_standard(service)
    request = ServiceRequest(
        service=service,
        standard=standard,
        applicant_name=data.applicant_name.strip(),
        nik=nik,
        kk_number=_digits(data.kk_number),
        # Stored normalised (+62…); what is not a mobile number is kept as typed for the validator.
        phone=(normalized_mobile(data.phone) or data.phone.strip()) if data.phone.strip() else "",
        email=data.email.strip(),
        address=data.address.strip(),
        purpose=data.purpose.strip(),
        extra={
            str(key): value.strip() if isinstance(value, str) else value for key, value in data.extra.items()
        },
        notify_channel=data.notify_channel,
        is_walk_in=actor is not None,
        idempotency_key=idempotency_key or None,
        **identity_values(standard, {name: getattr(data, name) for name in IDENTITY_FIELDS}),
    )
    errors = _request_errors(request)
    errors.update(identity_errors(standard, {name: getattr(request, name) for name in IDENTITY_FIELDS}))
    attachment_errors = [
        ValidationError(message, code="attachment_invalid") for message in _attachment_errors(attachments)
    ]
    if actor is None:  # at the counter, staff see the papers themselves
        attachment_errors += _uploads_missing(standard, attachments)
    if attachment_errors:
        errors["attachments"] = attachment_errors
    if errors:
        raise ValidationError(errors)

    request.nik_hash = nik_lookup_hash(nik)
    request.download_secret = secrets.token_urlsafe(24)
    request.submitted_at = now or timezone.now()
    request.due_date = add_working_days(
        today or timezone.localdate(request.submitted_at),
        standard.time_limit_days,
        district_id=village.district_id,
    )
    stored = insert_with_a_free_tracking_code(request)
    if stored is not request:  # the same idempotency key won a race with this submission
        return stored
    for label, upload in attachments:
        _attach(request, label, upload)
    RequestEvent.objects.create(
        request=request,
        status=S.SUBMITTED,
        created_at=request.submitted_at,
        actor_label=str(actor) if actor else _("Pemohon"),
        note=_("Permohonan diterima di loket.") if actor else _("Permohonan diterima secara daring."),
    )
    audit_record(action="layanan.request_submit", actor=actor, target=request)
    _notify(
        request,
        _("Permohonan %(code)s diterima. Batas waktu: %(due)s.")
        % {"code": request.tracking_code, "due": request.due_date.strftime("%d-%m-%Y")},
    )
    if actor is None:
        _tell_counter_staff(request, village)
    return request


def _tell_counter_staff(request: ServiceRequest, village: Village) -> None:
    """Counter staff with an e-mail address hear of each online request (walk-ins they recorded
    themselves). The message names the service and the code, never the applicant."""
    staff_url = links.staff_request_url(request, village)
    for email in (
        User.objects.filter(is_active=True, role__in=STAFF_ROLES)
        .exclude(email="")
        .values_list("email", flat=True)
    ):
        notification_queue(
            channel=NotifyChannel.EMAIL,
            recipient=email,
            subject=_("Permohonan baru %(code)s — %(village)s")
            % {"code": request.tracking_code, "village": village.display_name},
            body=_("Permohonan baru %(code)s: %(service)s, batas waktu %(due)s.\nBuka: %(link)s")
            % {
                "code": request.tracking_code,
                "service": request.service.name,
                "due": request.due_date.strftime("%d-%m-%Y"),
                "link": staff_url,
            },
            reference=f"layanan.request_new:{request.pk}",
        )


def _uploads_missing(
    standard: ServiceStandard, attachments: Sequence[tuple[str, IncomingFile]]
) -> list[ValidationError]:
    """One error per requirement that must be uploaded with an online request and has no attachment
    labelled with its text; `params["requirement"]` names it, for the form to show it at its field."""
    labels = {label for label, _upload in attachments}
    return [
        ValidationError(
            _("%(requirement)s wajib diunggah untuk permohonan daring."),
            code="attachment_missing",
            params={"requirement": text},
        )
        for text in standard.uploads_required
        if text not in labels
    ]


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


@transaction.atomic(durable=True)
def request_transition(*, request: ServiceRequest, to_status: str, actor: User, note: str) -> ServiceRequest:
    """A staff step along the request's workflow (REQUEST_WORKFLOW). Rejection and a request for
    documents need a note the resident will read."""
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    _check_note(note)
    REQUEST_WORKFLOW.apply(record=locked, target=to_status, actor=require_role(actor, STAFF_ROLES), note=note)
    return locked


def _check_note(note: str) -> None:
    try:
        RequestEvent(note=note).clean_fields(exclude=["request", "status", "actor_label"])
    except ValidationError as error:
        raise ValidationError({"note": error.error_dict["note"]}) from error


def _check_secret(request: ServiceRequest, secret: str) -> None:
    if not same_secret(request.download_secret, secret):
        raise PermissionDenied(_("Kode rahasia permohonan tidak cocok."))


@transaction.atomic(durable=True)
def request_add_documents(
    *,
    request: ServiceRequest,
    secret: str,
    attachments: Sequence[tuple[str, IncomingFile]],
    actor: User | None,
) -> ServiceRequest:
    """The resident (actor None, proven by the request's secret) adds what staff asked for; the
    request goes back to the counter."""
    # Written before the row lock (the storage may be a bucket across the network); a refusal below
    # rolls back and takes the files with it.
    stored = [_stored_attachment(label, accepted) for label, accepted in attachments]
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    _check_secret(locked, secret)
    if locked.status != S.NEEDS_DOCUMENTS:
        raise ValidationError(
            _("Permohonan ini tidak sedang menunggu kelengkapan dokumen."), code="not_awaiting_documents"
        )
    if not attachments:
        raise ValidationError(_("Pilih minimal satu berkas untuk diunggah."), code="no_documents")
    attachment_errors = _attachment_errors(attachments)
    if attachment_errors:
        raise ValidationError(
            [ValidationError(message, code="attachment_invalid") for message in attachment_errors]
        )
    for attachment in stored:
        attachment.request = locked
        attachment.save()
    REQUEST_WORKFLOW.apply(
        record=locked,
        target=S.SUBMITTED,
        actor=actor,
        note=_("Pemohon melengkapi dokumen."),
        via="request_add_documents",
    )
    return locked


@transaction.atomic(durable=True)
def request_cancel(*, request: ServiceRequest, secret: str, actor: User | None) -> ServiceRequest:
    """The resident (actor None, proven by the request's secret) withdraws a request that nobody
    has started working on."""
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    _check_secret(locked, secret)
    if locked.status not in RESIDENT_CANCELLABLE:
        raise ValidationError(
            _("Permohonan yang sudah diproses tidak dapat dibatalkan; silakan hubungi petugas di kantor."),
            code="not_cancellable",
        )
    REQUEST_WORKFLOW.apply(record=locked, target=S.CANCELLED, actor=actor, note=_("Dibatalkan oleh pemohon."))
    return locked


# --- Letters ---------------------------------------------------------------------------------------


def next_sequence_number(*, scope: str, year: int) -> int:
    """The next number of a numbering sequence (letters per scope and year, tickets per counter and
    day), under a row lock: never repeats, never skips (callers hold the transaction that also
    writes the numbered row, so a failed write gives the number back)."""
    SequenceCounter.objects.bulk_create(
        [SequenceCounter(scope=scope, year=year, last_number=0)], ignore_conflicts=True
    )
    counter = SequenceCounter.objects.select_for_update().get(scope=scope, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _signer_errors(
    signer_name: str, signer_position: str, on_behalf_of: str
) -> dict[str, list[ValidationError]]:
    letter = Letter(signer_name=signer_name, signer_position=signer_position, on_behalf_of=on_behalf_of)
    try:
        letter.clean_fields(
            exclude=[
                f.name
                for f in Letter._meta.fields
                if f.name not in ("signer_name", "signer_position", "on_behalf_of")
            ]
        )
    except ValidationError as error:
        return dict(error.error_dict)
    return {}


@transaction.atomic(durable=True)
def letter_issue(
    *,
    request: ServiceRequest,
    village: Village,
    actor: User,
    signer_name: str,
    signer_position: str,
    on_behalf_of: str,
) -> Letter:
    """Numbers and signs the letter of a request that awaits signature, and completes the request.
    The PDF is not rendered here, under the counter's and the request's locks: it is rendered after
    commit (letter_pdf_schedule); the letter's pages say it is being prepared until it exists."""
    require_role(actor, SIGNING_ROLES)
    locked = (
        ServiceRequest.objects.select_for_update().select_related("service", "standard").get(pk=request.pk)
    )
    if locked.status != S.AWAITING_SIGNATURE:
        raise ValidationError(
            _("Surat hanya dapat ditandatangani bila permohonan menunggu tanda tangan."),
            code="not_awaiting_signature",
        )
    signer_name, signer_position, on_behalf_of = (
        signer_name.strip(),
        signer_position.strip(),
        on_behalf_of.strip(),
    )
    errors = _signer_errors(signer_name, signer_position, on_behalf_of)
    if errors:
        raise ValidationError(errors)
    try:
        validate_letter_template(
            locked.service.letter_body,
            extra_field_names=[field["name"] for field in locked.standard.extra_fields],
        )
    except ValidationError as error:
        raise ValidationError(
            _("Isi surat layanan ini perlu diperbaiki di katalog sebelum ditandatangani: %(problem)s")
            % {"problem": " ".join(error.messages)},
            code="letter_template_invalid",
        ) from error
    settings_row = ServiceSettings.objects.get_or_create(pk=1)[0]
    now = timezone.localtime()
    scope = locked.service.letter_code if settings_row.counter_scope == CounterScope.PER_LETTER_TYPE else "*"
    sequence = next_sequence_number(scope=scope, year=now.year)
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
        signer_name=signer_name,
        signer_position=signer_position,
        on_behalf_of=on_behalf_of,
        holder_name_masked=mask_name(locked.applicant_name),
        paper_size=settings_row.paper_size,
    )
    REQUEST_WORKFLOW.apply(
        record=locked,
        target=S.COMPLETED,
        actor=actor,
        note=_("Surat nomor %(number)s telah ditandatangani dan dapat diunduh.") % {"number": letter.number},
        via="letter_issue",
    )
    audit_record(action="layanan.letter_issue", actor=actor, target=letter, detail={"number": letter.number})
    # The finished request's resident is asked how the service was (one invitation per request).
    survei_services.invitation_offer(
        village=_current_village(),
        source="layanan",
        source_ref=f"layanan.request:{locked.pk}",
        service_name=locked.service.name,
        contact=ResidentContact(channel=locked.notify_channel, email=locked.email, phone=locked.phone),
    )
    schema_name: str = connection.schema_name  # type: ignore[attr-defined]
    transaction.on_commit(lambda: letter_pdf_schedule(letter_id=letter.pk, schema_name=schema_name))
    return letter


def letter_pdf_schedule(*, letter_id: int, schema_name: str) -> None:
    """After commit: the PDF is rendered by a worker (a task carrying the schema). When the broker
    cannot take the task, it is rendered here and now, so a signed letter is never left without
    its PDF; the download renders it as well should both have failed."""
    from .tasks import render_letter_pdf

    try:
        render_letter_pdf.apply_async(args=[letter_id], headers={"_schema_name": schema_name}, retry=False)
    except Exception as error:  # any broker failure: fall back to rendering in this process
        logger.warning(
            "letter %s in schema %s: PDF task not queued (%s); rendering it now",
            letter_id,
            schema_name,
            type(error).__name__,
        )
        letter_render_pdf(letter_id=letter_id)


def letter_render_pdf(*, letter_id: int) -> Letter:
    """Renders and stores a letter's PDF once (idempotent). No lock is held while rendering: the
    file is written first, then attached only if the letter still has none (a concurrent render
    that lost removes its file). Callers must be inside the letter's village schema."""
    letter = Letter.objects.select_related("request__service", "request__standard").get(pk=letter_id)
    if letter.pdf:
        return letter
    content = letters.render_letter_pdf(letter, _current_village())
    field = letter.pdf.field
    name = field.storage.save(
        field.generate_filename(letter, f"{letter.verification_code}.pdf"), ContentFile(content)
    )
    if Letter.objects.filter(pk=letter.pk, pdf="").update(pdf=name) == 0:
        field.storage.delete(name)
        letter.refresh_from_db(fields=["pdf"])
    else:
        letter.pdf.name = name
    return letter


def _validated_fields(instance: Letter | ServiceSettings, names: Sequence[str]) -> None:
    instance.clean_fields(exclude=[f.name for f in instance._meta.fields if f.name not in names])


# --- Walk-in queue tickets -------------------------------------------------------------------------


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
def queue_ticket_take(*, counter: str, actor: User | None) -> QueueTicket:
    """A ticket for one of the village's configured counters, numbered per counter per day, taken
    by a resident (actor None; the ticket page applies the per-address limit) or by staff."""
    code = _queue_counter(counter)
    today = timezone.localdate()
    # Ticket numbers per counter per day come from the same numbering sequences as letter numbers
    # ("antrian:B2:2026-12-02" fits SequenceCounter.scope: a counter code is at most 3 characters).
    number = next_sequence_number(scope=f"antrian:{code}:{today.isoformat()}", year=today.year)
    return QueueTicket.objects.create(counter=code, day=today, number=number)


@transaction.atomic(durable=True)
def queue_ticket_call_next(*, counter: str, actor: User) -> QueueTicket | None:
    """Marks the ticket being served done and calls the next waiting one (None when none waits)."""
    require_role(actor, STAFF_ROLES)
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


def _notify(request: ServiceRequest, message: str) -> Notification | None:
    """Queues the resident's notification in the outbox (same transaction); it is sent after commit
    and retried, so a failing channel never undoes the request. Every message names the village and
    carries the resident's private link, so a lost confirmation page never costs them the letter."""
    village = _current_village()
    return resident_notify(
        contact=ResidentContact(channel=request.notify_channel, email=request.email, phone=request.phone),
        subject=_("Layanan %(village)s") % {"village": village.display_name},
        village_name=village.display_name,
        message=message,
        page=_("Halaman permohonan Anda"),
        link=links.owner_url(request, village),
        reference=f"layanan.request:{request.pk}",
    )


def _current_village() -> Village:
    """The registry row of the village whose schema this connection is in (set by the request's
    routing or an explicit tenant_context)."""
    return Village.objects.select_related("district").get(
        tenant__schema_name=connection.schema_name  # type: ignore[attr-defined]
    )


class LinkResend(models.TextChoices):
    """What became of a request to send the private link again."""

    SENT = "sent"
    WITHHELD = "withheld"
    NO_CONTACT = "no_contact"


@transaction.atomic(durable=True)
def request_owner_link_resend(*, request: ServiceRequest, actor: User | None) -> LinkResend:
    """Sends the private link again to the contact the applicant gave, never to anyone else, and
    never shows it (the holder of the tracking code asks: actor None). Says whether it went out:
    not when the request has no contact on file, nor when the outbox holds it back (a phone number
    that has not yet confirmed it wants messages gets one a day). Callers limit how often this runs."""
    if request.notify_channel == NotifyChannel.NONE:
        return LinkResend.NO_CONTACT
    notification = _notify(
        request,
        _("tautan halaman permohonan %(code)s dikirim ulang atas permintaan.")
        % {"code": request.tracking_code},
    )
    audit_record(action="layanan.owner_link_resend", actor=actor, target=request)
    if notification is None or notification.status == NotificationStatus.FAILED:
        return LinkResend.WITHHELD
    return LinkResend.SENT


# --- The counter's settings ------------------------------------------------------------------------


@dataclass(frozen=True)
class CounterSettings:
    pledge: str
    number_format: str
    counter_scope: str
    paper_size: str
    head_name: str
    head_title: str
    queue_counters: str


@transaction.atomic(durable=True)
def service_settings_update(*, actor: User, values: CounterSettings) -> ServiceSettings:
    require_role(actor, CATALOGUE_ROLES)
    try:
        letters.validate_number_format(values.number_format)
    except ValidationError as error:
        raise ValidationError({"number_format": error.error_list}) from error
    validate_queue_counters(values.queue_counters)  # the form checked too; the API may not
    values = dataclasses.replace(values, queue_counters=", ".join(queue_counter_codes(values.queue_counters)))
    settings_row = ServiceSettings.objects.select_for_update().get_or_create(pk=1)[0]
    for field, value in dataclasses.asdict(values).items():
        setattr(settings_row, field, value)
    settings_row.full_clean(validate_unique=False, validate_constraints=False)
    settings_row.save()
    audit_record(
        action="layanan.settings_update",
        actor=actor,
        target=settings_row,
        detail={"fields": sorted(dataclasses.asdict(values))},
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
    require_role(actor, SOP_ROLES)
    position = village.district.village_head_title.capitalize()
    document = SopDocument(
        decree_number=decree_number.strip(),
        decree_date=decree_date,
        signer_name=signer_name.strip(),
        signer_position=position,
        adopted_by=str(actor),
    )
    # The model decides what a decree may say; numbering and the file come in the transaction.
    document.full_clean(exclude=["version", "service_count", "pdf"], validate_unique=False)
    decree = sop.Decree(
        number=document.decree_number,
        date=document.decree_date,
        signer_name=document.signer_name,
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
        document.version = version
        document.service_count = service_count
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
    require_role(actor, SIGNING_ROLES)
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
    REQUEST_WORKFLOW.apply(
        record=request,
        target=S.LETTER_REVOKED,
        actor=actor,
        note=_("Surat nomor %(number)s dicabut: %(reason)s") % {"number": locked.number, "reason": reason},
        via="letter_revoke",
        context={"number": locked.number, "reason": reason},
    )
    audit_record(action="layanan.letter_revoke", actor=actor, target=locked, detail={"number": locked.number})
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
    identity: Mapping[str, str],
    extra: Mapping[str, str],
) -> ServiceRequest:
    """Staff correct the applicant's details before the letter is signed (or after it was revoked).
    Every field is given (the form shows them all); the audit row names the fields that changed,
    never their old or new values."""
    require_role(actor, STAFF_ROLES)
    locked = ServiceRequest.objects.select_for_update().select_related("standard").get(pk=request.pk)
    if locked.status not in CORRECTABLE:
        raise ValidationError(
            _("Data pemohon hanya dapat dikoreksi sebelum surat ditandatangani."), code="not_correctable"
        )
    proposed = {
        "applicant_name": applicant_name.strip(),
        "nik": _digits(nik),
        "kk_number": _digits(kk_number),
        "address": address.strip(),
        "purpose": purpose.strip(),
    }
    declared = [field["name"] for field in locked.standard.extra_fields]
    new_extra = {name: str(extra.get(name, "")).strip() for name in declared}
    new_identity = identity_values(locked.standard, identity)
    before = {field: getattr(locked, field) for field in (*proposed, *new_identity)}
    before_extra = dict(locked.extra or {})
    for field, value in {**proposed, **new_identity}.items():
        setattr(locked, field, value)
    locked.extra = {**before_extra, **new_extra}
    # The submission's contract decides (limits, NIK/KK rules, the declared extra fields).
    errors = _request_errors(locked)
    errors.update(identity_errors(locked.standard, new_identity))
    if errors:
        raise ValidationError(errors)
    changed = [field for field, value in before.items() if getattr(locked, field) != value]
    changed_extra = [name for name in declared if before_extra.get(name, "") != new_extra[name]]
    if not changed and not changed_extra:
        return locked
    update_fields = list(changed)
    if "nik" in changed:
        locked.nik_hash = nik_lookup_hash(locked.nik)
        update_fields.append("nik_hash")
    if changed_extra:
        update_fields.append("extra")
    locked.save(update_fields=update_fields)
    fields = sorted(changed + [f"extra.{name}" for name in changed_extra])
    audit_record(action="layanan.request_correct", actor=actor, target=locked, detail={"fields": fields})
    return locked


# --- The identity a letter states (birth, gender, religion, occupation, marital status) -----------

IDENTITY_CHOICES: dict[str, type[Gender] | type[Religion] | type[MaritalStatus]] = {
    "gender": Gender,
    "religion": Religion,
    "marital_status": MaritalStatus,
}
IDENTITY_LIMITS = {"birth_place": 100, "occupation": 100}


def identity_values(standard: ServiceStandard, given: Mapping[str, Any]) -> dict[str, str]:
    """Every identity field, trimmed; those the standard does not ask for are stored blank."""
    asked = set(standard.identity_fields)
    return {name: str(given.get(name) or "").strip() if name in asked else "" for name in IDENTITY_FIELDS}


def identity_errors(standard: ServiceStandard, values: Mapping[str, str]) -> dict[str, list[ValidationError]]:
    """The one check of identity fields, for the form, the API and staff corrections alike."""
    errors: dict[str, list[ValidationError]] = {}
    for name in standard.identity_fields:
        value = values.get(name, "")
        if not value:
            errors[name] = [ValidationError(_("Isian ini wajib untuk surat ini."), code="required")]
        elif "\x00" in value or len(value) > IDENTITY_LIMITS.get(name, 16):
            errors[name] = [
                ValidationError(
                    _("Paling banyak %(limit)s karakter.") % {"limit": IDENTITY_LIMITS.get(name, 16)},
                    code="max_length",
                )
            ]
        elif name in IDENTITY_CHOICES and value not in IDENTITY_CHOICES[name].values:
            errors[name] = [
                ValidationError(_("Pilih salah satu pilihan yang tersedia."), code="invalid_choice")
            ]
        elif name == "birth_date":
            try:
                born = datetime.date.fromisoformat(value)
            except ValueError:
                errors[name] = [ValidationError(_("Tulis tanggal lahir yang benar."), code="invalid_date")]
            else:
                if born > timezone.localdate() or born.year < 1900:
                    errors[name] = [ValidationError(_("Tanggal lahir tidak mungkin."), code="invalid_date")]
    return errors
