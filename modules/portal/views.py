from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .selectors import published_officials, village_profile

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
