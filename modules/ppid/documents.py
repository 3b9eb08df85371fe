"""The PPID's documents in the regulation's layouts (PerKI 1/2018): the decision letter on a request
("Keputusan PPID tentang Permohonan Informasi"), the Daftar Informasi Publik as PDF and XLSX, the
request register and the objection register as CSV, XLSX and PDF, and the annual report as PDF.
Official documents are Indonesian whatever the page's language. The registers mask the requester's
address and contact (modules.privasi.masking) and never read the NIK. Callers are in the village's
schema."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from modules.dokumen.pdf import A4, PaperSize, render_pdf
from modules.dokumen.tables import table_csv, table_xlsx
from modules.portal.selectors import letterhead
from modules.privasi.masking import mask_address, mask_email, mask_phone
from tenants.models import Village

from . import selectors
from .models import Decision, InformationItem, InformationRequest, Objection


def _signature(village: Village, *, name: str, date: Any) -> dict[str, Any]:
    noun = village.district.village_noun.capitalize()
    return {
        "place": village.name,
        "date": date,
        "position": f"PPID {noun} {village.name}",
        "name": name,
    }


def decision_letter_pdf(request: InformationRequest, village: Village) -> bytes:
    """The written answer to a request: its number, the requester, the information asked for, the
    decision and what follows from it, and the right to object to the PPID's superior."""
    decided_on = timezone.localdate(request.decided_at) if request.decided_at else timezone.localdate()
    with translation.override("id"):
        context = {
            "letterhead": letterhead(village),
            "letter": {
                "title": "Keputusan PPID tentang Permohonan Informasi",
                "number": request.letter_number,
            },
            "signature": _signature(village, name=request.decided_by, date=decided_on),
            "paper": A4,
            "request": request,
            "granted": request.decision in (Decision.GRANTED, Decision.PARTIAL),
            "village_name": letterhead(village)["village"],
        }
        html = render_to_string("ppid/documents/decision_letter.html", context)
    return render_pdf(html)


# --- Shared ------------------------------------------------------------------------------------------------

A4_LANDSCAPE = PaperSize("A4", 297, 210)
REGISTERS = ("permohonan", "keberatan")


