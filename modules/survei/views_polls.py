"""Community polls: the residents' pages (the list, one poll, the code by SMS, the answers, the
results after closing) and the staff's (the list, a new poll, one poll's results so far, answers
recorded at a meeting). Thin views over services and selectors.

A resident's phone number is kept only in their session, encrypted and signed, between asking for
a code and answering: never in a URL, never in a page except masked ("0812*****890"), never in a log
line. Free-text answers are read by staff only; the public results never show them."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from modules.accounts.permissions import staff_user
from modules.accounts.staff_pages import page_required
from modules.api_errors.forms import errors_onto_form
from modules.privasi.crypto import DecryptionError, decrypt, encrypt
from modules.privasi.masking import mask_phone
from modules.privasi.phones import normalized_mobile
from modules.throttling.addresses import address_kept_out_of_logs

from . import selectors, services
from . import staff_pages as pages
from .forms_polls import BallotForm, PhoneForm, PollForm
from .ikm import rounded
from .models import Poll, QuestionKind
from .throttles_polls import code_to_phone_allowed, submission_allowed

PHONE_SESSION_KEY = "survei.poll_phone"
PHONE_SALT = "survei.poll_phone"
# As long as a code lives (services.POLL_CODE_LIFETIME) and a little more to fill in the answers.
PHONE_MAX_AGE = 30 * 60
THANKS_SESSION_KEY = "survei.poll_thanks"


def _village(request: HttpRequest) -> Any:
    return request.tenant.village  # type: ignore[attr-defined]


def _poll_or_404(poll_id: int) -> Poll:
    found = selectors.poll(poll_id)
    if found is None:
        raise Http404
    return found


def _too_many(request: HttpRequest, poll: Poll) -> HttpResponse:
    return render(request, "survei/polls/too_many.html", {"poll": poll}, status=429)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


# --- the phone number between step 1 and step 2 --------------------------------------------------------


def _keep_phone(request: HttpRequest, poll: Poll, phone: str) -> None:
    request.session[PHONE_SESSION_KEY] = signing.dumps(
        {"poll": poll.pk, "phone": encrypt(phone)}, salt=PHONE_SALT
    )


def _kept_phone(request: HttpRequest, poll: Poll) -> str | None:
    """The number this browser asked a code for this poll with, or None (none, another poll's,
    expired, tampered with)."""
    try:
        kept = signing.loads(
            request.session.get(PHONE_SESSION_KEY, ""), salt=PHONE_SALT, max_age=PHONE_MAX_AGE
        )
        if not isinstance(kept, dict) or kept.get("poll") != poll.pk:
            return None
        return decrypt(str(kept["phone"]))
    except (signing.BadSignature, DecryptionError, KeyError):
        return None


# --- charts: bars drawn as server-rendered SVG, with a table beside them for screen readers --------------


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: str  # of the participants (choices) or of the answers (a scale), rounded half up
    width: str  # the bar's length in the SVG's 100-unit viewBox


def _bars(rows: list[tuple[str, int]], whole: int) -> list[Bar]:
    bars = []
    for label, count in rows:
        share = Fraction(count, whole) * 100 if whole else Fraction(0)
        bars.append(
            Bar(label=label, count=count, percent=str(rounded(share, 0)), width=str(rounded(share, 1)))
        )
    return bars


@dataclass(frozen=True)
class QuestionChart:
    result: selectors.QuestionResult
    bars: list[Bar]
    answered: int  # scale: how many gave a point

    @property
    def is_choice(self) -> bool:
        return self.result.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    @property
    def is_scale(self) -> bool:
        return self.result.kind == QuestionKind.SCALE

    @property
    def is_text(self) -> bool:
        return self.result.kind == QuestionKind.TEXT


def _charts(poll: Poll) -> tuple[int, list[QuestionChart]]:
    participants, results = selectors.poll_results(poll)
    charts = []
    for result in results:
        if result.kind == QuestionKind.SCALE:
            answered = sum(count for _point, count in result.scale_counts)
            rows = [(str(point), count) for point, count in result.scale_counts]
            charts.append(QuestionChart(result=result, bars=_bars(rows, answered), answered=answered))
        else:
            charts.append(QuestionChart(result=result, bars=_bars(result.options, participants), answered=0))
    return participants, charts


# --- the residents' pages -------------------------------------------------------------------------------


def polls(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    every = list(selectors.polls_public())
    return render(
        request,
        "survei/polls/list.html",
        {
            "open_polls": sorted((p for p in every if p.is_open(now)), key=lambda p: p.closes_at),
            "upcoming_polls": sorted((p for p in every if p.opens_at > now), key=lambda p: p.opens_at),
            "closed_polls": [p for p in every if p.is_closed(now)],
        },
    )


def _poll_page(request: HttpRequest, poll: Poll, form: PhoneForm, *, status: int = 200) -> HttpResponse:
    return render(request, "survei/polls/poll.html", {"poll": poll, "form": form}, status=status)


def poll(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The poll, its questions read-only, and step 1 of taking part (while it is open)."""
    return _poll_page(request, _poll_or_404(poll_id), PhoneForm())


