import base64
import datetime
import http.server
import io
import threading
from decimal import Decimal

import pypdf
import pytest
import segno
from django.template import Context, Template
from django.template.loader import render_to_string

from modules.dokumen.pdf import A4, F4, PAPER_SIZES, LocalOnlyURLFetcher, render_letter, render_pdf

LETTER = {
    "letterhead": {
        "government": "Pemerintah Kabupaten Aceh Besar",
        "kecamatan": "Kecamatan Ingin Jaya",
        "village": "Gampong Lambaro",
        "address": "Jl. Banda Aceh–Medan Km 7,5, Lambaro, Kode Pos 23371",
        "contact": "lambaro.desa.id",
    },
    "letter": {
        "title": "Surat Keterangan Domisili",
        "number": "470/012/LBR/III/2026",
        "body": "Yang bertanda tangan di bawah ini menerangkan bahwa T**** M******* R**** "
        "benar berdomisili di Gampong Lambaro.",
    },
    "signature": {
        "place": "Lambaro",
        "date": datetime.date(2026, 3, 12),
        "on_behalf_of": "Keuchik Gampong Lambaro",
        "position": "Sekretaris Gampong",
        "name": "Teuku Muhammad Rizal",
    },
}


def page_size_in_points(pdf: bytes) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [
        (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) for page in reader.pages
    ]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_paper_sizes_in_points():
    assert (round(F4.width_pt, 2), round(F4.height_pt, 2)) == (609.45, 935.43)
    assert (round(A4.width_pt, 2), round(A4.height_pt, 2)) == (595.28, 841.89)
    assert F4.css_size == "215mm 330mm"
    assert PAPER_SIZES == {"F4": F4, "A4": A4}


def test_render_pdf_of_a_tiny_page_has_the_page_rule_size():
    html = f"<style>@page {{ size: {F4.css_size}; }}</style><p>Halo</p>"

    pdf = render_pdf(html)

    assert pdf.startswith(b"%PDF-")
    assert page_size_in_points(pdf) == [(609.45, 935.43)]
    assert "Halo" in text_of(pdf)


def test_a_letter_is_on_f4_paper_by_default():
    pdf = render_letter(LETTER)

    assert page_size_in_points(pdf) == [(609.45, 935.43)]


def test_a_letter_is_on_a4_paper_when_asked():
    pdf = render_letter(LETTER, paper=A4)

    assert page_size_in_points(pdf) == [(595.28, 841.89)]


def test_a_letter_has_letterhead_title_and_signature_on_behalf_of_the_head():
    text = text_of(render_letter(LETTER))

    lines = [line.strip() for line in text.splitlines()]
    assert lines[:5] == [
        "PEMERINTAH KABUPATEN ACEH BESAR",
        "KECAMATAN INGIN JAYA",
        "GAMPONG LAMBARO",
        "Jl. Banda Aceh–Medan Km 7,5, Lambaro, Kode Pos 23371",
        "lambaro.desa.id",
    ]
    assert "SURAT KETERANGAN DOMISILI" in lines
    assert "Nomor: 470/012/LBR/III/2026" in lines
    signature = lines[lines.index("Lambaro, 12 Maret 2026") :]
    assert signature == [
        "Lambaro, 12 Maret 2026",
        "a.n. Keuchik Gampong Lambaro",
        "Sekretaris Gampong,",
        "Teuku Muhammad Rizal",
    ]


def test_the_head_signing_in_person_has_no_a_n_line():
    letter = {
        **LETTER,
        "signature": {**LETTER["signature"], "on_behalf_of": "", "position": "Keuchik Lambaro"},
    }

    text = text_of(render_letter(letter))

    assert "a.n." not in text
    assert "Keuchik Lambaro," in text


def test_the_verification_qr_code_and_the_logo_are_drawn():
    png = io.BytesIO()
    segno.make("logo").save(png, kind="png", scale=2)  # any small PNG will do as a logo
    logo = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    letter = {
        **LETTER,
        "letterhead": {**LETTER["letterhead"], "logo_url": logo},
        "signature": {**LETTER["signature"], "verification_url": "https://lambaro.balai.test/v/7Q2KX9"},
    }

    html = render_to_string("dokumen/letter_base.html", {**letter, "paper": F4})
    pdf = render_letter(letter)

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'class="qr"' in html
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images) == 1  # the logo


def test_user_text_in_a_letter_is_escaped():
    letter = {
        **LETTER,
        "letter": {**LETTER["letter"], "body": '<img src="file:///etc/hostname"> <b>tebal</b>'},
    }

    html = render_to_string("dokumen/letter_base.html", {**letter, "paper": F4})

    assert "&lt;b&gt;tebal&lt;/b&gt;" in html
    assert "<b>tebal</b>" not in html


# --- nothing is fetched from the network or from outside the allowed folders -----------------------


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_GET(self):
        RecordingHandler.paths.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    RecordingHandler.paths = []
    server = http.server.HTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_rendering_fetches_nothing_over_http(http_server):
    html = (
        f'<link rel="stylesheet" href="{http_server}/style.css">'
        f'<img src="{http_server}/logo.png"><p style="background: url({http_server}/bg.png)">Halo</p>'
    )

    pdf = render_pdf(html, base_url=http_server + "/")

    assert RecordingHandler.paths == []
    assert "Halo" in text_of(pdf)


def test_the_fetcher_allows_data_and_files_under_allowed_roots_only(tmp_path):
    allowed = tmp_path / "media"
    allowed.mkdir()
    (allowed / "logo.txt").write_text("logo")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = LocalOnlyURLFetcher(allowed_roots=[allowed])

    assert fetcher.fetch((allowed / "logo.txt").as_uri()).read() == b"logo"
    assert fetcher.fetch("data:text/plain;base64,aGFsbw==").read() == b"halo"
    with pytest.raises(ValueError, match="outside the allowed folders"):
        fetcher.fetch((tmp_path / "secret.txt").as_uri())
    with pytest.raises(ValueError, match="outside the allowed folders"):
        fetcher.fetch((allowed / ".." / "secret.txt").as_uri())
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.com/logo.png")
    with pytest.raises(ValueError, match="outside the allowed folders"):
        LocalOnlyURLFetcher().fetch("file:///etc/hostname")


def test_a_file_attachment_outside_the_allowed_folders_is_not_embedded(tmp_path):
    (tmp_path / "secret.txt").write_text("rahasia")
    html = f'<link rel="attachment" href="{(tmp_path / "secret.txt").as_uri()}"><p>Halo</p>'

    pdf = render_pdf(html)

    assert b"rahasia" not in pdf
    assert pypdf.PdfReader(io.BytesIO(pdf)).attachments == {}


# --- template filters ------------------------------------------------------------------------------


def test_terbilang_filters_in_templates():
    template = Template(
        "{% load dokumen %}{{ amount|terbilang }} / {{ amount|rupiah_terbilang|capfirst }} / "
        "{{ price|terbilang }}"
    )

    rendered = template.render(Context({"amount": 1_001_000, "price": Decimal("150000.00")}))

    assert rendered == "satu juta seribu / Satu juta seribu rupiah / seratus lima puluh ribu"


def test_terbilang_filter_refuses_a_fraction_instead_of_cutting_it_off():
    template = Template("{% load dokumen %}{{ amount|rupiah_terbilang }}")

    with pytest.raises(ValueError, match="whole number"):
        template.render(Context({"amount": Decimal("1500.50")}))
