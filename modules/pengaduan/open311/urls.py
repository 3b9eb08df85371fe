"""/open311/v2/ of a village. Each resource has a route per format (`services.json`,
`services.xml`), so every route is named and the route tables of the tests list each one."""

from django.urls import URLPattern, path

from . import views

app_name = "open311"

RESOURCES = [
    ("discovery", views.discovery, "discovery"),
    ("services", views.service_list, "services"),
    ("services/<str:service_code>", views.service_definition, "service"),
    ("requests", views.requests, "requests"),
    ("requests/<str:service_request_id>", views.request_detail, "request"),
]

urlpatterns: list[URLPattern] = [
    path(f"{route}.{fmt}", view, {"fmt": fmt}, name=f"{name}_{fmt}")
    for route, view, name in RESOURCES
    for fmt in ("json", "xml")
]
urlpatterns.append(path("<path:rest>", views.not_found, {"fmt": "json"}, name="not_found"))
