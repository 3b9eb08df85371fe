"""The residents' survey pages: the published results (IKM, the chart per element, the trend, the
follow-up plan), the questionnaire through a one-time invitation and its thanks, and the same
questionnaire at the office's kiosk. Thin views over services and selectors; no page shows who
answered, and suggestions are never shown here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from modules.api_errors.forms import errors_onto_form
from modules.layanan.selectors import current_standards
from modules.privasi.crypto import same_secret
from modules.throttling.addresses import address_kept_out_of_logs
from modules.throttling.throttles import lookup_allowed, submission_allowed

from . import charts, ikm, selectors, services
from .elements import BY_KEY, ELEMENTS, Element
from .forms import QuestionnaireForm
from .models import Invitation

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
TREND_PERIODS = 4


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "survei/public/too_many.html", status=429)


def _shown(value: Decimal | None, places: int = 2) -> str:
    return "–" if value is None else number_format(value, places)


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + number_format(abs(value), 2)


# --- the results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementRow:
    element: Element
    nrr: Decimal | None  # rounded to 4 places
    respondents: int

    @property
    def shown(self) -> str:
        return _shown(self.nrr, 4)


@dataclass(frozen=True)
class TrendRow:
    period: selectors.Period
    value: Decimal | None  # the converted IKM, rounded to 2 places
    respondents: int

    @property
    def shown(self) -> str:
        return _shown(self.value)

    @property
    def short_label(self) -> str:
        """The chart's label, short enough for a phone: "S2 2026" or "2026"."""
        return (
            f"S{self.period.semester} {self.period.year}" if self.period.semester else str(self.period.year)
        )


def _period_choices(chosen: selectors.Period) -> list[tuple[str, str]]:
    semesters = set(selectors.periods_with_answers()) | {chosen}
    years = {selectors.Period(period.year) for period in semesters}
    return [(period.key, period.label) for period in sorted(semesters | years, reverse=True)]


def results(request: HttpRequest) -> HttpResponse:
    """The published results of a period (?periode=2026-2, 2026-1 or 2026; the current semester
    without one)."""
    asked = request.GET.get("periode", "")
    period = (
        selectors.Period.parse(asked[:10]) if asked else selectors.Period.containing(timezone.localdate())
    )
    status = 200
    if period is None:
        messages.error(request, _("Periode tidak dikenal; ditampilkan semester berjalan."))
        period, status = selectors.Period.containing(timezone.localdate()), 400
    found = selectors.results(period)
    index = found.index
    exact = index.converted_shown(ikm.EXACT_WEIGHT)
    rounded_weight = index.converted_shown(ikm.ROUNDED_WEIGHT)
    elements = [
        ElementRow(
            element=BY_KEY[element.key],
            nrr=None if element.nrr is None else ikm.rounded(element.nrr, 4),
            respondents=element.respondents,
        )
        for element in index.elements
    ]
    trend = [
        TrendRow(period=each, value=each_index.converted_shown(), respondents=each_index.respondents)
        for each, each_index in selectors.trend(period, count=TREND_PERIODS)
    ]
    change = found.change
    plan = list(selectors.follow_up_plan(period))
    return render(
        request,
        "survei/public/results.html",
        {
            "period": period,
            "period_choices": _period_choices(period),
            "results": found,
            "respondents": index.respondents,
            "exact": _shown(exact),
            "rounded_weight": _shown(rounded_weight),
            "category": index.category(ikm.EXACT_WEIGHT),
            "rounded_category": index.category(ikm.ROUNDED_WEIGHT),
            "change": None if not isinstance(change, Decimal) else _signed(change),
            "previous_shown": _shown(found.previous.converted_shown()),
            "elements": elements,
            "element_chart": charts.horizontal_bars(
                [charts.Bar(f"U{row.element.number}", row.nrr, _shown(row.nrr, 2)) for row in elements],
                maximum=Decimal(4),
                title=_("Nilai rata-rata (NRR) per unsur, skala 1–4"),
            ),
            "trend": trend,
            "trend_chart": charts.column_trend(
                [charts.Bar(row.short_label, row.value, row.shown) for row in trend],
                lowest=Decimal(25),
                highest=Decimal(100),
                title=_("IKM konversi per periode"),
            ),
            "plan": [
                {"action": action, "element": BY_KEY[action.element]}
                for action in plan
                if action.element in BY_KEY
            ],
            "weakest": [BY_KEY[element.key] for element in found.weakest()],
        },
        status=status,
    )


