"""Writes of the signup wizard. Each step is one durable transaction that validates its own answers
and records how far the application has come; the applicant is a visitor (no account), so the actor
is None and the audit row names the application. Provisioning (`application_provision`) runs in a
Celery task after approval and records its progress step by step, each in its own short transaction,
so the progress page reads it while the work goes on."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from modules.accounts.models import Role, User
from modules.accounts.permissions import require_role
from modules.audit.services import audit_record
from modules.berkas.services import IncomingFile, document_of
from modules.notifikasi.models import Channel
from modules.notifikasi.services import notification_queue
from modules.privasi.phones import normalized_mobile
from modules.wilayah import selectors as wilayah
from tenants.models import SLUG_VALIDATOR, District, Domain, Village, VillageStatus
from tenants.routing import district_host, public_url, village_host

from .models import (
    DRAFT_DAYS,
    EMAIL_CODE_LENGTH,
    EMAIL_CODE_TRIES,
    MAX_OFFICIALS,
    STEPS,
    Application,
    ApplicationStatus,
)

logger = logging.getLogger(__name__)

# Words no village may take as its address: the platform's own hosts and common service names.
RESERVED_SLUGS = frozenset(
    {
        "www", "api", "admin", "staf", "daftar", "mail", "email", "smtp", "ftp", "static", "media",
        "status", "bantuan", "help", "balai", "platform", "kabupaten", "pemkab", "test", "demo",
        "dev", "staging", "app", "portal", "ns1", "ns2", "cdn", "assets", "login", "masuk",
    }
)  # fmt: skip
EMAIL_CODE_RESEND_AFTER = datetime.timedelta(seconds=60)
EMAIL_CODE_LIFETIME = datetime.timedelta(minutes=30)
APPROVER_ROLES = (Role.DISTRICT_ADMIN,)
# The district staff who read the applications (the facilitator reads; the admin decides).
READER_ROLES = (Role.DISTRICT_ADMIN, Role.FACILITATOR)
# The wizard's resume link (pendaftaran:resume on the district host), which also opens the progress.
RESUME_PATH = "/daftar/lanjut/{token}/"


def _hash(secret: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


def _step_index(step: str) -> int:
    return STEPS.index(step) + 1


def _record_step(application: Application, step: str) -> None:
    application.step_done = max(application.step_done, _step_index(step))


def _refuse_unless_draft(application: Application) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(
            _("Pendaftaran ini sudah diajukan; perubahan tidak dapat disimpan lagi."), code="not_draft"
        )


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


# --- Starting and resuming ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    application: Application
    # The secret of the resume link; shown once (the link is e-mailed once the address is known).
    resume_token: str


@transaction.atomic(durable=True)
def application_start(*, district: District) -> Started:
    token = secrets.token_urlsafe(24)
    application = Application.objects.create(district=district, resume_hash=_hash(token))
    audit_record(action="signup.start", actor=None, target=application, detail={"district": district.code})
    return Started(application=application, resume_token=token)


def application_for_resume(*, district: District, token: str) -> Application | None:
    """The unfinished application of a resume link (only on its own district's host)."""
    if not token or len(token) > 100:
        return None
    return (
        Application.objects.filter(
            district=district,
            resume_hash=_hash(token),
            created_at__gte=timezone.now() - datetime.timedelta(days=DRAFT_DAYS),
        )
        .exclude(status=ApplicationStatus.REJECTED)
        .first()
    )


# --- Step 1: the village --------------------------------------------------------------------------------


def village_code_problem(district: District, code: str) -> ValidationError | None:
    """Why a village cannot be chosen: not a village of this district, already on the platform, or
    already applied for (another application waiting or being provisioned)."""
    code = code.strip()
    if not wilayah.is_village_code(code) or not wilayah.village_belongs_to_district(code, district.code):
        return ValidationError(
            _("Pilih %(noun)s dari daftar resmi kabupaten ini.") % {"noun": district.village_noun},
            code="village_invalid",
        )
    if Village.objects.filter(code=code).exists():
        return ValidationError(
            _("%(noun)s ini sudah memiliki portal di Balai.") % {"noun": district.village_noun.capitalize()},
            code="village_taken",
        )
    if Application.objects.filter(
        village_code=code,
        status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED, ApplicationStatus.LIVE),
    ).exists():
        return ValidationError(
            _("%(noun)s ini sudah didaftarkan dan sedang menunggu persetujuan kabupaten.")
            % {"noun": district.village_noun.capitalize()},
            code="village_applied",
        )
    return None


