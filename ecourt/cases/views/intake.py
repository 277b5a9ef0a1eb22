"""Intake: the clerk records a petition (or a criminal case file) with its parties."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecourt.courts.models import Court
from ecourt.people.selectors import active_memberships

from ..access import REGISTRY
from ..forms import PARTY_PREFIX, IntakeForm, PartyFormSet
from ..models import Case, CaseType
from ..services import intake as intake_service
from ..services.steps import TransitionError
from .common import is_htmx


def registry_courts(user: Any) -> list[Court]:
    """Courts where ``user`` holds a registry role today (those whose petitions they may record)."""
    courts: dict[int, Court] = {}
    for membership in active_memberships(user).filter(role__in=sorted(REGISTRY)):
        courts.setdefault(membership.court_id, membership.court)
    return sorted(courts.values(), key=lambda court: court.code)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """Record a petition received by the court. Adding or removing a party row re-renders the form
    without saving anything (with HTMX only the parties are swapped; without it, the whole page)."""
    courts = registry_courts(request.user)
    if not courts:
        raise PermissionDenied(_("Only officials of a court's registry may record petitions."))
    status = 200
    if request.method != "POST":
        form = IntakeForm(courts=courts)
        formset = PartyFormSet.showing([{"role": "plaintiff"}, {"role": "defendant"}], PARTY_PREFIX)
    elif "add_party" in request.POST or "remove_party" in request.POST:
        rows = PartyFormSet.typed_rows(request.POST, PARTY_PREFIX)
        if "add_party" in request.POST:
            rows.append({"kind": "person"})
        else:
            with contextlib.suppress(ValueError, IndexError):
                del rows[int(request.POST["remove_party"])]
        form = IntakeForm(initial=request.POST.dict(), courts=courts)
        formset = PartyFormSet.showing(rows, PARTY_PREFIX)
        if is_htmx(request):
            return render(request, "cases/_intake_parties.html", {"formset": formset})
    else:
        form = IntakeForm(request.POST, courts=courts)
        formset = PartyFormSet(request.POST, prefix=PARTY_PREFIX)
        if form.is_valid() and formset.is_valid():
            try:
                case = _receive(request.user, form.cleaned_data, formset)
            except (TransitionError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Petition recorded as case %(uid)s.") % {"uid": case.uid})
                return redirect("cases:detail", pk=case.pk)
        status = 422
    context = {"form": form, "formset": formset, "today": timezone.localdate()}
    return render(request, "cases/intake.html", context, status=status)


def _receive(user: Any, data: dict[str, Any], formset: Any) -> Case:
    parties = formset.party_inputs()
    common = {
        "actor": user,
        "court": data["court"],
        "subject": data["subject"],
        "parties": parties,
        "received_on": data["received_on"],
        "summary": data["summary"],
        "department": data["department"],
        "sealed": data["sealed"],
        "in_camera": data["in_camera"],
    }
    if data["case_type"] == CaseType.HS:
        return intake_service.receive_case_file(
            **common, gravity=data["gravity"], indictment_number=data["indictment_number"]
        )
    return intake_service.receive_petition(
        **common,
        case_type=data["case_type"],
        value_in_dispute=data["value_in_dispute"],
        fee_exempt=data["fee_exempt"],
        channel=data["channel"],
    )
