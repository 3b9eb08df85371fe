"""The action plan's staff pages: the admin writes a plan, a program with three funding sources and
two indicators (one Balai fills), records progress with a photo and a forum, and publishes, all by
posting the forms; wrong input comes back next to its field; the operator records progress but does
not edit programs; the council member reads. Who may open each route, and another village's host,
are covered by tests/platform/test_routes.py."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context
from PIL import Image

from modules.accounts.models import Role
from modules.rencana import selectors
from modules.rencana.models import (
    RUPIAH_MAX,
    Forum,
    Measure,
    NeedsFinding,
    Plan,
    PlanStatus,
    Program,
    ProgressUpdate,
)
from modules.survei.models import Poll
from tests.modules.rencana.plans import write_plan
from tests.modules.survei.test_polls import open_poll

TODAY = timezone.localdate()
YEAR_START, YEAR_END = datetime.date(TODAY.year, 1, 1), datetime.date(TODAY.year, 12, 31)
ROWS = ("partners", "budget", "indicators", "milestones")


def error_of(page: str, field: str) -> str | None:
    """The message forms/field.html shows next to the field `field` (its auto id without `id_`)."""
    found = re.search(rf'<p class="error" id="id_{re.escape(field)}_error">(.*?)</p>', page, re.DOTALL)
    return found.group(1).strip() if found else None


def plan_data(**overrides):
    return {
        "title": "Rencana Aksi Pelayanan Terpadu 2026",
        "period_start": YEAR_START.isoformat(),
        "period_end": YEAR_END.isoformat(),
        "background": "Warga menunggu surat terlalu lama.",
        "goals": "Pelayanan lebih cepat.",
        "targets": "Surat selesai tepat waktu\nPosyandu aktif",
        "needs_notes": "Dari jajak pendapat dan musyawarah dusun.",
        **overrides,
    }


def rows_data(name, rows, *, extra=2):
    """A formset's posted fields: its rows, then `extra` empty ones."""
    data = {f"{name}-TOTAL_FORMS": str(len(rows) + extra), f"{name}-INITIAL_FORMS": "0"}
    for number, row in enumerate(rows):
        data.update({f"{name}-{number}-{key}": value for key, value in row.items()})
    return data


def program_data(areas, *, budget=None, indicators=None, **overrides):
    budget = budget or [
        {"source": "apbdes", "amount": "45.000.000", "note": "Dana desa"},
        {"source": "csr", "amount": "30000000"},
        {"source": "donasi_lsm", "amount": "Rp12.500.000"},
    ]
    indicators = indicators or [
        {
            "name": "Kunjungan posyandu per bulan",
            "unit": "kunjungan",
            "baseline": "60",
            "target": "120",
            "direction": "naik",
            "measure": "manual",
        },
        {
            "name": "Surat selesai tepat waktu",
            "unit": "",
            "baseline": "62,5",
            "target": "90",
            "direction": "naik",
            "measure": "surat_tepat_waktu",
        },
    ]
    data = {
        "area": str(areas["Pelayanan kesehatan"]),
        "title": "Posyandu dan surat tepat waktu",
        "description": "Posyandu buka sore; loket surat dengan antrean.",
        "responsible": "Kaur Perencanaan",
        "starts_on": YEAR_START.isoformat(),
        "ends_on": YEAR_END.isoformat(),
        **rows_data(
            "partners", [{"name": "Puskesmas Lambaro", "kind": "pemerintah", "role": "Tenaga kesehatan"}]
        ),
        **rows_data("budget", budget),
        **rows_data("indicators", indicators),
        **rows_data(
            "milestones",
            [{"title": "Alat posyandu dibeli", "due_on": YEAR_START.replace(month=3).isoformat()}],
        ),
    }
    data.update(overrides)
    return data


def jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 80)).save(output, "JPEG")
    return output.getvalue()


@pytest.fixture
def areas(village_a):
    with tenant_context(village_a.tenant):
        return {area.name: area.pk for area in selectors.areas()}


