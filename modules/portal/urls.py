from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.village_home, name="home"),
    path("staf/profil/", views.staff_profile, name="staff_profile"),
]
