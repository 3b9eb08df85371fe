"""The nine elements (unsur) of the SKM questionnaire of PermenPANRB 14/2017, each with its question
and the regulation's wording for the four points. Answers are stored under the element's key,
never its position: published implementations swap elements 8 and 9."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Element:
    key: str
    number: int  # U1–U9 as the regulation lists them
    name: Promise
    question: Promise
    points: tuple[Promise, Promise, Promise, Promise]  # the words for 1, 2, 3 and 4


ELEMENTS: tuple[Element, ...] = (
    Element(
        "persyaratan",
        1,
        _("Persyaratan"),
        _("Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element(
        "prosedur",
        2,
        _("Sistem, mekanisme dan prosedur"),
        _("Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    Element(
        "waktu",
        3,
        _("Waktu penyelesaian"),
        _("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    Element(
        "biaya",
        4,
        _("Biaya/tarif"),
        _("Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    Element(
        "produk",
        5,
        _("Produk spesifikasi jenis pelayanan"),
        _(
            "Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum dalam "
            "standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element(
        "kompetensi",
        6,
        _("Kompetensi pelaksana"),
        _("Bagaimana pendapat Anda tentang kompetensi atau kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    Element(
        "perilaku",
        7,
        _("Perilaku pelaksana"),
        _(
            "Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan dan "
            "keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    Element(
        "pengaduan",
        8,
        _("Penanganan pengaduan, saran dan masukan"),
        _("Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    Element(
        "sarana",
        9,
        _("Sarana dan prasarana"),
        _("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
)
ELEMENT_KEYS = tuple(element.key for element in ELEMENTS)
BY_KEY = {element.key: element for element in ELEMENTS}
