"""Every route of the village and district URLconfs, found by walking their resolvers (tests/routes.py):

1. Isolation. Each route is called, GET and POST, with URL parameters naming village A's objects
   (its own service, a request with a document, the request's download secret, a signed letter,
   an official, an adopted SOP document), from village B's host by an anonymous visitor, by each
   of B's staff roles, by a client holding A's staff session and by one holding the district
   admin's; district routes from the district's host by an anonymous visitor and by a client
   holding A's staff session. A route naming A's objects answers 404, 405 (the view does not take
   that method), 403 (the role may not open it at all) or the sign-in page; a route without
   parameters answers what it answers for B, below 500. No body contains A's tracking code,
   secret, verification code, letter number, the applicant's name, NIK or phone, A's own service,
   official or SOP decree (the address the visitor typed, which a page may repeat, aside).
2. Roles. For each staff route a table says which roles may open it; every other role gets 403,
   an anonymous visitor the sign-in page (the API: 403).

A new route without an entry in the tables fails `test_every_route_has_an_isolation_entry` or
`test_every_staff_route_has_a_roles_entry`, naming the route to add.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context

from modules.accounts.models import ROLES_BY_TENANT_TYPE, Role
from modules.berkas.intake import Document
from modules.layanan.models import Attachment, Letter, ServiceRequest, SopDocument
from modules.layanan.views import QUEUE_TICKET_SALT
from modules.notifikasi.services import CONFIRMATION_SALT
from modules.pendaftaran.models import Application
from modules.pengaduan import services as complaint_services
from modules.pengaduan.models import Category as ComplaintCategory
from modules.pengaduan.models import Complaint, Identity, Open311Key
from modules.portal.models import Official
from modules.ppid import services as ppid_services
from modules.ppid.models import Announcement, InformationItem, InformationRequest, Objection
from modules.rencana import services as rencana_services
from modules.rencana.models import Forum, NeedsFinding, Plan, Program, ProgressUpdate, UpdateAttachment
from modules.survei import selectors as survey_selectors
from modules.survei import services as survey_services
from modules.survei.models import FollowUpAction, Kiosk, Poll
from tenants.models import District, Village
from tests.conftest import VILLAGE_A, host_of, sign_in
from tests.factories import OfficialFactory, ServiceStandardFactory, SopDocumentFactory
from tests.modules.layanan.data import NIK_WOMAN, new_request_data, signed_letter
from tests.modules.pendaftaran.submitted import ADMIN_EMAIL, submitted_application
from tests.routes import Route, routes
from tests.tenants.exports_data import finished_export

VILLAGE_URLCONF = "balai.urls_village"
DISTRICT_URLCONF = "balai.urls_district"
SIGN_IN = reverse("accounts:login", urlconf=VILLAGE_URLCONF)  # the same path on the district
VILLAGE_ROLES = [str(role) for role in ROLES_BY_TENANT_TYPE["village"]]
DISTRICT_ROLES = [str(role) for role in ROLES_BY_TENANT_TYPE["district"]]


@dataclass(frozen=True)
class VillageAObjects:
    """What village A has and village B must never show: built in A's schema."""

    service_slug: str
    request: ServiceRequest
    attachment: Attachment
    letter: Letter
    official: Official
    sop_document: SopDocument
    complaint_category: ComplaintCategory
    complaint: Complaint
    open311_key: Open311Key
    complaint_photo_id: int  # the complaint's photo (not on the board)
    ppid_request: InformationRequest  # answered (refused), with an objection waiting
    ppid_objection: Objection
    dip_item: InformationItem  # published, with a file
    announcement: Announcement  # active
    alert_token: str
    survey_token: str  # an unused invitation of a finished request
    kiosk: Kiosk
    follow_up: FollowUpAction
    poll: Poll  # open, with a ballot
    plan: Plan  # published, with a program, an update with a photo, a needs finding and a forum
    program: Program
    needs_finding: NeedsFinding
    progress_update: ProgressUpdate
    update_attachment: UpdateAttachment
    forum: Forum
    signup: Application  # an application to the district, waiting for its decision

    def secrets(self) -> dict[str, str]:
        """What no page of another tenant may contain, by what it is."""
        return {
            "tracking code": self.request.tracking_code,
            "download secret": self.request.download_secret,
            "verification code": self.letter.verification_code,
            "letter number": self.letter.number,
            "applicant's name": "Pocut Baren Lamkuta",
            "NIK": NIK_WOMAN,
            "masked NIK": NIK_WOMAN[:4] + "*" * 10 + NIK_WOMAN[-2:],
            "phone": "081377770001",
            "service only in A": "Surat Khusus Lambaro",
            "official of A": "Ampon Sulaiman Lamkuta",
            "SOP decree of A": self.sop_document.decree_number,
            "complaint code": self.complaint.tracking_code,
            "complaint secret": self.complaint.secret,
            "complaint title": self.complaint.title,
            "reporter's name": "Cut Meutia Lamkuta",
            "complaint category only in A": self.complaint_category.name,
            "Open311 key of A": self.open311_key.name,
            "PPID tracking code": self.ppid_request.tracking_code,
            "PPID request secret": self.ppid_request.secret,
            "PPID registration number": self.ppid_request.registration_number,
            "PPID requester": "Teungku Chik Lamkuta",
            "PPID requester's NIK": PPID_NIK,
            "objection number": self.ppid_objection.registration_number,
            "DIP item only in A": self.dip_item.title,
            "announcement of A": self.announcement.title,
            "alert token of A": self.alert_token,
            "survey invitation of A": self.survey_token,
            "kiosk of A": self.kiosk.name,
            "follow-up action of A": self.follow_up.action,
            "poll of A": self.poll.title,
            "action plan of A": self.plan.title,
            "program of A": self.program.title,
            "forum of A": self.forum.title,
            "signup applicant's e-mail": ADMIN_EMAIL,
            "signup applicant's name": "Cut Nyak Bakoy",
        }


# --- 1. the URL parameters of each route, from village A's objects ------------------------------------

