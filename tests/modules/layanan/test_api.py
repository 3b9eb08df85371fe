"""The service counter's API (modules/layanan/api) on a village's host: the public catalogue, requests,
tracking and letter verification; the staff queue and workflow; errors from
modules.api_errors.handler.exception_handler."""

import datetime
import json
from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from rest_framework.exceptions import NotAuthenticated

from modules.accounts.models import Role, User
from modules.api_errors.handler import exception_handler
from modules.audit.models import AuditEvent
from modules.layanan import links
from modules.layanan.catalogue import DEFAULT_SERVICES
from modules.layanan.models import (
    Attachment,
    Letter,
    QueueTicket,
    RequestEvent,
    RequestStatus,
    Service,
    ServiceRequest,
    ServiceSettings,
)
from modules.layanan.services import (
    NewRequest,
    StandardTerms,
    queue_ticket_take,
    request_submit,
    request_transition,
    service_standard_revise,
)
from tenants.models import Village
from tests.conftest import sign_in
from tests.factories import ServiceStandardFactory
from tests.modules.layanan import data
from tests.modules.layanan.data import request_payload

VALID_NIK = "1106104507900003"  # Aceh Besar, a woman born 05-07-1990, serial 0003
RESIDENT = request_payload(
    applicant_name="Cut Nyak Dhien",
    nik=VALID_NIK,
    address="Jl. Tgk. Chik Di Tiro No. 12, RT 002/RW 005, Dusun Lamreung",
    phone="",
)
PHONE = "081234567890"
EMAIL = "cut.nyak@example.com"
DOMISILI = "surat-keterangan-domisili"
COUNTER_PATHS = [
    "/api/layanan/",
    "/api/layanan/{slug}/",
    "/api/layanan/{slug}/permohonan/",
    "/api/lacak/{tracking_code}/",
    "/api/verifikasi/{verification_code}/",
    "/api/staf/permohonan/",
    "/api/staf/permohonan/{tracking_code}/transisi/",
    "/api/staf/permohonan/{tracking_code}/terbitkan/",
    "/api/staf/surat/{verification_code}/cabut/",
    "/api/staf/antrian/panggil/",
]


# --- Helpers --------------------------------------------------------------------------------------------


def submit(
    village: Village, slug: str = DOMISILI, today: datetime.date | None = None, **fields: Any
) -> ServiceRequest:
    with tenant_context(village.tenant):
        return request_submit(
            village=village,
            service=Service.objects.get(slug=slug),
            data=NewRequest(**(RESIDENT | fields)),
            attachments=[],
            actor=None,
            idempotency_key="",
            today=today,
        )


def awaiting_signature(village: Village, actor: User) -> ServiceRequest:
    with tenant_context(village.tenant):
        return data.awaiting_signature(
            village=village,
            service=Service.objects.get(slug=DOMISILI),
            actor=actor,
            data=NewRequest(**RESIDENT),
        )


def issued_letter(village: Village, signer: User) -> Letter:
    """A letter of a domisili request, signed by `signer` (a village admin, counter staff too)."""
    with tenant_context(village.tenant):
        return data.signed_letter(
            village=village,
            service=Service.objects.get(slug=DOMISILI),
            operator=signer,
            signer=signer,
            data=NewRequest(**RESIDENT),
        )


