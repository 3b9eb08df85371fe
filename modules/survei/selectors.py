"""Reads of the satisfaction survey and the polls, shared by the pages, the exports and the
district's indicators."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils import timezone

from modules.layanan.selectors import requests_completed_between
from modules.pengaduan.selectors import complaints_resolved_between

from . import ikm
from .elements import ELEMENTS
from .models import (
    Answer,
    Ballot,
    BallotAnswer,
    BallotChannel,
    FollowUpAction,
    Invitation,
    Kiosk,
    Poll,
    QuestionKind,
    Response,
)


@dataclass(frozen=True, order=True)
class Period:
    """A semester (1: January–June, 2: July–December) or, with semester 0, a whole year."""

    year: int
    semester: int = 0

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 7 if self.semester == 2 else 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.semester == 1 else datetime.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"Semester {self.semester} {self.year}" if self.semester else f"Tahun {self.year}"

    @property
    def previous(self) -> Period:
        if self.semester == 0:
            return Period(self.year - 1)
        return Period(self.year, 1) if self.semester == 2 else Period(self.year - 1, 2)

    @classmethod
    def containing(cls, day: datetime.date, *, semester: bool = True) -> Period:
        return cls(day.year, (1 if day.month <= 6 else 2) if semester else 0)

    @classmethod
    def parse(cls, text: str) -> Period | None:
        """ "2026-1", "2026-2" or "2026" (as the pages' `periode` parameter gives it)."""
        try:
            year_text, _sep, semester_text = text.strip().partition("-")
            period = cls(int(year_text), int(semester_text or 0))
        except ValueError:
            return None
        return period if 2017 <= period.year <= 2100 and period.semester in (0, 1, 2) else None

    @property
    def key(self) -> str:
        return f"{self.year}-{self.semester}" if self.semester else str(self.year)


def responses_in(period: Period, *, service_name: str = "") -> QuerySet[Response]:
    responses = Response.objects.filter(answered_on__gte=period.start, answered_on__lte=period.end)
    return responses.filter(service_name=service_name) if service_name else responses


def answers_of(responses: QuerySet[Response]) -> Iterator[dict[str, int]]:
    """Each respondent's answers as element key → score, read in one query."""
    current: int | None = None
    answer: dict[str, int] = {}
    for response_id, element, score in (
        Answer.objects.filter(response__in=responses)
        .order_by("response_id")
        .values_list("response_id", "element", "score")
    ):
        if response_id != current:
            if current is not None:
                yield answer
            current, answer = response_id, {}
        answer[element] = score
    if current is not None:
        yield answer


def ikm_between(start: datetime.date, end: datetime.date) -> Decimal | None:
    """The converted IKM (0–100, two decimals) of the answers given from `start` to `end`, both
    included; None unless every element was answered: what an action plan's IKM indicator reads."""
    responses = Response.objects.filter(answered_on__gte=start, answered_on__lte=end)
    return ikm.index_of(answers_of(responses)).converted_shown()


def index_for(period: Period, *, service_name: str = "") -> ikm.Index:
    return ikm.index_of(answers_of(responses_in(period, service_name=service_name)))


@dataclass(frozen=True)
class Results:
    """What the results page, the staff page and the report show for a period."""

    period: Period
    index: ikm.Index
    previous: ikm.Index
    served: int
    target: int
    services: list[tuple[str, int]]  # (service name, respondents)

    @property
    def converted(self) -> object:
        return self.index.converted_shown()

    @property
    def change(self) -> object:
        """The change of the converted IKM from the previous period (None without both)."""
        now, before = self.index.converted_shown(), self.previous.converted_shown()
        return None if now is None or before is None else now - before

    @property
    def below_target(self) -> bool:
        return self.index.respondents < self.target

    def weakest(self, count: int = 3) -> list[ikm.ElementResult]:
        """The elements with the lowest NRR: where the follow-up plan starts."""
        answered = [element for element in self.index.elements if element.nrr is not None]
        return sorted(answered, key=lambda element: (element.nrr, element.key))[:count]


def people_served(period: Period) -> int:
    """Requests finished and complaints resolved in the period: the population of the sample."""
    return requests_completed_between(period.start, period.end) + complaints_resolved_between(
        period.start, period.end
    )


def results(period: Period, *, service_name: str = "") -> Results:
    served = people_served(period)
    return Results(
        period=period,
        index=index_for(period, service_name=service_name),
        previous=index_for(period.previous, service_name=service_name),
        served=served,
        target=ikm.sample_target(served),
        services=list(
            responses_in(period)
            .values_list("service_name")
            .annotate(count=Count("pk"))
            .order_by("-count", "service_name")
        ),
    )


def trend(period: Period, *, count: int = 4) -> list[tuple[Period, ikm.Index]]:
    """The converted IKM of `period` and the ones before it, oldest first."""
    periods = [period]
    while len(periods) < count:
        periods.append(periods[-1].previous)
    return [(each, index_for(each)) for each in reversed(periods)]


def periods_with_answers() -> list[Period]:
    """The semesters that have responses, newest first, and the current one."""
    days = Response.objects.order_by().values_list("answered_on", flat=True).distinct()
    periods = {Period.containing(day) for day in days} | {Period.containing(timezone.localdate())}
    return sorted(periods, reverse=True)


def suggestions(period: Period) -> list[Response]:
    """Suggestions for staff: the text, the service and the date, never joined to anything else.
    The text is encrypted, so the database cannot tell an empty one: they are left out here."""
    rows = responses_in(period).only("service_name", "answered_on", "suggestion")
    return [row for row in rows if row.suggestion]


def profile_counts(period: Period) -> dict[str, Counter[str]]:
    """Respondents by sex, age group, education and occupation (the report's profile tables)."""
    counts: dict[str, Counter[str]] = {
        name: Counter() for name in ("sex", "age_group", "education", "occupation")
    }
    for row in responses_in(period).values("sex", "age_group", "education", "occupation"):
        for name, value in row.items():
            counts[name][str(value)] += 1
    return counts


def follow_up_plan(period: Period) -> QuerySet[FollowUpAction]:
    return FollowUpAction.objects.filter(year=period.year, semester=period.semester).order_by("due_on", "pk")


def invitation_for(source_ref: str) -> Invitation | None:
    """The invitation of a finished request or complaint, for the resident's tracking page."""
    return Invitation.objects.filter(source_ref=source_ref).first()


def unused_invitation_for(source_ref: str) -> Invitation | None:
    """The invitation while it is unused: what the resident's private page links to."""
    return Invitation.objects.filter(source_ref=source_ref, used_at=None).only("token").first()


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.filter(token=token).first() if token else None


def kiosk_by_token(token: str) -> Kiosk | None:
    """The active kiosk whose token a device keeps in its cookie (tokens are stored as hashes)."""
    if not token or len(token) > 128:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    return Kiosk.objects.filter(token_hash=digest, is_active=True).first()


def kiosks() -> QuerySet[Kiosk]:
    return Kiosk.objects.order_by("-is_active", "name")


def element_labels() -> list[tuple[str, str]]:
    return [(element.key, f"U{element.number} {element.name}") for element in ELEMENTS]


# --- Polls ------------------------------------------------------------------------------------------------


def polls_public() -> QuerySet[Poll]:
    return Poll.objects.order_by("-opens_at", "-pk")


def poll(poll_id: int) -> Poll | None:
    return Poll.objects.prefetch_related("questions__options").filter(pk=poll_id).first()


def polls_for_staff() -> QuerySet[Poll]:
    """Every poll with its number of participants (`participants`), newest first."""
    return Poll.objects.annotate(participants=Count("ballots")).order_by("-opens_at", "-pk")


def poll_participants_by_channel(found: Poll) -> list[tuple[str, int]]:
    """How many took part through each channel (code by phone, recorded at a meeting), every
    channel listed; nothing names a participant."""
    counts = dict(
        Ballot.objects.filter(poll=found).values_list("channel").annotate(count=Count("pk")).order_by()
    )
    return [(str(label), counts.get(value, 0)) for value, label in BallotChannel.choices]


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    text: str
    kind: str
    options: list[tuple[str, int]]  # (option, ballots choosing it)
    scale_average: float | None
    scale_counts: list[tuple[int, int]]
    texts: list[str]


def poll_results(found: Poll) -> tuple[int, list[QuestionResult]]:
    """The participants and each question's tally. Free-text answers are listed for staff only
    (pages decide); nothing names a participant."""
    participants = Ballot.objects.filter(poll=found).count()
    results_: list[QuestionResult] = []
    for question in found.questions.prefetch_related("options"):
        answers = BallotAnswer.objects.filter(question=question)
        chosen = Counter(answers.exclude(option=None).values_list("option_id", flat=True))
        scales = [
            value
            for value in answers.exclude(scale=None).values_list("scale", flat=True)
            if value is not None
        ]
        results_.append(
            QuestionResult(
                question_id=question.pk,
                text=question.text,
                kind=question.kind,
                options=[(option.text, chosen[option.pk]) for option in question.options.all()],
                scale_average=round(sum(scales) / len(scales), 2) if scales else None,
                scale_counts=[(value, scales.count(value)) for value in range(1, 6)],
                texts=[text for text in answers.values_list("text", flat=True) if text]
                if question.kind == QuestionKind.TEXT
                else [],
            )
        )
    return participants, results_
