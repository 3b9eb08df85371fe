"""Open311 GeoReport v2 (modules/pengaduan/open311): discovery, services, a request POSTed with a key
and read back, the spec's field names and JSON types, XML with the same fields, the 90-day and
1,000-request defaults, filters, the spec's errors, throttling, and no reporter's identity ever."""

from __future__ import annotations

import datetime
import re
import secrets
import xml.etree.ElementTree as ElementTree
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.audit.models import AuditEvent
from modules.pengaduan import services
from modules.pengaduan.models import Category, Complaint, ComplaintPhoto, Identity, Open311Key, Status
from modules.pengaduan.open311 import throttles
from modules.pengaduan.open311.views import PHOTO_URL_NAME
from modules.throttling.throttles import LookupThrottle
from modules.workflow.codes import TRACKING_ALPHABET

BASE = "/open311/v2"
W3_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")

# --- the specification's fields (wiki.open311.org/GeoReport_v2, Service_Discovery) ----------------------
# Each field with the JSON types the spec allows for it ("May not be returned" fields may be null).
STRING, NULLABLE_STRING, BOOLEAN = (str,), (str, type(None)), (bool,)
NULLABLE_NUMBER = (int, float, type(None))
DATETIME, NULLABLE_DATETIME = "w3", "w3 or null"

DISCOVERY_FIELDS = {"changeset": STRING, "contact": STRING, "key_service": STRING, "endpoints": (list,)}
ENDPOINT_FIELDS = {
    "specification": STRING,
    "url": STRING,
    "changeset": STRING,
    "type": STRING,
    "formats": (list,),
}
SERVICE_FIELDS = {
    "service_code": STRING,
    "service_name": STRING,
    "description": STRING,
    "metadata": BOOLEAN,
    "type": STRING,
    "keywords": STRING,
    "group": STRING,
}
SERVICE_DEFINITION_FIELDS = {"service_code": STRING, "attributes": (list,)}
POST_RESPONSE_FIELDS = {
    "service_request_id": STRING,
    "service_notice": NULLABLE_STRING,
    "account_id": NULLABLE_STRING,
}
REQUEST_FIELDS = {
    "service_request_id": STRING,
    "status": STRING,
    "status_notes": NULLABLE_STRING,
    "service_name": STRING,
    "service_code": STRING,
    "description": NULLABLE_STRING,
    "agency_responsible": NULLABLE_STRING,
    "service_notice": NULLABLE_STRING,
    "requested_datetime": DATETIME,
    "updated_datetime": DATETIME,
    "expected_datetime": NULLABLE_DATETIME,
    "address": NULLABLE_STRING,
    "address_id": NULLABLE_STRING,
    "zipcode": NULLABLE_STRING,
    "lat": NULLABLE_NUMBER,
    "long": NULLABLE_NUMBER,
    "media_url": NULLABLE_STRING,
}
ERROR_FIELDS = {"code": (int,), "description": STRING}
STRICT_VALUES = {
    "status": {"open", "closed"},
    "type": {"realtime", "batch", "blackbox", "production", "test"},
}


def problems(item: Any, fields: dict[str, Any]) -> list[str]:
    """What in `item` departs from the spec's field list: a missing or unknown field, a wrong type."""
    if not isinstance(item, dict):
        return [f"not an object: {item!r}"]
    found = [f"missing {name}" for name in fields if name not in item]
    found += [f"unknown field {name}" for name in item if name not in fields]
    for name, allowed in fields.items():
        if name not in item:
            continue
        value = item[name]
        if allowed in (DATETIME, NULLABLE_DATETIME):
            if value is None and allowed == NULLABLE_DATETIME:
                continue
            if not (isinstance(value, str) and W3_DATETIME.fullmatch(value)):
                found.append(f"{name}={value!r} is no W3C datetime with a time zone")
        elif not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            found.append(f"{name}={value!r} is not {allowed}")
        if name in STRICT_VALUES and value not in STRICT_VALUES[name]:
            found.append(f"{name}={value!r} is none of {sorted(STRICT_VALUES[name])}")
    return found


