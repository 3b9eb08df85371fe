"""UNDER CONSTRUCTION: replaced before this module lands."""

from django.http import Http404, HttpRequest, HttpResponse


def staff_results(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_report_pdf(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_plan(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_plan_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_plan_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_kiosks(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_kiosk_deactivate(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
