"""The action plan's pages of a village: the residents' (the plan, its matrix and its PDFs) and the
staff's, under /staf/rencana/."""

from django.urls import path

from . import views_documents, views_public, views_staff

app_name = "rencana"
urlpatterns = [
    # --- Public -----------------------------------------------------------------------------------
    path("rencana-aksi/", views_public.plans, name="plans"),
    path("rencana-aksi/<int:plan_id>/", views_public.plan, name="plan"),
    path("rencana-aksi/<int:plan_id>/rencana-aksi.pdf", views_documents.plan_pdf, name="plan_pdf"),
    path("rencana-aksi/<int:plan_id>/laporan-kemajuan.pdf", views_documents.report_pdf, name="report_pdf"),
    # --- Staff: plans -----------------------------------------------------------------------------
    path("staf/rencana/", views_staff.staff_plans, name="staff_plans"),
    path("staf/rencana/baru/", views_staff.staff_plan_edit, name="staff_plan_new"),
    path("staf/rencana/bidang/", views_staff.staff_areas, name="staff_areas"),
    path("staf/rencana/<int:plan_id>/", views_staff.staff_plan, name="staff_plan"),
    path("staf/rencana/<int:plan_id>/ubah/", views_staff.staff_plan_edit, name="staff_plan_edit"),
    path("staf/rencana/<int:plan_id>/terbitkan/", views_staff.staff_plan_publish, name="staff_plan_publish"),
    path("staf/rencana/<int:plan_id>/hapus/", views_staff.staff_plan_delete, name="staff_plan_delete"),
    path("staf/rencana/<int:plan_id>/laporan/", views_staff.staff_report, name="staff_report"),
    path(
        "staf/rencana/<int:plan_id>/rencana-aksi.pdf", views_documents.staff_plan_pdf, name="staff_plan_pdf"
    ),
    path(
        "staf/rencana/<int:plan_id>/laporan-kemajuan.pdf",
        views_documents.staff_report_pdf,
        name="staff_report_pdf",
    ),
    # --- Staff: needs mapping ---------------------------------------------------------------------
    path("staf/rencana/<int:plan_id>/kebutuhan/baru/", views_staff.staff_needs_edit, name="staff_needs_new"),
    path("staf/rencana/kebutuhan/<int:finding_id>/", views_staff.staff_needs_edit, name="staff_needs_edit"),
    path(
        "staf/rencana/kebutuhan/<int:finding_id>/hapus/",
        views_staff.staff_needs_delete,
        name="staff_needs_delete",
    ),
    # --- Staff: programs and progress -------------------------------------------------------------
    path(
        "staf/rencana/<int:plan_id>/program/baru/", views_staff.staff_program_edit, name="staff_program_new"
    ),
    path("staf/rencana/program/<int:program_id>/", views_staff.staff_program, name="staff_program"),
    path(
        "staf/rencana/program/<int:program_id>/ubah/",
        views_staff.staff_program_edit,
        name="staff_program_edit",
    ),
    path(
        "staf/rencana/program/<int:program_id>/hapus/",
        views_staff.staff_program_delete,
        name="staff_program_delete",
    ),
    path(
        "staf/rencana/program/<int:program_id>/kemajuan/",
        views_staff.staff_progress_new,
        name="staff_progress_new",
    ),
    path(
        "staf/rencana/kemajuan/<int:update_id>/hapus/",
        views_staff.staff_progress_delete,
        name="staff_progress_delete",
    ),
    path(
        "staf/rencana/lampiran/<int:attachment_id>/",
        views_documents.staff_attachment,
        name="staff_attachment",
    ),
    # --- Staff: feedback forums -------------------------------------------------------------------
    path("staf/rencana/<int:plan_id>/forum/baru/", views_staff.staff_forum_edit, name="staff_forum_new"),
    path("staf/rencana/forum/<int:forum_id>/", views_staff.staff_forum_edit, name="staff_forum_edit"),
    path(
        "staf/rencana/forum/<int:forum_id>/hapus/", views_staff.staff_forum_delete, name="staff_forum_delete"
    ),
]
