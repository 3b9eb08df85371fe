"""The village's satisfaction survey (SKM, PermenPANRB 14/2017), its follow-up plan, and community
polls. A response is anonymous to everyone: it keeps the respondent's profile and answers, never who
they are; the invitation that let them answer is kept apart and only remembers that it was used."""

from __future__ import annotations

import datetime

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.privasi.fields import EncryptedTextField

from .elements import ELEMENTS

NO_NUL = ProhibitNullCharactersValidator()
SUGGESTION_MAX_LENGTH = 1000
TEXT_MAX_LENGTH = 2000
ELEMENT_CHOICES = [(element.key, element.name) for element in ELEMENTS]


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class AgeGroup(models.TextChoices):
    UNDER_20 = "<20", _("Di bawah 20 tahun")
    TWENTIES = "20-29", _("20–29 tahun")
    THIRTIES = "30-39", _("30–39 tahun")
    FORTIES = "40-49", _("40–49 tahun")
    FIFTIES = "50-59", _("50–59 tahun")
    SIXTY_PLUS = "60+", _("60 tahun ke atas")


class Education(models.TextChoices):
    NONE = "tidak_sekolah", _("Tidak/belum sekolah")
    PRIMARY = "sd", _("SD/sederajat")
    JUNIOR = "smp", _("SMP/sederajat")
    SENIOR = "sma", _("SMA/sederajat")
    DIPLOMA = "d1_d3", _("D1–D3")
    BACHELOR = "d4_s1", _("D4/S1")
    POSTGRADUATE = "s2_s3", _("S2/S3")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "pns", _("PNS/ASN")
    MILITARY_POLICE = "tni_polri", _("TNI/Polri")
    PRIVATE = "swasta", _("Pegawai swasta")
    SELF_EMPLOYED = "wirausaha", _("Wirausaha/pedagang")
    FARMER = "petani", _("Petani/nelayan/peternak")
    STUDENT = "pelajar", _("Pelajar/mahasiswa")
    HOUSEHOLD = "rumah_tangga", _("Mengurus rumah tangga")
    OTHER = "lainnya", _("Lainnya")


class Source(models.TextChoices):
    REQUEST = "layanan", _("Permohonan layanan")
    COMPLAINT = "pengaduan", _("Pengaduan")
    KIOSK = "kiosk", _("Kios survei di kantor")


class Invitation(models.Model):
    """A one-time link to the questionnaire, made when a request or a complaint is finished.
    `source_ref` ("layanan.request:12") is kept only so that one record gets one invitation; no
    response points back to its invitation."""

    source = models.CharField(max_length=12, choices=Source.choices)
    source_ref = models.CharField(max_length=60, unique=True)
    token = models.CharField(max_length=64, unique=True)
    service_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("undangan survei")
        verbose_name_plural = _("undangan survei")

    def __str__(self) -> str:
        return f"undangan #{self.pk}"


