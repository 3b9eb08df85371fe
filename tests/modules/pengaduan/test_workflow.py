"""Every transition of COMPLAINT_WORKFLOW taken on the staff page by every village role: the
handlers move the complaint, every other role gets 403 and nothing changes; a step that needs a
response is refused without one, next to the field; the page offers exactly the steps it accepts."""

import re

import pytest
from django_tenants.utils import tenant_context

from modules.accounts.models import ROLES_BY_TENANT_TYPE, Role
from modules.audit.models import AuditEvent
from modules.pengaduan import services
from modules.pengaduan.models import Complaint, ComplaintEvent, EventKind, Status
from tests.modules.pengaduan.data import move, submit_complaint

VILLAGE_ROLES = [str(role) for role in ROLES_BY_TENANT_TYPE["village"]]
HANDLERS = {Role.VILLAGE_ADMIN, Role.COMPLAINT_OFFICER}
STAFF_STEPS = [t for t in services.COMPLAINT_WORKFLOW.transitions if not t.by_resident]


def _post_for(transition, original_code: str) -> dict[str, str]:
    """The staff page's form for the step (plain steps by their button; forward and duplicate by
    their own forms)."""
    if transition.target == Status.NOT_OURS:
        return {
            "action": "forward",
            "forward-forwarded_to": "Kantor Camat Ingin Jaya",
            "forward-forwarded_contact": "0651-123456",
            "forward-response": "Jalan kabupaten: kami teruskan ke kecamatan.",
        }
    if transition.target == Status.DUPLICATE:
        return {"action": "duplicate", "duplicate-original_code": original_code}
    target = transition.target
    return {
        "step": target,
        f"{target}-response": "Tanggapan untuk pelapor.",
        f"{target}-internal_note": "Catatan.",
    }


def test_the_workflow_table_is_what_the_pages_offer():
    pairs = {(t.source, t.target) for t in services.COMPLAINT_WORKFLOW.transitions}

    assert pairs == {
        (Status.RECEIVED, Status.VERIFIED),
        (Status.RECEIVED, Status.REJECTED),
        (Status.RECEIVED, Status.NOT_OURS),
        (Status.RECEIVED, Status.DUPLICATE),
        (Status.VERIFIED, Status.IN_PROGRESS),
        (Status.VERIFIED, Status.REJECTED),
        (Status.VERIFIED, Status.NOT_OURS),
        (Status.VERIFIED, Status.DUPLICATE),
        (Status.IN_PROGRESS, Status.RESOLVED),
        (Status.IN_PROGRESS, Status.NOT_OURS),
        (Status.RESOLVED, Status.IN_PROGRESS),
    }


@pytest.mark.parametrize("transition", STAFF_STEPS, ids=lambda t: f"{t.source}->{t.target}")
def test_each_staff_step_is_taken_by_the_handlers_and_refused_to_every_other_role(
    village_a, staff, client_as, transition
):
    admin = staff[Role.VILLAGE_ADMIN]
    seen = {}
    for role in VILLAGE_ROLES:
        with tenant_context(village_a.tenant):
            original = submit_complaint(village_a, title="Pengaduan asli")
            complaint = move(submit_complaint(village_a), transition.source, actor=admin)
            events_before = complaint.events.count()

        response = client_as(role).post(
            f"/staf/pengaduan/{complaint.tracking_code}/", _post_for(transition, original.tracking_code)
        )

        with tenant_context(village_a.tenant):
            after = Complaint.objects.get(pk=complaint.pk)
            audited = AuditEvent.objects.filter(
                action=f"pengaduan.complaint_{transition.target}", target_id=str(complaint.pk)
            ).exists()
            seen[role] = (response.status_code, after.status, after.events.count() - events_before, audited)

    assert seen == {
        role: (302, transition.target, 1, True) if role in HANDLERS else (403, transition.source, 0, False)
        for role in VILLAGE_ROLES
    }


@pytest.mark.parametrize(
    "transition",
    [t for t in STAFF_STEPS if t.note_required and not t.via],
    ids=lambda t: f"{t.source}->{t.target}",
)
def test_a_step_that_needs_a_response_is_refused_without_one_next_to_the_field(
    village_a, staff, officer, client_as, transition
):
    with tenant_context(village_a.tenant):
        complaint = move(submit_complaint(village_a), transition.source, actor=staff[Role.VILLAGE_ADMIN])

    response = client_as(Role.COMPLAINT_OFFICER).post(
        f"/staf/pengaduan/{complaint.tracking_code}/",
        {
            "step": transition.target,
            f"{transition.target}-response": "  ",
            f"{transition.target}-internal_note": "",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{transition.target}-response_error"' in html
    assert "Tuliskan tanggapan untuk pelapor" in html
    with tenant_context(village_a.tenant):
        assert Complaint.objects.get(pk=complaint.pk).status == transition.source


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED])
def test_the_page_offers_exactly_the_plain_steps_the_workflow_allows(
    village_a, staff, officer, client_as, status
):
    with tenant_context(village_a.tenant):
        complaint = move(submit_complaint(village_a), status, actor=staff[Role.VILLAGE_ADMIN])

    html = (
        client_as(Role.COMPLAINT_OFFICER).get(f"/staf/pengaduan/{complaint.tracking_code}/").content.decode()
    )

    offered = re.findall(r'name="step" value="([a-z_]+)"', html)
    assert offered == [
        t.target for t in services.COMPLAINT_WORKFLOW.allowed_targets(source=status, actor=officer)
    ]
    assert ('value="forward"' in html) == any(
        t.source == status and t.target == Status.NOT_OURS for t in STAFF_STEPS
    )
    assert ('value="duplicate"' in html) == any(
        t.source == status and t.target == Status.DUPLICATE for t in STAFF_STEPS
    )


