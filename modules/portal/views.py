from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from modules.accounts.staff_pages import page_required

from .forms import OfficialForm, ProfileForm
from .models import Official
from .selectors import published_officials, village_profile
from .services import OFFICIAL_FIELDS, PROFILE_FIELDS, official_remove, official_save, profile_update
from .staff_pages import OFFICIALS, PROFILE

# The modules that open on the portal as they land; each says what a resident can do there.
MODULES_TO_COME: list[tuple[str, str]] = []


def village_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "profile": village_profile(),
            "officials": published_officials(),
            "modules_to_come": MODULES_TO_COME,
        },
    )


@page_required(PROFILE)
def staff_profile(request: HttpRequest) -> HttpResponse:
    district = request.tenant.village.district  # type: ignore[attr-defined]
    form = ProfileForm(
        request.POST or None, request.FILES or None, instance=village_profile(), district=district
    )
    if request.method == "POST" and form.is_valid():
        profile_update(actor=request.user, **{field: form.cleaned_data[field] for field in PROFILE_FIELDS})
        messages.success(request, _("Profil tersimpan."))
        return redirect("portal:staff_profile")
    return render(
        request, "portal/staff_profile.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@page_required(OFFICIALS)
def staff_officials(request: HttpRequest, official_id: int | None = None) -> HttpResponse:
    """The village's officials (perangkat): the head signs letters and decrees, and the SOP document
    lists each service's officer in charge with a work contact."""
    official = get_object_or_404(Official, pk=official_id) if official_id else None
    if request.method == "POST" and request.POST.get("action") == "remove" and official is not None:
        official_remove(actor=request.user, official=official)  # type: ignore[arg-type]
        messages.success(request, _("%(name)s dihapus dari daftar perangkat.") % {"name": official.name})
        return redirect("portal:staff_officials")
    form = OfficialForm(request.POST or None, initial=OfficialForm.initial_for(official))
    district = request.tenant.village.district  # type: ignore[attr-defined]
    form.fields["is_head"].label = district.village_head_title.capitalize()
    if request.method == "POST" and form.is_valid():
        saved = official_save(
            actor=request.user,  # type: ignore[arg-type]
            official=official,
            **{field: form.cleaned_data[field] for field in OFFICIAL_FIELDS},
        )
        messages.success(request, _("%(name)s tersimpan.") % {"name": saved.name})
        return redirect("portal:staff_officials")
    return render(
        request,
        "portal/staff_officials.html",
        {"form": form, "official": official, "officials": Official.objects.order_by("-is_head", "order")},
        status=400 if request.method == "POST" else 200,
    )
