"""PLACEHOLDER."""

from django.http import HttpRequest, HttpResponse


def plans(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("plans")


def plan(request: HttpRequest, **kwargs: int) -> HttpResponse:
    return HttpResponse("plan")
