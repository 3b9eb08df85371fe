"""The resident's complaint form: validation next to the field, identity protection, photos
(re-encoded, staged on a failed try), similar complaints first, the confirmation shown once."""

import io
import re

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from PIL import Image

from modules.berkas.models import StagedUpload
from modules.pengaduan import services
from modules.pengaduan.models import Complaint, ComplaintPhoto, Identity, Status
from modules.privasi import crypto
from tests.modules.berkas.images import heic, pdf, photo, shell_as_jpeg
from tests.modules.pengaduan.data import category_id, submitted

FORM_URL = "/pengaduan/baru/"


def payload(village, **overrides):
    with tenant_context(village.tenant):
        category = category_id("Kebersihan")
    return {
        "category": str(category),
        "title": "Sampah menumpuk di saluran air",
        "description": "Sudah dua minggu tidak diangkut, saluran tersumbat saat hujan.",
        "location": "",
        "latitude": "",
        "longitude": "",
        "identity": Identity.NAMED,
        "reporter_name": "Teuku Muhammad Rizal",
        "reporter_phone": "081299990001",
        "reporter_email": "",
        "notify_channel": "none",
        "is_public": "on",
        "idempotency_key": "uji-kunci-0001",
        **overrides,
    }


def count(village, model=Complaint):
    with tenant_context(village.tenant):
        return model.objects.count()


def stored(village):
    with tenant_context(village.tenant):
        return Complaint.objects.select_related("category").get()


def test_the_form_offers_every_field_and_the_map_tiles_only_here(client_a):
    response = client_a.get(FORM_URL)
    page = response.content.decode()

    assert response.status_code == 200
    for name in ("category", "title", "description", "location", "latitude", "longitude", "identity"):
        assert f'name="{name}"' in page
    assert [f'name="photo_{n}"' in page for n in (1, 2, 3)] == [True, True, True]
    assert 'name="photo_4"' not in page
    assert "Anonim: nama dan kontak tidak disimpan sama sekali" in page
    assert "/static/pengaduan/leaflet/leaflet.js" in page and "unpkg" not in page
    img_src = re.search(r"img-src ([^;]+)", response["Content-Security-Policy"]).group(1).split()
    assert sorted(img_src) == sorted(["'self'", "data:", "https://tile.openstreetmap.org"])
    board_policy = client_a.get("/pengaduan/")["Content-Security-Policy"]
    assert "openstreetmap" not in board_policy


def test_a_resident_files_a_complaint_and_sees_the_private_link_once(village_a, client_a, clean_throttle):
    response = client_a.post(FORM_URL, payload(village_a, latitude="5.541234", longitude="95.321234"))

    assert response.status_code == 302 and response["Location"] == "/pengaduan/terkirim/"
    complaint = stored(village_a)
    assert (complaint.status, complaint.category.name.startswith("Kebersihan")) == (Status.RECEIVED, True)
    assert (str(complaint.latitude), str(complaint.longitude)) == ("5.541234", "95.321234")
    confirmation = client_a.get("/pengaduan/terkirim/").content.decode()
    assert complaint.tracking_code in confirmation
    assert f"/pengaduan/{complaint.tracking_code}/{complaint.secret}/" in confirmation
    again = client_a.get("/pengaduan/terkirim/")
    assert again.status_code == 302 and complaint.secret not in again.content.decode()


