"""Caps the request body before anything reads it.

``request.POST`` and ``request.FILES`` spool a multipart body to ``FILE_UPLOAD_TEMP_DIR`` (/tmp)
as they parse it, and the CSRF check parses it first. So this middleware sits before
``CsrfViewMiddleware`` and, in ``process_view`` (after the URL is resolved, before any view or
CSRF check reads the body), compares the declared ``Content-Length`` with the route's cap:

- views marked with ``@accepts_uploads`` (or API views whose class sets ``accepts_uploads = True``):
  ``BERKAS_MAX_REQUEST_BYTES``;
- every other route: ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django applies that setting to the form
  fields only, not to files, so a multipart body sent to any other route would reach /tmp).

A larger body gets 413 — JSON under /api/, the view's own error body where the view carries a
``refusal(request, message, status)`` (the Open311 endpoints), a page in the site's layout
elsewhere — without a byte of it being read. A body without ``Content-Length`` (chunked) is never
read by Django's WSGI request (it reads ``Content-Length`` bytes: zero), so an upload route answers
it with 411 instead of treating it as an empty form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

View = TypeVar("View", bound=Callable[..., Any])


def accepts_uploads(view: View) -> View:
    """Marks a view that takes files: its body may be up to ``BERKAS_MAX_REQUEST_BYTES``."""
    view.accepts_uploads = True  # type: ignore[attr-defined]
    return view


def _takes_uploads(view: Any) -> bool:
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    return bool(getattr(view, "accepts_uploads", False) or getattr(view_class, "accepts_uploads", False))


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        uploads = _takes_uploads(view)
        limit = int(settings.BERKAS_MAX_REQUEST_BYTES if uploads else settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return _refusal(request, status=413, limit=limit, view=view)
        is_chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if uploads and is_chunked and not request.META.get("CONTENT_LENGTH"):
            return _refusal(request, status=411, limit=limit, view=view)
        return None


def _refusal(request: HttpRequest, *, status: int, limit: int, view: Any = None) -> HttpResponse:
    megabytes = max(1, limit // 2**20)
    if status == 413:
        message = _(
            "Kiriman ini lebih dari %(megabytes)d MB. "
            "Kirim berkas yang lebih kecil, atau lebih sedikit sekaligus."
        ) % {"megabytes": megabytes}
    else:
        message = _("Kiriman tanpa ukuran (Content-Length) tidak diterima; kirim ulang dari formulir.")
    own_refusal = getattr(view, "refusal", None)
    if own_refusal is not None:
        response: HttpResponse = own_refusal(request, message, status)
    elif request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        response = render(request, "berkas/too_large.html", {"message": message}, status=status)
    return response
