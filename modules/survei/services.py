"""Writes of the satisfaction survey and the community polls. Entry points are one durable
transaction each with their audit row; messages go to the outbox and leave after commit."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.accounts.models import Role, User
from modules.accounts.permissions import require_role
from modules.audit.services import audit_record
from modules.notifikasi.services import ResidentContact, notification_queue, resident_notify
from modules.privasi.crypto import keyed_hash, same_secret
from modules.privasi.phones import normalized_mobile
from tenants.models import Village
from tenants.routing import village_page_url as page_url

from .elements import ELEMENT_KEYS
from .models import (
    SUGGESTION_MAX_LENGTH,
    ActionStatus,
    AgeGroup,
    Answer,
    Ballot,
    BallotAnswer,
    BallotChannel,
    Education,
    FollowUpAction,
    Invitation,
    Kiosk,
    Occupation,
    Poll,
    PollCode,
    PollOption,
    PollQuestion,
    QuestionKind,
    Response,
    Sex,
    Source,
)

# The village admin keeps the plan, the kiosks and the polls; the counter's operators and the
# village council read the results and the suggestions.
ADMIN_ROLES = (Role.VILLAGE_ADMIN,)
READER_ROLES = (Role.VILLAGE_ADMIN, Role.OPERATOR, Role.COUNCIL_MEMBER)
POLL_CODE_LIFETIME = datetime.timedelta(minutes=15)
POLL_CODE_ATTEMPTS = 5
POLL_CODE_DIGITS = 6
# The cookie in which a registered tablet keeps its kiosk token (set by the staff page on the
# device itself, read by the kiosk page).
KIOSK_COOKIE = "balai_kiosk"


# --- Invitations ----------------------------------------------------------------------------------------


@transaction.atomic  # not an entry point: inside the finishing write of the request or complaint
def invitation_offer(
    *,
    village: Village,
    source: str,
    source_ref: str,
    service_name: str,
    contact: ResidentContact,
) -> Invitation:
    """Invites the resident of a finished request or complaint to the questionnaire: one
    invitation per record (a second call returns the first), sent through the channel the resident
    chose, after commit, and shown on their tracking page (selectors.invitation_for)."""
    existing = Invitation.objects.filter(source_ref=source_ref).first()
    if existing is not None:
        return existing
    invitation = Invitation.objects.create(
        source=source, source_ref=source_ref, token=secrets.token_urlsafe(24), service_name=service_name[:150]
    )
    resident_notify(
        contact=contact,
        subject=_("Survei kepuasan %(village)s") % {"village": village.display_name},
        village_name=village.display_name,
        message=_("Bagaimana pelayanan kami untuk %(service)s? Isi survei singkat (2 menit, tanpa nama).")
        % {"service": invitation.service_name},
        page=_("Survei"),
        link=page_url(village, "survei:answer", token=invitation.token),
        reference=f"survei.invitation:{invitation.pk}",
    )
    return invitation


# --- Responses ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewResponse:
    """A questionnaire as the form gives it: a score 1–4 per element key, and the profile."""

    scores: Mapping[str, int]
    sex: str
    age_group: str
    education: str
    occupation: str
    suggestion: str = ""
    service_name: str = ""


def _checked(data: NewResponse) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    for key in ELEMENT_KEYS:
        score = data.scores.get(key)
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 4:
            errors[key] = [ValidationError(_("Pilih salah satu dari empat jawaban."), code="score_required")]
    unknown = set(data.scores) - set(ELEMENT_KEYS)
    if unknown:
        errors["scores"] = [ValidationError(_("Jawaban tidak dikenal."), code="unknown_element")]
    for name, choices, message in (
        ("sex", Sex, _("Pilih jenis kelamin.")),
        ("age_group", AgeGroup, _("Pilih kelompok usia.")),
        ("education", Education, _("Pilih pendidikan terakhir.")),
        ("occupation", Occupation, _("Pilih pekerjaan.")),
    ):
        if getattr(data, name) not in choices.values:
            errors[name] = [ValidationError(message, code="choice_required")]
    if len(data.suggestion) > SUGGESTION_MAX_LENGTH:
        errors["suggestion"] = [
            ValidationError(
                _("Saran paling banyak %(limit)d karakter.") % {"limit": SUGGESTION_MAX_LENGTH},
                code="max_length",
            )
        ]
    if "\x00" in data.suggestion:
        errors["suggestion"] = [
            ValidationError(_("Teks berisi karakter yang tidak diizinkan."), code="null_characters")
        ]
    return errors


def _store(
    data: NewResponse,
    *,
    source: str,
    service_name: str,
    kiosk: Kiosk | None,
    answered_on: datetime.date | None = None,
) -> Response:
    response = Response.objects.create(
        source=source,
        service_name=service_name[:150] or _("Pelayanan umum"),
        answered_on=answered_on or timezone.localdate(),
        sex=data.sex,
        age_group=data.age_group,
        education=data.education,
        occupation=data.occupation,
        suggestion=data.suggestion.strip(),
        kiosk=kiosk,
    )
    Answer.objects.bulk_create(
        Answer(response=response, element=key, score=data.scores[key]) for key in ELEMENT_KEYS
    )
    # The audit row names the source, never the invitation or the record it came from.
    audit_record(action="survei.response_submit", actor=None, target=response, detail={"source": source})
    return response


@transaction.atomic(durable=True)
def response_submit(*, token: str, data: NewResponse) -> Response:
    """A resident answers through their invitation (actor: the resident, no account; the token is
    the proof). One response per invitation: a second is refused with `already_answered`."""
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not same_secret(invitation.token, token):
        raise ValidationError(_("Tautan survei ini tidak dikenal."), code="unknown_invitation")
    if invitation.used_at is not None:
        raise ValidationError(
            _(
                "Survei untuk layanan ini sudah diisi. Setiap layanan dinilai sekali; terima kasih atas "
                "jawaban Anda."
            ),
            code="already_answered",
        )
    errors = _checked(data)
    if errors:
        raise ValidationError(errors)
    response = _store(data, source=invitation.source, service_name=invitation.service_name, kiosk=None)
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return response


def kiosk_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic(durable=True)
def response_submit_at_kiosk(
    *, kiosk_token: str, data: NewResponse, answered_on: datetime.date | None = None
) -> Response:
    """A resident answers on the office's tablet. The device may take at most its hourly limit of
    responses (so a bored visitor cannot fill the survey); the page resets for the next person.
    `answered_on` is for the demo's history and the tests; everyone else answers today."""
    kiosk = (
        Kiosk.objects.select_for_update()
        .filter(token_hash=kiosk_token_hash(kiosk_token), is_active=True)
        .first()
    )
    if kiosk is None:
        raise ValidationError(_("Perangkat ini bukan kios survei yang aktif."), code="unknown_kiosk")
    now = timezone.now()
    if kiosk.window_started_at is None or now - kiosk.window_started_at >= datetime.timedelta(hours=1):
        kiosk.window_started_at, kiosk.window_count = now, 0
    if kiosk.window_count >= kiosk.hourly_limit:
        raise ValidationError(
            _("Kios ini sudah menerima %(count)d jawaban dalam satu jam terakhir. Coba lagi nanti.")
            % {"count": kiosk.hourly_limit},
            code="kiosk_busy",
        )
    errors = _checked(data)
    if data.service_name and len(data.service_name) > 150:
        errors["service_name"] = [ValidationError(_("Nama layanan terlalu panjang."), code="max_length")]
    if errors:
        raise ValidationError(errors)
    kiosk.window_count += 1
    kiosk.save(update_fields=["window_started_at", "window_count"])
    return _store(
        data,
        source=Source.KIOSK,
        service_name=data.service_name or kiosk.service_name,
        kiosk=kiosk,
        answered_on=answered_on,
    )


