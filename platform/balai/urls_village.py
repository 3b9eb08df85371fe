from django.urls import include, path

from modules.portal import views as portal

urlpatterns = [
    path("", portal.village_home, name="village_home"),
    path("", include("modules.layanan.urls")),
    path("staf/", include("modules.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
