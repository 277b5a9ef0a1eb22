"""The public judgment portal: search over published judgments, and a judgment's page. Public: published
judgments are read by everyone, signed in or not."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ecourt.citations.models import CitationStatus
from ecourt.citations.rendering import linked_html

from . import portal, selectors
from .forms import JudgmentSearchForm


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """``/judgments/``: the query box with its syntax, filters with facet counts, highlighted hits, sort and
    pages. With nothing asked, every published judgment, newest first."""
    form = JudgmentSearchForm(request.GET)
    context: dict[str, Any] = {"form": form, "query": _query_without_page(request)}
    if not form.is_valid():
        return render(request, "judgments/index.html", context, status=400)
    data = form.cleaned_data
    query = data["q"] or ""
    sort = data["sort"] or ("relevance" if query.strip() else "newest")
    try:
        results = portal.search_judgments(query, form.filters(), sort=sort, page=data["page"] or 1)
    except portal.SearchUnavailableError:
        context["unavailable"] = True
        return render(request, "judgments/index.html", context, status=503)
    context.update(
        results=results,
        chosen=[
            (form.fields[name].label, portal.facet_label(portal.FILTERS[name], value), _without(request, name))
            for name, value in form.filters().items()
            if name in ("court", "cited")  # the others show in their own inputs
        ],
        sort=sort,
        sorts=[(_with(request, "sort", key), label, key == sort) for key, label in portal.SORT_LABELS.items()],
        start=(results.page - 1) * results.page_size + 1,
        hits=[
            {"hit": hit, "case": portal.case_label(hit.fields.get("case_type", ""), hit.fields.get("instance", ""))}
            for hit in results.hits
        ],
        facets=[
            (
                name,
                [
                    (
                        _with(request, portal.FACET_FILTER[name], f.value),
                        portal.facet_label(name, f.value),
                        f.count,
                        str(form.cleaned_data.get(portal.FACET_FILTER[name]) or "") == str(f.value),
                    )
                    for f in results.facets.get(name, [])
                    if f.value not in ("", 0)
                ],
            )
            for name in portal.FACETS
        ],
    )
    return render(request, "judgments/index.html", context)


def _with(request: HttpRequest, name: str, value: str | int) -> str:
    """The query string of this search with ``name=value``, from its first page."""
    params = request.GET.copy()
    params.pop("page", None)
    params[name] = str(value)
    return params.urlencode()


def _without(request: HttpRequest, name: str) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop(name, None)
    return params.urlencode()


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_safe
def judgment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """``/judgments/<pk>/``: metadata and the text, each citation a link to the law it cites as of the
    judgment's day; similar judgments."""
    judgment = get_object_or_404(selectors.published_judgments(), pk=pk)
    citations = selectors.judgment_citations(judgment)
    resolved = [
        (c.target_document.number, c.target_key)
        for c in citations
        if c.status == CitationStatus.RESOLVED and c.target_document is not None
    ]
    context = {
        "judgment": judgment,
        "text": linked_html(judgment.text, citations, judgment.decided_on),
        "citations": len(citations),
        "resolved": len(resolved),
        "similar": portal.similar_judgments(judgment, resolved),
    }
    return render(request, "judgments/judgment_detail.html", context)
