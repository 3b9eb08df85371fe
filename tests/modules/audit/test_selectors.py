"""The newest staff row of the audit log (the district's "days since the portal was updated")."""

import datetime

import pytest
from django.utils import timezone

from modules.audit.models import AuditEvent
from modules.audit.selectors import latest_staff_action_at
from modules.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_only_rows_with_an_actor_count_and_until_cuts_later_ones(in_village_a, staff):
    AuditEvent.objects.all().delete()
    audit_record(action="warga.tulis", actor=None)
    assert latest_staff_action_at() is None

    old = audit_record(action="staf.lama", actor=staff["village_admin"])
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    new = audit_record(action="staf.baru", actor=staff["village_admin"])

    assert latest_staff_action_at() == AuditEvent.objects.get(pk=new.pk).created_at
    cut = timezone.localdate() - datetime.timedelta(days=5)
    assert latest_staff_action_at(until=cut) == AuditEvent.objects.get(pk=old.pk).created_at