def post_json(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def counts(village: Village) -> dict[str, int]:
    with tenant_context(village.tenant):
        return {
            model.__name__: model.objects.count()
            for model in (ServiceRequest, RequestEvent, Attachment, Letter, AuditEvent, QueueTicket)
        }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def village_a_only_service(in_village_a: Any) -> Service:
    """A service only village A has: the default catalogue's slugs exist in every village."""
    return ServiceStandardFactory(
        service__slug="surat-keterangan-adat",
        service__name="Surat Keterangan Adat",
        requirements=[],
        procedure=[],
        time_limit_days=3,
        product="Surat keterangan adat",
        legal_basis="Qanun Gampong",
    ).service


# --- Catalogue ------------------------------------------------------------------------------------------


def test_catalogue_lists_the_default_services_with_their_standard(client_a, django_assert_max_num_queries):
    # Host, catalogue (one DISTINCT ON query) and the profile's office hours (once, for every
    # standard that follows them), each after django-tenants' `SET search_path`.
    with django_assert_max_num_queries(6):
        response = client_a.get("/api/layanan/")

    assert response.status_code == 200
    entries = response.json()
    assert [entry["slug"] for entry in entries] == [spec["slug"] for spec in DEFAULT_SERVICES]
    domisili = entries[0]
    assert domisili["name"] == "Surat Keterangan Domisili"
    assert domisili["letter_title"] == "SURAT KETERANGAN DOMISILI"
    standard = domisili["standard"]
    assert standard["version"] == 1
    assert standard["cost"] == "Gratis"
    assert standard["cost_rupiah"] == 0
    assert standard["time_limit_days"] == 1
    assert standard["product"] == "Surat Keterangan Domisili"
    assert standard["requirements"][0] == {
        "text": "Fotokopi KTP-el pemohon",
        "required": True,
        "delivery": "office",
    }
    assert len(standard["procedure"]) == 5
    assert standard["legal_basis"].startswith("UU 6/2014 tentang Desa")
    assert standard["extra_fields"] == []
    assert set(standard) >= {"changed_at", "complaint_channel", "officer_in_charge", "service_hours"}


def test_catalogue_hides_inactive_services(client_a, village_a):
    with tenant_context(village_a.tenant):
        Service.objects.filter(slug=DOMISILI).update(is_active=False)

    slugs = [entry["slug"] for entry in client_a.get("/api/layanan/").json()]

    assert DOMISILI not in slugs
    assert len(slugs) == len(DEFAULT_SERVICES) - 1
    assert client_a.get(f"/api/layanan/{DOMISILI}/").status_code == 404


def test_service_detail_shows_the_newest_version_of_the_standard(client_a, village_a, staff):
    with tenant_context(village_a.tenant):
        service = Service.objects.get(slug=DOMISILI)
        service_standard_revise(
            service=service,
            actor=staff["village_admin"],
            terms=replace(StandardTerms.of(service.standards.get()), cost_rupiah=10000),
        )

    response = client_a.get(f"/api/layanan/{DOMISILI}/")

    assert response.status_code == 200
    assert response.json()["standard"]["version"] == 2
    assert response.json()["standard"]["cost"] == "Rp 10.000"


def test_an_unknown_service_is_404_with_an_indonesian_message(client_a):
    response = client_a.get("/api/layanan/tidak-ada/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Layanan tidak ditemukan."}


# --- Submitting a request -------------------------------------------------------------------------------


def test_submitting_a_request_returns_201_and_the_tracking_code_works(client_a, village_a):
    response = post_json(client_a, f"/api/layanan/{DOMISILI}/permohonan/", RESIDENT)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"tracking_code", "secret", "status", "status_label", "due_date"}
    assert body["status"] == "diajukan"
    assert body["status_label"] == "Diajukan"
    with tenant_context(village_a.tenant):
        stored = ServiceRequest.objects.get(tracking_code=body["tracking_code"])
    assert stored.download_secret == body["secret"]
    assert stored.nik == VALID_NIK
    assert body["due_date"] == stored.due_date.isoformat()
    assert client_a.get(f"/api/lacak/{body['tracking_code']}/").status_code == 200


def test_an_invalid_nik_returns_400_under_errors_nik_and_saves_nothing(client_a, village_a):
    before = counts(village_a)

    response = post_json(client_a, f"/api/layanan/{DOMISILI}/permohonan/", RESIDENT | {"nik": "1234"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Periksa kembali isian yang ditandai.",
        "errors": {"nik": ["NIK harus 16 digit; yang diisi 4 digit."]},
    }
    assert counts(village_a) == before


def test_every_invalid_field_is_reported_at_once(client_a, village_a):
    before = counts(village_a)

    response = post_json(
        client_a,
        "/api/layanan/surat-keterangan-usaha/permohonan/",
        RESIDENT | {"nik": "9906104507900003", "address": " ", "notify_channel": "email"},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "nik": ["NIK diawali kode provinsi 99, yang tidak ada di Indonesia."],
        "address": ["Alamat wajib diisi."],
        "email": ["Isi alamat surel untuk menerima kabar lewat surel."],
        "nama_usaha": ["Nama dan jenis usaha wajib diisi."],
        "attachments": ["Foto tempat usaha wajib diunggah untuk permohonan daring."],
    }
    assert counts(village_a) == before


def test_a_missing_field_is_reported_by_the_serializer_in_indonesian(client_a, village_a):
    before = counts(village_a)
    without_nik = {key: value for key, value in RESIDENT.items() if key != "nik"}

    response = post_json(client_a, f"/api/layanan/{DOMISILI}/permohonan/", without_nik)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Periksa kembali isian yang ditandai.",
        "errors": {"nik": ["Bidang ini harus diisi."]},
    }
    assert counts(village_a) == before


