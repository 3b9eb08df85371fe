"""The district's own words for its villages: "gampong" and "keuchik" in Aceh Besar, "nagari" and
"wali nagari" in West Sumatra. Staff and residents read them wherever the district is known (a
village's or a district's host, a service given the village); the national words "desa" and
"kepala desa" are used only where no district is known (the platform tier, a bare schema_context).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist

from .db import tenant_connection as connection
from .models import District, Tenant, TenantType

NATIONAL_VILLAGE_NOUN = "desa"
NATIONAL_VILLAGE_HEAD_TITLE = "kepala desa"


def district_of(tenant: object) -> District | None:
    """The district of a village's or a district's tenant; None for the platform, for django-tenants'
    FakeTenant of a bare schema_context, and for a tenant whose registry row is missing."""
    if not isinstance(tenant, Tenant):
        return None
    try:
        if tenant.type == TenantType.VILLAGE:
            return tenant.village.district
        if tenant.type == TenantType.DISTRICT:
            return tenant.district
    except ObjectDoesNotExist:
        return None
    return None


def current_district() -> District | None:
    """The district of the schema the connection is in (the request's tenant inside a request)."""
    return district_of(getattr(connection, "tenant", None))


def village_noun(district: District | None) -> str:
    """The district's word for its villages ("gampong"); "desa" where the district is unknown."""
    return district.village_noun if district is not None else NATIONAL_VILLAGE_NOUN


def village_head_title(district: District | None) -> str:
    """The district's title of a village head ("keuchik"); "kepala desa" where it is unknown."""
    return district.village_head_title if district is not None else NATIONAL_VILLAGE_HEAD_TITLE


def current_village_head_title() -> str:
    """The head title of the current schema's district, capitalised ("Keuchik"): a model default."""
    return village_head_title(current_district()).title()
