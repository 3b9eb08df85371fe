"""Writes: a district or a village declares a date a working day or a day off, or withdraws that."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from modules.audit.services import audit_record
from tenants.schemas import current_tenant_type
from tenants.words import current_district, village_noun

from .models import DayOverride, OverrideScope


def district_day_override_set(
    *, district_id: int, day: datetime.date, is_working_day: bool, reason: str, actor: Any
) -> DayOverride:
    """Declares ``day`` a working day or a day off for every village of the district.

    Written to the public schema whichever schema the caller is in; the audit row goes there too.
    """
    with schema_context(get_public_schema_name()), transaction.atomic():
        override, _created = DayOverride.objects.update_or_create(
            scope=OverrideScope.DISTRICT,
            district_id=district_id,
            day=day,
            defaults={"is_working_day": is_working_day, "reason": reason},
        )
        audit_record(
            action="kalender.district_override_set",
            actor=actor,
            target=override,
            detail={"district_id": district_id, "day": day.isoformat(), "is_working_day": is_working_day},
        )
    return override


def district_day_override_remove(*, district_id: int, day: datetime.date, actor: Any) -> bool:
    """Withdraws the district's declaration for ``day``; False when there was none."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        deleted, _per_model = DayOverride.objects.filter(
            scope=OverrideScope.DISTRICT, district_id=district_id, day=day
        ).delete()
        if deleted:
            audit_record(
                action="kalender.district_override_remove",
                actor=actor,
                detail={"district_id": district_id, "day": day.isoformat()},
            )
    return bool(deleted)


@transaction.atomic
def village_day_override_set(
    *, day: datetime.date, is_working_day: bool, reason: str, actor: Any
) -> DayOverride:
    """Declares ``day`` a working day or a day off for this village; beats the district's word.

    Callers must already be inside the village's schema.
    """
    _require_village_schema()
    override, _created = DayOverride.objects.update_or_create(
        scope=OverrideScope.VILLAGE,
        district_id=None,
        day=day,
        defaults={"is_working_day": is_working_day, "reason": reason},
    )
    audit_record(
        action="kalender.village_override_set",
        actor=actor,
        target=override,
        detail={"day": day.isoformat(), "is_working_day": is_working_day},
    )
    return override


@transaction.atomic
def village_day_override_remove(*, day: datetime.date, actor: Any) -> bool:
    """Withdraws this village's declaration for ``day``; False when there was none.

    Callers must already be inside the village's schema.
    """
    _require_village_schema()
    deleted, _per_model = DayOverride.objects.filter(scope=OverrideScope.VILLAGE, day=day).delete()
    if deleted:
        audit_record(action="kalender.village_override_remove", actor=actor, detail={"day": day.isoformat()})
    return bool(deleted)


def _require_village_schema() -> None:
    if current_tenant_type() != "village":
        noun = village_noun(current_district())  # the district's word on its own host, "desa" elsewhere
        raise ValidationError(
            _(
                "Pengecualian hari kerja %(village_noun)s hanya dapat diatur dari dalam portal "
                "%(village_noun)s."
            )
            % {"village_noun": noun},
            code="not_in_village",
        )
