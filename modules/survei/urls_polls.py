"""Community polls (views_polls): the residents' pages and the staff's."""

from django.urls import URLPattern, path

from . import views_polls as views

urlpatterns: list[URLPattern] = [
    path("jajak-pendapat/", views.polls, name="polls"),
    path("jajak-pendapat/<int:poll_id>/", views.poll, name="poll"),
    path("jajak-pendapat/<int:poll_id>/kode/", views.poll_code, name="poll_code"),
    path("jajak-pendapat/<int:poll_id>/jawab/", views.poll_answer, name="poll_answer"),
    path("jajak-pendapat/<int:poll_id>/hasil/", views.poll_results, name="poll_results"),
    path("staf/jajak-pendapat/", views.staff_polls, name="staff_polls"),
    path("staf/jajak-pendapat/baru/", views.staff_poll_new, name="staff_poll_new"),
    path("staf/jajak-pendapat/<int:poll_id>/", views.staff_poll, name="staff_poll"),
    path("staf/jajak-pendapat/<int:poll_id>/catat/", views.staff_ballot_record, name="staff_ballot_record"),
]
