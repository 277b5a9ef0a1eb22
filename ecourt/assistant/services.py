"""Asking the assistant, rating an answer, sending a question to experts."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecourt.courts.models import Court, Department
from ecourt.people.models import Membership, User

from . import answers, checking, knowledge, llm, standards
from .models import Answer, AnswerMethod, AnswerStatus, Question, Rating

log = logging.getLogger(__name__)


def compose(
    text: str, day: datetime.date, *, doc_type: str = "", court: str = ""
) -> tuple[answers.Draft, list[dict[str, Any]]]:
    """The checked answer to ``text`` on ``day``, and the judgments found (nothing stored)."""
    passages = knowledge.provision_passages(text, day, doc_type=doc_type)
    judgments = knowledge.related_judgments(text, court=court)
    extractive = answers.build(text, passages)
    endpoint = llm.configured()
    if endpoint is None or not extractive.known:
        return checking.check_draft(extractive, day), judgments
    # The model sees only the passages strong enough to be stated (the extractive answer's own).
    used = passages[: len(extractive.statements)]
    try:
        generated = llm.draft(endpoint, text, used)
    except llm.GenerationError as exc:
        log.warning("assistant: the language model failed, extractive answer given: %s", exc)
        return checking.check_draft(extractive, day), judgments
    draft = checking.check_generated(generated, day, {(p.number, p.provision_key): p.text for p in used})
    draft.evidence = extractive.evidence
    if not draft.known:
        # Every sentence failed the check: the extractive answer, itself checked, stands.
        fallback = checking.check_draft(extractive, day)
        fallback.removed = draft.removed + fallback.removed
        return fallback, judgments
    return draft, judgments


@transaction.atomic
def ask(
    asker: User,
    text: str,
    *,
    facts_date: datetime.date | None = None,
    doc_type: str = "",
    court: str = "",
) -> Question:
    """Record the question and its answer (checked citations only; "unknown" when evidence is weak)."""
    day = facts_date or timezone.localdate()
    question = Question.objects.create(asker=asker, text=text, facts_date=facts_date, doc_type=doc_type, court=court)
    draft, judgments = compose(text, day, doc_type=doc_type, court=court)
    # An expert's approved answer to the same question is the main answer, even when the provisions'
    # evidence alone is weak (standards.py); precedents that apply on the day are shown beside.
    standard = standards.standard_answers(text, day)
    known = draft.known or any(a["main"] for a in standard)
    Answer.objects.create(
        question=question,
        status=AnswerStatus.ANSWERED if known else AnswerStatus.UNKNOWN,
        method=AnswerMethod.GENERATED if draft.method == "generated" else AnswerMethod.EXTRACTIVE,
        day=day,
        statements=[s.as_dict() for s in draft.statements],
        removed=draft.removed,
        judgments=judgments,
        standard_answers=standard,
        precedents=standards.precedents(text, day),
        evidence=draft.evidence,
    )
    return question


def rate(answer: Answer, rater: User, *, useful: bool, comment: str = "") -> Rating:
    """One rating per judge and answer; rating again replaces it."""
    rating, _ = Rating.objects.update_or_create(
        answer=answer, rater=rater, defaults={"useful": useful, "comment": comment}
    )
    return rating


def escalate(question: Question, *, department: Department | None, note: str = "") -> tuple[Question, str]:
    """Mark the question as hard and send it to the experts of ``department`` (else the asker's own).

    The standardized Q&A app (ecourt.qa, when installed) opens the expert request; the escalation is
    recorded here either way. Returns the question and, when the request could not be opened, why
    (no experts designated for the court, the asker holds no role there).
    """
    question.escalated = True
    question.escalated_at = timezone.now()
    question.department = department
    question.escalation_note = note
    question.save(update_fields=["escalated", "escalated_at", "department", "escalation_note"])
    try:
        from ecourt.qa import services as qa_services
    except ImportError:
        return question, ""
    court = department.court if department is not None else _court_of(question.asker)
    if court is None:
        return question, str(_("You hold no role in a court: the question is recorded, no expert was asked."))
    answer = getattr(question, "answer", None)
    context: dict[str, Any] = {"assistant_question": question.pk, "note": note}
    if answer is not None:
        context.update(status=answer.status, statements=answer.statements, removed=answer.removed)
    try:
        request = qa_services.request_expert_answer(
            question_text=question.text,
            asked_by=question.asker,
            court=court,
            department=department,
            facts_date=question.facts_date,
            context=context,
        )
    except qa_services.QAError as exc:
        return question, str(exc)
    question.expert_request_id = request.pk
    question.save(update_fields=["expert_request_id"])
    return question, ""


def _court_of(user: User) -> Court | None:
    membership = Membership.objects.active_on(timezone.localdate()).filter(user=user).select_related("court").first()
    return membership.court if membership else None
