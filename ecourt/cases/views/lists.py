"""The lists: a judge's or clerk's docket, and the president's overview, overdue list and assignments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ecourt.people.models import Role
from ecourt.people.selectors import members_with_role

from .. import selectors
from ..access import CasePermission, access_case_for_user
from ..forms import AssignFromListForm, CaseListFilterForm
from ..models import Case, CaseType, Status
from ..services import assignment
from ..services.assignment import JudgeLoad
from ..services.steps import TransitionError
from .common import case_rows, my_roles, paginate, presided_court, query_without_page, visible_ids


@login_required
@require_safe
def docket(request: HttpRequest) -> HttpResponse:
    """My docket (sổ thụ lý): the pending cases where I am the judge or the clerk, most urgent first."""
    roles = my_roles(request)
    if not (roles.is_judge or roles.is_clerk):
        if roles.presides_somewhere:
            return redirect("cases:overview")
        raise PermissionDenied(_("The docket is for the judges and clerks of a court."))
    form = CaseListFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "cases/docket.html", {"form": form, "rows": [], "page": None}, status=400)
    today = timezone.localdate()
    page, cases = paginate(
        request,
        selectors.docket(
            request.user, status=form.cleaned_data["status"], deadline=form.cleaned_data["deadline"], today=today
        ),
    )
    selectors.audit_list(request.user, "docket", cases, filters=form.cleaned_data, page=page.number)
    context = {
        "form": form,
        "rows": case_rows(cases, today, owner=request.user),
        "page": page,
        "query": query_without_page(request),
        "today": today,
    }
    return render(request, "cases/docket.html", context)


@login_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """The president's overview of the court: counts of pending, overdue and due-soon cases by judge,
    status and type, and the pending cases themselves (filterable)."""
    court, courts = presided_court(request)
    form = CaseListFilterForm(request.GET)
    today = timezone.localdate()
    if not form.is_valid():
        context: dict[str, Any] = {"court": court, "courts": courts, "form": form, "rows": [], "page": None}
        return render(request, "cases/overview.html", context, status=400)
    counts = selectors.court_overview(court.pk, today)
    page, cases = paginate(
        request,
        selectors.court_cases(
            court.pk, status=form.cleaned_data["status"], deadline=form.cleaned_data["deadline"], today=today
        ),
    )
    visible = visible_ids(request.user, cases)
    selectors.audit_list(
        request.user, "court_pending", cases, court=court.pk, filters=form.cleaned_data, page=page.number
    )
    context = {
        "court": court,
        "courts": courts,
        "form": form,
        "counts": counts,
        "by_status": [
            (Status(value).label, n) for value, n in sorted(counts.by_status.items(), key=lambda item: -item[1])
        ],
        "by_type": [
            (CaseType(value).label, n) for value, n in sorted(counts.by_type.items(), key=lambda item: -item[1])
        ],
        "rows": case_rows(cases, today, visible),
        "page": page,
        "query": query_without_page(request),
    }
    return render(request, "cases/overview.html", context)


@login_required
@require_safe
def overdue(request: HttpRequest) -> HttpResponse:
    """Cases of the court with a duty past its statutory limit (án quá hạn luật định), oldest first."""
    court, courts = presided_court(request)
    today = timezone.localdate()
    page, cases = paginate(request, selectors.overdue_cases(court.pk, today))
    visible = visible_ids(request.user, cases)
    selectors.audit_list(request.user, "court_overdue", cases, court=court.pk, page=page.number)
    context = {
        "court": court,
        "courts": courts,
        "rows": case_rows(cases, today, visible),
        "page": page,
        "query": query_without_page(request),
        "today": today,
    }
    return render(request, "cases/overdue.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignments(request: HttpRequest) -> HttpResponse:
    """The president's unassigned petitions and case files, each with the even-load suggestion."""
    court, courts = presided_court(request)
    today = timezone.localdate()
    judges = list(members_with_role(court.pk, Role.JUDGE, today))
    status = 200
    failed: dict[str, Any] = {}
    if request.method == "POST":
        form = AssignFromListForm(request.POST, judges=judges)
        if form.is_valid():
            try:
                case = access_case_for_user(request.user, form.cleaned_data["case"], CasePermission.ASSIGN, audit=False)
                if case.court_id != court.pk:
                    raise PermissionDenied(_("This case is held by another court."))
                result = assignment.assign_judge(
                    request.user, case.pk, form.chosen(), reason=form.cleaned_data["reason"]
                )
            except (TransitionError, PermissionDenied) as exc:
                failed = {"case": form.cleaned_data["case"], "error": str(exc)}
                status = 422
            else:
                messages.success(
                    request,
                    _("%(case)s assigned to %(judge)s.") % {"case": result.case.uid, "judge": form.chosen()},
                )
                return redirect(f"{reverse('cases:assignments')}?court={court.pk}")
        else:
            failed = {"case": request.POST.get("case", ""), "error": _("Choose a judge of this court.")}
            status = 422

    page, cases = paginate(request, selectors.unassigned_petitions(court.pk))
    visible = visible_ids(request.user, cases)
    # The suggestion depends on the court and the department only, so it is computed once for each;
    # the court-wide loads (no department) head the page.
    loads_by_department: dict[int | None, list[JudgeLoad]] = {
        None: assignment.judge_loads(Case(court_id=court.pk), today)
    }
    for case in cases:
        if case.department_id not in loads_by_department:
            loads_by_department[case.department_id] = assignment.judge_loads(case, today)
    failed_case = str(failed.get("case", ""))
    rows = []
    for row in case_rows(cases, today, visible):
        loads = loads_by_department[row.case.department_id]
        suggestion = loads[0].judge if loads else None
        error = failed["error"] if failed_case == str(row.case.pk) else ""
        chosen = suggestion.pk if suggestion else None
        if error:
            chosen = _int_or(request.POST.get("judge"), chosen)
        rows.append(
            {
                "row": row,
                "loads": loads,
                "suggestion": suggestion,
                "chosen": chosen,
                "error": error,
                "reason": request.POST.get("reason", "") if error else "",
            }
        )
    selectors.audit_list(request.user, "unassigned", cases, court=court.pk, page=page.number)
    listed = {str(case.pk) for case in cases}
    context = {
        "court": court,
        "courts": courts,
        "rows": rows,
        "page": page,
        "query": query_without_page(request),
        "judges": judges,
        "loads": loads_by_department[None],
        "error": failed.get("error", "") if failed and failed_case not in listed else "",
    }
    return render(request, "cases/assignments.html", context, status=status)


def _int_or(value: str | None, default: int | None) -> int | None:
    try:
        return int(value) if value else default
    except ValueError:
        return default
