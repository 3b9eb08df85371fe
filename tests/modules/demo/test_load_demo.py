import io

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from modules.audit.models import AuditEvent
from modules.layanan.models import Letter, ServiceRequest
from modules.portal.models import Official, VillageProfile
from tenants.models import Village


@pytest.mark.slow
def test_the_demo_loads_real_gampong_accounts_and_requests_and_a_second_load_changes_nothing(db):
    first, second = io.StringIO(), io.StringIO()

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    codes = dict(Village.objects.filter(district__code="11.06").values_list("slug", "code"))
    assert codes == {"lambaro": "11.06.10.2001", "siron": "11.06.10.2007", "lamteh": "11.06.08.2007"}
    assert "account v_1106082007: admin.lamteh / " in first.getvalue()
    assert "account" not in second.getvalue()
    with schema_context("v_1106102001"):
        assert sorted(ServiceRequest.objects.values_list("status", flat=True)) == [
            "diajukan",
            "perlu_kelengkapan",
            "selesai",
        ]
        assert Letter.objects.get().number.startswith("474.4/001/11.06.10.2001/")
        assert VillageProfile.objects.get(pk=1).phone == "0651-123401"
        assert list(Official.objects.order_by("order").values_list("name", "position", "is_head")) == [
            ("Teuku Zulkifli", "Keuchik", True),
            ("Nurul Hidayati", "Sekretaris Gampong", False),
            ("Muhammad Rizal", "Kasi Pelayanan", False),
            ("Cut Rahmah", "Kaur Keuangan", False),
        ]
        # Written through the portal's services, as the admin whose account the demo created.
        assert list(
            AuditEvent.objects.filter(action__startswith="portal.")
            .order_by("pk")
            .values_list("action", "actor_label")
        ) == [
            ("portal.profile_update", "Admin Lambaro"),
            ("portal.official_remove", "Admin Lambaro"),
            *[("portal.official_add", "Admin Lambaro")] * 4,
        ]