Kwargs = Callable[[VillageAObjects], dict[str, Any]]
NONE: Kwargs = lambda a: {}  # noqa: E731
SERVICE: Kwargs = lambda a: {"slug": a.service_slug}  # noqa: E731
REQUEST: Kwargs = lambda a: {"code": a.request.tracking_code}  # noqa: E731
OWNED: Kwargs = lambda a: {"code": a.request.tracking_code, "secret": a.request.download_secret}  # noqa: E731
LETTER: Kwargs = lambda a: {"verification_code": a.letter.verification_code}  # noqa: E731
API_REQUEST: Kwargs = lambda a: {"tracking_code": a.request.tracking_code}  # noqa: E731
COMPLAINT: Kwargs = lambda a: {"code": a.complaint.tracking_code}  # noqa: E731
PLAN: Kwargs = lambda a: {"plan_id": a.plan.pk}  # noqa: E731
PROGRAM: Kwargs = lambda a: {"program_id": a.program.pk}  # noqa: E731
PPID_REQUEST: Kwargs = lambda a: {"code": a.ppid_request.tracking_code}  # noqa: E731
PPID_OWNED: Kwargs = lambda a: {"code": a.ppid_request.tracking_code, "secret": a.ppid_request.secret}  # noqa: E731
DIP_ITEM: Kwargs = lambda a: {"item_id": a.dip_item.pk}  # noqa: E731
ALERT: Kwargs = lambda a: {"token": a.alert_token}  # noqa: E731
POLL: Kwargs = lambda a: {"poll_id": a.poll.pk}  # noqa: E731
SIGNUP: Kwargs = lambda a: {"application_id": a.signup.pk}  # noqa: E731
VILLAGE_A_ROW: Kwargs = lambda a: {"village_id": Village.objects.get(code=VILLAGE_A["code"]).pk}  # noqa: E731


# --- village exports (issue 13, lifecycle) ---
def export_of_a(a: VillageAObjects) -> int:
    """A finished export of village A (its archive a few stored bytes, encrypted in public)."""

    from tenants.models import ExportStatus, VillageExport

    village = Village.objects.select_related("district", "tenant").get(code=VILLAGE_A["code"])
    found = VillageExport.objects.filter(village=village, status=ExportStatus.DONE).first()
    if found is not None:
        return found.pk
    return finished_export(village, archive=b"PK arsip uji desa A").pk


EXPORT: Kwargs = lambda a: {"export_id": export_of_a(a)}  # noqa: E731

