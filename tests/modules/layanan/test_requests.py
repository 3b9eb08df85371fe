import dataclasses
import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from modules.layanan import services
from modules.layanan.models import RequestEvent, RequestStatus, ServiceRequest, ServiceStandard
from modules.privasi.crypto import nik_lookup_hash
from tests.modules.layanan.data import NIK_WOMAN, new_request_data

S = RequestStatus


def test_a_new_village_starts_with_the_common_letters(in_village_a):
    from modules.layanan.models import Service

    slugs = set(Service.objects.values_list("slug", flat=True))

    assert {
        "surat-keterangan-domisili",
        "surat-keterangan-tidak-mampu",
        "surat-pengantar-ktp",
        "surat-pengantar-kk",
        "surat-keterangan-usaha",
        "surat-keterangan-kelahiran",
        "surat-keterangan-kematian",
        "surat-keterangan-pindah",
    } <= slugs
    standard = ServiceStandard.objects.get(service__slug="surat-keterangan-domisili")
    assert standard.version == 1 and standard.cost_rupiah == 0
    assert [r["required"] for r in standard.requirements] == [True, True, True]


def test_submit_stores_encrypted_personal_data_and_a_tracking_code(village_a, domisili):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(nik=NIK_WOMAN),
        today=datetime.date(2026, 11, 26),
        attachments=[],
        actor=None,
        idempotency_key="",
    )

    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", request.tracking_code)
    assert request.status == S.SUBMITTED
    assert request.nik_hash == nik_lookup_hash(NIK_WOMAN)
    assert list(request.events.values_list("status", flat=True)) == [S.SUBMITTED]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, address, phone FROM layanan_servicerequest WHERE id = %s", [request.pk])
        stored = cursor.fetchone()
    assert NIK_WOMAN not in stored[0] and "Dusun" not in stored[1] and "0812" not in stored[2]


def test_an_invalid_nik_is_refused_with_a_clear_message_and_nothing_is_saved(village_a, domisili):
    before = (ServiceRequest.objects.count(), RequestEvent.objects.count())

    with pytest.raises(ValidationError) as error:
        services.request_submit(
            village=village_a,
            service=domisili,
            data=new_request_data(nik="1106101203"),
            attachments=[],
            actor=None,
            idempotency_key="",
        )

    assert "16 digit" in " ".join(error.value.message_dict["nik"])
    assert (ServiceRequest.objects.count(), RequestEvent.objects.count()) == before


def test_missing_fields_and_bad_attachments_are_refused_together(village_a, in_village_a):
    from modules.layanan.models import Service

    usaha = Service.objects.get(slug="surat-keterangan-usaha")
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/x-msdownload")

    with pytest.raises(ValidationError) as error:
        services.request_submit(
            village=village_a,
            service=usaha,
            data=new_request_data(purpose=" "),
            attachments=[("KTP", exe)],
            actor=None,
            idempotency_key="",
        )

    assert set(error.value.message_dict) == {"purpose", "nama_usaha", "attachments"}
    assert ServiceRequest.objects.count() == 0


def test_the_due_date_skips_a_weekend_and_a_national_holiday(village_a, domisili):
    # Thursday 24 Dec 2026; Friday 25 Dec is Christmas, 26–27 Dec a weekend: one working day -> Mon 28 Dec.
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        today=datetime.date(2026, 12, 24),
        attachments=[],
        actor=None,
        idempotency_key="",
    )

    assert request.due_date == datetime.date(2026, 12, 28)


def test_a_given_moment_is_the_submission_time_its_first_event_and_the_start_of_its_due_date(
    village_a, domisili
):
    # What the demo does: Thursday 24 Dec 2026, 09:15 in the village; one working day -> Mon 28 Dec.
    moment = timezone.make_aware(datetime.datetime(2026, 12, 24, 9, 15))

    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        now=moment,
        attachments=[],
        actor=None,
        idempotency_key="",
    )

    stored = ServiceRequest.objects.get(pk=request.pk)
    assert stored.submitted_at == moment
    assert list(stored.events.values_list("status", "created_at")) == [(S.SUBMITTED, moment)]
    assert stored.due_date == datetime.date(2026, 12, 28)


