"""The residents' PPID pages: what the PPID is, the DIP with its downloads, the procedure, the
information request form and its confirmation, the public status by code, the requester's private
page with the decision letter and the objection form, the serta-merta announcements and the
subscription to them. Thin views over services and selectors; no public page shows who asked."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from modules.api_errors.forms import errors_onto_form
from modules.notifikasi.models import NotifyChannel
from modules.portal.selectors import village_profile
from modules.privasi.crypto import same_secret
from modules.throttling.addresses import address_kept_out_of_logs
from modules.workflow.codes import TRACKING_ALPHABET

from . import selectors, services
from .forms import GROUND_EXPLAINED, ObjectionForm, RequestForm, SubscribeForm
from .models import (
    ANSWER_WORKING_DAYS,
    COMMISSION_WORKING_DAYS,
    EXTENSION_MAX_WORKING_DAYS,
    OBJECTION_ANSWER_WORKING_DAYS,
    OBJECTION_FILING_WORKING_DAYS,
    EventKind,
    InfoCategory,
    InformationRequest,
    ObjectionStatus,
    RequestStatus,
)
from .throttles import lookup_allowed, submission_allowed

SUBMITTED_SESSION_KEY = "ppid.submitted"
SUBMITTED_SALT = "ppid.submitted"
SUBMITTED_MAX_AGE = 30 * 60
SECRET = re.compile(r"[A-Za-z0-9_-]{16,64}")
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
QUERY_MAX_LENGTH = 100
R = TypeVar("R", bound=HttpResponseBase)


def _village(request: HttpRequest) -> Any:
    return request.tenant.village  # type: ignore[attr-defined]


def normal_code(code: str) -> str | None:
    """A tracking code as residents type it in its stored form, or None when it cannot be one (so
    nothing odd reaches the database)."""
    letters = code.strip().upper().replace("-", "").replace(" ", "")
    if len(letters) != 8 or any(letter not in TRACKING_ALPHABET for letter in letters):
        return None
    return f"{letters[:4]}-{letters[4:]}"


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "ppid/public/too_many.html", status=429)


def _private(response: R) -> R:
    response["Cache-Control"] = "no-store"
    return response


# --- the PPID's pages ---------------------------------------------------------------------------------


def ppid_home(request: HttpRequest) -> HttpResponse:
    return render(request, "ppid/public/home.html", {"profile": village_profile()})


def dip(request: HttpRequest) -> HttpResponse:
    """The DIP by category. Filters: ?q=<words>&kategori=<category>."""
    query = request.GET.get("q", "")[:QUERY_MAX_LENGTH].strip()
    category = request.GET.get("kategori", "")
    category = category if category in InfoCategory.values else ""
    groups = selectors.items_by_category(selectors.published_items(query=query, category=category))
    if category:
        groups = [group for group in groups if group[0] == category]
    return render(
        request,
        "ppid/public/dip.html",
        {
            "groups": groups,
            "query": query,
            "chosen_category": category,
            "categories": InfoCategory.choices,
            "found": sum(len(items) for _value, _label, items in groups),
        },
    )


def item_download(request: HttpRequest, item_id: int) -> FileResponse:
    """A published, non-exempt item's file, named after its title (never the stored name)."""
    item = selectors.downloadable_item(item_id)
    if item is None:
        raise Http404
    extension = re.sub(r"[^a-z0-9]", "", item.file_extension.lower())[:8]
    name = (slugify(item.title)[:80].strip("-") or "informasi") + (f".{extension}" if extension else "")
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=item.file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def procedure(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ppid/public/procedure.html",
        {
            "answer_days": ANSWER_WORKING_DAYS,
            "extension_days": EXTENSION_MAX_WORKING_DAYS,
            "objection_days": OBJECTION_FILING_WORKING_DAYS,
            "objection_answer_days": OBJECTION_ANSWER_WORKING_DAYS,
            "commission_days": COMMISSION_WORKING_DAYS,
            "grounds": list(GROUND_EXPLAINED.values()),
        },
    )


# --- the request form -----------------------------------------------------------------------------------