# Route name → its URL parameters. A route without parameters has NONE; it is still called.
VILLAGE_KWARGS: dict[str, Kwargs] = {
    "portal:home": NONE,
    "portal:staff_profile": NONE,
    "portal:staff_officials": NONE,
    "portal:staff_official_edit": lambda a: {"official_id": a.official.pk},
    "layanan:catalogue": NONE,
    "layanan:service": SERVICE,
    "layanan:leaflet": SERVICE,
    "layanan:request_create": SERVICE,
    "layanan:request_submitted": SERVICE,
    "layanan:sop_document": NONE,
    "layanan:sop_document_version": lambda a: {"version": a.sop_document.version},
    "layanan:track_lookup": NONE,
    "layanan:track": REQUEST,
    "layanan:track_resend_link": REQUEST,
    "layanan:owner": OWNED,
    "layanan:letter_download": OWNED,
    "layanan:verify": LETTER,
    "layanan:queue_take": NONE,
    # Signed ids: B has no ticket and no phone contact with them, so B's host answers 404.
    "layanan:queue_ticket": lambda a: {"token": signing.dumps(1, salt=QUEUE_TICKET_SALT)},
    "layanan:queue_display": NONE,
    "layanan:queue_display_data": NONE,
    "notifikasi:phone_confirm": lambda a: {"token": signing.dumps(1, salt=CONFIRMATION_SALT, compress=True)},
    "layanan:staff_worklist": NONE,
    "layanan:staff_call_next": NONE,
    "layanan:staff_walk_in_pick": NONE,
    "layanan:staff_walk_in": SERVICE,
    "layanan:staff_catalogue": NONE,
    "layanan:staff_service_new": NONE,
    "layanan:staff_service_edit": SERVICE,
    "layanan:staff_sop": NONE,
    "layanan:staff_sop_preview": NONE,
    "layanan:staff_settings": NONE,
    "layanan:staff_request": REQUEST,
    "layanan:staff_attachment": lambda a: {"code": a.request.tracking_code, "attachment_id": a.attachment.pk},
    "layanan:staff_letter": lambda a: {"code": a.request.tracking_code, "letter_id": a.letter.pk},
    "layanan:staff_letter_preview": REQUEST,
    "pengaduan:board": NONE,
    "pengaduan:create": NONE,
    "pengaduan:submitted": NONE,
    "pengaduan:lookup": NONE,
    "pengaduan:summary": NONE,
    "pengaduan:similar": NONE,
    "pengaduan:complaint": COMPLAINT,
    "pengaduan:support": COMPLAINT,
    "pengaduan:photo": lambda a: {"code": a.complaint.tracking_code, "photo_id": a.complaint_photo_id},
    "pengaduan:owner": lambda a: {"code": a.complaint.tracking_code, "secret": a.complaint.secret},
    "kalender:overrides": NONE,
    "accounts:home": NONE,
    "accounts:login": NONE,
    "accounts:logout": NONE,
    "accounts:password_change": NONE,
    "accounts:sign_in_link": lambda a: {"token": "tautan-desa-a-yang-tidak-ada"},
    "set_language": NONE,
    "api_schema": NONE,
    "api_docs": NONE,
    "layanan_api:catalogue": NONE,
    "layanan_api:service": SERVICE,
    "layanan_api:request_submit": SERVICE,
    "layanan_api:tracking": API_REQUEST,
    "layanan_api:verification": LETTER,
    "layanan_api:staff_worklist": NONE,
    "layanan_api:request_transition": API_REQUEST,
    "layanan_api:letter_issue": API_REQUEST,
    "layanan_api:letter_revoke": LETTER,
    "layanan_api:queue_ticket_call_next": NONE,
    **{
        f"open311:{name}_{fmt}": NONE
        for name in ("discovery", "services", "requests")
        for fmt in ("json", "xml")
    },
    "open311:service_json": lambda a: {"service_code": a.complaint_category.pk},
    "open311:service_xml": lambda a: {"service_code": a.complaint_category.pk},
    "open311:request_json": lambda a: {"service_request_id": a.complaint.tracking_code},
    "open311:request_xml": lambda a: {"service_request_id": a.complaint.tracking_code},
    "open311:not_found": lambda a: {"rest": f"requests/{a.complaint.tracking_code}.csv"},
    "pengaduan:staff_api_keys": NONE,
    "pengaduan:staff_api_key_revoke": lambda a: {"key_id": a.open311_key.pk},
    "pengaduan:staff_queue": NONE,
    "pengaduan:staff_record": NONE,
    "pengaduan:staff_categories": NONE,
    "pengaduan:staff_category_edit": lambda a: {"category_id": a.complaint_category.pk},
    "pengaduan:staff_settings": NONE,
    "pengaduan:staff_book": NONE,
    "pengaduan:staff_book_pdf": NONE,
    "pengaduan:staff_book_csv": NONE,
    "pengaduan:staff_book_xlsx": NONE,
    "pengaduan:staff_summary": NONE,
    "pengaduan:staff_complaint": lambda a: {"code": a.complaint.tracking_code},
    "pengaduan:staff_photo": lambda a: {"code": a.complaint.tracking_code, "photo_id": a.complaint_photo_id},
    "ppid:home": NONE,
    "ppid:dip": NONE,
    "ppid:dip_pdf": NONE,
    "ppid:dip_xlsx": NONE,
    "ppid:item_download": DIP_ITEM,
    "ppid:procedure": NONE,
    "ppid:request_create": NONE,
    "ppid:request_submitted": NONE,
    "ppid:lookup": NONE,
    "ppid:request_status": PPID_REQUEST,
    "ppid:owner": PPID_OWNED,
    "ppid:owner_letter": PPID_OWNED,
    "ppid:objection_create": PPID_OWNED,
    "ppid:announcements": NONE,
    "ppid:announcement": lambda a: {"announcement_id": a.announcement.pk},
    "ppid:alert_subscribe": NONE,
    "ppid:alert_confirm": ALERT,
    "ppid:alert_unsubscribe": ALERT,
    "ppid:staff_items": NONE,
    "ppid:staff_item_new": NONE,
    "ppid:staff_item_edit": DIP_ITEM,
    "ppid:staff_item_delete": DIP_ITEM,
    "ppid:staff_item_file": DIP_ITEM,
    "ppid:staff_checklist": NONE,
    "ppid:staff_announcements": NONE,
    "ppid:staff_announcement_withdraw": lambda a: {"announcement_id": a.announcement.pk},
    "ppid:staff_requests": NONE,
    "ppid:staff_request_record": NONE,
    "ppid:staff_request": PPID_REQUEST,
    "ppid:staff_request_letter": PPID_REQUEST,
    "ppid:staff_objection_record": PPID_REQUEST,
    "ppid:staff_objections": NONE,
    "ppid:staff_objection": lambda a: {"objection_id": a.ppid_objection.pk},
    "ppid:staff_registers": NONE,
    **{
        f"ppid:staff_register_{register}_{kind}": NONE
        for register in ("permohonan", "keberatan")
        for kind in ("csv", "xlsx", "pdf")
    },
    "ppid:staff_report": NONE,
    "ppid:staff_report_pdf": lambda a: {"year": a.ppid_request.year},
    "survei:results": NONE,
    "survei:answer": lambda a: {"token": a.survey_token},
    "survei:thanks": NONE,
    "survei:kiosk": NONE,
    "survei:polls": NONE,
    "survei:poll": POLL,
    "survei:poll_code": POLL,
    "survei:poll_answer": POLL,
    "survei:poll_results": POLL,
    "survei:staff_results": NONE,
    "survei:staff_export_csv": NONE,
    "survei:staff_export_xlsx": NONE,
    "survei:staff_report_pdf": NONE,
    "survei:staff_plan": NONE,
    "survei:staff_plan_edit": lambda a: {"action_id": a.follow_up.pk},
    "survei:staff_plan_delete": lambda a: {"action_id": a.follow_up.pk},
    "survei:staff_kiosks": NONE,
    "survei:staff_kiosk_deactivate": lambda a: {"kiosk_id": a.kiosk.pk},
    "survei:staff_polls": NONE,
    "survei:staff_poll_new": NONE,
    "survei:staff_poll": POLL,
    "survei:staff_ballot_record": POLL,
    "rencana:plans": NONE,
    "rencana:plan": PLAN,
    "rencana:plan_pdf": PLAN,
    "rencana:report_pdf": PLAN,
    "rencana:staff_plans": NONE,
    "rencana:staff_plan_new": NONE,
    "rencana:staff_areas": NONE,
    "rencana:staff_plan": PLAN,
    "rencana:staff_plan_edit": PLAN,
    "rencana:staff_plan_publish": PLAN,
    "rencana:staff_plan_delete": PLAN,
    "rencana:staff_report": PLAN,
    "rencana:staff_plan_pdf": PLAN,
    "rencana:staff_report_pdf": PLAN,
    "rencana:staff_needs_new": PLAN,
    "rencana:staff_needs_edit": lambda a: {"finding_id": a.needs_finding.pk},
    "rencana:staff_needs_delete": lambda a: {"finding_id": a.needs_finding.pk},
    "rencana:staff_program_new": PLAN,
    "rencana:staff_program": PROGRAM,
    "rencana:staff_program_edit": PROGRAM,
    "rencana:staff_program_delete": PROGRAM,
    "rencana:staff_progress_new": PROGRAM,
    "rencana:staff_progress_delete": lambda a: {"update_id": a.progress_update.pk},
    "rencana:staff_attachment": lambda a: {"attachment_id": a.update_attachment.pk},
    "rencana:staff_forum_new": PLAN,
    "rencana:staff_forum_edit": lambda a: {"forum_id": a.forum.pk},
    "rencana:staff_forum_delete": lambda a: {"forum_id": a.forum.pk},
}
DISTRICT_KWARGS: dict[str, Kwargs] = {
    "district_home": NONE,
    "kalender:overrides": NONE,
    "accounts:home": NONE,
    "accounts:login": NONE,
    "accounts:logout": NONE,
    "accounts:password_change": NONE,
    "accounts:sign_in_link": lambda a: {"token": "tautan-desa-a-yang-tidak-ada"},
    "pendaftaran:start": NONE,
    "pendaftaran:resume": lambda a: {"token": "tautan-lanjut-yang-tidak-ada"},
    "pendaftaran:desa": NONE,
    "pendaftaran:alamat": NONE,
    "pendaftaran:address_check": NONE,
    "pendaftaran:admin": NONE,
    "pendaftaran:profil": NONE,
    "pendaftaran:modul": NONE,
    "pendaftaran:periksa": NONE,
    "pendaftaran:status": NONE,
    "pendaftaran:status_json": NONE,
    "pendaftaran:enter": NONE,
    "set_language": NONE,
    "pendaftaran_staff:applications": NONE,
    "pendaftaran_staff:settings": NONE,
    "pendaftaran_staff:application": SIGNUP,
    "pendaftaran_staff:decide": SIGNUP,
    "pendaftaran_staff:retry": SIGNUP,
    # --- village exports (issue 13, lifecycle) ---
    "pendaftaran_staff:exports": NONE,
    "pendaftaran_staff:export_start": lambda a: {
        "village_id": Village.objects.get(code=VILLAGE_A["code"]).pk
    },
    "pendaftaran_staff:export": EXPORT,
    "pendaftaran_staff:export_download": EXPORT,
    # The district's villages (views_lifecycle): village A's registry row.
    "pendaftaran_staff:villages": NONE,
    **{
        f"pendaftaran_staff:{name}": VILLAGE_A_ROW
        for name in ("village", "village_suspend", "village_resume", "village_archive", "village_delete")
    },
    # The district's indicator pages (issue 14): the table, its files, village A's history.
    "indikator:table": NONE,
    "indikator:table_csv": NONE,
    "indikator:table_xlsx": NONE,
    "indikator:village": VILLAGE_A_ROW,
}


