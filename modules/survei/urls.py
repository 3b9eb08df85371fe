"""The survey's and the polls' pages of a village: the residents' (urls_public), the staff's
(urls_staff) and the polls' (urls_polls)."""

from . import urls_polls, urls_public, urls_staff

app_name = "survei"
urlpatterns = [*urls_public.urlpatterns, *urls_polls.urlpatterns, *urls_staff.urlpatterns]
