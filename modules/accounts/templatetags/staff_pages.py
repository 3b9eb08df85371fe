"""`{% if user|may_open:"layanan:staff_catalogue" %}`: a link is shown only to a role that the
page's own check lets in (both read modules/accounts/staff_pages.py)."""

from django import template

from modules.accounts import staff_pages

register = template.Library()


@register.filter
def may_open(user: object, url_name: str) -> bool:
    return staff_pages.may_open(user, url_name)
