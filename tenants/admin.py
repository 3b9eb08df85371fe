from django.contrib import admin

from .models import District, Domain, Tenant, Village


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
