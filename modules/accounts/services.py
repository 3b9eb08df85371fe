import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.audit.services import audit_record
from tenants.schemas import current_tenant_type

from .models import ROLES_BY_TENANT_TYPE, Role, SignInLink, User


def generate_password() -> str:
    # Readable aloud over the phone to a village operator: no look-alike characters.
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(14))


@transaction.atomic
def staff_create(
    *,
    username: str,
    full_name: str,
    role: str,
    position: str = "",
    email: str = "",
    password: str | None = None,
    actor: User | None,
) -> tuple[User, str]:
    """Creates a staff account in the current schema. Returns the account and its password.

    Callers must already be inside the schema of the tenant the account belongs to; the role must
    be one that this kind of tenant has.
    """
    tenant_type = current_tenant_type()
    allowed = ROLES_BY_TENANT_TYPE[tenant_type]
    if role not in allowed:
        raise ValidationError(
            _("Peran %(role)s tidak tersedia di sini. Pilih salah satu: %(allowed)s.")
            % {"role": role, "allowed": ", ".join(r.value for r in allowed)}
        )
    taken = ValidationError(_("Nama pengguna %(username)s sudah dipakai.") % {"username": username})
    if User.objects.filter(username__iexact=username).exists():  # a friendlier answer for the usual case
        raise taken
    password = password or generate_password()
    user = User(username=username, full_name=full_name, role=role, position=position, email=email)
    if role == Role.PLATFORM_OPERATOR:
        user.is_staff = True
        user.is_superuser = True
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # the same name taken at the same moment: the constraint decides
        raise taken from error
    audit_record(action="account.create", actor=actor, target=user, detail={"role": role})
    return user, password


# --- One-time sign-in links -------------------------------------------------------------------------

SIGN_IN_LINK_LIFETIME = datetime.timedelta(minutes=10)


def _link_hash(token: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"sign-in-link:{token}".encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def sign_in_link_create(*, user: User) -> str:
    """A token that signs `user` in once within ten minutes (in the current schema, the user's).
    Returns the token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    SignInLink.objects.create(
        user=user, token_hash=_link_hash(token), expires_at=timezone.now() + SIGN_IN_LINK_LIFETIME
    )
    audit_record(action="accounts.sign_in_link", actor=None, target=user, detail={})
    return token


@transaction.atomic
def sign_in_link_use(*, token: str) -> User | None:
    """The active account of an unused, unexpired link, which is used up by this call; None for any
    other token (unknown, used, expired, malformed)."""
    if not token or len(token) > 100:
        return None
    link = (
        SignInLink.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_link_hash(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None or not link.user.is_active:
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    audit_record(action="accounts.sign_in_link_used", actor=link.user, target=link.user, detail={})
    return link.user
