"""The case's code table (``models.CaseCode``): one code per person across every judgment of a case.

Resolution 03/2017/NQ-HĐTP asks that the same person be encoded the same way across a judgment and its
case. The engine numbers collisions per text (H1, H2), so without a memory a party could be "Nguyễn Văn A"
in the first-instance judgment and "Nguyễn Văn A1" in the appeal that names another "Nguyễn Văn Anh".
Publication records the codes of the people its text encodes; every later anonymization of a judgment of
the case reuses them, and new people are numbered after them. Judgments without a case keep the
per-text behaviour.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ecourt.anonymization.models import CaseCode, ReplacementKind
from ecourt.anonymization.services import Anonymized


def case_codes(case: Any | None) -> dict[str, str]:
    """The people's codes already assigned in the case: identity key → "Nguyễn Văn A1"."""
    if case is None:
        return {}
    rows = CaseCode.objects.filter(case=case, kind=ReplacementKind.PERSON).values_list("key", "replacement")
    return dict(rows)


def lock_codes(case: Any | None) -> None:
    """Lock the case row so that two judgments of the case published at once cannot both take the next
    number (a no-op on SQLite, which writes one transaction at a time). Call inside the transaction."""
    if case is not None:
        list(type(case).objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True))


def record_codes(case: Any | None, judgment: Any, anonymized: Anonymized) -> list[CaseCode]:
    """Add to the case's table the people ``anonymized`` encoded that it has no code for yet; codes already
    there are left as they are. Call in the publication's transaction."""
    if case is None:
        return []
    known = set(CaseCode.objects.filter(case=case).values_list("key", flat=True))
    new = [
        CaseCode(case=case, key=key, kind=ReplacementKind.PERSON, replacement=code, judgment=judgment)
        for key, code in anonymized.people
        if key not in known
    ]
    return CaseCode.objects.bulk_create(new)


def decide_code(case: Any, key: str, replacement: str) -> None:
    """A reviewer's whole-case decision giving a person its own replacement: the table follows it, so
    the case's later judgments (and a correction) number others around it."""
    CaseCode.objects.update_or_create(
        case=case,
        key=key,
        defaults={"replacement": replacement, "assigned_at": timezone.now()},
        create_defaults={"replacement": replacement, "kind": ReplacementKind.PERSON, "judgment": None},
    )
