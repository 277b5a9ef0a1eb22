"""Publishing judgments on the portal (§4.3): publish, correct (đính chính), withdraw, mark not publishable.

Each step is one function that locks the judgment, checks the actor (access.py), changes the publication
record, writes a ``JudgmentEvent`` by the named person and the audit entry, all in one transaction: a step
that fails changes nothing. ``Judgment.published`` follows the status, and the portal's index is refreshed
after the commit (``engine.index_later``), so a withdrawn judgment leaves search at once. Publishing and
correcting also record the judgment's kind, outcome and parties (``services.record_published_metadata``).

Before any text goes public the leak check runs on it: a party's full name or identifying number from the
case file still present blocks the step, with a message naming the party and the kind of datum, never its
value (messages reach logs and the audit trail).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecourt.anonymization.codes import lock_codes, record_codes
from ecourt.anonymization.review import anonymize_for
from ecourt.audit.models import Action
from ecourt.audit.services import record
from ecourt.cases.models import REPRESENTING_ROLES, EventKind, Party, PartyRole
from ecourt.cases.services.publication import record_publication
from ecourt.search import engine
from ecourt.vietnamese import fold

from .access import access_judgment_for_publication
from .models import (
    Judgment,
    JudgmentEvent,
    JudgmentEventKind,
    JudgmentPublication,
    JudgmentVersion,
    NotPublishableReason,
    PublicationStatus,
)
from .services import record_published_metadata

LIVE = frozenset({PublicationStatus.PUBLISHED, PublicationStatus.CORRECTED})


class PublicationError(ValueError):
    """A step not allowed now, or bad input for it. Nothing was changed."""


class LeakError(PublicationError):
    """The text to publish still identifies a party. ``leaks`` says who and what, without the values."""

    def __init__(self, leaks: Sequence[Leak]) -> None:
        self.leaks = list(leaks)
        super().__init__(
            "Không thể công bố: văn bản còn thông tin nhận dạng đương sự — " + "; ".join(str(x) for x in leaks)
        )


@dataclass(frozen=True)
class Leak:
    party: int  # position of the party in the case file, from 1
    role: str
    kind: str  # "name" or "national_id"

    def __str__(self) -> str:
        what = "họ tên" if self.kind == "name" else "số định danh (CCCD/mã số)"
        return f"{what} của người thứ {self.party} ({PartyRole(self.role).label})"


def _folded_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text).lower()))


def _digits_pattern(number: str) -> re.Pattern[str] | None:
    digits = re.sub(r"\D", "", number)
    if len(digits) < 6:  # too short to identify anyone; would match dates and sums
        return None
    # The same digits, whatever separators the text put between them (spaces, dots, dashes).
    return re.compile(r"(?<!\d)" + r"[\s.\-]?".join(digits) + r"(?!\d)")


def check_leaks(text: str, parties: Iterable[Party]) -> list[Leak]:
    """The parties' names and numbers that still appear in ``text``.

    Names compare without case, diacritics or tone placement, on whole words ("Nguyễn Văn An" is found as
    "NGUYEN VAN AN", not inside "Nguyễn Văn Anh"). Lawyers and representatives keep their names in
    published judgments, so only the parties' own names are checked; their numbers always are."""
    words = f" {_folded_words(text)} "
    leaks: list[Leak] = []
    for position, party in enumerate(parties, start=1):
        name = _folded_words(party.name)
        if party.role not in REPRESENTING_ROLES and name and f" {name} " in words:
            leaks.append(Leak(position, party.role, "name"))
        pattern = _digits_pattern(party.national_id)
        if pattern is not None and pattern.search(text):
            leaks.append(Leak(position, party.role, "national_id"))
    return leaks


def publication_of(judgment: Judgment, *, case: Any = None) -> JudgmentPublication:
    """The judgment's publication record, created on first use: awaiting publication, or published for an
    imported judgment that already is (its text as imported is its first version)."""
    publication, created = JudgmentPublication.objects.get_or_create(
        judgment=judgment,
        defaults={
            "case": case,
            "status": PublicationStatus.PUBLISHED if judgment.published else PublicationStatus.AWAITING,
        },
    )
    if not created and case is not None and publication.case_id != case.pk:
        raise PublicationError("Bản án đã gắn với một vụ án khác")
    return publication


