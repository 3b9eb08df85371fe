"""GeoReport v2 endpoints of a village (mounted at /open311/v2/). Each view answers in the format its
route names (`.json` or `.xml`); errors come in the spec's body with the spec's status: 404 for what
does not exist, 403 for a missing or wrong api_key, 400 for anything else that cannot be done, and
429 when a limit is reached.

Nothing here identifies a reporter: reads go through `selectors.open311_requests`, which defers the
identity columns, and no field of the spec's response carries a name or a contact, whatever the
reporter chose (named, confidential or anonymous)."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework.request import Request

from modules.portal.selectors import village_profile
from modules.throttling.throttles import lookup_allowed
from tenants.models import Village

from .. import selectors, services
from ..models import (
    CLOSED_STATUSES,
    TITLE_MAX_LENGTH,
    Category,
    Complaint,
    ComplaintSettings,
    Identity,
    NotifyChannel,
    Status,
)
from . import renderers
from .throttles import AddressThrottle, KeyThrottle

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
DEFAULT_SPAN = datetime.timedelta(days=90)  # the spec's default window and its longest one
DEFAULT_LIMIT = 1000  # the spec's default number of requests
TRACKING_CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}")
SERVICE_CODE = re.compile(r"[0-9]{1,9}")
# Where a photo the reporter allowed on the board is served (the resident pages' route).
PHOTO_URL_NAME = "pengaduan:photo"


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions


View = Callable[..., HttpResponse]


def endpoint(*methods: str) -> Callable[[View], View]:
    """A GeoReport v2 endpoint: the methods it takes, the jurisdiction_id check, and errors in the
    spec's body. The format comes from the route (`fmt`). The views carry no session and no form of
    ours, so there is no CSRF token to ask for: a write needs an API key instead."""

    def wrap(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def run(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = renderers.errors(
                    [_("Metode %(method)s tidak dipakai di sini.") % {"method": request.method}],
                    fmt=fmt,
                    status=405,
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                _check_jurisdiction(request)
                return view(request, *args, fmt=fmt, **kwargs)
            except RequestDataTooBig:
                return renderers.errors([_("Isi permintaan terlalu besar.")], fmt=fmt, status=413)
            except (SuspiciousOperation, MultiPartParserError):
                return renderers.errors([_("Isi permintaan tidak dapat dibaca.")], fmt=fmt, status=400)
            except Open311Error as error:
                return renderers.errors(list(error.descriptions), fmt=fmt, status=error.status)

        # The request body cap (modules.berkas.middleware) answers an oversized POST in our body too.
        run.refusal = _refusal  # type: ignore[attr-defined]
        return run

    return wrap


def _refusal(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return renderers.errors([message], fmt="xml" if request.path.endswith(".xml") else "json", status=status)


def _village(request: HttpRequest) -> Village:
    return request.tenant.village  # type: ignore[attr-defined]


def _argument(request: HttpRequest, name: str) -> str:
    """A query or form argument; the spec treats an empty one as one not given."""
    source = request.POST if request.method == "POST" else request.GET
    return str(source.get(name, "") or request.GET.get(name, "")).strip()


def _check_jurisdiction(request: HttpRequest) -> None:
    """Optional (one endpoint serves one village), but a wrong one is refused: the spec's 404."""
    given = _argument(request, "jurisdiction_id")
    if given and given != _village(request).code:
        raise Open311Error(
            404,
            _("jurisdiction_id tidak dikenal di sini; pakai %(code)s.") % {"code": _village(request).code},
        )


def _w3(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _end_of(day: datetime.date | None) -> str | None:
    if not isinstance(day, datetime.date):
        return None
    return _w3(
        datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=timezone.get_current_timezone())
    )


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _not_found(what: str) -> Open311Error:
    return Open311Error(404, what)


# --- discovery and services ---------------------------------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("open311:discovery_json")).rsplit("/", 1)[0]


