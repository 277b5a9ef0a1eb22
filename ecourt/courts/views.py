"""The court pages: the list of courts (search, level, operating on a day) and a court's history.

Courts are public reference data: any signed-in user may read them, so these pages check login only.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import selectors
from .forms import CourtFilterForm
from .models import Court

PAGE_SIZE = 50


@login_required
@require_safe
def court_list(request: HttpRequest) -> HttpResponse:
    """``/courts/``: every court, past and present, filtered by name, level and operating day."""
    form = CourtFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "courts/court_list.html", {"form": form, "page": None}, status=400)
    data = form.cleaned_data
    courts = selectors.search_courts(text=data["q"], level=data["level"], on=data["on"])
    page = Paginator(courts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "courts/court_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )


@login_required
@require_safe
def court_detail(request: HttpRequest, code: str) -> HttpResponse:
    """``/courts/<code>/``: level, dates, parents over time, courts below, predecessors and successors."""
    court = get_object_or_404(Court.objects.select_related("parent"), code=code)
    today = timezone.localdate()
    history = selectors.court_history(court, today)
    return render(request, "courts/court_detail.html", {"court": court, "h": history, "today": today})
