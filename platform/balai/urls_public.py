from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from balai.security import api_docs_view
from tenants import views

urlpatterns = [
    path("", views.platform_home, name="platform_home"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", api_docs_view(url_name="api_schema", template_name="api/redoc.html"), name="api_docs"),
]

# A forbidden page in the site's layout and language, never Django's bare English one.
handler403 = "modules.accounts.views.permission_denied"
# Under /api/ errors outside the views are JSON too (modules.api_errors.handler).
handler400 = "modules.api_errors.handler.api_error_400"
handler404 = "modules.api_errors.handler.api_error_404"
handler500 = "modules.api_errors.handler.api_error_500"