# --- 2. who may open each staff route ---------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    roles: tuple[str, ...]  # the roles that may open it; every other role of the tier gets 403
    method: str = "get"  # the method the route is for (POST-only routes: "post", empty body)
    status: int = 200  # what an allowed role gets with that method


COUNTER = (Role.VILLAGE_ADMIN, Role.OPERATOR)
ADMIN = (Role.VILLAGE_ADMIN,)
EVERY_VILLAGE_ROLE = tuple(ROLES_BY_TENANT_TYPE["village"])
COMPLAINT_HANDLERS = (Role.VILLAGE_ADMIN, Role.COMPLAINT_OFFICER)
COMPLAINT_REGISTER = (*COMPLAINT_HANDLERS, Role.COUNCIL_MEMBER)
PPID_OFFICERS = (Role.VILLAGE_ADMIN, Role.PPID_OFFICER)
PPID_REGISTER = (*PPID_OFFICERS, Role.PPID_SUPERIOR)
SURVEY_READERS = (Role.VILLAGE_ADMIN, Role.OPERATOR, Role.COUNCIL_MEMBER)
PLAN_READERS = (Role.VILLAGE_ADMIN, Role.OPERATOR, Role.PPID_OFFICER, Role.PPID_SUPERIOR, Role.COUNCIL_MEMBER)

