"""Forms of the action plan's staff pages. They shape input (lengths, dates, numbers); the services
decide what is valid, and their errors come back next to the fields (views_staff). A program's
partners, budget, indicators and milestones are formsets named as the service names its row errors
(`budget-0-amount`); a row left empty is ignored, so a few empty rows add rows without JavaScript."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.berkas.forms import DocumentField
from modules.berkas.forms import KeptDocumentsForm as KeptDocuments

from . import services
from .models import (
    MAX_ATTACHMENTS_PER_UPDATE,
    MAX_GROUPS_PER_FORUM,
    MAX_ROWS_PER_PROGRAM,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    VALUE_DIGITS,
    Direction,
    Forum,
    FundingSource,
    Indicator,
    Measure,
    Milestone,
    NeedsFinding,
    NeedsKind,
    PartnerKind,
    Plan,
    Program,
    ProgramStatus,
)

DATE_FORMAT = "%Y-%m-%d"
EMPTY_ROWS = 2  # empty rows under each list, so a row is added without JavaScript
NO_CHOICE = [("", _("— pilih —"))]


def _date(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        **kwargs,
    )


def _line(label: Any, limit: int, *, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=limit, required=required, **kwargs)


def _text(label: Any, limit: int = TEXT_MAX_LENGTH, *, rows: int = 3, **kwargs: Any) -> forms.CharField:
    kwargs.setdefault("required", False)
    return forms.CharField(
        label=label, max_length=limit, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class ShapedChoiceField(forms.ChoiceField):
    """A list to pick from whose value the service checks (an unknown one gets its message)."""

    def validate(self, value: object) -> None:
        if value in self.empty_values and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class ShapedMultipleChoiceField(forms.MultipleChoiceField):
    def validate(self, value: object) -> None:
        return None


def posted_id(value: object) -> int | None:
    """A posted id as a number; anything else None (the service then says what is wrong)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 12 else None


def posted_ids(values: object) -> tuple[int, ...]:
    """Posted ids; one that is not a number becomes 0, which no row has, so the service refuses it."""
    items = values if isinstance(values, list | tuple) else []
    return tuple(posted_id(item) or 0 for item in items)


class NumberField(forms.DecimalField):
    """A figure as people type it here: "12,5" or "1.234,5" (Indonesian) as well as "12.5"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", VALUE_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 10})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = str(value or "").strip().replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        if len(text) > 40:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return super().to_python(text)
        except InvalidOperation as error:  # pragma: no cover (DecimalField raises ValidationError)
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


class RupiahField(forms.IntegerField):
    """Whole rupiah, typed with or without thousands dots ("45.000.000", "Rp45.000.000"). The upper
    limit is the service's (its message)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 14})

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip()
        if text[:2].lower() == "rp":
            text = text[2:]
        text = text.replace(".", "").replace(" ", "")
        if len(text) > 30:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return cast(int | None, super().to_python(text))


# --- the plan -------------------------------------------------------------------------------------------


