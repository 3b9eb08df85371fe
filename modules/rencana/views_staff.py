"""The action plan's staff pages under /staf/rencana/: the plans, one plan (needs mapping, programs,
forums, publishing), the program form with its partners, budget, indicators and milestones, one
program with its progress, the progress and forum forms, the areas, and the progress report. Thin
views over selectors and services: every view is guarded by its staff_pages declaration, objects
are looked up in the village's own schema (404 otherwise), and every write is one service call whose
errors come back next to the fields (or, for the POST-only buttons, as a message)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from modules.accounts.permissions import staff_user as _user
from modules.accounts.staff_pages import page_required
from modules.api_errors.forms import errors_onto_form
from modules.berkas import services as berkas_services
from modules.berkas.forms import session_owner
from modules.berkas.middleware import accepts_uploads
from tenants.words import village_noun

from . import selectors, services
from . import staff_pages as pages
from .forms import (
    ROW_SETS,
    AreaForm,
    AttendanceFormSet,
    ForumForm,
    NeedsForm,
    PlanForm,
    ProgramForm,
    ProgressForm,
    ReportForm,
    RowFormSet,
    default_groups,
    posted_id,
    program_rows_initial,
)
from .models import Forum, FundingSource, NeedsFinding, NeedsKind, Plan, Program, ProgressUpdate

# A row's name in the error summary, as its legend on the page ("Sumber dana 2").
ROW_LABELS = {
    "partners": gettext_lazy("Mitra"),
    "budget": gettext_lazy("Sumber dana"),
    "indicators": gettext_lazy("Indikator"),
    "milestones": gettext_lazy("Tahapan"),
    "attendance": gettext_lazy("Kelompok"),
}


def _found(value: Any) -> Any:
    if value is None:
        raise Http404
    return value


def _plan_or_404(plan_id: int) -> Plan:
    return _found(selectors.plan_for_staff(plan_id))


def _program_or_404(program_id: int) -> Program:
    return _found(selectors.program_for_staff(program_id))


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _confirmed(request: HttpRequest) -> bool:
    """A delete button posts `confirm=1`; an empty body removes nothing."""
    if request.POST.get("confirm") == "1":
        return True
    messages.error(request, _("Tekan tombol hapus di halaman ini untuk menghapus."))
    return False


def _noun(request: HttpRequest) -> str:
    tenant = getattr(request, "tenant", None)
    village = getattr(tenant, "village", None)
    return village_noun(getattr(village, "district", None))


# --- errors of a form with rows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One line of the error summary: the field it links to, its label, the message."""

    anchor: str
    label: str
    message: str


@dataclass
class RowsPage:
    """A form and its formsets (by the service's row names), with the service's errors put back:
    `<rows>-<index>-<field>` on the index-th row given (blank rows are not given), `<rows>` above
    that list, everything else on the form."""

    form: Any
    rows: dict[str, RowFormSet]
    section_errors: dict[str, list[str]] = field(default_factory=dict)

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for formset in self.rows.values():
            valid = formset.is_valid() and valid
        return valid

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            errors_onto_form(self.form, error)
            return
        rest: dict[str, list[ValidationError]] = {}
        for key, errors in error.error_dict.items():
            parts = key.split("-")
            if len(parts) == 3 and parts[0] in self.rows and parts[1].isdigit():
                filled = self.rows[parts[0]].filled()
                index = int(parts[1])
                if index < len(filled):
                    row = filled[index]
                    row.add_error(parts[2] if parts[2] in row.fields else None, errors)
                    continue
            if key in self.rows:
                self._section(key, errors)
                continue
            rest[key] = errors
        if rest:
            errors_onto_form(self.form, ValidationError(rest))

    def _section(self, name: str, errors: list[ValidationError]) -> None:
        for item in errors:
            if item.code == "source_twice":
                # Next to each row that repeats a source of an earlier row.
                seen: set[str] = set()
                for row in self.rows[name].filled():
                    source = str(row.cleaned_data.get("source") or "")
                    if source in seen:
                        row.add_error("source", item)
                    seen.add(source)
                continue
            self.section_errors.setdefault(name, []).extend(item.messages)

    def problems(self) -> list[Problem]:
        found = [
            Problem(anchor="error-summary", label="", message=str(message))
            for message in self.form.non_field_errors()
        ]
        for bound in self.form:
            found += [Problem(bound.id_for_label, str(bound.label), str(message)) for message in bound.errors]
        for name, formset in self.rows.items():
            found += [
                Problem(f"{name}-errors", str(ROW_LABELS[name]), str(message))
                for message in [*formset.non_form_errors(), *self.section_errors.get(name, [])]
            ]
            for number, row in enumerate(formset.forms, start=1):
                label = f"{ROW_LABELS[name]} {number}"
                found += [
                    Problem(f"{name}-{number - 1}", label, str(message)) for message in row.non_field_errors()
                ]
                for bound in row:
                    found += [
                        Problem(bound.id_for_label, f"{label} — {bound.label}", str(message))
                        for message in bound.errors
                    ]
        return found


