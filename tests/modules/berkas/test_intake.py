import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from modules.berkas import intake
from tests.modules.berkas.images import heic, html_as_photo, pdf, photo, photo_bytes, shell_as_jpeg


def test_a_php_script_declared_as_jpeg_is_refused():
    with pytest.raises(ValidationError) as error:
        intake.accept(shell_as_jpeg())

    assert error.value.code == "unsupported"
    assert error.value.messages == [
        "Berkas ini bukan foto atau PDF yang dapat dibaca. Kirim foto (JPG, PNG, WebP, HEIC) atau PDF."
    ]


def test_html_named_photo_jpg_is_refused():
    with pytest.raises(ValidationError) as error:
        intake.accept(html_as_photo())

    assert error.value.code == "unsupported"


def test_a_photo_loses_its_exif_and_gps_position_and_is_shrunk():
    original = photo_bytes(size=(4000, 3000))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825) != {}  # the GPS IFD is there

    document = intake.accept(SimpleUploadedFile("foto.jpg", original, content_type="image/jpeg"))

    stored = Image.open(io.BytesIO(document.content))
    assert (stored.format, stored.size) == ("JPEG", (2000, 1500))
    assert dict(stored.getexif()) == {}
    assert b"Exif" not in document.content
    assert b"Teuku" not in document.content
    assert (document.content_type, document.extension) == ("image/jpeg", "jpg")


def test_a_heic_photo_from_an_iphone_is_accepted_as_jpeg():
    document = intake.accept(heic())

    stored = Image.open(io.BytesIO(document.content))
    assert (stored.format, stored.size) == ("JPEG", (2000, 1000))
    assert dict(stored.getexif()) == {}


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted_and_reencoded(image_format):
    upload = SimpleUploadedFile("x", photo_bytes(size=(800, 600), image_format=image_format, gps=False))

    document = intake.accept(upload)

    assert Image.open(io.BytesIO(document.content)).format == "JPEG"


def test_a_transparent_png_is_flattened_on_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, "PNG")

    document = intake.accept(SimpleUploadedFile("layar.png", buffer.getvalue()))

    assert Image.open(io.BytesIO(document.content)).convert("RGB").getpixel((5, 5)) == (255, 255, 255)


def test_a_pdf_is_kept_byte_for_byte_whatever_it_is_called():
    upload = pdf(name="foto.jpg")

    document = intake.accept(upload)

    assert document.content == b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
    assert (document.content_type, document.extension) == ("application/pdf", "pdf")


def test_a_file_over_ten_megabytes_is_refused(settings):
    settings.BERKAS_MAX_FILE_BYTES = 10 * 2**20
    upload = pdf(content=b"%PDF-1.4\n" + b"0" * (10 * 2**20))

    with pytest.raises(ValidationError) as error:
        intake.accept(upload)

    assert error.value.code == "too_large"
    assert error.value.messages == ["Berkas lebih dari 10 MB; perkecil atau foto ulang."]


def test_accept_each_keeps_what_passed_and_names_refused_files_by_position():
    documents, errors = intake.accept_each([photo(), shell_as_jpeg(), pdf()])

    assert [document.content_type for document in documents] == ["image/jpeg", "application/pdf"]
    assert [error.messages for error in errors] == [
        [
            "Berkas ke-2: Berkas ini bukan foto atau PDF yang dapat dibaca. "
            "Kirim foto (JPG, PNG, WebP, HEIC) atau PDF."
        ]
    ]
