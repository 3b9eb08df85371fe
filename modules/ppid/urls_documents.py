"""The PPID's documents (views_documents): the DIP as PDF and XLSX (public), the registers as CSV,
XLSX and PDF and the annual report (staff). Listed before the other pages so that no pattern of
theirs takes these paths."""

from django.urls import URLPattern, path

from . import views_documents as views

urlpatterns: list[URLPattern] = [
    path("ppid/dip.pdf", views.dip_file, {"kind": "pdf"}, name="dip_pdf"),
    path("ppid/dip.xlsx", views.dip_file, {"kind": "xlsx"}, name="dip_xlsx"),
    path("staf/ppid/register/", views.staff_registers, name="staff_registers"),
    *(
        path(
            f"staf/ppid/register/{register}.{kind}",
            views.staff_register_file,
            {"register": register, "kind": kind},
            name=f"staff_register_{register}_{kind}",
        )
        for register in ("permohonan", "keberatan")
        for kind in ("csv", "xlsx", "pdf")
    ),
    path("staf/ppid/laporan/", views.staff_report, name="staff_report"),
    path("staf/ppid/laporan/<int:year>.pdf", views.staff_report_pdf, name="staff_report_pdf"),
]
