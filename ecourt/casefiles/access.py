"""Who may export a case file, import a package at a court, archive a case, or destroy an archived file.

- Export: staff of the court that holds the case who are on the case (assigned to it): the same people
  who may open its files (ecourt/evidence/access.py), narrowed to the court's own officials.
- Import: registry staff (president, vice president, judge, clerk, examiner) of the receiving court.
- Archive: registry staff of the holding court (the case's RECORD permission).
- Destroy an archived file: the president or a vice president of the holding court (ASSIGN).
A colleague not on the case gets ``PermissionDenied``; someone who may not know the case exists
``CaseNotFound``. Each refusal is in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.cases.access import REGISTRY, CaseNotFound, CasePermission, case_access
from ecourt.cases.models import Case
from ecourt.courts.models import Court
from ecourt.people.models import Membership


def _refuse(user: Any, case: Case, what: str, knows: bool, message: str) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        record(user, Action.DENIED, "case", case.pk, case_id=case.pk, detail={"casefiles": what})
    if not knows:
        raise CaseNotFound(_("No such case."))
    raise PermissionDenied(message)


def may_export(user: Any, case: Case) -> bool:
    access = case_access(user, case)
    return bool(access.assigned_roles) and bool(access.court_roles)


def case_to_export(user: Any, case_id: int) -> Case:
    """The case of ``case_id`` if ``user`` may export its file (404 when there is no such case)."""
    case = Case.objects.select_related("court").filter(pk=case_id).first()
    if case is None:
        raise CaseNotFound
    return case_for_export(user, case)


def case_for_export(user: Any, case: Case) -> Case:
    access = case_access(user, case)
    if not (access.assigned_roles and access.court_roles):
        _refuse(
            user,
            case,
            "export",
            CasePermission.VIEW in access,
            _("Only the court's staff on the case may export its file."),
        )
    return case


def check_may_import(user: Any, court: Court) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to import a case file."))
    roles = set(
        Membership.objects.active_on(timezone.localdate()).filter(user=user, court=court).values_list("role", flat=True)
    )
    if not roles & REGISTRY:
        record(user, Action.DENIED, "court", court.pk, detail={"casefiles": "import"})
        raise PermissionDenied(
            _("Only the registry of %(court)s may import a case file there.") % {"court": court.short_name}
        )


def case_for_archiving(user: Any, case: Case) -> Case:
    access = case_access(user, case)
    if CasePermission.RECORD not in access:
        _refuse(
            user,
            case,
            "archive",
            CasePermission.VIEW in access,
            _("Only the court's registry may archive a case file."),
        )
    return case


def case_for_destruction(user: Any, case: Case) -> Case:
    access = case_access(user, case)
    if CasePermission.ASSIGN not in access:
        _refuse(
            user,
            case,
            "destroy",
            CasePermission.VIEW in access,
            _("Only the president or a vice president of the court may destroy an archived file."),
        )
    return case
