"""The PPID's staff pages (views_staff), under /staf/ppid/."""

from django.urls import URLPattern, path

from . import views_staff as views

urlpatterns: list[URLPattern] = [
    path("staf/ppid/dip/", views.staff_items, name="staff_items"),
    path("staf/ppid/dip/baru/", views.staff_item_edit, name="staff_item_new"),
    path("staf/ppid/dip/<int:item_id>/", views.staff_item_edit, name="staff_item_edit"),
    path("staf/ppid/dip/<int:item_id>/hapus/", views.staff_item_delete, name="staff_item_delete"),
    path("staf/ppid/dip/<int:item_id>/berkas/", views.staff_item_file, name="staff_item_file"),
    path("staf/ppid/daftar-periksa/", views.staff_checklist, name="staff_checklist"),
    path("staf/ppid/pengumuman/", views.staff_announcements, name="staff_announcements"),
    path(
        "staf/ppid/pengumuman/<int:announcement_id>/cabut/",
        views.staff_announcement_withdraw,
        name="staff_announcement_withdraw",
    ),
    path("staf/ppid/permohonan/", views.staff_requests, name="staff_requests"),
    path("staf/ppid/permohonan/catat/", views.staff_request_record, name="staff_request_record"),
    path("staf/ppid/permohonan/<str:code>/", views.staff_request, name="staff_request"),
    path(
        "staf/ppid/permohonan/<str:code>/keputusan.pdf",
        views.staff_request_letter,
        name="staff_request_letter",
    ),
    path(
        "staf/ppid/permohonan/<str:code>/keberatan/",
        views.staff_objection_record,
        name="staff_objection_record",
    ),
    path("staf/ppid/keberatan/", views.staff_objections, name="staff_objections"),
    path("staf/ppid/keberatan/<int:objection_id>/", views.staff_objection, name="staff_objection"),
]
