"""Shapes of the service counter's API. No rules here: the services validate, these only shape.

What leaves through the public endpoints is deliberate: the tracking and verification shapes carry
personal data masked only (mask_name, mask_nik), never a phone number, e-mail or address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from modules.berkas.intake import Document, accept_each
from modules.privasi.masking import mask_name, mask_nik

from .. import links, selectors
from ..models import Delivery, Letter, NotifyChannel, QueueTicket, RequestEvent, RequestStatus, ServiceRequest
from ..services import ATTACHMENT_MAX_COUNT, NewRequest

# --- Shared fields ------------------------------------------------------------------------------------


class MaskedField(serializers.CharField):
    """A personal value, masked on the way out."""

    def __init__(self, mask: Callable[[str | None], str], **kwargs: Any) -> None:
        self.mask = mask
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return self.mask(str(value) if value is not None else None)


class LocalDateField(serializers.DateField):
    """A moment shown as the date it was in the village (TIME_ZONE), e.g. a letter's issue date."""

    def to_representation(self, value: Any) -> Any:
        if value is None:
            return None
        return super().to_representation(timezone.localtime(value).date())


# --- Catalogue ----------------------------------------------------------------------------------------


class RequirementSerializer(serializers.Serializer):
    text = serializers.CharField()
    # DRF's metaclass pops declared fields from the class; the name only shadows Field's in the stubs.
    required = serializers.BooleanField()  # type: ignore[assignment]
    delivery = serializers.ChoiceField(
        choices=Delivery.choices,
        help_text=(
            "`upload`: bila wajib, permohonan daring harus melampirkannya (keterangan lampiran sama "
            "dengan `text`); `office`: berkas kertas yang dibawa ke kantor, boleh juga dilampirkan."
        ),
    )


class ExtraFieldSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Nama isian di `extra` saat mengajukan permohonan.")
    label = serializers.CharField()  # type: ignore[assignment]


class StandardSerializer(serializers.Serializer):
    """The service standard in force (PermenPANRB 15/2014)."""

    version = serializers.IntegerField()
    requirements = RequirementSerializer(many=True)
    procedure = serializers.ListField(child=serializers.CharField())
    time_limit_days = serializers.IntegerField(help_text="Jangka waktu dalam hari kerja.")
    cost_rupiah = serializers.IntegerField()
    cost = serializers.SerializerMethodField(help_text='"Gratis" bila tanpa biaya, selain itu "Rp 25.000".')
    product = serializers.CharField()
    legal_basis = serializers.CharField()
    complaint_channel = serializers.CharField()
    officer_in_charge = serializers.CharField()
    service_hours = serializers.SerializerMethodField(
        help_text="Jam layanan ini; bila layanan tidak mengaturnya sendiri, jam kantor dari profil."
    )
    identity_fields = serializers.ListField(
        child=serializers.CharField(),
        help_text="Data identitas yang wajib diisi saat mengajukan (birth_place, birth_date, gender, "
        "religion, occupation, marital_status).",
    )
    extra_fields = ExtraFieldSerializer(many=True)
    changed_at = serializers.DateTimeField(source="created_at", help_text="Saat versi standar ini berlaku.")

    def get_service_hours(self, standard: Any) -> str:
        if standard.service_hours:
            return str(standard.service_hours)
        root = self.root  # the profile is read once per response, not once per service
        if not hasattr(root, "office_hours"):
            setattr(root, "office_hours", selectors.service_hours(standard))  # noqa: B010
        return str(getattr(root, "office_hours"))  # noqa: B009

    def get_cost(self, standard: Any) -> str:
        if standard.cost_rupiah == 0:
            return str(_("Gratis"))
        return "Rp " + f"{standard.cost_rupiah:,}".replace(",", ".")


class CatalogueEntrySerializer(serializers.Serializer):
    """A service with its current standard; built from the standard's row."""

    slug = serializers.CharField(source="service.slug")
    name = serializers.CharField(source="service.name")
    letter_title = serializers.CharField(source="service.letter_title")
    standard = StandardSerializer(source="*")


# --- Requests -----------------------------------------------------------------------------------------


