"""The registry in the Django admin (platform operators). Writes that move a host (a slug, a status,
a domain) go through the registry's services, which audit them and make every process forget the
hosts they moved."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import District, Domain, Tenant, Village
from .routing import district_host, village_host
from .services import (
    clean_host,
    district_slug_change,
    domain_add,
    domain_change,
    domain_remove,
    village_set_status,
    village_slug_change,
)


def _actor(request: HttpRequest) -> AbstractBaseUser | None:
    return request.user if isinstance(request.user, AbstractBaseUser) else None


def _host_of_another_tenant(host: str, tenant_id: int | None) -> bool:
    return Domain.objects.filter(domain=host).exclude(tenant_id=tenant_id).exists()


class DomainForm(forms.ModelForm):
    class Meta:
        model = Domain
        fields = ["domain"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_primary:
            self.fields["domain"].disabled = True  # the primary host follows the slug

    def clean_domain(self) -> str:
        if self.fields["domain"].disabled:
            return self.instance.domain
        try:
            return clean_host(self.cleaned_data["domain"], exclude_pk=self.instance.pk)
        except ValidationError as error:
            raise forms.ValidationError(error.error_dict["domain"]) from error


class DomainFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.is_primary:
                raise forms.ValidationError(
                    _("Alamat utama mengikuti slug; ubah slug-nya di halaman desa atau kabupaten."),
                    code="primary_follows_slug",
                )


class DomainInline(admin.TabularInline):
    model = Domain
    form = DomainForm
    formset = DomainFormSet
    readonly_fields = ["is_primary"]
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
        # Through the services: each host added, renamed or removed is audited and forgotten by
        # every process once the admin's transaction commits.
        actor = _actor(request)
        # What formset.save() would have recorded, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            if row in formset.deleted_forms:
                if row.instance.pk:
                    domain_remove(domain=Domain.objects.get(pk=row.instance.pk), actor=actor)
                    formset.deleted_objects.append(row.instance)
            elif not row.instance.pk:
                if row.has_changed():
                    added = domain_add(tenant=form.instance, host=row.cleaned_data["domain"], actor=actor)
                    formset.new_objects.append(added)
            elif "domain" in row.changed_data:
                previous = Domain.objects.get(pk=row.instance.pk)
                changed = domain_change(domain=previous, host=row.cleaned_data["domain"], actor=actor)
                formset.changed_objects.append((changed, ["domain"]))


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