def test_a_repeated_post_stores_one_complaint(village_a, client_a, clean_throttle):
    first = client_a.post(FORM_URL, payload(village_a))
    second = client_a.post(FORM_URL, payload(village_a))

    assert (first.status_code, second.status_code) == (302, 302)
    assert count(village_a) == 1


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"title": "Sampah\x00menumpuk"}, "title", "null"),
        ({"title": "x" * 151}, "title", "150"),
        ({"title": ""}, "title", ""),
        ({"description": "a" * 4001}, "description", "4000"),
        ({"description": "ada\x00nul"}, "description", "null"),
        ({"latitude": "91", "longitude": "95.3"}, "location", ""),
        ({"latitude": "utara", "longitude": "95.3"}, "location", "Titik peta tidak dapat dibaca"),
        ({"latitude": "NaN", "longitude": "NaN"}, "location", "Titik peta tidak dapat dibaca"),
        ({"latitude": "Infinity", "longitude": "1e999"}, "location", "Titik peta tidak dapat dibaca"),
        ({"latitude": "5.5"}, "location", "lintang dan bujur sekaligus"),
        ({"category": "999999"}, "category", "Pilih kategori dari daftar"),
        ({"category": "sampah\x00"}, "category", "Pilih kategori dari daftar"),
        ({"identity": "presiden"}, "identity", ""),
        ({"reporter_name": " "}, "reporter_name", "pilih anonim"),
        ({"notify_channel": "email"}, "reporter_email", "surel"),
        ({"reporter_phone": "12"}, "reporter_phone", ""),
        ({"location": "x" * 301}, "location", "300"),
    ],
)
def test_bad_input_gets_its_message_next_to_the_field_and_stores_nothing(
    village_a, client_a, clean_throttle, overrides, field, words
):
    response = client_a.post(FORM_URL, payload(village_a, **overrides))
    page = response.content.decode()

    assert response.status_code == 400
    error = re.search(rf'<p class="error" id="id_{field}_error">(.*?)</p>', page, re.DOTALL)
    assert error is not None, page[:3000]
    assert words in error.group(1)
    assert 'id="error-summary"' in page
    assert count(village_a) == 0


def test_an_anonymous_complaint_stores_no_identity_whatever_the_form_sent(
    village_a, client_a, clean_throttle
):
    response = client_a.post(
        FORM_URL,
        payload(
            village_a,
            identity=Identity.ANONYMOUS,
            reporter_name="Teuku Umar",
            reporter_phone="081211112222",
            reporter_email="umar@example.id",
            notify_channel="email",
        ),
        HTTP_X_FORWARDED_FOR="203.0.113.77",
    )

    assert response.status_code == 302
    with tenant_context(village_a.tenant), connection.cursor() as cursor:
        cursor.execute(
            "SELECT reporter_name, reporter_phone, reporter_email, notify_channel, recorded_by "
            "FROM pengaduan_complaint"
        )
        ((name, phone, email, notify_channel, recorded_by),) = cursor.fetchall()
        # The encrypted columns hold the token of an empty text: nothing of what the form sent.
        assert [crypto.decrypt(value) for value in (name, phone, email)] == ["", "", ""]
        assert (notify_channel, recorded_by) == ("none", "")
        cursor.execute("SELECT detail::text, actor_label FROM audit_auditevent")
        audit = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert "Umar" not in audit and "203.0.113.77" not in audit and "127.0.0.1" not in audit


def test_a_heic_photo_is_stored_as_jpeg_without_exif_and_shown_only_when_allowed(
    village_a, client_a, clean_throttle
):
    response = client_a.post(
        FORM_URL,
        {**payload(village_a), "photo_1": heic(), "photo_1_public": "on", "photo_2": photo()},
    )

    assert response.status_code == 302
    complaint = stored(village_a)
    with tenant_context(village_a.tenant):
        photos = list(ComplaintPhoto.objects.filter(complaint=complaint).order_by("pk"))
        contents = [item.file.open("rb").read() for item in photos]
    assert [(item.content_type, item.is_public) for item in photos] == [
        ("image/jpeg", True),
        ("image/jpeg", False),
    ]
    for content in contents:
        image = Image.open(io.BytesIO(content))
        assert image.format == "JPEG" and dict(image.getexif()) == {}
        assert b"Teuku Muhammad Rizal" not in content and b"Telepon Warga" not in content
    shown = client_a.get(f"/pengaduan/{complaint.tracking_code}/foto/{photos[0].pk}/")
    hidden = client_a.get(f"/pengaduan/{complaint.tracking_code}/foto/{photos[1].pk}/")
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == contents[0]
    assert shown["Content-Type"] == "image/jpeg" and shown["X-Content-Type-Options"] == "nosniff"
    assert hidden.status_code == 404


