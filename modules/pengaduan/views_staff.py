"""The staff side of the complaint register: the queue, recording a complaint from another channel,
one complaint with its steps, the categories and deadlines, the complaint book. Thin views over
services and selectors; every view is guarded by its staff_pages declaration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from modules.accounts.models import User
from modules.accounts.permissions import has_role
from modules.accounts.permissions import staff_user as _user
from modules.accounts.staff_pages import page_required
from modules.api_errors.forms import errors_onto_form
from modules.berkas.middleware import accepts_uploads

from . import book, selectors, services
from . import staff_pages as pages
from .filters import ComplaintQueueFilter
from .forms_staff import (
    CategoryForm,
    DeadlinesForm,
    DuplicateForm,
    ForwardForm,
    MonthForm,
    NoteForm,
    PeriodForm,
    RecordForm,
    StepForm,
)
from .models import OPEN_STATUSES, Category, Complaint, Identity, Status

PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
QUEUE_MAX_ROWS = 200


def _village(request: HttpRequest) -> Any:
    return request.tenant.village  # type: ignore[attr-defined]


def merge_errors(form: BaseForm, error: ValidationError) -> None:
    """The service's errors on the form; a missing response (`note_required`) at the response."""
    errors_onto_form(form, error, note_field="response")


def _complaint_or_404(code: str) -> Complaint:
    found = selectors.staff_complaint(code)
    if found is None:
        raise Http404
    return found


# --- the queue ------------------------------------------------------------------------------------------


