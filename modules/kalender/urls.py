from django.urls import path

from . import views

app_name = "kalender"

urlpatterns = [path("staf/hari-kerja/", views.overrides, name="overrides")]