@transaction.atomic(durable=True)
def application_choose_village(*, application: Application, village_code: str) -> Application:
    target = _locked(application)
    _refuse_unless_draft(target)
    problem = village_code_problem(target.district, village_code)
    if problem is not None:
        raise ValidationError({"village_code": problem})
    region = wilayah.get_region(village_code.strip())
    subdistrict = wilayah.subdistrict_of(village_code.strip())
    changed = target.village_code != village_code.strip()
    target.village_code = village_code.strip()
    target.village_name = region.name.title() if region else target.village_code
    target.kecamatan = subdistrict.name.title() if subdistrict else ""
    if changed and not target.slug:
        target.slug = suggested_slug(target.village_name, district=target.district)
    _record_step(target, "desa")
    target.save()
    return target


# --- Step 2: the address --------------------------------------------------------------------------------


def suggested_slug(name: str, *, district: District) -> str:
    """The name as a DNS label ("Lam Ujong" → "lam-ujong"), with a number when it is taken."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "desa"
    if not base[0].isalpha():
        base = f"desa-{base}"[:40]
    candidate, number = base, 2
    while slug_problem(candidate, district=district) is not None and number < 50:
        candidate = f"{base[: 40 - len(str(number)) - 1]}-{number}"
        number += 1
    return candidate


def slug_problem(
    slug: str, *, district: District, application: Application | None = None
) -> ValidationError | None:
    """Why an address cannot be used: the DNS label rules, a reserved word, taken by a village of the
    district (or one deleted recently, whose address stays reserved), or by another application."""
    slug = slug.strip().lower()
    if not slug:
        return ValidationError(_("Isi alamat portal."), code="required")
    if len(slug) > 42 or "--" in slug:
        return ValidationError(
            _("Alamat paling panjang 42 karakter, tanpa dua tanda hubung berturut-turut."),
            code="slug_invalid",
        )
    try:
        SLUG_VALIDATOR(slug)
    except ValidationError:
        return ValidationError(
            _(
                "Gunakan huruf kecil, angka dan tanda hubung; diawali huruf dan tidak diakhiri "
                "tanda hubung (contoh: lam-ujong)."
            ),
            code="slug_invalid",
        )
    if slug in RESERVED_SLUGS:
        return ValidationError(_("Alamat ini dipakai oleh platform; pilih yang lain."), code="slug_reserved")
    if (
        Village.objects.filter(district=district, slug=slug).exists()
        or Domain.objects.filter(domain=village_host(slug, district.slug)).exists()
    ):
        return ValidationError(
            _("Alamat ini sudah dipakai %(noun)s lain.") % {"noun": district.village_noun}, code="slug_taken"
        )
    from tenants.services import address_reservation, address_reserved_error

    reservation = address_reservation(
        district, slug, village_code=application.village_code if application is not None else ""
    )
    if reservation is not None:
        return address_reserved_error(reservation, district)
    others = Application.objects.filter(district=district, slug=slug).exclude(
        status__in=(ApplicationStatus.REJECTED, ApplicationStatus.FAILED)
    )
    if application is not None:
        others = others.exclude(pk=application.pk)
    if others.exclude(status=ApplicationStatus.DRAFT).exists():
        return ValidationError(_("Alamat ini sudah diajukan oleh pendaftar lain."), code="slug_applied")
    return None


@transaction.atomic(durable=True)
def application_set_address(*, application: Application, slug: str, custom_domain: str = "") -> Application:
    target = _locked(application)
    _refuse_unless_draft(target)
    errors: dict[str, ValidationError] = {}
    problem = slug_problem(slug, district=target.district, application=target)
    if problem is not None:
        errors["slug"] = problem
    domain = custom_domain.strip().lower().rstrip(".")
    if domain:
        from tenants.services import clean_host

        try:
            domain = clean_host(domain)
        except ValidationError as error:
            errors["custom_domain"] = (
                ValidationError(
                    _("Tulis nama domain seperti lambaro.desa.id, atau kosongkan."), code="domain_invalid"
                )
                if getattr(error, "error_dict", None) is None or "domain" in error.error_dict
                else error
            )
    if errors:
        raise ValidationError(errors)
    target.slug, target.custom_domain = slug.strip().lower(), domain
    _record_step(target, "alamat")
    target.save()
    return target


# --- Step 3: the administrator, and the e-mail code -----------------------------------------------------


@dataclass(frozen=True)
class AdminInput:
    name: str
    position: str
    email: str
    phone: str
    password: str


@transaction.atomic(durable=True)
def application_set_admin(*, application: Application, data: AdminInput, resume_url: str) -> Application:
    """The portal's first administrator. A new or changed e-mail address must be verified: its code
    (with the resume link) is sent at once, whatever was sent to an earlier address. The password is
    checked by Django's validators and kept only as its hash."""
    target = _locked(application)
    _refuse_unless_draft(target)
    errors: dict[str, list[ValidationError]] = {}
    name, position = " ".join(data.name.split()), " ".join(data.position.split())
    email = data.email.strip().lower()
    if not name:
        errors["name"] = [ValidationError(_("Isi nama administrator."), code="required")]
    elif len(name) > 150 or "\x00" in name:
        errors["name"] = [ValidationError(_("Nama paling panjang 150 karakter."), code="too_long")]
    if not position or len(position) > 100 or "\x00" in position:
        errors["position"] = [
            ValidationError(_("Pilih atau tulis jabatan administrator."), code="position_invalid")
        ]
    try:
        EmailValidator()(email)
        if len(email) > 254:
            raise ValidationError("too long")
    except ValidationError:
        errors["email"] = [
            ValidationError(
                _("Tulis alamat e-mail yang benar, misalnya sekretaris@gmail.com."), code="email_invalid"
            )
        ]
    phone = ""
    if data.phone.strip():
        phone = normalized_mobile(data.phone) or ""
        if not phone:
            errors["phone"] = [
                ValidationError(_("Tulis nomor HP seperti 0812 3456 7890."), code="phone_invalid")
            ]
    if data.password or not target.admin_password:
        try:
            validate_password(
                data.password, user=User(username=email.partition("@")[0], full_name=name, email=email)
            )
        except ValidationError as error:
            errors["password"] = [
                ValidationError(message, code="password_weak") for message in error.messages
            ]
    if errors:
        raise ValidationError(errors)
    new_address = email != target.admin_email
    if new_address:
        target.email_verified_at = None
        target.email_code_hash = ""
        target.email_code_tries = 0
    target.admin_name, target.admin_position, target.admin_email, target.admin_phone = (
        name,
        position,
        email,
        phone,
    )
    if data.password:
        target.admin_password = make_password(data.password)
    _record_step(target, "admin")
    target.save()
    if target.email_verified_at is None and (new_address or not target.email_code_hash):
        _queue_code(target, resume_url=resume_url, now=timezone.now())
    return target


