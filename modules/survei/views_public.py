"""UNDER CONSTRUCTION: replaced before this module lands."""

from django.http import Http404, HttpRequest, HttpResponse


def results(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def answer(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def thanks(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def kiosk(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