def test_a_resolved_complaint_is_reopened_by_the_reporter_only(village_a, staff, officer, client_as):
    with tenant_context(village_a.tenant):
        complaint = move(submit_complaint(village_a), Status.RESOLVED, actor=officer)

    by_staff = client_as(Role.COMPLAINT_OFFICER).post(
        f"/staf/pengaduan/{complaint.tracking_code}/",
        {"step": Status.IN_PROGRESS, "ditindaklanjuti-response": "Buka lagi."},
    )
    with tenant_context(village_a.tenant):
        assert Complaint.objects.get(pk=complaint.pk).status == Status.RESOLVED
        services.complaint_feedback(
            complaint=complaint,
            secret=complaint.secret,
            answer="belum",
            rating=1,
            note="Masih berlubang.",
            actor=None,
        )
        reopened = Complaint.objects.get(pk=complaint.pk)

    assert by_staff.status_code == 400
    assert (reopened.status, reopened.reopen_count) == (Status.IN_PROGRESS, 1)
    page = (
        client_as(Role.COMPLAINT_OFFICER).get(f"/staf/pengaduan/{complaint.tracking_code}/").content.decode()
    )
    assert "Masih berlubang." in page and 'name="step" value="selesai"' in page


def test_forwarding_needs_the_body_and_a_response_and_shows_them(village_a, officer, client_as):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a)
    url = f"/staf/pengaduan/{complaint.tracking_code}/"
    client = client_as(Role.COMPLAINT_OFFICER)

    refused = client.post(url, {"action": "forward", "forward-forwarded_to": "", "forward-response": ""})
    client.post(
        url,
        {
            "action": "forward",
            "forward-forwarded_to": "Dinas PUPR Aceh Besar",
            "forward-forwarded_contact": "0651-92000",
            "forward-response": "Jalan kabupaten; kami teruskan.",
            "forward-internal_note": "Telepon Pak Kabid besok.",
        },
    )

    assert refused.status_code == 400 and 'id="id_forward-forwarded_to_error"' in refused.content.decode()
    with tenant_context(village_a.tenant):
        forwarded = Complaint.objects.get(pk=complaint.pk)
        assert (forwarded.status, forwarded.forwarded_to, forwarded.forwarded_contact) == (
            Status.NOT_OURS,
            "Dinas PUPR Aceh Besar",
            "0651-92000",
        )
        assert forwarded.events.last().internal_note == "Telepon Pak Kabid besok."
    page = client.get(url).content.decode()
    assert "Dinas PUPR Aceh Besar" in page and "0651-92000" in page


def test_a_duplicate_needs_an_open_original(village_a, officer, client_as):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a)
        closed = move(submit_complaint(village_a), Status.RESOLVED, actor=officer)
    url = f"/staf/pengaduan/{complaint.tracking_code}/"

    refused = client_as(Role.COMPLAINT_OFFICER).post(
        url, {"action": "duplicate", "duplicate-original_code": closed.tracking_code}
    )
    guessed = client_as(Role.COMPLAINT_OFFICER).post(
        url, {"action": "duplicate", "duplicate-original_code": "ZZZZ-9999"}
    )

    assert refused.status_code == guessed.status_code == 400
    assert 'id="id_duplicate-original_code_error"' in refused.content.decode()
    with tenant_context(village_a.tenant):
        assert Complaint.objects.get(pk=complaint.pk).status == Status.RECEIVED


def test_an_internal_note_stays_with_the_handlers(village_a, officer, council_member, client_as):
    with tenant_context(village_a.tenant):
        complaint = submit_complaint(village_a)
    url = f"/staf/pengaduan/{complaint.tracking_code}/"

    empty = client_as(Role.COMPLAINT_OFFICER).post(url, {"action": "note", "note-internal_note": ""})
    client_as(Role.COMPLAINT_OFFICER).post(
        url, {"action": "note", "note-internal_note": "Cek ke lokasi Kamis."}
    )

    assert empty.status_code == 400
    with tenant_context(village_a.tenant):
        note = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.NOTE)
        assert (note.internal_note, note.status) == ("Cek ke lokasi Kamis.", Status.RECEIVED)
    assert "Cek ke lokasi Kamis." in client_as(Role.VILLAGE_ADMIN).get(url).content.decode()
    council_page = client_as(Role.COUNCIL_MEMBER).get(url).content.decode()
    assert "Cek ke lokasi Kamis." not in council_page
    assert 'name="step"' not in council_page and 'value="note"' not in council_page
