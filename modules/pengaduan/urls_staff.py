"""The staff pages of the complaint register (views_staff), under /staf/pengaduan/."""

from django.urls import path

from . import views_staff

urlpatterns = [
    path("staf/pengaduan/", views_staff.staff_queue, name="staff_queue"),
    path("staf/pengaduan/catat/", views_staff.staff_record, name="staff_record"),
    path("staf/pengaduan/kategori/", views_staff.staff_categories, name="staff_categories"),
    path(
        "staf/pengaduan/kategori/<int:category_id>/",
        views_staff.staff_category_edit,
        name="staff_category_edit",
    ),
    path("staf/pengaduan/pengaturan/", views_staff.staff_settings, name="staff_settings"),
    path("staf/pengaduan/buku/", views_staff.staff_book, name="staff_book"),
    path("staf/pengaduan/buku.pdf", views_staff.staff_book_file, {"kind": "pdf"}, name="staff_book_pdf"),
    path("staf/pengaduan/buku.csv", views_staff.staff_book_file, {"kind": "csv"}, name="staff_book_csv"),
    path("staf/pengaduan/buku.xlsx", views_staff.staff_book_file, {"kind": "xlsx"}, name="staff_book_xlsx"),
    path("staf/pengaduan/rekap/", views_staff.staff_summary, name="staff_summary"),
    path("staf/pengaduan/<str:code>/", views_staff.staff_complaint, name="staff_complaint"),
    path("staf/pengaduan/<str:code>/foto/<int:photo_id>/", views_staff.staff_photo, name="staff_photo"),
]