def _display(value: Any) -> str:
    """A cell as the PDF and the staff page print it."""
    if value is None or value == "":
        return "-"
    if isinstance(value, datetime.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "-"
    return "Ya" if value else "Tidak"


@dataclass(frozen=True)
class Table:
    """A register or list as its files hold it: the header and rows of plain cells (str, int, date)."""

    title: str
    header: list[str]
    rows: list[list[Any]]
    widths: tuple[int, ...] = ()

    @property
    def column_shares(self) -> list[float]:
        """Each column's share of a printed page's width, in percent (from `widths`)."""
        total = sum(self.widths)
        return [round(100 * width / total, 2) for width in self.widths] if total else []

    @property
    def display_rows(self) -> list[list[str]]:
        return [[_display(value) for value in row] for row in self.rows]

    def csv(self) -> bytes:
        return table_csv(self.header, self.rows)

    def xlsx(self, *, sheet_title: str = "") -> bytes:
        return table_xlsx(self.title, self.header, self.rows, widths=self.widths, sheet_title=sheet_title)


def _ppid_context(village: Village, *, title: str, signer: str, paper: PaperSize) -> dict[str, Any]:
    return {
        "letterhead": letterhead(village),
        "letter": {"title": title, "number": ""},
        "signature": _signature(village, name=signer, date=timezone.localdate()),
        "paper": paper,
        "village_name": letterhead(village)["village"],
    }


# --- The DIP -----------------------------------------------------------------------------------------------

DIP_COLUMNS = [
    "No",
    "Ringkasan isi informasi",
    "Pejabat/unit/satuan kerja yang menguasai informasi",
    "Penanggung jawab pembuatan atau penerbitan informasi",
    "Waktu dan tempat pembuatan informasi",
    "Bentuk informasi yang tersedia",
    "Jangka waktu penyimpanan atau retensi arsip",
]
DIP_WIDTHS = (5, 60, 28, 28, 28, 20, 20)


@dataclass(frozen=True)
class DipGroup:
    category: str
    label: str
    rows: list[list[str]]


def _summary_cell(item: InformationItem) -> str:
    text = f"{item.title}: {' '.join(item.summary.split())}"
    if item.is_exempt:
        text += f" (dikecualikan: {item.get_exemption_ground_display()})"
    elif item.link:
        # Where a reader of the printed list finds it (the action plan's page, a published file).
        text += f" Tautan: {item.link}"
    return text


def _dip_row(number: int, item: InformationItem) -> list[str]:
    return [
        str(number),
        _summary_cell(item),
        item.holder,
        item.publisher,
        f"{item.made_when}, {item.made_where}",
        "Tidak tersedia (dikecualikan)" if item.is_exempt else str(item.get_form_display()),
        item.retention,
    ]


def dip_groups() -> list[DipGroup]:
    """The published DIP by category, in the regulation's order, each numbered from 1."""
    with translation.override("id"):
        return [
            DipGroup(category=value, label=label, rows=[_dip_row(n, item) for n, item in enumerate(items, 1)])
            for value, label, items in selectors.items_by_category(selectors.published_items())
        ]


def dip_version(village: Village) -> str:
    """Changes whenever a published item, their number or the letterhead changes: the key of the
    cached files (one query over the DIP's columns, no layout)."""
    fields = (
        "pk",
        "category",
        "title",
        "summary",
        "holder",
        "publisher",
        "made_when",
        "made_where",
        "form",
        "retention",
        "link",
        "exemption_ground",
        "updated_on",
        "created_at",
    )
    digest = hashlib.sha256(repr(sorted(letterhead(village).items())).encode())
    for row in selectors.published_items().values_list(*fields):
        digest.update(repr(row).encode())
    return digest.hexdigest()[:32]


def dip_pdf(village: Village) -> bytes:
    """The DIP in PerKI 1/2018's table, A4 landscape under the letterhead; Indonesian always."""
    with translation.override("id"):
        context = _ppid_context(village, title="Daftar Informasi Publik", signer="", paper=A4_LANDSCAPE)
        context.update({"columns": DIP_COLUMNS, "groups": dip_groups(), "today": timezone.localdate()})
        html = render_to_string("ppid/documents/dip.html", context)
    return render_pdf(html)


def dip_xlsx(village: Village) -> bytes:
    rows: list[list[Any]] = []
    for group in dip_groups():
        rows.append(["", group.label.upper(), "", "", "", "", ""])
        rows.extend(group.rows)
    noun = village.district.village_noun.capitalize()
    return Table(
        title=f"Daftar Informasi Publik {noun} {village.name}",
        header=DIP_COLUMNS,
        rows=rows,
        widths=DIP_WIDTHS,
    ).xlsx(sheet_title="DIP")


# --- The registers -----------------------------------------------------------------------------------------

REQUEST_REGISTER_COLUMNS = [
    "No",
    "Tanggal",
    "Nomor registrasi",
    "Nama pemohon",
    "Alamat",
    "Nomor kontak",
    "Pekerjaan",
    "Rincian informasi yang dibutuhkan",
    "Tujuan penggunaan",
    "Cara permohonan",
    "Bentuk informasi",
    "Cara mendapatkan",
    "Keputusan",
    "Alasan penolakan",
    "Tanggal pemberitahuan tertulis",
    "Perpanjangan",
    "Biaya (Rp)",
    "Waktu penyelesaian (hari kerja)",
    "Tepat waktu",
]
REQUEST_REGISTER_WIDTHS = (3, 15, 24, 15, 14, 17, 12, 24, 18, 12, 12, 13, 14, 18, 15, 14, 8, 10, 8)
OBJECTION_REGISTER_COLUMNS = [
    "No",
    "Tanggal",
    "Nomor registrasi keberatan",
    "Nomor registrasi permohonan",
    "Nama pemohon",
    "Alasan keberatan",
    "Uraian keberatan",
    "Batas tanggapan",
    "Keputusan atasan PPID",
    "Tanggal tanggapan",
    "Nama dan jabatan atasan PPID",
    "Batas pengajuan ke Komisi Informasi",
]
OBJECTION_REGISTER_WIDTHS = (3, 15, 26, 24, 18, 30, 36, 15, 26, 15, 26, 15)
# The encrypted fields a register never reads: the NIK is in no register.
REGISTER_SKIPS = ("requester_nik",)


def _contact(request: InformationRequest) -> str:
    return " / ".join(
        masked
        for masked in (mask_phone(request.requester_phone), mask_email(request.requester_email))
        if masked
    )


def _extension(request: InformationRequest) -> str:
    if request.extended_at is None:
        return "Tidak"
    return f"Ya: {request.extension_reason}" if request.extension_reason else "Ya"


def _refusal_ground(request: InformationRequest) -> str:
    if request.decision in (Decision.REFUSED, Decision.PARTIAL) and request.exemption_ground:
        return str(request.get_exemption_ground_display())
    if request.decision == Decision.NOT_HELD and request.held_by:
        return f"Dikuasai oleh {request.held_by}"
    return ""


def request_register(year: int) -> Table:
    """PerKI 1/2018's Register Permohonan Informasi Publik for `year`: the address and contact
    masked, the NIK never read."""
    with translation.override("id"):
        requests = selectors.requests_of_year(year).defer(*REGISTER_SKIPS)
        rows = [
            [
                number,
                _local_date(request.submitted_at),
                request.registration_number,
                request.requester_name,
                mask_address(request.requester_address),
                _contact(request),
                request.requester_occupation,
                request.information,
                request.purpose,
                str(request.get_channel_display()),
                str(request.get_form_wanted_display()),
                str(request.get_delivery_display()),
                str(request.get_decision_display()) if request.decision else "Belum diputuskan",
                _refusal_ground(request),
                _local_date(request.decided_at),
                _extension(request),
                request.cost,
                request.answered_working_days,
                _yes_no(request.answered_on_time),
            ]
            for number, request in enumerate(requests, 1)
        ]
    return Table(
        title=f"Register Permohonan Informasi Publik Tahun {year}",
        header=REQUEST_REGISTER_COLUMNS,
        rows=rows,
        widths=REQUEST_REGISTER_WIDTHS,
    )


def objection_ground_label(objection: Objection) -> str:
    return f"Pasal 35 ayat (1) huruf {objection.ground[-1]}: {objection.get_ground_display()}"


def objection_register(year: int) -> Table:
    """PerKI 1/2018's Register Keberatan for `year` (no field of the requester but the name)."""
    with translation.override("id"):
        objections = selectors.objections_of_year(year).defer(
            *(f"request__{name}" for name in selectors.PERSONAL_FIELDS)
        )
        rows = [
            [
                number,
                _local_date(objection.filed_at),
                objection.registration_number,
                objection.request.registration_number,
                objection.request.requester_name,
                objection_ground_label(objection),
                objection.reason,
                objection.due_date,
                str(objection.get_outcome_display()) if objection.outcome else "Belum ditanggapi",
                _local_date(objection.answered_at),
                ", ".join(part for part in (objection.answered_by, objection.answered_by_position) if part),
                objection.commission_deadline,
            ]
            for number, objection in enumerate(objections, 1)
        ]
    return Table(
        title=f"Register Keberatan Informasi Publik Tahun {year}",
        header=OBJECTION_REGISTER_COLUMNS,
        rows=rows,
        widths=OBJECTION_REGISTER_WIDTHS,
    )


def register_table(register: str, year: int) -> Table:
    return request_register(year) if register == "permohonan" else objection_register(year)


def register_pdf(village: Village, table: Table, *, year: int, signer: str) -> bytes:
    """A register in A4 landscape under the letterhead, page numbers in the footer, signed by the PPID."""
    with translation.override("id"):
        context = _ppid_context(village, title=table.title, signer=signer, paper=A4_LANDSCAPE)
        context.update({"table": table, "year": year})
        html = render_to_string("ppid/documents/register.html", context)
    return render_pdf(html)


# --- The annual report -------------------------------------------------------------------------------------


def report_pdf(village: Village, figures: selectors.AnnualFigures, *, signer: str) -> bytes:
    """Laporan Layanan Informasi Publik for a year, from selectors.annual_report: A4 portrait."""
    noun = village.district.village_noun.capitalize()
    with translation.override("id"):
        title = f"Laporan Layanan Informasi Publik PPID {noun} {village.name} Tahun {figures.year}"
        context = _ppid_context(village, title=title, signer=signer, paper=A4)
        context.update({"figures": figures, "report_title": title, "noun": noun, "village": village})
        html = render_to_string("ppid/documents/annual_report.html", context)
    return render_pdf(html)
