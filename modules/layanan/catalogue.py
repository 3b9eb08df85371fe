"""The default catalogue a new village starts with: the common letters of a village office, each
with a standard (PermenPANRB 15/2014) that the village edits, disables or extends."""

from typing import Any


# Papers (photocopies, originals, the RT's letter) are brought to the office and checked there;
# what only a photo shows must come with an online request (models.Delivery).
def _paper(text: str, *, required: bool = True) -> dict[str, Any]:
    return {"text": text, "required": required, "delivery": "office"}


def _photo(text: str, *, required: bool = True) -> dict[str, Any]:
    return {"text": text, "required": required, "delivery": "upload"}


KTP = _paper("Fotokopi KTP-el pemohon")
KK = _paper("Fotokopi Kartu Keluarga")
RT = _paper("Surat pengantar RT/RW atau kepala dusun")

COMMON_LEGAL = (
    "UU 6/2014 tentang Desa; UU 25/2009 tentang Pelayanan Publik; "
    "Permendagri 108/2019 tentang Pelaksanaan Perpres 96/2018 tentang Persyaratan dan Tata Cara "
    "Pendaftaran Penduduk dan Pencatatan Sipil"
)


# What the identity table of each letter shows besides name, NIK and address (see
# models.IDENTITY_FIELDS): the full KTP identity for letters that certify a person, less for others.
FULL_IDENTITY = ["birth_place", "birth_date", "gender", "religion", "occupation", "marital_status"]
SHORT_IDENTITY = ["birth_place", "birth_date", "gender", "occupation"]

# The closing sentence of each kind of letter, when a service does not write its own.
CLOSINGS = {
    "keterangan": (
        "Demikian surat keterangan ini dibuat dengan sebenarnya untuk dapat dipergunakan "
        "sebagaimana mestinya."
    ),
    "pengantar": (
        "Demikian surat pengantar ini diberikan untuk dipergunakan sebagaimana mestinya. Kepada pihak "
        "yang berkepentingan dimohon memberikan bantuan seperlunya."
    ),
}


def _service(
    slug: str,
    name: str,
    code: str,
    body: str,
    requirements: list[dict[str, Any]],
    days: int = 1,
    extra_fields: list[dict[str, str]] | None = None,
    *,
    kind: str = "keterangan",
    identity: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": name,
        "letter_code": code,
        "letter_title": name.upper(),
        "letter_body": body,
        "letter_kind": kind,
        "standard": {
            "requirements": requirements,
            "time_limit_days": days,
            "cost_rupiah": 0,
            "product": name,
            "legal_basis": COMMON_LEGAL,
            "identity_fields": FULL_IDENTITY if identity is None else identity,
            "extra_fields": extra_fields or [],
        },
    }


