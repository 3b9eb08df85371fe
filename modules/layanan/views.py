"""Server-rendered pages of the service counter: thin views over services and selectors."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from modules.accounts.models import User
from modules.accounts.permissions import has_role
from modules.accounts.staff_pages import page_required
from modules.berkas import services as berkas_services
from modules.berkas.forms import session_owner
from modules.berkas.middleware import accepts_uploads
from modules.dokumen.pdf import render_pdf
from modules.privasi.crypto import same_secret
from modules.privasi.masking import mask_name, mask_nik
from modules.survei import selectors as survei_selectors
from modules.throttling.throttles import lookup_allowed, queue_ticket_allowed, submission_allowed

from . import letters, selectors, services
from . import staff_pages as pages
from .filters import StaffWorklistFilter
from .forms import (
    STAGED_DOCUMENTS,
    DocumentsForm,
    RequestCorrectionForm,
    RequestForm,
    RevokeForm,
    ServiceForm,
    ServiceSettingsForm,
    SignForm,
    SopAdoptForm,
    TransitionForm,
)
from .models import (
    Letter,
    NotifyChannel,
    QueueTicket,
    RequestStatus,
    Service,
    ServiceRequest,
    ServiceSettings,
)
from .throttles import OwnerLinkResendThrottle


def _village(request: HttpRequest) -> Any:
    return request.tenant.village  # type: ignore[attr-defined]


def _staff_user(request: HttpRequest) -> User:
    """The signed-in account of a staff page (page_required has let only staff in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _service_or_404(slug: str) -> tuple[Service, Any]:
    standard = selectors.current_standard_for_slug(slug)
    if standard is None:
        raise Http404
    return standard.service, standard


def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "layanan/catalogue.html",
        {
            "standards": selectors.current_standards(),
            "pledge": selectors.service_pledge(),
            "sop_document": selectors.published_sop_document(),
        },
    )


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service, standard = _service_or_404(slug)
    return render(
        request,
        "layanan/service_detail.html",
        {"service": service, "standard": standard, "service_hours": selectors.service_hours(standard)},
    )


LEAFLET_CACHE_SECONDS = 24 * 60 * 60


def leaflet_cache_key(standard: Any, village: Any, profile: Any) -> str:
    """Per schema, standard version, language and letterhead (a changed profile renders anew)."""
    letterhead = hashlib.sha256(
        repr((sorted(model_to_dict(profile).items()), village.name, village.kecamatan)).encode()
    ).hexdigest()[:16]
    schema_name: str = connection.schema_name  # type: ignore[attr-defined]
    return f"{schema_name}:layanan:leaflet:{standard.pk}:{get_language()}:{letterhead}"


