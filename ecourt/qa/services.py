"""The knowledge loop's steps: a judge sends a hard question to the experts of the department, an expert
drafts the answer with its sources (checked with the citator), another person with the right to approve
approves it, and it becomes the current version that the assistant finds in the search corpus "qa".

Every step leaves a ``QAEvent`` and an audit entry, in the same transaction. Review flags are raised in
review.py. Errors a person can act on are ``QAError`` with a message for them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.citations.verification import AMENDED, VALID, check_text
from ecourt.courts.models import Court, Department
from ecourt.laws.models import LegalDocument, Provision
from ecourt.laws.selectors import text_as_of, version_as_of
from ecourt.people.models import Membership
from ecourt.search import engine

from . import access
from .models import (
    AnswerSource,
    EventKind,
    ExpertDesignation,
    ExpertGroup,
    ExpertRequest,
    QAEvent,
    RequestStatus,
    StandardAnswer,
    StandardAnswerVersion,
    VersionStatus,
)

MAX_SOURCES = 30
ACCEPTED = (VALID, AMENDED)  # in force on the day (an amended provision is cited with its amended text)


class QAError(Exception):
    """A step refused, with a message for the person who tried it."""


def _event(kind: str, actor: Any, **kwargs: Any) -> QAEvent:
    event = QAEvent.objects.create(kind=kind, actor=actor, **kwargs)
    target = kwargs.get("answer") or kwargs.get("request")
    object_type = "qa_answer" if kwargs.get("answer") else "qa_request"
    record(actor, Action.TRANSITION, object_type, target.pk if target else "", detail={"step": kind, **event.data})
    return event


# ------------------------------------------------------------------------------------------- requests


def route(court: Court, department: Department | None) -> ExpertGroup | None:
    """The group that answers a question of ``department`` of ``court``: the department's own experts,
    else the court's, else those of the court above (its department of the same kind first)."""
    current: Court | None = court
    while current is not None:
        groups = ExpertGroup.objects.filter(court=current)
        found = None
        if department is not None:
            found = (
                groups.filter(department=department).first() or groups.filter(department__kind=department.kind).first()
            )
        found = found or groups.filter(department__isnull=True).first()
        if found is not None:
            return found
        current = current.parent
    return None


def request_expert_answer(
    *,
    question_text: str,
    asked_by: Any,
    court: Court,
    department: Department | None = None,
    facts_date: datetime.date | None = None,
    context: dict[str, Any] | None = None,
) -> ExpertRequest:
    """Send a question the judge marked as hard to the experts of the court's department (see ``route``;
    without ``department``, the asker's department in that court).

    The asker must hold a role in ``court``; ``QAError`` when not, when the question is empty, or when
    no expert group covers the court. ``context`` is kept as given (what the assistant found)."""
    question = question_text.strip()
    if not question:
        raise QAError(_("The question is empty."))
    if not access.member_of(asked_by, court.pk):
        raise QAError(_("Only an official of the court can send its questions to the experts."))
    if department is None:  # the asker's own department in that court, when they have one
        membership = (
            Membership.objects.active_on(timezone.localdate())
            .filter(user=asked_by, court=court, department__isnull=False)
            .select_related("department")
            .first()
        )
        department = membership.department if membership else None
    group = route(court, department)
    if group is None:
        raise QAError(_("No experts are designated for this court or department yet."))
    with transaction.atomic():
        request = ExpertRequest.objects.create(
            question_text=question,
            asked_by=asked_by,
            court=court,
            department=department,
            group=group,
            facts_date=facts_date,
            context=context or {},
        )
        experts = (
            ExpertDesignation.objects.active_on(timezone.localdate())
            .filter(group=group)
            .exclude(user=asked_by)
            .values_list("user_id", flat=True)
        )
        request.assigned_experts.set(list(experts))
        _event(EventKind.REQUESTED, asked_by, request=request, data={"group": group.pk})
    return request


def decline_request(request: ExpertRequest, expert: Any, reason: str) -> ExpertRequest:
    if not access.is_expert(expert, request.group):
        raise QAError(_("Only the experts this question was sent to can decline it."))
    if request.status != RequestStatus.OPEN:
        raise QAError(_("This request is no longer open."))
    if not reason.strip():
        raise QAError(_("Say why the request is declined."))
    with transaction.atomic():
        request.status = RequestStatus.DECLINED
        request.decline_reason = reason.strip()
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "decline_reason", "closed_at"])
        _event(EventKind.DECLINED, expert, request=request, data={"reason": request.decline_reason})
    return request


