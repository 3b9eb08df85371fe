"""Uploads that passed intake and wait for the form they belong to (one schema per village)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .storage import personal_storage


class StagedUpload(models.Model):
    """A resident's file kept while the rest of the form is corrected, so it is not picked again.

    Bound to the browser session that sent it (``owner_hash`` is the SHA-256 of a random value kept
    in that session), encrypted like every personal file, and removed once it is used or expired
    (``services.STAGED_LIFETIME``).
    """

    token = models.CharField(max_length=64, unique=True)
    owner_hash = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to="berkas/sementara/", storage=personal_storage)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("berkas sementara")
        verbose_name_plural = _("berkas sementara")

    def __str__(self) -> str:
        return self.token
