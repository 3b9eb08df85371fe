"""What a resident's phone offers, decided by content and re-encoded on the server.

``accept(upload)`` reads at most ``BERKAS_MAX_FILE_BYTES`` (10 MB) and returns a ``Document``:

- a photo or a scan (JPEG, PNG, WebP, HEIC/HEIF, decided by Pillow opening it with only those
  decoders) is turned upright by its EXIF orientation, shrunk to ``IMAGE_LONG_SIDE`` pixels on its
  long side and written again as JPEG (quality 80) with no metadata at all: EXIF, GPS position,
  camera and owner names, XMP and ICC profiles are dropped;
- a PDF (decided by its ``%PDF-`` header) is kept as it is: staff download it as an attachment.

The browser's declared type and the file name are never looked at. Anything else raises a
``ValidationError`` with a code and a sentence the resident can act on.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

IMAGE_FORMATS = ["JPEG", "PNG", "WEBP", "HEIF"]
IMAGE_LONG_SIDE = 2000
IMAGE_QUALITY = 80
# A 200-megapixel phone photo is decoded at 1/8 scale (JPEG draft mode); other formats are decoded
# whole, so anything above this is refused before it is decoded.
IMAGE_MAX_PIXELS = 120_000_000
PDF_MAGIC = b"%PDF-"
ACCEPT_ATTRIBUTE = "image/*,application/pdf,.heic,.heif"


@dataclass(frozen=True)
class Document:
    """A file that passed intake: content decided by what it is, ready to be stored."""

    content: bytes
    content_type: str
    extension: str

    @property
    def size(self) -> int:
        return len(self.content)


def max_file_bytes() -> int:
    return int(settings.BERKAS_MAX_FILE_BYTES)


def accept(upload: UploadedFile) -> Document:
    """The document in ``upload``, or a ValidationError (codes: ``too_large``, ``unsupported``)."""
    limit = max_file_bytes()
    if (upload.size or 0) > limit:
        raise _too_large(limit)
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _too_large(limit)
    if content.startswith(PDF_MAGIC):
        return Document(content=content, content_type="application/pdf", extension="pdf")
    return _reencoded_image(content)


def accept_each(uploads: Sequence[UploadedFile]) -> tuple[list[Document], list[ValidationError]]:
    """The documents of the uploads that pass, and one error per refused file, naming it by its
    position ("Berkas ke-2: ..."), never by its name (which may carry a name or a NIK)."""
    documents: list[Document] = []
    errors: list[ValidationError] = []
    for position, upload in enumerate(uploads, start=1):
        try:
            documents.append(accept(upload))
        except ValidationError as error:
            errors.extend(
                ValidationError(
                    _("Berkas ke-%(position)d: %(reason)s") % {"position": position, "reason": message},
                    code=error.code,
                )
                for message in error.messages
            )
    return documents, errors


def _reencoded_image(content: bytes) -> Document:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=IMAGE_FORMATS) as image:
                if image.format == "JPEG":
                    image.draft("RGB", (IMAGE_LONG_SIDE, IMAGE_LONG_SIDE))
                width, height = image.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        _("Gambar ini terlalu besar resolusinya; foto ulang dengan ukuran biasa."),
                        code="too_many_pixels",
                    )
                image.load()
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((IMAGE_LONG_SIDE, IMAGE_LONG_SIDE), Image.Resampling.LANCZOS)
                flat = _flattened(upright)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ):
        raise ValidationError(
            _(
                "Berkas ini bukan foto atau PDF yang dapat dibaca. "
                "Kirim foto (JPG, PNG, WebP, HEIC) atau PDF."
            ),
            code="unsupported",
        ) from None
    output = io.BytesIO()
    flat.save(output, "JPEG", quality=IMAGE_QUALITY, optimize=True, progressive=True)
    return Document(content=output.getvalue(), content_type="image/jpeg", extension="jpg")


def _flattened(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparency goes onto white, as a scan on paper would look."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("Berkas lebih dari %(megabytes)d MB; perkecil atau foto ulang.") % {"megabytes": limit // 2**20},
        code="too_large",
    )
