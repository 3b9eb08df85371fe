"""Writes of the action plan. Each entry point is one durable transaction with its audit row. A
published plan keeps its row in the PPID's DIP (the periodic matrix of programs and activities)
current inside the same transaction, through `modules.ppid.services.dip_item_keep`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.accounts.models import Role, User
from modules.accounts.permissions import require_role
from modules.audit.services import audit_record
from modules.berkas.services import IncomingFile, document_of
from modules.ppid.services import KeptItem, dip_item_keep
from tenants.models import Village
from tenants.routing import village_page_url
from tenants.selectors import current_village
from tenants.words import village_noun

from . import selectors
from .defaults import AREAS
from .models import (
    MAX_ATTACHMENTS_PER_UPDATE,
    MAX_GROUPS_PER_FORUM,
    MAX_PROGRAMS_PER_PLAN,
    MAX_ROWS_PER_PROGRAM,
    MEASURE_UNITS,
    Area,
    BudgetLine,
    Forum,
    ForumAttendance,
    FundingSource,
    Indicator,
    IndicatorValue,
    Measure,
    Milestone,
    NeedsFinding,
    NeedsKind,
    Partner,
    Plan,
    PlanStatus,
    Program,
    ProgramStatus,
    ProgressUpdate,
    Spending,
    UpdateAttachment,
)

# The village admin (the secretary acting for the head) writes the plan and its programs.
PLAN_ROLES = (Role.VILLAGE_ADMIN,)
# Progress and meetings are recorded by the admin and the service operator who runs the programs.
PROGRESS_ROLES = (Role.VILLAGE_ADMIN, Role.OPERATOR)
# Staff who read the plan's pages (drafts included): the writers, the PPID and the council (BPD).
READ_ROLES = (*PROGRESS_ROLES, Role.PPID_OFFICER, Role.PPID_SUPERIOR, Role.COUNCIL_MEMBER)
DIP_KEY = "rencana:plan:{pk}"
DIP_CHECKLIST_KEY = "program-kegiatan"


def _touch(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())


def _keep_dip(*, actor: User, plan: Plan) -> None:
    """The DIP row of a published plan: title, the programs in one line each, its link; a plan back
    in draft leaves the DIP."""
    key = DIP_KEY.format(pk=plan.pk)
    if not plan.is_published:
        dip_item_keep(actor=actor, key=key, item=None)
        return
    village = current_village()
    district = village.district if village is not None else None
    programs = list(plan.programs.select_related("area").order_by("order", "pk"))
    lines = [f"{program.area.name}: {program.title} ({program.responsible})" for program in programs]
    summary = _(
        "Matriks program dan kegiatan rencana aksi %(period)s: %(count)s program dengan penanggung jawab, "
        "jadwal, target dan capaian indikator, serta sumber dan jumlah anggaran."
    ) % {"period": selectors.period_label(plan), "count": len(programs)}
    if lines:
        summary = summary + "\n" + "\n".join(lines)
    noun = village_noun(district)
    dip_item_keep(
        actor=actor,
        key=key,
        item=KeptItem(
            title=_("Matriks program dan kegiatan: %(title)s") % {"title": plan.title},
            summary=summary,
            holder=_("Sekretaris %(noun)s") % {"noun": noun},
            publisher=_("Pemerintah %(noun)s") % {"noun": noun},
            made_when=selectors.period_label(plan),
            made_where=village.name if village is not None else "",
            retention=_("5 tahun"),
            link=village_page_url(village, "rencana:plan", plan_id=str(plan.pk))
            if village is not None
            else "",
            updated_on=timezone.localdate(),
            current_until=plan.period_end,
            checklist_key=DIP_CHECKLIST_KEY,
        ),
    )


def _after_change(*, actor: User, plan: Plan) -> None:
    """After a change to a plan's parts (`plan` is the locked row): its time, and its DIP row when
    it was ever published."""
    _touch(plan)
    if plan.published_at is not None:
        _keep_dip(actor=actor, plan=plan)


def _locked_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _full_clean(instance: object, *, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude)  # type: ignore[attr-defined]


# --- Defaults -------------------------------------------------------------------------------------------


def rencana_seed_defaults(village: Village) -> None:
    """The default areas of service; fills what is missing, never renames a village's own."""
    for order, name in enumerate(AREAS, start=1):
        Area.objects.get_or_create(name=name, defaults={"order": order * 10})


