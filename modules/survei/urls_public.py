"""The residents' survey pages (views_public): the results, the questionnaire by invitation and at
the office's kiosk."""

from django.urls import URLPattern, path

from . import views_public as views

urlpatterns: list[URLPattern] = [
    path("survei/", views.results, name="results"),
    path("survei/isi/<str:token>/", views.answer, name="answer"),
    path("survei/terima-kasih/", views.thanks, name="thanks"),
    path("survei/kios/", views.kiosk, name="kiosk"),
]
