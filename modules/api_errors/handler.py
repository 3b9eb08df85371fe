"""The one DRF exception handler of every API (its bodies are described in ``serializers.py``).

Errors are status codes with a body, never ``200 {"success": false}``:

- 400 ``{"detail": "...", "errors": {"field": ["message", ...]}}`` for a Django ``ValidationError``
  raised by a service (a message dict keeps its fields; a plain message or list goes under
  ``non_field_errors``) and for a serializer's ``ValidationError``;
- 403 ``{"detail": "..."}`` for ``PermissionDenied`` and for a visitor who has not signed in (the
  API authenticates by session, so there is no ``WWW-Authenticate`` challenge and no 401);
- 404 ``{"detail": "..."}`` for ``Http404``. Django's own 404 messages name the model
  ("No Service matches the given query."), so they are replaced by a neutral Indonesian one; a page
  number past the end ("Invalid page.") gets its own sentence;
- 413 ``{"detail": "..."}`` for a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (or with more
  fields than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``);
- 429 ``{"detail": "..."}`` with ``Retry-After`` when a throttle refuses;
- 500 ``{"detail": "..."}`` for anything else: the error is logged with its traceback (and reaches
  Sentry through the logging integration), the transaction is rolled back, and the client gets JSON.

Outside the views (an unknown ``/api/...`` path, a failure in middleware) ``api_error_404`` and
``api_error_500`` answer in the same shape; the URLconfs name them as ``handler404``/``handler500``.

Messages a service wrote are kept; DRF's generic defaults are replaced by Indonesian sentences, in
English when the request asks for it (``Accept-Language: en``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from tenants.models import TenantType
from tenants.words import district_of, village_noun

logger = logging.getLogger(__name__)


def _default_messages(request: object = None) -> dict[type[exceptions.APIException], str]:
    return {
        exceptions.NotAuthenticated: _sign_in_first(request),
        exceptions.AuthenticationFailed: _("Sesi masuk tidak valid; silakan masuk kembali."),
        exceptions.PermissionDenied: _("Anda tidak berwenang melakukan ini."),
        exceptions.NotFound: _("Data yang dicari tidak ditemukan."),
        exceptions.MethodNotAllowed: _("Metode permintaan ini tidak didukung."),
        exceptions.NotAcceptable: _("Format jawaban yang diminta tidak tersedia."),
        exceptions.UnsupportedMediaType: _("Format isian tidak didukung; kirim JSON atau multipart."),
        exceptions.ParseError: _("Isian tidak dapat dibaca; periksa format JSON-nya."),
        exceptions.Throttled: _("Terlalu banyak permintaan; coba lagi sebentar lagi."),
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """``REST_FRAMEWORK["EXCEPTION_HANDLER"] = "modules.api_errors.handler.exception_handler"``."""
    if isinstance(exc, DjangoValidationError):
        return _validation_response(_django_errors(exc))
    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(_drf_errors(exc.detail))
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        set_rollback()
        return Response({"detail": _too_large_message()}, status=413)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_default_messages()[exceptions.NotFound])
    elif isinstance(exc, DjangoPermissionDenied):
        message = str(exc.args[0]) if exc.args and exc.args[0] else ""
        exc = exceptions.PermissionDenied(message or _default_messages()[exceptions.PermissionDenied])
    request = context.get("request")
    if isinstance(exc, exceptions.APIException):
        _replace_generic_detail(exc, request)
        return drf_exception_handler(exc, context)
    logger.error(
        "API error %s on %s %s",
        type(exc).__name__,
        getattr(request, "method", ""),
        getattr(request, "path", ""),
        exc_info=exc,
    )
    set_rollback()
    return Response({"detail": _server_error_message()}, status=500)


def _sign_in_first(request: object) -> str:
    """On a village's host the village is named as its district names villages ("staf gampong")."""
    tenant = getattr(request, "tenant", None)
    if getattr(tenant, "type", None) == TenantType.VILLAGE:
        noun = village_noun(district_of(tenant))
        return _("Masuk sebagai staf %(village_noun)s terlebih dahulu.") % {"village_noun": noun}
    return _("Masuk sebagai staf terlebih dahulu.")


def _is_invalid_page(exc: exceptions.NotFound) -> bool:
    """DRF's paginators raise NotFound("Invalid page.") (translated) for a page past the end or not a
    number."""
    return str(exc.detail) in {
        str(PageNumberPagination.invalid_page_message),
        str(CursorPagination.invalid_cursor_message),
    }


def _too_large_message() -> str:
    return _("Isian terlalu besar untuk diterima; kurangi ukuran atau jumlah isiannya.")


def _server_error_message() -> str:
    return _(
        "Terjadi gangguan di server; permintaan tidak dapat diselesaikan. Silakan coba lagi beberapa saat "
        "lagi."
    )


def api_error_404(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404`` of every URLconf: JSON under ``/api/``, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _default_messages()[exceptions.NotFound]}, status=404)
    return defaults.page_not_found(request, exception)


def api_error_500(request: HttpRequest) -> HttpResponse:
    """``handler500`` of every URLconf: JSON under ``/api/``, the 500 page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _server_error_message()}, status=500)
    return defaults.server_error(request)


def api_error_400(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: an oversize body read outside a view, or a bad Host, under ``/api/`` is JSON."""
    if request.path.startswith("/api/"):
        if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
            return JsonResponse({"detail": _too_large_message()}, status=413)
        return JsonResponse({"detail": _("Permintaan tidak dapat diproses.")}, status=400)
    return defaults.bad_request(request, exception)


def _replace_generic_detail(exc: exceptions.APIException, request: object) -> None:
    """DRF's defaults ("Not found.", "Authentication credentials were not provided.") become Indonesian;
    a message written by the code that raised the exception is kept."""
    for exception_class, message in _default_messages(request).items():
        if not isinstance(exc, exception_class):
            continue
        is_generic = str(exc.detail) == str(exception_class.default_detail)
        if isinstance(exc, exceptions.NotFound) and _is_invalid_page(exc):
            exc.detail = exceptions.ErrorDetail(_("Halaman ini tidak ada."), code="invalid_page")
            return
        # These defaults carry a parameter (the method, the wait, the JSON decoder's English message), so
        # they never equal default_detail.
        if is_generic or isinstance(
            exc, exceptions.MethodNotAllowed | exceptions.Throttled | exceptions.ParseError
        ):
            exc.detail = exceptions.ErrorDetail(message, code=exc.default_code)
        return


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(item) for item in messages] for field, messages in exc.message_dict.items()}
        if NON_FIELD_ERRORS in errors:
            errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
        return errors
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(message) for message in exc.messages]}


def _drf_errors(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {str(field): _plain(messages) for field, messages in detail.items()}
    return {api_settings.NON_FIELD_ERRORS_KEY: _plain(detail if isinstance(detail, list) else [detail])}


def _plain(value: Any) -> Any:
    """ErrorDetail -> str, recursively (nested serializers give dicts of lists)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return str(value)


def _validation_response(errors: dict[str, Any]) -> Response:
    non_field = errors.get(api_settings.NON_FIELD_ERRORS_KEY)
    if len(errors) == 1 and non_field and all(isinstance(message, str) for message in non_field):
        detail = " ".join(non_field)
    else:
        detail = _("Periksa kembali isian yang ditandai.")
    set_rollback()  # as DRF does for its own errors, should ATOMIC_REQUESTS ever be turned on
    return Response({"detail": detail, "errors": errors}, status=400)
