"""The residents' PPID pages (views_public)."""

from django.urls import URLPattern, path

from . import views_public as views

urlpatterns: list[URLPattern] = [
    path("ppid/", views.ppid_home, name="home"),
    path("ppid/dip/", views.dip, name="dip"),
    path("ppid/dip/<int:item_id>/unduh/", views.item_download, name="item_download"),
    path("ppid/tata-cara/", views.procedure, name="procedure"),
    path("ppid/permohonan/", views.request_create, name="request_create"),
    path("ppid/permohonan/terkirim/", views.request_submitted, name="request_submitted"),
    path("ppid/lacak/", views.request_lookup, name="lookup"),
    path("ppid/permohonan/<str:code>/", views.request_status, name="request_status"),
    path("ppid/permohonan/<str:code>/<str:secret>/", views.owner_page, name="owner"),
    path("ppid/permohonan/<str:code>/<str:secret>/keputusan.pdf", views.owner_letter, name="owner_letter"),
    path(
        "ppid/permohonan/<str:code>/<str:secret>/keberatan/", views.objection_create, name="objection_create"
    ),
    path("ppid/pengumuman/", views.announcements, name="announcements"),
    path("ppid/pengumuman/<int:announcement_id>/", views.announcement, name="announcement"),
    path("ppid/langganan/", views.alert_subscribe, name="alert_subscribe"),
    path("ppid/langganan/<str:token>/konfirmasi/", views.alert_confirm, name="alert_confirm"),
    path("ppid/langganan/<str:token>/berhenti/", views.alert_unsubscribe, name="alert_unsubscribe"),
]
