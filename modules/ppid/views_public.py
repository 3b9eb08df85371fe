"""UNDER CONSTRUCTION: replaced before this module lands."""

from django.http import Http404, HttpRequest, HttpResponse


def ppid_home(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def dip(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def item_download(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def procedure(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def request_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def request_submitted(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def request_lookup(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def request_status(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def owner_page(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def owner_letter(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def objection_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def announcements(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def announcement(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def alert_subscribe(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def alert_confirm(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def alert_unsubscribe(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