@pytest.fixture
def draft(village_a, staff):
    with tenant_context(village_a.tenant):
        return write_plan(staff[Role.VILLAGE_ADMIN], publish=False)


def test_the_admin_writes_a_plan_a_program_progress_and_a_forum_and_publishes(village_a, client_as, areas):
    admin = client_as(Role.VILLAGE_ADMIN)

    listing = admin.get("/staf/rencana/")
    assert listing.status_code == 200 and "Tulis rencana aksi baru" in listing.content.decode()

    created = admin.post("/staf/rencana/baru/", plan_data())
    with tenant_context(village_a.tenant):
        plan = Plan.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/staf/rencana/{plan.pk}/"
    assert (plan.status, plan.period_end, plan.target_lines()) == (
        PlanStatus.DRAFT,
        YEAR_END,
        ["Surat selesai tepat waktu", "Posyandu aktif"],
    )

    saved = admin.post(f"/staf/rencana/{plan.pk}/program/baru/", program_data(areas))
    with tenant_context(village_a.tenant):
        program = Program.objects.get()
        budget = {line.source: line.amount for line in program.budget.all()}
        indicators = list(program.indicators.order_by("pk"))
    assert saved.status_code == 302 and saved["Location"] == f"/staf/rencana/program/{program.pk}/"
    assert budget == {"apbdes": 45_000_000, "csr": 30_000_000, "donasi_lsm": 12_500_000}
    assert [(i.measure, i.baseline, i.unit) for i in indicators] == [
        (Measure.MANUAL, Decimal(60), "kunjungan"),
        (Measure.LETTERS_ON_TIME, Decimal("62.5"), "%"),
    ]
    assert program.partners.count() == 1 and program.milestones.count() == 1

    # The edit keeps the indicators (their ids are posted back), so recorded values stay.
    edit = admin.get(f"/staf/rencana/program/{program.pk}/ubah/").content.decode()
    assert f'name="indicators-0-id" value="{indicators[0].pk}"' in edit
    assert 'name="budget-3-source"' in edit and 'name="budget-4-source"' in edit  # two empty rows

    form = admin.get(f"/staf/rencana/program/{program.pk}/kemajuan/").content.decode()
    assert f'name="value_{indicators[0].pk}"' in form and f'name="value_{indicators[1].pk}"' not in form
    assert 'name="spending_donasi_lsm"' in form and f'data-measured="{indicators[1].pk}"' in form
    with tenant_context(village_a.tenant):
        milestone = program.milestones.get()
    recorded = admin.post(
        f"/staf/rencana/program/{program.pk}/kemajuan/",
        {
            "reported_on": TODAY.isoformat(),
            "status": "berjalan",
            "done": "Alat posyandu diserahkan; loket antrean dibuka.",
            "obstacles": "Kader kurang.",
            f"value_{indicators[0].pk}": "85",
            "spending_apbdes": "10.000.000",
            "spending_csr": "2500000",
            "milestones_done": [str(milestone.pk)],
            "file_1": SimpleUploadedFile("foto-posyandu.jpg", jpeg(), content_type="image/jpeg"),
            "caption_1": "Penyerahan alat",
        },
    )
    assert recorded.status_code == 302 and recorded["Location"] == f"/staf/rencana/program/{program.pk}/"
    with tenant_context(village_a.tenant):
        update = ProgressUpdate.objects.get()
        assert {value.indicator_id: value.value for value in update.values.all()}[indicators[0].pk] == 85
        assert {spent.source: spent.amount for spent in update.spending.all()} == {
            "apbdes": 10_000_000,
            "csr": 2_500_000,
        }
        attachment = update.attachments.get()
        assert (attachment.caption, attachment.content_type) == ("Penyerahan alat", "image/jpeg")
        assert program.milestones.get().done_on == TODAY
    page = admin.get(f"/staf/rencana/program/{program.pk}/").content.decode()
    assert f'href="/staf/rencana/lampiran/{attachment.pk}/"' in page
    assert "Alat posyandu diserahkan" in page and 'data-spent="10000000"' in page

    forum_form = admin.get(f"/staf/rencana/{plan.pk}/forum/baru/").content.decode()
    assert 'value="BPD/Tuha peuet"' in forum_form and 'value="Perangkat gampong"' in forum_form
    forum = admin.post(
        f"/staf/rencana/{plan.pk}/forum/baru/",
        {
            "title": "Musyawarah dusun Mesjid",
            "held_on": TODAY.isoformat(),
            "place": "Meunasah",
            "discussion": "Warga meminta posyandu buka sore.",
            "decisions": "Posyandu buka Kamis sore.",
            "programs": [str(program.pk)],
            **rows_data(
                "attendance",
                [
                    {"group": "Perangkat gampong", "count": "6"},
                    {"group": "BPD/Tuha peuet", "count": ""},  # offered, nobody came: left out
                    {"group": "Perempuan/PKK", "count": "14"},
                ],
            ),
        },
    )
    assert forum.status_code == 302 and forum["Location"] == f"/staf/rencana/{plan.pk}/"
    with tenant_context(village_a.tenant):
        saved_forum = Forum.objects.get()
        assert saved_forum.attendance_total == 20 and list(saved_forum.programs.all()) == [program]

    published = admin.post(f"/staf/rencana/{plan.pk}/terbitkan/", {"action": "terbitkan"}, follow=True)
    html = published.content.decode()
    assert "Rencana aksi diterbitkan" in html and f'href="/rencana-aksi/{plan.pk}/"' in html
    assert f'data-program="{program.pk}"' in html and 'data-budget="87500000"' in html
    with tenant_context(village_a.tenant):
        assert Plan.objects.get().status == PlanStatus.PUBLISHED


