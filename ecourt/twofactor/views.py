"""Pages of two-factor authentication: the code after the password, enrolment, backup codes, reset."""

from __future__ import annotations

from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ecourt.people.models import Membership, Role, User

from . import services
from .forms import CodeForm, ConfirmForm, ResetForm

CODES_KEY = "twofactor_new_backup_codes"  # shown once on the next page, then dropped from the session
NEXT_KEY = "twofactor_next"


def _next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return reverse(name) + "?" + urlencode({"next": next_url})


def _verified(request: HttpRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[union-attr]  # django_otp's OTPMiddleware


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required
    return user


def _enter(request: HttpRequest, device: Any) -> None:
    """Mark the session as having passed the second factor, under a new session key."""
    django_otp.login(request, device)
    request.session.cycle_key()


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    next_url = _next(request)
    if not services.requires_second_factor(user) or _verified(request):
        return redirect(next_url)
    if not services.is_enrolled(user):
        return redirect(_with_next("twofactor:setup", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = services.verify(user, form.cleaned_data["code"])
        except services.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            _enter(request, verified.device)
            if verified.backup_code:
                left = verified.backup_codes_left
                messages.warning(
                    request,
                    _(
                        "You signed in with a backup code. Backup codes left: %(left)d. "
                        "Make new ones on the two-factor page."
                    )
                    % {"left": left},
                )
            return redirect(next_url)
    return render(request, "twofactor/verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    next_url = _next(request)
    if not services.requires_second_factor(user):
        raise PermissionDenied(_("Accounts that sign in with the national e-ID do not use these codes."))
    enrolled = services.is_enrolled(user)
    if enrolled and not _verified(request):
        # Replacing the authenticator takes the current one first: a password alone cannot swap it.
        return redirect(_with_next("twofactor:verify", request.get_full_path()))
    device = services.pending_device(user)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.confirm_enrolment(user, device, form.cleaned_data["code"])
        except services.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            _enter(request, enrolment.device)
            request.session[CODES_KEY] = enrolment.backup_codes
            request.session[NEXT_KEY] = next_url
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect("twofactor:backup-codes")
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": services.qr_svg(device),
        "secret": services.secret_of(device),
        "reenrol": enrolled,
        "grace_ends": None if enrolled else services.grace_ends(user),
        "may_skip": not enrolled and services.may_skip(user),
    }
    return render(request, "twofactor/setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not services.requires_second_factor(user) or not _verified(request):
        return redirect(_with_next("twofactor:verify", reverse("twofactor:status")))
    if request.method == "POST":
        try:
            request.session[CODES_KEY] = services.regenerate_backup_codes(user)
        except services.TwoFactorError as exc:
            messages.error(request, str(exc))
            return redirect("twofactor:status")
        request.session[NEXT_KEY] = reverse("twofactor:status")
        return redirect("twofactor:backup-codes")
    codes = request.session.pop(CODES_KEY, None)
    next_url = request.session.pop(NEXT_KEY, reverse("twofactor:status"))
    if not codes:
        return redirect("twofactor:status")
    return render(request, "twofactor/backup_codes.html", {"codes": codes, "next": next_url})


@never_cache
@login_required
@require_safe
def status(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not services.requires_second_factor(user):
        raise PermissionDenied(_("Accounts that sign in with the national e-ID do not use these codes."))
    enrolled = services.is_enrolled(user)
    if enrolled and not _verified(request):
        return redirect(_with_next("twofactor:verify", request.get_full_path()))
    context = {
        "authenticator": services.authenticator(user),
        "backup_left": services.backup_codes_left(user),
        "grace_ends": None if enrolled else services.grace_ends(user),
        "is_reset_admin": _is_reset_admin(user),
    }
    return render(request, "twofactor/status.html", context)


def _is_reset_admin(user: User) -> bool:
    return (
        user.is_superuser
        or Membership.objects.active_on(timezone.localdate()).filter(user=user, role=Role.ADMIN).exists()
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reset(request: HttpRequest) -> HttpResponse:
    """An administrator removes the second factor of an account (lost phone): audit-logged."""
    admin = _user(request)
    if not services.requires_second_factor(admin):
        raise PermissionDenied(_("Only a court's system administrator may reset others' second factor."))
    if not _verified(request):
        return redirect(_with_next("twofactor:verify", request.get_full_path()))
    if not _is_reset_admin(admin):
        raise PermissionDenied(_("Only a court's system administrator may reset others' second factor."))
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = User.objects.filter(username=form.cleaned_data["username"]).first()
        if target is None:
            form.add_error("username", _("There is no account with this user name."))
        else:
            try:
                services.reset(target, by=admin, reason=form.cleaned_data["reason"])
            except services.TwoFactorError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("The second factor of %(name)s was removed; they set it up again at their next sign-in.")
                    % {"name": target.get_full_name()},
                )
                return redirect("twofactor:reset")
    return render(request, "twofactor/reset.html", {"form": form})