@transaction.atomic(durable=True)
def email_code_send(*, application: Application, resume_url: str) -> Application:
    """Sends a six-digit code to the administrator's address (with the resume link), at most once a
    minute; a new code replaces the old one."""
    target = _locked(application)
    _refuse_unless_draft(target)
    if not target.admin_email:
        raise ValidationError(_("Isi data administrator terlebih dahulu."), code="no_email")
    now = timezone.now()
    if target.email_code_sent_at and now - target.email_code_sent_at < EMAIL_CODE_RESEND_AFTER:
        raise ValidationError(
            _("Kode baru saja dikirim; tunggu satu menit sebelum meminta lagi."), code="code_too_soon"
        )
    _queue_code(target, resume_url=resume_url, now=now)
    return target


def _queue_code(target: Application, *, resume_url: str, now: datetime.datetime) -> None:
    """A new six-digit code for the application's address, in the caller's transaction; it leaves
    through the district's outbox after commit."""
    code = "".join(secrets.choice("0123456789") for _ in range(EMAIL_CODE_LENGTH))
    target.email_code_hash = _hash(f"{target.pk}:{code}")
    target.email_code_sent_at, target.email_code_tries = now, 0
    target.save(update_fields=["email_code_hash", "email_code_sent_at", "email_code_tries", "updated_at"])
    notification_queue(
        channel=Channel.EMAIL,
        recipient=target.admin_email,
        subject=_("Kode verifikasi pendaftaran portal Balai"),
        body=_(
            "Kode verifikasi Anda: %(code)s (berlaku 30 menit).\n\n"
            "Untuk melanjutkan pendaftaran %(village)s nanti, buka tautan ini: %(link)s\n"
            "Abaikan pesan ini bila Anda tidak mendaftar."
        )
        % {"code": code, "village": target.village_name or "", "link": resume_url},
        reference=f"signup:{target.pk}",
    )