def test_the_plan_form_shows_a_period_ending_before_it_starts_next_to_the_end(village_a, client_as):
    response = client_as(Role.VILLAGE_ADMIN).post(
        "/staf/rencana/baru/", plan_data(period_end=datetime.date(TODAY.year - 1, 6, 30).isoformat())
    )

    assert response.status_code == 400
    assert (
        error_of(response.content.decode(), "period_end")
        == "Periode selesai tidak boleh sebelum periode mulai."
    )
    with tenant_context(village_a.tenant):
        assert Plan.objects.count() == 0


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Rencana\x00aksi", "null"),
        ("R" * 10_000, "paling banyak 200 karakter"),
    ],
)
def test_the_plan_form_refuses_a_nul_byte_and_an_oversized_title(village_a, client_as, title, message):
    response = client_as(Role.VILLAGE_ADMIN).post("/staf/rencana/baru/", plan_data(title=title))

    assert response.status_code == 400
    assert message in (error_of(response.content.decode(), "title") or "")
    with tenant_context(village_a.tenant):
        assert Plan.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"budget": [{"source": "apbdes", "amount": "1000"}, {"source": "apbdes", "amount": "2000"}]},
            "budget-1-source",
            "Setiap sumber dana cukup satu baris.",
        ),
        (
            {"budget": [{"source": "apbdes", "amount": str(RUPIAH_MAX + 1)}]},
            "budget-0-amount",
            "Pastikan nilai ini lebih kecil dari atau sama dengan 99999999999.",
        ),
        (
            {
                "indicators": [
                    {"name": "Kunjungan", "unit": "x", "baseline": "60", "target": "60", "direction": "naik"}
                ]
            },
            "indicators-0-target",
            "Target harus berbeda dari nilai awal.",
        ),
        (
            {
                "indicators": [
                    {
                        "name": "Kunjungan",
                        "unit": "x",
                        "baseline": "enam",
                        "target": "60",
                        "direction": "naik",
                    }
                ]
            },
            "indicators-0-baseline",
            "Masukkan sebuah bilangan.",
        ),
        ({"ends_on": datetime.date(TODAY.year + 1, 3, 1).isoformat()}, "ends_on", None),
    ],
)
def test_the_program_form_shows_each_refusal_next_to_its_field(
    village_a, client_as, areas, draft, change, field, message
):
    response = client_as(Role.VILLAGE_ADMIN).post(
        f"/staf/rencana/{draft.plan.pk}/program/baru/", program_data(areas, **change)
    )

    page = response.content.decode()
    assert response.status_code == 400
    shown = error_of(page, field)
    assert shown is not None and (message is None or message in shown)
    assert 'id="error-summary"' in page and f'href="#id_{field}"' in page
    with tenant_context(village_a.tenant):
        assert Program.objects.filter(plan=draft.plan).count() == 3  # write_plan's, nothing added