def test_the_field_check_itself_catches_what_the_spec_forbids():
    good = {name: "x" for name in SERVICE_FIELDS} | {"metadata": False, "type": "realtime"}

    assert problems(good, SERVICE_FIELDS) == []
    assert problems({**good, "metadata": "false"}, SERVICE_FIELDS) == [
        "metadata='false' is not (<class 'bool'>,)"
    ]
    assert problems({k: v for k, v in good.items() if k != "group"}, SERVICE_FIELDS) == ["missing group"]
    assert problems({**good, "type": "sometimes"}, SERVICE_FIELDS) == [
        "type='sometimes' is none of ['batch', 'blackbox', 'production', 'realtime', 'test']"
    ]
    request = {name: None for name in REQUEST_FIELDS} | {"requested_datetime": "2026-01-01 10:00"}
    assert "requested_datetime='2026-01-01 10:00' is no W3C datetime with a time zone" in problems(
        request, REQUEST_FIELDS
    )


# --- helpers ---------------------------------------------------------------------------------------------


def xml_of(response: Any) -> ElementTree.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    body = response.content
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ElementTree.fromstring(body)  # noqa: S314 (our own response)


def xml_items(root: ElementTree.Element, item: str) -> list[dict[str, str | None]]:
    return [{child.tag: child.text for child in element} for element in root.findall(item)]


def json_of(response: Any) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def post(client: Any, path: str, data: dict[str, str], **extra: Any) -> Any:
    """A form-encoded POST, as the spec sends it."""
    return client.post(path, urlencode(data), content_type="application/x-www-form-urlencoded", **extra)


def infrastructure() -> Category:
    return Category.objects.get(name__startswith="Infrastruktur")


def file_complaint(village: Any, **overrides: Any) -> Complaint:
    data = {
        "category_id": infrastructure().pk,
        "title": "Jalan berlubang di depan meunasah",
        "description": "Lubang besar, berbahaya bagi anak sekolah yang bersepeda.",
        "identity": Identity.ANONYMOUS,
        "location": "Jalan Lamreung, Dusun Meunasah",
        "latitude": "5.512345",
        "longitude": "95.345678",
    }
    submitted_at = overrides.pop("submitted_at", None)
    return services.complaint_submit(
        village=village,
        data=services.NewComplaint(**{**data, **overrides}),
        photos=[],
        actor=None,
        idempotency_key="",
        submitted_at=submitted_at,
    )


@pytest.fixture
def api_key(in_village_a: Any, village_admin: Any) -> str:
    return services.api_key_issue(actor=village_admin, name="Aplikasi Lapor Kecamatan").secret


@pytest.fixture
def report(infrastructure_code: str) -> dict[str, str]:
    return {
        "service_code": infrastructure_code,
        "lat": "5.5601",
        "long": "95.3202",
        "address_string": "Simpang Lambaro, dekat pasar",
        "description": "Lampu jalan mati sejak seminggu.\nGelap dan rawan di malam hari.",
    }


@pytest.fixture
def infrastructure_code(in_village_a: Any) -> str:
    return str(infrastructure().pk)


# --- discovery and services ---------------------------------------------------------------------------


