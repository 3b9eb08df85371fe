"""The complaint pages of a village: the residents' (urls_public) and the staff's (urls_staff)."""

from . import urls_public, urls_staff

app_name = "pengaduan"
urlpatterns = [*urls_public.urlpatterns, *urls_staff.urlpatterns]