def email_code_verify(*, application: Application, code: str) -> Application:
    """Marks the address verified with the code it was sent; a wrong code counts (five tries)."""
    target, problem = _email_code_check(application=application, code=code)
    if problem is not None:
        raise ValidationError({"code": problem})
    return target


@transaction.atomic(durable=True)
def _email_code_check(*, application: Application, code: str) -> tuple[Application, ValidationError | None]:
    """One transaction that commits either the verification or the wrong try."""
    target = _locked(application)
    _refuse_unless_draft(target)
    now = timezone.now()
    if (
        not target.email_code_hash
        or not target.email_code_sent_at
        or now - target.email_code_sent_at > EMAIL_CODE_LIFETIME
    ):
        return target, ValidationError(_("Kode sudah tidak berlaku; minta kode baru."), code="code_expired")
    if target.email_code_tries >= EMAIL_CODE_TRIES:
        return target, ValidationError(_("Terlalu banyak percobaan; minta kode baru."), code="code_locked")
    if not hmac.compare_digest(target.email_code_hash, _hash(f"{target.pk}:{code.strip()}")):
        target.email_code_tries += 1
        target.save(update_fields=["email_code_tries", "updated_at"])
        left = EMAIL_CODE_TRIES - target.email_code_tries
        return target, ValidationError(
            _("Kode salah. Sisa percobaan: %(left)s.") % {"left": left}, code="code_wrong"
        )
    target.email_verified_at, target.email_code_hash = now, ""
    target.save(update_fields=["email_verified_at", "email_code_hash", "updated_at"])
    return target, None


# --- Step 4: profile basics and officials ---------------------------------------------------------------


@dataclass(frozen=True)
class OfficialInput:
    name: str
    position: str
    is_head: bool = False


@dataclass(frozen=True)
class ProfileInput:
    address: str
    phone: str = ""
    email: str = ""
    office_hours: str = ""
    officials: tuple[OfficialInput, ...] = ()
    # The letterhead's logo (optional): a new one replaces the one before; `remove_logo` drops it.
    logo: IncomingFile | None = None
    remove_logo: bool = False


# The portal's own limit for the letterhead logo (modules.portal.forms).
LOGO_MAX_BYTES = 512 * 1024


PROFILE_LIMITS = {"address": 300, "phone": 20, "email": 254, "office_hours": 300}


