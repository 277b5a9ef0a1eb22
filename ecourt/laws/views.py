"""Pages of the legal corpus: search, a document as of a day, a provision with its history. Public:
the law is read by everyone, signed in or not."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import browse
from .forms import AsOfForm, LawSearchForm
from .models import LegalDocument


def _day(request: HttpRequest) -> tuple[datetime.date, AsOfForm]:
    """The day asked for (today when absent or unreadable; the form then carries the error)."""
    form = AsOfForm(request.GET)
    today = timezone.localdate()
    if form.is_valid():
        return form.cleaned_data["date"] or today, form
    return today, form


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Search over the corpus (diacritics optional, filters, facets, highlights) or, with nothing
    asked, the documents whose text is here."""
    form = LawSearchForm(request.GET)
    context: dict[str, Any] = {"form": form, "query": _query_without_page(request)}
    if not form.is_valid():
        return render(request, "laws/index.html", context, status=400)
    page_number = form.cleaned_data["page"] or 1
    if form.searching:
        outcome = browse.search_documents(form.cleaned_data["q"], form.filters(), page_number)
        context["outcome"] = outcome
        if outcome.results is not None:
            context["hits"] = [
                {
                    "hit": hit,
                    "type": browse.type_label(hit.fields.get("doc_type") or ""),
                    "status": browse.status_label(hit.fields.get("status") or ""),
                }
                for hit in outcome.results.hits
            ]
            context["start"] = (outcome.results.page - 1) * outcome.results.page_size + 1
            context["facets"] = {
                name: [
                    (_with(request, name, f.value), _facet_label(name, f.value), f.count, _chosen(form, name, f.value))
                    for f in outcome.results.facets.get(name, [])
                    if f.value != ""  # documents without an issuer: nothing to narrow to
                ]
                for name in browse.FACETS
            }
    else:
        context["page"] = Paginator(browse.documents_with_text(), browse.PAGE_SIZE).get_page(page_number)
    return render(request, "laws/index.html", context)


def _facet_label(name: str, value: str | int) -> str:
    if name == "doc_type":
        return browse.type_label(str(value))
    if name == "status":
        return browse.status_label(str(value))
    return str(value)


def _with(request: HttpRequest, name: str, value: str | int) -> str:
    """The query string of this search narrowed to ``name=value``, from its first page."""
    params = request.GET.copy()
    params.pop("page", None)
    params[name] = str(value)
    return params.urlencode()


def _chosen(form: LawSearchForm, name: str, value: str | int) -> bool:
    return str(form.cleaned_data.get(name) or "") == str(value)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_safe
def document(request: HttpRequest, key: str) -> HttpResponse:
    """A document: metadata, status on the day, table of contents, its text as of the day, relations."""
    doc = get_object_or_404(LegalDocument, key=key)
    day, form = _day(request)
    page = browse.document_page(doc, day)
    context = {"page": page, "document": doc, "day": day, "date_form": form}
    return render(request, "laws/document.html", context, status=200 if form.is_valid() else 400)


@require_safe
def provision(request: HttpRequest, key: str, provision: str) -> HttpResponse:
    """A provision: its text as of the day, its history with the changes, the documents amending it."""
    doc = get_object_or_404(LegalDocument, key=key)
    found = browse.find_provision_by_key(doc, provision)
    if found is None:
        raise Http404(f"{doc.key} has no provision {provision!r}")
    day, form = _day(request)
    page = browse.provision_page(doc, found, day)
    context = {"page": page, "document": doc, "day": day, "date_form": form}
    return render(request, "laws/provision.html", context, status=200 if form.is_valid() else 400)
