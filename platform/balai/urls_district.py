from django.urls import include, path

from tenants import views

urlpatterns = [
    path("", views.district_home, name="district_home"),
    path("", include("modules.kalender.urls")),
    path("staf/", include("modules.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# A forbidden page in the site's layout and language, never Django's bare English one.
handler403 = "modules.accounts.views.permission_denied"
