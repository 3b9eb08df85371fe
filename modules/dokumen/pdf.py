"""HTML to PDF with WeasyPrint, and the paper sizes of Indonesian village letters.

WeasyPrint needs Pango and HarfBuzz from the system (Debian: libpango-1.0-0 libpangoft2-1.0-0
libharfbuzz-subset0) and a serif font (fonts-liberation2 gives Liberation Serif, metric-compatible
with Times New Roman, which the letter template asks for).

Rendering fetches nothing from the network: the URL fetcher allows ``data:`` URLs, and ``file:`` URLs
under the folders given as ``allowed_roots``, only. Letters are rendered in
web workers from templates that show residents' input; an ``<img src="http://10.0.0.1/...">`` or
``<link rel="attachment" href="file:///etc/...">`` that slipped through must not be fetched.
Embed logos as ``data:`` URLs or pass the folder that holds them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

MILLIMETRES_PER_INCH = 25.4
POINTS_PER_INCH = 72


@dataclass(frozen=True, slots=True)
class PaperSize:
    name: str
    width_mm: int
    height_mm: int

    @property
    def css_size(self) -> str:
        """For ``@page { size: ... }``."""
        return f"{self.width_mm}mm {self.height_mm}mm"

    @property
    def width_pt(self) -> float:
        return self.width_mm * POINTS_PER_INCH / MILLIMETRES_PER_INCH

    @property
    def height_pt(self) -> float:
        return self.height_mm * POINTS_PER_INCH / MILLIMETRES_PER_INCH


# F4 ("folio"), the usual paper of Indonesian government letters: 215 mm × 330 mm.
F4 = PaperSize("F4", 215, 330)
A4 = PaperSize("A4", 210, 297)
PAPER_SIZES: Mapping[str, PaperSize] = {paper.name: paper for paper in (F4, A4)}

LETTER_TEMPLATE = "dokumen/letter_base.html"


class LocalOnlyURLFetcher(URLFetcher):
    """Fetches ``data:`` URLs, and ``file:`` URLs under the given folders; refuses everything else."""

    def __init__(self, *, allowed_roots: Iterable[Path] = ()) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, timeout=5)
        self.allowed_roots = tuple(Path(root).resolve() for root in allowed_roots)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.allowed_roots):
                logger.warning("PDF rendering refused a file outside the allowed folders: %s", path)
                raise ValueError(f"file outside the allowed folders: {path}")
        return super().fetch(url, headers)


def render_pdf(html: str, *, base_url: str | None = None, allowed_roots: Iterable[Path] = ()) -> bytes:
    """The PDF of ``html``; its ``@page`` rules decide the paper size.

    ``base_url`` resolves relative URLs. Files may be embedded only from under ``allowed_roots``
    (pass the narrowest folder, e.g. the village's media folder, never the project root).
    """
    fetcher = LocalOnlyURLFetcher(allowed_roots=allowed_roots)
    pdf = HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
    assert pdf is not None  # write_pdf() returns the bytes when it is given no target
    return pdf


def render_letter(
    context: Mapping[str, Any],
    *,
    template_name: str = LETTER_TEMPLATE,
    paper: PaperSize = F4,
    base_url: str | None = None,
    allowed_roots: Iterable[Path] = (),
) -> bytes:
    """Renders a letter template (``dokumen/letter_base.html`` or one extending it) to PDF.

    The template receives ``context`` plus ``paper``; see the template for the context it reads.
    """
    html = render_to_string(template_name, {**context, "paper": paper})
    return render_pdf(html, base_url=base_url, allowed_roots=allowed_roots)
