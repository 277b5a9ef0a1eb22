"""The case page and its procedural steps (each an HTMX form partial that calls a service)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from ecourt.deadlines.models import Deadline, Responsible
from ecourt.deadlines.selectors import STATE_LABELS, DeadlineState

from .. import selectors
from ..access import CasePermission, access_case_for_user, case_access
from ..forms import STEP_FORMS
from ..models import Appeal, CaseEvent, EventKind, Outcome, Party, PartyRole, Procedure, Status
from ..services.steps import TransitionError
from ..workflow import STEPS, Step
from .common import court_name, is_htmx, rule_name, vnd

# Labels of the case fields an event may change, and of the details it records.
FIELD_LABELS = {
    "judge": gettext_lazy("Judge in charge"),
    "clerk": gettext_lazy("Clerk"),
    "procedure": gettext_lazy("Procedure"),
    "court": gettext_lazy("Court"),
    "accepted_on": gettext_lazy("Accepted on"),
    "acceptance_number": gettext_lazy("Acceptance number"),
    "decided_on": gettext_lazy("Decided on"),
    "judgment_number": gettext_lazy("Judgment or decision number"),
    "outcome": gettext_lazy("Outcome"),
    "effective_on": gettext_lazy("In legal effect from"),
    "fee_exempt": gettext_lazy("Exempt from the advance court fee"),
}
DETAIL_LABELS = {
    "channel": gettext_lazy("Received"),
    "indictment_number": gettext_lazy("Indictment number"),
    "reason": gettext_lazy("Reason"),
    "ground": gettext_lazy("Ground"),
    "items": gettext_lazy("To be amended"),
    "note": gettext_lazy("Note"),
    "amount": gettext_lazy("Amount"),
    "receipt_number": gettext_lazy("Receipt number"),
    "recipients": gettext_lazy("Notified"),
    "hearing_on": gettext_lazy("Hearing on"),
    "suggested": gettext_lazy("Suggested by the even-load rule"),
    "to_court": gettext_lazy("To court"),
    "from_court": gettext_lazy("From court"),
    "appellate_court": gettext_lazy("Appellate court"),
    "appeal_case": gettext_lazy("Appeal case"),
    "to_case": gettext_lazy("New case"),
    "from_case": gettext_lazy("From case"),
    "by_appeal": gettext_lazy("By the appellate judgment"),
    "kind": gettext_lazy("Kind"),
    "appellant": gettext_lazy("Appellant"),
    "late": gettext_lazy("Lodged late"),
    "late_reason": gettext_lazy("Reason for the delay"),
    "rule": gettext_lazy("Time limit"),
    "due_before": gettext_lazy("Due before"),
    "due_after": gettext_lazy("Due after"),
    "legal_basis": gettext_lazy("Legal basis"),
    "summary": gettext_lazy("Summary"),
    "parties": gettext_lazy("Parties"),
    "party": gettext_lazy("Party"),
    "document": gettext_lazy("Document"),
    "basis": gettext_lazy("Legal basis"),
    "notified_on": gettext_lazy("Notified on"),
    "due_on": gettext_lazy("Due on"),
    "appeals_abandoned_for_fee": gettext_lazy("Appeals abandoned for an unpaid fee"),
    "retention_years": gettext_lazy("Retention (years)"),
    "permanent": gettext_lazy("Kept permanently"),
    "review_on": gettext_lazy("Due for review on"),
    "retention_version": gettext_lazy("Retention table version"),
    "period_from": gettext_lazy("Retention period from"),
    "table_period": gettext_lazy("The table's period"),
    "table_version": gettext_lazy("Table version"),
}
PERIOD_SOURCES = {
    "table": gettext_lazy("the retention table"),
    "set_on_archiving": gettext_lazy("set on archiving"),
}
CHANNEL_LABELS = {
    "in_person": gettext_lazy("In person"),
    "post": gettext_lazy("By post"),
    "online": gettext_lazy("Online"),
}
CHOICE_LABELS: dict[str, dict[str, Any]] = {
    "procedure": dict(Procedure.choices),
    "outcome": dict(Outcome.choices),
    "channel": CHANNEL_LABELS,
    "kind": dict(Appeal.Kind.choices),
    "period_from": PERIOD_SOURCES,
}
SKIPPED_DETAILS = {"before", "after", "appeal"}
DATE_KEYS = {
    "accepted_on",
    "decided_on",
    "effective_on",
    "hearing_on",
    "due_before",
    "due_after",
    "notified_on",
    "due_on",
    "review_on",
}


def _date(value: str) -> str:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return value
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _value(key: str, value: Any) -> str:
    """A value recorded in an event, as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return str(value.get("label") or value.get("name") or value.get("uid") or value.get("number") or "")
    if isinstance(value, list):
        return "; ".join(_party_text(item) if isinstance(item, dict) else str(item) for item in value)
    return _scalar(key, str(value))


