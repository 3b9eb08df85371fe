from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from .models import ROLES_BY_TENANT_TYPE
from .permissions import role_required


class StaffLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class StaffLogoutView(auth_views.LogoutView):
    next_page = "/"


def _every_role_here(request: HttpRequest) -> tuple[str, ...]:
    return tuple(ROLES_BY_TENANT_TYPE[request.tenant.type])  # type: ignore[attr-defined]


def staff_home(request: HttpRequest) -> HttpResponseBase:
    @role_required(*_every_role_here(request))
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, "accounts/staff_home.html")

    return view(request)