def test_the_program_form_skips_blank_rows_before_numbering_the_services_errors(
    village_a, client_as, areas, draft
):
    """A blank row between two filled ones: the service's `budget-1` is the third row on the page."""
    data = program_data(
        areas,
        budget=[
            {"source": "apbdes", "amount": "1000"},
            {"source": "", "amount": "", "note": ""},
            {"source": "apbdes", "amount": "2000"},
        ],
    )

    page = (
        client_as(Role.VILLAGE_ADMIN)
        .post(f"/staf/rencana/{draft.plan.pk}/program/baru/", data)
        .content.decode()
    )

    assert error_of(page, "budget-2-source") == "Setiap sumber dana cukup satu baris."
    assert error_of(page, "budget-1-source") is None


def test_another_villages_poll_is_refused_next_to_the_poll(
    village_a, village_b, staff, staff_b, client_as, draft
):
    with tenant_context(village_b.tenant):
        foreign = open_poll(staff_b[Role.VILLAGE_ADMIN], title="Jajak pendapat gampong lain")
    with tenant_context(village_a.tenant):
        assert not Poll.objects.filter(pk=foreign.pk).exists()

    response = client_as(Role.VILLAGE_ADMIN).post(
        f"/staf/rencana/{draft.plan.pk}/kebutuhan/baru/",
        {
            "kind": "jajak",
            "title": "Jajak pendapat prioritas",
            "held_on": TODAY.isoformat(),
            "poll_id": str(foreign.pk),
        },
    )

    assert response.status_code == 400
    assert error_of(response.content.decode(), "poll_id") == "Pilih jajak pendapat dari daftar."
    with tenant_context(village_a.tenant):
        assert NeedsFinding.objects.filter(kind="jajak").count() == 0


def test_a_poll_of_the_village_links_the_needs_mapping_to_it(village_a, staff, client_as, draft):
    with tenant_context(village_a.tenant):
        poll = open_poll(staff[Role.VILLAGE_ADMIN])
    admin = client_as(Role.VILLAGE_ADMIN)
    assert (
        f'<option value="{poll.pk}">'
        in admin.get(f"/staf/rencana/{draft.plan.pk}/kebutuhan/baru/").content.decode()
    )

    response = admin.post(
        f"/staf/rencana/{draft.plan.pk}/kebutuhan/baru/",
        {
            "kind": "jajak",
            "title": "Jajak pendapat prioritas",
            "held_on": TODAY.isoformat(),
            "poll_id": str(poll.pk),
        },
        follow=True,
    )

    assert "Prioritas pembangunan 2027" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert NeedsFinding.objects.get(kind="jajak").poll_id == poll.pk


