"""Public pages of precedents: the list and one precedent with the judgments citing it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import selectors
from .models import PrecedentStatus

PAGE_SIZE = 50


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """``/precedents/``: every registered precedent, newest first, with how many judgments cite it."""
    status = request.GET.get("status") or ""
    q = (request.GET.get("q") or "").strip()[:200]
    rows = selectors.public_list(status=status or None, q=q or None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "q": q, "statuses": PrecedentStatus.choices}
    return render(request, "precedents/index.html", context)


@require_safe
def detail(request: HttpRequest, number: str) -> HttpResponse:
    """``/precedents/08/2016/AL/``: metadata, principle, status today, source, and the judgments citing it.
    Another writing of the number (8/2016/AL, 08-2016-al) redirects to this one."""
    precedent = selectors.find(number)
    if precedent is None:
        raise Http404
    if number != precedent.number:
        return redirect("precedents:detail", number=precedent.number, permanent=True)
    total, citing = selectors.cited_by(precedent)
    today = timezone.localdate()
    context = {
        "precedent": precedent,
        "status_today": selectors.status_on(precedent, today),
        "source": precedent.source_judgment
        if precedent.source_judgment and precedent.source_judgment.published
        else None,
        "cited_total": total,
        "citing": citing,
    }
    return render(request, "precedents/detail.html", context)
