"""Request checks and response headers that the security settings alone cannot express.

- A NUL byte or another control character in the path or the query string (``/lacak/?kode=%00``)
  would reach PostgreSQL, which refuses NUL in text, as a 500. Such a request is answered 400 with a
  sentence before any view runs (HTML for pages, the API's JSON error shape under ``/api/``, the
  GeoReport v2 error body under ``/open311/``). Form
  and JSON bodies are left to the forms and serializers, which refuse NUL themselves, so that upload
  views keep their own size limit before the body is read.

- A signed-in session slides: it ends ``SESSION_COOKIE_AGE`` (9 hours) after the last activity. To
  spare a session write on every request, the expiry moves forward at most every
  ``SESSION_REFRESH_SECONDS`` (5 minutes), so the idle limit is between 8 h 55 and 9 h.
- Staff pages and the staff API carry personal data: no browser or proxy cache may keep them
  (``Cache-Control: no-store``), whatever the view returned, errors included.
- The API documentation page (Redoc, served from drf-spectacular-sidecar) is the one page that needs
  more than the strict Content-Security-Policy of ``settings.CONTENT_SECURITY_POLICY``: Redoc injects
  its own <style> elements and runs its search in a blob: worker. Scripts stay 'self' only.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularRedocView

from modules.pengaduan.open311.renderers import errors as open311_errors

# C0 controls other than tab, line feed and carriage return.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Paths of every tier whose responses hold personal data for staff.
NO_STORE_PREFIXES = ("/staf/", "/api/staf/")

API_DOCS_POLICY: dict[str, list[str]] = {
    "style-src": [UNSAFE_INLINE],
    "worker-src": [SELF, "blob:"],
}


class ControlCharacterMiddleware:
    """After LocaleMiddleware, so that the refusal speaks the visitor's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_control_characters(request):
            message = _("Alamat atau isian berisi karakter yang tidak sah. Periksa kembali lalu coba lagi.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            if request.path.startswith("/open311/"):  # the GeoReport v2 error body
                return open311_errors([message], fmt="xml" if ".xml" in request.path else "json", status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


def _has_control_characters(request: HttpRequest) -> bool:
    if _CONTROL_CHARACTERS.search(request.path):
        return True
    return any(
        _CONTROL_CHARACTERS.search(key) or any(_CONTROL_CHARACTERS.search(value) for value in values)
        for key, values in request.GET.lists()
    )


SESSION_REFRESH_SECONDS = 300
_ACTIVITY_KEY = "balai_activity_at"


class SessionActivityMiddleware:
    """After AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(_ACTIVITY_KEY, 0)
            if not isinstance(last, int) or now - last >= SESSION_REFRESH_SECONDS:
                # A changed session is saved with a fresh expiry and cookie by SessionMiddleware.
                request.session[_ACTIVITY_KEY] = now
        return response


class StaffNoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(NO_STORE_PREFIXES):
            add_never_cache_headers(response)
        return response


def api_docs_view(**kwargs: Any) -> Callable[[HttpRequest], HttpResponseBase]:
    """``SpectacularRedocView.as_view(**kwargs)`` under the docs page's wider policy."""
    return csp_update(API_DOCS_POLICY)(SpectacularRedocView.as_view(**kwargs))
