"""The reviewer page: the original and the anonymized text side by side, every replacement highlighted;
the reviewer keeps one as written or adds one, for the judgment or its whole case.

Thin: ``review`` decides who may review and records the decisions, ``presentation`` cuts the text.
HTMX requests get the panes alone (``_review.html``); plain form posts are redirected back to the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ecourt.judgments.models import Judgment

from . import review as reviewing
from .forms import DecisionForm
from .models import ReplacementKind
from .presentation import runs


def _judgment(request: HttpRequest, pk: int) -> Judgment:
    judgment = get_object_or_404(Judgment.objects.select_related("court", "publication__case"), pk=pk)
    reviewing.check_review(request.user, judgment)
    return judgment


def _render(
    request: HttpRequest, judgment: Judgment, form: DecisionForm | None = None, error: str = "", status: int = 200
) -> HttpResponse:
    case = reviewing.case_of(judgment)
    result = reviewing.anonymize_for(judgment, case)
    form = form or DecisionForm(
        initial={"scope": "case" if case is not None else "judgment"}, has_case=case is not None
    )
    counts: dict[str, int] = {}
    for r in result.replacements:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    context: dict[str, Any] = {
        "judgment": judgment,
        "case": case,
        "result": result,
        "runs": runs(reviewing.original_text(judgment), result),
        "decisions": reviewing.decisions_for(judgment, case),
        "form": form,
        "error": error,
        "legend": [(value, label, counts.get(value, 0)) for value, label in ReplacementKind.choices],
    }
    template = "anonymization/_review.html" if request.headers.get("HX-Request") else "anonymization/review.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _judgment(request, pk))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    judgment = _judgment(request, pk)
    form = DecisionForm(request.POST, has_case=reviewing.case_of(judgment) is not None)
    if not form.is_valid():
        return _render(request, judgment, form, status=422)
    data = form.cleaned_data
    try:
        reviewing.record_decision(
            request.user,
            judgment,
            action=data["action"],
            original=data["original"],
            kind=data["kind"],
            replacement=data["replacement"],
            whole_case=data["scope"] == "case" and reviewing.case_of(judgment) is not None,
        )
    except ValidationError as error:
        return _render(request, judgment, form, error=" ".join(error.messages), status=422)
    if not request.headers.get("HX-Request"):
        return redirect("anonymization:review", pk=judgment.pk)
    return _render(request, judgment)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int, decision_id: int) -> HttpResponse:
    judgment = _judgment(request, pk)
    try:
        reviewing.withdraw_decision(request.user, judgment, decision_id)
    except ValidationError as error:
        return _render(request, judgment, error=" ".join(error.messages), status=422)
    if not request.headers.get("HX-Request"):
        return redirect("anonymization:review", pk=judgment.pk)
    return _render(request, judgment)