@transaction.atomic(durable=True)
def application_set_profile(*, application: Application, data: ProfileInput) -> Application:
    """The office's address and contact, its service hours and the officials (one of them the head),
    kept until provisioning writes them into the portal (`portal.services`)."""
    target = _locked(application)
    _refuse_unless_draft(target)
    errors: dict[str, list[ValidationError]] = {}
    values = {name: " ".join(str(getattr(data, name)).split()) for name in PROFILE_LIMITS}
    for name, limit in PROFILE_LIMITS.items():
        if len(values[name]) > limit or "\x00" in values[name]:
            errors[name] = [
                ValidationError(_("Paling panjang %(limit)s karakter.") % {"limit": limit}, code="too_long")
            ]
    if not values["address"]:
        errors["address"] = [ValidationError(_("Isi alamat kantor."), code="required")]
    if values["email"]:
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            errors["email"] = [ValidationError(_("Tulis alamat e-mail yang benar."), code="email_invalid")]
    if values["phone"] and not re.fullmatch(r"[0-9 +()-]{6,20}", values["phone"]):
        errors["phone"] = [
            ValidationError(_("Tulis nomor telepon kantor dengan angka."), code="phone_invalid")
        ]
    officials = [
        {
            "name": " ".join(row.name.split()),
            "position": " ".join(row.position.split()),
            "is_head": row.is_head,
        }
        for row in data.officials
        if row.name.strip() or row.position.strip()
    ]
    if len(officials) > MAX_OFFICIALS:
        errors["officials"] = [
            ValidationError(
                _("Paling banyak %(count)s perangkat.") % {"count": MAX_OFFICIALS}, code="too_many_rows"
            )
        ]
    for number, row in enumerate(officials):
        if (
            not row["name"]
            or not row["position"]
            or len(str(row["name"])) > 150
            or len(str(row["position"])) > 100
        ):
            errors.setdefault(f"officials-{number}-name", []).append(
                ValidationError(
                    _("Isi nama dan jabatan (nama paling panjang 150 karakter)."), code="official_invalid"
                )
            )
    if sum(1 for row in officials if row["is_head"]) > 1:
        errors["officials"] = [
            ValidationError(_("Hanya satu perangkat yang ditandai sebagai kepala."), code="two_heads")
        ]
    if errors:
        raise ValidationError(errors)
    logo: dict[str, str] | None = None
    if data.logo is not None and not errors:
        try:
            document = document_of(data.logo)
        except ValidationError as error:
            errors["logo"] = [ValidationError(message, code="logo_invalid") for message in error.messages]
        else:
            if not document.content_type.startswith("image/"):
                errors["logo"] = [
                    ValidationError(_("Logo berupa gambar JPEG atau PNG."), code="logo_invalid")
                ]
            elif document.size > LOGO_MAX_BYTES:
                errors["logo"] = [ValidationError(_("Logo paling besar 512 KB."), code="logo_too_large")]
            else:
                logo = {
                    "content_type": document.content_type,
                    "extension": document.extension,
                    "data": base64.b64encode(document.content).decode("ascii"),
                }
    if errors:
        raise ValidationError(errors)
    answers = dict(target.answers or {})
    answers["profile"] = values
    answers["officials"] = officials
    if logo is not None:
        # Kept inside the encrypted answers until provisioning gives it to the portal.
        answers["logo"] = logo
    elif data.remove_logo:
        answers.pop("logo", None)
    target.answers = answers
    _record_step(target, "profil")
    target.save()
    return target


# --- Step 5: what to start with -------------------------------------------------------------------------

# The modules a village may leave off at first: the service catalogue, the portal and the PPID are
# always on (a public body must have its PPID, UU 14/2008).
OPTIONAL_MODULES: tuple[tuple[str, str], ...] = (
    ("pengaduan", "Pengaduan masyarakat"),
    ("survei", "Survei kepuasan dan jajak pendapat"),
    ("rencana", "Rencana aksi pelayanan"),
)


