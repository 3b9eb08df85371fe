"""The API-key page of the village admin (in the `pengaduan` namespace, under staf/pengaduan/)."""

from django.urls import path

from . import keys

urlpatterns = [
    path("staf/pengaduan/kunci-api/", keys.api_keys, name="staff_api_keys"),
    path("staf/pengaduan/kunci-api/<int:key_id>/cabut/", keys.api_key_revoke, name="staff_api_key_revoke"),
]