def test_discovery_names_the_endpoint_and_both_formats(in_village_a, client_a, village_a):
    document = json_of(client_a.get(f"{BASE}/discovery.json"))

    assert problems(document, DISCOVERY_FIELDS) == []
    assert [problems(endpoint, ENDPOINT_FIELDS) for endpoint in document["endpoints"]] == [[]]
    endpoint = document["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == f"http://{village_a.slug}.{village_a.district.slug}.balai.test/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert village_a.display_name in document["contact"]
    root = xml_of(client_a.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [format.text for format in root.findall("endpoints/endpoint/formats/format")] == endpoint[
        "formats"
    ]
    assert root.findtext("changeset") == document["changeset"]


def test_services_are_the_active_categories(in_village_a, client_a, village_admin):
    closed = services.category_save(
        actor=village_admin, category=None, name="Kategori lama", tier=2, is_active=False, order=1
    )

    listed = json_of(client_a.get(f"{BASE}/services.json"))

    assert [problems(service, SERVICE_FIELDS) for service in listed] == [[]] * len(listed)
    assert [service["service_name"] for service in listed] == list(
        Category.objects.filter(is_active=True).values_list("name", flat=True)
    )
    assert str(closed.pk) not in {service["service_code"] for service in listed}
    assert {(service["metadata"], service["type"]) for service in listed} == {(False, "realtime")}
    infrastructure_service = next(s for s in listed if s["service_code"] == str(infrastructure().pk))
    assert "hari kerja" in infrastructure_service["description"]
    assert xml_items(xml_of(client_a.get(f"{BASE}/services.xml")), "service") == [
        {name: str(value).lower() if isinstance(value, bool) else value for name, value in service.items()}
        for service in listed
    ]


def test_a_service_definition_has_no_attributes_and_an_unknown_code_is_404(in_village_a, client_a):
    code = str(infrastructure().pk)

    assert json_of(client_a.get(f"{BASE}/services/{code}.json")) == {"service_code": code, "attributes": []}
    root = xml_of(client_a.get(f"{BASE}/services/{code}.xml"))
    assert (root.tag, root.findtext("service_code"), len(root.find("attributes"))) == (
        "service_definition",
        code,
        0,
    )
    for unknown in ("999999", "abc", "1" * 30):
        response = client_a.get(f"{BASE}/services/{unknown}.json")
        assert response.status_code == 404
        assert [problems(error, ERROR_FIELDS) for error in json_of(response)] == [[]]
        assert json_of(response)[0]["code"] == 404


# --- POST and GET of one request -----------------------------------------------------------------------


def test_a_report_posted_with_a_key_is_read_back_with_the_spec_fields(
    in_village_a, client_a, api_key, report
):
    before = timezone.now().replace(microsecond=0)

    response = post(client_a, f"{BASE}/requests.json", {**report, "api_key": api_key})

    assert response.status_code == 201
    answer = json_of(response)
    assert [problems(item, POST_RESPONSE_FIELDS) for item in answer] == [[]]
    code = answer[0]["service_request_id"]
    stored = Complaint.objects.get(tracking_code=code)
    assert (stored.identity, stored.reporter_name, stored.reporter_phone, stored.reporter_email) == (
        Identity.ANONYMOUS,
        "",
        "",
        "",
    )
    assert (stored.title, stored.location, stored.recorded_by) == (
        "Lampu jalan mati sejak seminggu.",
        "Simpang Lambaro, dekat pasar",
        "Open311: Aplikasi Lapor Kecamatan",
    )
    assert AuditEvent.objects.get(action="pengaduan.complaint_submit", target_id=str(stored.pk)).detail[
        "via"
    ] == ("Open311: Aplikasi Lapor Kecamatan")

    read = json_of(client_a.get(f"{BASE}/requests/{code}.json"))

    assert [problems(item, REQUEST_FIELDS) for item in read] == [[]]
    (item,) = read
    assert {key: item[key] for key in ("service_request_id", "status", "service_code", "lat", "long")} == {
        "service_request_id": code,
        "status": "open",
        "service_code": report["service_code"],
        "lat": 5.5601,
        "long": 95.3202,
    }
    assert item["description"] == report["description"]
    assert item["address"] == report["address_string"]
    assert item["status_notes"] == "Diterima: Pengaduan diterima."
    assert item["expected_datetime"] == f"{stored.verify_due.isoformat()}T23:59:59+07:00"
    assert before <= datetime.datetime.fromisoformat(item["requested_datetime"]) <= timezone.now()
    assert item["media_url"] is None
    assert stored.category_id == int(report["service_code"])


def test_the_key_notes_its_last_use(in_village_a, client_a, api_key, report):
    post(client_a, f"{BASE}/requests.json", {**report, "api_key": api_key})

    assert Open311Key.objects.get().last_used_at is not None


def test_a_named_reporter_is_stored_for_the_village_and_never_shown(in_village_a, client_a, api_key, report):
    response = post(
        client_a,
        f"{BASE}/requests.xml",
        {
            **report,
            "api_key": api_key,
            "first_name": "Teuku",
            "last_name": "Umar Johan",
            "phone": "081377771234",
        },
    )

    assert response.status_code == 201
    root = xml_of(response)
    code = root.findtext("request/service_request_id")
    stored = Complaint.objects.get(tracking_code=code)
    assert (stored.identity, stored.reporter_name, stored.notify_channel) == (
        Identity.NAMED,
        "Teuku Umar Johan",
        "none",
    )
    assert stored.reporter_phone.endswith("81377771234")
    for path in (f"/requests/{code}.json", f"/requests/{code}.xml", "/requests.json", "/requests.xml"):
        body = client_a.get(BASE + path).content.decode()
        assert code in body
        assert not any(value in body for value in ("Teuku", "Umar", "081377771234", "77771234", "example.id"))


def test_no_identity_leaves_through_the_api_whatever_the_reporter_chose(in_village_a, client_a, village_a):
    people = {
        Identity.NAMED: ("Pocut Meurah Intan", "081311112222", "pocut@example.id"),
        Identity.CONFIDENTIAL: ("Cut Gambang Rahasia", "081333334444", "gambang@example.id"),
        Identity.ANONYMOUS: ("", "", ""),
    }
    codes = [
        file_complaint(
            village_a, identity=identity, reporter_name=name, reporter_phone=phone, reporter_email=email
        ).tracking_code
        for identity, (name, phone, email) in people.items()
    ]

    bodies = [client_a.get(f"{BASE}/requests.{fmt}").content.decode() for fmt in ("json", "xml")]
    bodies += [
        client_a.get(f"{BASE}/requests/{code}.{fmt}").content.decode()
        for code in codes
        for fmt in ("json", "xml")
    ]

    assert all(code in bodies[0] and code in bodies[1] for code in codes)
    leaked = {
        value for body in bodies for person in people.values() for value in person if value and value in body
    }
    assert leaked == set()


def test_a_complaint_kept_off_the_board_is_not_in_the_api(in_village_a, client_a, village_a):
    hidden = file_complaint(village_a, is_public=False)

    assert client_a.get(f"{BASE}/requests/{hidden.tracking_code}.json").status_code == 404
    assert hidden.tracking_code not in client_a.get(f"{BASE}/requests.json").content.decode()


def test_status_notes_carry_the_status_and_the_latest_response_never_an_internal_note(
    in_village_a, client_a, village_a, staff
):
    officer = staff[Role.COMPLAINT_OFFICER]
    complaint = file_complaint(village_a)
    services.complaint_transition(
        complaint=complaint,
        to_status=Status.VERIFIED,
        actor=officer,
        response="Sudah dicek ke lokasi.",
        internal_note="Catatan dalam: kontraktor lama",
    )
    complaint.refresh_from_db()

    (item,) = json_of(client_a.get(f"{BASE}/requests/{complaint.tracking_code}.json"))

    assert item["status_notes"] == "Diverifikasi: Sudah dicek ke lokasi."
    assert item["expected_datetime"] == f"{complaint.follow_up_due.isoformat()}T23:59:59+07:00"
    assert "kontraktor" not in client_a.get(f"{BASE}/requests.json").content.decode()

    services.complaint_forward(
        complaint=complaint,
        actor=officer,
        body="Dinas PUPR Aceh Besar",
        contact="0651-123456",
        response="Jalan kabupaten: diteruskan ke Dinas PUPR.",
        internal_note="",
    )
    complaint.refresh_from_db()
    (item,) = json_of(client_a.get(f"{BASE}/requests/{complaint.tracking_code}.json"))

    assert (item["status"], item["agency_responsible"], item["expected_datetime"]) == (
        "closed",
        "Dinas PUPR Aceh Besar",
        None,
    )
    assert item["updated_datetime"] == timezone.localtime(complaint.closed_at).isoformat(timespec="seconds")


def test_a_duplicate_stays_readable_as_closed(in_village_a, client_a, village_a, staff):
    original, copy = file_complaint(village_a), file_complaint(village_a)
    services.complaint_mark_duplicate(
        complaint=copy,
        original_code=original.tracking_code,
        actor=staff[Role.COMPLAINT_OFFICER],
        response="",
        internal_note="",
    )

    (item,) = json_of(client_a.get(f"{BASE}/requests/{copy.tracking_code}.json"))

    assert item["status"] == "closed"
    assert item["status_notes"] == f"Duplikat: Sama dengan pengaduan {original.tracking_code}."


def test_media_url_is_the_public_photo_only_when_the_reporter_allowed_it(in_village_a, client_a, village_a):
    complaint = file_complaint(village_a)
    private = ComplaintPhoto(complaint=complaint, content_type="image/jpeg", size=3, is_public=False)
    private.file.save("foto.jpg", ContentFile(b"abc"), save=False)
    private.save()

    (item,) = json_of(client_a.get(f"{BASE}/requests/{complaint.tracking_code}.json"))
    assert item["media_url"] is None

    allowed = ComplaintPhoto(complaint=complaint, content_type="image/jpeg", size=3, is_public=True)
    allowed.file.save("foto.jpg", ContentFile(b"abc"), save=False)
    allowed.save()
    (item,) = json_of(client_a.get(f"{BASE}/requests/{complaint.tracking_code}.json"))

    path = reverse(
        PHOTO_URL_NAME,
        kwargs={"code": complaint.tracking_code, "photo_id": allowed.pk},
        urlconf="balai.urls_village",
    )
    assert item["media_url"].endswith(path)
    assert b"".join(client_a.get(path).streaming_content) == b"abc"  # the board's own photo route


# --- the spec's errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_post_without_a_valid_key_gets_the_spec_403_and_stores_nothing(
    in_village_a, client_a, village_admin, report, fmt
):
    issued = services.api_key_issue(actor=village_admin, name="Aplikasi lama")
    services.api_key_revoke(actor=village_admin, key=issued.key)

    for key in (None, "", "b311_tebakan", issued.secret):
        data = report if key is None else {**report, "api_key": key}
        response = post(client_a, f"{BASE}/requests.{fmt}", data)

        assert response.status_code == 403
        if fmt == "json":
            (error,) = json_of(response)
            assert problems(error, ERROR_FIELDS) == []
        else:
            (error,) = xml_items(xml_of(response), "error")
        assert str(error["code"]) == "403"
        assert "api_key" in error["description"]
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"service_code": ""}, 400, "service_code wajib"),
        ({"service_code": "999999"}, 404, "service_code ini tidak dikenal"),
        ({"service_code": "satu"}, 404, "service_code ini tidak dikenal"),
        ({"lat": "", "long": "", "address_string": ""}, 400, "lat dan long"),
        ({"lat": "5.5", "long": "", "address_string": ""}, 400, "lat dan long"),
        ({"lat": "NaN", "long": "95.3"}, 400, "lat: "),
        ({"lat": "95.5", "long": "95.3"}, 400, "lat: "),
        ({"description": ""}, 400, "description: "),
        ({"description": "x" * 4001}, 400, "description: "),
        ({"description": "ada\x00nul"}, 400, "description berisi karakter yang tidak sah"),
        ({"first_name": "Cut\x00"}, 400, "first_name berisi karakter yang tidak sah"),
        ({"address_string": "x" * 301}, 400, "address_string: "),
        ({"first_name": "Cut", "phone": "bukan nomor"}, 400, "phone: "),
        ({"jurisdiction_id": "1106999999"}, 404, "jurisdiction_id"),
    ],
)
def test_bad_reports_get_the_spec_error_and_store_nothing(
    in_village_a, client_a, api_key, report, change, status, words
):
    client_a.raise_request_exception = False

    response = post(client_a, f"{BASE}/requests.json", {**report, "api_key": api_key, **change})

    assert response.status_code == status
    errors = json_of(response)
    assert [problems(error, ERROR_FIELDS) for error in errors] == [[]] * len(errors)
    assert {error["code"] for error in errors} == {status}
    assert any(words in error["description"] for error in errors), errors
    assert Complaint.objects.count() == 0