def test_a_photo_that_passed_is_kept_when_another_field_is_refused(village_a, client_a, clean_throttle):
    refused = client_a.post(FORM_URL, {**payload(village_a, title=""), "photo_1": heic()})
    token = re.search(r'name="photo_1__terunggah" value="([^"]+)"', refused.content.decode())

    assert refused.status_code == 400 and token is not None
    assert count(village_a, StagedUpload) == 1
    accepted = client_a.post(
        FORM_URL, {**payload(village_a), "photo_1__terunggah": token.group(1), "photo_1_public": "on"}
    )
    assert accepted.status_code == 302
    with tenant_context(village_a.tenant):
        assert list(ComplaintPhoto.objects.values_list("content_type", "is_public")) == [("image/jpeg", True)]
        assert StagedUpload.objects.count() == 0


def test_another_sessions_staged_photo_is_not_taken(village_a, client_a, client_as, clean_throttle):
    refused = client_a.post(FORM_URL, {**payload(village_a, title=""), "photo_1": heic()})
    token = re.search(r'name="photo_1__terunggah" value="([^"]+)"', refused.content.decode()).group(1)

    other = client_as(None)
    assert other.post(FORM_URL, {**payload(village_a), "photo_1__terunggah": token}).status_code == 302
    with tenant_context(village_a.tenant):
        assert ComplaintPhoto.objects.count() == 0


@pytest.mark.parametrize("upload", [pdf, shell_as_jpeg])
def test_a_document_or_a_disguised_file_is_no_photo(village_a, client_a, clean_throttle, upload):
    response = client_a.post(FORM_URL, {**payload(village_a), "photo_2": upload()})

    assert response.status_code == 400
    assert re.search(r'<p class="error" id="id_photo_2_error">.+?</p>', response.content.decode())
    assert count(village_a) == 0


def test_a_fourth_photo_is_refused_by_the_service(village_a, in_village_a):
    with pytest.raises(services.ValidationError) as refused:
        submitted(village_a, photos=[services.NewPhoto(upload=photo()) for _ in range(4)])

    assert refused.value.error_dict["photos"][0].code == "too_many_photos"
    assert Complaint.objects.count() == 0


def test_a_fourth_photo_field_on_the_form_is_ignored(village_a, client_a, clean_throttle):
    data = {**payload(village_a), **{f"photo_{n}": photo(f"{n}.jpg") for n in (1, 2, 3, 4)}}

    assert client_a.post(FORM_URL, data).status_code == 302
    with tenant_context(village_a.tenant):
        assert ComplaintPhoto.objects.count() == 3


def test_similar_open_complaints_are_shown_before_a_new_one_is_stored(village_a, client_a, clean_throttle):
    with tenant_context(village_a.tenant):
        original = submitted(
            village_a,
            category_id=category_id("Kebersihan"),
            title="Sampah menumpuk di pasar",
            latitude="5.540000",
            longitude="95.320000",
        )
    data = payload(village_a, latitude="5.540500", longitude="95.320300")

    first = client_a.post(FORM_URL, data)
    page = first.content.decode()
    assert first.status_code == 200 and count(village_a) == 1
    assert "Mungkin sudah ada yang melaporkan" in page and original.title in page
    assert f'action="/pengaduan/{original.tracking_code}/dukung/"' in page
    assert 'name="kirim_baru"' in page and "Cut Nyak Dhien" not in page
    anyway = client_a.post(FORM_URL, {**data, "kirim_baru": "1"})
    assert anyway.status_code == 302 and count(village_a) == 2


def test_a_closed_or_hidden_complaint_is_not_offered_as_similar(village_a, client_a, clean_throttle):
    with tenant_context(village_a.tenant):
        submitted(village_a, category_id=category_id("Kebersihan"), title="Sampah menumpuk", is_public=False)

    assert client_a.post(FORM_URL, payload(village_a)).status_code == 302
    assert count(village_a) == 2