@address_kept_out_of_logs
def request_create(request: HttpRequest) -> HttpResponse:
    """The public request form. Post/redirect/get, with an idempotency key: a repeated POST stores
    nothing new and leads to the same confirmation."""
    form = RequestForm(request.POST or None)
    if request.method == "POST":
        # Staff signed in on this host are not anonymous: the per-address limit skips them.
        if not request.user.is_authenticated and not submission_allowed(request):
            return _too_many(request)
        if form.is_valid():
            try:
                created = services.information_request_submit(
                    village=_village(request),
                    data=form.new_request(),
                    actor=None,
                    idempotency_key=form.submitted_key(),
                )
            except ValidationError as error:
                errors_onto_form(form, error)
            else:
                token = signing.dumps({"id": created.pk}, salt=SUBMITTED_SALT)
                request.session[SUBMITTED_SESSION_KEY] = token
                return redirect("ppid:request_submitted")
    return render(
        request,
        "ppid/public/request_form.html",
        {"form": form},
        status=200 if request.method == "GET" else 400,
    )


@address_kept_out_of_logs
@never_cache
def request_submitted(request: HttpRequest) -> HttpResponse:
    """The confirmation: number, tracking code, due date and the private link, shown once, to the
    browser that sent the request (a reload no longer shows the link)."""
    try:
        submitted = signing.loads(
            request.session.pop(SUBMITTED_SESSION_KEY, ""), salt=SUBMITTED_SALT, max_age=SUBMITTED_MAX_AGE
        )
    except signing.BadSignature:
        return redirect("ppid:home")
    found = selectors.submitted_request(int(submitted["id"]))
    if found is None:
        return redirect("ppid:home")
    return _private(render(request, "ppid/public/request_submitted.html", {"info_request": found}))


# --- following a request ------------------------------------------------------------------------------


@address_kept_out_of_logs
def request_lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("kode", "")
    if not code.strip():
        return render(request, "ppid/public/lookup.html")
    if not lookup_allowed(request):
        return _too_many(request)
    normal = normal_code(code)
    found = selectors.request_for_lookup(normal) if normal else None
    if found is None:
        return render(
            request,
            "ppid/public/lookup.html",
            {"error": _("Kode tidak ditemukan. Periksa penulisannya, misalnya ABCD-2345.")},
            status=404,
        )
    return redirect("ppid:request_status", code=found.tracking_code)


def request_status(request: HttpRequest, code: str) -> HttpResponse:
    """The public status of a request: no name, NIK, address, contact or answer text."""
    if not lookup_allowed(request):
        return _too_many(request)
    normal = normal_code(code)
    found = selectors.request_for_lookup(normal) if normal else None
    if found is None:
        raise Http404
    return render(request, "ppid/public/status.html", {"info_request": found})


def _owned_or_404(code: str, secret: str) -> InformationRequest:
    normal = normal_code(code)
    found = selectors.request_for_owner(normal) if normal and SECRET.fullmatch(secret) else None
    if found is None or not same_secret(found.secret, secret):
        raise Http404
    return found


EVENT_LABELS = {
    RequestStatus.RECEIVED.value: RequestStatus.RECEIVED.label,
    RequestStatus.EXTENDED.value: RequestStatus.EXTENDED.label,
    RequestStatus.ANSWERED.value: RequestStatus.ANSWERED.label,
    f"keberatan_{ObjectionStatus.RECEIVED}": ObjectionStatus.RECEIVED.label,
    f"keberatan_{ObjectionStatus.ANSWERED}": ObjectionStatus.ANSWERED.label,
}


def _timeline(found: InformationRequest) -> list[dict[str, Any]]:
    """What the requester reads: the status steps with their notes (internal notes stay inside)."""
    return [
        {"label": EVENT_LABELS.get(event.status, event.status), "at": event.created_at, "note": event.note}
        for event in found.events.all()
        if event.kind == EventKind.STATUS
    ]


