"""The draft checker page: a reviewer gives a draft (file or pasted text) and a day, and sees each
citation's verdict in place and the draft's provisions that resemble provisions in force.

Thin: the form reads the file (ecourt.citations.files), ``verification.check_text`` decides, and
``presentation`` cuts the text for the template. Nothing given is stored: the file is read in memory
and dropped with the request.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ecourt.people.models import UserKind

from .forms import DraftForm
from .presentation import SYMBOLS, provision_url, runs
from .verification import LABELS, SEVERITY, check_text


def staff_required(view: Any) -> Any:
    """Officials only (court staff and the ministry's reviewers have staff accounts); citizens and
    lawyers are refused."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (getattr(user, "kind", None) == UserKind.STAFF or user.is_superuser):
            raise PermissionDenied
        response: HttpResponse = view(request, *args, **kwargs)
        return response

    return wrapped


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"legend": [(code, LABELS[code], SYMBOLS[code]) for code in SEVERITY]}
    if request.method != "POST":
        context["form"] = DraftForm()
        return render(request, "citations/check.html", context)
    form = DraftForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "citations/check.html", context, status=422)
    text = form.cleaned_data["draft_text"]
    report = check_text(text, form.cleaned_data.get("day"), overlaps=form.cleaned_data.get("overlaps", False))
    context.update(
        report=report,
        name=form.cleaned_data.get("draft_name"),
        runs=runs(text, report.verdicts),
        items=[
            {
                "number": n,
                "verdict": v,
                "symbol": SYMBOLS[v.code],
                "url": provision_url(v.document.key if v.document else None, v.provision),
                "new_url": provision_url(v.document.key if v.document else None, v.new_provision),
            }
            for n, v in enumerate(report.verdicts, 1)
        ],
        counts=[(code, LABELS[code], SYMBOLS[code], n) for code, n in report.counts.items()],
        overlaps=[
            {"overlap": o, "matches": [(m, provision_url(m.document_key, m.provision_key)) for m in o.matches]}
            for o in report.overlaps
        ],
    )
    return render(request, "citations/check.html", context)
