"""The PPID's staff pages: the request register and its filter (names only, never NIK, phone or
address), registering an oral request, one request with its single extension and its decision (the
service's messages next to the fields), the letter, objections and the superior's answer, the DIP
editor (the exempt rule, the file kept, the delete confirmation), the checklist and serta-merta
announcements. Who may not open a page is covered by tests/platform/test_routes.py."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.ppid import services
from modules.ppid.models import (
    Announcement,
    ChecklistEntry,
    Decision,
    InformationItem,
    InformationRequest,
    Objection,
    ObjectionStatus,
    RequestStatus,
)
from tests.modules.ppid.data import REQUESTER, decision, submit_request

PDF = b"%PDF-1.4 isi"
OFFICERS = (Role.PPID_OFFICER, Role.VILLAGE_ADMIN)
REGISTER = (*OFFICERS, Role.PPID_SUPERIOR)
NIK, PHONE, ADDRESS = REQUESTER["requester_nik"], "81234567890", REQUESTER["requester_address"]


def _rows(html: str) -> dict[str, str]:
    """The register's rows by tracking code."""
    return dict(re.findall(r'<tr data-code="([^"]+)">(.*?)</tr>', html, re.S))


def _fresh(code: str) -> InformationRequest:
    return InformationRequest.objects.get(tracking_code=code)


# --- the register ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", REGISTER)
def test_the_register_lists_names_but_no_nik_phone_or_address(village_a, staff, client_as, role):
    with tenant_context(village_a.tenant):
        found = submit_request(village_a)
    response = client_as(role).get("/staf/ppid/permohonan/")
    html = response.content.decode()
    assert response.status_code == 200
    row = _rows(html)[found.tracking_code]
    assert found.registration_number in row and "Teuku Umar" in row
    assert NIK not in html and PHONE not in html and ADDRESS not in html
    assert ("Catat permohonan lisan/tertulis" in html) is (role in OFFICERS)


def test_the_register_filters_by_status_due_state_channel_decision_and_number(
    village_a, ppid_officer, client_as
):
    today = timezone.localdate()
    with tenant_context(village_a.tenant):
        late = submit_request(village_a)
        near = submit_request(village_a)
        fine = submit_request(village_a, actor=ppid_officer)  # lisan
        answered = submit_request(village_a)
        services.information_request_decide(actor=ppid_officer, request=answered, data=decision())
        InformationRequest.objects.filter(pk=late.pk).update(due_date=today - datetime.timedelta(days=3))
        InformationRequest.objects.filter(pk=near.pk).update(due_date=today)
        InformationRequest.objects.filter(pk=fine.pk).update(due_date=today + datetime.timedelta(days=30))
    client = client_as(Role.PPID_OFFICER)

    def codes(query: str) -> set[str]:
        response = client.get(f"/staf/ppid/permohonan/?{query}")
        assert response.status_code == 200
        return set(_rows(response.content.decode()))

    everything = client.get("/staf/ppid/permohonan/").content.decode()
    rows = _rows(everything)
    assert "due-late" in rows[late.tracking_code] and "due-near" in rows[near.tracking_code]
    assert "due-" not in rows[fine.tracking_code] and "due-" not in rows[answered.tracking_code]
    assert codes("tenggat=terlambat") == {late.tracking_code}
    assert codes("tenggat=hampir") == {near.tracking_code}
    assert codes("status=terbuka") == {late.tracking_code, near.tracking_code, fine.tracking_code}
    assert codes("status=dijawab") == {answered.tracking_code}
    assert codes("saluran=lisan") == {fine.tracking_code}
    assert codes("keputusan=diberikan") == {answered.tracking_code}
    assert codes(f"cari={fine.registration_number}") == {fine.tracking_code}
    assert codes(f"cari={fine.tracking_code.lower().replace('-', '')}") == {fine.tracking_code}
    assert codes(f"tahun={today.year}") == {t.tracking_code for t in (late, near, fine, answered)}
    assert client.get("/staf/ppid/permohonan/?status=entah").status_code == 400


