"""The PPID's pages of a village: the residents' (urls_public), the staff's (urls_staff) and the
documents and exports (urls_documents: the DIP's files, the registers, the annual report)."""

from . import urls_documents, urls_public, urls_staff

app_name = "ppid"
urlpatterns = [*urls_documents.urlpatterns, *urls_public.urlpatterns, *urls_staff.urlpatterns]