def test_a_multipart_request_stores_its_attachments_and_extra_fields(client_a, village_a):
    upload = SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 uji", content_type="application/pdf")
    shop = SimpleUploadedFile("kedai.pdf", b"%PDF-1.4 kedai", content_type="application/pdf")

    response = client_a.post(
        "/api/layanan/surat-keterangan-usaha/permohonan/",
        data=RESIDENT
        | {
            "extra.nama_usaha": "Kedai kopi",
            "attachments": [upload, shop],
            "attachment_labels": ["Fotokopi KTP-el pemohon", "Foto tempat usaha"],
        },
    )

    assert response.status_code == 201
    with tenant_context(village_a.tenant):
        stored = ServiceRequest.objects.get(tracking_code=response.json()["tracking_code"])
        assert stored.extra == {"nama_usaha": "Kedai kopi"}
        assert [(a.label, a.content_type, a.size) for a in stored.attachments.order_by("pk")] == [
            ("Fotokopi KTP-el pemohon", "application/pdf", 12),
            ("Foto tempat usaha", "application/pdf", 14),
        ]


def test_an_attachment_of_the_wrong_type_saves_nothing(client_a, village_a):
    before = counts(village_a)
    upload = SimpleUploadedFile("skrip.html", b"<script></script>", content_type="text/html")

    response = client_a.post(
        f"/api/layanan/{DOMISILI}/permohonan/", data=RESIDENT | {"attachments": [upload]}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "attachments": [
            "Berkas ke-1: Berkas ini bukan foto atau PDF yang dapat dibaca. "
            "Kirim foto (JPG, PNG, WebP, HEIC) atau PDF."
        ]
    }
    assert counts(village_a) == before


def test_a_closed_service_refuses_requests(client_a, village_a):
    with tenant_context(village_a.tenant):
        Service.objects.filter(slug=DOMISILI).update(is_active=False)
    before = counts(village_a)

    response = post_json(client_a, f"/api/layanan/{DOMISILI}/permohonan/", RESIDENT)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Layanan ini sedang tidak dibuka.",
        "errors": {"non_field_errors": ["Layanan ini sedang tidak dibuka."]},
    }
    assert counts(village_a) == before


# --- Tracking -------------------------------------------------------------------------------------------


def test_tracking_shows_status_timeline_and_masked_personal_data_only(client_a, village_a):
    service_request = submit(village_a, phone=PHONE, email=EMAIL, kk_number="1106100101200001")

    response = client_a.get(f"/api/lacak/{service_request.tracking_code}/")

    assert response.status_code == 200
    body = response.json()
    assert body["tracking_code"] == service_request.tracking_code
    assert body["service_name"] == "Surat Keterangan Domisili"
    assert body["status"] == "diajukan"
    assert body["status_label"] == "Diajukan"
    assert body["reason"] == ""
    assert body["due_date"] == service_request.due_date.isoformat()
    assert body["applicant_name_masked"] == "C** N*** D****"
    assert body["nik_masked"] == "1106**********03"
    assert [(event["status"], event["note"]) for event in body["events"]] == [
        ("diajukan", "Permohonan diterima secara daring.")
    ]
    assert set(body) == {
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
    }
    content = response.content.decode()
    for secret in (
        VALID_NIK,
        PHONE,
        EMAIL,
        "1106100101200001",
        "Chik Di Tiro",
        "Cut Nyak Dhien",
        service_request.download_secret,
    ):
        assert secret not in content


