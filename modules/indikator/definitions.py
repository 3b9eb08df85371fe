"""The district's indicators, defined in code: one `Indicator` per figure the district compares.

Each definition names its figure (in Indonesian), its unit, which direction is better, the period it
is counted over, a default target, and a `compute` that reads ONE village through that module's
`selectors`. A compute runs INSIDE the village's schema (`services.village_rollup_recompute` enters
it) and is given the `Window` of one period; it returns a `Figure`. Nothing here writes.

Two kinds of figure:
- a count over the window (requests received in December): computed for the current period and the
  one before it, from the village's data alone;
- a state (`snapshot=True`: officials on the portal, DIP items published): the village as it is
  today, so it is computed for the current period only, and a past period keeps what was recorded
  while it was current. Some states also move with the calendar without any write (`moves_daily`:
  the days since the portal was updated, a DIP item going out of date); the nightly run refreshes
  them and does not count their change as a difference.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from modules.audit.selectors import latest_staff_action_at
from modules.layanan import selectors as layanan
from modules.pengaduan import selectors as pengaduan
from modules.portal import selectors as portal
from modules.ppid import selectors as ppid
from modules.rencana import selectors as rencana
from modules.survei import selectors as survei

UP, DOWN = "naik", "turun"
MONTH, QUARTER, SEMESTER, YEAR = "bulan", "triwulan", "semester", "tahun"
KINDS = (MONTH, QUARTER, SEMESTER, YEAR)
MONTH_NAMES = (
    _("Januari"),
    _("Februari"),
    _("Maret"),
    _("April"),
    _("Mei"),
    _("Juni"),
    _("Juli"),
    _("Agustus"),
    _("September"),
    _("Oktober"),
    _("November"),
    _("Desember"),
)
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Window:
    """The days of one period, both ends included. `today` (tests, the demo) fixes the day a state
    is read on; otherwise it is the village's today."""

    start: datetime.date
    end: datetime.date
    today: datetime.date | None = field(default=None, compare=False)

    @property
    def as_of(self) -> datetime.date:
        """The last day of the window that has happened: where a state figure is read."""
        return min(self.end, self.today or timezone.localdate())


@dataclass(frozen=True)
class Figure:
    """One village's value for one period; a share carries the counts behind it."""

    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None


NO_DATA = Figure(None)


