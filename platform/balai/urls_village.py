from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

urlpatterns = [
    path("", include("modules.portal.urls")),
    path("", include("modules.layanan.urls")),
    path("", include("modules.kalender.urls")),
    path("staf/", include("modules.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="balai.urls_village"), name="api_schema"),
    path(
        "api/docs/",
        SpectacularRedocView.as_view(url_name="api_schema", template_name="api/redoc.html"),
        name="api_docs",
    ),
    path("api/", include("modules.layanan.api.urls")),
]

# A forbidden page in the site's layout and language, never Django's bare English one.
handler403 = "modules.accounts.views.permission_denied"
