"""Files as phones and attackers send them, made in the test with Pillow and pillow-heif."""

import functools
import io

import pillow_heif
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

pillow_heif.register_heif_opener()

GPS = {1: "N", 2: (5.0, 33.0, 10.5), 3: "E", 4: (95.0, 19.0, 1.0)}


# The same photo is asked for again and again; encoding a 3000 x 1500 JPEG or HEIF takes long (a
# HEIF ~2 s), so each kind is made once per process. Bytes cannot be changed by a test.
@functools.cache
def photo_bytes(
    *, size: tuple[int, int] = (3000, 1500), image_format: str = "JPEG", gps: bool = True
) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telepon Warga"
    exif[ExifTags.Base.Artist] = "Teuku Muhammad Rizal"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = GPS
    buffer = io.BytesIO()
    image.save(buffer, image_format, exif=exif, quality=90)
    return buffer.getvalue()


def photo(name: str = "foto.jpg", **options: object) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes(**options), content_type="image/jpeg")  # type: ignore[arg-type]


def heic(name: str = "IMG_0001.HEIC") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes(image_format="HEIF"), content_type="image/heic")


def shell_as_jpeg() -> SimpleUploadedFile:
    return SimpleUploadedFile("shell.php", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")


def html_as_photo() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "photo.jpg", b"<!doctype html><script>alert(document.cookie)</script>", content_type="image/jpeg"
    )


def pdf(
    name: str = "scan.pdf", content: bytes = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
