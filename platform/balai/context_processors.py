from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tenants.models import TenantType
from tenants.words import village_head_title, village_noun


def tenant(request: HttpRequest) -> dict[str, Any]:
    """The current district and village (if any) and their local words, for every template."""
    current = getattr(request, "tenant", None)
    context: dict[str, Any] = {"base_domain": settings.BASE_DOMAIN, "district": None, "village": None}
    if current is None:
        return context
    if current.type == TenantType.VILLAGE:
        context["village"] = current.village
        context["district"] = current.village.district
    elif current.type == TenantType.DISTRICT:
        context["district"] = current.district
    district = context["district"]
    context["village_noun"] = village_noun(district)
    context["village_head_title"] = village_head_title(district)
    return context
