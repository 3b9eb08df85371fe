from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.staff_home, name="home"),
    path("masuk/", views.StaffLoginView.as_view(), name="login"),
    path("masuk/tautan/<str:token>/", views.sign_in_by_link, name="sign_in_link"),
    path("keluar/", views.StaffLogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.StaffPasswordChangeView.as_view(), name="password_change"),
]