class Kiosk(models.Model):
    """A tablet at the office on which residents answer in turn. The device holds `token` in a
    cookie; it may take at most `hourly_limit` responses an hour."""

    name = models.CharField(_("nama perangkat"), max_length=80, validators=[NO_NUL])
    token_hash = models.CharField(max_length=64, unique=True)
    hourly_limit = models.PositiveSmallIntegerField(
        _("jawaban per jam paling banyak"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    service_name = models.CharField(_("layanan yang dinilai"), max_length=150, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.CharField(max_length=150)
    # The responses of the current hour (counted under the row lock).
    window_started_at = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kios survei")
        verbose_name_plural = _("kios survei")

    def __str__(self) -> str:
        return self.name


class Response(models.Model):
    """One respondent's questionnaire: the profile and the service used, the answers (SurveyAnswer,
    keyed by element) and an optional suggestion for staff (encrypted: free text may name people)."""

    source = models.CharField(max_length=12, choices=Source.choices)
    service_name = models.CharField(_("layanan"), max_length=150)
    answered_on = models.DateField(_("tanggal"), default=timezone.localdate)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    age_group = models.CharField(_("usia"), max_length=6, choices=AgeGroup.choices)
    education = models.CharField(_("pendidikan"), max_length=16, choices=Education.choices)
    occupation = models.CharField(_("pekerjaan"), max_length=16, choices=Occupation.choices)
    suggestion = EncryptedTextField(
        _("saran dan masukan"), blank=True, validators=[MaxLengthValidator(SUGGESTION_MAX_LENGTH), NO_NUL]
    )
    kiosk = models.ForeignKey(
        Kiosk, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        ordering = ["-answered_on", "-pk"]
        indexes = [models.Index(fields=["answered_on"])]

    def __str__(self) -> str:
        return f"responden #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    element = models.CharField(max_length=16, choices=ELEMENT_CHOICES)
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "element"], name="survei_one_answer_per_element"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=4), name="survei_score_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element}={self.score}"


class ActionStatus(models.TextChoices):
    PLANNED = "rencana", _("Direncanakan")
    IN_PROGRESS = "berjalan", _("Sedang berjalan")
    DONE = "selesai", _("Selesai")


class FollowUpAction(models.Model):
    """One action of the follow-up plan (rencana tindak lanjut) for an element of a period's
    results, published beside them with its progress."""

    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(2017)])
    semester = models.PositiveSmallIntegerField(
        _("semester"), default=0, validators=[MaxValueValidator(2)], help_text=_("0 untuk setahun penuh")
    )
    element = models.CharField(_("unsur"), max_length=16, choices=ELEMENT_CHOICES)
    action = models.TextField(
        _("kegiatan tindak lanjut"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    owner = models.CharField(_("penanggung jawab"), max_length=150, validators=[NO_NUL])
    due_on = models.DateField(_("target selesai"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.TextField(
        _("perkembangan"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rencana tindak lanjut")
        verbose_name_plural = _("rencana tindak lanjut")
        ordering = ["year", "semester", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.year}/{self.semester} {self.element}"


# --- Community polls ----------------------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    SINGLE = "tunggal", _("Pilihan tunggal")
    MULTIPLE = "ganda", _("Pilihan ganda")
    SCALE = "skala", _("Skala 1–5")
    TEXT = "teks", _("Jawaban bebas")


class Poll(models.Model):
    """A community poll (needs mapping, musyawarah desa input): open between two moments, one
    answer per resident (a one-time code sent to their phone) or recorded by staff at a meeting;
    results are published after it closes."""

    title = models.CharField(_("judul"), max_length=200, validators=[NO_NUL])
    description = models.TextField(
        _("keterangan"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL]
    )
    opens_at = models.DateTimeField(_("dibuka"))
    closes_at = models.DateTimeField(_("ditutup"))
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("jajak pendapat")
        verbose_name_plural = _("jajak pendapat")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survei_poll_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def is_closed(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class PollQuestion(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(_("pertanyaan"), max_length=300, validators=[NO_NUL])
    kind = models.CharField(_("jenis"), max_length=8, choices=QuestionKind.choices)
    is_required = models.BooleanField(_("wajib dijawab"), default=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class PollOption(models.Model):
    question = models.ForeignKey(PollQuestion, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(_("pilihan"), max_length=200, validators=[NO_NUL])

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class BallotChannel(models.TextChoices):
    PHONE_CODE = "kode_hp", _("Kode sekali pakai lewat HP")
    MEETING = "musyawarah", _("Dicatat petugas di musyawarah")


class Ballot(models.Model):
    """One participant's answers. `voter_hash` is a keyed hash of the verified phone number for
    this poll (one ballot per phone per poll), never the number; a ballot recorded at a meeting has
    none and names who recorded it."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    channel = models.CharField(max_length=12, choices=BallotChannel.choices)
    voter_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (unique when set)
    recorded_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter_hash"], name="survei_one_ballot_per_phone")
        ]

    def __str__(self) -> str:
        return f"{self.poll} #{self.pk}"


class BallotAnswer(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(PollQuestion, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, null=True, blank=True)
    scale = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = EncryptedTextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH), NO_NUL])

    def __str__(self) -> str:
        return f"{self.ballot} {self.question_id}"


class PollCode(models.Model):
    """A one-time code sent to a phone to take part in a poll: only hashes are kept; it expires and
    allows a few tries."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="codes")
    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["poll", "phone_hash"])]

    def __str__(self) -> str:
        return f"kode #{self.pk}"
