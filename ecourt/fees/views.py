from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


@login_required
def unmatched_lines(request: HttpRequest) -> HttpResponse:
    if not selectors.may_see_payments(request.user):
        raise PermissionDenied
    page = Paginator(selectors.lines_for_clerk(), 50).get_page(request.GET.get("page"))
    return render(request, "fees/unmatched.html", {"page": page})
