"""The demo village's complaint register: every channel, identity choice and status, with photos,
supporters and the reporters' answers, so that the board, its figures, the staff queue and the
complaint book have something true-looking to show. Written through the services only; names,
numbers and places are invented."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from modules.accounts.models import User
from modules.demo.dates import working_days_ago as working_days_ago_at
from modules.pengaduan import selectors as pengaduan_selectors
from modules.pengaduan import services as pengaduan
from tenants.models import Village


@dataclass(frozen=True)
class DemoComplaint:
    category: str  # the start of a default category's name
    title: str
    description: str
    identity: str
    working_days_ago: int
    steps: tuple[tuple[str, str], ...] = ()  # (status, response)
    channel: str = "daring"
    reporter: str = ""
    phone: str = ""
    location: str = ""
    point: tuple[str, str] | None = None
    photo: str = ""  # "jalan", "sampah" or "" (no photo)
    supporters: int = 0
    answer: tuple[str, int, str] | None = None  # (fixed answer, rating, note)
    forward: tuple[str, str] | None = None  # (body, contact)
    is_public: bool = True


DEMO_COMPLAINTS = (
    DemoComplaint(
        category="Infrastruktur",
        title="Jalan berlubang di depan meunasah Dusun Mesjid",
        description=(
            "Ada lubang selebar kira-kira satu meter di jalan depan meunasah. Saat hujan tergenang dan "
            "tidak terlihat; minggu lalu seorang anak jatuh dari sepeda."
        ),
        identity="named",
        reporter="Cut Mutia",
        phone="081260001111",
        location="Jalan depan Meunasah Dusun Mesjid",
        point=("5.552310", "95.318920"),
        photo="jalan",
        working_days_ago=40,
        supporters=3,
        steps=(
            ("diverifikasi", ""),
            (
                "ditindaklanjuti",
                "Kaur Pembangunan meninjau lokasi; penimbunan dijadwalkan dengan gotong royong.",
            ),
            ("selesai", "Lubang sudah ditimbun dan dipadatkan pada gotong royong hari Jumat."),
        ),
        answer=("ya", 4, "Terima kasih, jalannya sudah rata."),
    ),
    DemoComplaint(
        category="Kebersihan",
        title="Sampah menumpuk di tepi sungai Dusun Blang",
        description=(
            "Warga membuang sampah rumah tangga di tepi sungai dekat jembatan. Baunya sampai ke rumah "
            "warga dan saat hujan sampah hanyut ke hilir."
        ),
        identity="anonymous",
        location="Tepi sungai dekat jembatan Dusun Blang",
        point=("5.548870", "95.322140"),
        photo="sampah",
        working_days_ago=6,
        supporters=5,
        steps=(("diverifikasi", "Petugas sudah melihat lokasi; akan dibahas bersama kepala dusun."),),
    ),
    DemoComplaint(
        category="Kebersihan",
        title="Bau sampah dari sungai dekat jembatan",
        description="Tumpukan sampah di tepi sungai dekat jembatan Dusun Blang berbau busuk.",
        identity="anonymous",
        working_days_ago=4,
    ),
    DemoComplaint(
        category="Air bersih",
        title="Lampu jalan mati di simpang Dusun Blang",
        description=(
            "Tiga lampu jalan di simpang Dusun Blang mati sejak dua minggu; simpang itu gelap dan rawan."
        ),
        identity="confidential",
        reporter="Zainal Abidin",
        phone="085277002222",
        location="Simpang Dusun Blang",
        working_days_ago=12,
        steps=(
            ("diverifikasi", ""),
            ("ditindaklanjuti", "Sudah dilaporkan ke PLN ULP; menunggu jadwal perbaikan."),
        ),
    ),
    DemoComplaint(
        category="Pelayanan administrasi",
        title="Surat keterangan domisili lama selesai",
        description="Saya mengajukan surat keterangan domisili, tetapi harus datang tiga kali ke kantor.",
        identity="named",
        reporter="Rahmat Hidayat",
        phone="081370003333",
        working_days_ago=15,
        steps=(
            ("diverifikasi", ""),
            ("ditindaklanjuti", "Operator layanan diminta memproses permohonan hari itu juga."),
            ("selesai", "Surat sudah selesai dan dapat diunduh dari tautan permohonan."),
        ),
        answer=("belum", 2, "Surat sudah ada, tetapi nama ayah saya salah tulis."),
    ),
    DemoComplaint(
        category="Bantuan sosial",
        title="Penerima bantuan tidak tepat sasaran",
        description=(
            "Ada keluarga mampu yang menerima bantuan, sementara tetangga saya yang janda tidak menerima."
        ),
        identity="confidential",
        reporter="Nurhayati",
        phone="082160004444",
        working_days_ago=1,
        is_public=False,
    ),
    DemoComplaint(
        category="Infrastruktur",
        title="Saluran irigasi sawah jebol",
        description=(
            "Tanggul saluran irigasi primer jebol sepanjang lima meter; sawah di hilir tidak kebagian air."
        ),
        identity="named",
        reporter="Teuku Ibrahim",
        phone="081280005555",
        location="Saluran primer, blok sawah Lam Ujong",
        working_days_ago=20,
        steps=(("diverifikasi", ""),),
        forward=(
            "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Aceh Besar",
            "Bidang Sumber Daya Air, (0651) 92001",
        ),
    ),
    DemoComplaint(
        category="Keamanan",
        title="Anjing liar berkeliaran dekat sekolah",
        description="Beberapa anjing liar sering mengejar anak-anak yang pulang sekolah di jalan dusun.",
        identity="named",
        reporter="Fatimah",
        channel="telepon",
        working_days_ago=25,
        steps=(
            ("diverifikasi", ""),
            ("ditindaklanjuti", "Linmas gampong berkoordinasi dengan puskeswan."),
            ("selesai", "Puskeswan sudah menangani; linmas berjaga saat jam pulang sekolah selama sepekan."),
        ),
        answer=("tidak_tahu", 3, ""),
    ),
    DemoComplaint(
        category="Perilaku aparatur",
        title="Kantor gampong tutup pada jam layanan",
        description="Hari Selasa pukul 10.00 kantor gampong tutup; tidak ada pengumuman.",
        identity="anonymous",
        channel="kotak_saran",
        working_days_ago=30,
        steps=(
            (
                "ditolak",
                "Pada hari itu seluruh aparatur mengikuti musyawarah kecamatan; pengumuman sudah dipasang di "
                "papan kantor. Ke depan pengumuman juga dimuat di portal.",
            ),
        ),
    ),
)


def _drawn_photo(kind: str) -> SimpleUploadedFile:
    """A photo as a phone would send it, drawn here (no file is shipped)."""
    image = Image.new("RGB", (1200, 900), (186, 214, 235))
    draw = ImageDraw.Draw(image)
    if kind == "jalan":
        draw.rectangle((0, 450, 1200, 900), fill=(110, 105, 100))  # asphalt
        draw.ellipse((420, 600, 820, 760), fill=(70, 60, 50))  # the hole
        draw.rectangle((80, 250, 380, 450), fill=(230, 225, 210))  # meunasah wall
        draw.polygon([(60, 260), (230, 150), (400, 260)], fill=(40, 90, 60))
    else:
        draw.rectangle((0, 600, 1200, 900), fill=(70, 120, 150))  # river
        draw.rectangle((0, 450, 1200, 600), fill=(120, 150, 80))  # bank
        for x, colour in (
            (200, (200, 60, 60)),
            (420, (240, 240, 240)),
            (640, (60, 60, 200)),
            (860, (230, 200, 40)),
        ):
            draw.ellipse((x, 470, x + 220, 620), fill=colour)  # bags of rubbish
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("IMG_2041.jpg", buffer.getvalue(), content_type="image/jpeg")


def _moment(working_days_ago: int, *, district_id: int) -> datetime.datetime:
    return working_days_ago_at(working_days_ago, at=datetime.time(9, 30), district_id=district_id)


def load_complaints(*, village: Village, officer: User) -> list[str]:
    """Fills the register of `village` (the caller is in its schema) unless it has complaints.
    Returns the tracking codes made."""
    if pengaduan_selectors.staff_register().exists():
        return []
    categories = list(pengaduan_selectors.categories())
    made: dict[str, object] = {}
    codes = []
    for index, spec in enumerate(DEMO_COMPLAINTS):
        category = next(c for c in categories if c.name.startswith(spec.category))
        complaint = pengaduan.complaint_submit(
            village=village,
            data=pengaduan.NewComplaint(
                category_id=category.pk,
                title=spec.title,
                description=spec.description,
                identity=spec.identity,
                location=spec.location,
                latitude=spec.point[0] if spec.point else "",
                longitude=spec.point[1] if spec.point else "",
                reporter_name=spec.reporter,
                reporter_phone=spec.phone,
                is_public=spec.is_public,
                channel=spec.channel,
            ),
            photos=[pengaduan.NewPhoto(upload=_drawn_photo(spec.photo), is_public=True)]
            if spec.photo
            else [],
            actor=officer if spec.channel != "daring" else None,
            idempotency_key="",
            submitted_at=_moment(spec.working_days_ago, district_id=village.district_id),
        )
        made[spec.title] = complaint
        codes.append(complaint.tracking_code)
        for supporter in range(spec.supporters):
            pengaduan.complaint_support(
                complaint=complaint, supporter_key=f"demo-{index}-{supporter}", actor=None
            )
        # Each step one working day after the one before it, the last one no later than today.
        step_days = iter(range(spec.working_days_ago - 1, -1, -1))
        for status, response in spec.steps:
            complaint = pengaduan.complaint_transition(
                complaint=complaint,
                to_status=status,
                actor=officer,
                response=response,
                internal_note="",
                at=_moment(next(step_days), district_id=village.district_id),
            )
        if spec.forward:
            complaint = pengaduan.complaint_forward(
                complaint=complaint,
                actor=officer,
                body=spec.forward[0],
                contact=spec.forward[1],
                response=(
                    "Perbaikan saluran irigasi primer menjadi kewenangan kabupaten; "
                    "laporan sudah kami teruskan."
                ),
                internal_note="Surat pengantar dikirim lewat kecamatan.",
                at=_moment(next(step_days), district_id=village.district_id),
            )
        if spec.answer:
            answer, rating, note = spec.answer
            complaint = pengaduan.complaint_feedback(
                complaint=complaint,
                secret=complaint.secret,
                answer=answer,
                rating=rating,
                note=note,
                actor=None,
                at=_moment(next(step_days), district_id=village.district_id),
            )
    original = made[DEMO_COMPLAINTS[1].title]
    duplicate = made[DEMO_COMPLAINTS[2].title]
    pengaduan.complaint_mark_duplicate(
        complaint=duplicate,  # type: ignore[arg-type]
        original_code=original.tracking_code,  # type: ignore[attr-defined]
        actor=officer,
        response="",
        internal_note="Lokasi sama: tepi sungai dekat jembatan.",
    )
    return codes