@transaction.atomic(durable=True)
def kiosk_register(*, actor: User, name: str, hourly_limit: int, service_name: str) -> tuple[Kiosk, str]:
    """Registers a tablet as a kiosk. The token (shown once, kept by the device in a cookie) is
    stored only as a hash."""
    require_role(actor, ADMIN_ROLES)
    token = secrets.token_urlsafe(32)
    kiosk = Kiosk(
        name=name.strip(),
        token_hash=kiosk_token_hash(token),
        hourly_limit=hourly_limit,
        service_name=service_name.strip(),
        created_by=str(actor),
    )
    kiosk.full_clean(validate_unique=False)
    kiosk.save()
    audit_record(action="survei.kiosk_register", actor=actor, target=kiosk, detail={"name": kiosk.name})
    return kiosk, token


@transaction.atomic(durable=True)
def kiosk_deactivate(*, actor: User, kiosk: Kiosk) -> Kiosk:
    require_role(actor, ADMIN_ROLES)
    target = Kiosk.objects.select_for_update().get(pk=kiosk.pk)
    target.is_active = False
    target.save(update_fields=["is_active"])
    audit_record(action="survei.kiosk_deactivate", actor=actor, target=target)
    return target


# --- The follow-up plan ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    year: int
    semester: int
    element: str
    action: str
    owner: str
    due_on: datetime.date
    status: str = ActionStatus.PLANNED
    progress: str = ""