def _parties(publication: JudgmentPublication) -> list[Party]:
    if publication.case_id is None:
        return []
    return list(Party.objects.filter(case_id=publication.case_id).order_by("position", "id"))


def _final_text(publication: JudgmentPublication, source: str, final_text: str | None) -> str:
    """The text to publish: the reviewer's final text when given, else ``source`` anonymized with the case's
    parties and the reviewers' decisions on this judgment and its case (``anonymization.review``);
    checked for leaks either way. The people's codes the engine gave join the case's code table
    (``anonymization.codes``) in the same transaction, so the case's later judgments reuse them."""
    parties = _parties(publication)
    anonymized = None
    if final_text is not None:
        text = final_text
    else:
        lock_codes(publication.case)
        anonymized = anonymize_for(publication.judgment, publication.case, text=source)
        text = anonymized.text
    if not text.strip():
        raise PublicationError("Văn bản công bố trống")
    leaks = check_leaks(text, parties)
    if leaks:
        raise LeakError(leaks)
    if anonymized is not None:
        record_codes(publication.case, publication.judgment, anonymized)
    return text


# Steps that answer the duty to publish (the publication deadline on the case's docket).
ANSWERS = frozenset({JudgmentEventKind.PUBLISHED, JudgmentEventKind.NOT_PUBLISHABLE})
# Statuses from which a judgment can be published or marked not publishable. "Not yet in legal effect"
# is the one passing reason: it is no answer to the duty (that starts with legal effect), so such a
# judgment awaits its answer like an unmarked one (``awaits_answer``).
UNANSWERED = frozenset({PublicationStatus.AWAITING, PublicationStatus.NOT_PUBLISHABLE})


def awaits_answer(publication: JudgmentPublication) -> bool:
    """Whether the judgment can still be published or marked not publishable."""
    return publication.status == PublicationStatus.AWAITING or (
        publication.status == PublicationStatus.NOT_PUBLISHABLE
        and publication.reason == NotPublishableReason.NOT_IN_EFFECT
    )


def _in_effect(publication: JudgmentPublication) -> bool:
    case = publication.case
    return case is not None and case.events.filter(kind=EventKind.LEGAL_EFFECT).exists()


def _step(
    actor: Any,
    pk: int,
    kind: JudgmentEventKind,
    allowed: frozenset[str],
    apply: Any,
) -> JudgmentPublication:
    # Checked once before the transaction so that a refusal's audit entry is not rolled back with it,
    # then again under the lock.
    access_judgment_for_publication(actor, pk)
    with transaction.atomic():
        judgment = access_judgment_for_publication(actor, pk, for_update=True)
        publication = publication_of(judgment)
        if publication.status not in allowed or (allowed == UNANSWERED and not awaits_answer(publication)):
            raise PublicationError(f"Không thể thực hiện khi bản án ở trạng thái '{publication.get_status_display()}'")
        status_before = publication.status
        data = apply(judgment, publication)
        publication.changed_by = actor
        publication.changed_at = timezone.now()
        publication.save()
        judgment.published = publication.status in LIVE
        judgment.save(update_fields=["published", "text"])
        JudgmentEvent.objects.create(judgment=judgment, kind=kind, actor=actor, data=data)
        answered = kind in ANSWERS and data.get("reason") != NotPublishableReason.NOT_IN_EFFECT
        if publication.case_id is not None and answered:
            # The court's answer meets the case's publication deadline (cases.services.publication).
            record_publication(
                actor,
                publication.case_id,
                published=kind == JudgmentEventKind.PUBLISHED,
                judgment_id=judgment.pk,
                reason=str(data.get("reason", "")),
            )
        record(
            actor,
            Action.TRANSITION,
            "judgment",
            judgment.pk,
            case_id=publication.case_id,
            detail={"step": kind.value, "status": [status_before, publication.status]},
        )
        engine.index_later("judgments", [judgment.pk])
    return publication


def _new_version(judgment: Judgment, actor: Any, text: str, note: str = "") -> JudgmentVersion:
    last = judgment.versions.order_by("-seq").first()
    if last is None and judgment.published:
        # an imported judgment that was public before the workflow: its text is version 1
        last = JudgmentVersion.objects.create(
            judgment=judgment, seq=1, text=judgment.text, published_by=actor, published_at=timezone.now()
        )
    judgment.text = text
    return JudgmentVersion.objects.create(
        judgment=judgment,
        seq=(last.seq if last else 0) + 1,
        text=text,
        note=note,
        published_by=actor,
        published_at=timezone.now(),
    )