# Staff route name → Access. Staff routes are those under staf/ and api/staf/ (sign-in and
# sign-out aside). Add the new page here with the roles its view names.
VILLAGE_ACCESS: dict[str, Access] = {
    "accounts:home": Access(EVERY_VILLAGE_ROLE),
    "accounts:password_change": Access(EVERY_VILLAGE_ROLE),
    "portal:staff_profile": Access(ADMIN),
    "portal:staff_officials": Access(ADMIN),
    "portal:staff_official_edit": Access(ADMIN),
    "kalender:overrides": Access(ADMIN),
    "layanan:staff_worklist": Access(COUNTER),
    "layanan:staff_call_next": Access(COUNTER, method="post", status=302),
    "layanan:staff_walk_in_pick": Access(COUNTER),
    "layanan:staff_walk_in": Access(COUNTER),
    "layanan:staff_catalogue": Access(ADMIN),
    "layanan:staff_service_new": Access(ADMIN),
    "layanan:staff_service_edit": Access(ADMIN),
    "layanan:staff_settings": Access(ADMIN),
    "layanan:staff_sop": Access(ADMIN),
    "layanan:staff_sop_preview": Access(ADMIN),
    "layanan:staff_request": Access(COUNTER),
    "layanan:staff_attachment": Access(COUNTER),
    "layanan:staff_letter": Access(COUNTER),
    "layanan:staff_letter_preview": Access(COUNTER),
    "layanan_api:staff_worklist": Access(COUNTER),
    "layanan_api:request_transition": Access(COUNTER, method="post", status=400),
    "layanan_api:queue_ticket_call_next": Access(COUNTER, method="post", status=204),  # the queue is empty
    "layanan_api:letter_issue": Access(ADMIN, method="post", status=400),
    "layanan_api:letter_revoke": Access(ADMIN, method="post", status=400),
    "pengaduan:staff_api_keys": Access(ADMIN),
    "pengaduan:staff_api_key_revoke": Access(ADMIN, method="post", status=302),
    "pengaduan:staff_queue": Access(COMPLAINT_REGISTER),
    "pengaduan:staff_record": Access(COMPLAINT_HANDLERS),
    "pengaduan:staff_complaint": Access(COMPLAINT_REGISTER),
    "pengaduan:staff_photo": Access(COMPLAINT_HANDLERS),
    "pengaduan:staff_categories": Access(ADMIN),
    "pengaduan:staff_category_edit": Access(ADMIN),
    "pengaduan:staff_settings": Access(ADMIN),
    "pengaduan:staff_book": Access(COMPLAINT_REGISTER),
    "pengaduan:staff_book_pdf": Access(COMPLAINT_REGISTER),
    "pengaduan:staff_book_csv": Access(COMPLAINT_REGISTER),
    "pengaduan:staff_book_xlsx": Access(COMPLAINT_REGISTER),
    "pengaduan:staff_summary": Access(COMPLAINT_REGISTER),
    "ppid:staff_items": Access(PPID_OFFICERS),
    "ppid:staff_item_new": Access(PPID_OFFICERS),
    "ppid:staff_item_edit": Access(PPID_OFFICERS),
    # An empty POST asks to confirm the removal first: the form comes back, nothing is removed.
    "ppid:staff_item_delete": Access(PPID_OFFICERS, method="post", status=200),
    "ppid:staff_item_file": Access(PPID_OFFICERS),
    "ppid:staff_checklist": Access(PPID_REGISTER),
    "ppid:staff_announcements": Access(PPID_OFFICERS),
    "ppid:staff_announcement_withdraw": Access(PPID_OFFICERS, method="post", status=302),
    "ppid:staff_requests": Access(PPID_REGISTER),
    "ppid:staff_request_record": Access(PPID_OFFICERS),
    "ppid:staff_request": Access(PPID_REGISTER),
    "ppid:staff_request_letter": Access(PPID_REGISTER),
    "ppid:staff_objection_record": Access(PPID_OFFICERS),
    "ppid:staff_objections": Access(PPID_REGISTER),
    "ppid:staff_objection": Access(PPID_REGISTER),
    "ppid:staff_registers": Access(PPID_REGISTER),
    **{
        f"ppid:staff_register_{register}_{kind}": Access(PPID_REGISTER)
        for register in ("permohonan", "keberatan")
        for kind in ("csv", "xlsx", "pdf")
    },
    "ppid:staff_report": Access(PPID_REGISTER),
    "ppid:staff_report_pdf": Access(PPID_REGISTER),
    "survei:staff_results": Access(SURVEY_READERS),
    "survei:staff_export_csv": Access(SURVEY_READERS),
    "survei:staff_export_xlsx": Access(SURVEY_READERS),
    "survei:staff_report_pdf": Access(SURVEY_READERS),
    "survei:staff_plan": Access(ADMIN),
    "survei:staff_plan_edit": Access(ADMIN),
    # An empty POST asks to confirm the removal first: the form comes back, nothing is removed.
    "survei:staff_plan_delete": Access(ADMIN, method="post", status=200),
    "survei:staff_kiosks": Access(ADMIN),
    "survei:staff_kiosk_deactivate": Access(ADMIN, method="post", status=302),
    "survei:staff_polls": Access(ADMIN),
    "survei:staff_poll_new": Access(ADMIN),
    "survei:staff_poll": Access(ADMIN),
    "survei:staff_ballot_record": Access(ADMIN),
    "rencana:staff_plans": Access(PLAN_READERS),
    "rencana:staff_plan_new": Access(ADMIN),
    "rencana:staff_areas": Access(ADMIN),
    "rencana:staff_plan": Access(PLAN_READERS),
    "rencana:staff_plan_edit": Access(ADMIN),
    # An empty body names no action: back to the plan with a message.
    "rencana:staff_plan_publish": Access(ADMIN, method="post", status=302),
    # A plan that was published is kept: back to it with the refusal.
    "rencana:staff_plan_delete": Access(ADMIN, method="post", status=302),
    "rencana:staff_report": Access(PLAN_READERS),
    "rencana:staff_plan_pdf": Access(PLAN_READERS),
    "rencana:staff_report_pdf": Access(PLAN_READERS),
    "rencana:staff_needs_new": Access(ADMIN),
    "rencana:staff_needs_edit": Access(ADMIN),
    "rencana:staff_needs_delete": Access(ADMIN, method="post", status=302),
    "rencana:staff_program_new": Access(ADMIN),
    "rencana:staff_program": Access(PLAN_READERS),
    "rencana:staff_program_edit": Access(ADMIN),
    # A program with progress updates is kept: back to it with the refusal.
    "rencana:staff_program_delete": Access(ADMIN, method="post", status=302),
    "rencana:staff_progress_new": Access(COUNTER),
    "rencana:staff_progress_delete": Access(ADMIN, method="post", status=302),
    "rencana:staff_attachment": Access(PLAN_READERS),
    "rencana:staff_forum_new": Access(COUNTER),
    "rencana:staff_forum_edit": Access(COUNTER),
    "rencana:staff_forum_delete": Access(ADMIN, method="post", status=302),
}
DISTRICT_ACCESS: dict[str, Access] = {
    "accounts:home": Access(tuple(ROLES_BY_TENANT_TYPE["district"])),
    "accounts:password_change": Access(tuple(ROLES_BY_TENANT_TYPE["district"])),
    "kalender:overrides": Access((Role.DISTRICT_ADMIN,)),
    "pendaftaran_staff:applications": Access(tuple(ROLES_BY_TENANT_TYPE["district"])),
    "pendaftaran_staff:application": Access(tuple(ROLES_BY_TENANT_TYPE["district"])),
    # An empty body names no decision: back to the application with a message.
    "pendaftaran_staff:decide": Access((Role.DISTRICT_ADMIN,), method="post", status=302),
    # The application has not failed: back to it with the refusal.
    "pendaftaran_staff:retry": Access((Role.DISTRICT_ADMIN,), method="post", status=302),
    "pendaftaran_staff:settings": Access((Role.DISTRICT_ADMIN,)),
    # --- village exports (issue 13, lifecycle): residents' data, the district admin only ---
    "pendaftaran_staff:exports": Access((Role.DISTRICT_ADMIN,)),
    # Queues an export of village A and goes to its progress page.
    "pendaftaran_staff:export_start": Access((Role.DISTRICT_ADMIN,), method="post", status=302),
    "pendaftaran_staff:export": Access((Role.DISTRICT_ADMIN,)),
    "pendaftaran_staff:export_download": Access((Role.DISTRICT_ADMIN,)),
    "pendaftaran_staff:villages": Access(tuple(ROLES_BY_TENANT_TYPE["district"])),
    "pendaftaran_staff:village": Access(tuple(ROLES_BY_TENANT_TYPE["district"])),
    # An empty body names no step: back to the village with a message, nothing changed.
    "pendaftaran_staff:village_suspend": Access((Role.DISTRICT_ADMIN,), method="post", status=302),
    "pendaftaran_staff:village_resume": Access((Role.DISTRICT_ADMIN,), method="post", status=302),
    # An empty body types no address: the page again with the error next to the field.
    "pendaftaran_staff:village_archive": Access((Role.DISTRICT_ADMIN,), method="post", status=400),
    "pendaftaran_staff:village_delete": Access((Role.DISTRICT_ADMIN,), method="post", status=400),
    # --- the district's indicators (issue 14): read by both district roles ---
    "indikator:table": Access(tuple(ROLES_BY_TENANT_TYPE["district"])),
    "indikator:table_csv": Access(tuple(ROLES_BY_TENANT_TYPE["district"])),
    "indikator:table_xlsx": Access(tuple(ROLES_BY_TENANT_TYPE["district"])),
    "indikator:village": Access(tuple(ROLES_BY_TENANT_TYPE["district"])),
}
# Sign-in, sign-out and the one-time sign-in link are reached before anyone is signed in.
NOT_STAFF_ROUTES = {"accounts:login", "accounts:logout", "accounts:sign_in_link"}
# Staff pages live under /staf/; the district's indicator pages under /indikator/ are staff pages too.
STAFF_PREFIXES = ("staf/", "api/staf/", "indikator/")


def is_staff_route(route: Route) -> bool:
    return route.route.startswith(STAFF_PREFIXES) and route.name not in NOT_STAFF_ROUTES


def is_api(route: Route) -> bool:
    return route.route.startswith("api/")


PPID_NIK = "1106101503120007"


# --- fixtures and helpers ---------------------------------------------------------------------------


