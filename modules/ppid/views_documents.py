"""UNDER CONSTRUCTION: replaced before this module lands."""

from django.http import Http404, HttpRequest, HttpResponse


def dip_file(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_registers(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_register_file(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_report(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_report_pdf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
