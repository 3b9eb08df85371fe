"""The signup wizard on the district's host, at /daftar/ (platform/balai/urls_district.py). Each step
has a route of its own, named by its slug (models.STEPS)."""

from django.urls import path

from . import views_wizard as views

app_name = "pendaftaran"

urlpatterns = [
    path("", views.start, name="start"),
    path("lanjut/<str:token>/", views.resume, name="resume"),
    path("desa/", views.step_desa, name="desa"),
    path("alamat/", views.step_alamat, name="alamat"),
    path("alamat/periksa/", views.address_check, name="address_check"),
    path("admin/", views.step_admin, name="admin"),
    path("profil/", views.step_profil, name="profil"),
    path("modul/", views.step_modul, name="modul"),
    path("periksa/", views.step_periksa, name="periksa"),
    path("status/", views.status, name="status"),
    path("status.json", views.status_json, name="status_json"),
    path("status/masuk/", views.enter_portal, name="enter"),
]
