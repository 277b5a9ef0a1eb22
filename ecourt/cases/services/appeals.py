"""Appeals and protests, the transfer of the file to the appellate court, and legal effect."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone

from ecourt.courts.selectors import appellate_court
from ecourt.deadlines.models import Responsible, RuleKind

from ..models import Appeal, Case, EventKind, Instance, Party, Status
from .intake import open_related_case
from .steps import StepResult, TransitionError, take_step


def _window_end(case: Case, responsible: str | None = None) -> datetime.date | None:
    """Last day of the latest appeal/protest window opened by the case's judgment or decision."""
    if case.decided_on is None:
        return None
    windows = case.deadlines.filter(kind=RuleKind.WINDOW, trigger_event__occurred_on=case.decided_on)
    if responsible:
        windows = windows.filter(rule__responsible=responsible)
    result: datetime.date | None = windows.aggregate(end=Max("due_on"))["end"]
    return result


def current_appeals(case: Case) -> QuerySet[Appeal]:
    """Appeals against the case's current judgment or decision (not those against one quashed earlier)."""
    if case.decided_on is None:
        return case.appeals.none()
    return case.appeals.filter(lodged_on__gte=case.decided_on)


def lodge_appeal(
    actor: Any,
    case_id: int,
    *,
    kind: str,
    lodged_on: datetime.date | None = None,
    appellant: Party | None = None,
    procuracy: str = "",
    grounds: str = "",
    late_reason: str = "",
) -> StepResult:
    """Record an appeal by a party (kháng cáo) or a protest by the procuracy (kháng nghị).

    One lodged after its time limit is recorded only with the reason for the delay, and marked late:
    the appellate court decides whether to admit it (BLTTDS Art. 275)."""
    day = lodged_on or timezone.localdate()
    if kind not in Appeal.Kind.values:
        raise TransitionError(f"Loại '{kind}' không hợp lệ: kháng cáo (appeal) hoặc kháng nghị (protest)")
    if kind == Appeal.Kind.APPEAL and appellant is None:
        raise TransitionError("Kháng cáo phải do một đương sự của vụ án thực hiện")
    if kind == Appeal.Kind.PROTEST and not procuracy.strip():
        raise TransitionError("Kháng nghị phải ghi rõ Viện kiểm sát kháng nghị")
    late = {"value": False}

    def validate(case: Case) -> None:
        if appellant is not None and appellant.case_id != case.pk:
            raise TransitionError("Người kháng cáo không phải đương sự của vụ án này")
        end = _window_end(case, Responsible.PARTY if kind == Appeal.Kind.APPEAL else Responsible.PROCURACY)
        if end is None:
            raise TransitionError("Bản án, quyết định này không bị kháng cáo, kháng nghị theo thủ tục phúc thẩm")
        if day > end:
            if not late_reason.strip():
                raise TransitionError(
                    f"Đã hết thời hạn (đến {end:%d/%m/%Y}); kháng cáo, kháng nghị quá hạn phải nêu lý do"
                )
            late["value"] = True

    def after(case: Case, event: Any) -> None:
        appeal = Appeal.objects.create(
            case=case,
            kind=kind,
            appellant=appellant,
            appellant_name=appellant.name if appellant is not None else procuracy.strip(),
            lodged_on=day,
            late=late["value"],
            grounds=grounds.strip(),
        )
        event.data.update(
            {
                "appeal": appeal.pk,
                "kind": kind,
                "appellant": appeal.appellant_name,
                "late": appeal.late,
                "late_reason": late_reason.strip(),
            }
        )
        event.save(update_fields=["data"])

    return take_step("lodge_appeal", actor=actor, case_id=case_id, on=day, validate=validate, after=after)


def send_to_appellate_court(actor: Any, case_id: int, *, on: datetime.date | None = None) -> StepResult:
    """Send the file to the appellate court once every window has run out (Art. 283); the appellate
    court receives it as a new appeal case linked to this one."""
    day = on or timezone.localdate()
    target: dict[str, Any] = {}

    def validate(case: Case) -> None:
        end = _window_end(case)
        if end is not None and day <= end:
            raise TransitionError(f"Còn trong thời hạn kháng cáo, kháng nghị (đến {end:%d/%m/%Y})")
        court = appellate_court(case.court, day)
        if court is None:
            raise TransitionError(f"Không xác định được Tòa án cấp phúc thẩm của {case.court.short_name}")
        target["court"] = court

    def after(case: Case, event: Any) -> None:
        appeal_case = open_related_case(
            source=case,
            court=target["court"],
            instance=Instance.PT,
            status=Status.FILE_RECEIVED,
            event=EventKind.FILE_RECEIVED,
            on=day,
            actor=actor,
            parent=case,
        )
        event.data.update(
            {
                "appellate_court": {"id": target["court"].pk, "name": target["court"].short_name},
                "appeal_case": {"id": appeal_case.pk, "uid": appeal_case.uid},
            }
        )
        event.save(update_fields=["data"])

    return take_step("send_to_appellate_court", actor=actor, case_id=case_id, on=day, validate=validate, after=after)


def declare_effective(actor: Any, case_id: int, *, on: datetime.date | None = None, system: bool = False) -> StepResult:
    """A first-instance judgment or decision that nobody appealed takes effect from the day after its
    last appeal or protest window (Art. 282(2))."""
    day = on or timezone.localdate()
    effective: dict[str, datetime.date] = {}

    def validate(case: Case) -> None:
        if current_appeals(case).exists():
            raise TransitionError("Bản án, quyết định đã bị kháng cáo, kháng nghị")
        end = _window_end(case)
        if end is None:
            raise TransitionError("Không có thời hạn kháng cáo, kháng nghị nào được ghi nhận")
        if day <= end:
            raise TransitionError(f"Còn trong thời hạn kháng cáo, kháng nghị (đến {end:%d/%m/%Y})")
        effective["on"] = end + datetime.timedelta(days=1)

    return take_step(
        "declare_effective",
        actor=actor,
        case_id=case_id,
        on=day,
        validate=validate,
        changes=lambda case: {"effective_on": effective["on"]},
        system=system,
    )


def declare_effective_by_appeal(appeal_case: Case, day: datetime.date) -> StepResult:
    """The first-instance judgment, upheld or modified, takes effect with the appellate judgment."""
    assert appeal_case.parent_id is not None
    return take_step(
        "declare_effective",
        actor=None,
        case_id=appeal_case.parent_id,
        on=day,
        target=Status.EFFECTIVE,
        changes={"effective_on": day},
        data={
            "by_appeal": {"id": appeal_case.pk, "number": appeal_case.judgment_number, "outcome": appeal_case.outcome}
        },
        system=True,
        validate=_must_be_sent_to_appeal,
    )


def order_retrial(appeal_case: Case, day: datetime.date) -> StepResult:
    """The appellate court quashed the judgment: the file returns to the first-instance court, which
    registers it again (a new acceptance number) and tries it anew."""
    assert appeal_case.parent_id is not None
    return take_step(
        "order_retrial",
        actor=None,
        case_id=appeal_case.parent_id,
        on=day,
        changes={
            "outcome": "",
            "judgment_number": "",
            "decided_on": None,
            "accepted_on": None,
            "acceptance_number": "",
        },
        data={"by_appeal": {"id": appeal_case.pk, "number": appeal_case.judgment_number}},
        system=True,
    )


def _must_be_sent_to_appeal(case: Case) -> None:
    if case.status != Status.SENT_TO_APPEAL:
        raise TransitionError("Vụ án cấp sơ thẩm không ở trạng thái đã chuyển hồ sơ phúc thẩm")