@transaction.atomic(durable=True)
def area_add(*, actor: User, name: str) -> Area:
    """An area of service the village adds to the defaults (kesehatan, pendidikan, …)."""
    require_role(actor, PLAN_ROLES)
    area = Area(
        name=" ".join(name.split()), order=(Area.objects.aggregate(top=Max("order"))["top"] or 0) + 10
    )
    _full_clean(area)
    area.save()
    audit_record(action="rencana.area_add", actor=actor, target=area, detail={"name": area.name})
    return area


# --- The plan -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInput:
    title: str
    period_start: datetime.date
    period_end: datetime.date
    background: str = ""
    goals: str = ""
    targets: str = ""
    needs_notes: str = ""


@transaction.atomic(durable=True)
def plan_save(*, actor: User, plan: Plan | None, data: PlanInput) -> Plan:
    """A new plan (a draft) or an edit of one; a published plan's DIP row follows."""
    require_role(actor, PLAN_ROLES)
    target = Plan() if plan is None else _locked_plan(plan)
    target.title = data.title.strip()
    target.period_start, target.period_end = data.period_start, data.period_end
    for name in ("background", "goals", "targets", "needs_notes"):
        setattr(target, name, getattr(data, name).strip())
    target.updated_at = timezone.now()
    _full_clean(target)
    target.save()
    audit_record(action="rencana.plan_save", actor=actor, target=target, detail={"new": plan is None})
    if target.is_published:
        _keep_dip(actor=actor, plan=target)
    return target


@transaction.atomic(durable=True)
def plan_publish(*, actor: User, plan: Plan, publish: bool) -> Plan:
    """Publishes a plan on the portal and in the DIP, or takes it back to draft. A plan is published
    with at least one program."""
    require_role(actor, PLAN_ROLES)
    target = _locked_plan(plan)
    if publish and not target.programs.exists():
        raise ValidationError(
            _("Tambahkan paling sedikit satu program sebelum menerbitkan."), code="no_programs"
        )
    target.status = PlanStatus.PUBLISHED if publish else PlanStatus.DRAFT
    if publish and target.published_at is None:
        target.published_at = timezone.now()
    target.updated_at = timezone.now()
    target.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(action="rencana.plan_publish", actor=actor, target=target, detail={"published": publish})
    _keep_dip(actor=actor, plan=target)
    return target


@transaction.atomic(durable=True)
def plan_delete(*, actor: User, plan: Plan) -> None:
    """Removes a draft written by mistake; a plan that was published stays (take it back to draft)."""
    require_role(actor, PLAN_ROLES)
    target = _locked_plan(plan)
    if target.published_at is not None:
        raise ValidationError(
            _("Rencana yang pernah diterbitkan tidak dapat dihapus; kembalikan ke draf bila perlu."),
            code="was_published",
        )
    audit_record(action="rencana.plan_delete", actor=actor, target=target, detail={"title": target.title})
    _delete_attachments(UpdateAttachment.objects.filter(update__program__plan=target))
    target.delete()


# --- Needs mapping --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedsInput:
    kind: str
    title: str
    held_on: datetime.date
    findings: str = ""
    poll_id: int | None = None
    survey_year: int | None = None


@transaction.atomic(durable=True)
def needs_finding_save(
    *, actor: User, plan: Plan, finding: NeedsFinding | None, data: NeedsInput
) -> NeedsFinding:
    """One source of the needs mapping. A poll must be one of the village's polls; the satisfaction
    survey is named by its year."""
    require_role(actor, PLAN_ROLES)
    locked = _locked_plan(plan)
    target = (
        NeedsFinding(plan=locked) if finding is None else NeedsFinding.objects.get(pk=finding.pk, plan=locked)
    )
    target.kind, target.title, target.held_on = data.kind, data.title.strip(), data.held_on
    target.findings = data.findings.strip()
    target.poll_id = data.poll_id if data.kind == NeedsKind.POLL else None
    target.survey_year = data.survey_year if data.kind == NeedsKind.SURVEY else None
    errors: dict[str, list[ValidationError]] = {}
    if data.kind == NeedsKind.POLL and (data.poll_id is None or not selectors.poll_exists(data.poll_id)):
        errors["poll_id"] = [ValidationError(_("Pilih jajak pendapat dari daftar."), code="poll_invalid")]
    if data.kind == NeedsKind.SURVEY and data.survey_year is None:
        errors["survey_year"] = [
            ValidationError(_("Isi tahun survei kepuasan."), code="survey_year_required")
        ]
    try:
        _full_clean(target, exclude=["plan"])
    except ValidationError as error:
        for name, messages in error.error_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    target.save()
    audit_record(action="rencana.needs_save", actor=actor, target=target, detail={"kind": target.kind})
    _after_change(actor=actor, plan=locked)
    return target