@address_kept_out_of_logs
@never_cache
def owner_page(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    """The requester's private page: timeline, due date, the decision and its letter, objections
    and their answers, the way to the Komisi Informasi after the superior's answer."""
    if not lookup_allowed(request):
        return _too_many(request)
    found = _owned_or_404(code, secret)
    today = timezone.localdate()
    window = services.objection_window(found, today=today)
    objections = sorted(found.objections.all(), key=lambda objection: (objection.filed_at, objection.pk))
    can_object = services.objection_refusal(found, today=today) is None
    return _private(
        render(
            request,
            "ppid/public/owner.html",
            {
                "info_request": found,
                "secret": secret,
                "events": _timeline(found),
                "objections": objections,
                "window": window,
                "can_object": can_object,
            },
        )
    )


@address_kept_out_of_logs
@never_cache
def owner_letter(request: HttpRequest, code: str, secret: str) -> HttpResponseBase:
    """The decision letter (rendered now if the background task has not yet)."""
    if not lookup_allowed(request):
        return _too_many(request)
    found = _owned_or_404(code, secret)
    if not found.decision:
        raise Http404
    if not found.letter_pdf:
        found = services.decision_letter_render(request_id=found.pk)
    name = f"keputusan-{slugify(found.registration_number.replace('/', '-')) or 'ppid'}.pdf"
    response = FileResponse(
        found.letter_pdf.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@address_kept_out_of_logs
@never_cache
def objection_create(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    """The objection form: only the Pasal 35 grounds that fit the request; the service decides."""
    if not lookup_allowed(request):
        return _too_many(request)
    found = _owned_or_404(code, secret)
    today = timezone.localdate()
    window = services.objection_window(found, today=today)
    form = ObjectionForm(request.POST or None, grounds=services.allowed_grounds(found, today=today))
    if request.method == "POST":
        if not submission_allowed(request):
            return _too_many(request)
        if form.is_valid():
            try:
                objection = services.objection_file(
                    request=found,
                    ground=form.cleaned_data.get("ground") or "",
                    reason=form.cleaned_data.get("reason") or "",
                    actor=None,
                )
            except ValidationError as error:
                errors_onto_form(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Keberatan Anda tercatat dengan nomor %(number)s. Atasan PPID menanggapi paling "
                        "lambat %(due)s."
                    )
                    % {
                        "number": objection.registration_number,
                        "due": objection.due_date.strftime("%d-%m-%Y"),
                    },
                )
                return redirect("ppid:owner", code=found.tracking_code, secret=secret)
    return _private(
        render(
            request,
            "ppid/public/objection_form.html",
            {
                "info_request": found,
                "secret": secret,
                "form": form,
                "window": window,
                "refusal": services.objection_refusal(found, today=today),
            },
            status=200 if request.method == "GET" else 400,
        )
    )


# --- serta-merta announcements ----------------------------------------------------------------------------


def announcements(request: HttpRequest) -> HttpResponse:
    history = list(selectors.announcement_history())
    history.sort(key=lambda announcement: not announcement.is_active)  # active first, each newest first
    return render(request, "ppid/public/announcements.html", {"announcements": history})


def announcement(request: HttpRequest, announcement_id: int) -> HttpResponse:
    found = selectors.announcement_for_page(announcement_id)
    if found is None:
        raise Http404
    return render(request, "ppid/public/announcement.html", {"announcement": found})


@address_kept_out_of_logs
def alert_subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated and not submission_allowed(request):
            return _too_many(request)
        if form.is_valid():
            channel = form.cleaned_data.get("channel") or ""
            try:
                services.alert_subscribe(
                    channel=channel, contact=form.cleaned_data.get("contact") or "", actor=None
                )
            except ValidationError as error:
                errors_onto_form(form, error)
            else:
                if channel == NotifyChannel.EMAIL:
                    messages.success(
                        request,
                        _("Cek surel Anda untuk konfirmasi: pengumuman dikirim setelah Anda mengonfirmasi."),
                    )
                else:
                    messages.success(
                        request, _("Langganan tercatat. Pengumuman serta-merta dikirim ke nomor Anda.")
                    )
                return redirect("ppid:alert_subscribe")
    return render(
        request, "ppid/public/subscribe.html", {"form": form}, status=200 if request.method == "GET" else 400
    )


def _token_or_404(token: str) -> str:
    if not TOKEN.fullmatch(token) or not selectors.alert_subscription_exists(token):
        raise Http404
    return token


@address_kept_out_of_logs
@never_cache
def alert_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners follow links), POST confirms."""
    if not lookup_allowed(request):
        return _too_many(request)
    _token_or_404(token)
    if request.method == "POST":
        if services.alert_confirm(token=token) is None:
            raise Http404
        messages.success(request, _("Terima kasih, langganan Anda sudah dikonfirmasi."))
        return redirect("ppid:announcements")
    return _private(render(request, "ppid/public/alert_token.html", {"action": "confirm"}))


@address_kept_out_of_logs
@never_cache
def alert_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST stops the subscription."""
    if not lookup_allowed(request):
        return _too_many(request)
    _token_or_404(token)
    if request.method == "POST":
        if services.alert_unsubscribe(token=token) is None:
            raise Http404
        messages.success(request, _("Langganan dihentikan. Anda tidak lagi menerima pengumuman serta-merta."))
        return redirect("ppid:announcements")
    return _private(render(request, "ppid/public/alert_token.html", {"action": "unsubscribe"}))
