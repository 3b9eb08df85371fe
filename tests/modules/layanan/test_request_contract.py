"""One input contract for a request (issue 8 "Input", issue 7 findings 1, 4 and 15): the same limits
and messages for the HTML form and the API, only the standard's declared extra fields, one
transaction for everything a submission stores, and one request per idempotency key."""

import json

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from modules.audit.models import AuditEvent
from modules.layanan import services
from modules.layanan.models import Attachment, RequestEvent, Service, ServiceRequest
from modules.notifikasi.models import Notification
from tests.conftest import sign_in
from tests.modules.berkas.images import photo
from tests.modules.layanan.data import IDENTITY, NIK_MAN, NIK_WOMAN, new_request_data

USAHA = "surat-keterangan-usaha"  # declares one extra field, nama_usaha
FORM = {
    "applicant_name": "Cut Nyak Dhien",
    "nik": NIK_MAN,
    "address": "Dusun Lampoh, RT 01",
    "purpose": "Beasiswa",
    "notify_channel": "none",
    **IDENTITY,
}
API = {key: value for key, value in FORM.items() if key != "notify_channel"}


def stored_counts(village):
    with tenant_context(village.tenant):
        return (
            ServiceRequest.objects.count(),
            RequestEvent.objects.count(),
            Attachment.objects.count(),
            Notification.objects.count(),
            AuditEvent.objects.filter(action="layanan.request_submit").count(),
        )


def post_api(client, slug, payload, **headers):
    return client.post(
        f"/api/layanan/{slug}/permohonan/", json.dumps(payload), content_type="application/json", **headers
    )


# --- Finding 1: a resident cannot rewrite the letter ----------------------------------------------------


def test_the_api_attack_on_the_letter_text_is_refused_and_stores_nothing(client_a, village_a):
    before = stored_counts(village_a)

    response = post_api(
        client_a,
        USAHA,
        {
            **API,
            "extra": {
                "nama_usaha": "Kedai kopi",
                "nama": "Orang Lain Sama Sekali",
                "nik_tersamar": "1106 **** **** 9999",
                "catatan_rahasia": "x",
            },
        },
    )

    assert response.status_code == 400
    message = response.json()["errors"]["extra"][0]
    assert message.startswith(
        "Isian tambahan tidak dikenal untuk layanan ini: nama, nik_tersamar, catatan_rahasia."
    )
    assert stored_counts(village_a) == before


def test_reserved_names_cannot_be_declared_as_extra_fields(village_a, domisili, staff):
    from modules.layanan.models import ServiceStandard

    current = ServiceStandard.objects.get(service=domisili)
    terms = services.StandardTerms.of(current)
    forged = [{"name": "nama", "label": "Nama"}, {"name": "nik_tersamar", "label": "NIK"}]

    with pytest.raises(services.ValidationError) as error:
        services.service_standard_revise(
            service=domisili,
            actor=staff["village_admin"],
            terms=services.dataclasses.replace(terms, extra_fields=forged),
        )

    assert [e.code for e in error.value.error_dict["extra_fields"]] == ["extra_field_reserved"] * 2
    assert ServiceStandard.objects.filter(service=domisili).count() == 1


def test_the_letter_shows_the_real_name_even_if_extra_holds_an_identity_key(village_a, domisili, staff):
    """A row stored before this rule (or written around it) cannot change the letter either."""
    from modules.layanan.letters import letter_context

    request = services.request_submit(
        village=village_a,
        service=domisili,
        data=new_request_data(),
        attachments=[],
        actor=None,
        idempotency_key="",
    )
    ServiceRequest.objects.filter(pk=request.pk).update(extra={"nama": "Orang Lain", "nik_tersamar": "PALSU"})
    for status in ("diverifikasi", "diproses", "menunggu_tanda_tangan"):
        request = services.request_transition(
            request=request, to_status=status, actor=staff["operator"], note=""
        )
    letter = services.letter_issue(
        request=request,
        village=village_a,
        actor=staff["village_admin"],
        signer_name="T. Zulkifli",
        signer_position="Keuchik",
        on_behalf_of="",
    )

    context = letter_context(services.Letter.objects.get(pk=letter.pk), village_a)
    body = context["letter"]["body"]

    # The name is stated in the letter's identity table (issue 7 finding 7), never from `extra`.
    assert ("Nama", "Teuku Muhammad Rizal") in context["letter"]["identity"]
    assert "Orang Lain" not in body and "PALSU" not in body