@pytest.fixture
def objects_of_a(village_a: Village, village_b: Village, staff: dict[str, Any]) -> VillageAObjects:
    """A service only A has, a request for it with a scanned document, its signed letter, an
    official and an adopted SOP document."""
    with tenant_context(village_a.tenant):
        service = ServiceStandardFactory(
            service__slug="surat-khusus-lambaro", service__name="Surat Khusus Lambaro"
        ).service
        letter = signed_letter(
            village=village_a,
            service=service,
            operator=staff[Role.OPERATOR],
            signer=staff[Role.VILLAGE_ADMIN],
            data=new_request_data(applicant_name="Pocut Baren Lamkuta", nik=NIK_WOMAN, phone="081377770001"),
            attachments=[("KTP", SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 ktp", "application/pdf"))],
        )
        request = letter.request
        objects = VillageAObjects(
            service_slug=service.slug,
            request=request,
            attachment=request.attachments.get(),
            letter=letter,
            official=OfficialFactory(name="Ampon Sulaiman Lamkuta"),
            sop_document=SopDocumentFactory(decree_number="7/KPTS-LAMBARO/2026"),
            **complaint_objects_of_a(village_a, staff),
            **ppid_objects_of_a(village_a, staff),
            **survey_objects_of_a(village_a, staff, letter),
            **plan_objects_of_a(staff),
            signup=submitted_application(village_a.district),
        )
    with tenant_context(village_b.tenant):  # ids of A's rows are no rows of B (sequences are per schema)
        assert not Official.objects.filter(pk=objects.official.pk).exists()
        assert not Attachment.objects.filter(pk=objects.attachment.pk).exists()
        assert not SopDocument.objects.exists()
        assert not ComplaintCategory.objects.filter(pk=objects.complaint_category.pk).exists()
        assert not Open311Key.objects.exists()
        assert not InformationItem.objects.filter(pk=objects.dip_item.pk).exists()
        assert not Announcement.objects.filter(pk=objects.announcement.pk).exists()
        assert not Objection.objects.filter(pk=objects.ppid_objection.pk).exists()
        assert not Poll.objects.filter(pk=objects.poll.pk).exists()
        assert not Kiosk.objects.filter(pk=objects.kiosk.pk).exists()
        assert not Plan.objects.filter(pk=objects.plan.pk).exists()
        assert not Forum.objects.filter(pk=objects.forum.pk).exists()
    return objects


def complaint_objects_of_a(village_a: Village, staff: dict[str, Any]) -> dict[str, Any]:
    """A complaint category only A has, a public confidential complaint in it, an Open311 key (in
    A's schema)."""
    category = ComplaintCategory.objects.create(name="Irigasi sawah Lamkuta", order=99)
    complaint = complaint_services.complaint_submit(
        village=village_a,
        data=complaint_services.NewComplaint(
            category_id=category.pk,
            title="Saluran irigasi Lamkuta tersumbat",
            description="Air tidak sampai ke sawah di ujung dusun.",
            identity=Identity.CONFIDENTIAL,
            reporter_name="Cut Meutia Lamkuta",
            reporter_phone="081377770002",
        ),
        photos=[
            complaint_services.NewPhoto(
                upload=Document(content=b"\xff\xd8\xff\xe0 foto", content_type="image/jpeg", extension="jpg")
            )
        ],
        actor=None,
        idempotency_key="",
    )
    key = complaint_services.api_key_issue(actor=staff[Role.VILLAGE_ADMIN], name="Aplikasi Lamkuta").key
    return {
        "complaint_category": category,
        "complaint": complaint,
        "open311_key": key,
        "complaint_photo_id": complaint.photos.get().pk,
    }


def is_sign_in_redirect(response: HttpResponseBase) -> bool:
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN + "?")


def body_of(response: HttpResponseBase) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[attr-defined]
    return response.content.decode(errors="replace")


def accepts(route: Route, method: str) -> bool | None:
    """Whether the view takes the method: known for class-based views, None for functions."""
    view_class = route.view_class
    if view_class is None:
        return None
    return hasattr(view_class, method)


@dataclass
class Visitor:
    """One kind of visitor; `client()` gives its signed-in client, signed in again only after a
    route signed it out."""

    name: str
    make: Callable[[], Client]
    role: str | None  # None: the request is anonymous for the tenant called
    _client: Client | None = None

    def client(self) -> Client:
        if self._client is None:
            self._client = self.make()
        return self._client

    def forget(self) -> None:
        self._client = None


def village_b_visitors(
    village_a: Village, village_b: Village, staff: dict, staff_b: dict, district_admin: Any
) -> list[Visitor]:
    def anonymous() -> Client:
        return Client(HTTP_HOST=host_of(village_b))

    def b_staff(role: str) -> Callable[[], Client]:
        def make() -> Client:
            client = Client(HTTP_HOST=host_of(village_b))
            sign_in(client, village_b.tenant, staff_b[role])
            return client

        return make

    def a_session(role: str) -> Callable[[], Client]:
        def make() -> Client:
            client = Client(HTTP_HOST=host_of(village_b))
            sign_in(client, village_a.tenant, staff[role])  # A's session cookie, presented to B
            return client

        return make

    def district_session() -> Client:
        client = Client(HTTP_HOST=host_of(village_b))
        sign_in(client, village_b.district.tenant, district_admin)  # the district's session, on B
        return client

    return [
        Visitor("anonymous on B", anonymous, None),
        *(Visitor(f"B's {role}", b_staff(role), role) for role in VILLAGE_ROLES),
        # A session is a row in its tenant's schema: A's (its admin's, the widest) is none on B.
        Visitor("A's village_admin session on B", a_session(Role.VILLAGE_ADMIN), None),
        Visitor("the district admin's session on B", district_session, None),
    ]


def district_visitors(district: District, village_a: Village, staff: dict) -> list[Visitor]:
    def anonymous() -> Client:
        return Client(HTTP_HOST=host_of(district))

    def a_session(role: str) -> Callable[[], Client]:
        def make() -> Client:
            client = Client(HTTP_HOST=host_of(district))
            sign_in(client, village_a.tenant, staff[role])
            return client

        return make

    return [
        Visitor("anonymous on the district", anonymous, None),
        Visitor("A's village_admin session on the district", a_session(Role.VILLAGE_ADMIN), None),
    ]


def problems_on_another_tenant(
    route: Route,
    kwargs: dict[str, Any],
    visitor: Visitor,
    access: dict[str, Access],
    secrets: dict[str, str],
) -> list[str]:
    """What is wrong with the answers to GET and POST of the route for this visitor."""
    found = []
    path = route.path(**kwargs)
    for method in ("get", "post"):
        response = getattr(visitor.client(), method)(path)
        if route.name == "accounts:logout":
            visitor.forget()
        status = response.status_code
        where = f"{method.upper()} {path} ({route.name}) by {visitor.name}: {status}"
        # The page may repeat the address the visitor typed (the language form's `next`): that is
        # the visitor's own input, not A's data.
        body = body_of(response).replace(path, "")
        leaked = [what for what, value in secrets.items() if value in body]
        if leaked:
            found.append(f"{where} shows A's {', '.join(leaked)}")
        if status >= 500:
            found.append(f"{where}, a server error")
        if not kwargs:
            continue  # nothing of A is named: the route answers for B as it would anyway
        refused = status == 404 or is_sign_in_redirect(response)
        if status == 405 and accepts(route, method) is not True:
            refused = True
        if status == 403 and (
            (is_api(route) and is_staff_route(route) and visitor.role is None)
            or (route.name in access and visitor.role not in access[route.name].roles)
        ):
            refused = True
        if not refused:
            found.append(f"{where}, expected 404 or the sign-in page")
    return found


# --- the tests --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("urlconf", "table"), [(VILLAGE_URLCONF, VILLAGE_KWARGS), (DISTRICT_URLCONF, DISTRICT_KWARGS)]
)
def test_every_route_has_an_isolation_entry(urlconf, table):
    names = [route.name for route in routes(urlconf)]
    missing = [name for name in names if name not in table]
    stale = sorted(set(table) - set(names))

    assert missing == [], (
        f"add {missing} to {'VILLAGE' if urlconf == VILLAGE_URLCONF else 'DISTRICT'}_KWARGS in "
        f"{__name__}: how to build each route's URL parameters from village A's objects"
    )
    assert stale == [], f"{stale} are no routes of {urlconf} any more: remove them from the table"


