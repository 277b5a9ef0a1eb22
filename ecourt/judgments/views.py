"""Judgment pages. The ALQAC judgments were published on the courts' portal: their pages are public."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ecourt.citations.rendering import linked_html

from . import selectors


@require_safe
def judgment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """``/judgments/<pk>/``: metadata and the text, each citation a link to the law it cites as of the
    judgment's day."""
    judgment = get_object_or_404(selectors.published_judgments(), pk=pk)
    citations = selectors.judgment_citations(judgment)
    context = {
        "judgment": judgment,
        "text": linked_html(judgment.text, citations, judgment.decided_on),
        "citations": len(citations),
        "resolved": sum(c.status == "resolved" for c in citations),
    }
    return render(request, "judgments/judgment_detail.html", context)