def test_the_village_code_is_the_jurisdiction(in_village_a, client_a, village_a, api_key, report):
    response = post(
        client_a, f"{BASE}/requests.json", {**report, "api_key": api_key, "jurisdiction_id": village_a.code}
    )

    assert response.status_code == 201
    assert client_a.get(f"{BASE}/services.json", {"jurisdiction_id": village_a.code}).status_code == 200
    wrong = client_a.get(f"{BASE}/services.xml", {"jurisdiction_id": "sfgov.org"})
    assert wrong.status_code == 404
    assert xml_items(xml_of(wrong), "error")[0]["code"] == "404"


def test_media_url_in_a_report_is_not_fetched(in_village_a, client_a, api_key, report):
    response = post(
        client_a,
        f"{BASE}/requests.json",
        {**report, "api_key": api_key, "media_url": "http://127.0.0.1:1/x.jpg"},
    )

    assert response.status_code == 201
    assert ComplaintPhoto.objects.count() == 0


def test_an_oversized_report_is_413_in_the_spec_body(in_village_a, client_a, api_key, report):
    body = {**report, "api_key": api_key, "description": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}

    response = post(client_a, f"{BASE}/requests.json", body)

    assert response.status_code == 413
    assert json_of(response)[0]["code"] == 413
    assert Complaint.objects.count() == 0