def test_the_officer_registers_an_oral_request_and_reads_its_number(village_a, ppid_officer, client_as):
    payload = {
        "channel": "lisan",
        "requester_name": "Cut Meutia",
        "requester_address": "Dusun Mesjid",
        "requester_nik": "1106104101900002",
        "requester_phone": "081299990001",
        "requester_email": "",
        "requester_occupation": "Guru",
        "information": "Daftar penerima BLT Dana Desa 2026 (jumlah per dusun).",
        "purpose": "Laporan musyawarah dusun.",
        "form_wanted": "hardcopy",
        "delivery": "ambil",
        "notify_channel": "none",
        "idempotency_key": "staf-uji-ppid-0001",
    }
    client = client_as(Role.PPID_OFFICER)
    response = client.post("/staf/ppid/permohonan/catat/", payload, follow=True)
    with tenant_context(village_a.tenant):
        recorded = InformationRequest.objects.get()
    assert recorded.channel == "lisan" and recorded.recorded_by == str(ppid_officer)
    assert response.redirect_chain == [(f"/staf/ppid/permohonan/{recorded.tracking_code}/", 302)]
    assert (
        f"Permohonan dicatat dengan nomor registrasi {recorded.registration_number}."
        in response.content.decode()
    )
    # The same key again: no second request.
    client.post("/staf/ppid/permohonan/catat/", payload)
    with tenant_context(village_a.tenant):
        assert InformationRequest.objects.count() == 1


def test_a_recorded_request_without_nik_or_channel_comes_back_with_the_messages(
    village_a, ppid_officer, client_as
):
    response = client_as(Role.PPID_OFFICER).post(
        "/staf/ppid/permohonan/catat/",
        {
            "channel": "daring",
            "requester_name": "Cut Meutia",
            "requester_address": "Dusun Mesjid",
            "requester_nik": "",
            "requester_phone": "081299990001",
            "information": "x" * 2001,
            "purpose": "Laporan.",
            "form_wanted": "hardcopy",
            "delivery": "ambil",
            "notify_channel": "none",
            "idempotency_key": "staf-uji-ppid-0002",
        },
    )
    form = response.context["form"]
    assert response.status_code == 400
    assert "channel" in form.errors and "information" in form.errors
    assert "id_information_error" in response.content.decode()
    with tenant_context(village_a.tenant):
        assert not InformationRequest.objects.exists()