def _relink(judgment: Judgment) -> None:
    # Citation offsets index the text: the published text replaced it, so its citations are read again.
    from ecourt.citations.services import link_judgment

    link_judgment(judgment)


def publish(actor: Any, pk: int, *, final_text: str | None = None) -> JudgmentPublication:
    """Publish an awaiting judgment: its text as signed, anonymized (or the reviewer's ``final_text``),
    after the leak check. A judgment of a case must be in legal effect (§4.3)."""

    def apply(judgment: Judgment, publication: JudgmentPublication) -> dict[str, Any]:
        case = publication.case
        if case is not None and case.in_camera:
            raise PublicationError("Vụ án xét xử kín: bản án không được công bố (đánh dấu 'không công bố')")
        if case is not None and not _in_effect(publication):
            raise PublicationError("Bản án chưa có hiệu lực pháp luật: chưa được công bố")
        if not publication.source_text:
            publication.source_text = judgment.text
        text = _final_text(publication, publication.source_text, final_text)
        version = _new_version(judgment, actor, text)
        publication.status = PublicationStatus.PUBLISHED
        publication.reason = ""  # a "not yet in legal effect" mark no longer holds
        judgment.save(update_fields=["text"])
        _relink(judgment)
        record_published_metadata(judgment, case, publication.source_text)
        return {"version": version.seq}

    return _step(actor, pk, JudgmentEventKind.PUBLISHED, UNANSWERED, apply)


def correct(actor: Any, pk: int, *, source_text: str, note: str, final_text: str | None = None) -> JudgmentPublication:
    """Correct a published judgment (đính chính): the corrected text as signed, anonymized and checked,
    becomes a new version; the previous one is kept and shown as corrected."""
    note = note.strip()
    if not note:
        raise PublicationError("Cần ghi rõ nội dung đính chính")
    if not source_text.strip():
        raise PublicationError("Văn bản đính chính trống")

    def apply(judgment: Judgment, publication: JudgmentPublication) -> dict[str, Any]:
        publication.source_text = source_text
        text = _final_text(publication, source_text, final_text)
        version = _new_version(judgment, actor, text, note)
        publication.status = PublicationStatus.CORRECTED
        judgment.save(update_fields=["text"])
        _relink(judgment)
        record_published_metadata(judgment, publication.case, source_text)
        return {"version": version.seq, "note": note}

    return _step(actor, pk, JudgmentEventKind.CORRECTED, LIVE, apply)


def withdraw(actor: Any, pk: int, *, reason: str) -> JudgmentPublication:
    """Take a published judgment off the portal, with the reason (shown on its page)."""
    reason = reason.strip()
    if not reason:
        raise PublicationError("Cần ghi rõ lý do gỡ bản án")

    def apply(judgment: Judgment, publication: JudgmentPublication) -> dict[str, Any]:
        publication.status = PublicationStatus.WITHDRAWN
        publication.withdrawal_reason = reason[:500]
        return {"reason": reason[:500]}

    return _step(actor, pk, JudgmentEventKind.WITHDRAWN, LIVE, apply)


def mark_not_publishable(actor: Any, pk: int, *, reason: str) -> JudgmentPublication:
    """Record that an awaiting judgment is not to be published, with its §4.3 category.

    Any category but "not yet in legal effect" answers the case's publication duty, before legal effect
    too (the duty is then met as it opens, ``deadlines.services.ANSWERED_AHEAD``). "Not yet in legal
    effect" answers nothing and is refused once the case is in effect."""
    if reason not in NotPublishableReason.values:
        raise PublicationError("Lý do không công bố không hợp lệ")

    def apply(judgment: Judgment, publication: JudgmentPublication) -> dict[str, Any]:
        if reason == NotPublishableReason.NOT_IN_EFFECT and _in_effect(publication):
            raise PublicationError("Bản án đã có hiệu lực pháp luật")
        if publication.status == PublicationStatus.NOT_PUBLISHABLE and publication.reason == reason:
            raise PublicationError("Bản án đã được đánh dấu không công bố với lý do này")
        publication.status = PublicationStatus.NOT_PUBLISHABLE
        publication.reason = reason
        return {"reason": reason}

    return _step(actor, pk, JudgmentEventKind.NOT_PUBLISHABLE, UNANSWERED, apply)
