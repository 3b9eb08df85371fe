"""The complaint pages of a village: the residents' (urls_public) and the staff's (urls_staff), and
the admin's Open311 API keys (before the staff pages, so no pattern of theirs takes kunci-api/)."""

from . import urls_public, urls_staff
from .open311 import staff_urls as open311_staff_urls

app_name = "pengaduan"
urlpatterns = [*open311_staff_urls.urlpatterns, *urls_public.urlpatterns, *urls_staff.urlpatterns]