# --- plans ----------------------------------------------------------------------------------------------


@page_required(pages.PLANS)
def staff_plans(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_for_staff().annotate(program_count=Count("programs"))
    return render(request, "rencana/staff/plans.html", {"plans": plans})


@page_required(pages.PLAN_EDIT["rencana:staff_plan_edit"])  # the same roles as staff_plan_new
def staff_plan_edit(request: HttpRequest, plan_id: int | None = None) -> HttpResponse:
    """A new plan (a draft) or an edit of one."""
    plan = _plan_or_404(plan_id) if plan_id is not None else None
    form = PlanForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.plan_save(actor=_user(request), plan=plan, data=form.plan_input())
            except ValidationError as error:
                errors_onto_form(form, error)
            else:
                messages.success(request, _("Rencana aksi %(title)s tersimpan.") % {"title": saved.title})
                return redirect("rencana:staff_plan", plan_id=saved.pk)
        return render(request, "rencana/staff/plan_form.html", {"plan": plan, "form": form}, status=400)
    return render(request, "rencana/staff/plan_form.html", {"plan": plan, "form": form})


@page_required(pages.PLAN)
def staff_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan for staff: its status and publishing, needs mapping, programs, forums, documents."""
    plan = _plan_or_404(plan_id)
    matrix = selectors.matrix(plan)
    return render(
        request,
        "rencana/staff/plan.html",
        {
            "plan": plan,
            "period": selectors.period_label(plan),
            "needs": selectors.needs_lines(plan),
            "matrix": matrix,
            # Each program with how many of its indicators meet their target today.
            "programs": [(row, sum(1 for value in row.indicators if value.meets)) for row in matrix.rows],
            "forums": selectors.forums_of(plan),
            "is_current": plan.is_current_on(timezone.localdate()),
        },
    )


@page_required(pages.PLAN_EDIT["rencana:staff_plan_publish"])
@require_POST
def staff_plan_publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    """`action=terbitkan` publishes (portal and DIP), `action=tarik` takes the plan back to draft."""
    plan = _plan_or_404(plan_id)
    action = request.POST.get("action", "")
    if action not in ("terbitkan", "tarik"):
        messages.error(request, _("Pilih terbitkan atau kembalikan ke draf dari halaman ini."))
        return redirect("rencana:staff_plan", plan_id=plan.pk)
    try:
        services.plan_publish(actor=_user(request), plan=plan, publish=action == "terbitkan")
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Rencana aksi diterbitkan di portal dan di Daftar Informasi Publik.")
            if action == "terbitkan"
            else _("Rencana aksi dikembalikan ke draf; tidak lagi tampil di portal."),
        )
    return redirect("rencana:staff_plan", plan_id=plan.pk)


@page_required(pages.PLAN_EDIT["rencana:staff_plan_delete"])
@require_POST
def staff_plan_delete(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Removes a draft that was never published (`confirm=1`)."""
    plan = _plan_or_404(plan_id)
    if _confirmed(request):
        try:
            services.plan_delete(actor=_user(request), plan=plan)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Draf rencana aksi %(title)s dihapus.") % {"title": plan.title})
            return redirect("rencana:staff_plans")
    return redirect("rencana:staff_plan", plan_id=plan.pk)


# --- the needs mapping ----------------------------------------------------------------------------------


@page_required(pages.PLAN_EDIT["rencana:staff_needs_edit"])  # the same roles as staff_needs_new
def staff_needs_edit(
    request: HttpRequest, plan_id: int | None = None, finding_id: int | None = None
) -> HttpResponse:
    finding: NeedsFinding | None = None
    if finding_id is not None:
        finding = _found(selectors.needs_finding_for_staff(finding_id))
        plan = finding.plan
    else:
        plan = _plan_or_404(plan_id or 0)
    polls = selectors.poll_choices()
    form = NeedsForm(request.POST if request.method == "POST" else None, finding=finding, polls=polls)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.needs_finding_save(
                    actor=_user(request), plan=plan, finding=finding, data=form.needs_input()
                )
            except ValidationError as error:
                errors_onto_form(form, error)
            else:
                messages.success(request, _("Pemetaan kebutuhan tersimpan."))
                return redirect("rencana:staff_plan", plan_id=plan.pk)
    return render(
        request,
        "rencana/staff/needs_form.html",
        {"plan": plan, "finding": finding, "form": form, "kinds": NeedsKind},
        status=status,
    )


@page_required(pages.PLAN_EDIT["rencana:staff_needs_delete"])
@require_POST
def staff_needs_delete(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = _found(selectors.needs_finding_for_staff(finding_id))
    if _confirmed(request):
        try:
            services.needs_finding_delete(actor=_user(request), finding=finding)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Temuan %(title)s dihapus.") % {"title": finding.title})
    return redirect("rencana:staff_plan", plan_id=finding.plan_id)


# --- areas ----------------------------------------------------------------------------------------------


@page_required(pages.AREAS)
def staff_areas(request: HttpRequest) -> HttpResponse:
    form = AreaForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                area = services.area_add(actor=_user(request), name=form.cleaned_data["name"])
            except ValidationError as error:
                errors_onto_form(form, error)
            else:
                messages.success(request, _("Bidang %(name)s ditambahkan.") % {"name": area.name})
                return redirect("rencana:staff_areas")
    return render(
        request, "rencana/staff/areas.html", {"areas": selectors.areas(), "form": form}, status=status
    )


# --- programs -------------------------------------------------------------------------------------------


def _program_page(data: Any, *, program: Program | None) -> RowsPage:
    initial = program_rows_initial(program) if data is None else {}
    return RowsPage(
        form=ProgramForm(data, program=program, areas=[(area.pk, area.name) for area in selectors.areas()]),
        rows={
            name: formset(data, prefix=name, initial=initial.get(name) or None)
            for name, formset in ROW_SETS.items()
        },
    )


def _program_input(page: RowsPage) -> services.ProgramInput:
    data = page.form.cleaned_data
    return services.ProgramInput(
        area_id=posted_id(data.get("area")) or 0,
        title=data["title"],
        responsible=data["responsible"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        description=data["description"],
        partners=tuple(row.row() for row in page.rows["partners"].filled()),  # type: ignore[attr-defined]
        budget=tuple(row.row() for row in page.rows["budget"].filled()),  # type: ignore[attr-defined]
        indicators=tuple(row.row() for row in page.rows["indicators"].filled()),  # type: ignore[attr-defined]
        milestones=tuple(row.row() for row in page.rows["milestones"].filled()),  # type: ignore[attr-defined]
    )


@page_required(pages.PLAN_EDIT["rencana:staff_program_edit"])  # the same roles as staff_program_new
def staff_program_edit(
    request: HttpRequest, plan_id: int | None = None, program_id: int | None = None
) -> HttpResponse:
    """A program with its partners, budget by source, indicators and milestones on one page, saved
    by one call of program_save."""
    program = _program_or_404(program_id) if program_id is not None else None
    plan = program.plan if program is not None else _plan_or_404(plan_id or 0)
    page = _program_page(request.POST if request.method == "POST" else None, program=program)
    status = 200
    if request.method == "POST":
        status = 400
        if page.is_valid():
            try:
                saved = services.program_save(
                    actor=_user(request), plan=plan, program=program, data=_program_input(page)
                )
            except ValidationError as error:
                page.add_service_errors(error)
            else:
                messages.success(request, _("Program %(title)s tersimpan.") % {"title": saved.title})
                return redirect("rencana:staff_program", program_id=saved.pk)
    return render(
        request,
        "rencana/staff/program_form.html",
        {
            "plan": plan,
            "program": program,
            "form": page.form,
            "rows": page.rows,
            "section_errors": page.section_errors,
            "problems": page.problems() if request.method == "POST" else [],
            "period": selectors.period_label(plan),
        },
        status=status,
    )


@page_required(pages.PROGRAM)
def staff_program(request: HttpRequest, program_id: int) -> HttpResponse:
    """A program with its row of the matrix (values now, budget and spending by source), its
    milestones and its progress updates, newest first."""
    program = _program_or_404(program_id)
    today = timezone.localdate()
    row = next(row for row in selectors.matrix(program.plan, day=today).rows if row.program.pk == program.pk)
    return render(
        request,
        "rencana/staff/program.html",
        {
            "plan": program.plan,
            "program": row.program,
            "row": row,
            "updates": selectors.updates_of(program),
            "milestones": list(row.program.milestones.all()),
            "today": today,
        },
    )


@page_required(pages.PLAN_EDIT["rencana:staff_program_delete"])
@require_POST
def staff_program_delete(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _program_or_404(program_id)
    if _confirmed(request):
        try:
            services.program_delete(actor=_user(request), program=program)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Program %(title)s dihapus.") % {"title": program.title})
            return redirect("rencana:staff_plan", plan_id=program.plan_id)
    return redirect("rencana:staff_program", program_id=program.pk)


# --- progress -------------------------------------------------------------------------------------------


def _sources(program: Program) -> list[tuple[str, str]]:
    lines = sorted(program.budget.all(), key=lambda line: FundingSource.values.index(line.source))
    return [(line.source, str(line.get_source_display())) for line in lines]


@accepts_uploads
@page_required(pages.PROGRESS_NEW)
def staff_progress_new(request: HttpRequest, program_id: int) -> HttpResponse:
    """A progress update, saved by one call of progress_record. The files that passed intake are kept
    across a refused form (staged for this session) so they are not picked again."""
    program = _program_or_404(program_id)
    today = timezone.localdate()
    indicators = list(program.indicators.order_by("pk"))
    form = ProgressForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        program=program,
        indicators=indicators,
        sources=_sources(program),
        milestones=list(program.milestones.filter(done_on__isnull=True).order_by("due_on", "pk")),
    )
    status = 200
    if request.method == "POST":
        status = 400
        owner = session_owner(request)
        is_valid = form.is_valid()
        form.keep_documents(owner=owner, names=form.file_names())
        if is_valid:
            try:
                services.progress_record(actor=_user(request), program=program, data=form.progress_input())
            except ValidationError as error:
                errors_onto_form(form, error, aliases={"attachments": "file_1"})
            else:
                messages.success(request, _("Kemajuan program %(title)s dicatat.") % {"title": program.title})
                return redirect("rencana:staff_program", program_id=program.pk)
        staged = berkas_services.uploads_stage(owner=owner, documents=form.new_documents)
        for name, upload in staged.items():
            form.show_staged(name, upload)
    return render(
        request,
        "rencana/staff/progress_form.html",
        {
            "plan": program.plan,
            "program": program,
            "form": form,
            "measured": [
                selectors.value_on(indicator, program, today)
                for indicator in indicators
                if indicator.fills_itself
            ],
        },
        status=status,
    )


@page_required(pages.PLAN_EDIT["rencana:staff_progress_delete"])
@require_POST
def staff_progress_delete(request: HttpRequest, update_id: int) -> HttpResponse:
    update: ProgressUpdate = _found(selectors.update_for_staff(update_id))
    if _confirmed(request):
        try:
            services.progress_delete(actor=_user(request), update=update)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("Laporan kemajuan %(date)s dihapus.") % {"date": update.reported_on.strftime("%d-%m-%Y")},
            )
    return redirect("rencana:staff_program", program_id=update.program_id)


# --- forums ---------------------------------------------------------------------------------------------


@page_required(pages.FORUM_EDIT["rencana:staff_forum_edit"])  # the same roles as staff_forum_new
def staff_forum_edit(
    request: HttpRequest, plan_id: int | None = None, forum_id: int | None = None
) -> HttpResponse:
    """The record of a village meeting: what was said, decisions, attendance by group (the usual
    groups offered as rows), the programs it touched."""
    forum: Forum | None = None
    if forum_id is not None:
        forum = _found(selectors.forum_for_staff(forum_id))
        plan = forum.plan
    else:
        plan = _plan_or_404(plan_id or 0)
    offered = tuple(default_groups(_noun(request)))
    data = request.POST if request.method == "POST" else None
    if forum is not None:
        initial = [{"group": row.group, "count": row.count} for row in forum.attendance.all()]
    else:
        initial = [{"group": group} for group in offered]
    page = RowsPage(
        form=ForumForm(
            data,
            forum=forum,
            programs=[(program.pk, program.title) for program in selectors.programs_of(plan)],
        ),
        rows={
            "attendance": AttendanceFormSet(
                data, prefix="attendance", initial=None if data else initial, form_kwargs={"offered": offered}
            )
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if page.is_valid():
            try:
                services.forum_save(
                    actor=_user(request),
                    plan=plan,
                    forum=forum,
                    data=page.form.forum_input(page.rows["attendance"]),
                )
            except ValidationError as error:
                page.add_service_errors(error)
            else:
                messages.success(request, _("Forum warga tersimpan."))
                return redirect("rencana:staff_plan", plan_id=plan.pk)
    return render(
        request,
        "rencana/staff/forum_form.html",
        {
            "plan": plan,
            "forum": forum,
            "form": page.form,
            "attendance": page.rows["attendance"],
            "section_errors": page.section_errors,
            "problems": page.problems() if request.method == "POST" else [],
        },
        status=status,
    )


@page_required(pages.PLAN_EDIT["rencana:staff_forum_delete"])
@require_POST
def staff_forum_delete(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum: Forum = _found(selectors.forum_for_staff(forum_id))
    if _confirmed(request):
        try:
            services.forum_delete(actor=_user(request), forum=forum)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Catatan forum %(title)s dihapus.") % {"title": forum.title})
            return redirect("rencana:staff_plan", plan_id=forum.plan_id)
    return redirect("rencana:staff_forum_edit", forum_id=forum.pk)


# --- the progress report --------------------------------------------------------------------------------


@page_required(pages.REPORT)
def staff_report(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A period's progress (default: the plan's start to today), with a link to its PDF."""
    plan = _plan_or_404(plan_id)
    today = timezone.localdate()
    default_end = max(plan.period_start, min(today, plan.period_end))
    asked = "dari" in request.GET or "sampai" in request.GET
    form = ReportForm(
        request.GET if asked else {"dari": plan.period_start.isoformat(), "sampai": default_end.isoformat()}
    )
    context: dict[str, Any] = {"plan": plan, "form": form, "period": selectors.period_label(plan)}
    if not form.is_valid():
        return render(request, "rencana/staff/report.html", context, status=400)
    start: datetime.date = form.cleaned_data["dari"]
    end: datetime.date = form.cleaned_data["sampai"]
    report = selectors.progress_report(plan, start=start, end=end)
    context.update(
        {
            "report": report,
            "programs": [(row, report.updates.get(row.program.pk, [])) for row in report.matrix.rows],
            "start": start,
            "end": end,
        }
    )
    return render(request, "rencana/staff/report.html", context)
