"""Helpers shared by the case pages: who presides where, list rows, deadline names in the user's language."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ecourt.courts.models import Court
from ecourt.deadlines.models import DeadlineRule
from ecourt.deadlines.selectors import STATE_LABELS, DeadlineState, state_of
from ecourt.people.selectors import RolesSummary, roles_summary

from ..access import cases_visible_to
from ..models import Case
from ..selectors import own_next_deadline

PAGE_SIZE = 50


def is_htmx(request: HttpRequest) -> bool:
    """Whether the request came from HTMX (django-htmx's middleware sets ``request.htmx``)."""
    return bool(getattr(request, "htmx", False))


def my_roles(request: HttpRequest) -> RolesSummary:
    """The user's roles today, computed once per request."""
    cached: RolesSummary | None = getattr(request, "_ecourt_roles", None)
    if cached is None:
        cached = roles_summary(request.user)
        request._ecourt_roles = cached  # type: ignore[attr-defined]
    return cached


def vnd(amount: Any) -> str:
    """An amount in đồng with thousands grouped the way the page's language writes them: 300.000 ₫."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return str(amount)
    return f"{value:,} ₫".replace(",", str(get_format("THOUSAND_SEPARATOR")))


def in_vietnamese() -> bool:
    return (get_language() or "vi").startswith("vi")


def rule_name(rule: DeadlineRule | None) -> str:
    if rule is None:
        return ""
    return rule.name_vi if in_vietnamese() else rule.name


def court_name(court: Court) -> str:
    """The court's short name; its English name when the page is in English and one is recorded."""
    if not in_vietnamese() and court.name_en:
        return court.name_en
    return court.short_name


def presided_court(request: HttpRequest) -> tuple[Court, list[Court]]:
    """The court whose president's pages are asked for (``?court=<id>``), and every court the user
    presides today. Anyone who presides no court, or not the one asked for, is refused."""
    roles = my_roles(request)
    presided_ids = roles.courts_presided
    if not presided_ids:
        raise PermissionDenied(_("Only the president or a vice president of a court may open this page."))
    courts = list(Court.objects.filter(pk__in=presided_ids).order_by("code"))
    asked = request.GET.get("court") or request.POST.get("court_id") or ""
    if not asked:
        return courts[0], courts
    for court in courts:
        if str(court.pk) == asked.strip():
            return court, courts
    raise PermissionDenied(_("You are not the president or a vice president of this court."))


@dataclass
class CaseRow:
    """One case in a list, with the deadline to show as it stands today: on a docket, the first duty
    that falls to the docket's owner; elsewhere the case's earliest duty. ``other`` names the case's
    earliest duty when it is someone else's (e.g. the president's assignment), so it is not hidden."""

    case: Case
    due_on: datetime.date | None
    state: DeadlineState | None
    state_label: str
    deadline_name: str
    restricted: bool  # sealed or in camera and not open to this user: number and dates only
    other: str = ""


def _state(due_on: datetime.date, warn_days: int, today: datetime.date) -> DeadlineState:
    return state_of(due_on, due_on - datetime.timedelta(days=warn_days), today)


def case_rows(
    cases: list[Case], today: datetime.date, visible: set[int] | None = None, *, owner: Any = None
) -> list[CaseRow]:
    rows = []
    for case in cases:
        restricted = visible is not None and case.pk not in visible
        earliest = case.next_deadline
        shown = own_next_deadline(case, owner) if owner is not None else earliest
        if shown is None:
            rows.append(CaseRow(case, None, None, "", "", restricted))
            continue
        state = _state(shown.due_on, shown.rule.due_soon_days, today)
        other = ""
        if earliest is not None and earliest.pk != shown.pk:
            other_state = _state(earliest.due_on, earliest.rule.due_soon_days, today)
            other = _("%(name)s (%(whose)s): %(due)s, %(state)s") % {
                "name": rule_name(earliest.rule),
                "whose": earliest.rule.get_responsible_display(),
                "due": f"{earliest.due_on:%d/%m/%Y}",
                "state": STATE_LABELS[other_state],
            }
        rows.append(
            CaseRow(case, shown.due_on, state, str(STATE_LABELS[state]), rule_name(shown.rule), restricted, other)
        )
    return rows


def visible_ids(user: Any, cases: list[Case]) -> set[int]:
    """Which of ``cases`` the user may open (one query): the others are listed without their contents."""
    restricted = [case.pk for case in cases if case.is_restricted]
    if not restricted:
        return {case.pk for case in cases}
    shown = set(cases_visible_to(user).filter(pk__in=restricted).values_list("pk", flat=True))
    return {case.pk for case in cases if not case.is_restricted} | shown


def paginate(request: HttpRequest, queryset: QuerySet[Case]) -> tuple[Page[Case], list[Case]]:
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, list(page.object_list)


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