def test_unknown_ids_paths_and_methods_get_spec_errors(in_village_a, client_a):
    client_a.raise_request_exception = False
    cases = [
        (client_a.get(f"{BASE}/requests/ABCD-EFGH.json"), 404),
        (client_a.get(f"{BASE}/requests/tebak%27an.json"), 404),
        (client_a.get(f"{BASE}/requests.csv"), 404),
        (client_a.get(f"{BASE}/tokens/123.json"), 404),
        (client_a.post(f"{BASE}/services.json"), 405),
        (client_a.delete(f"{BASE}/requests.json"), 405),
        (client_a.get(f"{BASE}/requests.json?status=%00"), 400),
        (client_a.get(f"{BASE}/requests.json?status=pending"), 400),
        (client_a.get(f"{BASE}/requests.json?service_code=satu"), 400),
        (client_a.get(f"{BASE}/requests.json?start_date=kemarin"), 400),
    ]

    assert [(response.status_code, json_of(response)[0]["code"]) for response, _status in cases] == [
        (status, status) for _response, status in cases
    ]


# --- GET requests: defaults and filters ------------------------------------------------------------------


def test_requests_default_to_the_last_90_days_and_refuse_a_longer_span(in_village_a, client_a, village_a):
    now = timezone.now()
    old = file_complaint(village_a, submitted_at=now - datetime.timedelta(days=100))
    recent = file_complaint(village_a, submitted_at=now - datetime.timedelta(days=10))

    def codes(**query: str) -> list[str]:
        return [item["service_request_id"] for item in json_of(client_a.get(f"{BASE}/requests.json", query))]

    assert codes() == [recent.tracking_code]
    since = (now - datetime.timedelta(days=120)).strftime("%Y-%m-%dT%H:%M:%S+07:00")
    assert codes(start_date=since) == [old.tracking_code]  # 90 days from the start
    until = (now - datetime.timedelta(days=50)).isoformat()
    assert codes(end_date=until) == [old.tracking_code]  # 90 days up to the end
    refused = client_a.get(  # more than 90 days
        f"{BASE}/requests.json", {"start_date": since, "end_date": now.isoformat().replace("+00:00", "Z")}
    )
    assert (refused.status_code, json_of(refused)[0]["code"]) == (400, 400)
    assert codes(service_request_id=f"{old.tracking_code},{recent.tracking_code}") == [
        recent.tracking_code,
        old.tracking_code,
    ]  # ids override the window


