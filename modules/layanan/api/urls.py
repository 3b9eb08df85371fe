"""Included by balai.urls_village under `api/`."""

from django.urls import path

from . import views

app_name = "layanan_api"

urlpatterns = [
    path("layanan/", views.CatalogueView.as_view(), name="catalogue"),
    path("layanan/<slug:slug>/", views.ServiceDetailView.as_view(), name="service"),
    path("layanan/<slug:slug>/permohonan/", views.RequestSubmitView.as_view(), name="request_submit"),
    path("lacak/<str:tracking_code>/", views.TrackingView.as_view(), name="tracking"),
    path("verifikasi/<str:verification_code>/", views.LetterVerificationView.as_view(), name="verification"),
    path("staf/permohonan/", views.StaffWorklistView.as_view(), name="staff_worklist"),
    path(
        "staf/permohonan/<str:tracking_code>/transisi/",
        views.RequestTransitionView.as_view(),
        name="request_transition",
    ),
    path(
        "staf/permohonan/<str:tracking_code>/terbitkan/", views.LetterIssueView.as_view(), name="letter_issue"
    ),
    path("staf/surat/<str:verification_code>/cabut/", views.LetterRevokeView.as_view(), name="letter_revoke"),
    path("staf/antrian/panggil/", views.QueueTicketCallNextView.as_view(), name="queue_ticket_call_next"),
]
