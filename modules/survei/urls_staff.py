"""The survey's staff pages (views_staff), under /staf/survei/."""

from django.urls import URLPattern, path

from . import views_staff as views

urlpatterns: list[URLPattern] = [
    path("staf/survei/", views.staff_results, name="staff_results"),
    path("staf/survei/jawaban.csv", views.staff_export, {"kind": "csv"}, name="staff_export_csv"),
    path("staf/survei/jawaban.xlsx", views.staff_export, {"kind": "xlsx"}, name="staff_export_xlsx"),
    path("staf/survei/laporan.pdf", views.staff_report_pdf, name="staff_report_pdf"),
    path("staf/survei/tindak-lanjut/", views.staff_plan, name="staff_plan"),
    path("staf/survei/tindak-lanjut/<int:action_id>/", views.staff_plan_edit, name="staff_plan_edit"),
    path(
        "staf/survei/tindak-lanjut/<int:action_id>/hapus/", views.staff_plan_delete, name="staff_plan_delete"
    ),
    path("staf/survei/kios/", views.staff_kiosks, name="staff_kiosks"),
    path(
        "staf/survei/kios/<int:kiosk_id>/nonaktifkan/",
        views.staff_kiosk_deactivate,
        name="staff_kiosk_deactivate",
    ),
]