def test_tracking_shows_the_reason_given_to_the_resident(client_a, village_a, staff):
    service_request = submit(village_a)
    operator = staff[Role.OPERATOR]
    with tenant_context(village_a.tenant):
        request_transition(
            request=service_request,
            to_status=RequestStatus.NEEDS_DOCUMENTS,
            actor=operator,
            note="Lampirkan surat pengantar RT.",
        )

    body = client_a.get(f"/api/lacak/{service_request.tracking_code.lower()}/").json()

    assert body["status_label"] == "Perlu kelengkapan"
    assert body["reason"] == "Lampirkan surat pengantar RT."
    assert [event["status"] for event in body["events"]] == ["diajukan", "perlu_kelengkapan"]


def test_an_unknown_tracking_code_is_404(client_a):
    response = client_a.get("/api/lacak/ZZZZ-ZZZZ/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Permohonan dengan kode lacak ini tidak ditemukan."}


# --- Letter verification --------------------------------------------------------------------------------


def test_verification_shows_a_valid_letter_without_the_nik(client_a, village_a, staff):
    letter = issued_letter(village_a, staff[Role.VILLAGE_ADMIN])

    response = client_a.get(f"/api/verifikasi/{letter.verification_code}/")

    assert response.status_code == 200
    assert response.json() == {
        "number": letter.number,
        "type": "SURAT KETERANGAN DOMISILI",
        "issued_date": timezone.localtime(letter.issued_at).date().isoformat(),
        "village_name": f"Gampong {village_a.name}",
        "holder_name_masked": "C** N*** D****",
        "status": "berlaku",
        "revoked_date": None,
        "revoke_reason": None,
        "replaced_by_number": None,
        "replaced_by_verification_url": None,
    }
    assert VALID_NIK not in response.content.decode()
    assert "1106**********03" not in response.content.decode()


def test_a_revoked_letter_is_verified_as_dicabut(client_a, village_a, staff):
    letter = issued_letter(village_a, staff[Role.VILLAGE_ADMIN])
    admin = staff[Role.VILLAGE_ADMIN]
    sign_in(client_a, village_a.tenant, admin)

    revoke = post_json(
        client_a, f"/api/staf/surat/{letter.verification_code}/cabut/", {"reason": "Salah nama"}
    )
    response = client_a.get(f"/api/verifikasi/{letter.verification_code}/")

    assert revoke.status_code == 200
    assert revoke.json()["is_revoked"] is True
    assert revoke.json()["revoke_reason"] == "Salah nama"
    assert response.json()["status"] == "dicabut"
    assert response.json()["revoked_date"] is not None
    with tenant_context(village_a.tenant):
        assert AuditEvent.objects.get(action="layanan.letter_revoke").actor_id == admin.pk


def test_a_reissued_letter_names_its_reason_date_and_replacement(client_a, village_a, staff):
    old = issued_letter(village_a, staff[Role.VILLAGE_ADMIN])
    with tenant_context(village_a.tenant):
        code = old.request.tracking_code
    sign_in(client_a, village_a.tenant, staff[Role.VILLAGE_ADMIN])
    post_json(client_a, f"/api/staf/surat/{old.verification_code}/cabut/", {"reason": "Salah tulis alamat"})
    reopen = post_json(
        client_a, f"/api/staf/permohonan/{code}/transisi/", {"to_status": "menunggu_tanda_tangan", "note": ""}
    )
    reissue = post_json(
        client_a,
        f"/api/staf/permohonan/{code}/terbitkan/",
        {"signer_name": "T. Zulkifli", "signer_position": "Keuchik"},
    )
    client_a.logout()

    old_body = client_a.get(f"/api/verifikasi/{old.verification_code}/").json()
    with tenant_context(village_a.tenant):
        new, revoked = (
            Letter.objects.get(request__tracking_code=code, is_revoked=False),
            Letter.objects.get(pk=old.pk),
        )
    new_body = client_a.get(f"/api/verifikasi/{new.verification_code}/").json()

    assert (reopen.status_code, reissue.status_code) == (200, 201)
    assert old_body["status"] == "dicabut"
    assert old_body["revoke_reason"] == "Salah tulis alamat"
    assert old_body["revoked_date"] == timezone.localtime(revoked.revoked_at).date().isoformat()
    assert old_body["replaced_by_number"] == new.number != old.number
    assert old_body["replaced_by_verification_url"] == links.verification_url(new, village_a)
    assert old_body["replaced_by_verification_url"].endswith(
        f".{village_a.district.slug}.balai.test/verifikasi/{new.verification_code}/"
    )
    assert (new_body["status"], new_body["revoke_reason"], new_body["revoked_date"]) == (
        "berlaku",
        None,
        None,
    )
    assert (new_body["replaced_by_number"], new_body["replaced_by_verification_url"]) == (None, None)
    assert VALID_NIK not in json.dumps(old_body) and "Jl. Tgk. Chik Di Tiro" not in json.dumps(old_body)


