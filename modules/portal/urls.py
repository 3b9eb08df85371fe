from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.village_home, name="home"),
    path("staf/profil/", views.staff_profile, name="staff_profile"),
    path("staf/perangkat/", views.staff_officials, name="staff_officials"),
    path("staf/perangkat/<int:official_id>/", views.staff_officials, name="staff_official_edit"),
]