@pytest.mark.parametrize(
    ("urlconf", "table", "roles"),
    [(VILLAGE_URLCONF, VILLAGE_ACCESS, VILLAGE_ROLES), (DISTRICT_URLCONF, DISTRICT_ACCESS, DISTRICT_ROLES)],
)
def test_every_staff_route_has_a_roles_entry(urlconf, table, roles):
    staff_routes = [route.name for route in routes(urlconf) if is_staff_route(route)]
    missing = [name for name in staff_routes if name not in table]

    assert missing == [], (
        f"add {missing} to {'VILLAGE' if urlconf == VILLAGE_URLCONF else 'DISTRICT'}_ACCESS in "
        f"{__name__}: the roles that may open each staff route"
    )
    assert sorted(set(table) - set(staff_routes)) == []
    assert {role for access in table.values() for role in access.roles} <= set(roles)


def test_no_village_route_reveals_village_a_on_village_b(
    village_a, village_b, staff, staff_b, district_staff, objects_of_a, record_property
):
    visitors = village_b_visitors(village_a, village_b, staff, staff_b, district_staff[Role.DISTRICT_ADMIN])
    covered = routes(VILLAGE_URLCONF)
    problems = []

    for route in covered:
        if route.name not in VILLAGE_KWARGS:
            problems.append(f"{route.name}: no entry in VILLAGE_KWARGS")
            continue
        kwargs = VILLAGE_KWARGS[route.name](objects_of_a)
        for visitor in visitors:
            problems += problems_on_another_tenant(
                route, kwargs, visitor, VILLAGE_ACCESS, objects_of_a.secrets()
            )

    record_property(
        "routes covered", f"{VILLAGE_URLCONF}: {len(covered)} routes x {len(visitors)} visitors x GET, POST"
    )
    assert problems == [], "\n".join(problems)
    with tenant_context(village_b.tenant):
        assert ServiceRequest.objects.count() == 0
        assert Letter.objects.count() == 0
        assert Complaint.objects.count() == 0
    with tenant_context(village_a.tenant):
        a = objects_of_a
        assert (ServiceRequest.objects.get().status, Letter.objects.get().is_revoked) == (
            a.request.status,
            False,
        )
        assert Complaint.objects.values_list("status", "supporter_count").get() == (a.complaint.status, 0)


def test_no_district_route_reveals_village_a(district, village_a, staff, objects_of_a, record_property):
    visitors = district_visitors(district, village_a, staff)
    covered = routes(DISTRICT_URLCONF)
    problems = []

    for route in covered:
        if route.name not in DISTRICT_KWARGS:
            problems.append(f"{route.name}: no entry in DISTRICT_KWARGS")
            continue
        kwargs = DISTRICT_KWARGS[route.name](objects_of_a)
        for visitor in visitors:
            problems += problems_on_another_tenant(
                route, kwargs, visitor, DISTRICT_ACCESS, objects_of_a.secrets()
            )
        if is_staff_route(route):
            for visitor in visitors:  # A's session is no session on the district
                response = visitor.make().get(route.path(**kwargs))
                if not is_sign_in_redirect(response):
                    problems.append(f"GET {route.route} by {visitor.name}: {response.status_code}")

    record_property(
        "routes covered", f"{DISTRICT_URLCONF}: {len(covered)} routes x {len(visitors)} visitors x GET, POST"
    )
    assert problems == [], "\n".join(problems)


def test_each_village_staff_route_answers_each_role(village_a, client_as, objects_of_a):
    by_name = {route.name: route for route in routes(VILLAGE_URLCONF)}
    seen, expected = {}, {}

    for name, access in VILLAGE_ACCESS.items():
        route = by_name[name]
        path = route.path(**VILLAGE_KWARGS[name](objects_of_a))
        answers = []
        for role in VILLAGE_ROLES:
            response = getattr(client_as(role), access.method)(path)
            answers.append(response.status_code)
        anonymous = getattr(client_as(None), access.method)(path)
        answers.append("sign-in" if is_sign_in_redirect(anonymous) else anonymous.status_code)
        seen[name] = answers
        expected[name] = [access.status if role in access.roles else 403 for role in VILLAGE_ROLES] + [
            403 if is_api(route) else "sign-in"
        ]

    assert seen == expected