def test_an_unknown_verification_code_is_404(client_a):
    response = client_a.get("/api/verifikasi/tidak-ada-surat-ini/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Surat dengan kode verifikasi ini tidak ditemukan."}


# --- Another village's codes and slugs ------------------------------------------------------------------


def test_public_endpoints_on_village_b_do_not_find_village_a_codes(
    client_b, village_a, village_b, village_a_only_service, staff
):
    letter = issued_letter(village_a, staff[Role.VILLAGE_ADMIN])
    service_request = submit(village_a)
    before_a, before_b = counts(village_a), counts(village_b)

    responses = [
        client_b.get(f"/api/layanan/{village_a_only_service.slug}/"),
        post_json(client_b, f"/api/layanan/{village_a_only_service.slug}/permohonan/", RESIDENT),
        client_b.get(f"/api/lacak/{service_request.tracking_code}/"),
        client_b.get(f"/api/verifikasi/{letter.verification_code}/"),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    assert counts(village_a) == before_a
    assert counts(village_b) == before_b


def test_staff_endpoints_on_village_b_do_not_find_village_a_codes(
    client_b, village_a, village_b, staff, staff_b
):
    letter = issued_letter(village_a, staff[Role.VILLAGE_ADMIN])
    admin_a = staff[Role.VILLAGE_ADMIN]
    service_request = awaiting_signature(village_a, admin_a)
    sign_in(client_b, village_b.tenant, staff_b[Role.VILLAGE_ADMIN])
    with tenant_context(village_a.tenant):
        queue_ticket_take(counter="A", actor=None)
    before_a = counts(village_a)

    responses = [
        post_json(
            client_b,
            f"/api/staf/permohonan/{service_request.tracking_code}/transisi/",
            {"to_status": "ditolak", "note": "Bukan warga"},
        ),
        post_json(
            client_b,
            f"/api/staf/permohonan/{service_request.tracking_code}/terbitkan/",
            {"signer_name": "X", "signer_position": "Keuchik"},
        ),
        post_json(client_b, f"/api/staf/surat/{letter.verification_code}/cabut/", {"reason": "Uji"}),
    ]
    queue = client_b.get("/api/staf/permohonan/")
    call = post_json(client_b, "/api/staf/antrian/panggil/", {"counter": "A"})

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert queue.json()["count"] == 0
    assert call.status_code == 204  # village A's ticket is not in village B's queue
    assert counts(village_a) == before_a
    with tenant_context(village_a.tenant):
        service_request.refresh_from_db()
        letter.refresh_from_db()
    assert service_request.status == RequestStatus.AWAITING_SIGNATURE
    assert letter.is_revoked is False


def test_staff_of_village_a_are_anonymous_on_village_b(client_b, village_a, village_b, staff):
    user = staff[Role.OPERATOR]
    sign_in(client_b, village_a.tenant, user)

    response = client_b.get("/api/staf/permohonan/")

    assert response.status_code == 403
    assert response.json() == {"detail": "Masuk sebagai staf gampong terlebih dahulu."}


# --- Staff: the queue -----------------------------------------------------------------------------------


def test_every_staff_endpoint_refuses_anonymous_visitors_with_403_and_changes_nothing(
    client_a, village_a, staff
):
    letter = issued_letter(village_a, staff[Role.VILLAGE_ADMIN])
    service_request = awaiting_signature(village_a, staff[Role.VILLAGE_ADMIN])
    with tenant_context(village_a.tenant):
        queue_ticket_take(counter="A", actor=None)
    before = counts(village_a)
    code = service_request.tracking_code

    responses = [
        client_a.get("/api/staf/permohonan/"),
        post_json(client_a, f"/api/staf/permohonan/{code}/transisi/", {"to_status": "ditolak", "note": "X"}),
        post_json(
            client_a, f"/api/staf/permohonan/{code}/terbitkan/", {"signer_name": "X", "signer_position": "Y"}
        ),
        post_json(client_a, f"/api/staf/surat/{letter.verification_code}/cabut/", {"reason": "Uji"}),
        post_json(client_a, "/api/staf/antrian/panggil/", {"counter": "A"}),
    ]

    assert [(response.status_code, response.json()) for response in responses] == [
        (403, {"detail": "Masuk sebagai staf gampong terlebih dahulu."})
    ] * 5
    assert counts(village_a) == before
    with tenant_context(village_a.tenant):
        assert QueueTicket.objects.get().status == "menunggu"
        assert ServiceRequest.objects.get(pk=service_request.pk).status == RequestStatus.AWAITING_SIGNATURE
        assert Letter.objects.get(pk=letter.pk).is_revoked is False


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [(Role.OPERATOR, 200), (Role.VILLAGE_ADMIN, 200), (Role.PPID_OFFICER, 403), (Role.PPID_SUPERIOR, 403)],
)
def test_the_request_queue_is_for_counter_staff(client_a, village_a, role, expected_status, staff):
    submit(village_a)
    sign_in(client_a, village_a.tenant, staff[role])

    response = client_a.get("/api/staf/permohonan/")

    assert response.status_code == expected_status
    if expected_status == 403:
        assert response.json() == {"detail": "Peran Anda tidak berwenang melakukan ini."}
    else:
        assert response.json()["count"] == 1


