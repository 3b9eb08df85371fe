"""The village's integrated service action plan (rencana aksi pelayanan terpadu): a plan per period
with its needs mapping, programs by area with partners, a budget split by source, performance
indicators, progress updates and the village meetings that gave feedback. Nothing here is personal:
the plan is public information (the PPID's matrix of programs and activities); people appear only by
their office (the person in charge of a program) and meetings record attendance as counts by group."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, ProhibitNullCharactersValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.berkas.storage import personal_storage

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NO_NUL = ProhibitNullCharactersValidator()
TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 4000
# Rupiah, whole: a village budget line never reaches a hundred billion.
RUPIAH_MAX = 99_999_999_999
# An indicator's figures: up to a billion, two decimals (percentages, counts, rupiah per person).
VALUE_MAX = Decimal("999999999.99")
VALUE_DIGITS = 11
MAX_PROGRAMS_PER_PLAN = 60
MAX_ROWS_PER_PROGRAM = 20  # partners, budget lines, indicators, milestones, each
MAX_ATTACHMENTS_PER_UPDATE = 5
MAX_GROUPS_PER_FORUM = 12


def _text(label: StrOrPromise, *, blank: bool = True, max_length: int = TEXT_MAX_LENGTH) -> models.TextField:
    return models.TextField(
        label,
        blank=blank,
        validators=[MaxLengthValidator(max_length), NO_NUL],
    )


class PlanStatus(models.TextChoices):
    DRAFT = "draf", _("Draf")
    PUBLISHED = "terbit", _("Diterbitkan")


class Plan(models.Model):
    """One action plan for a period (usually a budget year)."""

    title = models.CharField(_("judul rencana aksi"), max_length=TITLE_MAX_LENGTH, validators=[NO_NUL])
    period_start = models.DateField(_("periode mulai"))
    period_end = models.DateField(_("periode selesai"))
    background = _text(_("latar belakang"))
    goals = _text(_("tujuan"))
    # One target (sasaran) per line.
    targets = _text(_("sasaran"), max_length=2000)
    needs_notes = _text(_("catatan pemetaan kebutuhan"))
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["-period_start", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                raise ValidationError(
                    {
                        "period_end": ValidationError(
                            _("Periode selesai tidak boleh sebelum periode mulai."), code="period_order"
                        )
                    }
                )
            if (self.period_end - self.period_start).days > 5 * 366:
                raise ValidationError(
                    {
                        "period_end": ValidationError(
                            _("Satu rencana aksi paling lama lima tahun."), code="period_too_long"
                        )
                    }
                )

    @property
    def is_published(self) -> bool:
        return self.status == PlanStatus.PUBLISHED

    def is_current_on(self, day: datetime.date) -> bool:
        return self.is_published and self.period_start <= day <= self.period_end

    def target_lines(self) -> list[str]:
        return [line.strip() for line in self.targets.splitlines() if line.strip()]


class NeedsKind(models.TextChoices):
    POLL = "jajak", _("Jajak pendapat warga")
    SURVEY = "skm", _("Survei kepuasan masyarakat (SKM)")
    INTERVIEW = "wawancara", _("Wawancara")
    MEETING = "musyawarah", _("Musyawarah atau rapat")
    OTHER = "lain", _("Lainnya")


class NeedsFinding(models.Model):
    """One source of the needs mapping: a poll or the satisfaction survey of the survey module
    (linked, its results read from there), or the notes of interviews and meetings."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("sumber"), max_length=12, choices=NeedsKind.choices)
    title = models.CharField(_("judul"), max_length=TITLE_MAX_LENGTH, validators=[NO_NUL])
    held_on = models.DateField(_("tanggal"))
    findings = _text(_("temuan dan kebutuhan"))
    # A poll of the survey module, by id within this schema (no foreign key across modules).
    poll_id = models.PositiveIntegerField(null=True, blank=True)
    # The satisfaction survey of a year: its IKM and weakest elements are read from the survey module.
    survey_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(2100)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Area(models.Model):
    """An area of service (bidang): the defaults are seeded, a village adds its own."""

    name = models.CharField(_("bidang"), max_length=100, unique=True, validators=[NO_NUL])
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("bidang pelayanan")
        verbose_name_plural = _("bidang pelayanan")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ProgramStatus(models.TextChoices):
    PLANNED = "direncanakan", _("Direncanakan")
    RUNNING = "berjalan", _("Berjalan")
    DONE = "selesai", _("Selesai")
    STOPPED = "dihentikan", _("Dihentikan")