def test_the_letter_renderer_never_evaluates_what_a_template_asks(village_a, domisili):
    from modules.layanan.letter_template import render_letter_template

    rendered = render_letter_template(
        "{nama.__class__} {nama[0]} {nama!r} {nama:>30} {nama} {{literal}} {tidak_ada}", {"nama": "Rizal"}
    )

    assert rendered == "… … … … Rizal {literal} …"


# --- Finding 16: letter templates are validated when they are saved -------------------------------------


@pytest.mark.parametrize(
    ("letter_body", "code"),
    [
        ("Menerangkan bahwa {nama, warga {desa}.", "letter_template_braces"),
        ("Menerangkan bahwa {nama} } warga {desa}.", "letter_template_braces"),
        ("Menerangkan bahwa {nama_lengkap}.", "letter_template_unknown_placeholder"),
        ("Menerangkan bahwa {nama.__class__}.", "letter_template_placeholder_form"),
        ("Menerangkan bahwa {nama:>9999}.", "letter_template_placeholder_form"),
    ],
)
def test_a_broken_letter_template_is_refused_next_to_its_field(village_a, client_a, staff, letter_body, code):
    from modules.layanan.forms import ServiceForm
    from modules.layanan.models import ServiceStandard

    sign_in(client_a, village_a.tenant, staff["village_admin"])
    with tenant_context(village_a.tenant):
        service = Service.objects.get(slug="surat-keterangan-domisili")
        initial = ServiceForm.initial_for(service, ServiceStandard.objects.get(service=service))
        before = service.letter_body

    response = client_a.post(
        "/staf/layanan/katalog/surat-keterangan-domisili/",
        {**initial, "is_active": "on", "letter_body": letter_body},
    )

    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()["letter_body"]
    assert [error.code for error in errors] == [code]
    with tenant_context(village_a.tenant):
        assert Service.objects.get(slug="surat-keterangan-domisili").letter_body == before


def test_the_model_refuses_a_broken_template_for_the_admin_too(village_a, domisili):
    domisili.letter_body = "Menerangkan bahwa {nama"

    with pytest.raises(services.ValidationError) as error:
        domisili.full_clean()

    assert [e.code for e in error.value.error_dict["letter_body"]] == ["letter_template_braces"]


