"""The PPID's documents in the regulation's layouts: the decision letter on a request (PerKI
1/2018's "Keputusan PPID tentang Permohonan Informasi"). Official documents are Indonesian whatever
the page's language."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from modules.dokumen.pdf import A4, render_pdf
from modules.portal.selectors import letterhead
from tenants.models import Village

from .models import Decision, InformationRequest


def _signature(village: Village, *, name: str, date: Any) -> dict[str, Any]:
    noun = village.district.village_noun.capitalize()
    return {
        "place": village.name,
        "date": date,
        "position": f"PPID {noun} {village.name}",
        "name": name,
    }


def decision_letter_pdf(request: InformationRequest, village: Village) -> bytes:
    """The written answer to a request: its number, the requester, the information asked for, the
    decision and what follows from it, and the right to object to the PPID's superior."""
    decided_on = timezone.localdate(request.decided_at) if request.decided_at else timezone.localdate()
    with translation.override("id"):
        context = {
            "letterhead": letterhead(village),
            "letter": {
                "title": "Keputusan PPID tentang Permohonan Informasi",
                "number": request.letter_number,
            },
            "signature": _signature(village, name=request.decided_by, date=decided_on),
            "paper": A4,
            "request": request,
            "granted": request.decision in (Decision.GRANTED, Decision.PARTIAL),
            "village_name": letterhead(village)["village"],
        }
        html = render_to_string("ppid/documents/decision_letter.html", context)
    return render_pdf(html)