def test_the_request_queue_filters_by_status_and_overdue(client_a, village_a, staff):
    operator = staff[Role.OPERATOR]
    sign_in(client_a, village_a.tenant, operator)
    long_ago = datetime.date(2025, 1, 6)
    overdue = submit(village_a, today=long_ago)
    rejected_long_ago = submit(village_a, today=long_ago)
    on_time = submit(village_a)
    with tenant_context(village_a.tenant):
        request_transition(
            request=rejected_long_ago,
            to_status=RequestStatus.REJECTED,
            actor=operator,
            note="Bukan warga desa ini.",
        )

    everything = client_a.get("/api/staf/permohonan/").json()
    late = client_a.get("/api/staf/permohonan/?terlambat=1").json()
    rejected = client_a.get("/api/staf/permohonan/?status=ditolak").json()
    submitted = client_a.get("/api/staf/permohonan/?status=diajukan&terlambat=1").json()

    assert [item["tracking_code"] for item in everything["results"]] == [
        overdue.tracking_code,
        rejected_long_ago.tracking_code,
        on_time.tracking_code,
    ]
    assert [item["is_overdue"] for item in everything["results"]] == [True, False, False]
    assert [item["tracking_code"] for item in late["results"]] == [overdue.tracking_code]
    assert [item["tracking_code"] for item in rejected["results"]] == [rejected_long_ago.tracking_code]
    assert [item["tracking_code"] for item in submitted["results"]] == [overdue.tracking_code]
    assert everything["results"][0] == {
        "tracking_code": overdue.tracking_code,
        "service_name": "Surat Keterangan Domisili",
        "applicant_name": "Cut Nyak Dhien",
        "status": "diajukan",
        "status_label": "Diajukan",
        "is_walk_in": False,
        "submitted_at": everything["results"][0]["submitted_at"],
        "due_date": overdue.due_date.isoformat(),
        "is_overdue": True,
    }


def test_the_request_queue_refuses_an_unknown_status(client_a, village_a, staff):
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    response = client_a.get("/api/staf/permohonan/?status=hilang")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status"]


def test_the_request_queue_pages_in_a_fixed_number_of_queries(
    client_a, village_a, django_assert_max_num_queries, staff
):
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])
    for _number in range(30):
        submit(village_a)

    client_a.get("/api/staf/")  # the first request after sign-in records the session's activity
    # Host, session, user, count, page: 5 queries, each after django-tenants' `SET search_path`.
    with django_assert_max_num_queries(10):
        first_page = client_a.get("/api/staf/permohonan/")
    with django_assert_max_num_queries(10):
        second_page = client_a.get("/api/staf/permohonan/?page=2")

    assert first_page.json()["count"] == 30
    assert len(first_page.json()["results"]) == 25
    assert len(second_page.json()["results"]) == 5