# -------------------------------------------------------------------------------------------- sources


@dataclass
class ResolvedSource:
    cited_as: str
    document: LegalDocument
    provision: Provision | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    text: str


def resolve_sources(sources_text: str, day: datetime.date) -> list[ResolvedSource]:
    """Each line of ``sources_text`` is one citation ("khoản 1 Điều 3 Nghị định số 45/2026/NĐ-CP"),
    checked with the citator on ``day``: it must name a document of the corpus (and its provision, when
    it names one) in force that day. ``QAError`` lists every line refused and why."""
    lines = [line.strip() for line in sources_text.splitlines() if line.strip()]
    if not lines:
        raise QAError(_("Give at least one source: an answer states nothing without one."))
    if len(lines) > MAX_SOURCES:
        raise QAError(_("At most %(n)d sources.") % {"n": MAX_SOURCES})
    out: list[ResolvedSource] = []
    errors: list[str] = []
    for line in lines:
        verdicts = check_text(line, day).verdicts
        if not verdicts:
            errors.append(_("“%(line)s”: no citation of a legal document was found in it.") % {"line": line})
            continue
        for verdict in verdicts:
            if verdict.code not in ACCEPTED or verdict.document is None:
                errors.append(
                    _("“%(line)s”: %(label)s on %(day)s. %(why)s")
                    % {
                        "line": verdict.text,
                        "label": verdict.label,
                        "day": day.strftime("%d/%m/%Y"),
                        "why": verdict.explanation,
                    }
                )
                continue
            document = LegalDocument.objects.get(key=verdict.document.key)
            provision = None
            valid_to = None
            if verdict.provision:
                provision = Provision.objects.get(document=document, key=verdict.provision)
                version = version_as_of(provision, day)
                valid_to = version.valid_to if version else None
            elif verdict.article:
                errors.append(_("“%(line)s”: the provision cannot be found.") % {"line": verdict.text})
                continue
            out.append(
                ResolvedSource(
                    cited_as=verdict.text if len(verdicts) > 1 else line,
                    document=document,
                    provision=provision,
                    valid_from=verdict.valid_from,
                    valid_to=valid_to,
                    text=(text_as_of(provision, day) if provision else None) or "",
                )
            )
    if errors:
        raise QAError(" ".join([_("These sources were refused:"), *errors]))
    return out


# ------------------------------------------------------------------------------------------- answers


def _new_version(
    answer: StandardAnswer,
    author: Any,
    *,
    question: str,
    text: str,
    sources_text: str,
    as_of: datetime.date,
    request: ExpertRequest | None = None,
) -> StandardAnswerVersion:
    if not text.strip():
        raise QAError(_("The answer is empty."))
    if not question.strip():
        raise QAError(_("The question is empty."))
    if answer.pk and answer.versions.filter(status=VersionStatus.DRAFT).exists():
        raise QAError(_("A draft of this answer is already waiting for approval."))
    resolved = resolve_sources(sources_text, as_of)
    if not answer.pk:
        answer.save()
    seq = (answer.versions.aggregate(m=Max("seq"))["m"] or 0) + 1
    version = StandardAnswerVersion.objects.create(
        answer=answer,
        seq=seq,
        question=question.strip(),
        text=text.strip(),
        sources_text=sources_text.strip(),
        as_of=as_of,
        author=author,
    )
    AnswerSource.objects.bulk_create(
        AnswerSource(
            version=version,
            cited_as=s.cited_as[:300],
            document=s.document,
            document_number=s.document.number,
            document_title=s.document.title[:600],
            provision=s.provision,
            provision_key=s.provision.key if s.provision else "",
            valid_from=s.valid_from,
            valid_to=s.valid_to,
            text=s.text,
        )
        for s in resolved
    )
    _event(
        EventKind.DRAFTED,
        author,
        answer=answer,
        version=version,
        request=request,
        data={"seq": seq, "sources": [s.cited_as for s in resolved]},
    )
    return version