@dataclass(frozen=True)
class StartInput:
    modules_on: tuple[str, ...]
    services_kept: tuple[str, ...]


@transaction.atomic(durable=True)
def application_set_start(
    *, application: Application, data: StartInput, default_services: Iterable[str]
) -> Application:
    """Which optional modules are on and which of the default services to keep (at least one)."""
    target = _locked(application)
    _refuse_unless_draft(target)
    known_modules = {key for key, _label in OPTIONAL_MODULES}
    known_services = set(default_services)
    errors: dict[str, list[ValidationError]] = {}
    if set(data.modules_on) - known_modules:
        errors["modules_on"] = [ValidationError(_("Pilih modul dari daftar."), code="module_invalid")]
    if set(data.services_kept) - known_services:
        errors["services_kept"] = [ValidationError(_("Pilih layanan dari daftar."), code="service_invalid")]
    elif not data.services_kept:
        errors["services_kept"] = [
            ValidationError(_("Pilih paling sedikit satu layanan."), code="no_services")
        ]
    if errors:
        raise ValidationError(errors)
    answers = dict(target.answers or {})
    answers["modules_on"] = sorted(set(data.modules_on))
    answers["services_kept"] = sorted(set(data.services_kept))
    target.answers = answers
    _record_step(target, "modul")
    target.save()
    return target


# --- Step 6: submit, approval ---------------------------------------------------------------------------


def missing_steps(application: Application) -> list[str]:
    """The steps whose answers are not complete (the review page links each)."""
    missing = [step for number, step in enumerate(STEPS[:-1], start=1) if application.step_done < number]
    if "admin" not in missing and application.email_verified_at is None:
        missing.append("admin")
    return missing


def _enqueue_provision(application_id: int) -> None:
    from .tasks import provision_application

    transaction.on_commit(lambda: provision_application.delay(application_id))


@transaction.atomic(durable=True)
def application_submit(*, application: Application) -> Application:
    """Submits a complete application; a second submit (a reload) changes nothing. With the district's
    auto-approval it is approved at once and provisioning starts after commit."""
    target = _locked(application)
    if target.status != ApplicationStatus.DRAFT:
        return target
    missing = missing_steps(target)
    if missing:
        raise ValidationError(
            _("Lengkapi dulu langkah: %(steps)s.") % {"steps": ", ".join(missing)}, code="incomplete"
        )
    problem = village_code_problem(target.district, target.village_code) or slug_problem(
        target.slug, district=target.district, application=target
    )
    if problem is not None:
        raise problem
    now = timezone.now()
    target.status, target.submitted_at = ApplicationStatus.SUBMITTED, now
    if target.district.signup_auto_approve:
        target.status, target.decided_at, target.decided_by = ApplicationStatus.APPROVED, now, "otomatis"
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as error:  # another applicant submitted the same village a moment ago
        raise ValidationError(
            _("%(noun)s ini baru saja didaftarkan oleh pendaftar lain.")
            % {"noun": target.district.village_noun.capitalize()},
            code="village_applied",
        ) from error
    audit_record(
        action="signup.submit",
        actor=None,
        target=target,
        detail={"auto": target.status == ApplicationStatus.APPROVED},
    )
    if target.status == ApplicationStatus.APPROVED:
        _enqueue_provision(target.pk)
    return target