@transaction.atomic(durable=True)
def follow_up_save(*, actor: User, action: FollowUpAction | None, data: ActionInput) -> FollowUpAction:
    """A new action of the follow-up plan (`action` None) or an update of one, with its progress."""
    require_role(actor, ADMIN_ROLES)
    target = (
        FollowUpAction() if action is None else FollowUpAction.objects.select_for_update().get(pk=action.pk)
    )
    for name, value in data.__dict__.items():
        setattr(target, name, value.strip() if isinstance(value, str) else value)
    target.full_clean()
    target.save()
    audit_record(
        action="survei.follow_up_save",
        actor=actor,
        target=target,
        detail={"element": target.element, "status": target.status, "new": action is None},
    )
    return target


@transaction.atomic(durable=True)
def follow_up_delete(*, actor: User, action: FollowUpAction) -> None:
    require_role(actor, ADMIN_ROLES)
    target = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    audit_record(
        action="survei.follow_up_delete", actor=actor, target=target, detail={"element": target.element}
    )
    target.delete()


# --- Community polls ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInput:
    text: str
    kind: str
    options: tuple[str, ...] = ()
    is_required: bool = True


@dataclass(frozen=True)
class PollInput:
    title: str
    description: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    questions: tuple[QuestionInput, ...] = field(default_factory=tuple)


POLL_MAX_QUESTIONS = 20
POLL_MAX_OPTIONS = 12


