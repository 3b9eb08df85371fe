from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import District, Domain, Tenant, Village
from .services import village_set_status


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "schema_name", "type", "created_at"]
    list_filter = ["type"]
    search_fields = ["name", "schema_name"]
    readonly_fields = ["schema_name", "type"]
    inlines = [DomainInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug", "village_noun"]
    search_fields = ["name", "code"]
    readonly_fields = ["tenant", "code"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kecamatan", "district", "status"]
    list_filter = ["status", "district"]
    search_fields = ["name", "code", "kecamatan"]
    readonly_fields = ["tenant", "code", "district"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # villages come through provisioning (create_village, the signup wizard)

    def save_model(self, request: HttpRequest, obj: Village, form: Any, change: bool) -> None:
        status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]  # the service records the change and its audit row
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            village_set_status(village=obj, status=status, actor=request.user)