# --- one request -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", REGISTER)
def test_a_request_shows_the_contact_to_staff_and_forms_to_officers_only(village_a, staff, client_as, role):
    with tenant_context(village_a.tenant):
        found = submit_request(village_a)
    response = client_as(role).get(f"/staf/ppid/permohonan/{found.tracking_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert NIK in html and ADDRESS in html and PHONE in html
    assert ('value="extend"' in html) is (role in OFFICERS)
    assert ('value="decide"' in html) is (role in OFFICERS)


def test_the_superior_cannot_post_on_a_request(village_a, staff, client_as):
    with tenant_context(village_a.tenant):
        found = submit_request(village_a)
    response = client_as(Role.PPID_SUPERIOR).post(
        f"/staf/ppid/permohonan/{found.tracking_code}/",
        {"action": "extend", "extend-days": "3", "extend-reason": "Dokumen di kantor camat."},
    )
    assert response.status_code == 403
    with tenant_context(village_a.tenant):
        assert _fresh(found.tracking_code).extended_at is None


def test_a_request_is_extended_once_and_a_second_extension_shows_the_message(
    village_a, ppid_officer, client_as
):
    with tenant_context(village_a.tenant):
        found = submit_request(village_a)
    client = client_as(Role.PPID_OFFICER)
    url = f"/staf/ppid/permohonan/{found.tracking_code}/"
    extend = {"action": "extend", "extend-days": "5", "extend-reason": "Dokumen masih di kantor camat."}

    first = client.post(url, extend)
    with tenant_context(village_a.tenant):
        extended = _fresh(found.tracking_code)
    page = client.get(url).content.decode()
    second = client.post(url, {**extend, "extend-reason": "Lagi."})

    assert first.status_code == 302 and extended.status == RequestStatus.EXTENDED
    assert f"Sudah diperpanjang sekali sampai {extended.due_date.day}" in page
    assert "Dokumen masih di kantor camat." in page and 'value="extend"' not in page
    assert second.status_code == 400
    assert "sudah pernah diperpanjang" in second.content.decode()
    assert [message[:41] for message in second.context["refusals"]] == [
        "Permohonan ini sudah pernah diperpanjang."
    ]
    assert second.context["extend_form"] is None and 'value="extend"' not in second.content.decode()
    with tenant_context(village_a.tenant):
        again = _fresh(found.tracking_code)
    assert (again.due_date, again.extension_reason) == (extended.due_date, "Dokumen masih di kantor camat.")


def test_an_extension_of_more_than_seven_days_is_refused_on_its_field(village_a, ppid_officer, client_as):
    with tenant_context(village_a.tenant):
        found = submit_request(village_a)
    response = client_as(Role.PPID_OFFICER).post(
        f"/staf/ppid/permohonan/{found.tracking_code}/",
        {"action": "extend", "extend-days": "8", "extend-reason": "Lama."},
    )
    assert response.status_code == 400 and "days" in response.context["extend_form"].errors
    with tenant_context(village_a.tenant):
        assert _fresh(found.tracking_code).extended_at is None


def test_a_refusal_without_a_ground_comes_back_with_the_message_on_the_ground(
    village_a, ppid_officer, client_as
):
    with tenant_context(village_a.tenant):
        found = submit_request(village_a)
    client = client_as(Role.PPID_OFFICER)
    url = f"/staf/ppid/permohonan/{found.tracking_code}/"
    refused = client.post(
        url,
        {
            "action": "decide",
            "decide-decision": "ditolak",
            "decide-answer": "Informasi ini dikecualikan.",
            "decide-exemption_ground": "",
            "decide-consequence_test": "Mengungkap data pribadi.",
            "decide-cost": "0",
        },
    )
    html = refused.content.decode()
    errors = refused.context["decision_form"].errors.as_data()
    assert refused.status_code == 400
    assert [e.code for e in errors["exemption_ground"]] == ["exemption_ground_required"]
    assert re.search(
        r'id="id_decide-exemption_ground_error">Penolakan wajib menyebut dasar pengecualian', html
    )
    with tenant_context(village_a.tenant):
        assert _fresh(found.tracking_code).decision == ""

    decided = client.post(
        url,
        {
            "action": "decide",
            "decide-decision": "ditolak",
            "decide-answer": "Informasi ini dikecualikan.",
            "decide-exemption_ground": "17h",
            "decide-consequence_test": "Mengungkap data pribadi.",
            "decide-cost": "0",
        },
    )
    with tenant_context(village_a.tenant):
        answered = _fresh(found.tracking_code)
    assert decided.status_code == 302
    assert (answered.status, answered.decision, answered.exemption_ground) == ("dijawab", "ditolak", "17h")
    page = client.get(url).content.decode()
    assert (
        'value="decide"' not in page and f"/staf/ppid/permohonan/{found.tracking_code}/keputusan.pdf" in page
    )


def test_a_decision_posted_on_an_answered_request_shows_the_refusal_without_the_form(
    village_a, ppid_officer, client_as
):
    with tenant_context(village_a.tenant):
        found = submit_request(village_a)
        services.information_request_decide(actor=ppid_officer, request=found, data=decision())
    response = client_as(Role.PPID_OFFICER).post(
        f"/staf/ppid/permohonan/{found.tracking_code}/",
        {"action": "decide", "decide-decision": "ditolak", "decide-answer": "Ditolak.", "decide-cost": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and response.context["decision_form"] is None
    assert response.context["refusals"] and 'id="refusal"' in html and 'value="decide"' not in html
    with tenant_context(village_a.tenant):
        assert _fresh(found.tracking_code).decision == Decision.GRANTED


def test_the_letter_is_rendered_on_demand_and_served_as_pdf(village_a, ppid_officer, client_as):
    with tenant_context(village_a.tenant):
        found = submit_request(village_a)
        services.information_request_decide(actor=ppid_officer, request=found, data=decision())
        InformationRequest.objects.filter(pk=found.pk).update(letter_pdf="")  # the worker has not run
    response = client_as(Role.PPID_SUPERIOR).get(f"/staf/ppid/permohonan/{found.tracking_code}/keputusan.pdf")
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF")
    with tenant_context(village_a.tenant):
        assert _fresh(found.tracking_code).letter_pdf


def test_an_open_request_has_no_letter(village_a, ppid_officer, client_as):
    with tenant_context(village_a.tenant):
        found = submit_request(village_a)
    assert (
        client_as(Role.PPID_OFFICER)
        .get(f"/staf/ppid/permohonan/{found.tracking_code}/keputusan.pdf")
        .status_code
        == 404
    )


# --- objections ----------------------------------------------------------------------------------------


def _refused(village, officer):
    found = submit_request(village)
    services.information_request_decide(actor=officer, request=found, data=decision(Decision.REFUSED))
    return found


def test_the_officer_records_a_written_objection(village_a, ppid_officer, client_as):
    with tenant_context(village_a.tenant):
        found = _refused(village_a, ppid_officer)
    client = client_as(Role.PPID_OFFICER)
    page = client.get(f"/staf/ppid/permohonan/{found.tracking_code}/").content.decode()
    form = client.get(f"/staf/ppid/permohonan/{found.tracking_code}/keberatan/")
    response = client.post(
        f"/staf/ppid/permohonan/{found.tracking_code}/keberatan/",
        {"ground": "35a", "reason": "Data jumlah penerima bukan rahasia pribadi."},
    )
    with tenant_context(village_a.tenant):
        objection = Objection.objects.get()
    assert f"/staf/ppid/permohonan/{found.tracking_code}/keberatan/" in page
    assert form.status_code == 200 and 'value="35c"' not in form.content.decode()  # not late
    assert response.status_code == 302 and response["Location"] == f"/staf/ppid/keberatan/{objection.pk}/"
    assert (objection.ground, objection.status) == ("35a", ObjectionStatus.RECEIVED)
    # A second one while the first waits: the service's message at the top of the form.
    again = client.post(
        f"/staf/ppid/permohonan/{found.tracking_code}/keberatan/", {"ground": "35a", "reason": "Lagi."}
    )
    assert again.status_code == 400 and "masih menunggu tanggapan atasan PPID" in again.content.decode()
    with tenant_context(village_a.tenant):
        assert Objection.objects.count() == 1


def test_an_objection_to_an_open_request_is_refused_with_the_message(village_a, ppid_officer, client_as):
    with tenant_context(village_a.tenant):
        found = submit_request(village_a)
    response = client_as(Role.PPID_OFFICER).post(
        f"/staf/ppid/permohonan/{found.tracking_code}/keberatan/",
        {"ground": "35b", "reason": "Belum dijawab."},
    )
    assert (
        response.status_code == 400
        and "Keberatan dapat diajukan setelah permohonan dijawab" in response.content.decode()
    )
    with tenant_context(village_a.tenant):
        assert not Objection.objects.exists()


def test_the_superior_answers_an_objection_and_sees_the_commission_deadline(
    village_a, ppid_officer, ppid_superior, client_as
):
    with tenant_context(village_a.tenant):
        found = _refused(village_a, ppid_officer)
        objection = services.objection_file(request=found, ground="35a", reason="Bukan rahasia.", actor=None)
    superior, officer = client_as(Role.PPID_SUPERIOR), client_as(Role.PPID_OFFICER)
    url = f"/staf/ppid/keberatan/{objection.pk}/"

    listed = superior.get("/staf/ppid/keberatan/?status=diterima").content.decode()
    officer_page = officer.get(url).content.decode()
    forbidden = officer.post(url, {"outcome": "dikabulkan", "response": "Diberikan."})
    empty = superior.post(url, {"outcome": "dikabulkan", "response": ""})
    answered = superior.post(
        url, {"outcome": "dikabulkan", "response": "Jumlah penerima per dusun diberikan."}
    )
    with tenant_context(village_a.tenant):
        objection.refresh_from_db()
    page = superior.get(url).content.decode()

    assert objection.registration_number in listed
    assert 'name="outcome"' not in officer_page and forbidden.status_code == 403
    assert empty.status_code == 400
    assert [e.code for e in empty.context["form"].errors.as_data()["response"]] == ["note_required"]
    assert answered.status_code == 302 and objection.status == ObjectionStatus.ANSWERED
    deadline = objection.commission_deadline
    assert (
        "Komisi Informasi paling lambat" in page and f"{deadline.day} " in page and str(deadline.year) in page
    )
    assert 'name="outcome"' not in page
    assert (
        objection.registration_number
        not in superior.get("/staf/ppid/keberatan/?status=diterima").content.decode()
    )


# --- the DIP ---------------------------------------------------------------------------------------------


def _item_payload(**overrides):
    return {
        "category": "berkala",
        "title": "Laporan realisasi APBG semester I",
        "summary": "Realisasi pendapatan dan belanja gampong Januari–Juni.",
        "holder": "Kaur Keuangan",
        "publisher": "PPID Gampong",
        "made_when": "Juli 2026",
        "made_where": "Kantor Keuchik Lambaro",
        "form": "keduanya",
        "retention": "5 tahun",
        "link": "",
        "exemption_ground": "",
        "consequence_test": "",
        "checklist_entry": "",
        "is_published": "on",
        "updated_on": "",
        **overrides,
    }


@pytest.mark.parametrize("role", OFFICERS)
def test_the_officer_adds_an_item_with_a_file_and_downloads_it(village_a, staff, client_as, role):
    with tenant_context(village_a.tenant):
        entry = ChecklistEntry.objects.order_by("order").first()
    client = client_as(role)
    new = client.get(f"/staf/ppid/dip/baru/?wajib={entry.pk}")
    assert new.status_code == 200 and new.context["form"].initial["checklist_entry"] == entry.pk
    response = client.post(
        "/staf/ppid/dip/baru/",
        _item_payload(
            checklist_entry=str(entry.pk), file=SimpleUploadedFile("realisasi.pdf", PDF, "application/pdf")
        ),
    )
    with tenant_context(village_a.tenant):
        item = InformationItem.objects.get()
    listed = client.get("/staf/ppid/dip/").content.decode()
    download = client.get(f"/staf/ppid/dip/{item.pk}/berkas/")
    assert (
        response.status_code == 302 and item.checklist_entry == entry and item.file_type == "application/pdf"
    )
    assert item.title in listed and "%" in listed
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == f'attachment; filename="dip-{item.pk}.pdf"'


def test_an_exempt_item_with_a_file_is_refused_on_the_file_and_the_file_is_kept(
    village_a, ppid_officer, client_as
):
    client = client_as(Role.PPID_OFFICER)
    refused = client.post(
        "/staf/ppid/dip/baru/",
        _item_payload(
            category="dikecualikan",
            exemption_ground="17h",
            consequence_test="Mengungkap data pribadi penerima bantuan.",
            file=SimpleUploadedFile("data.pdf", PDF, "application/pdf"),
        ),
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert [e.code for e in refused.context["form"].errors.as_data()["file"]] == ["exempt_not_downloadable"]
    assert "id_file_error" in html and "file__terunggah" in html  # the file is staged, not lost
    with tenant_context(village_a.tenant):
        assert not InformationItem.objects.exists()
    # Back to a periodic item: the staged file goes with it, without picking it again.
    token = re.search(r'name="file__terunggah" value="([^"]+)"', html).group(1)
    saved = client.post("/staf/ppid/dip/baru/", _item_payload(file__terunggah=token))
    with tenant_context(village_a.tenant):
        item = InformationItem.objects.get()
    assert saved.status_code == 302 and item.file and item.file_type == "application/pdf"


def test_an_exempt_item_without_a_ground_is_refused_on_its_fields(village_a, ppid_officer, client_as):
    response = client_as(Role.PPID_OFFICER).post(
        "/staf/ppid/dip/baru/", _item_payload(category="dikecualikan")
    )
    assert response.status_code == 400
    assert {"exemption_ground", "consequence_test"} <= set(response.context["form"].errors)


def test_an_item_is_edited_and_an_unpublished_exempt_item_has_no_file(village_a, ppid_officer, client_as):
    with tenant_context(village_a.tenant):
        item = services.information_item_save(
            actor=ppid_officer,
            item=None,
            data=services.ItemInput(
                category="dikecualikan",
                title="Data NIK penerima BLT",
                summary="Daftar penerima dengan NIK.",
                holder="Kaur Kesra",
                publisher="PPID",
                made_when="2026",
                made_where="Kantor",
                form="softcopy",
                retention="5 tahun",
                exemption_ground="17h",
                consequence_test="Mengungkap data pribadi.",
                is_published=False,
            ),
            upload=None,
        )
    client = client_as(Role.PPID_OFFICER)
    edit = client.get(f"/staf/ppid/dip/{item.pk}/")
    saved = client.post(
        f"/staf/ppid/dip/{item.pk}/",
        _item_payload(
            category="dikecualikan",
            title="Data NIK penerima BLT 2026",
            exemption_ground="17h",
            consequence_test="Mengungkap data pribadi.",
            is_published="",
        ),
    )
    with tenant_context(village_a.tenant):
        item.refresh_from_db()
    assert edit.status_code == 200 and edit.context["form"].initial["exemption_ground"] == "17h"
    assert saved.status_code == 302 and item.title == "Data NIK penerima BLT 2026" and not item.is_published
    assert client.get(f"/staf/ppid/dip/{item.pk}/berkas/").status_code == 404


def test_an_item_is_deleted_only_with_the_confirmation(village_a, ppid_officer, client_as):
    client = client_as(Role.PPID_OFFICER)
    client.post("/staf/ppid/dip/baru/", _item_payload())
    with tenant_context(village_a.tenant):
        item = InformationItem.objects.get()
    url = f"/staf/ppid/dip/{item.pk}/hapus/"
    asked = client.get(url)
    empty = client.post(url, {})
    with tenant_context(village_a.tenant):
        kept = InformationItem.objects.filter(pk=item.pk).exists()
    confirmed = client.post(url, {"confirm": "1"})
    assert (
        asked.status_code == 200 and empty.status_code == 200 and 'name="confirm"' in empty.content.decode()
    )
    assert kept
    assert confirmed.status_code == 302 and confirmed["Location"] == "/staf/ppid/dip/"
    with tenant_context(village_a.tenant):
        assert not InformationItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("role", REGISTER)
def test_the_checklist_shows_each_entry_its_state_and_the_share(village_a, staff, client_as, role):
    client = client_as(Role.PPID_OFFICER)
    with tenant_context(village_a.tenant):
        entry = ChecklistEntry.objects.filter(source="").order_by("order").first()
        total = ChecklistEntry.objects.count()
    client.post(
        "/staf/ppid/dip/baru/",
        _item_payload(
            checklist_entry=str(entry.pk), file=SimpleUploadedFile("a.pdf", PDF, "application/pdf")
        ),
    )
    response = client_as(role).get("/staf/ppid/daftar-periksa/")
    html = response.content.decode()
    coverage = response.context["coverage"]
    assert response.status_code == 200 and coverage.total == total
    assert f"<strong>{str(coverage.share).replace('.', ',')}%</strong>" in html  # Indonesian decimals
    lines = {line.entry.pk: line for line in coverage.lines}
    assert lines[entry.pk].state == "ada" and "Laporan realisasi APBG semester I" in html
    assert html.count("lihat di portal") == sum(1 for line in coverage.lines if line.held_url_name)
    assert (f"?wajib={entry.pk}" in html) is (role in OFFICERS)


# --- serta-merta -----------------------------------------------------------------------------------------

ANNOUNCEMENT = {
    "title": "Banjir di Dusun Lampoh Keude",
    "hazard": "Air Krueng Aceh naik; rumah di bantaran tergenang.",
    "affected": "Warga Dusun Lampoh Keude di bantaran sungai.",
    "evacuation": "Mengungsi ke meunasah Lambaro lewat jalan desa.",
    "avoidance": "Matikan listrik, jauhi sungai.",
    "help": "Hubungi posko di kantor keuchik, 0812-0000-0000.",
    "announcer": "Keuchik Lambaro",
    "channels": "Portal, pengeras suara meunasah",
    "mitigation": "Karung pasir dipasang di tanggul.",
}


def test_an_announcement_needs_every_element_and_is_published_and_withdrawn(
    village_a, ppid_officer, client_as
):
    client = client_as(Role.PPID_OFFICER)
    missing = client.post("/staf/ppid/pengumuman/", {**ANNOUNCEMENT, "evacuation": "", "mitigation": ""})
    assert missing.status_code == 400 and {"evacuation", "mitigation"} <= set(missing.context["form"].errors)
    with tenant_context(village_a.tenant):
        assert not Announcement.objects.exists()

    published = client.post("/staf/ppid/pengumuman/", {**ANNOUNCEMENT, "notify_subscribers": "on"})
    with tenant_context(village_a.tenant):
        announcement = Announcement.objects.get()
    page = client.get("/staf/ppid/pengumuman/").content.decode()
    withdrawn = client.post(f"/staf/ppid/pengumuman/{announcement.pk}/cabut/", follow=True)
    again = client.post(f"/staf/ppid/pengumuman/{announcement.pk}/cabut/", follow=True)
    with tenant_context(village_a.tenant):
        announcement.refresh_from_db()

    assert published.status_code == 302 and announcement.title == ANNOUNCEMENT["title"]
    assert "Cabut pengumuman" in page
    assert withdrawn.redirect_chain == [("/staf/ppid/pengumuman/", 302)] and announcement.withdrawn_at
    assert "Pengumuman Banjir di Dusun Lampoh Keude dicabut." in withdrawn.content.decode()
    assert again.redirect_chain == [("/staf/ppid/pengumuman/", 302)]
    assert "Pengumuman ini sudah dicabut." in again.content.decode()


# --- query counts of the lists ---------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    """The page's reads of the PPID's and the calendar's tables (the session's and the host's
    lookups vary with the client's state, not with the rows)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(1 for query in captured.captured_queries if re.search(r"ppid_|kalender_", query["sql"]))


def test_the_lists_read_a_fixed_number_of_queries(village_a, ppid_officer, client_as):
    client = client_as(Role.PPID_OFFICER)
    with tenant_context(village_a.tenant):
        found = _refused(village_a, ppid_officer)
        services.objection_file(request=found, ground="35a", reason="Bukan rahasia.", actor=None)
    few = {url: _queries(client, url) for url in ("/staf/ppid/permohonan/", "/staf/ppid/keberatan/")}
    with tenant_context(village_a.tenant):
        for _ in range(3):
            more = _refused(village_a, ppid_officer)
            services.objection_file(request=more, ground="35a", reason="Bukan rahasia.", actor=None)
    many = {url: _queries(client, url) for url in few}
    assert many == few