@transaction.atomic(durable=True)
def needs_finding_delete(*, actor: User, finding: NeedsFinding) -> None:
    require_role(actor, PLAN_ROLES)
    plan = _locked_plan(finding.plan)
    audit_record(action="rencana.needs_delete", actor=actor, target=finding, detail={"title": finding.title})
    NeedsFinding.objects.filter(pk=finding.pk).delete()
    _after_change(actor=actor, plan=plan)


# --- Programs -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerInput:
    name: str
    kind: str
    role: str


@dataclass(frozen=True)
class BudgetInput:
    source: str
    amount: int
    note: str = ""


@dataclass(frozen=True)
class IndicatorInput:
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    direction: str
    measure: str = Measure.MANUAL
    id: int | None = None  # an existing indicator keeps its recorded values


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: datetime.date
    done_on: datetime.date | None = None


@dataclass(frozen=True)
class ProgramInput:
    area_id: int
    title: str
    responsible: str
    starts_on: datetime.date
    ends_on: datetime.date
    description: str = ""
    partners: tuple[PartnerInput, ...] = ()
    budget: tuple[BudgetInput, ...] = ()
    indicators: tuple[IndicatorInput, ...] = ()
    milestones: tuple[MilestoneInput, ...] = ()


def _row_errors(
    rows: list[object], name: str, errors: dict[str, list[ValidationError]], exclude: list[str]
) -> None:
    for number, row in enumerate(rows, start=1):
        try:
            _full_clean(row, exclude=exclude)
        except ValidationError as error:
            for field_name, messages in error.error_dict.items():
                errors.setdefault(f"{name}-{number - 1}-{field_name}", []).extend(messages)