@page_required(pages.QUEUE)
def staff_queue(request: HttpRequest) -> HttpResponse:
    """The register, open complaints first, each marked overdue or nearly due by the deadline of
    the step it waits for. The village council reads it too: no identity is loaded here."""
    queue = ComplaintQueueFilter(request.GET, queryset=selectors.staff_register())
    today = timezone.localdate()
    horizon = selectors.next_working_day(today)
    rows: list[tuple[Complaint, str]] = []
    if queue.is_valid():
        ordered = queue.qs.annotate(
            closed_rank=Case(
                When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("closed_rank", "-submitted_at", "-pk")
        rows = [
            (complaint, selectors.due_state(complaint, today=today, next_working_day=horizon))
            for complaint in ordered[:QUEUE_MAX_ROWS]
        ]
    return render(
        request,
        "pengaduan/staff/queue.html",
        {"rows": rows, "filter": queue, "counts": selectors.queue_counts(today=today)},
        status=200 if queue.is_valid() else 400,
    )


# --- recording a complaint from another channel ------------------------------------------------------


@accepts_uploads
@page_required(pages.RECORD)
def staff_record(request: HttpRequest) -> HttpResponse:
    """The suggestion box, a call, a message, a visit or a village meeting: into the same register,
    with the channel recorded (services.complaint_submit with the handler as actor)."""
    form = RecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_submit(
                village=_village(request),
                data=form.complaint(),
                photos=form.photos(),
                actor=_user(request),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as error:
            merge_errors(form, error)
        else:
            messages.success(request, _("Pengaduan %(code)s dicatat.") % {"code": complaint.tracking_code})
            return redirect("pengaduan:staff_complaint", code=complaint.tracking_code)
    return render(
        request,
        "pengaduan/staff/record.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- one complaint ----------------------------------------------------------------------------------


def _step_forms(complaint: Complaint, user: User, data: Any = None, posted: str = "") -> list[dict[str, Any]]:
    """A form per step the workflow allows this user from the complaint's status."""
    steps = []
    for transition in services.COMPLAINT_WORKFLOW.allowed_targets(source=complaint.status, actor=user):
        bound = data if posted == transition.target else None
        steps.append(
            {
                "target": transition.target,
                "label": Status(transition.target).label,
                "form": StepForm(
                    bound,
                    prefix=transition.target,
                    note_required=transition.note_required,
                ),
            }
        )
    return steps


def _may_take(complaint: Complaint, user: User, target: str) -> bool:
    transition = services.COMPLAINT_WORKFLOW.transition(source=complaint.status, target=target)
    return transition is not None and has_role(user, transition.roles)


def _submitted(form: BaseForm, write: Callable[[dict[str, Any]], object]) -> bool:
    """A posted form's one write: False (with the errors on the form) when the form or the service
    refused it."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        merge_errors(form, error)
        return False
    return True


def _act(request: HttpRequest, complaint: Complaint, user: User, forms: dict[str, Any]) -> bool:
    """Runs the posted action; False (with the errors on its form) when it was refused."""
    post = request.POST
    if "step" in post:
        target = post["step"]
        steps = _step_forms(complaint, user, post, posted=target)
        forms["steps"] = steps
        form = next((step["form"] for step in steps if step["target"] == target), None)
        if form is None:
            messages.error(request, _("Langkah ini tidak tersedia untuk status pengaduan sekarang."))
            return False
        return _submitted(
            form,
            lambda data: services.complaint_transition(
                complaint=complaint,
                to_status=target,
                actor=user,
                response=data["response"],
                internal_note=data["internal_note"],
            ),
        )
    action = post.get("action", "")
    if action == "forward":
        forms["forward"] = ForwardForm(post, prefix="forward")
        return _submitted(
            forms["forward"],
            lambda data: services.complaint_forward(
                complaint=complaint,
                actor=user,
                body=data["forwarded_to"],
                contact=data["forwarded_contact"],
                response=data["response"],
                internal_note=data["internal_note"],
            ),
        )
    if action == "duplicate":
        forms["duplicate"] = DuplicateForm(post, prefix="duplicate")
        return _submitted(
            forms["duplicate"],
            lambda data: services.complaint_mark_duplicate(
                complaint=complaint,
                original_code=data["original_code"],
                actor=user,
                response=data["response"],
                internal_note=data["internal_note"],
            ),
        )
    if action == "note":
        forms["note"] = NoteForm(post, prefix="note")
        return _submitted(
            forms["note"],
            lambda data: services.complaint_note_add(
                complaint=complaint, actor=user, internal_note=data["internal_note"]
            ),
        )
    messages.error(request, _("Pilih tindakan dari halaman ini."))
    return False


@page_required(pages.COMPLAINT)
def staff_complaint(request: HttpRequest, code: str) -> HttpResponse:
    """One complaint: its timeline (responses and internal notes), photos, the reporter as the
    reporter allowed, and the steps this user may take. A confidential identity opens only on a
    complaint officer's POST (audited each time); the village council reads without identity and
    without actions."""
    complaint = _complaint_or_404(code)
    user = _user(request)
    is_handler = has_role(user, services.HANDLER_ROLES)
    forms: dict[str, Any] = {}
    identity = None
    status = 200
    if request.method == "POST":
        if not is_handler:
            raise PermissionDenied
        if request.POST.get("action") == "reveal":
            # PermissionDenied for anyone but a complaint officer; each look is an audit row.
            identity = services.complaint_identity_reveal(complaint=complaint, actor=user)
        elif _act(request, complaint, user, forms):
            messages.success(request, _("Tersimpan."))
            return redirect("pengaduan:staff_complaint", code=complaint.tracking_code)
        else:
            status = 400
    if is_handler and complaint.identity == Identity.NAMED:
        identity = services.complaint_identity_reveal(complaint=complaint, actor=user)
    today = timezone.localdate()
    context = {
        "complaint": complaint,
        "is_handler": is_handler,
        "identity": identity,
        "can_reveal": complaint.identity == Identity.CONFIDENTIAL and has_role(user, services.IDENTITY_ROLES),
        "due_state": selectors.due_state(
            complaint, today=today, next_working_day=selectors.next_working_day(today)
        ),
        "events": complaint.events.all() if is_handler else selectors.public_timeline(complaint),
        "photos": list(complaint.photos.all()),
        "steps": forms.get("steps") or (_step_forms(complaint, user) if is_handler else []),
        "forward_form": forms.get("forward") or ForwardForm(prefix="forward")
        if _may_take(complaint, user, Status.NOT_OURS)
        else None,
        "duplicate_form": forms.get("duplicate") or DuplicateForm(prefix="duplicate")
        if _may_take(complaint, user, Status.DUPLICATE)
        else None,
        "note_form": forms.get("note") or NoteForm(prefix="note") if is_handler else None,
    }
    return render(request, "pengaduan/staff/complaint.html", context, status=status)


@never_cache
@page_required(pages.PHOTO)
def staff_photo(request: HttpRequest, code: str, photo_id: int) -> FileResponse:
    """A reporter's photo, for handlers: decrypted, sent as a download under a generated name
    (``foto-<code>-<n>.<ext>``), never sniffed, never cached."""
    complaint = _complaint_or_404(code)
    photo = get_object_or_404(complaint.photos, pk=photo_id)
    position = complaint.photos.filter(pk__lte=photo.pk).count()
    extension = PHOTO_EXTENSIONS.get(photo.content_type, "bin")
    response = FileResponse(
        photo.file.open("rb"),
        content_type=photo.content_type if extension != "bin" else "application/octet-stream",
        as_attachment=True,
        filename=f"foto-{complaint.tracking_code}-{position}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- categories and deadlines -------------------------------------------------------------------------


@page_required(pages.CATEGORIES)
def staff_categories(request: HttpRequest) -> HttpResponse:
    """The village's categories with their tiers, and a new one."""
    deadlines = services.complaint_settings()
    form = CategoryForm(request.POST or None, deadlines=deadlines, initial={"tier": 2, "is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_save(actor=_user(request), category=None, **form.cleaned_data)
        except ValidationError as error:
            merge_errors(form, error)
        else:
            messages.success(request, _("Kategori %(name)s tersimpan.") % {"name": category.name})
            return redirect("pengaduan:staff_categories")
    return render(
        request,
        "pengaduan/staff/categories.html",
        {"categories": selectors.categories(active_only=False), "form": form, "deadlines": deadlines},
        status=400 if request.method == "POST" else 200,
    )


@page_required(pages.CATEGORY_EDIT)
def staff_category_edit(request: HttpRequest, category_id: int) -> HttpResponse:
    category = get_object_or_404(Category, pk=category_id)
    form = CategoryForm(request.POST or None, instance=category, deadlines=services.complaint_settings())
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(actor=_user(request), category=category, **form.cleaned_data)
        except ValidationError as error:
            merge_errors(form, error)
        else:
            messages.success(request, _("Kategori %(name)s tersimpan.") % {"name": form.cleaned_data["name"]})
            return redirect("pengaduan:staff_categories")
    return render(
        request,
        "pengaduan/staff/category_edit.html",
        {"category": category, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@page_required(pages.SETTINGS)
def staff_settings(request: HttpRequest) -> HttpResponse:
    """The deadlines in working days; complaints already received keep theirs."""
    form = DeadlinesForm(request.POST or None, instance=services.complaint_settings())
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_settings_save(actor=_user(request), deadlines=form.deadlines())
        except ValidationError as error:
            merge_errors(form, error)
        else:
            messages.success(request, _("Batas waktu pengaduan tersimpan."))
            return redirect("pengaduan:staff_settings")
    return render(
        request,
        "pengaduan/staff/settings.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- the complaint book and the monthly summary --------------------------------------------------------

BOOK_FILES = {
    "pdf": ("application/pdf", "inline"),
    "csv": ("text/csv; charset=utf-8", "attachment"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment"),
}


def _with_names(user: User) -> bool:
    """Handlers read a named reporter's name in the book; the village council never does."""
    return has_role(user, services.HANDLER_ROLES)


@page_required(pages.BOOK)
def staff_book(request: HttpRequest) -> HttpResponse:
    """The book for a period: its rows on the page, and the same rows as PDF, CSV and XLSX."""
    period = PeriodForm.for_request(request.GET)
    rows = []
    if period.is_valid():
        rows = book.book_rows(
            start=period.cleaned_data["dari"],
            end=period.cleaned_data["sampai"],
            with_names=_with_names(_user(request)),
        )
    return render(
        request,
        "pengaduan/staff/book.html",
        {
            "form": period,
            "rows": rows,
            "columns": book.columns(),
            "query": urlencode(
                {name: period.data[name] for name in ("dari", "sampai") if name in period.data}
            ),
        },
        status=200 if period.is_valid() else 400,
    )


@never_cache
@page_required(pages.BOOK_PDF)  # the same roles as BOOK_CSV and BOOK_XLSX
def staff_book_file(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in BOOK_FILES:
        raise Http404
    period = PeriodForm.for_request(request.GET)
    if not period.is_valid():
        return render(request, "pengaduan/staff/book.html", {"form": period, "rows": []}, status=400)
    start, end = period.cleaned_data["dari"], period.cleaned_data["sampai"]
    rows = book.book_rows(start=start, end=end, with_names=_with_names(_user(request)))
    village = _village(request)
    if kind == "pdf":
        content = book.book_pdf(village, rows, start=start, end=end)
    elif kind == "csv":
        content = book.book_csv(rows)
    else:
        content = book.book_xlsx(
            rows,
            title=f"Buku Catatan Aduan Masyarakat {village.display_name} {book.period_label(start, end)}",
        )
    content_type, disposition = BOOK_FILES[kind]
    response = HttpResponse(content, content_type=content_type)
    filename = f"buku-pengaduan-{village.slug}-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@page_required(pages.SUMMARY)
def staff_summary(request: HttpRequest) -> HttpResponse:
    """The month's figures, which the village may publish (portal, notice board): counts only.
    `?unduh=pdf` gives the printable page."""
    month = MonthForm.for_request(request.GET)
    if not month.is_valid():
        return render(request, "pengaduan/staff/summary.html", {"form": month}, status=400)
    summary = book.month_summary(month.cleaned_data["bulan"])
    if request.GET.get("unduh") == "pdf":
        village = _village(request)
        response = HttpResponse(book.summary_pdf(village, summary), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="rekap-pengaduan-{village.slug}-{summary.month:%Y-%m}.pdf"'
        )
        return response
    return render(
        request,
        "pengaduan/staff/summary.html",
        {"form": month, "summary": summary, "month_value": summary.month.strftime("%Y-%m")},
    )
