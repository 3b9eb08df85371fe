import re

import pytest
import segno

from modules.dokumen.qr import qr_svg

URL = "https://gampong.example.id/verifikasi/7Q2KX9"  # any verification URL


def test_qr_svg_is_an_inline_svg_sized_by_css():
    svg = qr_svg(URL)
    modules = segno.make(URL, error="m", micro=False).symbol_size(scale=1, border=2)[0]

    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert f'viewBox="0 0 {modules} {modules}"' in svg
    assert 'class="qr"' in svg
    assert not re.search(r"\s(width|height)=", svg.split(">", 1)[0])
    assert "<?xml" not in svg
    assert URL not in svg


def test_an_empty_url_is_refused():
    with pytest.raises(ValueError, match="non-empty URL"):
        qr_svg("")
