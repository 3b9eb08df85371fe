"""The demo village's satisfaction survey and polls: respondents of the last semester and of this
one (answered at the office's kiosk, with a satisfaction that rises from one semester to the next),
a follow-up plan for the weakest elements, a poll already closed with its results and one open.
Written through the services only; the answers are drawn with a fixed seed, so every load gives
the same figures."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from modules.accounts.models import User
from modules.survei import selectors as survei_selectors
from modules.survei import services as survei
from modules.survei.elements import ELEMENT_KEYS
from modules.survei.models import AgeGroup, Education, Occupation

SERVICES = (
    "Surat Keterangan Domisili",
    "Surat Keterangan Usaha",
    "Surat Pengantar SKCK",
    "Penanganan pengaduan",
)
SUGGESTIONS = (
    "Antrean pagi lama karena loket baru buka jam 08.30.",
    "Petugas ramah, tapi ruang tunggu panas; mohon kipas angin.",
    "Syarat surat usaha sebaiknya ditempel di depan kantor.",
    "Terima kasih, surat selesai hari itu juga.",
)
# How likely each score is for each element, last semester and this one: time and facilities are
# the weak points; both improve after the follow-up plan.
WEIGHTS = {
    "before": {"waktu": (8, 30, 45, 17), "sarana": (10, 32, 43, 15), "*": (2, 12, 52, 34)},
    "now": {"waktu": (3, 20, 52, 25), "sarana": (5, 25, 50, 20), "*": (1, 9, 50, 40)},
}


def _scores(generator: random.Random, phase: str) -> dict[str, int]:
    table = WEIGHTS[phase]
    return {
        key: generator.choices((1, 2, 3, 4), weights=table.get(key, table["*"]))[0] for key in ELEMENT_KEYS
    }


def _semester_days(period: survei_selectors.Period, today: datetime.date) -> list[datetime.date]:
    last = min(period.end, today - datetime.timedelta(days=1))
    days = [period.start + datetime.timedelta(days=n) for n in range((last - period.start).days + 1)]
    return [day for day in days if day.weekday() < 5] or [last]


def load_survey(*, admin: User) -> int:
    """Fills the survey of the current village unless its kiosk is there already (a second load).
    Returns how many responses were made."""
    if survei_selectors.kiosks().exists():
        return 0
    today = timezone.localdate()
    now_period = survei_selectors.Period.containing(today)
    before_period = now_period.previous
    _kiosk, token = survei.kiosk_register(
        actor=admin, name="Tablet ruang tunggu", hourly_limit=200, service_name=SERVICES[0]
    )
    generator = random.Random(1106102001)  # noqa: S311 (the demo's answers, not a secret)
    made = 0
    for phase, period, count in (("before", before_period, 34), ("now", now_period, 41)):
        days = _semester_days(period, today)
        for number in range(count):
            survei.response_submit_at_kiosk(
                kiosk_token=token,
                data=survei.NewResponse(
                    scores=_scores(generator, phase),
                    sex=generator.choice("LP"),
                    age_group=generator.choice(AgeGroup.values),
                    education=generator.choice(Education.values),
                    occupation=generator.choice(Occupation.values),
                    suggestion=SUGGESTIONS[number % len(SUGGESTIONS)] if number % 6 == 0 else "",
                    service_name=generator.choice(SERVICES),
                ),
                answered_on=days[number * len(days) // count],
            )
            made += 1
    for period, element, action, owner, days_after, status, progress in (
        (
            before_period,
            "waktu",
            "Loket dibuka pukul 08.00 dan satu petugas cadangan saat ramai.",
            "Sekretaris Gampong",
            60,
            "selesai",
            "Berjalan sejak bulan kedua; antrean pagi berkurang.",
        ),
        (
            before_period,
            "sarana",
            "Kipas angin dan kursi tambahan di ruang tunggu.",
            "Kaur Umum",
            90,
            "selesai",
            "Dua kipas dan 10 kursi dipasang.",
        ),
        (
            now_period,
            "sarana",
            "Papan informasi syarat layanan di depan kantor.",
            "Kasi Pelayanan",
            45,
            "berjalan",
            "Desain papan selesai; menunggu pencetakan.",
        ),
        (
            now_period,
            "waktu",
            "Pemberitahuan lewat WhatsApp saat surat siap diambil.",
            "Operator layanan",
            60,
            "rencana",
            "",
        ),
    ):
        survei.follow_up_save(
            actor=admin,
            action=None,
            data=survei.ActionInput(
                year=period.year,
                semester=period.semester,
                element=element,
                action=action,
                owner=owner,
                due_on=period.start + datetime.timedelta(days=days_after),
                status=status,
                progress=progress,
            ),
        )
    _polls(admin=admin, generator=generator)
    return made


def _polls(*, admin: User, generator: random.Random) -> None:
    now = timezone.now()
    closed = survei.poll_create(
        actor=admin,
        data=survei.PollInput(
            title="Prioritas pembangunan gampong 2027",
            description="Masukan warga untuk musyawarah gampong penyusunan RKPG 2027.",
            opens_at=now - datetime.timedelta(days=14),
            closes_at=now + datetime.timedelta(days=1),
            questions=(
                survei.QuestionInput(
                    text="Pembangunan apa yang paling perlu tahun depan?",
                    kind="tunggal",
                    options=(
                        "Drainase Dusun Lampoh Keude",
                        "Pengerasan jalan Dusun Meunasah Baro",
                        "Posyandu lansia",
                    ),
                ),
                survei.QuestionInput(
                    text="Kegiatan mana yang akan Anda ikuti?",
                    kind="ganda",
                    options=("Gotong royong bulanan", "Pelatihan usaha", "Kelas posyandu"),
                    is_required=False,
                ),
                survei.QuestionInput(text="Seberapa puas Anda dengan jalan di dusun Anda?", kind="skala"),
                survei.QuestionInput(text="Usul lain untuk musyawarah", kind="teks", is_required=False),
            ),
        ),
    )
    questions = list(closed.questions.prefetch_related("options"))
    for number in range(23):
        first = list(questions[0].options.all())
        second = list(questions[1].options.all())
        survei.ballot_record(
            actor=admin,
            poll=closed,
            data=survei.BallotInput(
                choices={
                    questions[0].pk: [generator.choices(first, weights=(11, 7, 5))[0].pk],
                    questions[1].pk: [option.pk for option in second if generator.random() < 0.5],
                },
                scales={questions[2].pk: generator.choice((2, 2, 3, 3, 3, 4, 1))},
                texts={questions[3].pk: "Lampu jalan di Dusun Mesjid." if number % 7 == 0 else ""},
            ),
        )
    survei.poll_close(actor=admin, poll=closed)
    survei.poll_create(
        actor=admin,
        data=survei.PollInput(
            title="Jadwal gotong royong membersihkan saluran",
            description="Pilih hari yang paling cocok; hasilnya diumumkan setelah jajak pendapat ditutup.",
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=10),
            questions=(
                survei.QuestionInput(
                    text="Hari apa Anda bisa ikut?",
                    kind="tunggal",
                    options=("Jumat pagi", "Sabtu pagi", "Minggu pagi"),
                ),
            ),
        ),
    )