@transaction.atomic(durable=True)
def application_decide(
    *, actor: User, application: Application, approve: bool, reason: str = ""
) -> Application:
    """A district admin approves (provisioning starts after commit) or rejects with a reason; the
    applicant hears either way."""
    require_role(actor, APPROVER_ROLES)
    target = _locked(application)
    if target.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Pendaftaran ini tidak sedang menunggu persetujuan."), code="not_waiting")
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Tuliskan alasan penolakan untuk pendaftar."), code="reason_required"
                )
            }
        )
    target.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED
    target.decided_at, target.decided_by, target.reject_reason = (
        timezone.now(),
        actor.full_name or actor.get_username(),
        reason[:1000],
    )
    resume_token = ""
    if approve:
        # The resume link opens the progress page; only its hash is kept, so a new one goes out.
        resume_token = secrets.token_urlsafe(24)
        target.resume_hash = _hash(resume_token)
    target.save()
    audit_record(action="signup.decide", actor=actor, target=target, detail={"approved": approve})
    district = target.district
    noun = district.village_noun.capitalize()
    if approve:
        _enqueue_provision(target.pk)
        notification_queue(
            channel=Channel.EMAIL,
            recipient=target.admin_email,
            subject=_("Pendaftaran portal %(noun)s %(village)s disetujui")
            % {"noun": noun, "village": target.village_name},
            body=_(
                "Yth. %(name)s,\n\n"
                "%(district)s menyetujui pendaftaran portal %(noun)s %(village)s. Portal sedang "
                "disiapkan; biasanya hanya beberapa detik.\n\n"
                "Ikuti kemajuannya dan masuk ke portal lewat tautan ini: %(link)s\n"
                "Alamat portal: %(portal)s\n"
                "Masuk dengan alamat e-mail ini dan kata sandi yang Anda pilih saat mendaftar."
            )
            % {
                "name": target.admin_name,
                "district": district.name,
                "noun": noun,
                "village": target.village_name,
                "link": district_signup_url(district, RESUME_PATH.format(token=resume_token)),
                "portal": portal_url(target),
            },
            reference=f"signup:{target.pk}",
        )
    else:
        notification_queue(
            channel=Channel.EMAIL,
            recipient=target.admin_email,
            subject=_("Pendaftaran portal %(noun)s %(village)s belum disetujui")
            % {"noun": noun, "village": target.village_name},
            body=_(
                "Yth. %(name)s,\n\n"
                "Pendaftaran portal %(noun)s %(village)s belum dapat disetujui oleh %(district)s.\n\n"
                "Alasan: %(reason)s\n\n"
                "Setelah hal itu dibereskan, Anda dapat mendaftar lagi di %(link)s. Hubungi admin "
                "kabupaten bila ada yang perlu ditanyakan."
            )
            % {
                "name": target.admin_name,
                "noun": noun,
                "village": target.village_name,
                "district": district.name,
                "reason": target.reject_reason,
                "link": district_signup_url(district, "/daftar/"),
            },
            reference=f"signup:{target.pk}",
        )
    return target


@transaction.atomic(durable=True)
def application_retry(*, actor: User, application: Application) -> Application:
    """A district admin starts the provisioning of a failed application again (after the cause, a
    full disk or a database restart, is gone): approved again, the task queued after commit."""
    require_role(actor, APPROVER_ROLES)
    target = _locked(application)
    if target.status != ApplicationStatus.FAILED:
        raise ValidationError(
            _("Hanya pendaftaran yang gagal disiapkan yang dapat diulang."), code="not_failed"
        )
    target.status, target.error = ApplicationStatus.APPROVED, ""
    try:
        with transaction.atomic():
            target.save(update_fields=["status", "error", "updated_at"])
    except IntegrityError as error:  # meanwhile another application for the village was submitted
        raise ValidationError(
            _("%(noun)s ini sudah didaftarkan lagi oleh pendaftar lain.")
            % {"noun": target.district.village_noun.capitalize()},
            code="village_applied",
        ) from error
    audit_record(action="signup.retry", actor=actor, target=target)
    _enqueue_provision(target.pk)
    return target


@transaction.atomic(durable=True)
def signup_auto_approve_set(*, actor: User, district: District, auto_approve: bool) -> District:
    """The district's setting: complete applications are approved at once, or wait for a district
    admin. Applications already waiting keep waiting for a decision."""
    require_role(actor, APPROVER_ROLES)
    locked = District.objects.select_for_update().get(pk=district.pk)
    if locked.signup_auto_approve != auto_approve:
        District.objects.filter(pk=locked.pk).update(signup_auto_approve=auto_approve)
        audit_record(
            action="signup.auto_approve",
            actor=actor,
            target=locked,
            detail={"from": locked.signup_auto_approve, "to": auto_approve},
        )
    district.signup_auto_approve = auto_approve
    return district


