"""The PPID's staff pages: the request register and one request (extension, decision, letter), the
objections and the superior's answer, the DIP editor, the mandatory checklist, and serta-merta
announcements. Thin views over services and selectors; every view is guarded by its staff_pages
declaration, and every write is one service call whose errors come back next to the fields."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from modules.accounts.models import User
from modules.accounts.permissions import has_role
from modules.accounts.permissions import staff_user as _user
from modules.accounts.staff_pages import page_required
from modules.api_errors.forms import errors_onto_form
from modules.berkas import services as berkas_services
from modules.berkas.forms import session_owner
from modules.berkas.middleware import accepts_uploads

from . import selectors, services
from . import staff_pages as pages
from .filters import RequestRegisterFilter
from .forms_staff import (
    AnnouncementForm,
    ConfirmForm,
    DecisionForm,
    ExtendForm,
    ItemForm,
    ObjectionAnswerForm,
    ObjectionRecordForm,
    RequestRecordForm,
)
from .models import Announcement, InformationItem, InformationRequest, ObjectionStatus, RequestStatus

REGISTER_MAX_ROWS = 200
NOTE_FIELDS = ("reason", "response")
logger = logging.getLogger(__name__)


def _village(request: HttpRequest) -> Any:
    return request.tenant.village  # type: ignore[attr-defined]


def merge_errors(form: BaseForm, error: ValidationError) -> None:
    """The service's errors on the form; the workflow's missing note at the form's reason
    (extension) or response (objection)."""
    errors_onto_form(
        form, error, note_field=next((name for name in NOTE_FIELDS if name in form.fields), None)
    )


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


def _event_label(status: str) -> str:
    """A timeline entry's status in words: the request's, or an objection's (`keberatan_<status>`)."""
    if status in RequestStatus.values:
        return str(RequestStatus(status).label)
    objection_status = status.removeprefix("keberatan_")
    if objection_status in ObjectionStatus.values:
        return _("Keberatan: %(status)s") % {"status": ObjectionStatus(objection_status).label}
    return status


def _request_or_404(code: str) -> InformationRequest:
    found = selectors.staff_request(code)
    if found is None:
        raise Http404
    return found


# --- the request register ----------------------------------------------------------------------------


