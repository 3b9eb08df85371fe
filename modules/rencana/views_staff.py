"""PLACEHOLDER: the staff pages (a helper writes them)."""

from django.http import HttpRequest, HttpResponse

from modules.accounts.staff_pages import page_required

from . import staff_pages as pages


@page_required(pages.PLANS)
def staff_plans(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_plans")


@page_required(pages.PLAN_EDIT["rencana:staff_plan_edit"])
def staff_plan_edit(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_plan_edit")


@page_required(pages.AREAS)
def staff_areas(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_areas")


@page_required(pages.PLAN)
def staff_plan(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_plan")


@page_required(pages.PLAN_EDIT["rencana:staff_plan_publish"])
def staff_plan_publish(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_plan_publish")


@page_required(pages.PLAN_EDIT["rencana:staff_plan_delete"])
def staff_plan_delete(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_plan_delete")


@page_required(pages.REPORT)
def staff_report(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_report")


@page_required(pages.PLAN_EDIT["rencana:staff_needs_edit"])
def staff_needs_edit(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_needs_edit")


@page_required(pages.PLAN_EDIT["rencana:staff_needs_delete"])
def staff_needs_delete(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_needs_delete")


@page_required(pages.PLAN_EDIT["rencana:staff_program_edit"])
def staff_program_edit(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_program_edit")


@page_required(pages.PROGRAM)
def staff_program(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_program")


@page_required(pages.PLAN_EDIT["rencana:staff_program_delete"])
def staff_program_delete(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_program_delete")


@page_required(pages.PROGRESS_NEW)
def staff_progress_new(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_progress_new")


@page_required(pages.PLAN_EDIT["rencana:staff_progress_delete"])
def staff_progress_delete(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_progress_delete")


@page_required(pages.FORUM_EDIT["rencana:staff_forum_edit"])
def staff_forum_edit(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_forum_edit")


@page_required(pages.PLAN_EDIT["rencana:staff_forum_delete"])
def staff_forum_delete(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("staff_forum_delete")