def test_a_revision_makes_a_new_version_and_old_requests_keep_theirs(village_a, domisili, staff):
    old = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )

    revised = services.service_standard_revise(
        service=domisili,
        actor=staff["village_admin"],
        terms=dataclasses.replace(services.StandardTerms.of(old.standard), time_limit_days=3),
    )

    assert revised.version == 2 and revised.time_limit_days == 3
    assert ServiceRequest.objects.get(pk=old.pk).standard.version == 1
    new = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )
    assert new.standard_id == revised.pk


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ([S.VERIFIED], "operator"),
        ([S.VERIFIED, S.IN_PROCESS], "operator"),
        ([S.VERIFIED, S.IN_PROCESS, S.AWAITING_SIGNATURE], "village_admin"),
        ([S.NEEDS_DOCUMENTS], "operator"),
        ([S.REJECTED], "village_admin"),
        ([S.VERIFIED, S.REJECTED], "operator"),
        ([S.VERIFIED, S.IN_PROCESS, S.REJECTED], "operator"),
        ([S.VERIFIED, S.IN_PROCESS, S.AWAITING_SIGNATURE, S.REJECTED], "village_admin"),
        ([S.NEEDS_DOCUMENTS, S.REJECTED], "operator"),
    ],
)
def test_every_staff_transition(village_a, domisili, staff, path, role):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )

    for to_status in path:
        request = services.request_transition(
            request=request, to_status=to_status, actor=staff[role], note="Fotokopi KK belum ada."
        )

    assert request.status == path[-1]
    assert list(request.events.values_list("status", flat=True)) == [S.SUBMITTED, *path]


@pytest.mark.parametrize("role", ["ppid_officer", "ppid_superior"])
def test_ppid_roles_cannot_work_the_service_queue(village_a, domisili, staff, role):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )

    with pytest.raises(PermissionDenied):
        services.request_transition(request=request, to_status=S.VERIFIED, actor=staff[role], note="")
    assert ServiceRequest.objects.get(pk=request.pk).status == S.SUBMITTED


def test_an_operator_cannot_reject_what_awaits_signature(village_a, domisili, staff):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )
    for to_status in (S.VERIFIED, S.IN_PROCESS, S.AWAITING_SIGNATURE):
        request = services.request_transition(
            request=request, to_status=to_status, actor=staff["operator"], note=""
        )

    with pytest.raises(PermissionDenied):
        services.request_transition(request=request, to_status=S.REJECTED, actor=staff["operator"], note="x")


def test_a_skipped_step_is_refused(village_a, domisili, staff):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )

    with pytest.raises(ValidationError) as error:
        services.request_transition(
            request=request, to_status=S.AWAITING_SIGNATURE, actor=staff["operator"], note=""
        )

    assert "tidak dapat diubah" in error.value.messages[0]
    assert ServiceRequest.objects.get(pk=request.pk).status == S.SUBMITTED


def test_rejection_needs_a_reason_the_resident_sees(village_a, domisili, staff):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )

    with pytest.raises(ValidationError):
        services.request_transition(request=request, to_status=S.REJECTED, actor=staff["operator"], note=" ")
    rejected = services.request_transition(
        request=request, to_status=S.REJECTED, actor=staff["operator"], note="Bukan warga gampong ini."
    )

    assert rejected.status_reason == "Bukan warga gampong ini."


def test_the_resident_adds_missing_documents_and_the_request_returns_to_the_counter(
    village_a, domisili, staff
):
    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )
    services.request_transition(
        request=request,
        to_status=S.NEEDS_DOCUMENTS,
        actor=staff["operator"],
        note="Lampirkan surat pengantar RT.",
    )
    pdf = SimpleUploadedFile("pengantar.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    with pytest.raises(PermissionDenied):
        services.request_add_documents(request=request, secret="salah", attachments=[("RT", pdf)], actor=None)
    updated = services.request_add_documents(
        request=request,
        secret=request.download_secret,
        attachments=[("RT", pdf)],
        actor=None,
    )

    assert updated.status == S.SUBMITTED
    assert updated.attachments.count() == 1


def test_the_resident_cancels_only_before_processing(village_a, domisili, staff):
    first = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )
    second = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )
    services.request_transition(request=second, to_status=S.VERIFIED, actor=staff["operator"], note="")

    assert (
        services.request_cancel(request=first, secret=first.download_secret, actor=None).status == S.CANCELLED
    )
    with pytest.raises(ValidationError):
        services.request_cancel(request=second, secret=second.download_secret, actor=None)