@page_required(pages.REQUESTS)
def staff_requests(request: HttpRequest) -> HttpResponse:
    """The register, open requests first, each marked overdue or nearly due. Names only: the
    requester's NIK, address and contact stay deferred (selectors.staff_register)."""
    register = RequestRegisterFilter(request.GET, queryset=selectors.staff_register())
    rows: list[InformationRequest] = []
    if register.is_valid():
        ordered = register.qs.annotate(
            closed_rank=Case(
                When(decided_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("closed_rank", "due_date", "-submitted_at", "-pk")
        rows = selectors.with_due_states(list(ordered[:REGISTER_MAX_ROWS]), today=timezone.localdate())
    return render(
        request,
        "ppid/staff/requests.html",
        {"rows": rows, "filter": register, "counts": selectors.staff_counts(today=timezone.localdate())},
        status=200 if register.is_valid() else 400,
    )


@page_required(pages.REQUEST_RECORD)
def staff_request_record(request: HttpRequest) -> HttpResponse:
    """An oral or written request into the same register (information_request_submit with the
    officer as actor)."""
    form = RequestRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.information_request_submit(
                village=_village(request),
                data=form.new_request(),
                actor=_user(request),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as error:
            merge_errors(form, error)
        else:
            messages.success(
                request,
                _("Permohonan dicatat dengan nomor registrasi %(number)s.")
                % {"number": created.registration_number},
            )
            return redirect("ppid:staff_request", code=created.tracking_code)
    return render(
        request,
        "ppid/staff/request_record.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- one request -------------------------------------------------------------------------------------


def _act(request: HttpRequest, found: InformationRequest, user: User, forms: dict[str, Any]) -> bool:
    """Runs the posted action; False (with the errors on its form) when it was refused."""
    action = request.POST.get("action", "")
    if action == "extend":
        forms["extend"] = ExtendForm(request.POST, prefix="extend")
        return _submitted(
            forms["extend"],
            lambda data: services.information_request_extend(
                actor=user, request=found, days=data["days"], reason=data["reason"]
            ),
        )
    if action == "decide":
        forms["decide"] = DecisionForm(request.POST, prefix="decide")
        return _submitted(
            forms["decide"],
            lambda data: services.information_request_decide(
                actor=user, request=found, data=forms["decide"].decision_input()
            ),
        )
    messages.error(request, _("Pilih tindakan dari halaman ini."))
    return False


@page_required(pages.REQUEST)
def staff_request(request: HttpRequest, code: str) -> HttpResponse:
    """One request with the requester's contact (staff only), its timeline and due date; officers
    extend it once and answer it while it is open; the superior reads."""
    found = _request_or_404(code)
    user = _user(request)
    is_officer = has_role(user, services.OFFICER_ROLES)
    forms: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        if not is_officer:
            raise PermissionDenied
        if _act(request, found, user, forms):
            messages.success(request, _("Tersimpan."))
            return redirect("ppid:staff_request", code=found.tracking_code)
        status = 400
        found = _request_or_404(code)
    today = timezone.localdate()
    acts = is_officer and found.is_open
    window = services.objection_window(found, today=today)
    extend_form = (
        (forms.get("extend") or ExtendForm(prefix="extend")) if acts and not found.was_extended else None
    )
    decision_form = (forms.get("decide") or DecisionForm(prefix="decide")) if acts else None
    context = {
        "item": found,
        "is_officer": is_officer,
        "due_state": selectors.with_due_states([found], today=today)[0].due_state,  # type: ignore[attr-defined]
        "events": [(event, _event_label(event.status)) for event in found.events.all()],
        "objections": list(found.objections.all()),
        # Once extended there is no extension form any more, once answered no decision form; a
        # step posted anyway (an old tab, a forged form) is refused by the service, whose message
        # then stands on the page without the form.
        "extend_form": extend_form,
        "decision_form": decision_form,
        "refusals": [
            message
            for name, form in forms.items()
            if form is not {"extend": extend_form, "decide": decision_form}[name]
            for field_errors in form.errors.values()
            for message in field_errors
        ],
        "may_record_objection": is_officer
        and window is not None
        and today <= window[1]
        and not any(objection.status == ObjectionStatus.RECEIVED for objection in found.objections.all()),
    }
    return render(request, "ppid/staff/request.html", context, status=status)


@never_cache
@page_required(pages.REQUEST_LETTER)
def staff_request_letter(request: HttpRequest, code: str) -> HttpResponse | FileResponse:
    """The decision letter's PDF; rendered here when the worker has not done it yet."""
    found = _request_or_404(code)
    if not found.decision:
        raise Http404
    if not found.letter_pdf:
        try:
            found = services.decision_letter_render(request_id=found.pk)
        except Exception as error:  # any rendering failure: the page says it is being prepared
            logger.warning(
                "ppid request %s: decision letter not rendered (%s)", found.pk, type(error).__name__
            )
    if not found.letter_pdf:
        return render(request, "ppid/staff/letter_pending.html", {"item": found}, status=503)
    response = FileResponse(
        found.letter_pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"keputusan-ppid-{found.tracking_code}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@page_required(pages.OBJECTION_RECORD)
def staff_objection_record(request: HttpRequest, code: str) -> HttpResponse:
    """A written objection brought to the office (objection_file with the officer as actor)."""
    found = _request_or_404(code)
    grounds = services.allowed_grounds(found, today=timezone.localdate())
    form = ObjectionRecordForm(request.POST or None, grounds=grounds)
    if request.method == "POST" and form.is_valid():
        try:
            objection = services.objection_file(
                request=found,
                ground=form.cleaned_data["ground"],
                reason=form.cleaned_data["reason"],
                actor=_user(request),
            )
        except ValidationError as error:
            merge_errors(form, error)
        else:
            messages.success(
                request,
                _("Keberatan dicatat dengan nomor %(number)s.") % {"number": objection.registration_number},
            )
            return redirect("ppid:staff_objection", objection_id=objection.pk)
    return render(
        request,
        "ppid/staff/objection_record.html",
        {"item": found, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- objections --------------------------------------------------------------------------------------


@page_required(pages.OBJECTIONS)
def staff_objections(request: HttpRequest) -> HttpResponse:
    """Waiting objections first, with their due dates; `?status=diterima` shows only those."""
    # The list shows the requester's name only: their encrypted fields stay unread.
    objections = selectors.objection_register().defer(
        *(f"request__{name}" for name in selectors.PERSONAL_FIELDS)
    )
    wanted = request.GET.get("status", "")
    if wanted in ObjectionStatus.values:
        objections = objections.filter(status=wanted)
    ordered = objections.annotate(
        answered_rank=Case(
            When(status=ObjectionStatus.RECEIVED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("answered_rank", "due_date", "-filed_at", "-pk")
    rows = selectors.objections_with_due_states(list(ordered[:REGISTER_MAX_ROWS]), today=timezone.localdate())
    return render(
        request,
        "ppid/staff/objections.html",
        {"rows": rows, "status": wanted, "statuses": ObjectionStatus.choices},
    )


@page_required(pages.OBJECTION)
def staff_objection(request: HttpRequest, objection_id: int) -> HttpResponse:
    """One objection with its request; the superior answers it while it waits, officers read."""
    objection = selectors.staff_objection(objection_id)
    if objection is None:
        raise Http404
    user = _user(request)
    is_superior = has_role(user, services.SUPERIOR_ROLES)
    waiting = objection.status == ObjectionStatus.RECEIVED
    form = ObjectionAnswerForm(request.POST or None) if is_superior and waiting else None
    if request.method == "POST":
        if not is_superior:
            raise PermissionDenied
        if form is None:
            messages.error(request, _("Keberatan ini sudah ditanggapi."))
            return redirect("ppid:staff_objection", objection_id=objection.pk)
        if _submitted(
            form,
            lambda data: services.objection_answer(
                actor=user, objection=objection, outcome=data["outcome"], response=data["response"]
            ),
        ):
            messages.success(request, _("Tanggapan atas keberatan tersimpan."))
            return redirect("ppid:staff_objection", objection_id=objection.pk)
    return render(
        request,
        "ppid/staff/objection.html",
        {
            "objection": objection,
            "item": objection.request,
            "form": form,
            "due_state": selectors.objections_with_due_states([objection], today=timezone.localdate())[
                0
            ].due_state,  # type: ignore[attr-defined]
        },
        status=400 if request.method == "POST" else 200,
    )


# --- the DIP -----------------------------------------------------------------------------------------


@page_required(pages.ITEMS)
def staff_items(request: HttpRequest) -> HttpResponse:
    """Every item, unpublished ones too, by category; the checklist's share at the top."""
    return render(
        request,
        "ppid/staff/items.html",
        {
            "groups": selectors.items_by_category(selectors.staff_items()),
            "coverage": selectors.checklist_coverage(),
        },
    )


def _item_or_404(item_id: int | None) -> InformationItem | None:
    if item_id is None:
        return None
    return get_object_or_404(selectors.staff_items(), pk=item_id)


def _kept(request: HttpRequest, item: InformationItem) -> HttpResponse:
    """An item another module keeps (the action plan's matrix) is changed there, not here: its edit
    and delete pages say so (services refuse the write too, code `kept_item`)."""
    return render(
        request,
        "ppid/staff/item_kept.html",
        {
            "item": item,
            "refusal": _("Item ini diperbarui otomatis dari modul asalnya (rencana aksi); ubah di sana."),
        },
        status=400 if request.method == "POST" else 200,
    )


@accepts_uploads
@page_required(pages.ITEM_EDIT)  # the same roles as ITEM_NEW
def staff_item_edit(request: HttpRequest, item_id: int | None = None) -> HttpResponse:
    """A new DIP item (`?wajib=<entry>` preselects the mandatory entry it meets) or an edit."""
    item = _item_or_404(item_id)
    if item is not None and item.managed_by:
        return _kept(request, item)
    initial: dict[str, Any] = {}
    if item is None and request.GET.get("wajib", "").isdigit():
        initial["checklist_entry"] = int(request.GET["wajib"])
    form = ItemForm(request.POST or None, request.FILES or None, item=item, initial=initial)
    if request.method == "POST":
        owner = session_owner(request)
        is_valid = form.is_valid()
        form.collect_file(owner=owner)
        if is_valid:
            try:
                saved = services.information_item_save(
                    actor=_user(request),
                    item=item,
                    data=form.item_input(),
                    upload=form.upload(),
                    remove_file=bool(form.cleaned_data.get("remove_file")),
                )
            except ValidationError as error:
                merge_errors(form, error)
            else:
                messages.success(request, _("Informasi %(title)s tersimpan.") % {"title": saved.title})
                return redirect("ppid:staff_items")
        staged = berkas_services.uploads_stage(owner=owner, documents=form.new_documents)
        for name, upload in staged.items():
            form.show_staged(name, upload)
    return render(
        request,
        "ppid/staff/item_edit.html",
        {"item": item, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@page_required(pages.ITEM_DELETE)
def staff_item_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    """Removes an item only on a POST with `confirm=1`; anything else shows the confirmation."""
    item = _item_or_404(item_id)
    assert item is not None
    if item.managed_by:
        return _kept(request, item)
    form = ConfirmForm(request.POST if request.method == "POST" and "confirm" in request.POST else None)
    if form.is_bound and _submitted(
        form, lambda data: services.information_item_delete(actor=_user(request), item=item)
    ):
        messages.success(request, _("Informasi %(title)s dihapus dari DIP.") % {"title": item.title})
        return redirect("ppid:staff_items")
    return render(
        request,
        "ppid/staff/item_delete.html",
        {"item": item, "form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
@page_required(pages.ITEM_FILE)
def staff_item_file(request: HttpRequest, item_id: int) -> FileResponse:
    """An item's file for staff, published or not, under a generated name."""
    item = _item_or_404(item_id)
    assert item is not None
    if not item.file or item.is_exempt:
        raise Http404
    extension = item.file_extension or "bin"
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.file_type or "application/octet-stream",
        as_attachment=True,
        filename=f"dip-{item.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@page_required(pages.CHECKLIST)
def staff_checklist(request: HttpRequest) -> HttpResponse:
    """The mandatory periodic list: present, out of date (older than six months) or missing."""
    return render(
        request,
        "ppid/staff/checklist.html",
        {
            "coverage": selectors.checklist_coverage(),
            "is_officer": has_role(_user(request), services.OFFICER_ROLES),
        },
    )


# --- serta-merta ---------------------------------------------------------------------------------------


@page_required(pages.ANNOUNCEMENTS)
def staff_announcements(request: HttpRequest) -> HttpResponse:
    """The announcements, those in force first, and a new one with every required element."""
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and _submitted(
        form,
        lambda data: services.announcement_publish(
            actor=_user(request),
            data=form.announcement_input(),
            notify_subscribers=data["notify_subscribers"],
        ),
    ):
        messages.success(request, _("Pengumuman serta-merta diterbitkan di semua halaman portal."))
        return redirect("ppid:staff_announcements")
    announcements = (
        selectors.announcement_history()
        .annotate(
            withdrawn_rank=Case(
                When(withdrawn_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("withdrawn_rank", "-published_at", "-pk")
    )
    return render(
        request,
        "ppid/staff/announcements.html",
        {"announcements": announcements, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@page_required(pages.ANNOUNCEMENT_WITHDRAW)
@require_POST
def staff_announcement_withdraw(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = get_object_or_404(Announcement, pk=announcement_id)
    try:
        services.announcement_withdraw(actor=_user(request), announcement=announcement)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Pengumuman %(title)s dicabut.") % {"title": announcement.title})
    return redirect("ppid:staff_announcements")
