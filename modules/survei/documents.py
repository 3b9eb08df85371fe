"""The survey's figures as the staff page and the files show them: the regulation's "pengolahan
data" (each element's total, respondents, NRR and NRR × weight, with the exact weight 1/9 and the
rounded 0.111 side by side), the respondent profile, the raw answers as CSV and XLSX (one row per
respondent, numbered within the file; no database id, nothing that names the respondent), and the
report (Laporan Hasil Survei Kepuasan Masyarakat) as an A4 PDF under the village's letterhead,
signed by the village head. Official documents are Indonesian whatever the page's language.
Callers are in the village's schema."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import TextChoices
from django.template.loader import render_to_string
from django.utils import timezone, translation

from modules.dokumen.pdf import A4, render_pdf
from modules.dokumen.tables import table_csv, table_xlsx
from modules.portal.selectors import letterhead, village_head
from tenants.models import Village

from . import ikm, selectors
from .elements import BY_KEY, ELEMENTS
from .models import AgeGroup, Education, Occupation, Sex, Source
from .selectors import Period, Results

WEIGHT_NAMES = {
    "exact": "bobot tepat 1/9",
    "rounded": "bobot dibulatkan 0,111 (contoh PermenPANRB 14/2017)",
}


# The chart of NRR per element (server-rendered SVG): one row per element, bars on 0–4.
CHART_WIDTH = 240
CHART_ROW = 28


@dataclass(frozen=True)
class ElementRow:
    """One element in the "pengolahan data" table and the result per element."""

    number: int
    key: str
    name: str
    total: int
    respondents: int
    nrr: Decimal | None  # 4 places
    weighted_exact: Decimal | None  # NRR × 1/9, 4 places
    weighted_rounded: Decimal | None  # NRR × 0.111, 4 places
    converted: Decimal | None  # NRR × 25, 2 places: the element's score on 25–100
    category: tuple[str, str] | None

    @property
    def bar(self) -> int:
        """The bar's length in the chart: NRR on 0–4 as 0–CHART_WIDTH units."""
        return 0 if self.nrr is None else int(self.nrr * CHART_WIDTH / 4)

    @property
    def bar_y(self) -> int:
        return (self.number - 1) * CHART_ROW