@transaction.atomic(durable=True)
def poll_create(*, actor: User, data: PollInput) -> Poll:
    """A new poll with its questions. Choice questions need two options or more; a poll needs a
    question and closes after it opens."""
    require_role(actor, ADMIN_ROLES)
    errors: dict[str, list[ValidationError]] = {}
    if not data.questions:
        errors["questions"] = [
            ValidationError(_("Tambahkan setidaknya satu pertanyaan."), code="no_questions")
        ]
    if len(data.questions) > POLL_MAX_QUESTIONS:
        errors["questions"] = [
            ValidationError(
                _("Paling banyak %(count)d pertanyaan.") % {"count": POLL_MAX_QUESTIONS},
                code="too_many_questions",
            )
        ]
    if data.closes_at <= data.opens_at:
        errors["closes_at"] = [
            ValidationError(_("Waktu tutup harus sesudah waktu buka."), code="closes_before_opening")
        ]
    for number, question in enumerate(data.questions, 1):
        options = [option.strip() for option in question.options if option.strip()]
        if question.kind not in QuestionKind.values:
            errors.setdefault("questions", []).append(
                ValidationError(
                    _("Pertanyaan %(number)d: pilih jenisnya.") % {"number": number}, code="kind_invalid"
                )
            )
        elif (
            question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
            and not 2 <= len(options) <= POLL_MAX_OPTIONS
        ):
            errors.setdefault("questions", []).append(
                ValidationError(
                    _("Pertanyaan %(number)d: tulis 2 sampai %(max)d pilihan.")
                    % {"number": number, "max": POLL_MAX_OPTIONS},
                    code="options_required",
                )
            )
        if not question.text.strip():
            errors.setdefault("questions", []).append(
                ValidationError(
                    _("Pertanyaan %(number)d belum ditulis.") % {"number": number}, code="question_blank"
                )
            )
    poll = Poll(
        title=data.title.strip(),
        description=data.description.strip(),
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        created_by=str(actor),
    )
    try:
        poll.full_clean(validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.error_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    poll.save()
    for order, question in enumerate(data.questions, 1):
        stored = PollQuestion(
            poll=poll,
            order=order,
            text=question.text.strip(),
            kind=question.kind,
            is_required=question.is_required,
        )
        stored.full_clean(exclude=["poll"])
        stored.save()
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            for position, text in enumerate((o.strip() for o in question.options if o.strip()), 1):
                option = PollOption(question=stored, order=position, text=text)
                option.full_clean(exclude=["question"])
                option.save()
    audit_record(
        action="survei.poll_create", actor=actor, target=poll, detail={"questions": len(data.questions)}
    )
    return poll


@transaction.atomic(durable=True)
def poll_close(*, actor: User, poll: Poll) -> Poll:
    """Closes an open poll now (the musyawarah has met); its results are then published."""
    require_role(actor, ADMIN_ROLES)
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    now = timezone.now()
    if not locked.is_open(now):
        raise ValidationError(_("Jajak pendapat ini tidak sedang dibuka."), code="poll_closed")
    locked.closes_at = now
    locked.save(update_fields=["closes_at"])
    audit_record(action="survei.poll_close", actor=actor, target=locked)
    return locked


def _voter_hash(poll: Poll, phone: str) -> str:
    return keyed_hash(phone, purpose=f"survei.poll:{poll.pk}")


def _code_hash(poll: Poll, phone: str, code: str) -> str:
    return keyed_hash(f"{phone}:{code}", purpose=f"survei.poll-code:{poll.pk}")


def _phone_or_error(phone: str) -> str:
    normalized = normalized_mobile(phone.strip())
    if not normalized:
        raise ValidationError(
            {
                "phone": [
                    ValidationError(
                        _("Nomor HP tidak valid; tulis seperti 0812 3456 7890."), code="phone_invalid"
                    )
                ]
            }
        )
    return normalized


def _open_or_error(poll: Poll) -> None:
    if not poll.is_open():
        raise ValidationError(_("Jajak pendapat ini tidak sedang dibuka."), code="poll_closed")


@transaction.atomic(durable=True)
def poll_code_send(*, village: Village, poll: Poll, phone: str) -> PollCode:
    """Sends a one-time code to `phone` by SMS (the notification gateway; printed in development).
    A phone that has already answered gets no code."""
    _open_or_error(poll)
    number = _phone_or_error(phone)
    if Ballot.objects.filter(poll=poll, voter_hash=_voter_hash(poll, number)).exists():
        raise ValidationError(
            {"phone": [ValidationError(_("Nomor ini sudah ikut jajak pendapat ini."), code="already_voted")]}
        )
    code = "".join(secrets.choice("0123456789") for _digit in range(POLL_CODE_DIGITS))
    stored = PollCode.objects.create(
        poll=poll,
        phone_hash=_voter_hash(poll, number),
        code_hash=_code_hash(poll, number, code),
        expires_at=timezone.now() + POLL_CODE_LIFETIME,
    )
    notification_queue(
        channel="sms",
        recipient=number,
        subject=_("Kode jajak pendapat"),
        body=_(
            '%(village)s: kode Anda untuk "%(poll)s" adalah %(code)s (berlaku 15 menit). '
            "Jangan berikan kepada siapa pun."
        )
        % {"village": village.display_name, "poll": poll.title[:60], "code": code},
        reference=f"survei.poll_code:{stored.pk}",
    )
    return stored


@dataclass(frozen=True)
class BallotInput:
    """Answers by question id: option ids for choices, a number 1–5 for a scale, text for free text."""

    choices: Mapping[int, Sequence[int]] = field(default_factory=dict)
    scales: Mapping[int, int] = field(default_factory=dict)
    texts: Mapping[int, str] = field(default_factory=dict)


def _ballot_errors(poll: Poll, data: BallotInput) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    for question in poll.questions.prefetch_related("options"):
        name = f"q{question.pk}"
        option_ids = {option.pk for option in question.options.all()}
        chosen = list(data.choices.get(question.pk, ()))
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            if not set(chosen) <= option_ids or (question.kind == QuestionKind.SINGLE and len(chosen) > 1):
                errors[name] = [ValidationError(_("Pilih dari pilihan yang ada."), code="option_invalid")]
            elif question.is_required and not chosen:
                errors[name] = [ValidationError(_("Pertanyaan ini wajib dijawab."), code="required")]
        elif question.kind == QuestionKind.SCALE:
            value = data.scales.get(question.pk)
            if value is None and question.is_required:
                errors[name] = [ValidationError(_("Pertanyaan ini wajib dijawab."), code="required")]
            elif value is not None and not 1 <= value <= 5:
                errors[name] = [ValidationError(_("Pilih angka 1 sampai 5."), code="scale_invalid")]
        else:
            text = data.texts.get(question.pk, "").strip()
            if question.is_required and not text:
                errors[name] = [ValidationError(_("Pertanyaan ini wajib dijawab."), code="required")]
            elif len(text) > 2000 or "\x00" in text:
                errors[name] = [ValidationError(_("Jawaban paling banyak 2000 karakter."), code="max_length")]
    return errors


def _store_ballot(
    poll: Poll, data: BallotInput, *, channel: str, voter_hash: str | None, recorded_by: str
) -> Ballot:
    ballot = Ballot.objects.create(poll=poll, channel=channel, voter_hash=voter_hash, recorded_by=recorded_by)
    answers: list[BallotAnswer] = []
    for question in poll.questions.all():
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            answers += [
                BallotAnswer(ballot=ballot, question=question, option_id=option_id)
                for option_id in dict.fromkeys(data.choices.get(question.pk, ()))
            ]
        elif question.kind == QuestionKind.SCALE and data.scales.get(question.pk) is not None:
            answers.append(BallotAnswer(ballot=ballot, question=question, scale=data.scales[question.pk]))
        elif question.kind == QuestionKind.TEXT and data.texts.get(question.pk, "").strip():
            answers.append(
                BallotAnswer(ballot=ballot, question=question, text=data.texts[question.pk].strip())
            )
    BallotAnswer.objects.bulk_create(answers)
    return ballot


class _WrongCodeError(ValidationError):
    """A wrong code: refused like any bad input, and its try is counted after the rollback."""

    def __init__(self, code_id: int) -> None:
        super().__init__({"code": [ValidationError(_("Kode salah. Periksa SMS Anda."), code="code_wrong")]})
        self.code_id = code_id


def ballot_cast(*, poll: Poll, phone: str, code: str, data: BallotInput) -> Ballot:
    """A resident's answers, verified by the code sent to their phone: one ballot per phone per
    poll. An expired or used code is refused; a wrong one is refused and counts against the code's
    five tries in a transaction of its own (the refused one rolls back), so codes cannot be guessed."""
    try:
        return _ballot_cast(poll=poll, phone=phone, code=code, data=data)
    except _WrongCodeError as wrong:
        _count_try(code_id=wrong.code_id)
        raise


@transaction.atomic(durable=True)
def _ballot_cast(*, poll: Poll, phone: str, code: str, data: BallotInput) -> Ballot:
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    _open_or_error(locked)
    number = _phone_or_error(phone)
    voter = _voter_hash(locked, number)
    sent = (
        PollCode.objects.select_for_update()
        .filter(poll=locked, phone_hash=voter, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )
    if sent is None or sent.attempts >= POLL_CODE_ATTEMPTS:
        raise ValidationError(
            {"code": [ValidationError(_("Kode sudah tidak berlaku; minta kode baru."), code="code_expired")]}
        )
    if not same_secret(sent.code_hash, _code_hash(locked, number, code.strip())):
        raise _WrongCodeError(sent.pk)
    errors = _ballot_errors(locked, data)
    if errors:
        raise ValidationError(errors)
    sent.used_at = timezone.now()
    sent.save(update_fields=["used_at"])
    try:
        with transaction.atomic():
            ballot = _store_ballot(
                locked, data, channel=BallotChannel.PHONE_CODE, voter_hash=voter, recorded_by=""
            )
    except IntegrityError:
        raise ValidationError(
            {"phone": [ValidationError(_("Nomor ini sudah ikut jajak pendapat ini."), code="already_voted")]}
        ) from None
    audit_record(
        action="survei.ballot_cast", actor=None, target=locked, detail={"channel": BallotChannel.PHONE_CODE}
    )
    return ballot


@transaction.atomic(durable=True)
def _count_try(*, code_id: int) -> None:
    PollCode.objects.filter(pk=code_id).update(attempts=F("attempts") + 1)


@transaction.atomic(durable=True)
def ballot_record(*, actor: User, poll: Poll, data: BallotInput) -> Ballot:
    """Staff record a participant's answers at a meeting (musyawarah), while the poll is open."""
    require_role(actor, ADMIN_ROLES)
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    _open_or_error(locked)
    errors = _ballot_errors(locked, data)
    if errors:
        raise ValidationError(errors)
    ballot = _store_ballot(
        locked, data, channel=BallotChannel.MEETING, voter_hash=None, recorded_by=str(actor)
    )
    audit_record(
        action="survei.ballot_record", actor=actor, target=locked, detail={"channel": BallotChannel.MEETING}
    )
    return ballot