def _scalar(key: str, text: str) -> str:
    if key in DATE_KEYS:
        return _date(text)
    if key == "amount":
        return vnd(text)
    return str(CHOICE_LABELS.get(key, {}).get(text, text))


def _party_text(item: dict[str, Any]) -> str:
    role = item.get("role", "")
    label = PartyRole(role).label if role in PartyRole.values else role
    return f"{item.get('name', '')} ({label})" if label else str(item.get("name", ""))


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class EventRow:
    event: CaseEvent
    label: str
    status_before: str
    status_after: str
    changes: list[Change] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)


def event_row(event: CaseEvent) -> EventRow:
    data = event.data or {}
    before, after = data.get("before", {}), data.get("after", {})
    changes = [
        Change(str(FIELD_LABELS.get(key, key)), _value(key, before.get(key)), _value(key, value))
        for key, value in after.items()
        if before.get(key) != value
    ]
    details = []
    for key, value in data.items():
        if key in SKIPPED_DETAILS or value in (None, "", [], {}):
            continue
        if key == "party" and isinstance(value, dict):
            details.append((str(DETAIL_LABELS[key]), _party_text(value)))
            continue
        if key == "late" and not value:
            continue
        details.append((str(DETAIL_LABELS.get(key, key)), _value(key, value)))
    return EventRow(
        event=event,
        label=str(EventKind(event.kind).label) if event.kind in EventKind.values else event.kind,
        status_before=str(Status(event.status_before).label) if event.status_before in Status.values else "",
        status_after=str(Status(event.status_after).label) if event.status_after in Status.values else "",
        changes=changes,
        details=details,
    )


@dataclass
class DeadlineRow:
    deadline: Deadline
    name: str
    state: DeadlineState
    state_label: str
    responsible: str


@dataclass
class PartyRow:
    party: Party
    representatives: list[Party]


def party_rows(parties: list[Party]) -> list[PartyRow]:
    reps: dict[int, list[Party]] = {}
    for party in parties:
        if party.represents_id is not None:
            reps.setdefault(party.represents_id, []).append(party)
    return [PartyRow(party, reps.get(party.pk, [])) for party in parties if party.represents_id is None]


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page: numbers, courts, parties, assignments, deadlines, timeline, and the steps open now."""
    case = access_case_for_user(request.user, pk)
    today = timezone.localdate()
    file = selectors.case_file(case, request.user, today)
    deadlines = [
        DeadlineRow(
            deadline=deadline,
            name=rule_name(deadline.rule),
            state=state,
            state_label=str(STATE_LABELS[state]),
            responsible=str(Responsible(deadline.rule.responsible).label),
        )
        for deadline, state in file.deadlines
    ]
    context = {
        "case": case,
        "file": file,
        "court_name": court_name(case.court),
        "origin_court_name": court_name(case.origin_court),
        "value_in_dispute": vnd(case.value_in_dispute) if case.value_in_dispute is not None else "",
        "parties": party_rows(file.parties),
        "deadlines": deadlines,
        "events": [event_row(event) for event in reversed(file.events)],
        "steps": [step for step in file.steps if step.name in STEP_FORMS],
        "parent": case.parent if case.parent_id else None,
        "transferred_from": case.transferred_from if case.transferred_from_id else None,
        "today": today,
    }
    return render(request, "cases/detail.html", context)


def _render_step(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    template = "cases/_step_form.html" if is_htmx(request) else "cases/step.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """GET: the form of one step (an HTMX partial, or a page without JavaScript); POST: take it."""
    spec: Step | None = STEPS.get(step)
    form_class = STEP_FORMS.get(step)
    if spec is None or form_class is None:
        raise Http404(_("No such step"))
    case = access_case_for_user(request.user, pk, spec.permission)
    context: dict[str, Any] = {"case": case, "step": spec}
    if not spec.allowed_for(case.case_type, case.instance, case.status):
        context["error"] = _("'%(step)s' cannot be taken while the case is '%(status)s'.") % {
            "step": spec.label,
            "status": case.get_status_display(),
        }
        return _render_step(request, context, status=409)
    if request.method != "POST":
        context["form"] = form_class(case=case, user=request.user)
        return _render_step(request, context)
    form = form_class(request.POST, case=case, user=request.user)
    context["form"] = form
    if not form.is_valid():
        return _render_step(request, context, status=422)
    try:
        result = form.take(request.user)
    except (TransitionError, PermissionDenied) as exc:
        form.add_error(None, str(exc))
        return _render_step(request, context, status=422)
    number = result.event.document_number
    if number:
        message = _("Done: %(step)s. Number: %(number)s.") % {"step": spec.label, "number": number}
    else:
        message = _("Done: %(step)s.") % {"step": spec.label}
    messages.success(request, message)
    if CasePermission.VIEW in case_access(request.user, result.case):
        target = reverse("cases:detail", args=[case.pk])
    else:  # a president assigning on a sealed case may not read it
        target = f"{reverse('cases:assignments')}?court={result.case.court_id}"
    if is_htmx(request):
        return HttpResponseClientRedirect(target)
    return redirect(target)