# --- the questionnaire by invitation -------------------------------------------------------------------


def _invitation_or_404(token: str) -> Invitation:
    if not TOKEN.fullmatch(token):
        raise Http404
    invitation = selectors.invitation_by_token(token)
    if invitation is None or not same_secret(invitation.token, token):
        raise Http404
    return invitation


def _already_answered(request: HttpRequest, invitation: Invitation, *, status: int) -> HttpResponse:
    return render(request, "survei/public/already_answered.html", {"invitation": invitation}, status=status)


@address_kept_out_of_logs
@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire of one invitation. Post/redirect/get to the thanks; a used invitation shows
    that it was answered (and refuses a forged POST with 400)."""
    if not request.user.is_authenticated and not lookup_allowed(request):
        return _too_many(request)
    invitation = _invitation_or_404(token)
    if invitation.used_at is not None:
        return _already_answered(request, invitation, status=400 if request.method == "POST" else 200)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated and not submission_allowed(request):
            return _too_many(request)
        if form.is_valid():
            try:
                services.response_submit(token=token, data=form.new_response())
            except ValidationError as error:
                if getattr(error, "code", None) == "already_answered":
                    return _already_answered(request, invitation, status=400)
                if getattr(error, "code", None) == "unknown_invitation":
                    raise Http404 from error
                errors_onto_form(form, error)
            else:
                return redirect("survei:thanks")
    response = render(
        request,
        "survei/public/answer.html",
        {"form": form, "invitation": invitation, "elements": ELEMENTS},
        status=200 if request.method == "GET" else 400,
    )
    response["Cache-Control"] = "no-store"
    return response


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "survei/public/thanks.html")


# --- the kiosk -------------------------------------------------------------------------------------------


def _service_choices() -> list[tuple[str, str]]:
    names = [standard.service.name for standard in current_standards()]
    return [(name, name) for name in names]


@address_kept_out_of_logs
@never_cache
def kiosk(request: HttpRequest) -> HttpResponse:
    """The questionnaire on the office's tablet, which proves it is a kiosk by its cookie. After
    each answer the page comes back empty for the next resident."""
    token = request.COOKIES.get(services.KIOSK_COOKIE, "")
    device = selectors.kiosk_by_token(token) if TOKEN.fullmatch(token) else None
    if device is None:
        if token and not lookup_allowed(request):
            return _too_many(request)
        return render(request, "survei/public/not_kiosk.html", status=403)
    choices = _service_choices()
    if device.service_name and device.service_name not in dict(choices):
        choices.insert(0, (device.service_name, device.service_name))
    form = QuestionnaireForm(
        request.POST or None,
        service_choices=choices,
        initial={"service_name": device.service_name},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.response_submit_at_kiosk(kiosk_token=token, data=form.new_response())
            except ValidationError as error:
                code = getattr(error, "code", None)
                if code == "unknown_kiosk":
                    return render(request, "survei/public/not_kiosk.html", status=403)
                if code == "kiosk_busy":
                    messages.error(request, " ".join(error.messages))
                    form = QuestionnaireForm(
                        service_choices=choices, initial={"service_name": device.service_name}
                    )
                    status = 429
                else:
                    errors_onto_form(form, error)
            else:
                messages.success(request, _("Terima kasih — silakan serahkan ke warga berikutnya."))
                return redirect("survei:kiosk")
    response = render(request, "survei/public/kiosk.html", {"form": form, "device": device}, status=status)
    response["Cache-Control"] = "no-store"
    return response
