"""What provisioning writes into a new village's schema from the signup's answers, through the
services of the modules that own it (each its own transaction). Runs inside the new schema while the
village is still pending, so nobody sees its portal before it is complete; a retry finds what is done."""

from __future__ import annotations

from modules.accounts.models import Role, User
from modules.accounts.services import staff_create
from modules.layanan import selectors as layanan_selectors
from modules.layanan import services as layanan
from modules.portal import services as portal
from tenants.models import Village

from .models import Application


def apply_answers(application: Application, village: Village) -> User:
    """The administrator (with the password the applicant chose), the profile, the officials, the
    default services not kept switched off. Idempotent: a retry finds the administrator."""
    username = application.admin_email
    admin = User.objects.filter(username__iexact=username).first()
    if admin is None:
        admin, _password = staff_create(
            username=username,
            full_name=application.admin_name,
            role=Role.VILLAGE_ADMIN,
            position=application.admin_position,
            email=application.admin_email,
            actor=None,
        )
        admin.password = application.admin_password
        admin.save(update_fields=["password"])
    answers = application.answers or {}
    profile = answers.get("profile") or {}
    if profile:
        portal.profile_update(actor=admin, **{key: value for key, value in profile.items() if value})
    officials = answers.get("officials") or []
    if officials and not portal_has_officials():
        for order, row in enumerate(officials, start=1):
            portal.official_save(
                actor=admin,
                official=None,
                name=row["name"],
                position=row["position"],
                order=order,
                is_head=bool(row.get("is_head")),
            )
    kept = set(answers.get("services_kept") or [])
    if kept:
        for service in layanan_selectors.catalogue_services():
            if service.slug not in kept and service.is_active:
                layanan.service_set_active(service=service, actor=admin, is_active=False)
    return admin


def portal_has_officials() -> bool:
    from modules.portal import selectors as portal_selectors

    return portal_selectors.published_officials().exclude(name="(belum diisi)").exists()
