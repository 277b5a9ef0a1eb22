"""Staff pages of the knowledge loop: the experts' inbox, a request with its answer form, the drafts
awaiting approval, the standardized answers with their flags and history, and one answer. Who may do what
is in access.py; the steps are services (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import access, selectors, services
from .forms import AnswerForm, ReasonForm
from .models import ExpertRequest, RequestStatus, StandardAnswer, StandardAnswerVersion, VersionStatus

PAGE_SIZE = 50


def _official(request: HttpRequest) -> None:
    if not access.is_court_official(request.user):
        raise PermissionDenied


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """``/qa/requests/``: the requests sent to my groups, and the drafts I may approve."""
    _official(request)
    groups = access.groups_of(request.user)
    approving = selectors.awaiting_approval(request.user)
    if not groups.exists() and not access.approver_groups(request.user).exists():
        raise PermissionDenied
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "qa/inbox.html", {"page": page, "approving": approving})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """``/qa/requests/<pk>/``: the question, and for its group's experts the answer and decline forms."""
    _official(request)
    item = get_object_or_404(ExpertRequest.objects.select_related("asked_by", "court", "group"), pk=pk)
    if not access.is_expert(request.user, item.group):
        raise PermissionDenied
    form = AnswerForm(initial={"question": item.question_text})
    decline = ReasonForm(label=_("Why it is declined"))
    if request.method == "POST" and item.status == RequestStatus.OPEN:
        if request.POST.get("action") == "decline":
            decline = ReasonForm(request.POST, label=_("Why it is declined"))
            if decline.is_valid():
                try:
                    services.decline_request(item, request.user, decline.cleaned_data["reason"])
                except services.QAError as exc:
                    decline.add_error(None, str(exc))
                else:
                    messages.success(request, _("The request was declined."))
                    return redirect("qa:inbox")
        else:
            form = AnswerForm(request.POST)
            if form.is_valid():
                try:
                    version = services.answer_request(
                        item,
                        request.user,
                        text=form.cleaned_data["text"],
                        sources_text=form.cleaned_data["sources"],
                        canonical_question=form.cleaned_data["question"],
                    )
                except services.QAError as exc:
                    form.add_error("sources", str(exc))
                else:
                    messages.success(request, _("The answer was saved; it awaits another person's approval."))
                    return redirect("qa:answer", pk=version.answer_id)
    return render(request, "qa/request.html", {"item": item, "form": form, "decline": decline})


@login_required
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    """``/qa/answers/<pk>/revise/``: a new draft of an answer (its group's experts)."""
    _official(request)
    answer = get_object_or_404(StandardAnswer.objects.select_related("current_version", "group"), pk=pk)
    if not access.is_expert(request.user, answer.group):
        raise PermissionDenied
    current = answer.current_version
    form = AnswerForm(
        request.POST or None,
        initial={
            "question": answer.canonical_question,
            "text": current.text if current else "",
            "sources": current.sources_text if current else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_answer(
                answer,
                request.user,
                text=form.cleaned_data["text"],
                sources_text=form.cleaned_data["sources"],
                question=form.cleaned_data["question"],
            )
        except services.QAError as exc:
            form.add_error("sources", str(exc))
        else:
            messages.success(request, _("The new version was saved; it awaits another person's approval."))
            return redirect("qa:answer", pk=answer.pk)
    return render(request, "qa/revise.html", {"answer": answer, "form": form})


@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """``/qa/versions/<pk>/approve/``: a draft with its checked sources; approve it or refuse it."""
    _official(request)
    version = get_object_or_404(
        StandardAnswerVersion.objects.select_related("answer__group", "author").prefetch_related("sources"), pk=pk
    )
    if not access.is_approver(request.user, version.answer.group):
        raise PermissionDenied
    refuse = ReasonForm(label=_("Why it is refused"))
    error = ""
    if request.method == "POST" and version.status == VersionStatus.DRAFT:
        try:
            if request.POST.get("action") == "reject":
                refuse = ReasonForm(request.POST, label=_("Why it is refused"))
                if refuse.is_valid():
                    services.reject_version(version, request.user, refuse.cleaned_data["reason"])
                    messages.success(request, _("The draft was refused."))
                    return redirect("qa:inbox")
            else:
                services.approve_version(version, request.user)
                messages.success(request, _("Approved: the assistant uses this answer from now on."))
                return redirect("qa:answer", pk=version.answer_id)
        except services.QAError as exc:
            error = str(exc)
    context = {"version": version, "refuse": refuse, "error": error, "own": version.author_id == request.user.pk}
    return render(request, "qa/approve.html", context)


@login_required
def answer_list(request: HttpRequest) -> HttpResponse:
    """``/qa/answers/``: the standardized answers in use, flagged ones marked (``?flagged=1`` only them)."""
    _official(request)
    q = (request.GET.get("q") or "").strip()[:200]
    flagged = True if request.GET.get("flagged") == "1" else None
    page = Paginator(selectors.answers(flagged=flagged, q=q or None), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "qa/answers.html", {"page": page, "q": q, "flagged": flagged})


@login_required
def answer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """``/qa/answers/<pk>/``: the current version with its sources, open flags, every version and event.
    Any court official reads it; approvers may settle the flags (the answer still holds)."""
    _official(request)
    answer = get_object_or_404(StandardAnswer.objects.select_related("group", "current_version"), pk=pk)
    approver = access.is_approver(request.user, answer.group)
    settle = ReasonForm(label=_("Why the answer still holds"))
    if request.method == "POST":
        if not approver:
            raise PermissionDenied
        settle = ReasonForm(request.POST, label=_("Why the answer still holds"))
        if settle.is_valid():
            try:
                services.settle_flags(answer, request.user, settle.cleaned_data["reason"])
            except services.QAError as exc:
                settle.add_error(None, str(exc))
            else:
                messages.success(request, _("The review flags were settled."))
                return redirect("qa:answer", pk=answer.pk)
    versions, events = selectors.history(answer)
    context = {
        "answer": answer,
        "current": answer.current_version,
        "versions": versions,
        "events": events,
        "flags": list(answer.flags.select_related("source", "changed_by", "resolved_by")),
        "is_expert": access.is_expert(request.user, answer.group),
        "is_approver": approver,
        "settle": settle,
    }
    return render(request, "qa/answer.html", context)
