"""What a new village's PPID starts with: the periodic information PerKI 1/2018 requires of a
village, as a checklist; `{desa}` and `{kepala_desa}` become the district's words
(gampong, keuchik) when a village is seeded. `source` names information Balai already holds (the
portal's profile and officials, the service standards), which the checklist links instead of asking
for a file."""

from __future__ import annotations

from .models import ChecklistSource

# (key, title, guidance, source)
CHECKLIST: tuple[tuple[str, str, str, str], ...] = (
    (
        "profil",
        "Profil pemerintah {desa}",
        "Kedudukan, alamat lengkap, luas wilayah, jumlah penduduk, kontak kantor.",
        ChecklistSource.PROFILE,
    ),
    (
        "visi-misi",
        "Visi dan misi {desa}",
        "Visi dan misi {kepala_desa} sebagaimana dalam RPJMDes.",
        ChecklistSource.NONE,
    ),
    (
        "struktur",
        "Struktur organisasi dan profil perangkat {desa}",
        "Bagan struktur pemerintah {desa}, nama dan jabatan perangkat, BPD dan lembaga {desa}.",
        ChecklistSource.OFFICIALS,
    ),
    (
        "program-kegiatan",
        "Matriks program dan kegiatan yang sedang dijalankan",
        "Nama program dan kegiatan, penanggung jawab dan pelaksana beserta kontaknya, jadwal pelaksanaan, "
        "target dan capaian, sumber dan jumlah anggaran.",
        ChecklistSource.NONE,
    ),
    (
        "program-dari-atas",
        "Program dari pemerintah pusat, provinsi dan kabupaten beserta penerimanya",
        "Bantuan dan program yang diterima {desa} (misalnya BLT Dana Desa, PKH, bantuan pangan), jumlahnya, "
        "dan daftar penerima manfaat tanpa NIK.",
        ChecklistSource.NONE,
    ),
    (
        "apbdes",
        "APBDes tahun berjalan",
        "Peraturan {desa} tentang APBDes dan infografis ringkasnya.",
        ChecklistSource.NONE,
    ),
    (
        "realisasi-apbdes",
        "Laporan realisasi pelaksanaan APBDes",
        "Laporan realisasi semester pertama dan akhir tahun anggaran.",
        ChecklistSource.NONE,
    ),
    (
        "aset-desa",
        "Daftar aset dan inventaris {desa}",
        "Buku inventaris dan kekayaan milik {desa}.",
        ChecklistSource.NONE,
    ),
    (
        "peraturan-desa",
        "Peraturan, keputusan dan kebijakan {desa}",
        "Peraturan {desa}, peraturan {kepala_desa} dan keputusan {kepala_desa}, termasuk RPJMDes dan RKPDes.",
        ChecklistSource.NONE,
    ),
    (
        "pengadaan",
        "Pengumuman pengadaan barang dan jasa",
        "Rencana dan hasil pengadaan barang/jasa {desa}.",
        ChecklistSource.NONE,
    ),
    (
        "tata-cara-informasi",
        "Tata cara memperoleh informasi publik",
        "Hak pemohon, tata cara permohonan, keberatan dan sengketa informasi, serta biayanya.",
        ChecklistSource.REQUEST_PROCEDURE,
    ),
    (
        "tata-cara-pengaduan",
        "Tata cara pengaduan penyalahgunaan wewenang atau pelanggaran",
        "Saluran pengaduan, alurnya dan batas waktunya.",
        ChecklistSource.COMPLAINTS,
    ),
    (
        "standar-layanan",
        "Standar pelayanan {desa}",
        "Persyaratan, prosedur, waktu dan biaya setiap layanan administrasi.",
        ChecklistSource.SERVICE_STANDARDS,
    ),
    (
        "peringatan-dini",
        "Prosedur peringatan dini dan evakuasi keadaan darurat",
        "Jalur dan tempat evakuasi, tanda peringatan, kontak darurat.",
        ChecklistSource.NONE,
    ),
    (
        "laporan-ppid",
        "Laporan layanan informasi publik",
        "Laporan tahunan PPID: jumlah permohonan, waktu layanan, penolakan dan keberatan.",
        ChecklistSource.NONE,
    ),
)
