"""Staff accounts. Every schema has its own user table, so an account exists only in the tenant that
created it: a village's staff cannot sign in on another village's host, nor on the district's."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tenants.models import District, TenantType
from tenants.words import village_noun


class Role(models.TextChoices):
    # The stored labels are the national words, for places that know no district; staff read a
    # role through role_label(), which names the village as their district does ("Admin gampong").
    VILLAGE_ADMIN = "village_admin", _("Admin desa")
    OPERATOR = "operator", _("Operator layanan")
    PPID_OFFICER = "ppid_officer", _("Petugas PPID")
    PPID_SUPERIOR = "ppid_superior", _("Atasan PPID")
    COMPLAINT_OFFICER = "complaint_officer", _("Petugas pengaduan")
    # A member of the village council (BPD): reads the complaint register, never an identity.
    COUNCIL_MEMBER = "council_member", _("Anggota BPD")
    DISTRICT_ADMIN = "district_admin", _("Admin kabupaten")
    FACILITATOR = "facilitator", _("Pendamping desa")  # the national title (Kemendesa), kept literal
    PLATFORM_OPERATOR = "platform_operator", _("Operator platform")


ROLES_BY_TENANT_TYPE: dict[str, tuple[Role, ...]] = {
    TenantType.VILLAGE: (
        Role.VILLAGE_ADMIN,
        Role.OPERATOR,
        Role.PPID_OFFICER,
        Role.PPID_SUPERIOR,
        Role.COMPLAINT_OFFICER,
        Role.COUNCIL_MEMBER,
    ),
    TenantType.DISTRICT: (Role.DISTRICT_ADMIN, Role.FACILITATOR),
    TenantType.PUBLIC: (Role.PLATFORM_OPERATOR,),
}


def role_label(role: str, district: District | None) -> str:
    """A role as staff of `district` read it ("Admin gampong" in Aceh Besar); the national label
    where the district is unknown. An unknown stored value is shown as it is."""
    if role == Role.VILLAGE_ADMIN:
        return gettext("Admin %(village_noun)s") % {"village_noun": village_noun(district)}
    return str(Role(role).label) if role in Role.values else role


class User(AbstractUser):
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    role = models.CharField(_("peran"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("akun staf")
        verbose_name_plural = _("akun staf")

    def __str__(self) -> str:
        return self.full_name or self.username


class SignInLink(models.Model):
    """A one-time link that signs one account in without its password (the signup wizard's last
    button into the new portal). Only the token's hash is kept; it lasts minutes and is used once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tautan masuk sekali pakai")
        verbose_name_plural = _("tautan masuk sekali pakai")

    def __str__(self) -> str:
        return f"tautan masuk {self.pk}"