# --- Provisioning (the Celery task's body) --------------------------------------------------------------

# The steps the progress page shows, in order: (key, label).
PROVISION_STEPS: tuple[tuple[str, str], ...] = (
    ("diperiksa", "Pendaftaran diperiksa"),
    ("alamat", "Alamat portal dicatat"),
    ("basis_data", "Basis data dibuat dan diisi layanan bawaan"),
    ("admin", "Akun administrator, profil dan perangkat disimpan"),
    ("aktif", "Portal dibuka"),
)


def _progress(application_id: int, key: str, *, error: str = "") -> None:
    """One short transaction per step, so the progress page sees it while the work goes on."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        if key not in application.progress:
            application.progress = [*application.progress, key]
        if error:
            application.error = error
        application.save(update_fields=["progress", "error", "updated_at"])


def application_provision(*, application_id: int) -> Application:
    """Registers the village, builds and seeds its schema, writes the answers (administrator,
    profile, officials, modules, services) in the same transaction, and opens the portal. Idempotent:
    a retry after a failure starts again and finds what is done."""
    from tenants.services import domain_add, village_provision, village_register, village_set_status

    from .answers import apply_answers

    application = Application.objects.select_related("district").get(pk=application_id)
    if application.status == ApplicationStatus.LIVE:
        return application
    if application.status not in (ApplicationStatus.APPROVED, ApplicationStatus.FAILED):
        raise ValidationError(_("Pendaftaran ini belum disetujui."), code="not_approved")
    _progress(application.pk, "diperiksa")
    village = village_register(
        district=application.district,
        code=application.village_code,
        slug=application.slug,
        name=application.village_name,
        kecamatan=application.kecamatan,
    )
    Application.objects.filter(pk=application.pk).update(village=village)
    _progress(application.pk, "alamat")
    village_provision(village, open_portal=False)
    _progress(application.pk, "basis_data")
    with schema_context(village.tenant.schema_name):
        apply_answers(application, village)
    _progress(application.pk, "admin")
    if application.custom_domain and not Domain.objects.filter(domain=application.custom_domain).exists():
        try:
            domain_add(tenant=village.tenant, host=application.custom_domain, actor=None)
        except ValidationError:
            logger.warning("signup %s: the custom domain was taken meanwhile; left out", application.pk)
    if village.status == VillageStatus.PENDING:
        village_set_status(village=village, status=VillageStatus.ACTIVE, actor=None)
    with transaction.atomic():
        done = Application.objects.select_for_update().get(pk=application.pk)
        done.status, done.error = ApplicationStatus.LIVE, ""
        done.progress = [key for key, _label in PROVISION_STEPS]
        # The village holds them now: the password hash and the answers leave the registry.
        done.admin_password, done.admin_phone = "", ""
        done.answers = {"modules_on": (done.answers or {}).get("modules_on", [])}
        done.save(
            update_fields=[
                "status",
                "error",
                "progress",
                "admin_password",
                "admin_phone",
                "answers",
                "updated_at",
            ]
        )
        audit_record(action="signup.live", actor=None, target=done, detail={"village": village.code})
    return done


def application_failed(*, application_id: int, error: str) -> None:
    """The last retry failed: the applicant reads a plain message, the district admin the error."""
    with transaction.atomic():
        Application.objects.filter(pk=application_id).update(
            status=ApplicationStatus.FAILED, error=error[:2000]
        )


def portal_url(application: Application) -> str:
    return public_url(village_host(application.slug, application.district.slug), "/staf/")


def district_signup_url(district: District, path: str) -> str:
    return public_url(district_host(district.slug), path)
