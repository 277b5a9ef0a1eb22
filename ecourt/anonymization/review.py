"""The reviewer's side of anonymization: who may review a judgment, the decisions that apply to it, and
recording or withdrawing one. Each write is one audit entry with the reviewer's name.

A decision on a case applies to every judgment of the case. A judgment is linked to its case by its
publication record (``judgments.JudgmentPublication.case``); a caller may also pass ``case=``. The text
reviewed is the text as signed (``JudgmentPublication.source_text``) once the judgment has gone through
publication, since ``Judgment.text`` is then the published, anonymized text.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ecourt.anonymization.codes import case_codes, decide_code
from ecourt.anonymization.encoding import identity_key
from ecourt.anonymization.models import Decision, DecisionAction, ReplacementKind
from ecourt.anonymization.services import Anonymized, anonymize_text, occurrences, words_of
from ecourt.anonymization.text import normalized
from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.people.models import Membership, Role, UserKind
from ecourt.people.selectors import today

REVIEWING_ROLES = frozenset({Role.PRESIDENT, Role.VICE_PRESIDENT, Role.JUDGE})
REVIEW_PERMISSION = "anonymization.review_anonymization"


def may_review(user: Any, judgment: Any) -> bool:
    """A judge (president, vice president) of the judgment's court today, or staff holding the reviewer
    permission; nobody else (citizens, lawyers, other courts' officials, clerks)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if getattr(user, "kind", None) != UserKind.STAFF:
        return False
    if user.has_perm(REVIEW_PERMISSION):
        return True
    if judgment.court_id is None:
        return False
    return (
        Membership.objects.active_on(today())
        .filter(user=user, court_id=judgment.court_id, role__in=REVIEWING_ROLES)
        .exists()
    )


def check_review(user: Any, judgment: Any) -> None:
    if not may_review(user, judgment):
        raise PermissionDenied(_("Only a judge of the court or a reviewer may review this judgment."))


def _publication(judgment: Any) -> Any | None:
    try:
        return judgment.publication
    except ObjectDoesNotExist:
        return None


def case_of(judgment: Any) -> Any | None:
    """The judgment's case, where its publication record names one (none for an imported judgment)."""
    publication = _publication(judgment)
    return publication.case if publication is not None else None


def original_text(judgment: Any) -> str:
    """The text to anonymize: as signed where the publication record keeps it, else the judgment's text."""
    publication = _publication(judgment)
    source: str = publication.source_text if publication is not None else ""
    return source or str(judgment.text)


def decisions_for(judgment: Any, case: Any | None = None) -> QuerySet[Decision]:
    """The decisions that apply to the judgment: its own, and its case's."""
    case = case if case is not None else case_of(judgment)
    scope = Q(judgment=judgment)
    if case is not None:
        scope |= Q(case=case)
    return Decision.objects.filter(scope).select_related("decided_by").order_by("decided_at", "id")


def anonymize_for(judgment: Any, case: Any | None = None, *, text: str | None = None) -> Anonymized:
    """The judgment's text (or ``text``, e.g. a correction's new text) anonymized with its case's party
    list, the codes its case's publications already gave (``codes.case_codes``) and every decision that
    applies.

    Where the judgment and its case both decide on the same string, the judgment's own decision wins.
    """
    case = case if case is not None else case_of(judgment)
    chosen: dict[str, Decision] = {}
    for decision in decisions_for(judgment, case):
        if decision.judgment_id is None and decision.key in chosen:
            continue
        chosen[decision.key] = decision
    parties = list(case.parties.all()) if case is not None else None
    return anonymize_text(
        original_text(judgment) if text is None else text,
        parties=parties,
        decisions=[d.as_choice() for d in chosen.values()],
        codes=case_codes(case),
    )


def record_decision(
    user: Any,
    judgment: Any,
    *,
    action: str,
    original: str,
    kind: str = "",
    replacement: str = "",
    whole_case: bool = False,
    case: Any | None = None,
) -> Decision:
    """Record (or replace) the reviewer's decision on a string, for the judgment or its whole case.

    Refused with a clear ``ValidationError`` (nothing written): an empty or over-long string, a string
    that is not in the judgment, an unknown action or kind, a whole-case decision on a judgment without a
    case.
    """
    check_review(user, judgment)
    original = " ".join(original.split())
    replacement = " ".join(replacement.split())
    if action not in DecisionAction.values:
        raise ValidationError(_("Unknown decision."))
    if not words_of(original):
        raise ValidationError(_("Give the words to keep or to replace."))
    if len(original) > 300 or len(replacement) > 300:
        raise ValidationError(_("At most 300 characters."))
    if action == DecisionAction.ADD:
        if kind not in ReplacementKind.values:
            raise ValidationError(_("Choose what kind of information it is."))
    else:
        kind, replacement = "", ""
    if not occurrences(normalized(original_text(judgment)).text, words_of(original)):
        raise ValidationError(_("“%(text)s” does not occur in the judgment.") % {"text": original})
    case = case if case is not None else case_of(judgment)
    if whole_case and case is None:
        raise ValidationError(_("This judgment is not linked to a case: decide for the judgment only."))
    scope: dict[str, Any] = {"case": case, "judgment": None} if whole_case else {"case": None, "judgment": judgment}
    key = identity_key(words_of(original))
    with transaction.atomic():
        decision, created = Decision.objects.update_or_create(
            **scope,
            key=key,
            defaults={
                "action": action,
                "original": original,
                "kind": kind,
                "replacement": replacement,
                "decided_by": user,
            },
        )
        if whole_case and action == DecisionAction.ADD and kind == ReplacementKind.PERSON and replacement:
            decide_code(case, key, replacement)  # the case's table follows the reviewer's replacement
        record(
            user,
            Action.CREATE if created else Action.CHANGE,
            "anonymization.decision",
            decision.pk,
            case_id=case.pk if whole_case and case is not None else None,
            detail={
                "judgment": judgment.pk,
                "scope": "case" if whole_case else "judgment",
                "action": action,
                "original": original,
                "kind": kind,
                "replacement": replacement,
            },
        )
    return decision


def withdraw_decision(user: Any, judgment: Any, decision_id: int, case: Any | None = None) -> None:
    """Withdraw one of the decisions that apply to the judgment; the rules apply again to its string."""
    check_review(user, judgment)
    with transaction.atomic():
        decision = decisions_for(judgment, case).select_for_update().filter(pk=decision_id).first()
        if decision is None:
            raise ValidationError(_("No such decision on this judgment."))
        record(
            user,
            Action.CHANGE,
            "anonymization.decision",
            decision.pk,
            case_id=decision.case_id,
            detail={
                "judgment": judgment.pk,
                "withdrawn": True,
                "action": decision.action,
                "original": decision.original,
            },
        )
        decision.delete()
