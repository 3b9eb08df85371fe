"""What provisioning writes into a new village's schema from the signup's answers, through the
services of the modules that own it (each its own transaction). Runs inside the new schema while the
village is still pending, so nobody sees its portal before it is complete; a retry finds what is done."""

from __future__ import annotations

import base64

from django.core.files.base import ContentFile

from modules.accounts.models import Role, User
from modules.accounts.services import staff_create
from modules.layanan import selectors as layanan_selectors
from modules.layanan import services as layanan
from modules.portal import selectors as portal_selectors
from modules.portal import services as portal
from tenants.models import Village
from tenants.services import village_set_modules_off

from .models import Application
from .services import OPTIONAL_MODULES

# The head the default profile names until the village fills it in (modules.portal.services).
PLACEHOLDER_OFFICIAL = "(belum diisi)"


def apply_answers(application: Application, village: Village) -> User:
    """The administrator (with the password the applicant chose), the profile, the officials (in
    place of the default placeholder), the optional modules not chosen switched off, the default
    services not kept switched off. Idempotent: a retry finds the administrator."""
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
    profile = {key: value for key, value in (answers.get("profile") or {}).items() if value}
    logo = answers.get("logo")
    if logo:
        profile["logo"] = ContentFile(base64.b64decode(logo["data"]), name=f"logo.{logo['extension']}")
    if profile:
        portal.profile_update(actor=admin, **profile)
    officials = answers.get("officials") or []
    if officials and not portal_has_officials():
        # The default profile's head "(belum diisi)" gives way to the officials the applicant named.
        for placeholder in portal_selectors.published_officials().filter(name=PLACEHOLDER_OFFICIAL):
            portal.official_remove(actor=admin, official=placeholder)
        for order, row in enumerate(officials, start=1):
            portal.official_save(
                actor=admin,
                official=None,
                name=row["name"],
                position=row["position"],
                order=order,
                is_head=bool(row.get("is_head")),
            )
    if "modules_on" in answers:
        chosen = set(answers["modules_on"])
        village_set_modules_off(
            village=village,
            modules_off=[label for label, _name in OPTIONAL_MODULES if label not in chosen],
            actor=admin,
        )
    kept = set(answers.get("services_kept") or [])
    if kept:
        for service in layanan_selectors.catalogue_services():
            if service.slug not in kept and service.is_active:
                layanan.service_set_active(service=service, actor=admin, is_active=False)
    return admin


def portal_has_officials() -> bool:
    return portal_selectors.published_officials().exclude(name=PLACEHOLDER_OFFICIAL).exists()
