"""Residents' documents and letters at rest: encrypted, named at random, one prefix per schema, and
gone again when the write that stored them rolls back."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django_tenants.utils import tenant_context

from modules.berkas.storage import personal_storage
from modules.layanan import services
from modules.layanan.models import Attachment, ServiceRequest
from tests.modules.berkas.images import pdf, photo
from tests.modules.layanan.data import new_request_data

PLAIN_PDF = b"%PDF-1.4\nNIK 1106101203850001 KTP warga\n%%EOF\n"


def files_on_disk(schema: str) -> set[str]:
    root = Path(settings.MEDIA_ROOT) / schema
    return {str(path.relative_to(settings.MEDIA_ROOT)) for path in root.rglob("*") if path.is_file()}


def test_an_attachment_is_ciphertext_on_disk_and_plaintext_for_staff(village_a, domisili):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[("KTP", pdf(content=PLAIN_PDF))],
        actor=None,
        idempotency_key="",
    )
    attachment = request.attachments.get()

    on_disk = (Path(settings.MEDIA_ROOT) / attachment.file.name).read_bytes()
    assert PLAIN_PDF not in on_disk
    assert b"1106101203850001" not in on_disk
    assert attachment.file.open("rb").read() == PLAIN_PDF
    assert attachment.size == len(PLAIN_PDF)


def test_a_residents_file_name_reaches_neither_the_disk_nor_the_database(village_a, domisili):
    upload = photo(name="KTP_Cut_Nyak_Dhien_1106105507900002.jpg")

    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[("Fotokopi KTP-el", upload)],
        actor=None,
        idempotency_key="",
    )

    attachment = request.attachments.get()
    schema = village_a.tenant.schema_name
    assert attachment.file.name.startswith(f"{schema}/layanan/berkas/")
    assert attachment.file.name.endswith(".enc")
    assert len(Path(attachment.file.name).name) == len("0123456789abcdef0123456789abcdef.enc")
    assert attachment.label == "Fotokopi KTP-el"
    assert not any("KTP" in name or "1106105507900002" in name for name in files_on_disk(schema))


def test_a_submit_that_fails_after_storing_its_files_leaves_no_file_on_disk(village_a, domisili, monkeypatch):
    schema = village_a.tenant.schema_name
    before = files_on_disk(schema)

    def audit_fails(**kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(services, "audit_record", audit_fails)
    with pytest.raises(RuntimeError):
        services.request_submit(
            village=village_a,
            service=domisili,
            data=new_request_data(),
            attachments=[("KTP", pdf(content=PLAIN_PDF)), ("KK", photo())],
            actor=None,
            idempotency_key="",
        )

    assert files_on_disk(schema) == before
    assert Attachment.objects.count() == 0


def test_a_file_written_in_a_savepoint_that_rolls_back_is_removed_and_a_committed_one_stays(
    in_village_a, django_capture_on_commit_callbacks
):
    storage = personal_storage()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        kept = storage.save("uji/kept.pdf", ContentFile(b"kept"))
        try:
            with transaction.atomic():
                dropped = storage.save("uji/dropped.pdf", ContentFile(b"dropped"))
                raise ValidationError("the inner write fails", code="test")
        except ValidationError:
            pass

    assert storage.exists(kept)
    assert not storage.exists(dropped)
    storage.delete(kept)


def test_a_village_cannot_open_another_villages_file(village_a, village_b, domisili):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[("KTP", pdf())],
        actor=None,
        idempotency_key="",
    )
    name = request.attachments.get().file.name

    with tenant_context(village_b.tenant), pytest.raises(PermissionError):
        personal_storage().open(name)


def test_a_letter_pdf_is_encrypted_at_rest_and_the_resident_downloads_it_decrypted(
    village_a, domisili, staff, client_a
):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )
    for status in ("diverifikasi", "diproses", "menunggu_tanda_tangan"):
        services.request_transition(request=request, to_status=status, actor=staff["village_admin"], note="")
    letter = services.letter_issue(
        request=request,
        village=village_a,
        actor=staff["village_admin"],
        signer_name="Tgk. Abdullah",
        signer_position="Keuchik",
        on_behalf_of="",
    )
    letter = services.letter_render_pdf(letter_id=letter.pk)  # as the worker does after commit

    on_disk = (Path(settings.MEDIA_ROOT) / letter.pdf.name).read_bytes()
    assert not on_disk.startswith(b"%PDF")
    assert letter.verification_code not in letter.pdf.name
    response = client_a.get(f"/lacak/{request.tracking_code}/{request.download_secret}/surat.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert ServiceRequest.objects.get(pk=request.pk).status == "selesai"


def test_files_stored_before_encryption_are_encrypted_renamed_and_the_old_ones_removed(
    village_a, domisili, django_capture_on_commit_callbacks
):
    from importlib import import_module

    from django.apps import apps
    from django.core.files.storage import storages

    migration = import_module("modules.layanan.migrations.0007_encrypt_stored_files")
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )
    schema = village_a.tenant.schema_name
    old_name = storages["default"].save(
        f"{schema}/layanan/berkas/{request.tracking_code}/KTP_Rizal.pdf", ContentFile(PLAIN_PDF)
    )
    attachment = Attachment.objects.create(
        request=request, label="KTP", file=old_name, content_type="application/pdf", size=len(PLAIN_PDF)
    )

    with django_capture_on_commit_callbacks(execute=True):
        migration.encrypt_stored_files(apps, None)

    attachment.refresh_from_db()
    assert attachment.file.name.startswith(f"{schema}/layanan/berkas/")
    assert attachment.file.name.endswith(".enc")
    assert attachment.file.open("rb").read() == PLAIN_PDF
    assert not storages["default"].exists(old_name)
    assert not any("KTP_Rizal" in name for name in files_on_disk(schema))