class NewRequestSerializer(serializers.Serializer):
    """The fields of services.NewRequest, plus optional attachments (multipart only).

    Shape only: blank and oversized values pass here on purpose. request_submit checks every field
    against the model's limits (the same for the HTML form) and answers in one go.
    """

    applicant_name = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text="Paling banyak 150."
    )
    nik = serializers.CharField(allow_blank=True, help_text="16 digit; spasi dan titik boleh.")
    address = serializers.CharField(allow_blank=True, trim_whitespace=False, help_text="Paling banyak 500.")
    purpose = serializers.CharField(allow_blank=True, trim_whitespace=False, help_text="Paling banyak 255.")
    kk_number = serializers.CharField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.CharField(required=False, allow_blank=True, default="")
    notify_channel = serializers.ChoiceField(
        choices=NotifyChannel.choices, required=False, default=NotifyChannel.NONE
    )
    # The identity the letter states: required for the fields in `standard.identity_fields`.
    birth_place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    birth_date = serializers.CharField(
        max_length=10, required=False, allow_blank=True, default="", help_text="yyyy-mm-dd"
    )
    gender = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    religion = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    occupation = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    marital_status = serializers.CharField(max_length=16, required=False, allow_blank=True, default="")
    extra = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        required=False,
        default=dict,
        help_text=(
            "Jawaban isian tambahan layanan, hanya yang dinyatakan di `standard.extra_fields` "
            "(masing-masing paling banyak 500 karakter); nama lain ditolak. Multipart: `extra.<nama>`."
        ),
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        write_only=True,
        max_length=ATTACHMENT_MAX_COUNT,
        help_text=(
            "Foto (JPEG, PNG, WebP, HEIC/HEIF) atau PDF, masing-masing paling besar 10 MB; jenisnya "
            "ditentukan dari isi berkas. Foto diperkecil dan metadatanya (EXIF, GPS) dibuang."
        ),
    )
    attachment_labels = serializers.ListField(
        child=serializers.CharField(max_length=150),
        required=False,
        default=list,
        write_only=True,
        help_text=(
            'Keterangan tiap lampiran, urut sesuai `attachments`; bila kosong: "Lampiran 1", dst. '
            "Lampiran untuk persyaratan yang wajib diunggah diberi keterangan sama dengan teks "
            "persyaratannya (`standard.requirements[].text`)."
        ),
    )

    def validate_attachments(self, uploads: list[Any]) -> list[Document]:
        """Decided by content (modules.berkas.intake), as on the form: one message per refused file."""
        documents, errors = accept_each(uploads)
        if errors:
            raise serializers.ValidationError([message for error in errors for message in error.messages])
        return documents

    def new_request(self) -> NewRequest:
        return NewRequest.from_fields(self.validated_data, extra=dict(self.validated_data["extra"]))

    def attachments_with_labels(self) -> list[tuple[str, Document]]:
        """Each document with its label; never the file's own name (it may carry a name or a NIK)."""
        labels = list(self.validated_data["attachment_labels"])
        documents = self.validated_data["attachments"]
        return [
            (labels[i] if i < len(labels) and labels[i].strip() else _("Lampiran %(n)d") % {"n": i + 1}, doc)
            for i, doc in enumerate(documents)
        ]


class CreatedRequestSerializer(serializers.ModelSerializer):
    secret = serializers.CharField(
        source="download_secret",
        help_text="Ditampilkan sekali ini saja: untuk mengunduh surat, melengkapi dokumen atau membatalkan.",
    )
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = ServiceRequest
        fields = ["tracking_code", "secret", "status", "status_label", "due_date"]
        read_only_fields = fields


class TrackingEventSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = RequestEvent
        fields = ["status", "status_label", "note", "created_at"]
        read_only_fields = fields


class TrackingSerializer(serializers.ModelSerializer):
    """What anyone holding the tracking code sees: personal data masked, nothing more."""

    service_name = serializers.CharField(source="service.name")
    status_label = serializers.CharField(source="get_status_display")
    reason = serializers.CharField(source="status_reason", help_text="Alasan atau kekurangan, untuk pemohon.")
    applicant_name_masked = MaskedField(mask_name, source="applicant_name")
    nik_masked = MaskedField(mask_nik, source="nik")
    events = TrackingEventSerializer(many=True)

    class Meta:
        model = ServiceRequest
        fields = [
            "tracking_code",
            "service_name",
            "status",
            "status_label",
            "reason",
            "submitted_at",
            "due_date",
            "completed_at",
            "applicant_name_masked",
            "nik_masked",
            "events",
        ]
        read_only_fields = fields


# --- Staff --------------------------------------------------------------------------------------------


