from modules.layanan import services

# Structurally valid NIKs (region 11.06.10, birth dates in the past, serial not 0000).
NIK_MAN = "1106101203850001"
NIK_WOMAN = "1106105507900002"  # day 15 + 40 for women


def new_request_data(**overrides: str) -> services.NewRequest:
    values = {
        "applicant_name": "Teuku Muhammad Rizal",
        "nik": NIK_MAN,
        "address": "Dusun Mesjid, RT 02/RW 01",
        "purpose": "Melamar pekerjaan",
        "phone": "081234567890",
    }
    values.update(overrides)
    return services.NewRequest(**values)


def page_size_mm(pdf: bytes) -> tuple[int, int]:
    """The first page's size in whole millimetres, read with pypdf."""
    import io

    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)