class PlanForm(forms.Form):
    title = _line(_("Judul rencana aksi"), TITLE_MAX_LENGTH, required=True)
    period_start = _date(_("Periode mulai"))
    period_end = _date(_("Periode selesai"))
    background = _text(_("Latar belakang"), rows=4)
    goals = _text(_("Tujuan"), rows=3)
    targets = _text(_("Sasaran"), 2000, rows=4, help_text=_("Satu sasaran per baris."))
    needs_notes = _text(
        _("Catatan pemetaan kebutuhan"),
        rows=3,
        help_text=_("Ringkasan kebutuhan warga dari jajak pendapat, survei, wawancara dan musyawarah."),
    )

    def __init__(self, *args: Any, plan: Plan | None = None, **kwargs: Any) -> None:
        if plan is not None:
            kwargs.setdefault("initial", {}).update({name: getattr(plan, name) for name in self.base_fields})
        else:
            year = timezone.localdate().year
            kwargs.setdefault("initial", {}).update(
                {"period_start": datetime.date(year, 1, 1), "period_end": datetime.date(year, 12, 31)}
            )
        super().__init__(*args, **kwargs)

    def plan_input(self) -> services.PlanInput:
        data = self.cleaned_data
        return services.PlanInput(
            title=data["title"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            background=data["background"],
            goals=data["goals"],
            targets=data["targets"],
            needs_notes=data["needs_notes"],
        )


class NeedsForm(forms.Form):
    """One source of the needs mapping; a poll of the survey module, or a survey year."""

    kind = forms.ChoiceField(label=_("Sumber"), choices=NeedsKind.choices)
    title = _line(_("Judul"), TITLE_MAX_LENGTH, required=True)
    held_on = _date(_("Tanggal"))
    findings = _text(_("Temuan dan kebutuhan"), rows=4)
    poll_id = ShapedChoiceField(
        label=_("Jajak pendapat"), required=False, help_text=_("Untuk sumber: jajak pendapat warga.")
    )
    survey_year = forms.IntegerField(
        label=_("Tahun survei kepuasan"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Untuk sumber: survei kepuasan masyarakat (SKM)."),
    )

    def __init__(
        self,
        *args: Any,
        finding: NeedsFinding | None = None,
        polls: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        if finding is not None:
            kwargs.setdefault("initial", {}).update(
                {
                    "kind": finding.kind,
                    "title": finding.title,
                    "held_on": finding.held_on,
                    "findings": finding.findings,
                    "poll_id": finding.poll_id or "",
                    "survey_year": finding.survey_year,
                }
            )
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["poll_id"]).choices = NO_CHOICE + [
            (str(pk), title) for pk, title in (polls or [])
        ]

    def needs_input(self) -> services.NeedsInput:
        data = self.cleaned_data
        poll = data.get("poll_id")
        return services.NeedsInput(
            kind=data["kind"],
            title=data["title"],
            held_on=data["held_on"],
            findings=data["findings"],
            # A value that is no id at all is still "a poll": 0, which the service refuses.
            poll_id=None if poll in (None, "") else (posted_id(poll) or 0),
            survey_year=data.get("survey_year"),
        )


class AreaForm(forms.Form):
    name = _line(_("Nama bidang baru"), 100, required=True)


# --- programs -------------------------------------------------------------------------------------------


class RowForm(forms.Form):
    """One row of a list in the program form; a row whose `row_fields` are all empty is left out."""

    row_fields: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        return not any(
            str(self.data.get(self.add_prefix(name), "") or "").strip() for name in self.row_fields
        )

    def full_clean(self) -> None:
        if self.is_bound and self.is_blank():
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


class RowFormSet(BaseFormSet):
    def filled(self) -> list[RowForm]:
        """The rows given, in order: the service numbers its row errors by these."""
        return [cast(RowForm, form) for form in self.forms if not cast(RowForm, form).is_blank()]


class PartnerForm(RowForm):
    row_fields = ("name", "role")
    name = _line(_("Nama mitra"), 150)
    kind = ShapedChoiceField(
        label=_("Jenis mitra"), choices=NO_CHOICE + list(PartnerKind.choices), required=False
    )
    role = _line(_("Peran"), 300)

    def row(self) -> services.PartnerInput:
        data = self.cleaned_data
        return services.PartnerInput(name=data["name"], kind=data["kind"], role=data["role"])


class BudgetForm(RowForm):
    row_fields = ("source", "amount", "note")
    source = ShapedChoiceField(
        label=_("Sumber dana"), choices=NO_CHOICE + list(FundingSource.choices), required=False
    )
    amount = RupiahField(label=_("Jumlah (Rp)"), required=False)
    note = _line(_("Keterangan"), 200)

    def row(self) -> services.BudgetInput:
        data = self.cleaned_data
        return services.BudgetInput(source=data["source"], amount=data["amount"] or 0, note=data["note"])


class IndicatorForm(RowForm):
    row_fields = ("name", "unit", "baseline", "target")
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = _line(_("Indikator kinerja"), TITLE_MAX_LENGTH)
    unit = _line(_("Satuan"), 40)
    baseline = NumberField(label=_("Nilai awal"), required=False)
    target = NumberField(label=_("Target"), required=False)
    direction = forms.ChoiceField(label=_("Arah"), choices=Direction.choices, initial=Direction.UP)
    measure = ShapedChoiceField(
        label=_("Sumber nilai"), choices=Measure.choices, initial=Measure.MANUAL, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("baseline", "target"):
            if name not in self.errors and data.get(name) is None:
                self.add_error(name, forms.ValidationError(_("Isi angkanya."), code="required"))
        return data

    def row(self) -> services.IndicatorInput:
        data = self.cleaned_data
        return services.IndicatorInput(
            name=data["name"],
            unit=data["unit"],
            baseline=data["baseline"],
            target=data["target"],
            direction=data["direction"],
            measure=data["measure"] or Measure.MANUAL,
            id=data.get("id"),
        )


class MilestoneForm(RowForm):
    row_fields = ("title", "due_on", "done_on")
    title = _line(_("Tahapan"), TITLE_MAX_LENGTH)
    due_on = _date(_("Target tanggal"), required=False)
    done_on = _date(_("Tercapai pada"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "due_on" not in self.errors and data.get("due_on") is None:
            self.add_error("due_on", forms.ValidationError(_("Isi target tanggalnya."), code="required"))
        return data

    def row(self) -> services.MilestoneInput:
        data = self.cleaned_data
        return services.MilestoneInput(title=data["title"], due_on=data["due_on"], done_on=data["done_on"])


def _formset(form: type[RowForm]) -> type[RowFormSet]:
    return formset_factory(  # type: ignore[return-value]
        form,
        formset=RowFormSet,
        extra=EMPTY_ROWS,
        max_num=MAX_ROWS_PER_PROGRAM + EMPTY_ROWS,
        absolute_max=MAX_ROWS_PER_PROGRAM + EMPTY_ROWS,
    )


PartnerFormSet = _formset(PartnerForm)
BudgetFormSet = _formset(BudgetForm)
IndicatorFormSet = _formset(IndicatorForm)
MilestoneFormSet = _formset(MilestoneForm)
# The formsets' prefixes are the service's row names.
ROW_SETS: dict[str, type[RowFormSet]] = {
    "partners": PartnerFormSet,
    "budget": BudgetFormSet,
    "indicators": IndicatorFormSet,
    "milestones": MilestoneFormSet,
}


class ProgramForm(forms.Form):
    area = ShapedChoiceField(label=_("Bidang"), choices=NO_CHOICE)
    title = _line(_("Nama program"), TITLE_MAX_LENGTH, required=True)
    description = _text(_("Uraian kegiatan"), rows=4)
    responsible = _line(
        _("Penanggung jawab"),
        150,
        required=True,
        help_text=_("Jabatan, misalnya: Kaur Perencanaan (nama boleh ditambahkan dalam kurung)."),
    )
    starts_on = _date(_("Mulai"))
    ends_on = _date(_("Selesai"))

    def __init__(
        self,
        *args: Any,
        program: Program | None = None,
        areas: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        if program is not None:
            kwargs.setdefault("initial", {}).update(
                {
                    "area": str(program.area_id),
                    "title": program.title,
                    "description": program.description,
                    "responsible": program.responsible,
                    "starts_on": program.starts_on,
                    "ends_on": program.ends_on,
                }
            )
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = NO_CHOICE + [
            (str(pk), name) for pk, name in (areas or [])
        ]


def program_rows_initial(program: Program | None) -> dict[str, list[dict[str, Any]]]:
    """The rows of an existing program, as the formsets' initial data."""
    if program is None:
        return {name: [] for name in ROW_SETS}
    indicators: list[Indicator] = list(program.indicators.order_by("pk"))
    milestones: list[Milestone] = list(program.milestones.order_by("due_on", "pk"))
    return {
        "partners": [
            {"name": row.name, "kind": row.kind, "role": row.role} for row in program.partners.order_by("pk")
        ],
        "budget": [
            {"source": row.source, "amount": row.amount, "note": row.note}
            for row in program.budget.order_by("pk")
        ],
        "indicators": [
            {
                "id": row.pk,
                "name": row.name,
                "unit": row.unit,
                "baseline": row.baseline.normalize(),
                "target": row.target.normalize(),
                "direction": row.direction,
                "measure": row.measure,
            }
            for row in indicators
        ],
        "milestones": [
            {"title": row.title, "due_on": row.due_on, "done_on": row.done_on} for row in milestones
        ],
    }


# --- progress -------------------------------------------------------------------------------------------


class ProgressForm(KeptDocuments):
    """A progress update: a number per indicator the staff type (`value_<id>`), rupiah per funding
    source of the budget (`spending_<source>`), the open milestones reached, up to five files."""

    reported_on = _date(_("Tanggal laporan"))
    status = ShapedChoiceField(label=_("Status program"), choices=ProgramStatus.choices)
    stop_reason = _text(_("Alasan dihentikan"), 1000, rows=2, help_text=_("Wajib bila status: Dihentikan."))
    done = _text(_("Yang sudah dikerjakan"), rows=4, required=True)
    obstacles = _text(_("Kendala"), rows=3)

    def __init__(
        self,
        *args: Any,
        program: Program,
        indicators: list[Indicator],
        sources: list[tuple[str, str]],
        milestones: list[Milestone],
        **kwargs: Any,
    ) -> None:
        # A programme reported on for the first time is usually under way.
        status = ProgramStatus.RUNNING if program.status == ProgramStatus.PLANNED else program.status
        kwargs.setdefault("initial", {}).update({"reported_on": timezone.localdate(), "status": status})
        super().__init__(*args, **kwargs)
        self.indicators = [indicator for indicator in indicators if not indicator.fills_itself]
        for indicator in self.indicators:
            self.fields[f"value_{indicator.pk}"] = NumberField(
                label=f"{indicator.name} ({indicator.unit})",
                required=False,
                help_text=_("Target %(target)s; nilai awal %(baseline)s.")
                % {"target": _figure(indicator.target), "baseline": _figure(indicator.baseline)},
            )
            self.fields[f"value_{indicator.pk}"].shown_required = True  # type: ignore[attr-defined]
        self.sources = sources
        for source, label in sources:
            self.fields[f"spending_{source}"] = RupiahField(
                label=_("Belanja dari %(source)s sejak laporan sebelumnya (Rp)") % {"source": label},
                required=False,
            )
        if milestones:
            self.fields["milestones_done"] = forms.MultipleChoiceField(
                label=_("Tahapan yang tercapai"),
                choices=[
                    (str(milestone.pk), f"{milestone.title} ({milestone.due_on:%d-%m-%Y})")
                    for milestone in milestones
                ],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        for number in range(1, MAX_ATTACHMENTS_PER_UPDATE + 1):
            self.fields[f"file_{number}"] = DocumentField(
                label=_("Foto atau dokumen %(number)s") % {"number": number}, required=False
            )
            self.fields[f"caption_{number}"] = _line(
                _("Keterangan foto atau dokumen %(number)s") % {"number": number}, 200
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("reported_on", "status", "stop_reason", "done", "obstacles")]

    def value_fields(self) -> list[forms.BoundField]:
        return [self[f"value_{indicator.pk}"] for indicator in self.indicators]

    def spending_fields(self) -> list[forms.BoundField]:
        return [self[f"spending_{source}"] for source, _label in self.sources]

    def file_blocks(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"file_{number}"], self[f"caption_{number}"])
            for number in range(1, MAX_ATTACHMENTS_PER_UPDATE + 1)
        ]

    def file_names(self) -> list[str]:
        return [f"file_{number}" for number in range(1, MAX_ATTACHMENTS_PER_UPDATE + 1)]

    def progress_input(self) -> services.ProgressInput:
        data = self.cleaned_data
        kept = self.kept_documents()
        return services.ProgressInput(
            reported_on=data["reported_on"],
            done=data["done"],
            status=data["status"],
            obstacles=data["obstacles"],
            stop_reason=data["stop_reason"],
            values={
                indicator.pk: data[f"value_{indicator.pk}"]
                for indicator in self.indicators
                if data.get(f"value_{indicator.pk}") is not None
            },
            spending={
                source: data[f"spending_{source}"]
                for source, _label in self.sources
                if data.get(f"spending_{source}")
            },
            milestones_done=posted_ids(data.get("milestones_done") or []),
            attachments=tuple(
                services.AttachmentInput(
                    upload=kept[f"file_{number}"], caption=str(data.get(f"caption_{number}") or "")
                )
                for number in range(1, MAX_ATTACHMENTS_PER_UPDATE + 1)
                if f"file_{number}" in kept
            ),
        )


def _figure(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


# --- forums ---------------------------------------------------------------------------------------------


def default_groups(noun: str) -> list[str]:
    """The groups a village meeting usually counts, offered as rows of a new forum."""
    return [
        str(_("Perangkat %(noun)s") % {"noun": noun}),
        str(_("BPD/Tuha peuet")),
        str(_("Tokoh masyarakat")),
        str(_("Perempuan/PKK")),
        str(_("Pemuda")),
    ]


class AttendanceForm(RowForm):
    row_fields = ("group", "count")
    group = _line(_("Kelompok"), 100)
    count = forms.IntegerField(
        label=_("Jumlah hadir"), required=False, min_value=0, widget=forms.NumberInput(attrs={"size": 6})
    )

    def __init__(self, *args: Any, offered: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offered = offered

    def is_blank(self) -> bool:
        """Empty, or a group offered by default with no count (nobody of it came)."""
        group = str(self.data.get(self.add_prefix("group"), "") or "").strip()
        count = str(self.data.get(self.add_prefix("count"), "") or "").strip()
        return not count and (not group or group in self.offered)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "count" not in self.errors and data.get("count") is None:
            self.add_error("count", forms.ValidationError(_("Isi jumlah yang hadir."), code="required"))
        return data


AttendanceFormSet: type[RowFormSet] = formset_factory(  # type: ignore[assignment]
    AttendanceForm,
    formset=RowFormSet,
    extra=EMPTY_ROWS,
    max_num=MAX_GROUPS_PER_FORUM + EMPTY_ROWS,
    absolute_max=MAX_GROUPS_PER_FORUM + EMPTY_ROWS,
)


class ForumForm(forms.Form):
    title = _line(_("Nama forum"), TITLE_MAX_LENGTH, required=True)
    held_on = _date(_("Tanggal"))
    place = _line(_("Tempat"), 150, required=True)
    discussion = _text(_("Yang disampaikan warga"), rows=5, required=True)
    decisions = _text(_("Kesepakatan dan keputusan"), rows=4)
    programs = ShapedMultipleChoiceField(
        label=_("Program yang dibahas"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        forum: Forum | None = None,
        programs: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        if forum is not None:
            initial.update(
                {
                    "title": forum.title,
                    "held_on": forum.held_on,
                    "place": forum.place,
                    "discussion": forum.discussion,
                    "decisions": forum.decisions,
                    "programs": [str(pk) for pk in forum.programs.values_list("pk", flat=True)],
                }
            )
        else:
            initial.setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["programs"]).choices = [
            (str(pk), title) for pk, title in (programs or [])
        ]

    def forum_input(self, attendance: RowFormSet) -> services.ForumInput:
        data = self.cleaned_data
        return services.ForumInput(
            title=data["title"],
            held_on=data["held_on"],
            place=data["place"],
            discussion=data["discussion"],
            decisions=data["decisions"],
            attendance=tuple(
                (str(row.cleaned_data["group"]), int(row.cleaned_data["count"]))
                for row in attendance.filled()
            ),
            program_ids=posted_ids(data.get("programs") or []),
        )


# --- the report -----------------------------------------------------------------------------------------


class ReportForm(forms.Form):
    dari = _date(_("Dari tanggal"))
    sampai = _date(_("Sampai tanggal"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("dari"), data.get("sampai")
        if start and end and end < start:
            self.add_error(
                "sampai",
                forms.ValidationError(
                    _("Tanggal sampai tidak boleh sebelum tanggal dari."), code="period_order"
                ),
            )
        return data
