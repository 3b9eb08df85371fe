"""The registry in the Django admin (platform operators). Writes that move a host go through the
services or forget the hosts they moved, so no process keeps routing a host to its old tenant."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import District, Domain, Tenant, Village
from .routing import district_host, forget_hosts, normalise_host, village_host
from .services import district_slug_change, village_set_status, village_slug_change


def _actor(request: HttpRequest) -> AbstractBaseUser | None:
    return request.user if isinstance(request.user, AbstractBaseUser) else None


def _host_of_another_tenant(host: str, tenant_id: int | None) -> bool:
    return Domain.objects.filter(domain=host).exclude(tenant_id=tenant_id).exists()


class DomainForm(forms.ModelForm):
    class Meta:
        model = Domain
        fields = ["domain", "is_primary"]

    def clean_domain(self) -> str:
        return normalise_host(self.cleaned_data["domain"])


class DomainInline(admin.TabularInline):
    model = Domain
    form = DomainForm
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "schema_name", "type", "created_at"]
    list_filter = ["type"]
    search_fields = ["name", "schema_name"]
    readonly_fields = ["schema_name", "type"]
    inlines = [DomainInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool) -> None:
        if formset.model is not Domain:
            super().save_formset(request, form, formset, change)
            return
        # The hosts before the edit (changed or deleted rows) and after it: all of them are routed
        # from the Domain table again once the admin's transaction commits.
        hosts = {str(row.initial.get("domain") or "") for row in formset.forms}
        super().save_formset(request, form, formset, change)
        hosts |= set(Domain.objects.filter(tenant=form.instance).values_list("domain", flat=True))
        transaction.on_commit(lambda: forget_hosts(hosts))


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "slug", "village_noun", "village_head_title"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug != self.instance.slug and _host_of_another_tenant(
            district_host(slug), self.instance.tenant_id
        ):
            raise forms.ValidationError(_("Alamat ini sudah dipakai."), code="host_taken")
        return slug


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    form = DistrictForm
    list_display = ["name", "code", "slug", "village_noun"]
    search_fields = ["name", "code"]
    readonly_fields = ["tenant", "code"]

    def save_model(self, request: HttpRequest, obj: District, form: Any, change: bool) -> None:
        slug = obj.slug
        slug_changed = change and "slug" in form.changed_data
        if slug_changed:
            obj.slug = form.initial["slug"]  # the service moves the hosts with the slug
        super().save_model(request, obj, form, change)
        if slug_changed:
            district_slug_change(district=obj, slug=slug, actor=_actor(request))


class VillageForm(forms.ModelForm):
    class Meta:
        model = Village
        fields = ["name", "kecamatan", "slug", "status"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        village = self.instance
        if slug != village.slug and _host_of_another_tenant(
            village_host(slug, village.district.slug), village.tenant_id
        ):
            raise forms.ValidationError(_("Alamat ini sudah dipakai."), code="host_taken")
        return slug


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    form = VillageForm
    list_display = ["name", "code", "kecamatan", "district", "status"]
    list_filter = ["status", "district"]
    search_fields = ["name", "code", "kecamatan"]
    readonly_fields = ["tenant", "code", "district"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # villages come through provisioning (create_village, the signup wizard)

    def save_model(self, request: HttpRequest, obj: Village, form: Any, change: bool) -> None:
        status, slug = obj.status, obj.slug
        status_changed = change and "status" in form.changed_data
        slug_changed = change and "slug" in form.changed_data
        # The services record these changes, move the host and write the audit rows.
        if status_changed:
            obj.status = form.initial["status"]
        if slug_changed:
            obj.slug = form.initial["slug"]
        super().save_model(request, obj, form, change)
        if slug_changed:
            village_slug_change(village=obj, slug=slug, actor=_actor(request))
        if status_changed:
            village_set_status(village=obj, status=status, actor=_actor(request))
