"""The residents' complaint pages: the form (with similar complaints shown first), the
confirmation, the public page of a complaint, the reporter's private page with "Sudah
diperbaiki?", the lookup by code, the public board with the village's figures, and the photos a
reporter allowed on the board. Thin views over services and selectors; nothing here ever shows
who reported a complaint."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from csp.decorators import csp_update
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from modules.api_errors.forms import errors_onto_form
from modules.berkas import services as berkas_services
from modules.berkas.forms import session_owner
from modules.berkas.middleware import accepts_uploads
from modules.survei import selectors as survei_selectors
from modules.throttling.addresses import address_kept_out_of_logs
from modules.workflow.codes import TRACKING_ALPHABET

from . import book, selectors, services
from .forms import ComplaintForm, FeedbackForm
from .forms_staff import MonthForm
from .models import TITLE_MAX_LENGTH, Complaint, Status
from .throttles import lookup_allowed, submission_allowed, support_allowed

SUBMITTED_SESSION_KEY = "pengaduan.submitted"
SUBMITTED_SALT = "pengaduan.submitted"
SUBMITTED_MAX_AGE = 30 * 60
BOARD_PAGE_SIZE = 20
FIGURE_MONTHS = 6
# The map's tiles, and nothing else from outside (the library itself is served by the platform).
MAP_TILES = "https://tile.openstreetmap.org"
SECRET = re.compile(r"[A-Za-z0-9_-]{16,64}")
SEND_ANYWAY = "kirim_baru"


def _village(request: HttpRequest) -> Any:
    return request.tenant.village  # type: ignore[attr-defined]


def normal_code(code: str) -> str | None:
    """A tracking code as residents type it (lower case, without the dash, with spaces) in its
    stored form, or None when it cannot be one (so nothing odd reaches the database)."""
    letters = code.strip().upper().replace("-", "").replace(" ", "")
    if len(letters) != 8 or any(letter not in TRACKING_ALPHABET for letter in letters):
        return None
    return f"{letters[:4]}-{letters[4:]}"


def _public_or_404(code: str) -> Complaint:
    normal = normal_code(code)
    found = selectors.public_complaint(normal) if normal else None
    if found is None:
        raise Http404
    return found


def _point(value: str) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and abs(number) <= 180 else None


def _merge_errors(form: Any, error: ValidationError) -> None:
    """The service's errors next to the fields they are about: the photos at the first photo, the
    map point at the location."""
    errors_onto_form(
        form, error, aliases={"photos": "photo_1", "longitude": "location", "latitude": "location"}
    )


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "pengaduan/public/too_many.html", status=429)


# --- the form ------------------------------------------------------------------------------------------


@address_kept_out_of_logs
@accepts_uploads
@csp_update({"img-src": MAP_TILES})
def complaint_create(request: HttpRequest) -> HttpResponse:
    """The phone-first complaint form. Its first POST shows the open complaints that look the same
    (same category, nearby or sharing words); the resident supports one of them, or sends the new
    one anyway. Post/redirect/get, with an idempotency key: a repeated POST stores nothing new."""
    form = ComplaintForm(request.POST or None, request.FILES or None)
    similar: list[Complaint] = []
    if request.method == "POST":
        # Staff signed in on this host are not anonymous: the per-address limit skips them.
        if not request.user.is_authenticated and not submission_allowed(request):
            return _too_many(request)
        is_valid = form.is_valid()
        form.collect_photos(owner=session_owner(request))
        # A repeated POST of a stored complaint (a reload, a second tap) goes to its confirmation.
        repeated = is_valid and selectors.is_submitted(form.submitted_key())
        if is_valid and not repeated and form.category_id() and SEND_ANYWAY not in request.POST:
            similar = selectors.similar_open(
                category_id=form.category_id(),
                title=form.cleaned_data.get("title") or "",
                latitude=_point(form.cleaned_data.get("latitude") or ""),
                longitude=_point(form.cleaned_data.get("longitude") or ""),
            )
        if is_valid and not similar:
            try:
                created = services.complaint_submit(
                    village=_village(request),
                    data=form.new_complaint(),
                    photos=form.photos(),
                    actor=None,
                    idempotency_key=form.submitted_key(),
                )
            except ValidationError as error:
                _merge_errors(form, error)
            else:
                token = signing.dumps({"id": created.pk}, salt=SUBMITTED_SALT)
                request.session[SUBMITTED_SESSION_KEY] = token
                return redirect("pengaduan:submitted")
        staged = berkas_services.uploads_stage(owner=session_owner(request), documents=form.new_documents)
        for name, upload in staged.items():
            form.show_staged(name, upload)
    status = 200 if request.method == "GET" or (similar and not form.errors) else 400
    return render(
        request,
        "pengaduan/public/form.html",
        {"form": form, "similar": similar, "send_anyway": SEND_ANYWAY, "map_center": selectors.map_center()},
        status=status,
    )


@address_kept_out_of_logs
@never_cache
def complaint_submitted(request: HttpRequest) -> HttpResponse:
    """The confirmation: the tracking code and the reporter's private link, shown once, to the
    browser that sent the complaint (a reload no longer shows the link)."""
    try:
        submitted = signing.loads(
            request.session.pop(SUBMITTED_SESSION_KEY, ""), salt=SUBMITTED_SALT, max_age=SUBMITTED_MAX_AGE
        )
    except signing.BadSignature:
        return redirect("pengaduan:board")
    found = (
        Complaint.objects.only("tracking_code", "secret", "verify_due", "identity", "is_public")
        .filter(pk=submitted["id"])
        .first()
    )
    if found is None:
        return redirect("pengaduan:board")
    return render(request, "pengaduan/public/submitted.html", {"complaint": found})


@address_kept_out_of_logs
@never_cache
def similar_json(request: HttpRequest) -> JsonResponse:
    """The form's live hint (static/pengaduan/similar.js): open public complaints like the one being
    written, from ?kategori=&judul=&lat=&lon=. Only what the board shows; limited as lookups."""
    if not lookup_allowed(request):
        return JsonResponse({"items": [], "error": "too_many"}, status=429)
    category = request.GET.get("kategori", "")
    if not (category.isdigit() and len(category) < 10):
        return JsonResponse({"items": []})
    found = selectors.similar_open(
        category_id=int(category),
        title=request.GET.get("judul", "")[:TITLE_MAX_LENGTH],
        latitude=_point(request.GET.get("lat", "")),
        longitude=_point(request.GET.get("lon", "")),
    )
    return JsonResponse(
        {
            "items": [
                {
                    "title": complaint.title,
                    "category": complaint.category.name,
                    "status": complaint.get_status_display(),
                    "supporters": complaint.supporter_count,
                    "url": reverse("pengaduan:complaint", kwargs={"code": complaint.tracking_code}),
                    "support_url": reverse("pengaduan:support", kwargs={"code": complaint.tracking_code}),
                }
                for complaint in found
            ]
        }
    )


# --- support ("dukung") --------------------------------------------------------------------------------


@address_kept_out_of_logs
@require_POST
def complaint_support(request: HttpRequest, code: str) -> HttpResponse:
    """A resident supports an open complaint instead of filing the same one: one per session."""
    if not support_allowed(request):
        return _too_many(request)
    found = _public_or_404(code)
    if not request.session.session_key:
        request.session.save()
    before = found.supporter_count
    try:
        supported = services.complaint_support(
            complaint=found, supporter_key=str(request.session.session_key), actor=None
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if supported.supporter_count > before:
            messages.success(
                request,
                _("Terima kasih, dukungan Anda tercatat. Pengaduan ini kini didukung %(count)d warga.")
                % {"count": supported.supporter_count},
            )
        else:
            messages.info(request, _("Anda sudah mendukung pengaduan ini."))
    return redirect("pengaduan:complaint", code=found.tracking_code)


# --- following a complaint -------------------------------------------------------------------------------


@address_kept_out_of_logs
def complaint_lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("kode", "")
    if not code.strip():
        return render(request, "pengaduan/public/lookup.html")
    if not lookup_allowed(request):
        return _too_many(request)
    normal = normal_code(code)
    found = selectors.public_complaint(normal) if normal else None
    if found is None:
        return render(
            request,
            "pengaduan/public/lookup.html",
            {
                "error": _(
                    "Kode tidak ditemukan, atau pengaduan ini tidak ditampilkan untuk umum. Periksa "
                    "penulisannya; pelapor selalu dapat membuka pengaduannya lewat tautan pribadi."
                )
            },
            status=404,
        )
    return redirect("pengaduan:complaint", code=found.tracking_code)


def complaint_page(request: HttpRequest, code: str) -> HttpResponse:
    """A public complaint: category, status, age, the village's responses, the allowed photos."""
    if not lookup_allowed(request):
        return _too_many(request)
    found = _public_or_404(code)
    return render(
        request,
        "pengaduan/public/complaint.html",
        {"complaint": found, "events": selectors.public_timeline(found), "can_support": found.is_open},
    )


