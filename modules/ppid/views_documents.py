"""The PPID's documents: the DIP as PDF and XLSX for anyone (rendered once per version of the DIP
and language, kept in the cache), the request and objection registers for a year (page, CSV, XLSX,
PDF) and the annual report (page, PDF, publishing it as a DIP item) for staff. Thin views over
documents, selectors and services; every staff view is guarded by its staff_pages declaration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from modules.accounts.models import User
from modules.accounts.permissions import has_role
from modules.accounts.permissions import staff_user as _user
from modules.accounts.staff_pages import page_required
from modules.throttling.throttles import lookup_allowed

from . import documents, selectors, services
from . import staff_pages as pages
from .models import AnnualReport

DIP_CACHE_SECONDS = 60 * 60
FILE_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _village(request: HttpRequest) -> Any:
    return request.tenant.village  # type: ignore[attr-defined]


def _file(content: bytes, *, kind: str, filename: str, inline: bool = False) -> HttpResponse:
    """A download under a name made by the server only (the village's slug, a year)."""
    response = HttpResponse(content, content_type=FILE_TYPES[kind])
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _signer(user: User) -> str:
    """The PPID signs the registers and the report: an officer's own name, dots for anyone else."""
    return (user.get_full_name() or user.get_username()) if has_role(user, services.OFFICER_ROLES) else ""


# --- The DIP, public ---------------------------------------------------------------------------------------


@require_safe
def dip_file(request: HttpRequest, kind: str) -> HttpResponse:
    """The whole published DIP in PerKI 1/2018's table. Rendered once per version of the DIP
    (documents.dip_version) and language for DIP_CACHE_SECONDS: a visitor never makes the server
    lay out the PDF again while nothing changed. Downloads count against the address's lookups."""
    if kind not in ("pdf", "xlsx"):
        raise Http404
    if not lookup_allowed(request):
        return render(request, "ppid/documents/too_many.html", status=429)
    village = _village(request)
    key = f"ppid.dip:{kind}:{get_language()}:{documents.dip_version(village)}"
    content = cache.get(key)
    if content is None:
        content = documents.dip_pdf(village) if kind == "pdf" else documents.dip_xlsx(village)
        cache.set(key, content, DIP_CACHE_SECONDS)
    return _file(
        content, kind=kind, filename=f"daftar-informasi-publik-{village.slug}.{kind}", inline=kind == "pdf"
    )


# --- The registers, staff ----------------------------------------------------------------------------------


class YearForm(forms.Form):
    tahun = forms.TypedChoiceField(label=gettext_lazy("Tahun"), coerce=int)

    def __init__(self, data: Any) -> None:
        years = selectors.register_years()
        super().__init__({"tahun": data.get("tahun", str(timezone.localdate().year))})
        field = self.fields["tahun"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(year, str(year)) for year in years]


def _year_or_400(request: HttpRequest, template: str) -> tuple[YearForm, HttpResponse | None]:
    form = YearForm(request.GET)
    if form.is_valid():
        return form, None
    return form, render(request, template, {"form": form}, status=400)


@require_safe
@page_required(pages.REGISTERS)
def staff_registers(request: HttpRequest) -> HttpResponse:
    """Both registers of a year as tables (address and contact masked, as in their files)."""
    form, refused = _year_or_400(request, "ppid/reports/registers.html")
    if refused:
        return refused
    year = form.cleaned_data["tahun"]
    return render(
        request,
        "ppid/reports/registers.html",
        {
            "form": form,
            "year": year,
            "registers": [
                ("permohonan", documents.request_register(year)),
                ("keberatan", documents.objection_register(year)),
            ],
        },
    )


@never_cache
@require_safe
@page_required(pages.REGISTER_FILES[("permohonan", "pdf")])  # every register file has the same roles
def staff_register_file(request: HttpRequest, register: str, kind: str) -> HttpResponse:
    if register not in documents.REGISTERS or kind not in FILE_TYPES:
        raise Http404
    form, refused = _year_or_400(request, "ppid/reports/registers.html")
    if refused:
        return refused
    year = form.cleaned_data["tahun"]
    village = _village(request)
    table = documents.register_table(register, year)
    if kind == "pdf":
        content = documents.register_pdf(village, table, year=year, signer=_signer(_user(request)))
    elif kind == "csv":
        content = table.csv()
    else:
        content = table.xlsx(sheet_title=f"Register {register} {year}")
    return _file(
        content,
        kind=kind,
        filename=f"register-{register}-{village.slug}-{year}.{kind}",
        inline=kind == "pdf",
    )


# --- The annual report, staff ------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@page_required(pages.REPORT)
def staff_report(request: HttpRequest) -> HttpResponse:
    """The year's figures (selectors.annual_report); an officer's POST publishes the report's PDF as a
    DIP item (services.annual_report_publish), the PDF rendered before, outside the service's lock."""
    if request.method == "POST":
        return _publish_report(request)
    form, refused = _year_or_400(request, "ppid/reports/report.html")
    if refused:
        return refused
    year = form.cleaned_data["tahun"]
    return render(
        request,
        "ppid/reports/report.html",
        {
            "form": form,
            "year": year,
            "figures": selectors.annual_report(year),
            "published": AnnualReport.objects.filter(year=year, item__is_published=True).first(),
            "may_publish": has_role(_user(request), services.OFFICER_ROLES),
        },
    )


def _publish_report(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not has_role(user, services.OFFICER_ROLES):
        raise PermissionDenied
    if not request.POST.get("tahun"):
        # The publish button names its year; a bare POST publishes nothing.
        messages.error(request, _("Pilih tahun laporan yang akan diterbitkan."))
        return redirect(reverse("ppid:staff_report"))
    form = YearForm(request.POST)
    if not form.is_valid():
        return render(request, "ppid/reports/report.html", {"form": form}, status=400)
    year = form.cleaned_data["tahun"]
    pdf = documents.report_pdf(_village(request), selectors.annual_report(year), signer=_signer(user))
    try:
        services.annual_report_publish(actor=user, year=year, pdf=pdf)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Laporan tahunan PPID %(year)d diterbitkan sebagai item Daftar Informasi Publik.")
            % {"year": year},
        )
    return redirect(f"{reverse('ppid:staff_report')}?tahun={year}")


@never_cache
@require_safe
@page_required(pages.REPORT_PDF)
def staff_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The report of a year in which the village registered a request (another year is no report of
    this village: 404, as on another village's host)."""
    if not selectors.requests_of_year(year).exists():
        raise Http404
    village = _village(request)
    pdf = documents.report_pdf(village, selectors.annual_report(year), signer=_signer(_user(request)))
    return _file(pdf, kind="pdf", filename=f"laporan-ppid-{village.slug}-{year}.pdf", inline=True)
