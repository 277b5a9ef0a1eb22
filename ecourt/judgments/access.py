"""Who may publish, correct, withdraw or bar a judgment: the one place that decides it.

- A judgment of a case: the judge in charge of the case (``CasePermission.DECIDE``) or the president or a
  vice president of the court that holds it (``CasePermission.ASSIGN``), as ecourt/cases/access.py says.
- A judgment without a case (imported): the president or a vice president of its court.

The original file of a judgment (the signed PDF, DOCX or scan, with the parties' real names) is served to
the same people only, never to the public.

Anyone else is refused: a judgment they may not know of (unpublished, another court) is reported as not
found, so its existence does not leak.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.cases.access import PRESIDING, CasePermission, case_access
from ecourt.people.models import Membership

from .models import Judgment, JudgmentFile, JudgmentPublication


class JudgmentNotFound(Http404):
    pass


def may_publish(user: Any, judgment: Judgment) -> bool:
    """Whether ``user`` may take publication steps on ``judgment``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    publication = JudgmentPublication.objects.filter(judgment=judgment).select_related("case").first()
    case = publication.case if publication is not None else None
    if case is not None:
        access = case_access(user, case)
        return CasePermission.DECIDE in access or CasePermission.ASSIGN in access
    if judgment.court_id is None:
        return False
    roles = set(
        Membership.objects.active_on(timezone.localdate())
        .filter(user=user, court_id=judgment.court_id)
        .values_list("role", flat=True)
    )
    return bool(roles & PRESIDING)


def access_judgment_for_publication(user: Any, pk: int, *, for_update: bool = False) -> Judgment:
    """The judgment, if ``user`` may take publication steps on it; refusals go to the audit log.

    Raises ``JudgmentNotFound`` when it does not exist or is unpublished and not theirs, and
    ``PermissionDenied`` when it is public but not theirs to change."""
    queryset = Judgment.objects.select_related("court")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    try:
        judgment = queryset.get(pk=pk)
    except (Judgment.DoesNotExist, ValueError, TypeError):
        raise JudgmentNotFound("Không tìm thấy bản án") from None
    if may_publish(user, judgment):
        return judgment
    if user is not None and user.is_authenticated:
        record(user, Action.DENIED, "judgment", judgment.pk, detail={"permission": "publish"})
    if not judgment.published:
        raise JudgmentNotFound("Không tìm thấy bản án")
    raise PermissionDenied("Bạn không có quyền công bố bản án này")


def may_see_original(user: Any, judgment: Judgment) -> bool:
    """Whether ``user`` may read the judgment's original file: the people who may publish it.

    The original holds the parties' real names and numbers, so it is never public, not even for a
    published judgment; a colleague of the court who is not on the case reads the case file through the
    cases app, not here."""
    return may_publish(user, judgment)


def access_original(user: Any, pk: int) -> JudgmentFile:
    """The judgment's latest original file, for ``user`` who may see it; the read goes to the audit log.

    Refusals as ``access_judgment_for_publication``: not found while the judgment is unpublished, 403 once
    it is public; no original is not found."""
    judgment = access_judgment_for_publication(user, pk)
    original = JudgmentFile.objects.filter(judgment=judgment).order_by("-uploaded_at", "-id").first()
    if original is None:
        raise JudgmentNotFound("Bản án chưa có tệp gốc")
    case_id = JudgmentPublication.objects.filter(judgment=judgment).values_list("case_id", flat=True).first()
    record(user, Action.VIEW, "judgment_file", original.pk, case_id=case_id, detail={"judgment": judgment.pk})
    return original
