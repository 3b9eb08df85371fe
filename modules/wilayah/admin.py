from django.contrib import admin
from django.http import HttpRequest

from modules.wilayah.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Read-only: the list changes only with a new Kemendagri decree, through a migration."""

    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["^code", "name"]
    list_select_related = ["parent"]
    show_full_result_count = False  # a COUNT over 91,599 rows on every search is wasted work

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Region | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Region | None = None) -> bool:
        return False
