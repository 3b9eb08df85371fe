import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from modules.audit.services import audit_record
from tenants.schemas import current_tenant_type

from .models import ROLES_BY_TENANT_TYPE, Role, User


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
