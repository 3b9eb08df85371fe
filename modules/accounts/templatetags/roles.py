"""`{{ user|role_label:district }}`: the account's role in the district's own words ("Admin
gampong"), never the stored national label (modules.accounts.models.role_label)."""

from django import template

from modules.accounts.models import role_label as label_of_role
from tenants.models import District

register = template.Library()


@register.filter
def role_label(user: object, district: District | None) -> str:
    role = getattr(user, "role", "")
    return label_of_role(role, district) if role else ""