@dataclass(frozen=True)
class Summary:
    """Everything the staff page and the report print of a period's results."""

    results: Results
    rows: list[ElementRow]
    ikm_exact: Decimal | None
    ikm_rounded: Decimal | None
    converted_exact: Decimal | None
    converted_rounded: Decimal | None
    category_exact: tuple[str, str] | None
    category_rounded: tuple[str, str] | None
    previous_converted: Decimal | None

    @property
    def progress(self) -> int | None:
        """Respondents as a share of the sample target, in whole percent (None without a target)."""
        target = self.results.target
        return min(100, self.results.index.respondents * 100 // target) if target else None

    @property
    def categories_differ(self) -> bool:
        return (
            self.category_exact is not None
            and self.category_rounded is not None
            and self.category_exact[0] != self.category_rounded[0]
        )


def _shown(value: Fraction | None, places: int) -> Decimal | None:
    return None if value is None else ikm.rounded(value, places)


def element_rows(index: ikm.Index) -> list[ElementRow]:
    rows: list[ElementRow] = []
    for result in index.elements:
        element = BY_KEY[result.key]
        nrr = result.nrr
        converted = _shown(None if nrr is None else nrr * ikm.CONVERSION, 2)
        rows.append(
            ElementRow(
                number=element.number,
                key=result.key,
                name=str(element.name),
                total=result.total,
                respondents=result.respondents,
                nrr=_shown(nrr, 4),
                weighted_exact=_shown(None if nrr is None else nrr * ikm.EXACT_WEIGHT, 4),
                weighted_rounded=_shown(None if nrr is None else nrr * ikm.ROUNDED_WEIGHT, 4),
                converted=converted,
                category=None if converted is None else ikm.category_of(converted),
            )
        )
    return rows


def summary(period: Period) -> Summary:
    results = selectors.results(period)
    index = results.index
    return Summary(
        results=results,
        rows=element_rows(index),
        ikm_exact=_shown(index.ikm(ikm.EXACT_WEIGHT), 4),
        ikm_rounded=_shown(index.ikm(ikm.ROUNDED_WEIGHT), 4),
        converted_exact=index.converted_shown(ikm.EXACT_WEIGHT),
        converted_rounded=index.converted_shown(ikm.ROUNDED_WEIGHT),
        category_exact=index.category(ikm.EXACT_WEIGHT),
        category_rounded=index.category(ikm.ROUNDED_WEIGHT),
        previous_converted=results.previous.converted_shown(ikm.EXACT_WEIGHT),
    )


# --- The respondent profile -----------------------------------------------------------------------------

PROFILE_TABLES: tuple[tuple[str, str, type[TextChoices]], ...] = (
    ("sex", "Jenis kelamin", Sex),
    ("age_group", "Kelompok usia", AgeGroup),
    ("education", "Pendidikan terakhir", Education),
    ("occupation", "Pekerjaan", Occupation),
)


@dataclass(frozen=True)
class ProfileTable:
    title: str
    rows: list[tuple[str, int, Decimal]]  # (label, respondents, percent to 2 places)


def profile_tables(period: Period) -> list[ProfileTable]:
    """Respondents by sex, age group, education and occupation, every choice listed (0 too)."""
    counts = selectors.profile_counts(period)
    tables: list[ProfileTable] = []
    for name, title, choices in PROFILE_TABLES:
        total = sum(counts[name].values())
        tables.append(
            ProfileTable(
                title=title,
                rows=[
                    (
                        str(label),
                        counts[name][value],
                        ikm.rounded(Fraction(counts[name][value] * 100, total), 2)
                        if total
                        else Decimal("0.00"),
                    )
                    for value, label in choices.choices
                ],
            )
        )
    return tables


# --- The raw answers ------------------------------------------------------------------------------------


def answer_columns() -> list[str]:
    return [
        "No. responden",
        "Tanggal",
        "Layanan",
        "Sumber",
        "Jenis kelamin",
        "Kelompok usia",
        "Pendidikan",
        "Pekerjaan",
        *(f"U{element.number} {element.name}" for element in ELEMENTS),
        "Saran dan masukan",
    ]


ANSWER_WIDTHS = (8, 12, 28, 18, 12, 16, 16, 22, *(12 for _ in ELEMENTS), 50)


def answer_rows(period: Period) -> list[list[Any]]:
    """One row per respondent of the period, oldest first, numbered 1..n within the file: the
    database's ids are not in it (they would let a reader line a row up with other records)."""
    responses = (
        selectors.responses_in(period)
        .order_by("answered_on", "pk")
        .only(
            "answered_on",
            "service_name",
            "source",
            "sex",
            "age_group",
            "education",
            "occupation",
            "suggestion",
        )
        .prefetch_related("answers")
    )
    rows: list[list[Any]] = []
    for number, response in enumerate(responses, 1):
        scores = {answer.element: answer.score for answer in response.answers.all()}
        rows.append(
            [
                number,
                response.answered_on,
                response.service_name,
                str(Source(response.source).label),
                str(Sex(response.sex).label),
                str(AgeGroup(response.age_group).label),
                str(Education(response.education).label),
                str(Occupation(response.occupation).label),
                *(scores.get(element.key) for element in ELEMENTS),
                response.suggestion,
            ]
        )
    return rows


def answers_title(village: Village, period: Period) -> str:
    return f"Jawaban Survei Kepuasan Masyarakat {letterhead(village)['village']} {period.label}"


def answers_csv(period: Period) -> bytes:
    with translation.override("id"):
        return table_csv(answer_columns(), answer_rows(period))


def answers_xlsx(village: Village, period: Period) -> bytes:
    with translation.override("id"):
        return table_xlsx(
            answers_title(village, period),
            answer_columns(),
            answer_rows(period),
            widths=ANSWER_WIDTHS,
            sheet_title=f"SKM {period.key}",
        )


def file_name(period: Period, kind: str) -> str:
    """A download's name, made from the period only."""
    stem = "laporan-skm" if kind == "pdf" else "jawaban-skm"
    return f"{stem}-{period.key}.{kind}"


# --- The report -----------------------------------------------------------------------------------------


def _signature(village: Village) -> dict[str, Any]:
    district = village.district
    head = village_head()
    noun = district.village_noun.capitalize()
    return {
        "place": village.name,
        "date": timezone.localdate(),
        "position": f"{district.village_head_title.title()} {noun} {village.name}",
        # The portal seeds the head as "(belum diisi)" until the village fills it in.
        "name": head.name if head and head.name != "(belum diisi)" else "",
    }


def report_title(village: Village, period: Period) -> str:
    return f"Laporan Hasil Survei Kepuasan Masyarakat {letterhead(village)['village']} {period.label}"


def report_pdf(village: Village, period: Period) -> bytes:
    """The SKM report of a period in the layout published reports use: A. pendahuluan, B. profil
    responden, C. pengolahan data, D. hasil per unsur, E. rencana tindak lanjut; A4 portrait."""
    with translation.override("id"):
        head = letterhead(village)
        figures = summary(period)
        context = {
            "letterhead": head,
            "letter": {"title": report_title(village, period), "number": ""},
            "signature": _signature(village),
            "paper": A4,
            "village_name": head["village"],
            "period": period,
            "summary": figures,
            "profiles": profile_tables(period),
            "plan": list(selectors.follow_up_plan(period)),
            "weakest": [
                f"U{BY_KEY[element.key].number} {BY_KEY[element.key].name}"
                for element in figures.results.weakest()
            ],
            "weights": WEIGHT_NAMES,
            "report_title": report_title(village, period),
        }
        html = render_to_string("survei/documents/report.html", context)
    return render_pdf(html)