def service_leaflet(request: HttpRequest, slug: str) -> HttpResponse:
    """The one-page leaflet a village prints and pins up (A4). Rendered once per standard version,
    language and letterhead (the village profile), then served from the cache."""
    service, standard = _service_or_404(slug)
    from modules.portal.selectors import village_profile

    profile = village_profile()
    village = _village(request)
    key = leaflet_cache_key(standard, village, profile)
    pdf = cache.get(key)
    if pdf is None:
        html = render_to_string(
            "layanan/leaflet.html",
            {
                "service": service,
                "standard": standard,
                "profile": profile,
                "village": village,
                "district": village.district,
            },
            request=request,
        )
        pdf = render_pdf(html)
        cache.set(key, pdf, LEAFLET_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="standar-{service.slug}.pdf"'
    return response


SUBMITTED_SESSION_KEY = "layanan.submitted"
SUBMITTED_SALT = "layanan.submitted"
SUBMITTED_MAX_AGE = 30 * 60


@accepts_uploads
def request_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The resident's request form. Post/redirect/get: a stored request leads to its confirmation
    page (a GET), and the form's idempotency key makes a repeated POST store nothing new."""
    service, standard = _service_or_404(slug)
    form = RequestForm(request.POST or None, request.FILES or None, standard=standard)
    # Staff signed in on this host are not anonymous: like the API, the anonymous limit skips them.
    if request.method == "POST" and not request.user.is_authenticated and not submission_allowed(request):
        return render(request, "layanan/too_many.html", status=429)
    if request.method == "POST":
        created = _submit_request_form(request, form, service=service, actor=None)
        if created is not None:
            # Only this browser's session opens the confirmation, for half an hour; the URL
            # carries nothing personal and nothing secret.
            request.session[SUBMITTED_SESSION_KEY] = signing.dumps({"id": created.pk}, salt=SUBMITTED_SALT)
            return redirect("layanan:request_submitted", slug=service.slug)
    return render(
        request,
        "layanan/request_form.html",
        {"service": service, "standard": standard, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _submit_request_form(
    request: HttpRequest, form: RequestForm, *, service: Service, actor: User | None
) -> ServiceRequest | None:
    """The request form's POST, online or at the counter: the stored request, or None with the
    errors on the form and the files that passed kept for the next try."""
    is_valid = form.is_valid()
    form.collect_documents(owner=session_owner(request))
    if is_valid:
        try:
            return services.request_submit(
                village=_village(request),
                service=service,
                data=form.new_request(),
                attachments=form.attachments(),
                actor=actor,
                idempotency_key=form.submitted_key(),
            )
        except ValidationError as error:
            _merge_errors(form, error)
    _keep_accepted_files(request, form)
    return None


def _keep_accepted_files(request: HttpRequest, form: RequestForm) -> None:
    """The form goes back to the resident: files that passed are kept (staged), not picked again."""
    staged = berkas_services.uploads_stage(owner=session_owner(request), documents=form.new_documents)
    for name, upload in staged.items():
        form.show_staged(name, upload)


@never_cache
def request_submitted(request: HttpRequest, slug: str) -> HttpResponse:
    """The confirmation after a submission (with the private link, shown to the submitter only)."""
    _service_or_404(slug)
    try:
        submitted = signing.loads(
            request.session.get(SUBMITTED_SESSION_KEY, ""), salt=SUBMITTED_SALT, max_age=SUBMITTED_MAX_AGE
        )
    except signing.BadSignature:
        return redirect("layanan:service", slug=slug)
    found = selectors.request_for_confirmation(submitted["id"])
    if found is None or found.service.slug != slug:
        return redirect("layanan:service", slug=slug)
    return render(request, "layanan/submitted.html", {"service_request": found})


def _merge_errors(form: Any, error: ValidationError) -> None:
    """The service's errors next to the fields they are about (with their codes kept)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            if field == "attachments" and isinstance(form, RequestForm):
                # A missing upload is shown at the file field of the requirement it names.
                for each in field_errors:
                    form.add_error(form.requirement_field((each.params or {}).get("requirement")), each)
                continue
            # The answers to a standard's extra fields are `extra_<name>` on the form.
            target = next((name for name in (field, f"extra_{field}") if name in form.fields), None)
            form.add_error(target, field_errors)
    else:
        form.add_error(None, error.error_list)


def track_lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("kode", "").strip()
    if code and not lookup_allowed(request):
        return render(request, "layanan/track_too_many.html", status=429)
    if code:
        found = selectors.request_by_tracking_code(code)
        if found is None:
            return render(
                request,
                "layanan/track_lookup.html",
                {"error": _("Kode lacak tidak ditemukan. Periksa kembali penulisannya.")},
                status=404,
            )
        return redirect("layanan:track", code=found.tracking_code)
    return render(request, "layanan/track_lookup.html")


def track(request: HttpRequest, code: str) -> HttpResponse:
    if not lookup_allowed(request):
        return render(request, "layanan/track_too_many.html", status=429)
    found = _request_or_404(code)
    return render(
        request,
        "layanan/track.html",
        {**_track_context(found), "has_contact": found.notify_channel != NotifyChannel.NONE},
    )


@require_POST
def track_resend_link(request: HttpRequest, code: str) -> HttpResponse:
    """The holder of a tracking code asks for the private link again: it goes to the contact on
    file, never to the page. Limited per address and per request, so it cannot flood the contact."""
    found = _request_or_404(code)
    if not submission_allowed(request) or not OwnerLinkResendThrottle(found).allow_request(request):
        return render(request, "layanan/too_many.html", status=429)
    outcome = services.request_owner_link_resend(request=found, actor=None)
    noun = _village(request).district.village_noun
    if outcome == services.LinkResend.SENT:
        messages.success(
            request,
            _("Tautan halaman permohonan telah dikirim ke kontak yang tercatat (%(channel)s).")
            % {"channel": found.get_notify_channel_display()},
        )
    elif outcome == services.LinkResend.WITHHELD:
        messages.warning(
            request,
            _(
                "Tautan belum dapat dikirim: nomor yang tercatat belum mengonfirmasi bahwa ia mau menerima "
                "kabar, jadi nomor itu hanya menerima satu pesan sehari. Buka tautan konfirmasi pada pesan "
                "pertama, coba lagi besok, atau datanglah ke kantor %(noun)s dengan KTP Anda."
            )
            % {"noun": noun},
        )
    else:
        messages.info(
            request,
            _("Permohonan ini tidak mencantumkan kontak. Datanglah ke kantor %(noun)s dengan KTP Anda.")
            % {"noun": noun},
        )
    return redirect("layanan:track", code=found.tracking_code)


def _track_context(found: ServiceRequest) -> dict[str, Any]:
    return {
        "service_request": found,
        "masked_name": mask_name(found.applicant_name),
        "masked_nik": mask_nik(found.nik),
        "events": found.events.all(),
        "letter": Letter.objects.filter(request=found).order_by("-pk").first(),
        "is_overdue": selectors.request_is_overdue(found),
    }


def _request_or_404(code: str) -> ServiceRequest:
    found = selectors.request_by_tracking_code(code)
    if found is None:
        raise Http404
    return found


def _owned_or_404(code: str, secret: str) -> ServiceRequest:
    found = _request_or_404(code)
    if not same_secret(found.download_secret, secret):
        raise Http404
    return found


@accepts_uploads
@never_cache
def owner_page(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    """The resident's own page: tracking, the letter download, missing documents, cancellation."""
    found = _owned_or_404(code, secret)
    documents_form = DocumentsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            services.request_cancel(request=found, secret=secret, actor=None)
            messages.success(request, _("Permohonan dibatalkan."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("layanan:owner", code=found.tracking_code, secret=secret)
    if request.method == "POST":
        is_valid = documents_form.is_valid()
        documents_form.collect_documents(owner=session_owner(request))
        if is_valid:
            try:
                services.request_add_documents(
                    request=found, secret=secret, attachments=documents_form.attachments(), actor=None
                )
            except (ValidationError, PermissionDenied) as error:
                documents_form.add_error(None, getattr(error, "messages", [str(error)]))
            else:
                messages.success(request, _("Dokumen diterima; permohonan kembali diperiksa petugas."))
                return redirect("layanan:owner", code=found.tracking_code, secret=secret)
        documents_form.show_staged(
            berkas_services.uploads_stage(
                owner=session_owner(request), documents=documents_form.new_documents
            )
        )
    return render(
        request,
        "layanan/owner.html",
        {
            **_track_context(found),
            "secret": secret,
            "documents_form": documents_form,
            "staged_documents_name": STAGED_DOCUMENTS,
            "survey_invitation": survei_selectors.unused_invitation_for(f"layanan.request:{found.pk}"),
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def letter_download(request: HttpRequest, code: str, secret: str) -> FileResponse:
    found = _owned_or_404(code, secret)
    letter = Letter.objects.filter(request=found, is_revoked=False).first()
    if letter is None:
        raise Http404
    if not letter.pdf:
        # Neither the worker nor the after-commit fallback has rendered it yet: do it now.
        letter = services.letter_render_pdf(letter_id=letter.pk)
    return FileResponse(
        letter.pdf.open("rb"), content_type="application/pdf", filename=f"surat-{found.tracking_code}.pdf"
    )


def verify(request: HttpRequest, verification_code: str) -> HttpResponse:
    """Public: reads the letter through the API's selector, which loads none of the resident's
    personal data (only the letter's own columns and its title)."""
    letter = selectors.letter_for_verification(verification_code)
    if letter is None:
        raise Http404
    return render(request, "layanan/verify.html", {"letter": letter})


# --- queue tickets -------------------------------------------------------------------------------------


QUEUE_TICKET_SALT = "layanan.queue_ticket"
# The office screen polls this often (seconds); without JavaScript it reloads itself as often.
QUEUE_DISPLAY_REFRESH_SECONDS = 5


def queue_take(request: HttpRequest) -> HttpResponse:
    """The resident picks a counter and gets a ticket. Limited per address per village, because the
    page is anonymous: a script must not fill the day's queue (issue 7, finding 8)."""
    counters = selectors.queue_counters()
    error = ""
    if request.method == "POST":
        if not queue_ticket_allowed(request):
            return render(request, "layanan/queue_too_many.html", status=429)
        try:
            ticket = services.queue_ticket_take(counter=request.POST.get("counter", ""), actor=None)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            # Post/redirect/get: a reload shows the same ticket and never takes another.
            return redirect("layanan:queue_ticket", token=signing.dumps(ticket.pk, salt=QUEUE_TICKET_SALT))
    return render(
        request,
        "layanan/queue_take.html",
        {"counters": counters, "error": error},
        status=400 if error else 200,
    )


def queue_ticket(request: HttpRequest, token: str) -> HttpResponse:
    """The ticket, at a signed address (ticket ids are sequential and must not be walked through)."""
    try:
        ticket_id = signing.loads(token, salt=QUEUE_TICKET_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        raise Http404 from None
    ticket = get_object_or_404(QueueTicket, pk=ticket_id)
    return render(
        request,
        "layanan/queue_ticket.html",
        {"ticket": ticket, "waiting_before": selectors.queue_waiting_before(ticket)},
    )


def queue_display(request: HttpRequest) -> HttpResponse:
    """For a screen in the office. A small static script polls `queue_display_data` and updates the
    numbers in place; without JavaScript the page reloads itself (meta refresh inside <noscript>)."""
    return render(
        request,
        "layanan/queue_display.html",
        {
            "board": selectors.queue_board(),
            "counters": selectors.queue_counters(),
            "refresh_seconds": QUEUE_DISPLAY_REFRESH_SECONDS,
        },
    )


@never_cache
def queue_display_data(request: HttpRequest) -> JsonResponse:
    board = selectors.queue_board()
    return JsonResponse(
        {
            "day": board.day.isoformat(),
            "day_text": date_format(board.day, "l, j F Y"),
            "called": [
                {"counter": ticket.counter, "label": str(ticket), "called_at": ticket.called_at}
                for ticket in board.called
            ],
            "waiting": board.waiting,
            "waiting_text": ngettext("%(count)s menunggu", "%(count)s menunggu", board.waiting)
            % {"count": board.waiting},
        }
    )


# --- staff ---------------------------------------------------------------------------------------------


@page_required(pages.WORKLIST)
def staff_worklist(request: HttpRequest) -> HttpResponse:
    """The requests staff work on, nearest due date first, filtered like the API's list."""
    worklist = StaffWorklistFilter(request.GET, queryset=selectors.staff_worklist(today=timezone.localdate()))
    rows = (
        worklist.qs[:200]
        if worklist.is_valid()
        else selectors.staff_worklist(today=timezone.localdate()).none()
    )
    return render(
        request,
        "layanan/staff_queue.html",
        {
            "rows": rows,
            "filter": worklist,
            "status": worklist.form.cleaned_data.get("status", "") if worklist.is_valid() else "",
            "overdue": bool(worklist.form.cleaned_data.get("terlambat")) if worklist.is_valid() else False,
            "today": timezone.localdate(),
            "statuses": ServiceRequest._meta.get_field("status").choices,
            "queue_counters": selectors.queue_counters(),
        },
        status=200 if worklist.is_valid() else 400,
    )


@page_required(pages.REQUEST)
def staff_request(request: HttpRequest, code: str) -> HttpResponse:
    found = _request_or_404(code)
    correction = None
    if request.method == "POST" and request.POST.get("action") == "correct":
        correction = RequestCorrectionForm(request.POST, service_request=found)
        if correction.is_valid():
            try:
                data = correction.cleaned_data
                services.request_correct(
                    request=found,
                    actor=_staff_user(request),
                    applicant_name=data["applicant_name"],
                    nik=data["nik"],
                    kk_number=data["kk_number"],
                    address=data["address"],
                    purpose=data["purpose"],
                    identity=correction.corrected_identity(),
                    extra=correction.corrected_extra(),
                )
            except ValidationError as error:
                _merge_errors(correction, error)
            else:
                messages.success(request, _("Data pemohon dikoreksi."))
                return redirect("layanan:staff_request", code=found.tracking_code)
    elif request.method == "POST":
        try:
            action = request.POST.get("action")
            if action == "sign":
                sign = SignForm(request.POST, district=_village(request).district)
                if not sign.is_valid():
                    raise ValidationError(_("Nama dan jabatan penanda tangan wajib diisi."))
                services.letter_issue(
                    request=found, village=_village(request), actor=_staff_user(request), **sign.cleaned_data
                )
            elif action == "revoke":
                revoke = RevokeForm(request.POST)
                letter = selectors.letter_in_force(found)
                if letter is None:
                    raise Http404
                services.letter_revoke(
                    letter=letter, actor=_staff_user(request), reason=revoke.data.get("reason", "")
                )
            else:
                transition = TransitionForm(request.POST)
                if not transition.is_valid():
                    raise ValidationError(_("Pilih status tujuan yang benar."))
                services.request_transition(
                    request=found, actor=_staff_user(request), **transition.cleaned_data
                )
            messages.success(request, _("Tersimpan."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("layanan:staff_request", code=found.tracking_code)
    can_correct = found.status in services.CORRECTABLE
    if correction is None and can_correct:
        correction = RequestCorrectionForm(service_request=found)
    attachments = list(found.attachments.all())
    return render(
        request,
        "layanan/staff_request.html",
        {
            "service_request": found,
            "extra_fields": [
                (field["label"], found.extra.get(field["name"], "")) for field in found.standard.extra_fields
            ],
            "events": found.events.all(),
            "attachments": attachments,
            # What to check: papers at the office, uploads among the files above.
            "requirements": [
                (text, note, text in {a.label for a in attachments})
                for text, note in found.standard.requirement_rows
            ],
            "letters": selectors.letters_of_request(found),
            "next_statuses": [
                (transition.target, RequestStatus(transition.target).label)
                for transition in services.REQUEST_WORKFLOW.allowed_targets(
                    source=found.status, actor=_staff_user(request)
                )
            ],
            "correction_form": correction,
            "sign_form": SignForm(initial=_signer_initial(request), district=_village(request).district),
            "can_sign": has_role(request.user, services.SIGNING_ROLES),
        },
        status=400 if request.method == "POST" else 200,
    )


def _signer_initial(request: HttpRequest) -> dict[str, str]:
    """The signer prefilled from the village's officials: the head's name, and the head's title
    with the village's name ("Keuchik Gampong Lambaro"); the counter settings' head name otherwise."""
    from modules.portal.selectors import village_head

    village = _village(request)
    head = village_head()
    settings_row = ServiceSettings.objects.filter(pk=1).first()
    name = head.name if head else (settings_row.head_name if settings_row else "")
    title = village.district.village_head_title.title()
    return {"signer_name": name, "signer_position": f"{title} {village.display_name}", "on_behalf_of": ""}


@page_required(pages.REQUEST)
def staff_letter_preview(request: HttpRequest, code: str) -> HttpResponse:
    """The exact PDF the letter will be, before signing: the same template and data, without a
    number or QR, marked PRATINJAU. The signer comes from the signing form (posted to this page,
    which writes nothing), else the default one."""
    found = _request_or_404(code)
    sign = SignForm(request.POST, district=_village(request).district)
    signer = sign.cleaned_data if request.method == "POST" and sign.is_valid() else _signer_initial(request)
    settings_row = ServiceSettings.objects.get_or_create(pk=1)[0]
    draft = Letter(request=found, paper_size=settings_row.paper_size, **signer)
    response = HttpResponse(
        letters.render_letter_pdf(draft, _village(request), is_preview=True), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="pratinjau-{found.tracking_code}.pdf"'
    return response


@page_required(pages.REQUEST)
def staff_letter(request: HttpRequest, code: str, letter_id: int) -> HttpResponse:
    """A letter as issued, for staff to open and print (inline) or download (`?unduh=1`); revoked
    letters too, for the record. Never cached (page_required)."""
    found = _request_or_404(code)
    letter = get_object_or_404(Letter, request=found, pk=letter_id)
    if not letter.pdf:  # not rendered yet: render (and store) it now rather than make staff wait
        letter = services.letter_render_pdf(letter_id=letter.pk)
    with letter.pdf.open("rb") as stored:
        content = stored.read()
    disposition = "attachment" if request.GET.get("unduh") == "1" else "inline"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{disposition}; filename="surat-{found.tracking_code}-{letter.pk}.pdf"'
    return response


@page_required(pages.WALK_IN)
def staff_walk_in_pick(request: HttpRequest) -> HttpResponse:
    """The counter form's first step: which service the resident at the counter asks for."""
    return render(request, "layanan/staff_walk_in_pick.html", {"standards": selectors.current_standards()})


@accepts_uploads
@page_required(pages.WALK_IN)
def staff_walk_in(request: HttpRequest, slug: str) -> HttpResponse:
    """A request registered at the counter for a resident who came in person."""
    service, standard = _service_or_404(slug)
    form = RequestForm(request.POST or None, request.FILES or None, standard=standard, online=False)
    if request.method == "POST":
        created = _submit_request_form(request, form, service=service, actor=_staff_user(request))
        if created is not None:
            messages.success(request, _("Permohonan %(code)s dicatat.") % {"code": created.tracking_code})
            return redirect("layanan:staff_request", code=created.tracking_code)
    return render(
        request,
        "layanan/request_form.html",
        {"service": service, "standard": standard, "form": form, "walk_in": True},
    )


@require_POST
@page_required(pages.QUEUE_CALL)
def staff_call_next(request: HttpRequest) -> HttpResponse:
    try:
        ticket = services.queue_ticket_call_next(
            counter=request.POST.get("counter", ""), actor=_staff_user(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("layanan:staff_worklist")
    if ticket is None:
        messages.info(request, _("Antrian kosong."))
    else:
        messages.success(request, _("Memanggil nomor %(ticket)s.") % {"ticket": str(ticket)})
    return redirect("layanan:staff_worklist")


# --- staff: the catalogue and the counter's settings ---------------------------------------------------


@page_required(pages.CATALOGUE)
def staff_catalogue(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        service = get_object_or_404(Service, slug=request.POST.get("slug", ""))
        services.service_set_active(
            service=service, actor=_staff_user(request), is_active=request.POST.get("is_active") == "1"
        )
        messages.success(request, _("Layanan %(name)s diperbarui.") % {"name": service.name})
        return redirect("layanan:staff_catalogue")
    return render(
        request, "layanan/staff_catalogue.html", {"standards": selectors.current_standards(active_only=False)}
    )


@page_required(pages.CATALOGUE)
def staff_service_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """New service (no slug) or an edit; an edited standard becomes a new version."""
    standard = selectors.current_standard_for_slug(slug, active_only=False) if slug else None
    if slug and standard is None:
        raise Http404
    service = standard.service if standard else None
    initial = ServiceForm.initial_for(service, standard) if service and standard else {}
    form = ServiceForm(request.POST or None, initial=initial)
    if service:
        form.fields["slug"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            if service is None:
                service = services.service_create(
                    actor=_staff_user(request),
                    slug=form.cleaned_data["slug"],
                    text=form.text(),
                    terms=form.terms(),
                )
            else:
                service, _standard = services.service_save(
                    service=service, actor=_staff_user(request), text=form.text(), terms=form.terms()
                )
        except ValidationError as error:
            _merge_errors(form, error)
        else:
            messages.success(request, _("Layanan %(name)s tersimpan.") % {"name": service.name})
            return redirect("layanan:staff_catalogue")
    return render(
        request,
        "layanan/staff_service_form.html",
        {"form": form, "service": service, "standard": standard},
        status=400 if request.method == "POST" else 200,
    )


@page_required(pages.SETTINGS)
def staff_settings(request: HttpRequest) -> HttpResponse:
    instance = ServiceSettings.objects.get_or_create(pk=1)[0]
    form = ServiceSettingsForm(request.POST or None, instance=instance, district=_village(request).district)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_settings_update(actor=_staff_user(request), values=form.values())
        except ValidationError as error:
            _merge_errors(form, error)
        else:
            messages.success(request, _("Pengaturan layanan tersimpan."))
            return redirect("layanan:staff_settings")
    return render(
        request,
        "layanan/staff_settings.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@page_required(pages.REQUEST)
def staff_attachment(request: HttpRequest, code: str, attachment_id: int) -> FileResponse:
    """A resident's document, for counter staff only (uploads have no public URL): decrypted, sent as
    a download under a generated name (``berkas-<code>-<n>.<ext>``), never sniffed, never cached."""
    found = _request_or_404(code)
    attachment = get_object_or_404(found.attachments, pk=attachment_id)
    position = found.attachments.filter(pk__lte=attachment.pk).count()
    extension = services.ATTACHMENT_EXTENSIONS.get(attachment.content_type, "bin")
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type if extension != "bin" else "application/octet-stream",
        as_attachment=True,
        filename=f"berkas-{found.tracking_code}-{position}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the Dokumen SOP Layanan Publik --------------------------------------------------------------------


def _head_name() -> str:
    from modules.portal.selectors import published_officials

    head = published_officials().filter(is_head=True).first()
    return head.name if head and head.name != "(belum diisi)" else ""


@page_required(pages.SOP)
def staff_sop(request: HttpRequest) -> HttpResponse:
    """Compile, preview, adopt and publish the village's SOP document."""
    form = SopAdoptForm(
        request.POST or None, initial={"decree_date": timezone.localdate(), "signer_name": _head_name()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.sop_document_adopt(
                village=_village(request),
                actor=_staff_user(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            _merge_errors(form, error)
        else:
            messages.success(
                request,
                _("Dokumen SOP versi %(version)s ditetapkan dan diterbitkan di portal.")
                % {"version": document.version},
            )
            return redirect("layanan:staff_sop")
    return render(
        request,
        "layanan/staff_sop.html",
        {
            "form": form,
            "documents": selectors.sop_documents(),
            "service_count": selectors.current_standards().count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@page_required(pages.SOP)
def staff_sop_preview(request: HttpRequest) -> HttpResponse:
    """The draft as it would be adopted today, marked RANCANGAN, with no decree number."""
    from .sop import Decree, render_sop_pdf

    decree = Decree(number="", date=timezone.localdate(), signer_name=_head_name(), signer_position="")
    pdf, _count = render_sop_pdf(_village(request), decree=decree, is_draft=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="rancangan-dokumen-sop.pdf"'
    return response


def sop_document(request: HttpRequest, version: int | None = None) -> FileResponse:
    """The adopted SOP document, public: what the village promises for every service."""
    document = (
        selectors.sop_documents().filter(version=version).first()
        if version
        else selectors.published_sop_document()
    )
    if document is None:
        raise Http404
    return FileResponse(
        document.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"dokumen-sop-layanan-publik-v{document.version}.pdf",
    )
