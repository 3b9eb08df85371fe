"""The district's pages of the signup (views_staff), included at /staf/pendaftaran/ of the district
host. A namespace of their own: the wizard's pages (urls.py, at /daftar/) are "pendaftaran"."""

from django.urls import path

from . import views_export, views_lifecycle, views_staff

app_name = "pendaftaran_staff"
urlpatterns = [
    path("", views_staff.applications, name="applications"),
    path("pengaturan/", views_staff.settings, name="settings"),
    path("<int:application_id>/", views_staff.application, name="application"),
    path("<int:application_id>/putuskan/", views_staff.decide, name="decide"),
    path("<int:application_id>/ulangi/", views_staff.retry, name="retry"),
    # --- village exports (issue 13, lifecycle) ---
    path("ekspor/", views_export.exports_list, name="exports"),
    path("ekspor/desa/<int:village_id>/mulai/", views_export.export_start, name="export_start"),
    path("ekspor/<int:export_id>/", views_export.export_detail, name="export"),
    path("ekspor/<int:export_id>/unduh/", views_export.export_download, name="export_download"),
    # The district's villages: suspend, resume, archive, delete (views_lifecycle).
    path("desa/", views_lifecycle.villages, name="villages"),
    path("desa/<int:village_id>/", views_lifecycle.village, name="village"),
    path("desa/<int:village_id>/tangguhkan/", views_lifecycle.suspend, name="village_suspend"),
    path("desa/<int:village_id>/buka/", views_lifecycle.resume, name="village_resume"),
    path("desa/<int:village_id>/arsipkan/", views_lifecycle.archive, name="village_archive"),
    path("desa/<int:village_id>/hapus/", views_lifecycle.delete, name="village_delete"),
]