@dataclass(frozen=True)
class Period:
    """A month ("2026-12"), quarter ("2026-T4"), semester ("2026-S2") or year ("2026")."""

    kind: str
    year: int
    number: int = 0  # the month, quarter or semester; 0 for a year

    @property
    def key(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-T{self.number}"
        if self.kind == SEMESTER:
            return f"{self.year}-S{self.number}"
        return str(self.year)

    def __str__(self) -> str:
        return self.key

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{MONTH_NAMES[self.number - 1]} {self.year}"
        if self.kind == QUARTER:
            return f"{_('Triwulan')} {ROMAN[self.number - 1]} {self.year}"
        if self.kind == SEMESTER:
            return f"{_('Semester')} {self.number} {self.year}"
        return f"{_('Tahun')} {self.year}"

    @property
    def _months(self) -> int:
        return {MONTH: 1, QUARTER: 3, SEMESTER: 6, YEAR: 12}[self.kind]

    @property
    def window(self) -> Window:
        first_month = 1 if self.kind == YEAR else (self.number - 1) * self._months + 1
        start = datetime.date(self.year, first_month, 1)
        last_month = first_month + self._months - 1
        after = (
            datetime.date(self.year + 1, 1, 1)
            if last_month == 12
            else datetime.date(self.year, last_month + 1, 1)
        )
        return Window(start, after - datetime.timedelta(days=1))

    @property
    def previous(self) -> Period:
        if self.kind == YEAR:
            return Period(YEAR, self.year - 1)
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, 12 // self._months)

    @classmethod
    def containing(cls, day: datetime.date, kind: str) -> Period:
        if kind == YEAR:
            return cls(YEAR, day.year)
        if kind not in KINDS:
            raise ValueError(f"unknown period kind {kind!r}")
        return cls(kind, day.year, (day.month - 1) // cls(kind, day.year, 1)._months + 1)

    @classmethod
    def parse(cls, key: str) -> Period:
        """The period of a key; ValueError for anything else."""
        text = key.strip()
        year_text, _sep, rest = text.partition("-")
        if not (year_text.isdigit() and len(year_text) == 4):
            raise ValueError(f"not a period key: {key!r}")
        year = int(year_text)
        if not rest:
            return cls(YEAR, year)
        kind, number_text = (
            (QUARTER, rest[1:])
            if rest[:1] == "T"
            else (SEMESTER, rest[1:])
            if rest[:1] == "S"
            else (MONTH, rest)
        )
        limit = {MONTH: 12, QUARTER: 4, SEMESTER: 2}[kind]
        if (
            not number_text.isdigit()
            or not 1 <= int(number_text) <= limit
            or (kind == MONTH and len(number_text) != 2)
        ):
            raise ValueError(f"not a period key: {key!r}")
        return cls(kind, year, int(number_text))


@dataclass(frozen=True)
class Indicator:
    key: str
    name: Promise
    unit: str
    direction: str  # UP or DOWN: which way is better
    period: str  # one of KINDS
    default_target: Decimal | None
    compute: Callable[[Window], Figure] = field(compare=False, repr=False)
    # The app label whose switch (Village.modules_off) turns this figure into "no data".
    module: str = ""
    snapshot: bool = False
    moves_daily: bool = False

    def period_on(self, day: datetime.date) -> Period:
        return Period.containing(day, self.period)

    def meets(self, value: Decimal | None, target: Decimal | None) -> bool | None:
        """Met (True), not met (False) or nothing to judge (None: no value or no target)."""
        if value is None or target is None:
            return None
        return value >= target if self.direction == UP else value <= target


# --- Computes ---------------------------------------------------------------------------------------


def count(value: int | None) -> Figure:
    return NO_DATA if value is None else Figure(Decimal(value))


def share(part: int, whole: int) -> Figure:
    """`part` of `whole` in percent, to one place (half up); no data when `whole` is 0."""
    if not whole:
        return Figure(None, part, whole)
    return Figure((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP), part, whole)


def _services_received(window: Window) -> Figure:
    return count(layanan.requests_received_between(window.start, window.end))


def _services_finished(window: Window) -> Figure:
    return count(layanan.requests_completed_between(window.start, window.end))


def _services_on_time(window: Window) -> Figure:
    return share(*layanan.letters_on_time_between(window.start, window.end))


def _services_median(window: Window) -> Figure:
    return Figure(layanan.completion_median_working_days_between(window.start, window.end))


def _complaints(window: Window) -> pengaduan.PeriodFigures:
    return pengaduan.period_figures(window.start, window.end)


def _complaints_received(window: Window) -> Figure:
    return count(_complaints(window).received)


def _complaints_resolved(window: Window) -> Figure:
    return count(_complaints(window).resolved)


def _complaints_in_time(window: Window) -> Figure:
    figures = _complaints(window)
    return share(figures.resolved_in_time, figures.resolved)


def _complaints_median(window: Window) -> Figure:
    return Figure(_complaints(window).median_working_days)


def _complaints_confirmed(window: Window) -> Figure:
    figures = _complaints(window)
    return share(figures.confirmed_fixed, figures.answered)


def _ppid_requests(window: Window) -> Figure:
    return count(ppid.request_figures_between(window.start, window.end).received)


def _ppid_on_time(window: Window) -> Figure:
    """Of the requests registered in the window and answered, those answered within the legal
    deadline (ten working days, extended where extended), as the annual report counts them."""
    figures = ppid.request_figures_between(window.start, window.end)
    return share(figures.answered_on_time, figures.answered)


def _ppid_items(window: Window) -> Figure:
    return count(ppid.published_item_count())


def _ppid_coverage(window: Window) -> Figure:
    coverage = ppid.checklist_coverage(today=window.as_of)
    if not coverage.total:
        return Figure(None, 0, 0)
    return Figure(Decimal(str(coverage.share)), coverage.covered, coverage.total)


def _survey_semester(window: Window) -> survei.Period:
    return survei.Period.containing(window.start)


def _ikm(window: Window) -> Figure:
    return Figure(survei.ikm_between(window.start, window.end))


def _ikm_change(window: Window) -> Figure:
    """The converted IKM of the window's semester less the one before; no data without both."""
    before = Period.containing(window.start, SEMESTER).previous.window
    now, then = survei.ikm_between(window.start, window.end), survei.ikm_between(before.start, before.end)
    return NO_DATA if now is None or then is None else Figure(now - then)


def _respondents(window: Window) -> Figure:
    """Respondents in percent of the semester's sample target (Krejcie–Morgan on the people served)."""
    results = survei.results(_survey_semester(window))
    return share(results.index.respondents, results.target)


def _plan(window: Window) -> rencana.PlanFigures:
    return rencana.district_figures(today=window.as_of)


def _programs_running(window: Window) -> Figure:
    figures = _plan(window)
    return count(figures.running) if figures.has_current_plan else NO_DATA


def _plan_indicators(window: Window) -> Figure:
    figures = _plan(window)
    return share(figures.indicators_meeting, figures.indicators) if figures.has_current_plan else NO_DATA


def _officials_active(window: Window) -> Figure:
    return count(portal.active_official_count())


def _officials_trained(window: Window) -> Figure:
    """No data yet: the training records come with the training issue, which fills this figure
    (trained officials of the active ones). Until then every village reads "no data"."""
    return NO_DATA


def _days_since_update(window: Window) -> Figure:
    """Days from the newest staff write (an audit row with an actor) to the window's last day that
    has happened; no data for a village whose staff never wrote anything."""
    last = latest_staff_action_at(until=window.as_of)
    return NO_DATA if last is None else count((window.as_of - timezone.localdate(last)).days)


INDICATORS: tuple[Indicator, ...] = (
    # Services (modules.layanan), by month.
    Indicator(
        "layanan_diterima",
        _("Permohonan layanan diterima"),
        "permohonan",
        UP,
        MONTH,
        None,
        _services_received,
    ),
    Indicator(
        "layanan_selesai", _("Permohonan layanan selesai"), "permohonan", UP, MONTH, None, _services_finished
    ),
    Indicator(
        "layanan_tepat_waktu",
        _("Layanan selesai dalam waktu standar"),
        "%",
        UP,
        MONTH,
        Decimal("90"),
        _services_on_time,
    ),
    Indicator(
        "layanan_median_hari",
        _("Median hari kerja penyelesaian layanan"),
        "hari kerja",
        DOWN,
        MONTH,
        None,
        _services_median,
    ),
    # Complaints (modules.pengaduan), by month.
    Indicator(
        "pengaduan_diterima",
        _("Pengaduan diterima"),
        "pengaduan",
        UP,
        MONTH,
        None,
        _complaints_received,
        module="pengaduan",
    ),
    Indicator(
        "pengaduan_selesai",
        _("Pengaduan diselesaikan"),
        "pengaduan",
        UP,
        MONTH,
        None,
        _complaints_resolved,
        module="pengaduan",
    ),
    Indicator(
        "pengaduan_tepat_waktu",
        _("Pengaduan selesai dalam tenggat"),
        "%",
        UP,
        MONTH,
        Decimal("80"),
        _complaints_in_time,
        module="pengaduan",
    ),
    Indicator(
        "pengaduan_median_hari",
        _("Median hari kerja penyelesaian pengaduan"),
        "hari kerja",
        DOWN,
        MONTH,
        None,
        _complaints_median,
        module="pengaduan",
    ),
    Indicator(
        "pengaduan_terkonfirmasi",
        _("Pengaduan dikonfirmasi pelapor sudah diperbaiki"),
        "%",
        UP,
        MONTH,
        None,
        _complaints_confirmed,
        module="pengaduan",
    ),
    # PPID (modules.ppid), by quarter.
    Indicator("ppid_permohonan", _("Permohonan informasi"), "permohonan", UP, QUARTER, None, _ppid_requests),
    Indicator(
        "ppid_tepat_waktu",
        _("Permohonan informasi dijawab dalam batas waktu"),
        "%",
        UP,
        QUARTER,
        Decimal("90"),
        _ppid_on_time,
    ),
    Indicator(
        "ppid_dip_terbit",
        _("Informasi DIP yang terbit"),
        "informasi",
        UP,
        QUARTER,
        None,
        _ppid_items,
        snapshot=True,
    ),
    Indicator(
        "ppid_cakupan",
        _("Cakupan daftar informasi berkala wajib"),
        "%",
        UP,
        QUARTER,
        Decimal("80"),
        _ppid_coverage,
        snapshot=True,
        moves_daily=True,
    ),
    # Satisfaction (modules.survei), by semester.
    Indicator(
        "ikm", _("IKM (nilai konversi)"), "indeks", UP, SEMESTER, Decimal("76.61"), _ikm, module="survei"
    ),
    Indicator(
        "ikm_perubahan",
        _("Perubahan IKM dari semester sebelumnya"),
        "poin",
        UP,
        SEMESTER,
        Decimal("0"),
        _ikm_change,
        module="survei",
    ),
    Indicator(
        "survei_responden",
        _("Responden terhadap target sampel"),
        "%",
        UP,
        SEMESTER,
        Decimal("100"),
        _respondents,
        module="survei",
    ),
    # Action plan (modules.rencana): the current plan as it stands, by year.
    Indicator(
        "rencana_program_berjalan",
        _("Program rencana aksi berjalan"),
        "program",
        UP,
        YEAR,
        None,
        _programs_running,
        module="rencana",
        snapshot=True,
        moves_daily=True,
    ),
    Indicator(
        "rencana_indikator_tercapai",
        _("Indikator program yang mencapai target"),
        "%",
        UP,
        YEAR,
        Decimal("80"),
        _plan_indicators,
        module="rencana",
        snapshot=True,
        moves_daily=True,
    ),
    # Officials (modules.portal), by month.
    Indicator(
        "perangkat_aktif",
        _("Perangkat desa aktif"),
        "orang",
        UP,
        MONTH,
        None,
        _officials_active,
        snapshot=True,
    ),
    Indicator(
        "perangkat_terlatih",
        _("Perangkat desa terlatih"),
        "%",
        UP,
        MONTH,
        Decimal("80"),
        _officials_trained,
        snapshot=True,
    ),
    # Portal: how fresh the village keeps it, by month.
    Indicator(
        "portal_hari_sejak_pembaruan",
        _("Hari sejak konten portal diperbarui"),
        "hari",
        DOWN,
        MONTH,
        Decimal("30"),
        _days_since_update,
        snapshot=True,
        moves_daily=True,
    ),
)
BY_KEY: dict[str, Indicator] = {indicator.key: indicator for indicator in INDICATORS}


def indicator(key: str) -> Indicator:
    """The definition of `key`; KeyError for a key no definition has."""
    return BY_KEY[key]


def on_day(window: Window, day: datetime.date) -> Window:
    return dataclasses.replace(window, today=day)
