"""The staff page where a village (or a district, for all its villages) declares a date a working
day or a day off. Due dates of new requests count with these declarations."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.accounts.staff_pages import page_required
from tenants.models import TenantType

from . import selectors, services, staff_pages
from .forms import DayOverrideForm


@page_required(staff_pages.OVERRIDES)
def overrides(request: HttpRequest) -> HttpResponse:
    tenant = request.tenant  # type: ignore[attr-defined]
    is_village = tenant.type == TenantType.VILLAGE
    district_id = tenant.village.district_id if is_village else tenant.district.pk
    form = DayOverrideForm(request.POST or None)
    if request.method == "POST" and request.POST.get("remove"):
        try:
            day = datetime.date.fromisoformat(request.POST["remove"])
        except ValueError:
            messages.error(request, _("Tanggal tidak dikenali."))
            return redirect("kalender:overrides")
        if is_village:
            services.village_day_override_remove(day=day, actor=request.user)
        else:
            services.district_day_override_remove(district_id=district_id, day=day, actor=request.user)
        messages.success(
            request, _("Pengecualian tanggal %(day)s dihapus.") % {"day": day.strftime("%d-%m-%Y")}
        )
        return redirect("kalender:overrides")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if is_village:
            services.village_day_override_set(
                day=data["day"],
                is_working_day=data["is_working_day"],
                reason=data["reason"],
                actor=request.user,
            )
        else:
            services.district_day_override_set(
                district_id=district_id,
                day=data["day"],
                is_working_day=data["is_working_day"],
                reason=data["reason"],
                actor=request.user,
            )
        messages.success(request, _("Tersimpan."))
        return redirect("kalender:overrides")
    today = timezone.localdate()
    return render(
        request,
        "kalender/overrides.html",
        {
            "form": form,
            "is_village": is_village,
            "own": selectors.village_overrides(since=today)
            if is_village
            else selectors.district_overrides(district_id=district_id, since=today),
            "district_rows": selectors.district_overrides(district_id=district_id, since=today)
            if is_village
            else [],
            "national": selectors.national_days_off_between(today, today + datetime.timedelta(days=365)),
        },
        status=400 if request.method == "POST" else 200,
    )