@address_kept_out_of_logs
@require_POST
def poll_code(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Step 1: a one-time code by SMS to the number given; the number is kept in the session."""
    found = _poll_or_404(poll_id)
    form = PhoneForm(request.POST)
    if not submission_allowed(request):
        return _too_many(request, found)
    if form.is_valid():
        number = normalized_mobile(str(form.cleaned_data.get("phone") or "").strip())
        if number is not None and not code_to_phone_allowed(request, number):
            form.add_error(
                "phone",
                ValidationError(
                    _("Sudah 3 kode dikirim ke nomor ini dalam satu jam. Coba lagi nanti."),
                    code="too_many_codes",
                ),
            )
            return _poll_page(request, found, form, status=429)
        try:
            services.poll_code_send(
                village=_village(request), poll=found, phone=str(form.cleaned_data.get("phone") or "")
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            assert number is not None  # the service accepted it
            _keep_phone(request, found, number)
            request.session.pop(THANKS_SESSION_KEY, None)
            return redirect("survei:poll_answer", poll_id=found.pk)
    return _poll_page(request, found, form, status=400)


@address_kept_out_of_logs
@never_cache
def poll_answer(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Step 2: the code and the answers. After a ballot is cast the page thanks the resident (the
    participants are not shown before the poll closes)."""
    found = _poll_or_404(poll_id)
    if request.method == "GET" and request.session.get(THANKS_SESSION_KEY) == found.pk:
        return _private(render(request, "survei/polls/thanks.html", {"poll": found}))
    phone = _kept_phone(request, found)
    if phone is None:
        if found.is_open():
            messages.info(request, _("Tulis nomor HP Anda dulu untuk menerima kode."))
        return redirect("survei:poll", poll_id=found.pk)
    form = BallotForm(request.POST if request.method == "POST" else None, poll=found)
    status = 200
    if request.method == "POST":
        if not submission_allowed(request):
            return _too_many(request, found)
        status = 400
        if form.is_valid():
            try:
                services.ballot_cast(poll=found, phone=phone, code=form.code(), data=form.ballot())
            except ValidationError as error:
                # "Already voted" is about the phone, which this form has not: at the top.
                errors_onto_form(form, error)
            else:
                request.session.pop(PHONE_SESSION_KEY, None)
                request.session[THANKS_SESSION_KEY] = found.pk
                return redirect("survei:poll_answer", poll_id=found.pk)
    return _private(
        render(
            request,
            "survei/polls/answer.html",
            {"poll": found, "form": form, "masked_phone": mask_phone(phone)},
            status=status,
        )
    )


def poll_results(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The results, once the poll has closed; before, when they will appear. Free-text answers are
    not published."""
    found = _poll_or_404(poll_id)
    context: dict[str, Any] = {"poll": found, "is_closed": found.is_closed()}
    if context["is_closed"]:
        context["participants"], context["charts"] = _charts(found)
    return render(request, "survei/polls/results.html", context)


# --- the staff's pages ----------------------------------------------------------------------------------


@page_required(pages.POLLS)
def staff_polls(request: HttpRequest) -> HttpResponse:
    return render(
        request, "survei/polls/staff_list.html", {"polls": selectors.polls_for_staff(), "now": timezone.now()}
    )


@page_required(pages.POLL_NEW)
def staff_poll_new(request: HttpRequest) -> HttpResponse:
    form = PollForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.poll_create(actor=staff_user(request), data=form.poll_input())
            except ValidationError as error:
                # Shown again with the filled blocks first, as the service numbered them.
                form = PollForm(form.compacted_data())
                form.is_valid()
                errors_onto_form(form, error)
            else:
                messages.success(request, _("Jajak pendapat disimpan."))
                return redirect("survei:staff_poll", poll_id=created.pk)
        return render(request, "survei/polls/staff_new.html", {"form": form}, status=400)
    return render(request, "survei/polls/staff_new.html", {"form": form})


@page_required(pages.POLL)
def staff_poll(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Results so far, free text included, and the participants by channel; a POST "tutup" closes
    the poll now (the meeting has decided), which publishes its results."""
    found = _poll_or_404(poll_id)
    if request.method == "POST" and request.POST.get("action") == "tutup":
        try:
            services.poll_close(actor=staff_user(request), poll=found)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Jajak pendapat ditutup; hasilnya sekarang tampil di portal."))
        return redirect("survei:staff_poll", poll_id=found.pk)
    participants, charts = _charts(found)
    return render(
        request,
        "survei/polls/staff_poll.html",
        {
            "poll": found,
            "participants": participants,
            "charts": charts,
            "channels": selectors.poll_participants_by_channel(found),
            "is_open": found.is_open(),
        },
    )


@page_required(pages.BALLOT_RECORD)
def staff_ballot_record(request: HttpRequest, poll_id: int) -> HttpResponse:
    """A participant's answers recorded at a meeting (musyawarah): no phone, no code."""
    found = _poll_or_404(poll_id)
    form = BallotForm(request.POST if request.method == "POST" else None, poll=found, with_code=False)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.ballot_record(actor=staff_user(request), poll=found, data=form.ballot())
            except ValidationError as error:
                errors_onto_form(form, error)
            else:
                messages.success(request, _("Jawaban peserta musyawarah dicatat."))
                return redirect("survei:staff_poll", poll_id=found.pk)
    return render(
        request,
        "survei/polls/staff_record.html",
        {"poll": found, "form": form, "is_open": found.is_open()},
        status=status,
    )
