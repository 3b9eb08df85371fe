"""The one DRF exception handler of every API (its bodies are described in ``serializers.py``).

Errors are status codes with a body, never ``200 {"success": false}``:

- 400 ``{"detail": "...", "errors": {"field": ["message", ...]}}`` for a Django ``ValidationError``
  raised by a service (a message dict keeps its fields; a plain message or list goes under
  ``non_field_errors``) and for a serializer's ``ValidationError``;
- 403 ``{"detail": "..."}`` for ``PermissionDenied`` and for a visitor who has not signed in (the
  API authenticates by session, so there is no ``WWW-Authenticate`` challenge and no 401);
- 404 ``{"detail": "..."}`` for ``Http404``. Django's own 404 messages name the model
  ("No Service matches the given query."), so they are replaced by a neutral Indonesian one.

Messages a service wrote are kept; DRF's generic defaults are replaced by Indonesian sentences.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback


def _default_messages() -> dict[type[exceptions.APIException], str]:
    return {
        exceptions.NotAuthenticated: _("Masuk sebagai staf desa terlebih dahulu."),
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
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_default_messages()[exceptions.NotFound])
    elif isinstance(exc, DjangoPermissionDenied):
        message = str(exc.args[0]) if exc.args and exc.args[0] else ""
        exc = exceptions.PermissionDenied(message or _default_messages()[exceptions.PermissionDenied])
    if isinstance(exc, exceptions.APIException):
        _replace_generic_detail(exc)
    return drf_exception_handler(exc, context)


def _replace_generic_detail(exc: exceptions.APIException) -> None:
    """DRF's defaults ("Not found.", "Authentication credentials were not provided.") become Indonesian;
    a message written by the code that raised the exception is kept."""
    for exception_class, message in _default_messages().items():
        if not isinstance(exc, exception_class):
            continue
        is_generic = str(exc.detail) == str(exception_class.default_detail)
        # These two defaults carry a parameter (the method, the wait), so they never equal default_detail.
        if is_generic or isinstance(exc, exceptions.MethodNotAllowed | exceptions.Throttled):
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
