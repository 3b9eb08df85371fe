"""The registry in the Django admin (platform operators). Writes that move a host (a slug, a status,
a domain) go through the registry's services, which audit them and make every process forget the
hosts they moved."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from modules.wilayah.selectors import villages_of_district

from .models import District, Domain, ExportStatus, Tenant, Village, VillageExport, VillageStatus
from .routing import district_host, village_host
from .services import (
    clean_host,
    district_slug_change,
    domain_add,
    domain_change,
    domain_remove,
    village_address,
    village_archive,
    village_delete,
    village_export_request,
    village_restore,
    village_resume,
    village_set_status,
    village_slug_change,
    village_suspend,
)
from .views import export_file_response, port_suffix


class ConfirmAddressForm(forms.Form):
    confirmation = forms.CharField(label=_("Ketik alamat portal untuk mengonfirmasi"), max_length=300)


def _actor(request: HttpRequest) -> AbstractBaseUser | None:
    return request.user if isinstance(request.user, AbstractBaseUser) else None


def _errors_onto(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal next to the field it names (`code`, `slug`, `confirmation`), else above
    the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


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

    def clean_status(self) -> str:
        """Archiving needs a finished export and the typed address: its own page (VillageAdmin's
        "Arsipkan"), never this field; an archived village is reopened by the action."""
        status = self.cleaned_data["status"]
        previous = self.instance.status
        if status != previous and VillageStatus.ARCHIVED in (status, previous):
            raise forms.ValidationError(
                _("Arsipkan atau buka kembali lewat tombolnya di halaman ini (arsip perlu ekspor selesai)."),
                code="archive_through_its_page",
            )
        return status

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

    # --- Lifecycle (issue 13): suspend and resume as actions; archive and delete on their own pages,
    # each with the address typed, through tenants.services (audited; the hosts forgotten).

    actions = ["suspend_selected", "resume_selected", "export_selected"]

    def has_delete_permission(self, request: HttpRequest, obj: Village | None = None) -> bool:
        return False  # deleting drops the schema and files: the "Hapus" page, after an export

    def get_readonly_fields(self, request: HttpRequest, obj: Village | None = None) -> list[str]:
        return [*self.readonly_fields, "lifecycle"] if obj is not None else list(self.readonly_fields)

    @admin.display(description=_("Arsip dan hapus"))
    def lifecycle(self, obj: Village) -> str:
        latest = VillageExport.latest_finished(obj)
        export = (
            _("Ekspor terakhir selesai %(when)s.")
            % {"when": formats.date_format(latest.finished_at, "j F Y H:i")}
            if latest is not None and latest.finished_at is not None
            else _("Belum ada ekspor yang selesai.")
        )
        links = [
            (
                reverse("admin:tenants_villageexport_changelist") + f"?village_code={obj.code}",
                _("Ekspor desa ini"),
            )
        ]
        if obj.status in (VillageStatus.ACTIVE, VillageStatus.SUSPENDED):
            links.append((reverse("admin:tenants_village_archive", args=[obj.pk]), _("Arsipkan…")))
        if obj.status == VillageStatus.ARCHIVED:
            links.append((reverse("admin:tenants_village_delete_for_good", args=[obj.pk]), _("Hapus…")))
        return format_html("{} {}", export, format_html_join(" · ", '<a href="{}">{}</a>', links))

    def _each(self, request: HttpRequest, queryset: Any, service: Callable[..., Village], done: str) -> None:
        for village in queryset.select_related("district", "tenant"):
            try:
                service(village=village, actor=_actor(request))
            except ValidationError as error:
                self.message_user(request, f"{village}: {' '.join(error.messages)}", messages.WARNING)
            else:
                self.message_user(request, done % {"name": village.display_name}, messages.SUCCESS)

    @admin.action(description=_("Tangguhkan portal terpilih (halaman pemeliharaan)"))
    def suspend_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._each(request, queryset, village_suspend, _("Portal %(name)s ditangguhkan."))

    @admin.action(description=_("Buka kembali portal terpilih"))
    def resume_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._each(request, queryset, village_resume, _("Portal %(name)s dibuka kembali."))

    @admin.action(description=_("Ekspor data portal terpilih"))
    def export_selected(self, request: HttpRequest, queryset: Any) -> None:
        for village in queryset.select_related("district", "tenant"):
            try:
                export = village_export_request(village=village, actor=_actor(request), tier="platform")
            except ValidationError as error:
                self.message_user(request, f"{village}: {' '.join(error.messages)}", messages.WARNING)
            else:
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("Ekspor %(name)s dimulai.") % {"name": village.display_name},
                        reverse("admin:tenants_villageexport_change", args=[export.pk]),
                        _("Lihat ekspornya"),
                    ),
                    messages.SUCCESS,
                )

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "<int:village_id>/arsipkan/",
                self.admin_site.admin_view(self._lifecycle_archive_view),
                name="tenants_village_archive",
            ),
            path(
                "<int:village_id>/hapus-permanen/",
                self.admin_site.admin_view(self._lifecycle_delete_view),
                name="tenants_village_delete_for_good",
            ),
        ]
        return own + super().get_urls()

    def _lifecycle_archive_view(self, request: HttpRequest, village_id: int) -> HttpResponse:
        return self._confirmed_step(request, village_id, archive=True)

    def _lifecycle_delete_view(self, request: HttpRequest, village_id: int) -> HttpResponse:
        return self._confirmed_step(request, village_id, archive=False)

    def _confirmed_step(self, request: HttpRequest, village_id: int, *, archive: bool) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        village = Village.objects.select_related("district", "tenant").filter(pk=village_id).first()
        if village is None:
            raise Http404
        form = ConfirmAddressForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                if archive:
                    village_archive(
                        village=village, actor=_actor(request), confirmation=form.cleaned_data["confirmation"]
                    )
                else:
                    village_delete(
                        village=village, actor=_actor(request), confirmation=form.cleaned_data["confirmation"]
                    )
            except ValidationError as error:
                _errors_onto(form, error)
            else:
                if archive:
                    self.message_user(
                        request, _("Portal %(name)s diarsipkan.") % {"name": village.display_name}
                    )
                    return redirect("admin:tenants_village_change", village.pk)
                self.message_user(
                    request,
                    _("Portal %(name)s dihapus; alamatnya dicadangkan.") % {"name": village.display_name},
                )
                return redirect("admin:tenants_village_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "village": village,
            "address": village_address(village),
            "form": form,
            "archive": archive,
            "title": (_("Arsipkan %(name)s") if archive else _("Hapus %(name)s untuk selamanya"))
            % {"name": village.display_name},
        }
        return TemplateResponse(
            request, "admin/tenants/village_lifecycle.html", context, status=400 if form.errors else 200
        )

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


# --- Village exports: the list, the download and the restore (issue 13's lifecycle) ----------------


class RestoreForm(forms.Form):
    code = forms.CharField(
        label=_("Kode Kemendagri"),
        max_length=13,
        widget=forms.TextInput(attrs={"list": "free-codes", "autocomplete": "off"}),
        help_text=_(
            "Kode desa dari ekspor ini bila desanya sudah tidak ada di platform, atau kode desa lain di "
            "kabupaten yang sama dari daftar wilayah Kemendagri."
        ),
    )
    slug = forms.CharField(
        label=_("Alamat (slug)"),
        max_length=42,
        help_text=_(
            "Alamat portal di kabupaten ini. Alamat desa yang sudah dihapus tetap dicadangkan, kecuali "
            "untuk desa itu sendiri (kode yang sama)."
        ),
    )


EXPORT_FIELDS = (  # never archive_name
    "village_name",
    "village_code",
    "village_slug",
    "district",
    "village",
    "schema_name",
    "status",
    "percent",
    "progress",
    "error",
    "size_shown",
    "sha256",
    "migration_state",
    "requested_by",
    "created_at",
    "started_at",
    "finished_at",
    "steps_shown",
)


@admin.register(VillageExport)
class VillageExportAdmin(admin.ModelAdmin):
    """Read-only: exports are written by village_export_request and the export task. The stored
    archive's name is never shown; the download serves it decrypted under its neutral name."""

    list_display = [
        "village_name",
        "village_code",
        "district",
        "status",
        "size_shown",
        "created_at",
        "finished_at",
        "requested_by",
        "steps_shown",
    ]
    list_filter = ["status", "district"]
    list_select_related = ["district"]
    search_fields = ["village_name", "village_code", "village_slug", "requested_by"]
    fields = EXPORT_FIELDS
    readonly_fields = EXPORT_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an export is asked for: the village's "Ekspor data" action, the district's page

    def has_change_permission(self, request: HttpRequest, obj: VillageExport | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: VillageExport | None = None) -> bool:
        return False  # the archive is what a deleted village leaves behind

    @admin.display(description=_("ukuran"))
    def size_shown(self, obj: VillageExport) -> str:
        return formats.number_format(obj.size, force_grouping=True) + " B" if obj.size else "—"

    @admin.display(description=_("tindakan"))
    def steps_shown(self, obj: VillageExport) -> SafeString | str:
        if obj.status != ExportStatus.DONE:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:tenants_villageexport_download", args=[obj.pk]),
            _("Unduh"),
            reverse("admin:tenants_villageexport_restore", args=[obj.pk]),
            _("Pulihkan…"),
        )

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "<int:export_id>/unduh/",
                self.admin_site.admin_view(self._download_view),
                name="tenants_villageexport_download",
            ),
            path(
                "<int:export_id>/pulihkan/",
                self.admin_site.admin_view(self._restore_view),
                name="tenants_villageexport_restore",
            ),
        ]
        return own + super().get_urls()

    def _finished_or_404(self, export_id: int) -> VillageExport:
        export = VillageExport.objects.select_related("district", "village").filter(pk=export_id).first()
        if export is None or export.status != ExportStatus.DONE:
            raise Http404
        return export

    def _download_view(self, request: HttpRequest, export_id: int) -> HttpResponseBase:
        if not self.has_view_permission(request):
            raise PermissionDenied
        export = self._finished_or_404(export_id)
        try:
            return export_file_response(export)
        except (ValidationError, FileNotFoundError) as error:
            problem = (
                " ".join(error.messages)
                if isinstance(error, ValidationError)
                else _("Arsipnya tidak ditemukan.")
            )
            self.message_user(
                request,
                _("Arsip ekspor ini tidak dapat dibuka: %(problem)s") % {"problem": problem},
                messages.ERROR,
            )
            return redirect("admin:tenants_villageexport_change", export.pk)

    def _restore_view(self, request: HttpRequest, export_id: int) -> HttpResponse:
        if not (self.has_view_permission(request) and request.user.has_perm("tenants.add_village")):
            raise PermissionDenied
        export = self._finished_or_404(export_id)
        initial = {"code": export.village_code, "slug": export.village_slug}
        form = RestoreForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                village = village_restore(
                    export=export,
                    code=form.cleaned_data["code"],
                    slug=form.cleaned_data["slug"],
                    actor=_actor(request),
                )
            except ValidationError as error:
                _errors_onto(form, error)
            except FileNotFoundError:
                form.add_error(None, _("Arsip ekspor ini tidak ditemukan di penyimpanan."))
            else:
                portal = f"//{village_address(village)}{port_suffix(request)}/"
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("Ekspor dipulihkan menjadi %(name)s (%(code)s); portalnya aktif:")
                        % {"name": village.display_name, "code": village.code},
                        portal,
                        village_address(village),
                    ),
                    messages.SUCCESS,
                )
                return redirect("admin:tenants_village_change", village.pk)
        taken = set(Village.objects.filter(district=export.district).values_list("code", flat=True))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "export": export,
            "form": form,
            "source_on_platform": Village.objects.select_related("district")
            .filter(code=export.village_code)
            .first(),
            "free_codes": [
                region
                for region in villages_of_district(export.district.code).order_by("code")
                if region.code not in taken
            ],
            "title": _("Pulihkan ekspor %(name)s") % {"name": export.village_name},
        }
        return TemplateResponse(
            request, "admin/tenants/villageexport_restore.html", context, status=400 if form.errors else 200
        )