def code_of(number: int) -> str:
    """A distinct tracking code per number (base 28 in the codes' alphabet)."""
    digits = ""
    for _position in range(4):
        number, digit = divmod(number, len(TRACKING_ALPHABET))
        digits = TRACKING_ALPHABET[digit] + digits
    return f"{digits}-TEXT"


def test_requests_return_at_most_1000_newest_first_in_two_queries(in_village_a, client_a, village_a):
    category, config_due = infrastructure(), timezone.localdate()
    now = timezone.now()
    Complaint.objects.bulk_create(
        Complaint(
            tracking_code=code_of(number),
            secret=secrets.token_urlsafe(8),
            category=category,
            title=f"Pengaduan {number}",
            description="Uraian",
            identity=Identity.ANONYMOUS,
            submitted_at=now - datetime.timedelta(minutes=number),
            verify_due=config_due,
            resolve_due=config_due,
        )
        for number in range(1, 1006)
    )
    newest = Complaint.objects.order_by("-submitted_at").first()

    with CaptureQueriesContext(connection) as queries:
        listed = json_of(client_a.get(f"{BASE}/requests.json"))

    assert len(listed) == 1000
    assert listed[0]["service_request_id"] == newest.tracking_code
    complaint_queries = [
        query["sql"]
        for query in queries.captured_queries
        if re.search(r'FROM "pengaduan_complaint"\s', query["sql"])
    ]
    photo_queries = [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "pengaduan_complaintphoto"' in query["sql"]
    ]
    assert (len(complaint_queries), len(photo_queries)) == (1, 1)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", {"open"}),
        ("closed", {"closed"}),
        ("open,closed", {"open", "closed"}),
        ("", {"open", "closed"}),
    ],
)
def test_the_status_filter(in_village_a, client_a, village_a, staff, status, expected):
    file_complaint(village_a)
    closing = file_complaint(village_a)
    services.complaint_transition(
        complaint=closing,
        to_status=Status.REJECTED,
        actor=staff[Role.COMPLAINT_OFFICER],
        response="Bukan masalah yang dapat ditangani.",
        internal_note="",
    )

    listed = json_of(client_a.get(f"{BASE}/requests.json", {"status": status}))

    assert {item["status"] for item in listed} == expected