def test_a_letter_whose_template_broke_is_refused_at_signing_with_a_message_not_a_500(
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
    for status in ("diverifikasi", "diproses", "menunggu_tanda_tangan"):
        request = services.request_transition(
            request=request, to_status=status, actor=staff["operator"], note=""
        )
    Service.objects.filter(pk=domisili.pk).update(letter_body="Untuk {nama")  # saved before validation

    with pytest.raises(services.ValidationError) as error:
        services.letter_issue(
            request=request,
            village=village_a,
            actor=staff["village_admin"],
            signer_name="T. Zulkifli",
            signer_position="Keuchik",
            on_behalf_of="",
        )

    assert error.value.code == "letter_template_invalid"
    assert not services.Letter.objects.filter(request=request).exists()
    assert ServiceRequest.objects.get(pk=request.pk).status == "menunggu_tanda_tangan"


# --- Finding 15: one set of limits for the form and the API ---------------------------------------------

# Under the request body cap (DATA_UPLOAD_MAX_MEMORY_SIZE), so that the contract decides.
LONG_ADDRESS = "Dusun Lampoh, " * 75_000  # 1 MB
ADDRESS_MESSAGE = "Pastikan nilai ini mengandung paling banyak 500 karakter (sekarang 1049999 karakter)."
HUGE_ADDRESS = "Dusun Lampoh, " * 157_143  # 2.2 MB: over the body cap


def test_a_huge_address_is_refused_by_the_form_with_the_message_next_to_the_field(village_a, client_a):
    before = stored_counts(village_a)

    response = client_a.post("/layanan/surat-keterangan-domisili/ajukan/", {**FORM, "address": LONG_ADDRESS})

    assert response.status_code == 400
    assert response.context["form"].errors["address"] == [ADDRESS_MESSAGE]
    assert stored_counts(village_a) == before


def test_a_2_2_mb_address_is_refused_before_it_reaches_the_database_or_the_letter(village_a, client_a):
    before = stored_counts(village_a)

    form = client_a.post("/layanan/surat-keterangan-domisili/ajukan/", {**FORM, "address": HUGE_ADDRESS})
    api = post_api(client_a, "surat-keterangan-domisili", {**API, "address": HUGE_ADDRESS})

    assert form.status_code in (400, 413) and api.status_code in (400, 413)
    assert stored_counts(village_a) == before


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({**API, "address": LONG_ADDRESS}, "address", None),
        ({**API, "extra": {f"k{i}": "v" for i in range(5000)} | {"nama_usaha": "Kopi"}}, "extra", None),
        ({**API, "extra": {"nama_usaha": "Kopi", "na\u0000ma": "x"}}, "extra", None),
        ({**API, "extra": {"nama_usaha": "Kopi" * 200}}, "nama_usaha", None),
        ({**API, "extra": {"nama_usaha": "Kopi"}, "purpose": "Bea\u0000siswa"}, "purpose", None),
    ],
    ids=["1 MB address", "5000 extra keys", "NUL in an extra key", "long extra value", "NUL in a field"],
)
def test_oversized_or_nul_input_through_the_api_is_a_400_with_a_message(
    client_a, village_a, payload, field, code
):
    before = stored_counts(village_a)

    response = post_api(client_a, USAHA, payload)

    assert response.status_code == 400
    assert response.json()["errors"][field][0]
    assert stored_counts(village_a) == before


def test_the_form_and_the_api_give_the_same_message_for_the_same_limit(client_a, village_a):
    api = post_api(client_a, "surat-keterangan-domisili", {**API, "address": LONG_ADDRESS})
    form = client_a.post("/layanan/surat-keterangan-domisili/ajukan/", {**FORM, "address": LONG_ADDRESS})

    assert api.json()["errors"]["address"] == [ADDRESS_MESSAGE] == form.context["form"].errors["address"]


def test_the_letter_renderer_is_given_capped_values(village_a):
    from modules.layanan.letter_template import RENDERED_VALUE_MAX_LENGTH, render_letter_template

    rendered = render_letter_template("{nama}", {"nama": "x" * 100_000})

    assert len(rendered) == RENDERED_VALUE_MAX_LENGTH


# --- issue 8: request_submit is all-or-nothing ---------------------------------------------------------