class WorklistItemSerializer(serializers.ModelSerializer):
    service_name = serializers.CharField(source="service.name")
    status_label = serializers.CharField(source="get_status_display")
    is_overdue = serializers.BooleanField(
        help_text="Melewati batas waktu dan belum selesai, ditolak atau dibatalkan."
    )

    class Meta:
        model = ServiceRequest
        fields = [
            "tracking_code",
            "service_name",
            "applicant_name",
            "status",
            "status_label",
            "is_walk_in",
            "submitted_at",
            "due_date",
            "is_overdue",
        ]
        read_only_fields = fields


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=RequestStatus.choices)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Dibaca pemohon; wajib bila ditolak atau perlu kelengkapan.",
    )


class RequestStatusSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = ServiceRequest
        fields = ["tracking_code", "status", "status_label", "status_reason", "due_date"]
        read_only_fields = fields


class LetterIssueSerializer(serializers.Serializer):
    signer_name = serializers.CharField(max_length=150, allow_blank=True)
    signer_position = serializers.CharField(max_length=150, allow_blank=True)
    on_behalf_of = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class LetterSerializer(serializers.ModelSerializer):
    """The letter as staff see it; `context["village"]` is the request's village."""

    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "number",
            "verification_code",
            "verification_url",
            "issued_at",
            "signer_name",
            "signer_position",
            "on_behalf_of",
            "is_revoked",
            "revoked_at",
            "revoke_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_verification_url(self, letter: Letter) -> str:
        return links.verification_url(letter, self.context["village"])


class LetterRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Ditulis di catatan audit.")


class CallNextSerializer(serializers.Serializer):
    counter = serializers.CharField(
        max_length=40, required=False, default="", help_text="Kode loket; kosong: loket pertama yang diatur."
    )


class QueueTicketSerializer(serializers.ModelSerializer):
    label = serializers.CharField(  # type: ignore[assignment]
        source="__str__", help_text='Nomor yang dipanggil, mis. "A-007".'
    )
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = QueueTicket
        fields = ["counter", "number", "label", "day", "status", "status_label", "called_at"]
        read_only_fields = fields


# --- Verification -------------------------------------------------------------------------------------


class LetterVerificationSerializer(serializers.ModelSerializer):
    """Whether a letter is genuine and in force, and for a revoked one why, since when and which
    letter replaced it: what the verification page shows, no more. Never the NIK; the holder's name
    masked. Built from selectors.letter_for_verification (annotated `letter_title`,
    `replaced_by_number`, `replaced_by_verification_code`); `context["village"]`."""

    type = serializers.CharField(source="letter_title", help_text="Jenis surat (judul surat).")
    issued_date = LocalDateField(source="issued_at")
    village_name = serializers.SerializerMethodField()
    holder_name_masked = serializers.CharField()
    status = serializers.SerializerMethodField(help_text='"berlaku" atau "dicabut".')
    revoked_date = LocalDateField(source="revoked_at", allow_null=True)
    revoke_reason = serializers.SerializerMethodField(help_text="Alasan pencabutan; null bila berlaku.")
    replaced_by_number = serializers.CharField(
        allow_null=True, help_text="Nomor surat pengganti bila surat ini diterbitkan ulang; null bila tidak."
    )
    replaced_by_verification_url = serializers.SerializerMethodField(
        help_text="Alamat verifikasi surat pengganti; null bila tidak ada."
    )

    class Meta:
        model = Letter
        fields = [
            "number",
            "type",
            "issued_date",
            "village_name",
            "holder_name_masked",
            "status",
            "revoked_date",
            "revoke_reason",
            "replaced_by_number",
            "replaced_by_verification_url",
        ]
        read_only_fields = fields

    def get_village_name(self, letter: Letter) -> str:
        village = self.context["village"]
        return f"{village.district.village_noun.capitalize()} {village.name}"

    @extend_schema_field({"type": "string", "enum": ["berlaku", "dicabut"]})
    def get_status(self, letter: Letter) -> str:
        return "dicabut" if letter.is_revoked else "berlaku"

    @extend_schema_field({"type": "string", "nullable": True})
    def get_revoke_reason(self, letter: Letter) -> str | None:
        return letter.revoke_reason if letter.is_revoked else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_replaced_by_verification_url(self, letter: Letter) -> str | None:
        code = getattr(letter, "replaced_by_verification_code", None)
        if not code:
            return None
        return links.verification_code_url(code, self.context["village"])
