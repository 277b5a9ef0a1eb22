"""Pages of the people app: signing in and out, and the home page that sends each user on."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from .forms import LoginForm
from .models import UserKind


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Signs out on POST (Django refuses GET, so a link cannot sign anyone out)."""


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """``/``: the docket for a signed-in user (it sends presidents on), their filings for a citizen or lawyer
    (signed in through the e-ID), the sign-in page otherwise."""
    if request.user.is_authenticated:
        if getattr(request.user, "kind", "") in (UserKind.CITIZEN, UserKind.LAWYER):
            return redirect("filing:index")
        return redirect("cases:docket")
    return redirect("people:login")
