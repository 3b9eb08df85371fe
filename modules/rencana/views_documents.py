"""PLACEHOLDER."""

from django.http import HttpRequest, HttpResponse

from modules.accounts.staff_pages import page_required

from . import staff_pages as pages


def plan_pdf(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("plan_pdf")


def report_pdf(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("report_pdf")


@page_required(pages.DOCUMENTS["rencana:staff_plan_pdf"])
def staff_plan_pdf(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_plan_pdf")


@page_required(pages.DOCUMENTS["rencana:staff_report_pdf"])
def staff_report_pdf(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_report_pdf")


@page_required(pages.ATTACHMENT)
def staff_attachment(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_attachment")
