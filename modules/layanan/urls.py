from django.urls import path

from . import views

app_name = "layanan"

urlpatterns = [
    path("layanan/", views.catalogue, name="catalogue"),
    path("layanan/<slug:slug>/", views.service_detail, name="service"),
    path("layanan/<slug:slug>/standar.pdf", views.service_leaflet, name="leaflet"),
    path("layanan/<slug:slug>/ajukan/", views.request_create, name="request_create"),
    path("layanan-dokumen-sop.pdf", views.sop_document, name="sop_document"),
    path("layanan-dokumen-sop/v<int:version>.pdf", views.sop_document, name="sop_document_version"),
    path("layanan/<slug:slug>/terkirim/", views.request_submitted, name="request_submitted"),
    path("lacak/", views.track_lookup, name="track_lookup"),
    path("lacak/<str:code>/", views.track, name="track"),
    path("lacak/<str:code>/kirim-ulang-tautan/", views.track_resend_link, name="track_resend_link"),
    path("lacak/<str:code>/<str:secret>/", views.owner_page, name="owner"),
    path("lacak/<str:code>/<str:secret>/surat.pdf", views.letter_download, name="letter_download"),
    path("verifikasi/<str:verification_code>/", views.verify, name="verify"),
    path("antrian/", views.queue_take, name="queue_take"),
    path("antrian/tiket/<str:token>/", views.queue_ticket, name="queue_ticket"),
    path("antrian/layar/", views.queue_display, name="queue_display"),
    path("antrian/layar/data/", views.queue_display_data, name="queue_display_data"),
    path("staf/layanan/", views.staff_worklist, name="staff_worklist"),
    path("staf/layanan/antrian/panggil/", views.staff_call_next, name="staff_call_next"),
    path("staf/layanan/loket/", views.staff_walk_in_pick, name="staff_walk_in_pick"),
    path("staf/layanan/loket/<slug:slug>/", views.staff_walk_in, name="staff_walk_in"),
    path("staf/layanan/katalog/", views.staff_catalogue, name="staff_catalogue"),
    path("staf/layanan/katalog/baru/", views.staff_service_edit, name="staff_service_new"),
    path("staf/layanan/katalog/<slug:slug>/", views.staff_service_edit, name="staff_service_edit"),
    path("staf/layanan/dokumen-sop/", views.staff_sop, name="staff_sop"),
    path("staf/layanan/dokumen-sop/rancangan.pdf", views.staff_sop_preview, name="staff_sop_preview"),
    path("staf/layanan/pengaturan/", views.staff_settings, name="staff_settings"),
    path("staf/layanan/<str:code>/", views.staff_request, name="staff_request"),
    path("staf/layanan/<str:code>/surat/<int:letter_id>/", views.staff_letter, name="staff_letter"),
    path("staf/layanan/<str:code>/pratinjau-surat/", views.staff_letter_preview, name="staff_letter_preview"),
    path(
        "staf/layanan/<str:code>/berkas/<int:attachment_id>/", views.staff_attachment, name="staff_attachment"
    ),
]
