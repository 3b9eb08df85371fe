"""The action plan's staff pages on a desktop, in Debian's Chromium against a real gunicorn: the
village admin signs in, opens the plans from the staff home's menu, writes a plan (a period that
ends before it starts is refused next to its field first), adds three programs (health, education,
administration) funded from APBDes, a company's CSR and an NGO's donation, with an indicator Balai
fills (letters on time) and typed ones, records two progress updates (one with a photo), and
publishes. Screenshots go to tests/e2e/artifacts/journey-rencana-admin-*.png."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from modules.rencana.models import Plan, PlanStatus, ProgressUpdate
from tests.browser.conftest import CHROMIUM, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by `make test`"),
]

TODAY = timezone.localdate()
START, END = datetime.date(TODAY.year, 1, 1), datetime.date(TODAY.year, 12, 31)
# Still ahead, so the programmes are on schedule (a milestone past its date shows as late).
MILESTONE_DUE = max(START, min(END, TODAY + datetime.timedelta(days=20)))
PROGRAMS = [
    {
        "area": "Pelayanan kesehatan",
        "title": "Posyandu buka sore",
        "responsible": "Kaur Kesejahteraan",
        "partner": ("Puskesmas Lambaro", "pemerintah", "Tenaga kesehatan dan obat"),
        "budget": [("apbdes", "45.000.000"), ("csr", "30.000.000")],
        "indicators": [("Balita ditimbang per bulan", "balita", "60", "120", "manual")],
    },
    {
        "area": "Pendidikan",
        "title": "Beasiswa anak yatim",
        "responsible": "Kaur Umum",
        "partner": ("Yayasan Peduli Aceh", "lsm", "Penyalur beasiswa"),
        "budget": [("apbdes", "25.000.000"), ("donasi_lsm", "40.000.000")],
        "indicators": [("Siswa penerima beasiswa", "siswa", "0", "40", "manual")],
    },
    {
        "area": "Administrasi publik",
        "title": "Surat selesai tepat waktu",
        "responsible": "Sekretaris gampong",
        "partner": ("PT Semen Lhoknga", "perusahaan", "Komputer dan printer loket"),
        "budget": [("apbdes", "15.000.000"), ("csr", "10.000.000")],
        "indicators": [("Surat selesai dalam waktu standar", "", "60", "90", "surat_tepat_waktu")],
    },
]


def _write_program(page, main, program, *, shot=""):
    main.get_by_role("link", name="Tambah program").click()
    expect(main.locator("h1")).to_have_text("Tambah program")
    main.locator("#id_area").select_option(label=program["area"])
    main.locator("#id_title").fill(program["title"])
    main.locator("#id_responsible").fill(program["responsible"])
    main.locator("#id_description").fill(f"Kegiatan {program['title'].lower()}.")
    main.locator("#id_starts_on").fill(f"{START:%Y-%m-%d}")
    main.locator("#id_ends_on").fill(f"{END:%Y-%m-%d}")
    name, kind, role = program["partner"]
    main.locator("#id_partners-0-name").fill(name)
    main.locator("#id_partners-0-kind").select_option(kind)
    main.locator("#id_partners-0-role").fill(role)
    for number, (source, amount) in enumerate(program["budget"]):
        main.locator(f"#id_budget-{number}-source").select_option(source)
        main.locator(f"#id_budget-{number}-amount").fill(amount)
    for number, (label, unit, baseline, target, measure) in enumerate(program["indicators"]):
        main.locator(f"#id_indicators-{number}-name").fill(label)
        main.locator(f"#id_indicators-{number}-unit").fill(unit)
        main.locator(f"#id_indicators-{number}-baseline").fill(baseline)
        main.locator(f"#id_indicators-{number}-target").fill(target)
        main.locator(f"#id_indicators-{number}-measure").select_option(measure)
    main.locator("#id_milestones-0-title").fill("Persiapan dan pengadaan")
    main.locator("#id_milestones-0-due_on").fill(f"{MILESTONE_DUE:%Y-%m-%d}")
    if shot:
        # The same source twice first: refused, the message next to the second row's source.
        first_source = program["budget"][0][0]
        second_source = program["budget"][1][0]
        main.locator("#id_budget-1-source").select_option(first_source)
        main.get_by_role("button", name="Simpan program").click()
        expect(main.locator("#id_budget-1-source_error")).to_have_text("Setiap sumber dana cukup satu baris.")
        expect(main.locator("#error-summary")).to_contain_text("Sumber dana 2")
        screenshot(page, shot)
        main.locator("#id_budget-1-source").select_option(second_source)
    main.get_by_role("button", name="Simpan program").click()
    expect(page.locator("ul.messages")).to_contain_text(f"Program {program['title']} tersimpan.")
    expect(main.locator("h1")).to_have_text(program["title"])


def test_the_admin_writes_a_plan_with_three_programs_records_progress_and_publishes(
    server, committed, staff_page, phone_photo
):
    page = staff_page("village_admin")
    main = page.locator("main")

    main.locator("ul.menu").get_by_role("link", name="Rencana aksi pelayanan").click()
    expect(main.locator("h1")).to_have_text("Rencana aksi pelayanan")
    main.get_by_role("link", name="Tulis rencana aksi baru").click()

    # A period that ends before it starts: refused, the message next to the end date.
    main.get_by_label("Judul rencana aksi").fill(f"Rencana Aksi Pelayanan Terpadu {TODAY.year}")
    main.get_by_label("Periode mulai").fill(f"{START:%Y-%m-%d}")
    main.get_by_label("Periode selesai").fill(f"{START - datetime.timedelta(days=1):%Y-%m-%d}")
    main.get_by_label("Latar belakang").fill("Warga menunggu surat terlalu lama; posyandu hanya buka pagi.")
    main.get_by_label("Tujuan").fill("Pelayanan dasar yang cepat, terjangkau dan terukur.")
    main.get_by_label("Sasaran").fill("Surat selesai tepat waktu\nPosyandu buka sore\nBeasiswa tersalurkan")
    main.get_by_role("button", name="Simpan rencana").click()
    expect(main.locator("#id_period_end_error")).to_have_text(
        "Periode selesai tidak boleh sebelum periode mulai."
    )
    expect(main.locator("#error-summary")).to_be_visible()
    screenshot(page, "journey-rencana-admin-01-wrong-period")
    main.get_by_label("Periode selesai").fill(f"{END:%Y-%m-%d}")
    main.get_by_role("button", name="Simpan rencana").click()
    expect(page.locator("ul.messages")).to_contain_text("tersimpan")
    plan_url = page.url

    for number, program in enumerate(PROGRAMS):
        page.goto(plan_url)
        _write_program(
            page, main, program, shot="journey-rencana-admin-02-program-form" if number == 2 else ""
        )
    page.goto(plan_url)
    expect(main.locator("tr[data-program]")).to_have_count(3)
    expect(main.locator("[data-budget-total]")).to_have_text("Rp165.000.000")
    screenshot(page, "journey-rencana-admin-03-plan-draft")

    # Progress of the health programme, with a photo; then of the administration programme, whose
    # indicator Balai fills (no typed value).
    main.get_by_role("link", name="Posyandu buka sore").click()
    main.get_by_role("link", name="Catat kemajuan").click()
    main.get_by_label("Yang sudah dikerjakan").fill(
        "Posyandu buka Kamis sore sejak bulan ini; timbangan baru."
    )
    main.get_by_label("Kendala").fill("Kader baru dua orang.")
    main.get_by_label("Balita ditimbang per bulan (balita)").fill("84")
    main.get_by_label("Belanja dari APBDes sejak laporan sebelumnya (Rp)").fill("12.500.000")
    main.get_by_label("Belanja dari CSR perusahaan sejak laporan sebelumnya (Rp)").fill("5.000.000")
    main.get_by_label("Foto atau dokumen 1", exact=True).set_input_files(
        str(phone_photo("posyandu.jpg", exif=True))
    )
    main.get_by_label("Keterangan foto atau dokumen 1").fill("Penimbangan balita sore hari")
    screenshot(page, "journey-rencana-admin-04-progress-form")
    main.get_by_role("button", name="Simpan laporan kemajuan").click()
    expect(page.locator("ul.messages")).to_contain_text("Kemajuan program Posyandu buka sore dicatat.")
    expect(main.locator("article.rencana-update")).to_have_count(1)
    expect(main.get_by_role("link", name="Penimbangan balita sore hari")).to_be_visible()
    screenshot(page, "journey-rencana-admin-05-program")

    page.goto(plan_url)
    main.get_by_role("link", name="Surat selesai tepat waktu").click()
    main.get_by_role("link", name="Catat kemajuan").click()
    expect(main.locator("[data-measured]")).to_contain_text("Diisi Balai")
    main.get_by_label("Status program").select_option("berjalan")
    main.get_by_label("Yang sudah dikerjakan").fill("Loket dengan nomor antrean dan printer baru.")
    main.get_by_label("Belanja dari CSR perusahaan sejak laporan sebelumnya (Rp)").fill("10.000.000")
    main.get_by_role("button", name="Simpan laporan kemajuan").click()
    expect(page.locator("ul.messages")).to_contain_text("dicatat")

    # Publish: the plan is on the portal (its link shows) and the report shows what was spent.
    page.goto(plan_url)
    main.get_by_role("button", name="Terbitkan rencana aksi").click()
    expect(page.locator("ul.messages")).to_contain_text("Rencana aksi diterbitkan")
    expect(main.get_by_role("link", name="Halaman warga")).to_be_visible()
    expect(main.get_by_role("button", name="Kembalikan ke draf")).to_be_visible()
    screenshot(page, "journey-rencana-admin-06-published")
    main.get_by_role("link", name="Laporan kemajuan").click()
    expect(main.locator('[data-figure="spent"]')).to_contain_text("Rp27.500.000")
    expect(main.locator("a", has_text="Unduh laporan kemajuan (PDF)")).to_have_attribute(
        "href",
        f"{plan_url}laporan-kemajuan.pdf?dari={START:%Y-%m-%d}&sampai={min(TODAY, END):%Y-%m-%d}".replace(
            server, ""
        ),
    )
    screenshot(page, "journey-rencana-admin-07-report")

    plan = committed(lambda: Plan.objects.get())
    assert plan.status == PlanStatus.PUBLISHED
    assert committed(lambda: plan.programs.count()) == 3
    assert committed(lambda: ProgressUpdate.objects.filter(program__plan=plan).count()) == 2
    assert committed(
        lambda: sorted({line.source for program in plan.programs.all() for line in program.budget.all()})
    ) == ["apbdes", "csr", "donasi_lsm"]