class Program(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="programs")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="programs", verbose_name=_("bidang")
    )
    title = models.CharField(_("nama program"), max_length=TITLE_MAX_LENGTH, validators=[NO_NUL])
    description = _text(_("uraian kegiatan"))
    # An office, not a person's contact: "Kaur Perencanaan (Rahmat)".
    responsible = models.CharField(_("penanggung jawab"), max_length=150, validators=[NO_NUL])
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    status = models.CharField(
        _("status"), max_length=14, choices=ProgramStatus.choices, default=ProgramStatus.PLANNED
    )
    stop_reason = _text(_("alasan dihentikan"), max_length=1000)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = ValidationError(
                _("Tanggal selesai tidak boleh sebelum tanggal mulai."), code="schedule_order"
            )
        if self.status == ProgramStatus.STOPPED and not self.stop_reason.strip():
            errors["stop_reason"] = ValidationError(
                _("Tuliskan alasan program dihentikan."), code="stop_reason_required"
            )
        if errors:
            raise ValidationError(errors)


class Milestone(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("tahapan"), max_length=TITLE_MAX_LENGTH, validators=[NO_NUL])
    due_on = models.DateField(_("target tanggal"))
    done_on = models.DateField(_("tercapai pada"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_late_on(self, day: datetime.date) -> bool:
        return self.done_on is None and self.due_on < day


class PartnerKind(models.TextChoices):
    GOVERNMENT = "pemerintah", _("Instansi pemerintah")
    COMPANY = "perusahaan", _("Perusahaan")
    NGO = "lsm", _("LSM/NGO")
    UNIVERSITY = "perguruan_tinggi", _("Perguruan tinggi")
    COMMUNITY = "kelompok_masyarakat", _("Kelompok masyarakat")


class Partner(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("nama mitra"), max_length=150, validators=[NO_NUL])
    kind = models.CharField(_("jenis mitra"), max_length=20, choices=PartnerKind.choices)
    role = models.CharField(_("peran"), max_length=300, validators=[NO_NUL])

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class FundingSource(models.TextChoices):
    APBDES = "apbdes", _("APBDes")
    CSR = "csr", _("CSR perusahaan")
    NGO = "donasi_lsm", _("Donasi LSM/NGO")
    GOVERNMENT = "program_pemerintah", _("Program pemerintah")
    OTHER = "lainnya", _("Lainnya")


class BudgetLine(models.Model):
    """A program's budget from one source, in whole rupiah. One line per source."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="budget")
    source = models.CharField(_("sumber dana"), max_length=20, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"), validators=[MaxValueValidator(RUPIAH_MAX)])
    note = models.CharField(_("keterangan"), max_length=200, blank=True, validators=[NO_NUL])

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "source"], name="rencana_budget_one_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: Rp{self.amount}"


class Direction(models.TextChoices):
    UP = "naik", _("Makin tinggi makin baik")
    DOWN = "turun", _("Makin rendah makin baik")


class Measure(models.TextChoices):
    """Where an indicator's value comes from: recorded by staff, or a figure Balai already measures
    over the program's time so far (the figures are in selectors.measured_value)."""

    MANUAL = "manual", _("Dicatat petugas")
    LETTERS_ON_TIME = "surat_tepat_waktu", _("Surat selesai tepat waktu (%) — diisi Balai")
    COMPLAINTS_RESOLVED = "pengaduan_selesai", _("Pengaduan yang diselesaikan (%) — diisi Balai")
    IKM = "ikm", _("Nilai IKM survei kepuasan — diisi Balai")


MEASURE_UNITS = {Measure.LETTERS_ON_TIME: "%", Measure.COMPLAINTS_RESOLVED: "%", Measure.IKM: "IKM"}


class Indicator(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indikator kinerja"), max_length=TITLE_MAX_LENGTH, validators=[NO_NUL])
    unit = models.CharField(_("satuan"), max_length=40, validators=[NO_NUL])
    baseline = models.DecimalField(
        _("nilai awal"), max_digits=VALUE_DIGITS, decimal_places=2, validators=[MaxValueValidator(VALUE_MAX)]
    )
    target = models.DecimalField(
        _("target"), max_digits=VALUE_DIGITS, decimal_places=2, validators=[MaxValueValidator(VALUE_MAX)]
    )
    direction = models.CharField(_("arah"), max_length=6, choices=Direction.choices, default=Direction.UP)
    measure = models.CharField(
        _("sumber nilai"), max_length=20, choices=Measure.choices, default=Measure.MANUAL
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.baseline is not None and self.target is not None and self.baseline == self.target:
            raise ValidationError(
                {
                    "target": ValidationError(
                        _("Target harus berbeda dari nilai awal."), code="target_is_baseline"
                    )
                }
            )
        if self.baseline is not None and self.target is not None and self.direction:
            wrong = (
                self.target < self.baseline if self.direction == Direction.UP else self.target > self.baseline
            )
            if wrong:
                raise ValidationError(
                    {
                        "direction": ValidationError(
                            _("Arah indikator tidak sesuai dengan nilai awal dan target."),
                            code="direction_mismatch",
                        )
                    }
                )

    @property
    def fills_itself(self) -> bool:
        return self.measure != Measure.MANUAL

    def meets(self, value: Decimal | None) -> bool:
        if value is None:
            return False
        return value >= self.target if self.direction == Direction.UP else value <= self.target


class ProgressUpdate(models.Model):
    """What was done in a program up to a day: each indicator's value, the spending by source, the
    obstacles, documentation, and the program's status after it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("tanggal laporan"))
    done = _text(_("yang sudah dikerjakan"), blank=False)
    obstacles = _text(_("kendala"))
    status = models.CharField(_("status program"), max_length=14, choices=ProgramStatus.choices)
    recorded_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.program_id} @ {self.reported_on}"


class IndicatorValue(models.Model):
    """An indicator's value at an update: typed by staff, or, for a figure Balai measures, the
    figure as it was on that day (kept, so a report shows what was reported)."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(
        max_digits=VALUE_DIGITS, decimal_places=2, validators=[MaxValueValidator(VALUE_MAX)]
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["update", "indicator"], name="rencana_value_once")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class Spending(models.Model):
    """Rupiah spent from one source since the previous update."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="spending")
    source = models.CharField(max_length=20, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField(validators=[MaxValueValidator(RUPIAH_MAX)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["update", "source"], name="rencana_spending_once")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: Rp{self.amount}"


def attachment_path(instance: UpdateAttachment, filename: str) -> str:
    """The storage names the file itself (random); ``filename`` is dropped."""
    return f"rencana/kemajuan/{filename}"


class UpdateAttachment(models.Model):
    """A photo or document of an update, kept encrypted (a photo may show people); staff read it."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=personal_storage)
    content_type = models.CharField(max_length=80)
    extension = models.CharField(max_length=8)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True, validators=[NO_NUL])

    def __str__(self) -> str:
        return self.caption or f"lampiran {self.pk}"


class Forum(models.Model):
    """A feedback forum: the record of a village meeting, linked to the programs it touched."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="forums")
    title = models.CharField(_("nama forum"), max_length=TITLE_MAX_LENGTH, validators=[NO_NUL])
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=150, validators=[NO_NUL])
    discussion = _text(_("yang disampaikan warga"), blank=False)
    decisions = _text(_("kesepakatan dan keputusan"))
    programs = models.ManyToManyField(
        Program, related_name="forums", blank=True, verbose_name=_("program yang dibahas")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def attendance_total(self) -> int:
        return sum(group.count for group in self.attendance.all())


class ForumAttendance(models.Model):
    """Who came, by group (perangkat, BPD, tokoh masyarakat, perempuan, pemuda …), as a count."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="attendance")
    group = models.CharField(_("kelompok"), max_length=100, validators=[NO_NUL])
    count = models.PositiveSmallIntegerField(_("jumlah hadir"), validators=[MaxValueValidator(5000)])

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "group"], name="rencana_attendance_group_once")
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.count}"
