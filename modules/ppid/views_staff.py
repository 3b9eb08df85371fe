"""UNDER CONSTRUCTION: replaced before this module lands."""

from django.http import Http404, HttpRequest, HttpResponse


def staff_items(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_item_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_item_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_item_file(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_checklist(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_announcements(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_announcement_withdraw(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_requests(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_request_record(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_request(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_request_letter(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_objection_record(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_objections(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def staff_objection(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
