"""The signup's writes end to end: every step, the e-mail code, the submit (twice), auto-approval and
provisioning, which leaves a live village with its administrator, profile, officials and choices."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context, tenant_context

from modules.notifikasi.models import Notification
from modules.pendaftaran import services
from modules.pendaftaran.models import Application, ApplicationStatus
from tenants.models import District, Village, VillageStatus

pytestmark = pytest.mark.django_db
CODE = "11.06.10.2003"  # Bakoy, Ingin Jaya: not on the platform in the tests


def _complete(district: District, *, slug: str = "bakoy") -> Application:
    started = services.application_start(district=district)
    application = services.application_choose_village(application=started.application, village_code=CODE)
    assert application.village_name == "Bakoy" and application.slug == "bakoy"
    application = services.application_set_address(application=application, slug=slug)
    application = services.application_set_admin(
        application=application,
        data=services.AdminInput(
            name="Cut Nyak Bakoy",
            position="Sekretaris gampong",
            email="sekdes.bakoy@example.id",
            phone="0812 3456 7890",
            password="Kopi-Ulee-Kareng-88",
        ),
        resume_url="http://x/daftar/lanjut/t/",
    )
    body = Notification.objects.latest("pk").body
    code = re.search(r"\b(\d{6})\b", body).group(1)  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as wrong:
        services.email_code_verify(application=application, code="000000" if code != "000000" else "111111")
    assert wrong.value.error_dict["code"][0].code == "code_wrong"
    assert Application.objects.get(pk=application.pk).email_code_tries == 1
    application = services.email_code_verify(application=application, code=code)
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
    return services.application_set_start(
        application=application,
        data=services.StartInput(modules_on=("pengaduan",), services_kept=("surat-keterangan-domisili",)),
        default_services=("surat-keterangan-domisili", "surat-keterangan-usaha"),
    )


def test_a_complete_application_with_auto_approval_becomes_a_live_village(district):
    District.objects.filter(pk=district.pk).update(signup_auto_approve=True)
    district.refresh_from_db()
    with tenant_context(district.tenant):
        application = _complete(district)
        submitted = services.application_submit(application=application)
        again = services.application_submit(application=submitted)
    assert submitted.status == again.status == ApplicationStatus.APPROVED
    assert Application.objects.filter(village_code=CODE).count() == 1
    live = services.application_provision(application_id=submitted.pk)
    assert live.status == ApplicationStatus.LIVE and live.admin_password == ""
    village = Village.objects.get(code=CODE)
    assert village.status == VillageStatus.ACTIVE and village.slug == "bakoy"
    with schema_context(village.tenant.schema_name):
        from modules.accounts.models import User
        from modules.layanan.models import Service
        from modules.portal import selectors as portal_selectors

        admin = User.objects.get(username="sekdes.bakoy@example.id")
        assert admin.check_password("Kopi-Ulee-Kareng-88") and admin.role == "village_admin"
        assert portal_selectors.village_profile().address.startswith("Jalan Banda Aceh")
        assert {official.name for official in portal_selectors.published_officials()} >= {"Teuku Bakoy"}
        assert set(Service.objects.filter(is_active=True).values_list("slug", flat=True)) == {
            "surat-keterangan-domisili"
        }


def test_taken_villages_and_bad_addresses_are_refused_with_their_codes(district, village_a):
    with tenant_context(district.tenant):
        started = services.application_start(district=district)
        with pytest.raises(ValidationError) as taken:
            services.application_choose_village(application=started.application, village_code=village_a.code)
        assert taken.value.error_dict["village_code"][0].code == "village_taken"
        with pytest.raises(ValidationError) as elsewhere:
            services.application_choose_village(application=started.application, village_code="12.01.01.2001")
        assert elsewhere.value.error_dict["village_code"][0].code == "village_invalid"
        application = services.application_choose_village(application=started.application, village_code=CODE)
        for slug, code in (
            (village_a.slug, "slug_taken"),
            ("www", "slug_reserved"),
            ("Bakoy!", "slug_invalid"),
            ("-bakoy", "slug_invalid"),
            ("b" * 60, "slug_invalid"),
        ):
            with pytest.raises(ValidationError) as refused:
                services.application_set_address(application=application, slug=slug)
            assert refused.value.error_dict["slug"][0].code == code, slug


def test_two_applicants_for_one_village_end_with_one_application_submitted(district):
    with tenant_context(district.tenant):
        first = _complete(district)
        second = _complete(district, slug="bakoy-dua")
        services.application_submit(application=first)
        with pytest.raises(ValidationError) as late:
            services.application_submit(application=second)
    assert late.value.code == "village_applied"
    assert Application.objects.filter(village_code=CODE, status=ApplicationStatus.SUBMITTED).count() == 1
