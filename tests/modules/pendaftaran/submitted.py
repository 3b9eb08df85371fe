"""Applications built through the signup's services, for the district's pages, the module switches and
the approval journey: complete, then submitted (waiting for the district) or approved."""

from __future__ import annotations

import re

from django.db import connection
from django_tenants.utils import tenant_context

from modules.notifikasi.models import Notification
from modules.pendaftaran import services
from modules.pendaftaran.models import Application
from tenants.models import District

CODE = "11.06.10.2003"  # Bakoy, Ingin Jaya: not on the platform in the tests
ADMIN_EMAIL = "sekdes.bakoy@example.id"
ADMIN_PHONE = "0812 3456 7890"
PASSWORD = "Kopi-Ulee-Kareng-88"
DEFAULT_SERVICES = ("surat-keterangan-domisili", "surat-keterangan-usaha")


def complete_application(
    district: District,
    *,
    code: str = CODE,
    slug: str = "bakoy",
    email: str = ADMIN_EMAIL,
    modules_on: tuple[str, ...] = ("pengaduan", "survei", "rencana"),
) -> Application:
    """Every step answered and the e-mail verified (on the district's schema, as the wizard runs)."""
    with tenant_context(district.tenant):
        application = services.application_start(district=district).application
        application = services.application_choose_village(application=application, village_code=code)
        application = services.application_set_address(application=application, slug=slug)
        application = services.application_set_admin(
            application=application,
            data=services.AdminInput(
                name="Cut Nyak Bakoy",
                position="Sekretaris gampong",
                email=email,
                phone=ADMIN_PHONE,
                password=PASSWORD,
            ),
            resume_url="http://x/daftar/lanjut/t/",
        )
        body = Notification.objects.filter(reference__startswith="signup").latest("pk").body
        found = re.search(r"\b(\d{6})\b", body)
        assert found is not None
        application = services.email_code_verify(application=application, code=found.group(1))
        application = services.application_set_profile(
            application=application,
            data=services.ProfileInput(
                address="Jalan Banda Aceh–Medan Km 8, Bakoy",
                phone="0651 123456",
                office_hours="Senin–Jumat 08.00–16.00",
                officials=(
                    services.OfficialInput(name="Teuku Bakoy", position="Keuchik", is_head=True),
                    services.OfficialInput(name="Cut Nyak Bakoy", position="Sekretaris gampong"),
                ),
            ),
        )
        application = services.application_set_start(
            application=application,
            data=services.StartInput(modules_on=modules_on, services_kept=(DEFAULT_SERVICES[0],)),
            default_services=DEFAULT_SERVICES,
        )
    connection.set_schema_to_public()
    return application


def submitted_application(district: District, **kwargs: object) -> Application:
    """Submitted without auto-approval: it waits for a district admin."""
    District.objects.filter(pk=district.pk).update(signup_auto_approve=False)
    district.signup_auto_approve = False
    application = complete_application(district, **kwargs)  # type: ignore[arg-type]
    with tenant_context(district.tenant):
        submitted = services.application_submit(application=application)
    connection.set_schema_to_public()
    return submitted


def approved_application(district: District, **kwargs: object) -> Application:
    """Submitted with the district's auto-approval: approved, provisioning not run yet."""
    District.objects.filter(pk=district.pk).update(signup_auto_approve=True)
    district.signup_auto_approve = True
    application = complete_application(district, **kwargs)  # type: ignore[arg-type]
    with tenant_context(district.tenant):
        approved = services.application_submit(application=application)
    connection.set_schema_to_public()
    return approved
