from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.staff_home, name="home"),
    path("masuk/", views.StaffLoginView.as_view(), name="login"),
    path("keluar/", views.StaffLogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.StaffPasswordChangeView.as_view(), name="password_change"),
]
