from django.urls import path

from . import views

app_name = "notifikasi"

urlpatterns = [
    path("kabar/<str:token>/", views.phone_confirm, name="phone_confirm"),
]
