"""The village admin's page of Open311 API keys: issue one (its secret shown once, on the answer to
the POST, and never stored), see each key's prefix, creation and last use, revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from modules.accounts.models import User
from modules.accounts.staff_pages import page_required

from .. import selectors, services, staff_pages


class KeyIssueForm(forms.Form):
    """Shape only: the service decides (a blank name is its refusal, shown here)."""

    name = forms.CharField(
        label=gettext_lazy("Nama pemakai kunci"),
        help_text=gettext_lazy(
            "Aplikasi atau lembaga yang akan mengirim laporan, misalnya “Aplikasi Lapor Kecamatan”."
        ),
        max_length=100,
        required=False,
    )


def _staff_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


@page_required(staff_pages.API_KEYS)
def api_keys(request: HttpRequest) -> HttpResponse:
    form = KeyIssueForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_key_issue(actor=_staff_user(request), name=form.cleaned_data["name"])
        except ValidationError as error:
            for field, field_errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form = KeyIssueForm()
    refused = request.method == "POST" and issued is None
    return render(
        request,
        "pengaduan/open311/keys.html",
        {
            "form": form,
            "issued": issued,
            "keys": selectors.api_keys(),
            "discovery_url": request.build_absolute_uri(reverse("open311:discovery_json")),
        },
        status=400 if refused else 200,
    )


@require_POST
@page_required(staff_pages.API_KEYS)
def api_key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    key = get_object_or_404(selectors.api_keys(), pk=key_id)
    services.api_key_revoke(actor=_staff_user(request), key=key)
    messages.success(
        request, _("Kunci %(name)s dicabut; laporan dengannya ditolak mulai sekarang.") % {"name": key.name}
    )
    return redirect("pengaduan:staff_api_keys")
