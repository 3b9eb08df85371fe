"""The page a resident reaches from the link in the first WhatsApp/SMS message: a button (a POST, so
that a link preview or a scanner fetching the address confirms nothing) that lets later messages go
to that number."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import services


@never_cache
def phone_confirm(request: HttpRequest, token: str) -> HttpResponse:
    contact = services.phone_contact_for_token(token)
    if contact is None:
        return render(request, "notifikasi/phone_confirm.html", {"is_invalid": True}, status=404)
    if request.method == "POST":
        contact = services.phone_contact_confirm(contact=contact)
    return render(request, "notifikasi/phone_confirm.html", {"contact": contact})
