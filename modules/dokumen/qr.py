"""QR codes for letters: a verification link printed next to the signature."""

from __future__ import annotations

import io

import segno

# Level M survives a creased or slightly stained print; segno raises it further when the version
# (the size) allows that for free.
ERROR_CORRECTION = "m"


def qr_svg(url: str, *, border: int = 2) -> str:
    """An ``<svg>`` element (no XML declaration) to place inline in HTML.

    It has a ``viewBox`` but no width or height: size it with CSS (``svg.qr { width: 25mm }``).
    ``border`` is the quiet zone in modules; readers want at least 2 on paper.
    """
    buffer = io.BytesIO()
    _make(url).save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=border, svgclass="qr"
    )
    return buffer.getvalue().decode("utf-8")


def _make(url: str) -> segno.QRCode:
    if not url:
        raise ValueError("a QR code needs a non-empty URL")
    return segno.make(url, error=ERROR_CORRECTION, micro=False)