@transaction.atomic(durable=True)
def program_save(*, actor: User, plan: Plan, program: Program | None, data: ProgramInput) -> Program:
    """A program with its partners, budget by source, indicators and milestones, saved together.
    Rows not given are removed; an indicator given with its id keeps its recorded values. Errors of
    a row are keyed `<rows>-<index>-<field>` (the formset's field names)."""
    require_role(actor, PLAN_ROLES)
    locked = _locked_plan(plan)
    if program is None and locked.programs.count() >= MAX_PROGRAMS_PER_PLAN:
        raise ValidationError(
            _("Satu rencana aksi paling banyak %(count)s program.") % {"count": MAX_PROGRAMS_PER_PLAN},
            code="too_many_programs",
        )
    errors: dict[str, list[ValidationError]] = {}
    target = Program(plan=locked) if program is None else Program.objects.get(pk=program.pk, plan=locked)
    area = Area.objects.filter(pk=data.area_id).first()
    if area is None:
        errors["area"] = [ValidationError(_("Pilih bidang dari daftar."), code="area_invalid")]
    else:
        target.area = area
    target.title, target.responsible = data.title.strip(), data.responsible.strip()
    target.description = data.description.strip()
    target.starts_on, target.ends_on = data.starts_on, data.ends_on
    if program is None:
        target.order = (locked.programs.aggregate(top=Max("order"))["top"] or 0) + 1
    try:
        _full_clean(target, exclude=["plan", "area"])
    except ValidationError as error:
        for name, messages in error.error_dict.items():
            errors.setdefault(name, []).extend(messages)
    if (
        target.starts_on
        and target.ends_on
        and (target.starts_on < locked.period_start or target.ends_on > locked.period_end)
    ):
        errors.setdefault("ends_on", []).append(
            ValidationError(
                _("Jadwal program harus di dalam periode rencana (%(period)s).")
                % {"period": selectors.period_label(locked)},
                code="outside_period",
            )
        )
    for name, rows in (
        ("partners", data.partners),
        ("budget", data.budget),
        ("indicators", data.indicators),
        ("milestones", data.milestones),
    ):
        if len(rows) > MAX_ROWS_PER_PROGRAM:
            errors.setdefault(name, []).append(
                ValidationError(
                    _("Paling banyak %(count)s baris.") % {"count": MAX_ROWS_PER_PROGRAM},
                    code="too_many_rows",
                )
            )
    sources = [row.source for row in data.budget]
    if len(set(sources)) != len(sources):
        errors.setdefault("budget", []).append(
            ValidationError(_("Setiap sumber dana cukup satu baris."), code="source_twice")
        )
    partners = [Partner(name=row.name.strip(), kind=row.kind, role=row.role.strip()) for row in data.partners]
    budget = [BudgetLine(source=row.source, amount=row.amount, note=row.note.strip()) for row in data.budget]
    existing = {indicator.pk: indicator for indicator in target.indicators.all()} if target.pk else {}
    indicators: list[Indicator] = []
    for row in data.indicators:
        indicator = existing.get(row.id) if row.id is not None else None
        indicator = indicator or Indicator()
        indicator.name, indicator.unit = row.name.strip(), row.unit.strip()
        indicator.baseline, indicator.target, indicator.direction = row.baseline, row.target, row.direction
        indicator.measure = row.measure
        if row.measure in MEASURE_UNITS and not indicator.unit:
            indicator.unit = MEASURE_UNITS[row.measure]  # type: ignore[index]
        indicators.append(indicator)
    milestones = [
        Milestone(title=row.title.strip(), due_on=row.due_on, done_on=row.done_on) for row in data.milestones
    ]
    _row_errors(partners, "partners", errors, ["program"])  # type: ignore[arg-type]
    _row_errors(budget, "budget", errors, ["program"])  # type: ignore[arg-type]
    _row_errors(indicators, "indicators", errors, ["program"])  # type: ignore[arg-type]
    _row_errors(milestones, "milestones", errors, ["program"])  # type: ignore[arg-type]
    if errors:
        raise ValidationError(errors)
    target.updated_at = timezone.now()
    target.save()
    target.partners.all().delete()
    target.budget.all().delete()
    target.milestones.all().delete()
    kept = [indicator.pk for indicator in indicators if indicator.pk]
    target.indicators.exclude(pk__in=kept).delete()
    saved: list[Partner | BudgetLine | Milestone | Indicator] = [*partners, *budget, *milestones, *indicators]
    for part in saved:
        part.program = target
        part.save()
    audit_record(
        action="rencana.program_save",
        actor=actor,
        target=target,
        detail={
            "new": program is None,
            "budget": sum(row.amount for row in budget),
            "indicators": len(indicators),
        },
    )
    _after_change(actor=actor, plan=locked)
    return target


@transaction.atomic(durable=True)
def program_delete(*, actor: User, program: Program) -> None:
    """Removes a program without progress updates; one with updates is stopped instead (with a
    reason), so its record stays."""
    require_role(actor, PLAN_ROLES)
    plan = _locked_plan(program.plan)
    target = Program.objects.select_for_update().get(pk=program.pk)
    if target.updates.exists():
        raise ValidationError(
            _("Program ini sudah punya laporan kemajuan; hentikan program dengan alasannya, jangan dihapus."),
            code="has_updates",
        )
    audit_record(action="rencana.program_delete", actor=actor, target=target, detail={"title": target.title})
    target.delete()
    _after_change(actor=actor, plan=plan)


# --- Progress -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachmentInput:
    upload: IncomingFile
    caption: str = ""


@dataclass(frozen=True)
class ProgressInput:
    reported_on: datetime.date
    done: str
    status: str
    obstacles: str = ""
    stop_reason: str = ""
    # indicator id → the value staff typed (indicators that fill themselves are measured here).
    values: dict[int, Decimal] = field(default_factory=dict)
    # funding source → rupiah spent since the previous update.
    spending: dict[str, int] = field(default_factory=dict)
    milestones_done: tuple[int, ...] = ()
    attachments: tuple[AttachmentInput, ...] = ()


