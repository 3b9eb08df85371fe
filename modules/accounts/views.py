from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .services import sign_in_link_use
from .staff_pages import HOME, PASSWORD_CHANGE, first_steps_for, menu_for, page_required, waiting_for


class StaffLoginView(auth_views.LoginView):
    """Signing in lands on the staff home (settings.LOGIN_REDIRECT_URL) unless `next` says where."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class StaffLogoutView(auth_views.LogoutView):
    next_page = "/"


@page_required(HOME)
def staff_home(request: HttpRequest) -> HttpResponse:
    """What waits for this role, and the menu of the pages this role may open (and only those)."""
    user = request.user
    return render(
        request,
        "accounts/staff_home.html",
        {
            "waiting": waiting_for(user),  # type: ignore[arg-type]
            "first_steps": first_steps_for(user),  # type: ignore[arg-type]
            "menu": menu_for(user),  # type: ignore[arg-type]
        },
    )


@never_cache
def sign_in_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """A one-time link (accounts.services.sign_in_link_create) signs its account in and lands on the
    staff home; a used, expired or unknown link gets a plain page with the way to sign in. The token
    is kept out of the access log (balai.logging.mask_path)."""
    user = sign_in_link_use(token=token) if request.method == "GET" else None
    if user is None:
        return render(request, "accounts/sign_in_link_used.html", status=404)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(HOME.url_name)


@method_decorator(page_required(PASSWORD_CHANGE), name="dispatch")
class StaffPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[arg-type]
        messages.success(self.request, _("Kata sandi diganti."))
        return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: a forbidden page in the site's layout and language, with a way back to the staff
    home (or to the portal, on a host without one)."""
    try:
        home_url = reverse(HOME.url_name) if request.user.is_authenticated else "/"
    except NoReverseMatch:
        home_url = "/"
    return render(request, "403.html", {"home_url": home_url}, status=403)
