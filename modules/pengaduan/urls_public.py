"""The residents' complaint pages (views_public)."""

from django.urls import URLPattern, path

from . import views_public as views

urlpatterns: list[URLPattern] = [
    path("pengaduan/", views.board, name="board"),
    path("pengaduan/baru/", views.complaint_create, name="create"),
    path("pengaduan/terkirim/", views.complaint_submitted, name="submitted"),
    path("pengaduan/lacak/", views.complaint_lookup, name="lookup"),
    path("pengaduan/rekap/", views.monthly_summary, name="summary"),
    path("pengaduan/mirip/", views.similar_json, name="similar"),
    path("pengaduan/<str:code>/", views.complaint_page, name="complaint"),
    path("pengaduan/<str:code>/dukung/", views.complaint_support, name="support"),
    path("pengaduan/<str:code>/foto/<int:photo_id>/", views.complaint_photo, name="photo"),
    path("pengaduan/<str:code>/<str:secret>/", views.owner_page, name="owner"),
]