@endpoint("GET")
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    village = _village(request)
    profile = village_profile()
    changed = selectors.open311_changeset() or village.created_at
    changeset = timezone.localtime(changed).strftime("%Y-%m-%d %H:%M")
    contact = ", ".join(
        part for part in (village.display_name, profile.address, profile.phone, profile.email) if part
    )
    return renderers.render(
        {
            "changeset": changeset,
            "contact": contact,
            "key_service": _(
                "Kunci API diberikan oleh admin %(village)s di kantor %(village_noun)s atau lewat kontak "
                "di atas."
            )
            % {"village": village.display_name, "village_noun": village.district.village_noun},
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": _base_url(request),
                    "changeset": changeset,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
        fmt=fmt,
        root="discovery",
    )


def _service_notice(category: Category, config: ComplaintSettings) -> str:
    return _(
        "Diverifikasi paling lambat %(verify)d hari kerja, ditindaklanjuti paling lambat %(follow)d hari "
        "kerja setelah verifikasi, diselesaikan paling lambat %(resolve)d hari kerja."
    ) % {
        "verify": config.verify_days,
        "follow": config.follow_up_days,
        "resolve": config.days_for(category.tier),
    }


def _keywords(name: str) -> str:
    words = [word for word in re.split(r"[^\w]+", name.lower()) if len(word) > 2 and word != "dan"]
    return ", ".join(dict.fromkeys(words))


def _service(category: Category, config: ComplaintSettings) -> dict[str, Any]:
    return {
        "service_code": str(category.pk),
        "service_name": category.name,
        "description": _service_notice(category, config),
        "metadata": False,
        "type": "realtime",
        "keywords": _keywords(category.name),
        "group": str(category.get_tier_display()),
    }


@endpoint("GET")
def service_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    config = services.complaint_settings()
    return renderers.render(
        [_service(category, config) for category in selectors.categories()], fmt=fmt, root="services"
    )


def _category_or_404(service_code: str) -> Category:
    category = (
        selectors.categories().filter(pk=int(service_code)).first()
        if SERVICE_CODE.fullmatch(service_code)
        else None
    )
    if category is None:
        # The id given is not repeated: a page of one village never names another's records.
        raise _not_found(_("service_code ini tidak dikenal; lihat services.json."))
    return category


@endpoint("GET")
def service_definition(request: HttpRequest, service_code: str, *, fmt: str) -> HttpResponse:
    """Our services have no extra fields (metadata false): the definition lists no attributes."""
    category = _category_or_404(service_code)
    return renderers.render(
        {"service_code": str(category.pk), "attributes": []}, fmt=fmt, root="service_definition"
    )


# --- requests ---------------------------------------------------------------------------------------------


def _media_url(request: HttpRequest, complaint: Complaint) -> str | None:
    photos = getattr(complaint, "public_photos", [])
    if not photos:
        return None
    try:
        path = reverse(PHOTO_URL_NAME, kwargs={"code": complaint.tracking_code, "photo_id": photos[0].pk})
    except NoReverseMatch:
        return None
    return request.build_absolute_uri(path)


def _status_notes(complaint: Complaint) -> str:
    label = str(Status(complaint.status).label)
    response = getattr(complaint, "last_response", None)
    return f"{label}: {response}" if response else label


def _request(
    request: HttpRequest, complaint: Complaint, village: Village, config: ComplaintSettings
) -> dict[str, Any]:
    """One complaint in the spec's fields. No reporter's name or contact, whatever the identity."""
    closed = complaint.status in CLOSED_STATUSES
    updated = complaint.closed_at if closed and complaint.closed_at else None
    updated = updated or getattr(complaint, "last_event_at", None) or complaint.submitted_at
    forwarded = complaint.status == Status.NOT_OURS and complaint.forwarded_to
    return {
        "service_request_id": complaint.tracking_code,
        "status": "closed" if closed else "open",
        "status_notes": _status_notes(complaint),
        "service_name": complaint.category.name,
        "service_code": str(complaint.category_id),
        "description": complaint.description,
        "agency_responsible": complaint.forwarded_to if forwarded else village.display_name,
        "service_notice": _service_notice(complaint.category, config),
        "requested_datetime": _w3(complaint.submitted_at),
        "updated_datetime": _w3(updated),
        "expected_datetime": _end_of(complaint.current_due),
        "address": complaint.location or None,
        "address_id": None,
        "zipcode": None,
        "lat": _number(complaint.latitude),
        "long": _number(complaint.longitude),
        "media_url": _media_url(request, complaint),
    }


def _moment(value: str, name: str) -> datetime.datetime | None:
    if not value:
        return None
    try:
        moment = parse_datetime(value.replace(" ", "+"))  # a "+" left unescaped in a query is a space
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(
            400, _("%(name)s harus waktu W3C, misalnya 2026-01-31T00:00:00+07:00.") % {"name": name}
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _window(request: HttpRequest) -> tuple[datetime.datetime, datetime.datetime]:
    """The spec's window: the last 90 days unless given, never longer than 90 days."""
    start = _moment(_argument(request, "start_date"), "start_date")
    end = _moment(_argument(request, "end_date"), "end_date")
    if start and end:
        if end < start:
            raise Open311Error(400, _("end_date lebih awal dari start_date."))
        if end - start > DEFAULT_SPAN:
            raise Open311Error(400, _("Rentang start_date sampai end_date paling panjang 90 hari."))
        return start, end
    if start:
        return start, start + DEFAULT_SPAN
    end = end or timezone.now()
    return end - DEFAULT_SPAN, end


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _status_filter(value: str) -> str:
    wanted = {part.lower() for part in _listed(value)}
    if wanted - {"open", "closed"}:
        raise Open311Error(400, _("status hanya open atau closed."))
    return wanted.pop() if len(wanted) == 1 else ""


def _lookup_limited(request: HttpRequest) -> None:
    if not lookup_allowed(request):
        raise Open311Error(429, _("Terlalu banyak permintaan dari alamat ini; coba lagi nanti."))


def _get_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    _lookup_limited(request)
    village = _village(request)
    codes = _listed(_argument(request, "service_request_id"))
    if codes:  # the spec: ids override every other argument
        found = selectors.open311_requests(
            codes=[code.upper() for code in codes if TRACKING_CODE.fullmatch(code.upper())] or ["-"],
            limit=DEFAULT_LIMIT,
        )
    else:
        service_codes = _listed(_argument(request, "service_code"))
        if any(not SERVICE_CODE.fullmatch(code) for code in service_codes):
            raise Open311Error(400, _("service_code harus kode dari services.json."))
        start, end = _window(request)
        found = selectors.open311_requests(
            category_ids=[int(code) for code in service_codes] or None,
            status=_status_filter(_argument(request, "status")),
            start=start,
            end=end,
            limit=DEFAULT_LIMIT,
        )
    config = services.complaint_settings()
    return renderers.render(
        [_request(request, complaint, village, config) for complaint in found],
        fmt=fmt,
        root="service_requests",
    )


def _title_from(description: str) -> str:
    """The spec has no title: the first line of the description, cut at a word if long."""
    first = description.strip().splitlines()[0].strip() if description.strip() else ""
    if len(first) <= TITLE_MAX_LENGTH:
        return first
    return first[: TITLE_MAX_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


# C0 controls other than tab, line feed and carriage return (the query string's are refused by
# balai.security before any view runs; these are the form body's).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_control_characters(request: HttpRequest) -> None:
    bad = sorted(
        {
            name[:40]
            for name, values in request.POST.lists()
            if CONTROL_CHARACTERS.search(name) or any(CONTROL_CHARACTERS.search(value) for value in values)
        }
    )
    if bad:
        raise Open311Error(
            400,
            *(
                _("%(field)s berisi karakter yang tidak sah.") % {"field": CONTROL_CHARACTERS.sub("?", name)}
                for name in bad
            ),
        )


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    if not AddressThrottle().allow_request(Request(request)):
        raise Open311Error(429, _("Terlalu banyak laporan dari alamat ini; coba lagi nanti."))
    _refuse_control_characters(request)
    secret = _argument(request, "api_key")
    key = services.api_key_check(secret) if secret else None
    if key is None:
        raise Open311Error(403, _("api_key tidak ada atau tidak berlaku; laporan tidak dapat diterima."))
    if not KeyThrottle(key).allow_request(Request(request)):
        raise Open311Error(429, _("Terlalu banyak laporan dengan kunci API ini; coba lagi nanti."))
    service_code = _argument(request, "service_code")
    if not service_code:
        raise Open311Error(400, _("service_code wajib diisi."))
    category = _category_or_404(service_code)
    latitude, longitude = _argument(request, "lat"), _argument(request, "long")
    address = _argument(request, "address_string")
    if not (latitude and longitude) and not address:
        raise Open311Error(400, _("Kirim lokasi: lat dan long, atau address_string."))
    description = _argument(request, "description")
    name = " ".join(
        part for part in (_argument(request, "first_name"), _argument(request, "last_name")) if part
    )
    email = _argument(request, "email")
    data = services.NewComplaint(
        category_id=category.pk,
        title=_title_from(description),
        description=description,
        identity=Identity.NAMED if name else Identity.ANONYMOUS,
        location=address,
        latitude=latitude,
        longitude=longitude,
        reporter_name=name,
        reporter_phone=_argument(request, "phone") if name else "",
        reporter_email=email if name else "",
        notify_channel=NotifyChannel.EMAIL if name and email else NotifyChannel.NONE,
        is_public=True,
    )
    try:
        complaint = services.complaint_submit(
            village=_village(request),
            data=data,
            photos=[],  # media_url is not fetched: photos come only through the form
            actor=None,
            idempotency_key="",
            recorded_via=f"Open311: {key.name}",
        )
    except ValidationError as error:
        raise Open311Error(400, *_descriptions(error)) from error
    return renderers.render(
        [
            {
                "service_request_id": complaint.tracking_code,
                "service_notice": _service_notice(category, services.complaint_settings()),
                "account_id": None,
            }
        ],
        fmt=fmt,
        root="service_requests",
        status=201,
    )


# Our field names, as the spec's client knows them.
SPEC_FIELD = {
    "title": "description",
    "description": "description",
    "location": "address_string",
    "latitude": "lat",
    "longitude": "long",
    "reporter_name": "first_name",
    "reporter_phone": "phone",
    "reporter_email": "email",
    "category": "service_code",
}


def _descriptions(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(dict.fromkeys(str(message) for message in error.messages))
    return list(
        dict.fromkeys(
            f"{SPEC_FIELD.get(field, field)}: {message}"
            for field, field_errors in error.error_dict.items()
            for field_error in field_errors
            for message in field_error.messages
        )
    )


@endpoint("GET", "POST")
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    return _get_requests(request, fmt)


@endpoint("GET")
def request_detail(request: HttpRequest, service_request_id: str, *, fmt: str) -> HttpResponse:
    _lookup_limited(request)
    code = service_request_id.upper()
    found = selectors.open311_requests(codes=[code]) if TRACKING_CODE.fullmatch(code) else []
    if not found:
        raise _not_found(_("service_request_id ini tidak ditemukan."))
    return renderers.render(
        [_request(request, found[0], _village(request), services.complaint_settings())],
        fmt=fmt,
        root="service_requests",
    )


@endpoint("GET", "POST")
def not_found(request: HttpRequest, rest: str, *, fmt: str) -> HttpResponse:
    """Any other path under /open311/v2/: the spec's 404 rather than a page."""
    raise _not_found(_("Alamat ini bukan bagian dari GeoReport v2 di sini; lihat discovery.json."))