@transaction.atomic(durable=True)
def progress_record(*, actor: User, program: Program, data: ProgressInput) -> ProgressUpdate:
    """A progress update: a value for every indicator (typed, or measured by Balai as of the report's
    day), spending by source, milestones reached, documentation, and the program's new status."""
    require_role(actor, PROGRESS_ROLES)
    plan = _locked_plan(program.plan)
    target = Program.objects.select_for_update().get(pk=program.pk)
    errors: dict[str, list[ValidationError]] = {}
    today = timezone.localdate()
    if data.reported_on > today:
        errors["reported_on"] = [
            ValidationError(_("Tanggal laporan tidak boleh di masa depan."), code="future")
        ]
    elif data.reported_on < target.starts_on:
        errors["reported_on"] = [
            ValidationError(_("Tanggal laporan sebelum program dimulai."), code="before_program")
        ]
    if data.status not in ProgramStatus.values:
        errors["status"] = [ValidationError(_("Pilih status dari daftar."), code="status_invalid")]
    if data.status == ProgramStatus.STOPPED and not data.stop_reason.strip():
        errors["stop_reason"] = [
            ValidationError(_("Tuliskan alasan program dihentikan."), code="stop_reason_required")
        ]
    if len(data.attachments) > MAX_ATTACHMENTS_PER_UPDATE:
        errors["attachments"] = [
            ValidationError(
                _("Paling banyak %(count)s lampiran.") % {"count": MAX_ATTACHMENTS_PER_UPDATE},
                code="too_many_files",
            )
        ]
    budget_sources = set(target.budget.values_list("source", flat=True))
    for source in data.spending:
        if source not in FundingSource.values or source not in budget_sources:
            errors.setdefault("spending", []).append(
                ValidationError(_("Belanja hanya dari sumber dana program ini."), code="source_not_in_budget")
            )
            break
    indicators = list(target.indicators.all())
    values: dict[int, Decimal] = {}
    for indicator in indicators:
        if indicator.fills_itself:
            measured = selectors.measured_value(indicator, start=target.starts_on, end=data.reported_on)
            if measured is not None:
                values[indicator.pk] = measured
        elif indicator.pk in data.values:
            values[indicator.pk] = data.values[indicator.pk]
        else:
            errors.setdefault(f"value_{indicator.pk}", []).append(
                ValidationError(_("Isi nilai indikator ini."), code="value_required")
            )
    unknown = set(data.values) - {indicator.pk for indicator in indicators}
    if unknown:
        errors.setdefault("__all__", []).append(
            ValidationError(
                _("Nilai untuk indikator yang bukan milik program ini."), code="indicator_invalid"
            )
        )
    update = ProgressUpdate(
        program=target,
        reported_on=data.reported_on,
        done=data.done.strip(),
        obstacles=data.obstacles.strip(),
        status=data.status,
        recorded_by=actor.get_full_name() or actor.get_username(),
    )
    try:
        _full_clean(update, exclude=["program"])
    except ValidationError as error:
        for name, messages in error.error_dict.items():
            errors.setdefault(name, []).extend(messages)
    rows = [IndicatorValue(indicator_id=pk, value=value) for pk, value in values.items()]
    spending = [Spending(source=source, amount=amount) for source, amount in data.spending.items() if amount]
    for row in rows:
        try:
            _full_clean(row, exclude=["update", "indicator"])
        except ValidationError as error:
            for messages in error.error_dict.values():
                errors.setdefault(f"value_{row.indicator_id}", []).extend(messages)
    for spent in spending:
        try:
            _full_clean(spent, exclude=["update"])
        except ValidationError as error:
            for messages in error.error_dict.values():
                errors.setdefault(f"spending_{spent.source}", []).extend(messages)
    documents = []
    if not errors:
        try:
            documents = [(document_of(item.upload), item.caption.strip()[:200]) for item in data.attachments]
        except ValidationError as error:
            errors.setdefault("attachments", []).extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    update.save()
    for row in rows:
        row.update = update
        row.save()
    for spent in spending:
        spent.update = update
        spent.save()
    for document, caption in documents:
        attachment = UpdateAttachment(
            update=update, content_type=document.content_type, extension=document.extension, caption=caption
        )
        attachment.file.save(f"kemajuan.{document.extension}", ContentFile(document.content), save=False)
        attachment.save()
    if data.milestones_done:
        target.milestones.filter(pk__in=data.milestones_done, done_on__isnull=True).update(
            done_on=data.reported_on
        )
    target.status = data.status
    target.stop_reason = data.stop_reason.strip() if data.status == ProgramStatus.STOPPED else ""
    target.updated_at = timezone.now()
    target.save(update_fields=["status", "stop_reason", "updated_at"])
    audit_record(
        action="rencana.progress_record",
        actor=actor,
        target=update,
        detail={"program": target.pk, "status": data.status, "spent": sum(row.amount for row in spending)},
    )
    _after_change(actor=actor, plan=plan)
    return update


