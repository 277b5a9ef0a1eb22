"""The judges' assistant pages: ask, read the answer beside its sources, rate it, send it to experts;
similar cases for a case or a pasted text.

Staff only (``staff_required``, as the citator's pages). A judge sees only the questions they asked.
Rating and escalation answer HTMX requests with the fragment that changed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ecourt.cases.access import cases_visible_to
from ecourt.citations.views import staff_required
from ecourt.courts.models import Department

from . import services
from .forms import AskForm, EscalateForm, RateForm, SimilarForm
from .models import Question
from .similar import similar_to_case, similar_to_text


def _own_question(request: HttpRequest, pk: int) -> Question:
    question = get_object_or_404(Question.objects.select_related("answer", "department"), pk=pk)
    if question.asker_id != request.user.pk:
        raise Http404  # another judge's question is not shown, nor said to exist
    return question


def _departments(request: HttpRequest) -> Any:
    return Department.objects.filter(court__memberships__user=request.user.pk).distinct()


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    recent = Question.objects.filter(asker=request.user.pk).select_related("answer")[:10]
    if request.method != "POST":
        return render(request, "assistant/ask.html", {"form": AskForm(), "recent": recent})
    form = AskForm(request.POST)
    if not form.is_valid():
        return render(request, "assistant/ask.html", {"form": form, "recent": recent}, status=422)
    data = form.cleaned_data
    question = services.ask(
        request.user,  # type: ignore[arg-type]
        data["question"],
        facts_date=data.get("facts_date"),
        doc_type=data.get("doc_type") or "",
        court=data.get("court") or "",
    )
    return redirect("assistant:question", pk=question.pk)


def _question_context(request: HttpRequest, question: Question) -> dict[str, Any]:
    answer = question.answer
    rating = answer.ratings.filter(rater=request.user.pk).first()
    return {
        "question": question,
        "answer": answer,
        "rating": rating,
        "rate_form": RateForm(initial={"useful": "1" if rating is None or rating.useful else "0"}),
        "escalate_form": EscalateForm(departments=_departments(request)),
    }


@staff_required
def question(request: HttpRequest, pk: int) -> HttpResponse:
    q = _own_question(request, pk)
    return render(request, "assistant/question.html", _question_context(request, q))


@staff_required
@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    q = _own_question(request, pk)
    form = RateForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=422)
    services.rate(q.answer, request.user, useful=form.cleaned_data["useful"], comment=form.cleaned_data["comment"])  # type: ignore[arg-type]
    if request.headers.get("HX-Request"):
        return render(request, "assistant/_rating.html", _question_context(request, q))
    return redirect("assistant:question", pk=q.pk)


@staff_required
@require_POST
def escalate(request: HttpRequest, pk: int) -> HttpResponse:
    q = _own_question(request, pk)
    form = EscalateForm(request.POST, departments=_departments(request))
    if not form.is_valid():
        return HttpResponse(status=422)
    q, problem = services.escalate(q, department=form.cleaned_data["department"], note=form.cleaned_data["note"])
    if request.headers.get("HX-Request"):
        return render(request, "assistant/_escalation.html", {**_question_context(request, q), "problem": problem})
    return redirect("assistant:question", pk=q.pk)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def similar(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    source = request.POST if request.method == "POST" else request.GET
    form = SimilarForm(source or None)
    context["form"] = form
    if form.is_bound and form.is_valid():
        case_id = form.cleaned_data.get("case")
        if case_id:
            case = cases_visible_to(request.user).filter(pk=case_id).first()
            if case is None:
                raise PermissionDenied
            context["case"] = case
            context["found"] = similar_to_case(case)
        elif form.cleaned_data.get("text"):
            context["found"] = similar_to_text(form.cleaned_data["text"])
    return render(request, "assistant/similar.html", context)
