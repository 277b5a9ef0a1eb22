"""The public judgment portal: search over published judgments, and a judgment's page. Public: published
judgments are read by everyone, signed in or not."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ecourt.citations.models import CitationStatus
from ecourt.citations.rendering import linked_html

from . import originals, portal, selectors
from . import publication as pub
from .access import access_judgment_for_publication, access_original, may_publish, may_see_original
from .forms import CorrectForm, JudgmentSearchForm, NotPublishableForm, OriginalForm, PublishForm, WithdrawForm
from .index_fields import now_court
from .models import JudgmentVersion, PublicationStatus


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
    courts = [str(f.value) for f in results.facets.get("court_lineage", [])]
    now = portal.court_now([*courts, str(form.filters().get("court", ""))])
    context.update(
        results=results,
        chosen=[
            (form.fields[name].label, portal.facet_label(portal.FILTERS[name], value, now), _without(request, name))
            for name, value in form.filters().items()
            if name in ("court", "cited", "party_role")  # the others show in their own inputs
        ],
        sort=sort,
        sorts=[(_with(request, "sort", key), label, key == sort) for key, label in portal.SORT_LABELS.items()],
        start=(results.page - 1) * results.page_size + 1,
        hits=[
            {
                "hit": hit,
                "case": portal.case_label(hit.fields.get("case_type", ""), hit.fields.get("instance", "")),
                "outcome": portal.outcome_label(hit.fields.get("outcome") or ""),
            }
            for hit in results.hits
        ],
        facets=[
            (
                name,
                [
                    (
                        _with(request, portal.FACET_FILTER[name], f.value),
                        portal.facet_label(name, f.value, now),
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
    judgment's day; similar judgments; a corrected judgment says when and links its previous versions.

    A withdrawn judgment answers 410 with a notice (number, court, date, when and why withdrawn) and no
    text: other judgments, citations and the press link to it, and a notice tells their readers that it
    existed and was taken down instead of a bare 404 that looks like a broken link; 410 tells search
    engines to drop it."""
    judgment = get_object_or_404(selectors.portal_judgments(), pk=pk)
    publication = getattr(judgment, "publication", None)
    if not judgment.published:
        if publication is not None and publication.status == PublicationStatus.WITHDRAWN:
            return render(
                request, "judgments/withdrawn.html", {"judgment": judgment, "publication": publication}, status=410
            )
        raise Http404
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
        "publication": publication,
        "versions": selectors.versions(judgment)
        if publication and publication.status == PublicationStatus.CORRECTED
        else [],
        "may_publish": may_publish(request.user, judgment),
        # The original holds the parties' real names: linked for the staff who may see it, never the public.
        "original": originals.latest_original(judgment) if may_see_original(request.user, judgment) else None,
        "other_instances": selectors.other_instances(judgment, published_only=True),
        "parties": selectors.judgment_parties(judgment),
        "court_now": now_court(judgment.court_id),
    }
    return render(request, "judgments/judgment_detail.html", context)


