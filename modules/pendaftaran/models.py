"""A village's application to join the platform, in the `public` schema (the registry), made on its
district's host through the signup wizard. It holds the answers of every step until the village is
provisioned; the administrator's contact is encrypted, the password only as Django's hash. After the
village is live the application keeps only what the district needs to read back (who asked, when,
what was decided); the answers' personal parts are cleared."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.privasi.fields import EncryptedCharField, EncryptedJSONField
from tenants.models import SLUG_VALIDATOR, VILLAGE_CODE_VALIDATOR, District, Village

NO_NUL = ProhibitNullCharactersValidator()
# The wizard's steps, in order (the URL names the step by its slug).
STEPS = ("desa", "alamat", "admin", "profil", "modul", "periksa")
MAX_OFFICIALS = 20
EMAIL_CODE_LENGTH = 6
EMAIL_CODE_TRIES = 5
# How long an unfinished application (and its resume link) is kept.
DRAFT_DAYS = 30


class ApplicationStatus(models.TextChoices):
    DRAFT = "draf", _("Sedang diisi")
    SUBMITTED = "diajukan", _("Menunggu persetujuan kabupaten")
    APPROVED = "disetujui", _("Disetujui, portal sedang disiapkan")
    LIVE = "aktif", _("Portal aktif")
    REJECTED = "ditolak", _("Ditolak")
    FAILED = "gagal", _("Gagal disiapkan")


class Application(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="applications")
    # The resume link's secret is only kept as its hash; the session holds the application's id.
    resume_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # The furthest step whose answers passed (0: none yet).
    step_done = models.PositiveSmallIntegerField(default=0)
    # Step 1: the village from the region list.
    village_code = models.CharField(max_length=13, blank=True, validators=[VILLAGE_CODE_VALIDATOR])
    village_name = models.CharField(max_length=150, blank=True)
    kecamatan = models.CharField(max_length=150, blank=True)
    # Step 2: the address.
    slug = models.CharField(max_length=42, blank=True, validators=[SLUG_VALIDATOR])
    custom_domain = models.CharField(max_length=253, blank=True)
    # Step 3: the administrator (contact encrypted; the password as Django's hash).
    admin_name = models.CharField(max_length=150, blank=True, validators=[NO_NUL])
    admin_position = models.CharField(max_length=100, blank=True, validators=[NO_NUL])
    admin_email = EncryptedCharField(max_length=254, blank=True)
    admin_phone = EncryptedCharField(max_length=20, blank=True)
    admin_password = models.CharField(max_length=128, blank=True)
    email_code_hash = models.CharField(max_length=64, blank=True)
    email_code_sent_at = models.DateTimeField(null=True, blank=True)
    email_code_tries = models.PositiveSmallIntegerField(default=0)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # Step 4 and 5: profile basics, officials, modules and services (a JSON document, encrypted: it
    # holds the office's contact and the officials' names and phones).
    answers = EncryptedJSONField(default=dict, blank=True)
    # Review and decision.
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    reject_reason = models.TextField(blank=True, validators=[MaxLengthValidator(1000), NO_NUL])
    # Provisioning: the steps done so far, for the progress page; the error for the district admin.
    progress = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    village = models.OneToOneField(
        Village, on_delete=models.SET_NULL, null=True, blank=True, related_name="application"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pendaftaran desa")
        verbose_name_plural = _("pendaftaran desa")
        ordering = ["-created_at"]
        constraints = [
            # One application in progress per village: two applicants racing end with one.
            models.UniqueConstraint(
                fields=["village_code"],
                condition=models.Q(status__in=["diajukan", "disetujui", "aktif"]),
                name="signup_one_open_application_per_village",
            )
        ]

    def __str__(self) -> str:
        return self.village_name or f"pendaftaran {self.pk}"
