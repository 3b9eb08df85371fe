from django.urls import include, path

from tenants import views

urlpatterns = [
    path("", views.district_home, name="district_home"),
    path("", include("modules.kalender.urls")),
    path("daftar/", include("modules.pendaftaran.urls")),
    path("staf/pendaftaran/", include("modules.pendaftaran.urls_staff")),
    path("indikator/", include("modules.indikator.urls")),
    path("staf/", include("modules.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# A forbidden page in the site's layout and language, never Django's bare English one.
handler403 = "modules.accounts.views.permission_denied"
# Under /api/ errors outside the views are JSON too (modules.api_errors.handler).
handler400 = "modules.api_errors.handler.api_error_400"
handler404 = "modules.api_errors.handler.api_error_404"
handler500 = "modules.api_errors.handler.api_error_500"
