"""A published plan keeps its row in the PPID's DIP: the periodic item for programs and activities,
linked to the checklist entry "program-kegiatan" and counted there while the plan is current; it
follows every edit, leaves the DIP when the plan goes back to draft, and staff change it in the plan,
not in the DIP editor (its pages say so; the services refuse)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from openpyxl import load_workbook
from pypdf import PdfReader

from modules.accounts.models import Role
from modules.ppid import selectors as ppid_selectors
from modules.ppid import services as ppid_services
from modules.ppid.models import InfoCategory, InformationItem
from modules.rencana import services
from tests.modules.rencana.plans import WrittenPlan, write_plan

CHECKLIST_KEY = "program-kegiatan"


def kept_item(plan) -> InformationItem:
    return InformationItem.objects.select_related("checklist_entry").get(managed_by=f"rencana:plan:{plan.pk}")


def checklist_state(day: datetime.date) -> str:
    coverage = ppid_selectors.checklist_coverage(today=day)
    return next(line.state for line in coverage.lines if line.entry.key == CHECKLIST_KEY)


@pytest.fixture
def written(village_a, village_admin) -> WrittenPlan:
    with tenant_context(village_a.tenant):
        return write_plan(village_admin, title="Rencana Aksi Pelayanan Lambaro")


def test_publishing_a_plan_adds_the_periodic_dip_row_linked_to_the_checklist(village_a, village_admin):
    with tenant_context(village_a.tenant):
        draft = write_plan(village_admin, publish=False).plan
        assert not InformationItem.objects.filter(managed_by=f"rencana:plan:{draft.pk}").exists()
        plan = services.plan_publish(actor=village_admin, plan=draft, publish=True)
        item = kept_item(plan)
    assert item.is_published and item.category == InfoCategory.PERIODIC
    assert item.checklist_entry is not None and item.checklist_entry.key == CHECKLIST_KEY
    assert item.title == f"Matriks program dan kegiatan: {plan.title}"
    assert item.link.endswith(f"/rencana-aksi/{plan.pk}/")
    assert item.current_until == plan.period_end
    assert "3 program" in item.summary
    assert "Pelayanan kesehatan: Posyandu terpadu (Kaur Perencanaan)" in item.summary


def test_the_checklist_counts_the_entry_while_the_plan_is_current_and_stale_after(
    village_a, village_admin, written
):
    plan = written.plan
    with tenant_context(village_a.tenant):
        assert checklist_state(plan.period_start) == "ada"
        assert checklist_state(plan.period_end) == "ada"
        assert checklist_state(plan.period_end + datetime.timedelta(days=1)) == "usang"
        services.plan_publish(actor=village_admin, plan=plan, publish=False)
        assert checklist_state(plan.period_start) == "belum"


def test_editing_a_program_updates_the_rows_summary(village_a, village_admin, written):
    program = written.school
    with tenant_context(village_a.tenant):
        before = kept_item(written.plan)
        services.program_save(
            actor=village_admin,
            plan=written.plan,
            program=program,
            data=services.ProgramInput(
                area_id=program.area_id,
                title="Beasiswa anak yatim",
                responsible="Kaur Kesra",
                starts_on=program.starts_on,
                ends_on=program.ends_on,
            ),
        )
        after = kept_item(written.plan)
    assert after.pk == before.pk
    assert "Pendidikan: Beasiswa anak (Kaur Perencanaan)" in before.summary
    assert "Pendidikan: Beasiswa anak yatim (Kaur Kesra)" in after.summary
    assert "Beasiswa anak (Kaur Perencanaan)" not in after.summary


def test_taking_the_plan_back_to_draft_unpublishes_the_row(client_a, village_a, village_admin, written):
    assert "Rencana Aksi Pelayanan Lambaro" in client_a.get("/ppid/dip/").content.decode()
    with tenant_context(village_a.tenant):
        services.plan_publish(actor=village_admin, plan=written.plan, publish=False)
        item = kept_item(written.plan)
    assert not item.is_published
    assert "Rencana Aksi Pelayanan Lambaro" not in client_a.get("/ppid/dip/").content.decode()
    with tenant_context(village_a.tenant):
        services.plan_publish(actor=village_admin, plan=written.plan, publish=True)
        assert kept_item(written.plan).pk == item.pk and kept_item(written.plan).is_published


# --- the public DIP ------------------------------------------------------------------------------------


def test_the_public_dip_lists_the_plan_under_periodic_information_with_its_link(client_a, village_a, written):
    with tenant_context(village_a.tenant):
        item = kept_item(written.plan)
    html = client_a.get("/ppid/dip/").content.decode()
    periodic = html[html.index('id="kategori-berkala"') : html.index('id="kategori-serta_merta"')]
    assert item.title in periodic and f'href="{item.link}"' in periodic

    pdf = client_a.get("/ppid/dip.pdf")
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf.content)).pages)
    compact = "".join(text.split())
    berkala = compact.upper().index("INFORMASIBERKALA")
    assert compact.index("Matriksprogramdankegiatan:RencanaAksiPelayananLambaro") > berkala
    assert "".join(f"Tautan:{item.link}".split()) in compact

    sheet = load_workbook(io.BytesIO(client_a.get("/ppid/dip.xlsx").content)).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    heading = next(number for number, cell in enumerate(cells) if cell == "INFORMASI BERKALA")
    row = next(number for number, cell in enumerate(cells) if cell.startswith(item.title))
    assert row > heading and item.link in cells[row]


# --- the kept item on the staff's DIP pages ------------------------------------------------------------


def test_the_staff_dip_page_shows_the_kept_item_without_edit_or_delete(client_as, village_a, written):
    with tenant_context(village_a.tenant):
        item = kept_item(written.plan)
    html = client_as(Role.PPID_OFFICER).get("/staf/ppid/dip/").content.decode()
    line = html[html.index(item.title) - 200 : html.index(item.title) + 600]
    assert "diperbarui otomatis dari rencana aksi" in line and f'href="{item.link}"' in line
    assert f"/staf/ppid/dip/{item.pk}/" not in html


@pytest.mark.parametrize("action", ["ubah", "hapus"])
def test_the_kept_items_edit_and_delete_pages_refuse(client_as, village_a, written, action):
    with tenant_context(village_a.tenant):
        item = kept_item(written.plan)
    client = client_as(Role.PPID_OFFICER)
    path = f"/staf/ppid/dip/{item.pk}/{action}/" if action == "hapus" else f"/staf/ppid/dip/{item.pk}/"
    shown = client.get(path)
    assert shown.status_code == 200
    assert "diperbarui otomatis dari modul asalnya (rencana aksi)" in shown.content.decode()
    assert "<form" not in shown.content.decode().split("<main", 1)[1]
    sent = client.post(path, {"confirm": "1", "title": "Diubah petugas", "category": "berkala"})
    assert sent.status_code == 400 and "ubah di sana" in sent.content.decode()
    with tenant_context(village_a.tenant):
        assert kept_item(written.plan).title == item.title and kept_item(written.plan).is_published


def test_the_services_refuse_to_edit_or_delete_the_kept_item(village_a, ppid_officer, written):
    with tenant_context(village_a.tenant):
        item = kept_item(written.plan)
        with pytest.raises(ValidationError) as refused:
            ppid_services.information_item_delete(actor=ppid_officer, item=item)
        assert refused.value.code == "kept_item"
        with pytest.raises(ValidationError) as refused:
            ppid_services.information_item_save(
                actor=ppid_officer,
                item=item,
                data=ppid_services.ItemInput(
                    category="berkala",
                    title="Diubah petugas",
                    summary="-",
                    holder="-",
                    publisher="-",
                    made_when="-",
                    made_where="-",
                    form="keduanya",
                    retention="-",
                ),
                upload=None,
            )
        assert refused.value.code == "kept_item"
        assert kept_item(written.plan).title == item.title
