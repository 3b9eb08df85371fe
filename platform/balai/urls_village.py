from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from balai.security import api_docs_view

urlpatterns = [
    path("", include("modules.portal.urls")),
    path("", include("modules.layanan.urls")),
    path("", include("modules.pengaduan.urls")),
    path("", include("modules.ppid.urls")),
    path("", include("modules.survei.urls")),
    path("", include("modules.rencana.urls")),
    path("open311/v2/", include("modules.pengaduan.open311.urls")),
    path("", include("modules.kalender.urls")),
    path("", include("modules.notifikasi.urls")),
    path("staf/", include("modules.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="balai.urls_village"), name="api_schema"),
    path("api/docs/", api_docs_view(url_name="api_schema", template_name="api/redoc.html"), name="api_docs"),
    path("api/", include("modules.layanan.api.urls")),
]

# A forbidden page in the site's layout and language, never Django's bare English one.
handler403 = "modules.accounts.views.permission_denied"
# Under /api/ errors outside the views are JSON too (modules.api_errors.handler).
handler400 = "modules.api_errors.handler.api_error_400"
handler404 = "modules.api_errors.handler.api_error_404"
handler500 = "modules.api_errors.handler.api_error_500"