def test_the_service_code_filter(in_village_a, client_a, village_a):
    cleanliness = Category.objects.get(name__startswith="Kebersihan")
    road = file_complaint(village_a)
    litter = file_complaint(village_a, category_id=cleanliness.pk)

    def codes(service_code: str) -> set[str]:
        listed = json_of(client_a.get(f"{BASE}/requests.json", {"service_code": service_code}))
        return {item["service_request_id"] for item in listed}

    assert codes(str(cleanliness.pk)) == {litter.tracking_code}
    assert codes(f"{cleanliness.pk},{road.category_id}") == {litter.tracking_code, road.tracking_code}
    assert codes("999999") == set()


def test_xml_requests_carry_the_same_fields_as_json(in_village_a, client_a, village_a, staff):
    file_complaint(village_a)
    verified = file_complaint(village_a, latitude="", longitude="")
    services.complaint_transition(
        complaint=verified,
        to_status=Status.VERIFIED,
        actor=staff[Role.COMPLAINT_OFFICER],
        response="Dicek besok & <segera>.",
        internal_note="",
    )

    listed = json_of(client_a.get(f"{BASE}/requests.json"))
    root = xml_of(client_a.get(f"{BASE}/requests.xml"))

    assert root.tag == "service_requests"
    as_text = [
        {name: None if value is None else str(value) for name, value in item.items()} for item in listed
    ]
    assert xml_items(root, "request") == as_text
    assert [[child.tag for child in element] for element in root] == [list(REQUEST_FIELDS)] * 2


# --- throttling ---------------------------------------------------------------------------------------


@pytest.fixture
def two_reports_per_hour(monkeypatch, in_village_a, clean_throttle):
    rates = {**throttles.AddressThrottle.THROTTLE_RATES, "open311_address": "2/hour", "open311_key": "3/hour"}
    monkeypatch.setattr(throttles._Open311Throttle, "THROTTLE_RATES", rates)


def test_reports_are_limited_per_address_whatever_x_forwarded_for_says(
    two_reports_per_hour, client_a, api_key, report
):
    statuses = [
        post(
            client_a,
            f"{BASE}/requests.json",
            {**report, "api_key": api_key},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        ).status_code
        for number in range(3)
    ]

    assert statuses == [201, 201, 429]
    assert Complaint.objects.count() == 2


def test_guessing_keys_counts_against_the_address(two_reports_per_hour, client_a, report):
    statuses = [
        post(client_a, f"{BASE}/requests.json", {**report, "api_key": f"b311_{n}"}).status_code
        for n in range(3)
    ]

    assert statuses == [403, 403, 429]