# Each body follows the letter's opening ("Yang bertanda tangan di bawah ini ... menerangkan
# bahwa:") and its identity table, so it speaks of "orang tersebut di atas".
DEFAULT_SERVICES: list[dict[str, Any]] = [
    _service(
        "surat-keterangan-domisili",
        "Surat Keterangan Domisili",
        "474.4",
        "Orang tersebut di atas benar berdomisili di {alamat}, {desa}, Kecamatan {kecamatan}. "
        "Surat keterangan ini diberikan untuk keperluan {keperluan}.",
        [KTP, KK, RT],
    ),
    _service(
        "surat-keterangan-tidak-mampu",
        "Surat Keterangan Tidak Mampu",
        "401",
        "Orang tersebut di atas adalah benar warga {desa} dan menurut pengetahuan kami tergolong "
        "keluarga tidak mampu. Surat keterangan ini diberikan untuk keperluan {keperluan}.",
        [
            KTP,
            KK,
            RT,
            _photo("Foto rumah tampak depan", required=False),
            _paper("Kartu bantuan sosial (PKH/KIS) bila ada", required=False),
        ],
    ),
    _service(
        "surat-pengantar-ktp",
        "Surat Pengantar KTP-el",
        "470",
        "Orang tersebut di atas adalah benar warga {desa} dan kami antar untuk mengurus KTP-el pada "
        "Dinas Kependudukan dan Pencatatan Sipil. Keperluan: {keperluan}.",
        [KK, RT, _paper("KTP-el lama bila rusak atau ada perubahan data", required=False)],
        kind="pengantar",
    ),
    _service(
        "surat-pengantar-kk",
        "Surat Pengantar Kartu Keluarga",
        "470",
        "Orang tersebut di atas adalah benar warga {desa} dan kami antar untuk mengurus Kartu "
        "Keluarga pada Dinas Kependudukan dan Pencatatan Sipil. Keperluan: {keperluan}.",
        [
            KTP,
            KK,
            _paper("Buku nikah/akta perkawinan atau akta cerai bila ada perubahan", required=False),
        ],
        kind="pengantar",
        identity=["birth_place", "birth_date", "gender", "marital_status"],
    ),
    _service(
        "surat-keterangan-usaha",
        "Surat Keterangan Usaha",
        "503",
        "Orang tersebut di atas benar mempunyai usaha {nama_usaha} di {desa}. Surat keterangan ini "
        "diberikan untuk keperluan {keperluan}.",
        [KTP, KK, RT, _photo("Foto tempat usaha")],
        days=2,
        extra_fields=[{"name": "nama_usaha", "label": "Nama dan jenis usaha"}],
        identity=SHORT_IDENTITY,
    ),
    _service(
        "surat-keterangan-kelahiran",
        "Surat Keterangan Kelahiran",
        "474.1",
        "Orang tersebut di atas adalah orang tua dari seorang anak bernama {nama_bayi} yang lahir pada "
        "{tanggal_lahir_bayi} di {desa}. Surat keterangan ini diberikan untuk keperluan {keperluan}.",
        [
            KTP,
            KK,
            _paper("Surat keterangan lahir dari bidan/rumah sakit"),
            _paper("Buku nikah orang tua"),
        ],
        extra_fields=[
            {"name": "nama_bayi", "label": "Nama bayi"},
            {"name": "tanggal_lahir_bayi", "label": "Tanggal lahir bayi"},
        ],
        identity=SHORT_IDENTITY,
    ),
    _service(
        "surat-keterangan-kematian",
        "Surat Keterangan Kematian",
        "474.3",
        "Orang tersebut di atas melaporkan bahwa {nama_almarhum}, warga {desa}, telah meninggal dunia "
        "pada {tanggal_meninggal}. Surat keterangan ini diberikan untuk keperluan {keperluan}.",
        [
            _paper("KTP-el dan KK almarhum/almarhumah"),
            _paper("KTP-el pelapor"),
            _paper("Surat keterangan kematian dari rumah sakit bila ada", required=False),
        ],
        extra_fields=[
            {"name": "nama_almarhum", "label": "Nama almarhum/almarhumah"},
            {"name": "tanggal_meninggal", "label": "Tanggal meninggal"},
        ],
        identity=["birth_place", "birth_date", "gender"],
    ),
    _service(
        "surat-keterangan-pindah",
        "Surat Keterangan Pindah",
        "474.5",
        "Orang tersebut di atas adalah benar warga {desa} yang akan pindah ke {alamat_tujuan}. "
        "Surat keterangan ini diberikan untuk keperluan {keperluan}.",
        [KTP, KK, RT],
        days=2,
        extra_fields=[{"name": "alamat_tujuan", "label": "Alamat tujuan pindah"}],
    ),
    _service(
        "surat-keterangan-belum-menikah",
        "Surat Keterangan Belum Menikah",
        "474.2",
        "Orang tersebut di atas sampai saat ini benar belum pernah menikah. Surat keterangan ini "
        "diberikan untuk keperluan {keperluan}.",
        [KTP, KK, RT],
    ),
    _service(
        "surat-keterangan-penghasilan",
        "Surat Keterangan Penghasilan",
        "400",
        "Orang tersebut di atas benar berpenghasilan rata-rata {penghasilan} per bulan. Surat "
        "keterangan ini diberikan untuk keperluan {keperluan}.",
        [KTP, KK, RT],
        extra_fields=[{"name": "penghasilan", "label": "Penghasilan rata-rata per bulan (Rp)"}],
        identity=SHORT_IDENTITY,
    ),
    _service(
        "surat-keterangan-kehilangan",
        "Surat Pengantar Kehilangan",
        "331",
        "Orang tersebut di atas telah kehilangan {barang_hilang} dan kami antar untuk melapor ke "
        "kepolisian. Keperluan: {keperluan}.",
        [KTP, RT],
        extra_fields=[{"name": "barang_hilang", "label": "Barang/dokumen yang hilang"}],
        kind="pengantar",
        identity=SHORT_IDENTITY,
    ),
]


def standard_defaults(*, village_noun: str, head_title: str) -> dict[str, Any]:
    """What every default standard says in the district's own words ("kantor gampong", "Keuchik"),
    and only what is true today: complaints go to the portal's complaint page (modules.pengaduan,
    /pengaduan/baru/), to the office, or to the officer in charge."""
    officer = f"Sekretaris {village_noun.title()}"
    return {
        "procedure": [
            f"Pemohon mengisi formulir daring atau datang ke kantor {village_noun} membawa persyaratan.",
            "Petugas memeriksa kelengkapan dan keabsahan persyaratan.",
            "Operator menyiapkan surat sesuai data pemohon.",
            f"{head_title} atau pejabat yang ditunjuk menandatangani surat.",
            f"Pemohon mengunduh surat atau mengambilnya di kantor {village_noun}.",
        ],
        "complaint_channel": (
            f"Sampaikan pengaduan lewat halaman Pengaduan di portal {village_noun} (boleh tanpa nama), "
            f"langsung di kantor {village_noun}, atau kepada {officer} sebagai penanggung jawab "
            "layanan, secara lisan atau tertulis."
        ),
        "officer_in_charge": officer,
    }


DEFAULT_PLEDGE = (
    "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang "
    "telah ditetapkan, memberikan pelayanan sesuai kewajiban dan akan melakukan perbaikan secara "
    "terus-menerus, serta bersedia menerima sanksi dan/atau memberikan kompensasi apabila pelayanan "
    "yang diberikan tidak sesuai standar."
)