# --- Staff: the workflow --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [(Role.OPERATOR, 200), (Role.VILLAGE_ADMIN, 200), (Role.PPID_OFFICER, 403), (Role.PPID_SUPERIOR, 403)],
)
def test_a_transition_is_for_counter_staff(client_a, village_a, role, expected_status, staff):
    service_request = submit(village_a)
    sign_in(client_a, village_a.tenant, staff[role])

    response = post_json(
        client_a,
        f"/api/staf/permohonan/{service_request.tracking_code}/transisi/",
        {"to_status": "diverifikasi"},
    )

    assert response.status_code == expected_status
    with tenant_context(village_a.tenant):
        service_request.refresh_from_db()
    if expected_status == 200:
        assert response.json() == {
            "tracking_code": service_request.tracking_code,
            "status": "diverifikasi",
            "status_label": "Diverifikasi",
            "status_reason": "",
            "due_date": service_request.due_date.isoformat(),
        }
        assert service_request.status == RequestStatus.VERIFIED
    else:
        assert service_request.status == RequestStatus.SUBMITTED


def test_a_transition_the_workflow_does_not_allow_is_400_and_changes_nothing(client_a, village_a, staff):
    service_request = submit(village_a)
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])
    before = counts(village_a)

    response = post_json(
        client_a, f"/api/staf/permohonan/{service_request.tracking_code}/transisi/", {"to_status": "selesai"}
    )

    message = "Permohonan berstatus Diajukan tidak dapat diubah menjadi Selesai."
    assert response.status_code == 400
    assert response.json() == {"detail": message, "errors": {"non_field_errors": [message]}}
    assert counts(village_a) == before


def test_a_rejection_without_a_note_is_400(client_a, village_a, staff):
    service_request = submit(village_a)
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    response = post_json(
        client_a, f"/api/staf/permohonan/{service_request.tracking_code}/transisi/", {"to_status": "ditolak"}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Tuliskan alasan atau dokumen yang kurang; pemohon akan membacanya."
    with tenant_context(village_a.tenant):
        service_request.refresh_from_db()
    assert service_request.status == RequestStatus.SUBMITTED


def test_an_operator_cannot_reject_a_request_awaiting_signature(client_a, village_a, staff):
    """The view lets counter staff in; the service decides per transition (only the admin here)."""
    service_request = awaiting_signature(village_a, staff[Role.VILLAGE_ADMIN])
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    response = post_json(
        client_a,
        f"/api/staf/permohonan/{service_request.tracking_code}/transisi/",
        {"to_status": "ditolak", "note": "Data tidak cocok"},
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Peran Anda tidak berwenang melakukan ini."}


def test_the_village_admin_issues_the_letter(client_a, village_a, staff):
    admin = staff[Role.VILLAGE_ADMIN]
    sign_in(client_a, village_a.tenant, admin)
    service_request = awaiting_signature(village_a, admin)

    response = post_json(
        client_a,
        f"/api/staf/permohonan/{service_request.tracking_code}/terbitkan/",
        {"signer_name": "Teuku Umar", "signer_position": "Keuchik", "on_behalf_of": ""},
    )

    assert response.status_code == 201
    body = response.json()
    with tenant_context(village_a.tenant):
        letter = Letter.objects.get(request=service_request)
        service_request.refresh_from_db()
    assert body["number"] == letter.number
    assert body["verification_code"] == letter.verification_code
    assert body["verification_url"].endswith(f"/verifikasi/{letter.verification_code}/")
    assert body["signer_name"] == "Teuku Umar"
    assert body["is_revoked"] is False
    assert service_request.status == RequestStatus.COMPLETED


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.PPID_OFFICER, Role.PPID_SUPERIOR])
def test_only_the_village_admin_issues_and_revokes_letters(client_a, village_a, role, staff):
    letter = issued_letter(village_a, staff[Role.VILLAGE_ADMIN])
    service_request = awaiting_signature(village_a, staff[Role.VILLAGE_ADMIN])
    sign_in(client_a, village_a.tenant, staff[role])
    before = counts(village_a)

    issue = post_json(
        client_a,
        f"/api/staf/permohonan/{service_request.tracking_code}/terbitkan/",
        {"signer_name": "Teuku Umar", "signer_position": "Keuchik"},
    )
    revoke = post_json(client_a, f"/api/staf/surat/{letter.verification_code}/cabut/", {"reason": "Uji"})

    message = {"detail": "Hanya admin gampong yang dapat menandatangani atau mencabut surat."}
    assert (issue.status_code, issue.json()) == (403, message)
    assert (revoke.status_code, revoke.json()) == (403, message)
    assert counts(village_a) == before