def _owned_or_404(code: str, secret: str) -> Complaint:
    normal = normal_code(code)
    found = selectors.owner_complaint(normal) if normal and SECRET.fullmatch(secret) else None
    if found is None or not services.secret_matches(found, secret):
        raise Http404
    return found


@address_kept_out_of_logs
@never_cache
def owner_page(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    """The reporter's private page: the timeline with the village's responses, and once the
    complaint is done, "Sudah diperbaiki?" with a rating (a "belum" reopens it)."""
    if not lookup_allowed(request):
        return _too_many(request)
    found = _owned_or_404(code, secret)
    asks = found.status == Status.RESOLVED and not found.fixed_answer
    form = FeedbackForm(request.POST or None) if asks else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if not submission_allowed(request):
            return _too_many(request)
        if form.is_valid():
            try:
                services.complaint_feedback(
                    complaint=found,
                    secret=secret,
                    answer=form.cleaned_data.get("answer") or "",
                    rating=form.rating_value(),
                    note=form.cleaned_data.get("note") or "",
                    actor=None,
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                _merge_errors(form, error)
            else:
                messages.success(request, _("Terima kasih, jawaban Anda tercatat."))
                return redirect("pengaduan:owner", code=found.tracking_code, secret=secret)
    return render(
        request,
        "pengaduan/public/owner.html",
        {
            "complaint": found,
            "secret": secret,
            "events": selectors.public_timeline(found),
            "form": form,
            "survey_invitation": survei_selectors.unused_invitation_for(f"pengaduan.complaint:{found.pk}"),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- the board ---------------------------------------------------------------------------------------------


def board(request: HttpRequest) -> HttpResponse:
    """The public board with the village's figures. Filters: ?kategori=<id>&status=<status|terbuka>."""
    category = request.GET.get("kategori", "")
    category_id = int(category) if category.isdigit() and len(category) < 10 else None
    status = request.GET.get("status", "")
    status = status if status in (*Status.values, "terbuka") else ""
    page = Paginator(selectors.board(category_id=category_id, status=status), BOARD_PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    query = {key: value for key, value in (("kategori", category_id or ""), ("status", status)) if value}
    return render(
        request,
        "pengaduan/public/board.html",
        {
            "page": page,
            "categories": selectors.categories(),
            "statuses": [("terbuka", _("Masih terbuka")), *Status.choices],
            "chosen_category": category_id,
            "chosen_status": status,
            "query": "&".join(f"{key}={value}" for key, value in query.items()),
            "figures": selectors.figures(months=FIGURE_MONTHS),
        },
    )


def complaint_photo(request: HttpRequest, code: str, photo_id: int) -> FileResponse:
    """A photo the reporter allowed on the board, decrypted from storage (uploads have no public
    URL). Re-encoded at intake, so it carries no EXIF and no position."""
    normal = normal_code(code)
    photo = selectors.public_photo(normal, photo_id) if normal else None
    if photo is None:
        raise Http404
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=600"
    return response


# --- the monthly summary, as the village publishes it -----------------------------------------------------

SUMMARY_PDF_CACHE_SECONDS = 10 * 60


def monthly_summary(request: HttpRequest) -> HttpResponse:
    """The month's complaint figures on the portal, as the village publishes them there and on the
    notice board (book.month_summary: counts only, never a complaint or a reporter). `?unduh=pdf`
    is the printable sheet, rendered once per month and language for SUMMARY_PDF_CACHE_SECONDS
    (anonymous visitors never make the server lay out a PDF on every request)."""
    form = MonthForm.for_request(request.GET)
    if form.is_valid() and form.cleaned_data["bulan"] > timezone.localdate():
        form.add_error("bulan", _("Bulan ini belum berjalan."))
    if not form.is_valid():
        return render(request, "pengaduan/public/summary.html", {"form": form}, status=400)
    if not lookup_allowed(request):
        return _too_many(request)
    month = form.cleaned_data["bulan"].replace(day=1)
    if request.GET.get("unduh") == "pdf":
        village = _village(request)
        key = f"pengaduan.rekap:{month:%Y-%m}:{get_language()}"
        pdf = cache.get(key)
        if pdf is None:
            pdf = book.summary_pdf(village, book.month_summary(month))
            cache.set(key, pdf, SUMMARY_PDF_CACHE_SECONDS)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="rekap-pengaduan-{village.slug}-{month:%Y-%m}.pdf"'
        )
        return response
    return render(
        request,
        "pengaduan/public/summary.html",
        {"form": form, "summary": book.month_summary(month), "month_value": f"{month:%Y-%m}"},
    )
