"""Reads of the filing app: a filer's own filings (the one access function), and the public look-up."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ecourt.cases.access import CasePermission, case_access
from ecourt.cases.models import Case, CaseEvent
from ecourt.fees.models import FeeNotice
from ecourt.fees.schedule import AdvanceEstimate, ScheduleIncompleteError, estimate_advance
from ecourt.people.models import UserKind

from .models import Filing, Notification

FILER_KINDS = frozenset({UserKind.CITIZEN, UserKind.LAWYER})


def may_file(user: Any) -> bool:
    """Citizens, businesses and lawyers (signed in through the e-ID) file online; court staff do not."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.kind in FILER_KINDS)


def fee_estimate(filing: Filing, day: datetime.date) -> AdvanceEstimate | None:
    """The advance fee the schedule gives for the draft's case type and value, under the ordinary procedure,
    to tell the filer before they submit; None when the draft has no case type the schedule covers yet. The
    judge's notice sets the amount to pay."""
    try:
        return estimate_advance(filing.case_type, filing.value_in_dispute, day)
    except ScheduleIncompleteError:
        return None


def filings_of(user: Any) -> QuerySet[Filing]:
    if user is None or not user.is_authenticated:
        return Filing.objects.none()
    return Filing.objects.filter(filer=user).select_related("court", "case", "case__court")


def filing_for_user(user: Any, filing_id: int, *, for_update: bool = False) -> Filing:
    """The filing, if ``user`` filed it; otherwise 404 (someone else's filing is not said to exist)."""
    queryset = filings_of(user)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    filing = queryset.filter(pk=filing_id).first()
    if filing is None:
        raise Http404("No such filing")
    return filing


def filer_sees_case(filing: Filing) -> bool:
    """Whether the filer may follow the case now, by the cases app's own rule (a party does not see a
    sealed file)."""
    if filing.case is None:
        return False
    return CasePermission.VIEW in case_access(filing.filer, filing.case)


def fee_notices(filing: Filing) -> list[FeeNotice]:
    if filing.case_id is None:
        return []
    return list(FeeNotice.objects.filter(case_id=filing.case_id).order_by("issued_on", "pk"))


def case_events(filing: Filing) -> list[CaseEvent]:
    if filing.case_id is None:
        return []
    return list(CaseEvent.objects.filter(case_id=filing.case_id).order_by("seq"))


def notifications_of(user: Any, *, filing: Filing | None = None, limit: int = 50) -> list[Notification]:
    """The user's notifications, newest first (only those of ``filing`` when given)."""
    if user is None or not user.is_authenticated:
        return []
    rows = Notification.objects.filter(user=user)
    if filing is not None:
        rows = rows.filter(filing=filing)
    return list(
        rows.select_related("event", "filing__case", "filing__case__court").order_by("-created_at", "-id")[:limit]
    )


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@dataclass(frozen=True)
class PublicCase:
    """What anyone may learn of a case by its number: never parties, IDs, addresses or contents."""

    court: str
    number: str
    uid: str
    case_type: str
    received_on: Any
    status: str


def public_lookup(number: str, court_code: str = "") -> list[PublicCase]:
    """Cases whose national identifier, acceptance number or judgment number is ``number`` (within the
    court of ``court_code`` when given). Sealed and in-camera cases are not shown at all."""
    number = number.strip()
    if not number:
        return []
    cases = Case.objects.filter(sealed=False, in_camera=False).select_related("court")
    cases = cases.filter(Q(uid=number) | Q(acceptance_number=number) | Q(judgment_number=number))
    if court_code.strip():
        cases = cases.filter(court__code=court_code.strip())
    return [
        PublicCase(
            court=case.court.short_name,
            number=case.acceptance_number or case.uid,
            uid=case.uid,
            case_type=case.get_case_type_display(),
            received_on=case.received_on,
            status=case.get_status_display(),
        )
        for case in cases.order_by("court__code", "id")[:20]
    ]


def filer_party(filing: Filing) -> Any:
    """The filer's own party row on the case (bound at submission), or None for a draft."""
    if filing.case is None:
        return None
    return filing.case.parties.filter(user_id=filing.filer_id).order_by("position", "pk").first()


def served_documents(filing: Filing) -> list[Any]:
    """The court's documents served electronically on the filer's party, newest first."""
    from ecourt.eservice.models import Service

    party = filer_party(filing)
    if party is None:
        return []
    return list(Service.objects.filter(party=party).order_by("-made_available_at", "-pk"))