def test_reports_are_limited_per_key_across_addresses(two_reports_per_hour, client_a, api_key, report):
    statuses = [
        post(
            client_a, f"{BASE}/requests.json", {**report, "api_key": api_key}, REMOTE_ADDR=f"192.0.2.{n}"
        ).status_code
        for n in range(4)
    ]

    assert statuses == [201, 201, 201, 429]
    assert (
        json_of(
            post(client_a, f"{BASE}/requests.json", {**report, "api_key": api_key}, REMOTE_ADDR="192.0.2.9")
        )[0]["code"]
        == 429
    )


def test_lookups_are_limited_per_address(monkeypatch, in_village_a, clean_throttle, client_a):
    monkeypatch.setattr(LookupThrottle, "THROTTLE_RATES", {"lookup": "2/10m"})

    statuses = [client_a.get(f"{BASE}/requests/ABCD-EFGH.json").status_code for _ in range(3)]

    assert statuses == [404, 404, 429]


# --- another village ----------------------------------------------------------------------------------


def test_another_villages_host_knows_none_of_a_s_requests(village_a, village_b, client_b, api_key, report):
    with tenant_context(village_a.tenant):
        code = file_complaint(village_a).tracking_code

    assert client_b.get(f"{BASE}/requests/{code}.json").status_code == 404
    assert code not in client_b.get(f"{BASE}/requests.json").content.decode()
    # A's key is no key on B's host.
    refused = post(client_b, f"{BASE}/requests.json", {**report, "api_key": api_key})
    assert refused.status_code == 403
    with tenant_context(village_b.tenant):
        assert Complaint.objects.count() == 0


# --- the API-key page -----------------------------------------------------------------------------------


def test_the_admin_issues_a_key_shown_once_and_stored_hashed(in_village_a, admin_client):
    response = admin_client.post("/staf/pengaduan/kunci-api/", {"name": "Aplikasi Lapor Kecamatan"})

    assert response.status_code == 200
    secret = re.search(r"b311_[A-Za-z0-9_-]+", response.content.decode()).group(0)
    key = Open311Key.objects.get()
    assert (key.name, key.prefix, key.key_hash) == (
        "Aplikasi Lapor Kecamatan",
        secret[5:13],
        services.api_key_hash(secret),
    )
    assert secret not in str(list(Open311Key.objects.values()))
    listing = admin_client.get("/staf/pengaduan/kunci-api/").content.decode()
    assert secret not in listing
    assert f"{key.prefix}…" in listing
    assert "belum pernah dipakai" in listing
    assert "no-store" in response["Cache-Control"]


def test_a_blank_name_is_refused_next_to_the_field(in_village_a, admin_client):
    response = admin_client.post("/staf/pengaduan/kunci-api/", {"name": "  "})

    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert Open311Key.objects.count() == 0


def test_a_revoked_key_is_refused_by_the_api(in_village_a, admin_client, client_a, api_key, report):
    key = Open311Key.objects.get()

    response = admin_client.post(f"/staf/pengaduan/kunci-api/{key.pk}/cabut/")

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert AuditEvent.objects.filter(action="pengaduan.api_key_revoke", target_id=str(key.pk)).count() == 1
    assert post(client_a, f"{BASE}/requests.json", {**report, "api_key": api_key}).status_code == 403
    assert "dicabut" in admin_client.get("/staf/pengaduan/kunci-api/").content.decode()


def test_the_menu_offers_the_key_page_to_the_admin_only(in_village_a, client_as):
    assert "/staf/pengaduan/kunci-api/" in client_as(Role.VILLAGE_ADMIN).get("/staf/").content.decode()
    assert (
        "/staf/pengaduan/kunci-api/" not in client_as(Role.COMPLAINT_OFFICER).get("/staf/").content.decode()
    )


def test_pages_and_errors_speak_english_when_asked(in_village_a, client_a):
    response = client_a.get(f"{BASE}/requests/ABCD-EFGH.json", HTTP_ACCEPT_LANGUAGE="en")

    assert json_of(response)[0]["description"] == "This service_request_id was not found."