def answer_request(
    request: ExpertRequest, expert: Any, *, text: str, sources_text: str, canonical_question: str = ""
) -> StandardAnswerVersion:
    """An expert of the request's group answers it: a new standardized answer with its first version,
    a draft until another person approves it. The law is taken as of the request's facts date, else today."""
    if not access.is_expert(expert, request.group):
        raise QAError(_("Only the experts this question was sent to can answer it."))
    if request.status != RequestStatus.OPEN:
        raise QAError(_("This request is no longer open."))
    as_of = request.facts_date or timezone.localdate()
    with transaction.atomic():
        answer = StandardAnswer(
            question_as_asked=request.question_text,
            canonical_question=(canonical_question or request.question_text).strip(),
            group=request.group,
        )
        version = _new_version(
            answer,
            expert,
            question=answer.canonical_question,
            text=text,
            sources_text=sources_text,
            as_of=as_of,
            request=request,
        )
        request.status = RequestStatus.ANSWERED
        request.standard_answer = answer
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "standard_answer", "closed_at"])
    return version


def revise_answer(
    answer: StandardAnswer,
    expert: Any,
    *,
    text: str,
    sources_text: str,
    question: str = "",
    as_of: datetime.date | None = None,
) -> StandardAnswerVersion:
    """A new draft of an existing answer (after a review flag, or to improve it): it supersedes the
    current version once approved; until then the current version stays in use."""
    if not access.is_expert(expert, answer.group):
        raise QAError(_("Only the experts of this answer's group can revise it."))
    with transaction.atomic():
        return _new_version(
            answer,
            expert,
            question=question or answer.canonical_question,
            text=text,
            sources_text=sources_text,
            as_of=as_of or timezone.localdate(),
        )


def approve_version(version: StandardAnswerVersion, approver: Any) -> StandardAnswerVersion:
    """The draft becomes the current version (the previous one is kept, superseded), its answer is
    indexed for the assistant once this commits, and the answer's open review flags are settled by it."""
    answer = version.answer
    if version.author_id == getattr(approver, "pk", None):
        raise QAError(_("The author of an answer cannot approve it: another person must."))
    if not access.is_approver(approver, answer.group):
        raise QAError(_("You may not approve the answers of this group."))
    with transaction.atomic():
        version = StandardAnswerVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise QAError(_("Only a draft awaiting approval can be approved."))
        now = timezone.now()
        previous = answer.current_version
        if previous is not None:
            StandardAnswerVersion.objects.filter(pk=previous.pk).update(status=VersionStatus.SUPERSEDED)
        version.status = VersionStatus.CURRENT
        version.approved_by = approver
        version.approved_at = now
        version.save(update_fields=["status", "approved_by", "approved_at"])
        answer.current_version = version
        answer.canonical_question = version.question
        answer.save(update_fields=["current_version", "canonical_question"])
        settled = answer.flags.filter(resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=approver, resolution=f"v{version.seq}"
        )
        _event(
            EventKind.APPROVED,
            approver,
            answer=answer,
            version=version,
            data={"seq": version.seq, "supersedes": previous.seq if previous else None, "flags_settled": settled},
        )
        engine.index_later("qa", [answer.pk])
    return version


def reject_version(version: StandardAnswerVersion, approver: Any, reason: str) -> StandardAnswerVersion:
    if not access.is_approver(approver, version.answer.group):
        raise QAError(_("You may not approve the answers of this group."))
    if version.status != VersionStatus.DRAFT:
        raise QAError(_("Only a draft awaiting approval can be refused."))
    if not reason.strip():
        raise QAError(_("Say why the draft is refused."))
    with transaction.atomic():
        version.status = VersionStatus.REJECTED
        version.rejection_reason = reason.strip()
        version.save(update_fields=["status", "rejection_reason"])
        _event(EventKind.REJECTED, approver, answer=version.answer, version=version, data={"reason": reason.strip()})
    return version


def settle_flags(answer: StandardAnswer, approver: Any, note: str) -> int:
    """An approver finds the current version still right despite the change: the open flags are closed
    with ``note`` (a new version settles them by itself)."""
    if not access.is_approver(approver, answer.group):
        raise QAError(_("You may not approve the answers of this group."))
    if not note.strip():
        raise QAError(_("Say why the answer stays as it is."))
    with transaction.atomic():
        count = answer.flags.filter(resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=approver, resolution=note.strip()
        )
        if count:
            _event(EventKind.FLAG_RESOLVED, approver, answer=answer, data={"flags": count, "note": note.strip()})
            engine.index_later("qa", [answer.pk])
    return count
