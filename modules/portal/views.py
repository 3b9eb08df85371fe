from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from modules.accounts.models import Role
from modules.accounts.permissions import role_required

from .forms import ProfileForm
from .selectors import published_officials, village_profile
from .services import PROFILE_FIELDS, profile_update

# The modules that open on the portal as they land; each says what a resident can do there.
MODULES_TO_COME = [
    (_("Informasi publik (PPID)"), _("Daftar informasi publik dan permohonan informasi.")),
    (_("Pengaduan"), _("Sampaikan keluhan dan pantau tindak lanjutnya.")),
    (_("Survei kepuasan"), _("Nilai pelayanan desa (SKM).")),
]


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


@role_required(Role.VILLAGE_ADMIN)
def staff_profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, request.FILES or None, instance=village_profile())
    if request.method == "POST" and form.is_valid():
        profile_update(actor=request.user, **{field: form.cleaned_data[field] for field in PROFILE_FIELDS})
        messages.success(request, _("Profil tersimpan."))
        return redirect("portal:staff_profile")
    return render(
        request, "portal/staff_profile.html", {"form": form}, status=400 if request.method == "POST" else 200
    )
