"""Who may open and add to a case's files: the one access function for ``CaseFile``.

The case file is narrower than the case page: a court official who may see a case because it is in
their court (a colleague not on it) may not open its evidence. Allowed: people assigned to the case (or
to a higher-instance case of it), and the parties and their lawyers while the file is not sealed.
Receiving a file is for the people assigned to the case. A colleague gets ``PermissionDenied``; someone
who may not know the case exists gets ``CaseNotFound`` (a 404), as in ecourt/cases/access.py.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.cases.access import CaseNotFound, CasePermission, case_access
from ecourt.cases.models import Case, CaseAssignment

from .models import CaseFile


def _may_open(user: Any, case: Case) -> tuple[bool, bool]:
    """(may know the case exists, may open its files)."""
    access = case_access(user, case)
    if CasePermission.VIEW not in access:
        return False, False
    on_higher = CaseAssignment.objects.filter(case__parent=case, user=user, ended_on__isnull=True).exists()
    return True, bool(access.assigned_roles) or access.is_party or on_higher


def access_case_file(user: Any, item_id: int) -> CaseFile:
    """The file, if ``user`` may open it; otherwise ``CaseNotFound`` or ``PermissionDenied`` (audited)."""
    item = CaseFile.objects.select_related("case").filter(pk=item_id).first()
    if item is None:
        raise CaseNotFound(_("No such file."))
    knows, opens = _may_open(user, item.case)
    if not opens:
        if user is not None and getattr(user, "is_authenticated", False):
            record(user, Action.DENIED, "case_file", item.pk, case_id=item.case_id)
        if not knows:
            raise CaseNotFound(_("No such file."))
        raise PermissionDenied(_("Only the people on the case may open its files."))
    return item


def case_for_receiving(user: Any, case_id: int) -> Case:
    """The case, if ``user`` may add files to it (assigned to it)."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        raise CaseNotFound(_("No such case."))
    access = case_access(user, case)
    if not access.assigned_roles:
        if user is not None and getattr(user, "is_authenticated", False):
            record(user, Action.DENIED, "case_file", "", case_id=case.pk, detail={"receive": True})
        if CasePermission.VIEW not in access:
            raise CaseNotFound(_("No such case."))
        raise PermissionDenied(_("Only the people on the case may add files to it."))
    return case


def case_for_listing(user: Any, case_id: int) -> Case:
    """The case, if ``user`` may open its files (the list of them is as private as the files)."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        raise CaseNotFound(_("No such case."))
    knows, opens = _may_open(user, case)
    if not opens:
        if user is not None and getattr(user, "is_authenticated", False):
            record(user, Action.DENIED, "case_file", "", case_id=case.pk, detail={"list": True})
        if not knows:
            raise CaseNotFound(_("No such case."))
        raise PermissionDenied(_("Only the people on the case may open its files."))
    return case


def may_receive(user: Any, case: Case) -> bool:
    """Whether ``user`` may add files to ``case`` (no audit entry: for showing the upload form)."""
    return bool(case_access(user, case).assigned_roles)