def test_a_failure_after_the_first_insert_leaves_nothing_stored(village_a, in_village_a, monkeypatch):
    """The audit row is written after the request, its attachment, its event and its notification:
    failing there must roll all of them back."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = stored_counts(village_a)
    service = Service.objects.get(slug="surat-keterangan-domisili")

    def fail(**kwargs):
        assert ServiceRequest.objects.count() == before[0] + 1  # the request was inserted
        raise RuntimeError("injected failure")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError, match="injected failure"):
        services.request_submit(
            village=village_a,
            service=service,
            data=new_request_data(notify_channel="email", email="cut@example.id"),
            attachments=[
                ("KTP", SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp", content_type="application/pdf"))
            ],
            actor=None,
            idempotency_key="",
        )

    assert stored_counts(village_a) == before


def test_request_submit_is_a_durable_transaction(village_a, in_village_a):
    from django.db import transaction

    service = Service.objects.get(slug="surat-keterangan-domisili")

    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.request_submit(
            village=village_a,
            service=service,
            data=new_request_data(),
            attachments=[],
            actor=None,
            idempotency_key="",
        )


# --- Finding 4: post/redirect/get and idempotency keys -------------------------------------------------


def test_a_reload_or_a_double_tap_of_the_form_stores_one_request(village_a, client_a):
    form_page = client_a.get("/layanan/surat-keterangan-domisili/ajukan/")
    key = form_page.context["form"].initial["idempotency_key"]

    first = client_a.post("/layanan/surat-keterangan-domisili/ajukan/", {**FORM, "idempotency_key": key})
    again = client_a.post("/layanan/surat-keterangan-domisili/ajukan/", {**FORM, "idempotency_key": key})
    confirmation = client_a.get(first["Location"])
    reloaded = client_a.get(first["Location"])

    with tenant_context(village_a.tenant):
        stored = ServiceRequest.objects.get()
    assert (first.status_code, again.status_code) == (302, 302)
    assert first["Location"] == again["Location"] == "/layanan/surat-keterangan-domisili/terkirim/"
    assert stored.tracking_code in confirmation.content.decode()
    assert stored.download_secret in confirmation.content.decode()
    assert reloaded.status_code == 200 and stored.tracking_code in reloaded.content.decode()
    assert stored.tracking_code not in first["Location"] and stored.download_secret not in first["Location"]


def test_the_confirmation_is_shown_only_to_the_submitter(village_a, client_a, client_b, village_b):
    from django.test import Client

    from tests.conftest import host_of

    client_a.post("/layanan/surat-keterangan-domisili/ajukan/", FORM)
    with tenant_context(village_a.tenant):
        stored = ServiceRequest.objects.get()
    stranger = Client(HTTP_HOST=host_of(village_a))

    response = stranger.get("/layanan/surat-keterangan-domisili/terkirim/")

    assert response.status_code == 302
    assert response["Location"] == "/layanan/surat-keterangan-domisili/"
    assert stored.tracking_code not in stranger.get(response["Location"]).content.decode()


def test_an_api_retry_with_the_same_idempotency_key_stores_one_request(client_a, village_a):
    first = post_api(client_a, "surat-keterangan-domisili", API, HTTP_IDEMPOTENCY_KEY="retry-0001-abcdef")
    again = post_api(client_a, "surat-keterangan-domisili", API, HTTP_IDEMPOTENCY_KEY="retry-0001-abcdef")

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.count() == 1
        assert ServiceRequest.objects.get().idempotency_key == "retry-0001-abcdef"


def test_an_idempotency_key_reused_for_another_person_is_refused(client_a, village_a):
    post_api(client_a, "surat-keterangan-domisili", API, HTTP_IDEMPOTENCY_KEY="shared-key-0001")

    other = post_api(
        client_a,
        "surat-keterangan-domisili",
        {**API, "nik": NIK_WOMAN},
        HTTP_IDEMPOTENCY_KEY="shared-key-0001",
    )

    assert other.status_code == 400
    assert other.json()["errors"]["idempotency_key"] == [
        "Kunci pengiriman ini sudah dipakai untuk permohonan lain."
    ]
    with tenant_context(village_a.tenant):
        assert ServiceRequest.objects.count() == 1


# --- Personal data: `extra` is encrypted at rest --------------------------------------------------------


def test_the_answers_to_extra_fields_are_encrypted_at_rest(village_a, in_village_a):
    request = services.request_submit(
        village=village_a,
        service=Service.objects.get(slug=USAHA),
        data=new_request_data(extra={"nama_usaha": "Kedai Kopi Ulee Kareng"}),
        attachments=[("Foto tempat usaha", photo())],
        actor=None,
        idempotency_key="",
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT extra FROM layanan_servicerequest WHERE id = %s", [request.pk])
        (stored,) = cursor.fetchone()
    assert "Kedai" not in stored and "nama_usaha" not in stored
    assert ServiceRequest.objects.get(pk=request.pk).extra == {"nama_usaha": "Kedai Kopi Ulee Kareng"}
