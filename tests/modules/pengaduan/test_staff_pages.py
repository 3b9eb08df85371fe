"""The staff side of the complaint register: the queue and its filter (overdue and nearly due by the
one rule), recording a complaint from another channel, the reporter's identity as the reporter chose
it (named to handlers; confidential only on a complaint officer's audited request; never to the
village council), photos as downloads, the categories and deadlines, and the staff home's counts."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.berkas.intake import Document
from modules.pengaduan import services
from modules.pengaduan.models import Category, Complaint, ComplaintPhoto, ComplaintSettings, Identity, Status
from tests.modules.pengaduan.data import move, submit_complaint

NAME, PHONE = "Cut Nyak Dhien", "81234567890"  # stored as +6281234567890


def _record_payload(**overrides):
    payload = {
        "channel": "telepon",
        "category": str(Category.objects.get(name__startswith="Infrastruktur").pk),
        "title": "Saluran air tersumbat di Dusun Mesjid",
        "description": "Air meluap ke jalan setiap hujan.",
        "location": "Dusun Mesjid, depan balai",
        "identity": Identity.NAMED,
        "reporter_name": "Teuku Umar",
        "reporter_phone": "081299990001",
        "reporter_email": "",
        "notify_channel": "none",
        "is_public": "on",
        "idempotency_key": "staf-uji-0001",
    }
    payload.update(overrides)
    return payload


# --- the queue ------------------------------------------------------------------------------------------


def _late_and_near(village):
    """One complaint past its verification deadline, one due by the next working day, one with time."""
    today = timezone.localdate()
    late = submit_complaint(village, title="Terlambat")
    near = submit_complaint(village, title="Hampir")
    fine = submit_complaint(village, title="Masih lama")
    Complaint.objects.filter(pk=late.pk).update(verify_due=today - datetime.timedelta(days=10))
    Complaint.objects.filter(pk=near.pk).update(verify_due=today)
    Complaint.objects.filter(pk=fine.pk).update(verify_due=today + datetime.timedelta(days=30))
    return late, near, fine


def test_the_queue_marks_overdue_and_nearly_due_and_filters_by_them(village_a, officer, client_as):
    with tenant_context(village_a.tenant):
        late, near, fine = _late_and_near(village_a)
    client = client_as(Role.COMPLAINT_OFFICER)

    everything = client.get("/staf/pengaduan/").content.decode()
    overdue = client.get("/staf/pengaduan/?tenggat=terlambat").content.decode()
    nearly = client.get("/staf/pengaduan/?tenggat=hampir").content.decode()

    rows = {
        code: line
        for code, line in re.findall(r"<li><a href=\"/staf/pengaduan/([^/]+)/\">(.*?)</li>", everything, re.S)
    }
    assert "due-late" in rows[late.tracking_code] and "due-near" not in rows[late.tracking_code]
    assert "due-near" in rows[near.tracking_code]
    assert "due-" not in rows[fine.tracking_code]
    assert (
        late.tracking_code in overdue
        and near.tracking_code not in overdue
        and fine.tracking_code not in overdue
    )
    assert near.tracking_code in nearly and late.tracking_code not in nearly


def test_the_queue_filters_by_status_category_and_channel(village_a, officer, client_as):
    with tenant_context(village_a.tenant):
        other = Category.objects.get(name__startswith="Kebersihan")
        online = submit_complaint(village_a)
        phoned = submit_complaint(village_a, actor=officer, channel="telepon", category_id=other.pk)
        verified = move(
            submit_complaint(village_a, actor=officer, channel="kotak_saran"), Status.VERIFIED, actor=officer
        )
    client = client_as(Role.COMPLAINT_OFFICER)

    def codes(query):
        html = client.get(f"/staf/pengaduan/?{query}").content.decode()
        return {c.tracking_code for c in (online, phoned, verified) if c.tracking_code in html}

    assert codes("status=diverifikasi") == {verified.tracking_code}
    assert codes(f"kategori={other.pk}") == {phoned.tracking_code}
    assert codes("saluran=daring") == {online.tracking_code}
    assert codes("saluran=kotak_saran&status=diverifikasi") == {verified.tracking_code}


@pytest.mark.parametrize("query", ["status=hilang", "kategori=abc", "tenggat=besok", "saluran=%00"])
def test_a_bad_filter_is_a_400_with_the_message_not_a_500(village_a, officer, client_as, query):
    response = client_as(Role.COMPLAINT_OFFICER).get(f"/staf/pengaduan/?{query}")

    assert response.status_code == 400
    if "%00" not in query:  # a NUL byte is refused before the view, by the 400 page
        assert 'class="error"' in response.content.decode()


def test_the_queue_reads_in_a_fixed_number_of_queries(village_a, officer, client_as):
    client = client_as(Role.COMPLAINT_OFFICER)
    with tenant_context(village_a.tenant):
        submit_complaint(village_a)
    client.get("/staf/pengaduan/")  # sessions, routing cache
    with CaptureQueriesContext(connection) as few:
        client.get("/staf/pengaduan/")
    with tenant_context(village_a.tenant):
        for number in range(8):
            submit_complaint(village_a, title=f"Pengaduan {number}")
    with CaptureQueriesContext(connection) as many:
        client.get("/staf/pengaduan/")

    assert len(many) == len(few) <= 30


def test_the_council_reads_the_queue_without_the_record_link(village_a, council_member, client_as):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a)

    html = client_as(Role.COUNCIL_MEMBER).get("/staf/pengaduan/").content.decode()

    assert complaint.tracking_code in html
    assert "/staf/pengaduan/catat/" not in html and NAME not in html


# --- recording a complaint from another channel -----------------------------------------------------


def test_an_officer_records_a_phone_complaint(village_a, officer, client_as):
    response = client_as(Role.COMPLAINT_OFFICER).post(
        "/staf/pengaduan/catat/", _in_a(village_a, _record_payload)
    )

    with tenant_context(village_a.tenant):
        complaint = Complaint.objects.get()
        audit = AuditEvent.objects.get(action="pengaduan.complaint_submit")
    assert (
        response.status_code == 302 and response["Location"] == f"/staf/pengaduan/{complaint.tracking_code}/"
    )
    assert (complaint.channel, complaint.reporter_name, complaint.recorded_by) == (
        "telepon",
        "Teuku Umar",
        str(officer),
    )
    assert audit.actor_id == officer.pk and audit.detail == {"channel": "telepon", "identity": "named"}


def test_a_second_submit_of_the_same_form_records_once(village_a, officer, client_as):
    payload = _in_a(village_a, _record_payload)
    client = client_as(Role.COMPLAINT_OFFICER)

    first = client.post("/staf/pengaduan/catat/", payload)
    second = client.post("/staf/pengaduan/catat/", payload)

    assert first["Location"] == second["Location"]
    with tenant_context(village_a.tenant):
        assert Complaint.objects.count() == 1


def test_an_anonymous_complaint_recorded_by_staff_keeps_no_name(village_a, officer, client_as):
    payload = _in_a(
        village_a, lambda: _record_payload(identity=Identity.ANONYMOUS, reporter_email="umar@example.id")
    )

    client_as(Role.COMPLAINT_OFFICER).post("/staf/pengaduan/catat/", payload)

    with tenant_context(village_a.tenant):
        complaint = Complaint.objects.get()
        assert (complaint.reporter_name, complaint.reporter_phone, complaint.reporter_email) == ("", "", "")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "a\x00b"}, "title"),
        ({"description": "x" * 4001}, "description"),
        ({"channel": "daring"}, "channel"),
        ({"reporter_name": ""}, "reporter_name"),
        ({"notify_channel": "email"}, "reporter_email"),
        ({"category": "999999"}, "category"),
        ({"reporter_phone": "12"}, "reporter_phone"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_records_nothing(
    village_a, officer, client_as, overrides, field
):
    payload = _in_a(village_a, lambda: _record_payload(**overrides))

    response = client_as(Role.COMPLAINT_OFFICER).post("/staf/pengaduan/catat/", payload)

    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    with tenant_context(village_a.tenant):
        assert not Complaint.objects.exists()


def _in_a(village, make):
    with tenant_context(village.tenant):
        return make()


# --- the reporter's identity ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.VILLAGE_ADMIN, True), (Role.COMPLAINT_OFFICER, True), (Role.COUNCIL_MEMBER, False)],
)
def test_a_named_reporter_is_shown_to_handlers_only_and_no_look_is_audited(village_a, client_as, role, shown):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a)

    html = client_as(role).get(f"/staf/pengaduan/{complaint.tracking_code}/").content.decode()

    assert (NAME in html, PHONE in html) == (shown, shown)
    with tenant_context(village_a.tenant):
        assert not AuditEvent.objects.filter(action="pengaduan.identity_view").exists()


def test_a_confidential_identity_opens_only_on_the_officers_request_and_each_look_is_audited(
    village_a, officer, client_as
):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a, identity=Identity.CONFIDENTIAL)
    url = f"/staf/pengaduan/{complaint.tracking_code}/"
    client = client_as(Role.COMPLAINT_OFFICER)

    before = client.get(url).content.decode()
    with tenant_context(village_a.tenant):
        assert not AuditEvent.objects.filter(action="pengaduan.identity_view").exists()
    opened = client.post(url, {"action": "reveal"})
    client.post(url, {"action": "reveal"})

    assert NAME not in before and 'value="reveal"' in before
    assert opened.status_code == 200 and NAME in opened.content.decode() and PHONE in opened.content.decode()
    with tenant_context(village_a.tenant):
        looks = AuditEvent.objects.filter(action="pengaduan.identity_view", target_id=str(complaint.pk))
        assert [(look.actor_id, look.target_type) for look in looks] == [
            (officer.pk, "pengaduan.Complaint")
        ] * 2


@pytest.mark.parametrize("role", [Role.VILLAGE_ADMIN, Role.COUNCIL_MEMBER, Role.OPERATOR])
def test_a_confidential_identity_is_never_shown_to_anyone_else(village_a, client_as, role):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a, identity=Identity.CONFIDENTIAL)
    url = f"/staf/pengaduan/{complaint.tracking_code}/"

    page = client_as(role).get(url)
    reveal = client_as(role).post(url, {"action": "reveal"})

    assert NAME not in page.content.decode() and 'value="reveal"' not in page.content.decode()
    assert reveal.status_code == 403 and NAME not in reveal.content.decode()
    with tenant_context(village_a.tenant):
        assert not AuditEvent.objects.filter(action="pengaduan.identity_view").exists()


def test_an_anonymous_reporter_is_anonim(village_a, officer, client_as):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a, identity=Identity.ANONYMOUS)

    html = (
        client_as(Role.COMPLAINT_OFFICER).get(f"/staf/pengaduan/{complaint.tracking_code}/").content.decode()
    )

    assert "Anonim" in html and 'value="reveal"' not in html


def test_the_council_takes_no_step(village_a, council_member, client_as):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a)
    url = f"/staf/pengaduan/{complaint.tracking_code}/"

    page = client_as(Role.COUNCIL_MEMBER).get(url).content.decode()
    step = client_as(Role.COUNCIL_MEMBER).post(url, {"step": Status.VERIFIED})

    assert '<form method="post" class="stack card step"' not in page and "Tindak lanjut" not in page
    assert step.status_code == 403
    with tenant_context(village_a.tenant):
        assert Complaint.objects.get(pk=complaint.pk).status == Status.RECEIVED


def test_a_guessed_code_is_404(village_a, officer, client_as):
    assert client_as(Role.COMPLAINT_OFFICER).get("/staf/pengaduan/ZZZZ-9999/").status_code == 404


# --- photos ---------------------------------------------------------------------------------------


def test_a_photo_is_a_download_under_a_generated_name_for_handlers_only(village_a, client_as, officer):
    with tenant_context(village_a.tenant):
        complaint = services.complaint_submit(
            village=village_a,
            data=services.NewComplaint(
                category_id=Category.objects.first().pk,
                title="Sampah menumpuk",
                description="Di pinggir sungai.",
                identity=Identity.ANONYMOUS,
            ),
            photos=[
                services.NewPhoto(
                    upload=Document(
                        content=b"\xff\xd8\xff\xe0 isi foto", content_type="image/jpeg", extension="jpg"
                    )
                )
            ],
            actor=None,
            idempotency_key="",
        )
        photo = ComplaintPhoto.objects.get(complaint=complaint)
    url = f"/staf/pengaduan/{complaint.tracking_code}/foto/{photo.pk}/"

    download = client_as(Role.COMPLAINT_OFFICER).get(url)
    council = client_as(Role.COUNCIL_MEMBER).get(url)
    other = client_as(Role.COMPLAINT_OFFICER).get(
        f"/staf/pengaduan/{complaint.tracking_code}/foto/{photo.pk + 1}/"
    )

    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="foto-{complaint.tracking_code}-1.jpg"'
    assert download["X-Content-Type-Options"] == "nosniff" and "no-cache" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == b"\xff\xd8\xff\xe0 isi foto"
    assert council.status_code == 403 and other.status_code == 404


# --- categories and deadlines ------------------------------------------------------------------------


def test_the_admin_adds_and_edits_a_category(village_a, client_as):
    client = client_as(Role.VILLAGE_ADMIN)

    added = client.post(
        "/staf/pengaduan/kategori/", {"name": "Lampu jalan", "tier": "1", "is_active": "on", "order": "5"}
    )
    twice = client.post(
        "/staf/pengaduan/kategori/", {"name": "LAMPU JALAN", "tier": "1", "is_active": "on", "order": "5"}
    )
    with tenant_context(village_a.tenant):
        category = Category.objects.get(name="Lampu jalan")
    edited = client.post(
        f"/staf/pengaduan/kategori/{category.pk}/", {"name": "Lampu jalan", "tier": "3", "order": "5"}
    )

    assert added.status_code == 302 and edited.status_code == 302
    assert twice.status_code == 400 and 'id="id_name_error"' in twice.content.decode()
    with tenant_context(village_a.tenant):
        category.refresh_from_db()
        assert (category.tier, category.is_active) == (3, False)
        assert Category.objects.filter(name__iexact="lampu jalan").count() == 1
        assert AuditEvent.objects.filter(action="pengaduan.category_save").count() == 2


def test_the_admin_sets_the_deadlines_and_a_bad_order_is_refused(village_a, client_as):
    client = client_as(Role.VILLAGE_ADMIN)
    good = {
        "verify_days": "2",
        "follow_up_days": "4",
        "tier_quick_days": "3",
        "tier_normal_days": "7",
        "tier_heavy_days": "15",
        "tier_complex_days": "40",
    }

    saved = client.post("/staf/pengaduan/pengaturan/", good)
    refused = client.post("/staf/pengaduan/pengaturan/", {**good, "tier_quick_days": "50"})

    assert saved.status_code == 302
    assert refused.status_code == 400 and "Hari penyelesaian harus naik" in refused.content.decode()
    with tenant_context(village_a.tenant):
        config = ComplaintSettings.objects.get(pk=1)
        assert (config.verify_days, config.tier_quick_days, config.tier_complex_days) == (2, 3, 40)


# --- the staff home -------------------------------------------------------------------------------


def _waiting(html):
    return re.findall(r'<li><a href="(/staf/pengaduan/[^"]+)"><strong>(\d+)</strong> ([^<]+)</a></li>', html)


def test_the_staff_home_counts_new_overdue_and_nearly_due_complaints_for_handlers(
    village_a, officer, client_as
):
    with tenant_context(village_a.tenant):
        _late_and_near(village_a)
        move(submit_complaint(village_a), Status.VERIFIED, actor=officer)

    officer_home = client_as(Role.COMPLAINT_OFFICER).get("/staf/").content.decode()
    council_home = client_as(Role.COUNCIL_MEMBER).get("/staf/").content.decode()

    assert _waiting(officer_home) == [
        ("/staf/pengaduan/?status=diterima", "3", "pengaduan baru"),
        ("/staf/pengaduan/?tenggat=terlambat", "1", "pengaduan terlambat"),
        ("/staf/pengaduan/?tenggat=hampir", "1", "pengaduan hampir jatuh tempo"),
    ]
    assert _waiting(council_home) == []
    assert 'href="/staf/pengaduan/"' in council_home and 'href="/staf/pengaduan/catat/"' not in council_home


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (64, 48), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kamera Lamkuta"  # Make
    exif[0x8825] = {1: "N", 2: (5.0, 33.0, 0.0)}  # GPS
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return output.getvalue()


def test_a_photo_that_came_with_the_message_is_stored_without_its_metadata_and_off_the_board(
    village_a, officer, client_as
):
    payload = _in_a(village_a, _record_payload)
    original = _jpeg_with_gps()
    assert b"Kamera Lamkuta" in original

    response = client_as(Role.COMPLAINT_OFFICER).post(
        "/staf/pengaduan/catat/",
        {**payload, "photo_1": SimpleUploadedFile("IMG_2026.jpg", original, "image/jpeg")},
    )

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        photo = ComplaintPhoto.objects.get()
        with photo.file.open("rb") as stored:
            content = stored.read()
        assert (photo.content_type, photo.is_public) == ("image/jpeg", False)
    assert b"Kamera Lamkuta" not in content and content.startswith(b"\xff\xd8")


def test_a_pdf_is_no_photo(village_a, officer, client_as):
    payload = _in_a(village_a, _record_payload)

    response = client_as(Role.COMPLAINT_OFFICER).post(
        "/staf/pengaduan/catat/",
        {**payload, "photo_2": SimpleUploadedFile("surat.pdf", b"%PDF-1.4 surat", "application/pdf")},
    )

    assert response.status_code == 400 and 'id="id_photo_2_error"' in response.content.decode()
    with tenant_context(village_a.tenant):
        assert not Complaint.objects.exists()


def test_the_staff_pages_speak_english_when_asked(village_a, officer, client_as):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a, identity=Identity.CONFIDENTIAL)
    client = client_as(Role.COMPLAINT_OFFICER)

    queue = client.get("/staf/pengaduan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    detail = client.get(
        f"/staf/pengaduan/{complaint.tracking_code}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "<h1>Complaints</h1>" in queue and "Record a complaint" in queue
    assert "Show the identity" in detail and "Response to the reporter" in detail and NAME not in detail