def _delete_attachments(attachments: QuerySet[UpdateAttachment]) -> None:
    """The files of these attachments, removed once the rows' deletion has committed."""
    names = [str(name) for name in attachments.values_list("file", flat=True) if name]
    if names:
        storage = UpdateAttachment._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])  # type: ignore[func-returns-value]


@transaction.atomic(durable=True)
def progress_delete(*, actor: User, update: ProgressUpdate) -> None:
    """Removes an update recorded by mistake (its files after commit)."""
    require_role(actor, PLAN_ROLES)
    plan = _locked_plan(update.program.plan)
    target = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    audit_record(
        action="rencana.progress_delete", actor=actor, target=target, detail={"program": target.program_id}
    )
    _delete_attachments(target.attachments.all())
    target.delete()
    _after_change(actor=actor, plan=plan)


# --- Feedback forums ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForumInput:
    title: str
    held_on: datetime.date
    place: str
    discussion: str
    decisions: str = ""
    # (group, count): who came, by group.
    attendance: tuple[tuple[str, int], ...] = ()
    program_ids: tuple[int, ...] = ()


@transaction.atomic(durable=True)
def forum_save(*, actor: User, plan: Plan, forum: Forum | None, data: ForumInput) -> Forum:
    """The record of a village meeting that gave feedback, with attendance by group and the
    programs it touched."""
    require_role(actor, PROGRESS_ROLES)
    locked = _locked_plan(plan)
    target = Forum(plan=locked) if forum is None else Forum.objects.get(pk=forum.pk, plan=locked)
    target.title, target.place = data.title.strip(), data.place.strip()
    target.held_on = data.held_on
    target.discussion, target.decisions = data.discussion.strip(), data.decisions.strip()
    errors: dict[str, list[ValidationError]] = {}
    if data.held_on > timezone.localdate():
        errors["held_on"] = [ValidationError(_("Forum yang dicatat sudah berlangsung."), code="future")]
    groups = [(" ".join(group.split()), count) for group, count in data.attendance if group.strip()]
    if len(groups) > MAX_GROUPS_PER_FORUM:
        errors["attendance"] = [
            ValidationError(
                _("Paling banyak %(count)s kelompok.") % {"count": MAX_GROUPS_PER_FORUM}, code="too_many_rows"
            )
        ]
    if len({group.casefold() for group, _count in groups}) != len(groups):
        errors.setdefault("attendance", []).append(
            ValidationError(_("Setiap kelompok cukup satu baris."), code="group_twice")
        )
    attendance = [ForumAttendance(group=group, count=count) for group, count in groups]
    _row_errors(attendance, "attendance", errors, ["forum"])  # type: ignore[arg-type]
    programs = list(Program.objects.filter(plan=locked, pk__in=data.program_ids))
    if len(programs) != len(set(data.program_ids)):
        errors["programs"] = [ValidationError(_("Pilih program dari rencana ini."), code="program_invalid")]
    try:
        _full_clean(target, exclude=["plan", "programs"])
    except ValidationError as error:
        for name, messages in error.error_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    target.save()
    target.attendance.all().delete()
    for row in attendance:
        row.forum = target
        row.save()
    target.programs.set(programs)
    audit_record(
        action="rencana.forum_save",
        actor=actor,
        target=target,
        detail={"new": forum is None, "attendance": sum(count for _group, count in groups)},
    )
    _after_change(actor=actor, plan=locked)
    return target


@transaction.atomic(durable=True)
def forum_delete(*, actor: User, forum: Forum) -> None:
    require_role(actor, PLAN_ROLES)
    plan = _locked_plan(forum.plan)
    audit_record(action="rencana.forum_delete", actor=actor, target=forum, detail={"title": forum.title})
    Forum.objects.filter(pk=forum.pk).delete()
    _after_change(actor=actor, plan=plan)
