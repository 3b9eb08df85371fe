"""The district's indicator pages (views), included at /indikator/ of the district host."""

from django.urls import path

from . import views

app_name = "indikator"
urlpatterns = [
    path("", views.table, name="table"),
    path("unduh.csv", views.table_csv_file, name="table_csv"),
    path("unduh.xlsx", views.table_xlsx_file, name="table_xlsx"),
    path("desa/<int:village_id>/", views.village, name="village"),
]