@login_required
@require_safe
def judgment_original(request: HttpRequest, pk: int) -> HttpResponseBase:
    """``/judgments/<pk>/original/``: the original file, to the staff who may publish the judgment only."""
    original = access_original(request.user, pk)
    response = FileResponse(
        default_storage.open(original.file.name or "", "rb"),
        as_attachment=True,
        filename=original.name,
        content_type=original.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def judgment_version(request: HttpRequest, pk: int, seq: int) -> HttpResponse:
    """``/judgments/<pk>/versions/<seq>/``: a text the portal showed before a correction, marked as such."""
    judgment = get_object_or_404(selectors.published_judgments(), pk=pk)
    version = get_object_or_404(JudgmentVersion, judgment=judgment, seq=seq)
    latest = judgment.versions.order_by("-seq").first()
    return render(
        request,
        "judgments/version.html",
        {"judgment": judgment, "version": version, "superseded": latest is not None and latest.seq != version.seq},
    )


def _attach(request: HttpRequest, judgment: Any, form: OriginalForm) -> bool:
    """Attach the uploaded original; False with the error on the form when it was refused."""
    if not form.is_valid():
        return False
    upload = form.cleaned_data["original"]
    if upload.size > originals.MAX_BYTES:  # refused before reading it into memory
        form.add_error("original", _("The file is larger than %(n)d MB.") % {"n": originals.MAX_BYTES // (1024 * 1024)})
        return False
    try:
        originals.attach_original(judgment, upload.read(), upload.name or "", actor=request.user)
    except originals.OriginalFileError as exc:
        form.add_error("original", str(exc))
        return False
    return True


STEP_FORMS: dict[str, type] = {
    "publish": PublishForm,
    "correct": CorrectForm,
    "withdraw": WithdrawForm,
    "not_publishable": NotPublishableForm,
}


def _retry_extraction(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the reading of an original's text again (a failed OCR, or a worker lost in the middle)."""
    file_id = request.POST.get("file", "")
    try:
        if not file_id.isdigit():
            raise originals.OriginalFileError(_("No such original file."))
        originals.retry_extraction(request.user, int(file_id))
    except originals.OriginalFileError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The text of the original will be read again."))
    return redirect("judgments:publication", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def publication_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """``/judgments/<pk>/publication/``: the staff's panel: status, history, versions and the steps the
    status allows (publish, correct, withdraw, not publishable). Each POST is one service call."""
    judgment = access_judgment_for_publication(request.user, pk)
    publication = pub.publication_of(judgment)
    bound: dict[str, Any] = {}
    status = 200
    if request.method == "POST" and request.POST.get("action") == "original":
        original_form = OriginalForm(request.POST, request.FILES)
        if _attach(request, judgment, original_form):
            messages.success(request, _("Original file attached."))
            return redirect("judgments:publication", pk=pk)
        bound["original"] = original_form
        status = 400
    elif request.method == "POST" and request.POST.get("action") == "retry_extraction":
        return _retry_extraction(request, pk)
    elif request.method == "POST":
        action = request.POST.get("action", "")
        if action not in STEP_FORMS:
            raise Http404
        form = STEP_FORMS[action](request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "publish":
                    pub.publish(request.user, pk, final_text=data["final_text"] or None)
                elif action == "correct":
                    pub.correct(request.user, pk, source_text=data["source_text"], note=data["note"])
                elif action == "withdraw":
                    pub.withdraw(request.user, pk, reason=data["reason"])
                else:
                    pub.mark_not_publishable(request.user, pk, reason=data["reason"])
            except pub.PublicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Done."))
                return redirect("judgments:publication", pk=pk)
        bound[action] = form
        status = 400
    live = publication.status in pub.LIVE
    awaiting = pub.awaits_answer(publication)
    steps = [
        (name, bound.get(name) or STEP_FORMS[name]())
        for name, allowed in (
            ("publish", awaiting),
            ("correct", live),
            ("withdraw", live),
            ("not_publishable", awaiting),
        )
        if allowed
    ]
    files = list(judgment.files.select_related("uploaded_by"))
    context = {
        "judgment": judgment,
        "publication": publication,
        "awaiting": awaiting,
        "steps": steps,
        "labels": {
            "publish": _("Publish"),
            "correct": _("Correct (đính chính)"),
            "withdraw": _("Withdraw"),
            "not_publishable": _("Mark not publishable"),
        },
        "due_on": selectors.publication_due_on(publication),
        "events": judgment.events.select_related("actor"),
        "versions": judgment.versions.select_related("published_by"),
        "original_form": bound.get("original") or OriginalForm(),
        "originals": files,
        # a scan whose OCR failed, or whose job was lost with its worker, can be queued again
        "retryable": {f.pk for f in files if originals.may_retry(f)},
        "other_instances": selectors.other_instances(judgment, published_only=False),
    }
    return render(request, "judgments/publication.html", context, status=status)