def test_each_district_staff_route_answers_each_role(district, district_client, objects_of_a):
    from tests.conftest import staff_of

    accounts = staff_of(district)
    by_name = {route.name: route for route in routes(DISTRICT_URLCONF)}
    seen, expected = {}, {}

    for name, access in DISTRICT_ACCESS.items():
        path = by_name[name].path(**DISTRICT_KWARGS[name](objects_of_a))
        answers = []
        for role in DISTRICT_ROLES:
            client = Client(HTTP_HOST=host_of(district))
            sign_in(client, district.tenant, accounts[role])
            answers.append(getattr(client, access.method)(path).status_code)
        anonymous = getattr(district_client, access.method)(path)
        answers.append("sign-in" if is_sign_in_redirect(anonymous) else anonymous.status_code)
        seen[name] = answers
        expected[name] = [access.status if role in access.roles else 403 for role in DISTRICT_ROLES] + [
            "sign-in"
        ]

    assert seen == expected


def ppid_objects_of_a(village_a: Village, staff: dict[str, Any]) -> dict[str, Any]:
    """A request answered with a refusal and an objection to it, a published DIP item with a file,
    an active serta-merta announcement and a confirmed subscriber (in A's schema)."""
    officer = staff[Role.PPID_OFFICER]
    request = ppid_services.information_request_submit(
        village=village_a,
        data=ppid_services.NewRequest(
            requester_name="Teungku Chik Lamkuta",
            requester_address="Dusun Lamkuta",
            requester_nik=PPID_NIK,
            requester_phone="081377770003",
            information="Daftar penerima bantuan Lamkuta",
            purpose="Penelitian",
            form_wanted="softcopy",
            delivery="ambil",
        ),
        actor=None,
    )
    ppid_services.information_request_decide(
        actor=officer,
        request=request,
        data=ppid_services.DecisionInput(
            decision="ditolak",
            answer="Daftar memuat data pribadi.",
            exemption_ground="17h",
            consequence_test="Membuka daftar mengungkap data pribadi penerima.",
        ),
    )
    ppid_services.decision_letter_render(request_id=request.pk)
    objection = ppid_services.objection_file(
        request=request, ground="35a", reason="Saya hanya meminta jumlahnya.", actor=None
    )
    item = ppid_services.information_item_save(
        actor=officer,
        item=None,
        data=ppid_services.ItemInput(
            category="berkala",
            title="APBG Lamkuta 2026",
            summary="Anggaran gampong tahun 2026.",
            holder="Kaur Keuangan",
            publisher="PPID",
            made_when="Januari 2026",
            made_where="Lambaro",
            form="keduanya",
            retention="5 tahun",
        ),
        upload=SimpleUploadedFile("apbg.pdf", b"%PDF-1.4 apbg", "application/pdf"),
    )
    announcement = ppid_services.announcement_publish(
        actor=officer,
        data=ppid_services.AnnouncementInput(
            title="Banjir Krueng Lamkuta",
            hazard="Air naik",
            affected="Dusun Lamkuta",
            evacuation="Meunasah",
            avoidance="Jauhi sungai",
            help="Hubungi posko",
            announcer="Keuchik",
            channels="Pengeras suara",
            mitigation="Karung pasir",
        ),
        notify_subscribers=False,
    )
    subscription = ppid_services.alert_subscribe(channel="whatsapp", contact="081377770004", actor=None)
    return {
        "ppid_request": request,
        "ppid_objection": objection,
        "dip_item": item,
        "announcement": announcement,
        "alert_token": subscription.token,
    }


def survey_objects_of_a(village_a: Village, staff: dict[str, Any], letter: Letter) -> dict[str, Any]:
    """The invitation of A's signed request (unused), a kiosk, a follow-up action and an open poll
    with one ballot recorded at a meeting (in A's schema)."""
    import datetime

    from django.utils import timezone

    admin = staff[Role.VILLAGE_ADMIN]
    invitation = survey_selectors.invitation_for(f"layanan.request:{letter.request.pk}")
    assert invitation is not None
    kiosk, _token = survey_services.kiosk_register(
        actor=admin, name="Tablet Lamkuta", hourly_limit=10, service_name="Layanan loket"
    )
    follow_up = survey_services.follow_up_save(
        actor=admin,
        action=None,
        data=survey_services.ActionInput(
            year=2026,
            semester=2,
            element="waktu",
            action="Loket Lamkuta buka lebih pagi",
            owner="Sekretaris",
            due_on=datetime.date(2026, 12, 31),
        ),
    )
    now = timezone.now()
    poll = survey_services.poll_create(
        actor=admin,
        data=survey_services.PollInput(
            title="Musyawarah Lamkuta 2027",
            description="",
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(days=3),
            questions=(
                survey_services.QuestionInput(text="Prioritas?", kind="tunggal", options=("Jalan", "Air")),
            ),
        ),
    )
    question = poll.questions.get()
    survey_services.ballot_record(
        actor=admin,
        poll=poll,
        data=survey_services.BallotInput(choices={question.pk: [question.options.first().pk]}),
    )
    return {"survey_token": invitation.token, "kiosk": kiosk, "follow_up": follow_up, "poll": poll}


def plan_objects_of_a(staff: dict[str, Any]) -> dict[str, Any]:
    """A published action plan with a progress update carrying a photo, and a forum (in A's schema)."""
    from django.utils import timezone

    from tests.modules.rencana.plans import write_plan

    admin = staff[Role.VILLAGE_ADMIN]
    written = write_plan(admin, title="Rencana Aksi Lamkuta Rahasia")
    today = timezone.localdate()
    update = rencana_services.progress_record(
        actor=admin,
        program=written.health,
        data=rencana_services.ProgressInput(
            reported_on=max(written.health.starts_on, today - datetime.timedelta(days=1)),
            done="Alat posyandu Lamkuta diserahkan.",
            status="berjalan",
            values={written.health.indicators.get().pk: Decimal(80)},
            spending={"apbdes": 1_000_000},
            attachments=(
                rencana_services.AttachmentInput(
                    upload=Document(
                        content=b"\xff\xd8\xff\xe0 foto", content_type="image/jpeg", extension="jpg"
                    ),
                    caption="Penyerahan alat",
                ),
            ),
        ),
    )
    forum = rencana_services.forum_save(
        actor=admin,
        plan=written.plan,
        forum=None,
        data=rencana_services.ForumInput(
            title="Musyawarah Lamkuta Rahasia",
            held_on=today,
            place="Meunasah",
            discussion="Warga meminta posyandu buka sore.",
            attendance=(("Perangkat", 5),),
            program_ids=(written.health.pk,),
        ),
    )
    return {
        "plan": written.plan,
        "program": written.health,
        "needs_finding": written.plan.needs.get(),
        "progress_update": update,
        "update_attachment": update.attachments.get(),
        "forum": forum,
    }
