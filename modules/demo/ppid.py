"""The demo village's PPID: a DIP with items in all four categories (files drawn here as PDFs), most
of the mandatory checklist covered and a few entries missing or out of date, a serta-merta
announcement in force and one withdrawn, and information requests in every state with an objection
answered and one waiting. Written through the services only; names and numbers are invented."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from modules.accounts.models import User
from modules.demo.dates import working_days_ago
from modules.dokumen.pdf import render_pdf
from modules.ppid import selectors as ppid_selectors
from modules.ppid import services as ppid
from tenants.models import Village


@dataclass(frozen=True)
class DemoItem:
    category: str
    title: str
    summary: str
    holder: str
    made_when: str
    checklist: str = ""  # the key of the mandatory entry it fulfils
    rows: tuple[tuple[str, str], ...] = ()  # what the drawn PDF lists; none: no file
    link: str = ""
    months_old: int = 1
    exemption: tuple[str, str] | None = None  # (ground, consequence test)


DEMO_ITEMS = (
    DemoItem(
        "berkala",
        "APBG Lambaro Tahun Anggaran 2026",
        "Qanun gampong tentang Anggaran Pendapatan dan Belanja Gampong 2026: pendapatan, belanja per "
        "bidang dan pembiayaan.",
        "Kaur Keuangan",
        "Januari 2026",
        checklist="apbdes",
        rows=(
            ("Pendapatan: Dana Desa", "Rp1.012.450.000"),
            ("Pendapatan: Alokasi Dana Gampong", "Rp412.300.000"),
            ("Belanja: Penyelenggaraan pemerintahan", "Rp398.000.000"),
            ("Belanja: Pembangunan", "Rp702.750.000"),
            ("Belanja: Pembinaan kemasyarakatan", "Rp96.000.000"),
            ("Belanja: Pemberdayaan masyarakat", "Rp142.000.000"),
            ("Belanja: Penanggulangan bencana dan mendesak", "Rp86.000.000"),
        ),
    ),
    DemoItem(
        "berkala",
        "Laporan realisasi APBG semester I 2026",
        "Realisasi pendapatan dan belanja Januari–Juni 2026 per bidang.",
        "Kaur Keuangan",
        "Juli 2026",
        checklist="realisasi-apbdes",
        rows=(("Pendapatan terealisasi", "Rp712.900.000"), ("Belanja terealisasi", "Rp655.210.000")),
        months_old=5,
    ),
    DemoItem(
        "berkala",
        "Penerima BLT Dana Desa 2026 (jumlah per dusun)",
        "Program dari pemerintah pusat: jumlah keluarga penerima per dusun, tanpa nama dan NIK.",
        "Kasi Kesejahteraan",
        "Maret 2026",
        checklist="program-dari-atas",
        rows=(("Dusun Mesjid", "14 KK"), ("Dusun Lampoh Keude", "11 KK"), ("Dusun Meunasah Baro", "9 KK")),
        months_old=9,  # out of date: more than six months
    ),
    DemoItem(
        "berkala",
        "Visi dan misi Keuchik Lambaro 2024–2030",
        "Visi, misi dan arah kebijakan dari RPJMG.",
        "Keuchik Lambaro",
        "Juni 2024",
        checklist="visi-misi",
        rows=(("Visi", "Lambaro yang bersih, melayani dan sejahtera"),),
        months_old=3,
    ),
    DemoItem(
        "berkala",
        "Qanun dan keputusan keuchik 2026",
        "Daftar qanun gampong dan keputusan keuchik yang berlaku tahun ini.",
        "Sekretaris Gampong",
        "Desember 2026",
        checklist="peraturan-desa",
        link="https://jdih.acehbesarkab.go.id/",
    ),
    DemoItem(
        "setiap_saat",
        "Daftar inventaris dan aset gampong",
        "Tanah, bangunan, kendaraan dan peralatan milik gampong beserta kondisinya.",
        "Kaur Umum dan Perencanaan",
        "November 2026",
        checklist="aset-desa",
        rows=(
            ("Tanah kantor keuchik", "1.200 m²"),
            ("Meunasah Dusun Mesjid", "baik"),
            ("Ambulans gampong", "baik"),
        ),
    ),
    DemoItem(
        "setiap_saat",
        "Notulen musyawarah gampong RKPG 2027",
        "Hasil musyawarah perencanaan pembangunan gampong untuk tahun 2027.",
        "Sekretaris Gampong",
        "Oktober 2026",
        rows=(
            ("Usulan prioritas 1", "Drainase Dusun Lampoh Keude"),
            ("Usulan prioritas 2", "Posyandu lansia"),
        ),
    ),
    DemoItem(
        "serta_merta",
        "Jalur dan tempat evakuasi banjir Krueng Aceh",
        "Peta jalur evakuasi, titik kumpul dan posko, untuk warga di bantaran sungai.",
        "Kasi Pemerintahan",
        "November 2026",
        checklist="peringatan-dini",
        rows=(("Titik kumpul 1", "Meunasah Dusun Mesjid"), ("Titik kumpul 2", "SD Negeri Lambaro")),
    ),
    DemoItem(
        "dikecualikan",
        "Data pribadi penerima bantuan sosial (NIK dan KK)",
        "Nama lengkap, NIK, nomor KK dan alamat penerima bantuan.",
        "Kasi Kesejahteraan",
        "2026",
        exemption=(
            "17h",
            "Membuka NIK dan KK penerima mengungkap rahasia pribadi dan membuka peluang penyalahgunaan "
            "data; jumlah penerima per dusun tetap diumumkan secara berkala.",
        ),
    ),
)

ANNOUNCEMENT = ppid.AnnouncementInput(
    title="Waspada banjir luapan Krueng Aceh",
    hazard="Hujan deras tiga hari; debit Krueng Aceh naik dan jalan Dusun Lampoh Keude mulai tergenang.",
    affected="Warga Dusun Lampoh Keude dan Dusun Mesjid yang tinggal di bantaran sungai.",
    evacuation="Ikuti jalan utama menuju Meunasah Dusun Mesjid atau SD Negeri Lambaro (titik kumpul).",
    avoidance=(
        "Matikan listrik rumah bila air masuk, jauhi arus sungai, simpan dokumen penting di tempat tinggi."
    ),
    help="Posko di kantor keuchik (buka 24 jam), telepon 0651-7551234, atau hubungi kepala dusun.",
    announcer="Keuchik Lambaro bersama BPBD Aceh Besar",
    channels="Portal gampong, pengeras suara meunasah, grup WhatsApp dusun",
    mitigation="Karung pasir dipasang di tanggul Dusun Lampoh Keude; perahu karet BPBD siaga di posko.",
)
PAST_ANNOUNCEMENT = ppid.AnnouncementInput(
    title="Angin kencang dan pohon tumbang di jalan Lambaro–Siron",
    hazard="Angin kencang menumbangkan dua pohon di jalan Lambaro–Siron; kabel listrik putus.",
    affected="Pengguna jalan Lambaro–Siron dan rumah di sepanjang jalan itu.",
    evacuation="Tidak perlu evakuasi; jalan ditutup sementara, lewat jalan Dusun Mesjid.",
    avoidance="Jangan mendekati kabel yang putus; laporkan kabel atau pohon rawan ke posko.",
    help="Posko kantor keuchik, telepon 0651-7551234; PLN 123.",
    announcer="Keuchik Lambaro",
    channels="Portal gampong dan pengeras suara meunasah",
    mitigation="Pohon dipotong bersama warga; PLN memperbaiki jaringan.",
)


@dataclass(frozen=True)
class DemoRequest:
    name: str
    address: str
    nik: str
    phone: str
    information: str
    purpose: str
    working_days_ago: int
    channel: str = "daring"
    decision: str = ""
    answer_after: int = 0  # working days after submission
    extend: tuple[int, str] | None = None
    objection: tuple[str, str, str] | None = None  # (ground, reason, superior's outcome or "")


DEMO_REQUESTS = (
    DemoRequest(
        "Rahmat Hidayat",
        "Dusun Mesjid, Lambaro",
        "1106101203850001",
        "081360011001",
        "Salinan APBG 2026 dan rincian kegiatan pengerasan jalan Dusun Mesjid.",
        "Memantau pembangunan jalan bersama pemuda dusun.",
        45,
        decision="diberikan",
        answer_after=4,
    ),
    DemoRequest(
        "Nurul Aini",
        "Dusun Lampoh Keude, Lambaro",
        "1106105507900002",
        "081360011002",
        "Daftar penerima BLT Dana Desa 2026 beserta NIK-nya.",
        "Memeriksa apakah tetangga saya yang layak sudah terdaftar.",
        38,
        decision="sebagian",
        answer_after=7,
        objection=("35a", "Saya hanya perlu tahu apakah nama tetangga saya ada, tanpa NIK.", "sebagian"),
    ),
    DemoRequest(
        "Teuku Fadli",
        "Dusun Meunasah Baro, Lambaro",
        "1106101503120007",
        "081360011003",
        "Laporan hasil pemeriksaan inspektorat atas keuangan gampong 2025.",
        "Bahan tulisan di media kampus.",
        30,
        decision="ditolak",
        answer_after=9,
        objection=("35a", "Laporan itu sudah selesai dan seharusnya terbuka.", ""),
    ),
    DemoRequest(
        "Cut Rina",
        "Dusun Mesjid, Lambaro",
        "1106104101950003",
        "081360011004",
        "Data curah hujan dan peta rawan banjir Kecamatan Ingin Jaya.",
        "Tugas akhir kuliah.",
        25,
        decision="tidak_dikuasai",
        answer_after=3,
    ),
    DemoRequest(
        "Muhammad Iqbal",
        "Dusun Lampoh Keude, Lambaro",
        "1106100808880004",
        "081360011005",
        "Surat perjanjian kerja sama pengelolaan pasar gampong dengan pihak ketiga.",
        "Usaha dagang di pasar gampong.",
        12,
        extend=(5, "Salinan perjanjian disimpan di kantor camat; sedang dimintakan."),
    ),
    DemoRequest(
        "Zainal Abidin",
        "Dusun Meunasah Baro, Lambaro",
        "1106101010700005",
        "081360011006",
        "Jadwal dan anggaran posyandu lansia tahun 2026.",
        "Mengajak orang tua ikut posyandu.",
        9,
        channel="lisan",
    ),
    DemoRequest(
        "Siti Hajar",
        "Dusun Mesjid, Lambaro",
        "1106104202920006",
        "081360011007",
        "Daftar pengadaan barang dan jasa gampong 2026.",
        "Ingin ikut menjadi penyedia.",
        13,
    ),
)


def _pdf(title: str, rows: tuple[tuple[str, str], ...], village: Village) -> SimpleUploadedFile:
    cells = "".join(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in rows)
    html = (
        "<html><head><style>@page{size:A4;margin:20mm}body{font-family:'Liberation Serif',serif}"
        "td{border:0.5pt solid #000;padding:2mm}table{border-collapse:collapse;width:100%}</style></head>"
        f"<body><h1>{escape(title)}</h1><p>Gampong {escape(village.name)}, Kecamatan "
        f"{escape(village.kecamatan)}</p><table>{cells}</table></body></html>"
    )
    return SimpleUploadedFile("dokumen.pdf", render_pdf(html), "application/pdf")


def load_ppid(*, village: Village, officer: User, superior: User) -> list[str]:
    """Fills the PPID of `village` (the caller is in its schema) unless it has DIP items. Returns the
    registration numbers of the requests made."""
    if ppid_selectors.staff_items().exists():
        return []
    entries = {line.entry.key: line.entry.pk for line in ppid_selectors.checklist_coverage().lines}
    today = timezone.localdate()
    for spec in DEMO_ITEMS:
        ppid.information_item_save(
            actor=officer,
            item=None,
            data=ppid.ItemInput(
                category=spec.category,
                title=spec.title,
                summary=spec.summary,
                holder=spec.holder,
                publisher=f"PPID Gampong {village.name}",
                made_when=spec.made_when,
                made_where=f"Kantor Keuchik {village.name}",
                form="keduanya",
                retention="5 tahun" if spec.category != "dikecualikan" else "10 tahun",
                link=spec.link,
                exemption_ground=spec.exemption[0] if spec.exemption else "",
                consequence_test=spec.exemption[1] if spec.exemption else "",
                checklist_entry_id=entries.get(spec.checklist),
                updated_on=today - datetime.timedelta(days=30 * spec.months_old),
            ),
            upload=_pdf(spec.title, spec.rows, village) if spec.rows else None,
        )
    district_id = village.district_id
    past = ppid.announcement_publish(
        actor=officer,
        data=PAST_ANNOUNCEMENT,
        notify_subscribers=False,
        at=working_days_ago(20, at=datetime.time(6, 40), district_id=district_id),
    )
    ppid.announcement_withdraw(actor=officer, announcement=past)
    ppid.announcement_publish(actor=officer, data=ANNOUNCEMENT, notify_subscribers=False)
    numbers = []
    for demo in DEMO_REQUESTS:
        submitted = working_days_ago(demo.working_days_ago, at=datetime.time(9, 10), district_id=district_id)
        request = ppid.information_request_submit(
            village=village,
            data=ppid.NewRequest(
                requester_name=demo.name,
                requester_address=demo.address,
                requester_nik=demo.nik,
                requester_phone=demo.phone,
                information=demo.information,
                purpose=demo.purpose,
                form_wanted="softcopy",
                delivery="ambil",
                channel=demo.channel,
            ),
            actor=officer if demo.channel != "daring" else None,
            submitted_at=submitted,
        )
        numbers.append(request.registration_number)
        if demo.extend:
            ppid.information_request_extend(
                actor=officer,
                request=request,
                days=demo.extend[0],
                reason=demo.extend[1],
                at=working_days_ago(
                    demo.working_days_ago - 8, at=datetime.time(10, 0), district_id=district_id
                ),
            )
        if not demo.decision:
            continue
        decided_at = working_days_ago(
            demo.working_days_ago - demo.answer_after, at=datetime.time(14, 0), district_id=district_id
        )
        ppid.information_request_decide(
            actor=officer, request=request, data=_decision(demo.decision), at=decided_at
        )
        ppid.decision_letter_render(request_id=request.pk)
        if demo.objection:
            ground, reason, outcome = demo.objection
            filed = working_days_ago(
                demo.working_days_ago - demo.answer_after - 3,
                at=datetime.time(11, 0),
                district_id=district_id,
            )
            objection = ppid.objection_file(
                request=request, ground=ground, reason=reason, actor=None, at=filed
            )
            if outcome:
                ppid.objection_answer(
                    actor=superior,
                    objection=objection,
                    outcome=outcome,
                    response=(
                        "Keberatan diterima sebagian: PPID memberitahukan kepada pemohon apakah nama "
                        "yang ditanyakan terdaftar, tanpa NIK dan KK."
                    ),
                    at=working_days_ago(
                        demo.working_days_ago - demo.answer_after - 10,
                        at=datetime.time(13, 0),
                        district_id=district_id,
                    ),
                )
    return numbers


def _decision(kind: str) -> ppid.DecisionInput:
    if kind == "diberikan":
        return ppid.DecisionInput(
            decision=kind,
            answer=(
                "Salinan APBG 2026 dan RAB pengerasan jalan dikirim dalam bentuk PDF; dapat juga diambil "
                "di kantor."
            ),
        )
    if kind == "sebagian":
        return ppid.DecisionInput(
            decision=kind,
            answer="Jumlah penerima per dusun diberikan; daftar nama beserta NIK tidak.",
            withheld="NIK dan nomor KK penerima.",
            exemption_ground="17h",
            consequence_test=(
                "Membuka NIK dan KK mengungkap rahasia pribadi penerima dan membuka peluang penipuan."
            ),
        )
    if kind == "ditolak":
        return ppid.DecisionInput(
            decision=kind,
            answer="Laporan hasil pemeriksaan masih ditindaklanjuti aparat penegak hukum.",
            exemption_ground="17a",
            consequence_test="Membuka laporan sebelum proses hukum selesai dapat menghambat penyidikan.",
        )
    return ppid.DecisionInput(
        decision=kind,
        answer="Data curah hujan dan peta rawan banjir tidak dikuasai gampong.",
        held_by="BPBD Kabupaten Aceh Besar dan BMKG Stasiun Meteorologi Sultan Iskandar Muda",
    )