def test_issuing_a_letter_twice_is_400(client_a, village_a, staff):
    letter = issued_letter(village_a, staff[Role.VILLAGE_ADMIN])
    sign_in(client_a, village_a.tenant, staff[Role.VILLAGE_ADMIN])
    before = counts(village_a)

    response = post_json(
        client_a,
        f"/api/staf/permohonan/{letter.request.tracking_code}/terbitkan/",
        {"signer_name": "Teuku Umar", "signer_position": "Keuchik"},
    )

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Surat hanya dapat ditandatangani bila permohonan menunggu tanda tangan."
    )
    assert counts(village_a) == before


# --- Staff: the walk-in queue ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [(Role.OPERATOR, 200), (Role.VILLAGE_ADMIN, 200), (Role.PPID_OFFICER, 403), (Role.PPID_SUPERIOR, 403)],
)
def test_calling_the_next_ticket_is_for_counter_staff(client_a, village_a, role, expected_status, staff):
    with tenant_context(village_a.tenant):
        ServiceSettings.objects.filter(pk=1).update(queue_counters="A, B")
        queue_ticket_take(counter="B", actor=None)
    sign_in(client_a, village_a.tenant, staff[role])

    response = post_json(client_a, "/api/staf/antrian/panggil/", {"counter": "B"})

    assert response.status_code == expected_status
    with tenant_context(village_a.tenant):
        ticket = QueueTicket.objects.get(counter="B")
    if expected_status == 200:
        assert response.json()["label"] == "B-001"
        assert response.json()["status"] == "dipanggil"
        assert ticket.status == "dipanggil"
    else:
        assert ticket.status == "menunggu"


def test_calling_the_next_ticket_of_an_empty_queue_is_204(client_a, village_a, staff):
    sign_in(client_a, village_a.tenant, staff[Role.OPERATOR])

    response = post_json(client_a, "/api/staf/antrian/panggil/", {"counter": "A"})

    assert response.status_code == 204
    assert response.content == b""


# --- OpenAPI schema -------------------------------------------------------------------------------------


def test_the_village_schema_lists_the_counter_endpoints(client_a):
    response = client_a.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert set(COUNTER_PATHS) <= set(schema["paths"])
    submit_operation = schema["paths"]["/api/layanan/{slug}/permohonan/"]["post"]
    assert set(submit_operation["responses"]) == {"201", "400", "404", "429"}
    assert set(submit_operation["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert set(schema["paths"]["/api/staf/permohonan/"]["get"]["responses"]) == {"200", "400", "403"}


# --- The exception handler ------------------------------------------------------------------------------


def test_the_handler_maps_django_errors_to_status_codes_with_indonesian_messages():
    field_errors = exception_handler(ValidationError({"nik": ["NIK salah."], "__all__": ["Umum."]}), {})
    plain = exception_handler(ValidationError(["Satu.", "Dua."]), {})
    denied = exception_handler(PermissionDenied(), {})
    denied_with_message = exception_handler(PermissionDenied("Bukan wewenang Anda."), {})
    missing = exception_handler(Http404("No Service matches the given query."), {})
    anonymous = exception_handler(NotAuthenticated(), {})

    assert (field_errors.status_code, field_errors.data) == (
        400,
        {
            "detail": "Periksa kembali isian yang ditandai.",
            "errors": {"nik": ["NIK salah."], "non_field_errors": ["Umum."]},
        },
    )
    assert (plain.status_code, plain.data) == (
        400,
        {"detail": "Satu. Dua.", "errors": {"non_field_errors": ["Satu.", "Dua."]}},
    )
    assert (denied.status_code, denied.data) == (403, {"detail": "Anda tidak berwenang melakukan ini."})
    assert (denied_with_message.status_code, denied_with_message.data) == (
        403,
        {"detail": "Bukan wewenang Anda."},
    )
    assert (missing.status_code, missing.data) == (404, {"detail": "Data yang dicari tidak ditemukan."})
    assert anonymous.data == {"detail": "Masuk sebagai staf terlebih dahulu."}  # no request, no village