def test_progress_refusals_come_back_next_to_their_fields(village_a, client_as, draft):
    with tenant_context(village_a.tenant):
        indicator = draft.health.indicators.get()
    response = client_as(Role.VILLAGE_ADMIN).post(
        f"/staf/rencana/program/{draft.health.pk}/kemajuan/",
        {
            "reported_on": TODAY.isoformat(),
            "status": "dihentikan",
            "done": "Kegiatan berhenti.",
            f"value_{indicator.pk}": "",
            "spending_apbdes": str(RUPIAH_MAX + 1),
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert error_of(page, "stop_reason") == "Tuliskan alasan program dihentikan."
    assert error_of(page, f"value_{indicator.pk}") == "Isi nilai indikator ini."
    assert "99999999999" in (error_of(page, "spending_apbdes") or "")
    with tenant_context(village_a.tenant):
        assert ProgressUpdate.objects.count() == 0


def test_the_publish_and_delete_buttons_need_their_action(village_a, client_as, draft):
    admin = client_as(Role.VILLAGE_ADMIN)

    empty = admin.post(f"/staf/rencana/{draft.plan.pk}/terbitkan/")
    not_confirmed = admin.post(f"/staf/rencana/{draft.plan.pk}/hapus/")

    assert empty.status_code == 302 and empty["Location"] == f"/staf/rencana/{draft.plan.pk}/"
    assert not_confirmed.status_code == 302 and not_confirmed["Location"] == f"/staf/rencana/{draft.plan.pk}/"
    with tenant_context(village_a.tenant):
        assert Plan.objects.get().status == PlanStatus.DRAFT
    published = admin.post(f"/staf/rencana/{draft.plan.pk}/terbitkan/", {"action": "terbitkan"})
    refused = admin.post(f"/staf/rencana/{draft.plan.pk}/hapus/", {"confirm": "1"}, follow=True)
    assert published.status_code == 302
    assert "Rencana yang pernah diterbitkan tidak dapat dihapus" in refused.content.decode()
    with tenant_context(village_a.tenant):
        assert Plan.objects.get().status == PlanStatus.PUBLISHED


def test_a_program_with_progress_is_kept_and_its_refusal_shown(village_a, client_as, draft):
    admin = client_as(Role.VILLAGE_ADMIN)
    with tenant_context(village_a.tenant):
        indicator = draft.health.indicators.get()
    admin.post(
        f"/staf/rencana/program/{draft.health.pk}/kemajuan/",
        {
            "reported_on": TODAY.isoformat(),
            "status": "berjalan",
            "done": "Jalan.",
            f"value_{indicator.pk}": "70",
        },
    )

    response = admin.post(f"/staf/rencana/program/{draft.health.pk}/hapus/", {"confirm": "1"}, follow=True)

    assert "sudah punya laporan kemajuan" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert Program.objects.filter(pk=draft.health.pk).exists()


def test_the_operator_records_progress_but_does_not_edit_the_program(village_a, staff, client_as, draft):
    operator = client_as(Role.OPERATOR)
    with tenant_context(village_a.tenant):
        indicator = draft.school.indicators.get()

    page = operator.get(f"/staf/rencana/program/{draft.school.pk}/").content.decode()
    recorded = operator.post(
        f"/staf/rencana/program/{draft.school.pk}/kemajuan/",
        {
            "reported_on": TODAY.isoformat(),
            "status": "berjalan",
            "done": "Beasiswa tahap satu.",
            f"value_{indicator.pk}": "12",
            "spending_donasi_lsm": "8.000.000",
        },
    )

    assert "Catat kemajuan" in page and "Ubah program" not in page
    assert recorded.status_code == 302
    assert operator.get(f"/staf/rencana/program/{draft.school.pk}/ubah/").status_code == 403
    assert operator.post(f"/staf/rencana/{draft.plan.pk}/program/baru/", {}).status_code == 403
    with tenant_context(village_a.tenant):
        update = ProgressUpdate.objects.get()
        operator_account = staff[Role.OPERATOR]
        recorder = operator_account.get_full_name() or operator_account.get_username()
        assert (update.recorded_by, update.spending.get().amount) == (recorder, 8_000_000)


def test_the_council_member_reads_only(village_a, client_as, draft):
    council = client_as(Role.COUNCIL_MEMBER)

    plans = council.get("/staf/rencana/").content.decode()
    plan = council.get(f"/staf/rencana/{draft.plan.pk}/").content.decode()
    program = council.get(f"/staf/rencana/program/{draft.health.pk}/").content.decode()
    report = council.get(f"/staf/rencana/{draft.plan.pk}/laporan/")

    assert draft.plan.title in plans and "Tulis rencana aksi baru" not in plans
    assert "Posyandu terpadu" in plan
    assert not any(
        words in plan for words in ("Tambah program", "Terbitkan", "Catat forum warga", "Ubah rencana")
    )
    assert "Catat kemajuan" not in program
    assert report.status_code == 200 and "Posyandu terpadu" in report.content.decode()
    assert council.post(f"/staf/rencana/program/{draft.health.pk}/kemajuan/", {}).status_code == 403
    assert (
        council.post(f"/staf/rencana/{draft.plan.pk}/terbitkan/", {"action": "terbitkan"}).status_code == 403
    )


def test_the_report_shows_a_period_and_links_its_pdf(village_a, client_as, draft):
    admin = client_as(Role.VILLAGE_ADMIN)

    default = admin.get(f"/staf/rencana/{draft.plan.pk}/laporan/").content.decode()
    before = YEAR_START - datetime.timedelta(days=1)
    backwards = admin.get(f"/staf/rencana/{draft.plan.pk}/laporan/?dari={TODAY}&sampai={before}")
    nonsense = admin.get(f"/staf/rencana/{draft.plan.pk}/laporan/?dari=kemarin&sampai=99999-01-01")

    end = max(YEAR_START, min(TODAY, YEAR_END))
    assert f"laporan-kemajuan.pdf?dari={YEAR_START:%Y-%m-%d}&amp;sampai={end:%Y-%m-%d}" in default
    assert backwards.status_code == 400
    assert (
        error_of(backwards.content.decode(), "sampai") == "Tanggal sampai tidak boleh sebelum tanggal dari."
    )
    assert nonsense.status_code == 400


def test_the_area_form_adds_an_area_the_program_form_offers(village_a, client_as, draft):
    admin = client_as(Role.VILLAGE_ADMIN)

    added = admin.post("/staf/rencana/bidang/", {"name": "  Ketahanan   pangan "})
    twice = admin.post("/staf/rencana/bidang/", {"name": "Ketahanan pangan"})

    assert added.status_code == 302
    assert twice.status_code == 400 and error_of(twice.content.decode(), "name")
    form = admin.get(f"/staf/rencana/{draft.plan.pk}/program/baru/").content.decode()
    assert ">Ketahanan pangan</option>" in form and 'href="/staf/rencana/bidang/"' in form


def test_unknown_and_oversized_ids_are_not_found(client_as, draft):
    admin = client_as(Role.VILLAGE_ADMIN)
    paths = [
        f"/staf/rencana/{draft.plan.pk + 1000}/",
        "/staf/rencana/99999999999999999999999/",
        "/staf/rencana/program/99999999999999999999999/ubah/",
        "/staf/rencana/forum/99999999999999999999999/",
    ]

    assert [admin.get(path).status_code for path in paths] == [404, 404, 404, 404]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/staf/rencana/{plan}/program/baru/", {}),
        (
            "/staf/rencana/{plan}/program/baru/",
            {"budget-TOTAL_FORMS": "999999999", "budget-INITIAL_FORMS": "x"},
        ),
        (
            "/staf/rencana/program/{program}/kemajuan/",
            {"reported_on": "0001-01-01", "milestones_done": ["x"]},
        ),
        ("/staf/rencana/program/{program}/kemajuan/", {"reported_on": "9999-12-31", "status": "lain"}),
        (
            "/staf/rencana/{plan}/forum/baru/",
            {"programs": ["abc", "99999999999999"], "attendance-TOTAL_FORMS": "1"},
        ),
        (
            "/staf/rencana/{plan}/kebutuhan/baru/",
            {"kind": "jajak", "poll_id": "abc", "held_on": "2026-02-30"},
        ),
        ("/staf/rencana/baru/", {"title": "x", "period_start": "0001-01-01", "period_end": "9999-12-31"}),
    ],
)
def test_forged_or_broken_forms_are_refused_with_messages_never_a_server_error(
    village_a, client_as, draft, path, data
):
    response = client_as(Role.VILLAGE_ADMIN).post(
        path.format(plan=draft.plan.pk, program=draft.health.pk), data
    )

    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    with tenant_context(village_a.tenant):
        assert (Program.objects.count(), ProgressUpdate.objects.count(), Forum.objects.count()) == (3, 0, 0)
