"""UNDER CONSTRUCTION: replaced before this module lands."""

from django.http import Http404, HttpRequest, HttpResponse


def polls(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def poll(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def poll_code(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def poll_answer(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def poll_results(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_polls(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_poll_new(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_poll(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_ballot_record(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
