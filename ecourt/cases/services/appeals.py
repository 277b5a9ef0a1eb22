"""Appeals and protests, the transfer of the file to the appellate court, and legal effect."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone

from ecourt.courts.selectors import appellate_court
from ecourt.deadlines.calendar import get_calendar
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


# BLTTDS Art. 276(2), LTTHC Art. 209(2), NQ 326/2016 Art. 17(1)(b): the appellant pays the appeal advance
# fee within 10 days of the notice, or is deemed to have abandoned the appeal.
APPEAL_FEE_DAYS = 10


@dataclass(frozen=True)
class AppealFee:
    """Where an appeal stands with its advance fee, read from the case's events."""

    appeal: Appeal
    notified_on: datetime.date | None
    due_on: datetime.date | None
    paid: bool

    def abandoned(self, day: datetime.date) -> bool:
        """Notified, unpaid, and the time to pay has run out by ``day``: deemed abandoned."""
        return self.due_on is not None and not self.paid and day > self.due_on

    def waiting(self, day: datetime.date) -> bool:
        return self.due_on is not None and not self.paid and day <= self.due_on


def appeal_fees(case: Case) -> list[AppealFee]:
    """The fee standing of each current appeal by a party (protests pay none: NQ 326/2016 Art. 11(1)(d))."""
    notices: dict[int, dict[str, Any]] = {}
    paid: set[int] = set()
    for kind, data in case.events.filter(
        kind__in=(EventKind.APPEAL_FEE_NOTICE_ISSUED, EventKind.APPEAL_FEE_PAID)
    ).values_list("kind", "data"):
        if kind == EventKind.APPEAL_FEE_NOTICE_ISSUED:
            notices[data["appeal"]] = data
        else:
            paid.add(data["appeal"])
    out = []
    for appeal in current_appeals(case).filter(kind=Appeal.Kind.APPEAL):
        notice = notices.get(appeal.pk)
        out.append(
            AppealFee(
                appeal=appeal,
                notified_on=datetime.date.fromisoformat(notice["notified_on"]) if notice else None,
                due_on=datetime.date.fromisoformat(notice["due_on"]) if notice else None,
                paid=appeal.pk in paid,
            )
        )
    return out


def _fee_of(case: Case, appeal: Appeal) -> AppealFee | None:
    """The fee standing of ``appeal``; None when it is not a current appeal by a party of ``case``."""
    return next((fee for fee in appeal_fees(case) if fee.appeal.pk == appeal.pk), None)


def live_appeals(case: Case, day: datetime.date, fees: list[AppealFee]) -> list[Appeal]:
    """Current appeals and protests not deemed abandoned for an unpaid fee by ``day`` (``fees``: the case's
    ``appeal_fees``, which the caller reads once)."""
    abandoned = {fee.appeal.pk for fee in fees if fee.abandoned(day)}
    return [appeal for appeal in current_appeals(case) if appeal.pk not in abandoned]


def issue_appeal_fee_notice(
    actor: Any, case_id: int, *, appeal: Appeal, amount: Decimal, on: datetime.date | None = None
) -> StepResult:
    """The first-instance court tells an appellant to pay the appeal advance fee (BLTTDS Art. 276(1), LTTHC
    Art. 209(1)); the time to pay runs 10 days from the notice."""
    day = on or timezone.localdate()
    if amount <= 0:
        raise TransitionError("Số tiền tạm ứng án phí phúc thẩm phải lớn hơn 0")
    due = get_calendar().due_date(day, APPEAL_FEE_DAYS, "days")

    def validate(case: Case) -> None:
        fee = _fee_of(case, appeal)
        if fee is None:
            raise TransitionError(
                "Chỉ người kháng cáo của bản án, quyết định hiện tại phải nộp tạm ứng án phí phúc thẩm"
            )
        if fee.notified_on is not None:
            raise TransitionError(f"Đã thông báo nộp tạm ứng án phí phúc thẩm cho {appeal.appellant_name}")

    return take_step(
        "issue_appeal_fee_notice",
        actor=actor,
        case_id=case_id,
        on=day,
        validate=validate,
        data={
            "appeal": appeal.pk,
            "appellant": appeal.appellant_name,
            "amount": str(amount),
            "notified_on": day.isoformat(),
            "due_on": due.isoformat(),
        },
    )


def record_appeal_fee_payment(
    actor: Any,
    case_id: int,
    *,
    appeal: Appeal,
    receipt_number: str,
    amount: Decimal,
    on: datetime.date | None = None,
    system: bool = False,
) -> StepResult:
    """The appellant's receipt for the appeal advance fee is lodged (by hand, or matched in the bank's
    statement). One lodged after the time is recorded with it: the late appeal is then reviewed
    (Art. 276(2)), which the event shows."""
    day = on or timezone.localdate()
    late = {"value": False}

    def validate(case: Case) -> None:
        fee = _fee_of(case, appeal)
        if fee is None or fee.notified_on is None:
            raise TransitionError("Chưa thông báo nộp tạm ứng án phí phúc thẩm cho người kháng cáo này")
        if fee.paid:
            raise TransitionError(f"{appeal.appellant_name} đã nộp biên lai tạm ứng án phí phúc thẩm")
        late["value"] = fee.abandoned(day)

    def after(case: Case, event: Any) -> None:
        event.data["late"] = late["value"]
        event.save(update_fields=["data"])

    return take_step(
        "record_appeal_fee_payment",
        actor=actor,
        case_id=case_id,
        on=day,
        validate=validate,
        after=after,
        data={
            "appeal": appeal.pk,
            "appellant": appeal.appellant_name,
            "receipt_number": receipt_number.strip(),
            "amount": str(amount),
        },
        system=system,
    )


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
        # Art. 283(2): the file goes once the appellants lodged their fee receipts; one notified and unpaid
        # past the time is deemed abandoned (Art. 276(2)) and does not hold the file.
        fees = appeal_fees(case)
        waiting = [fee for fee in fees if fee.waiting(day)]
        if waiting:
            names = ", ".join(f"{fee.appeal.appellant_name} (đến {fee.due_on:%d/%m/%Y})" for fee in waiting)
            raise TransitionError(f"Người kháng cáo còn trong thời hạn nộp tạm ứng án phí phúc thẩm: {names}")
        if not live_appeals(case, day, fees):
            raise TransitionError(
                "Mọi kháng cáo được coi là đã từ bỏ vì không nộp tạm ứng án phí phúc thẩm: ghi nhận bản án có hiệu lực"
            )
        target["abandoned"] = [fee.appeal.pk for fee in fees if fee.abandoned(day)]
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
        if target["abandoned"]:
            event.data["appeals_abandoned_for_fee"] = target["abandoned"]
        event.save(update_fields=["data"])

    return take_step("send_to_appellate_court", actor=actor, case_id=case_id, on=day, validate=validate, after=after)


def declare_effective(actor: Any, case_id: int, *, on: datetime.date | None = None, system: bool = False) -> StepResult:
    """A first-instance judgment or decision that nobody appealed takes effect from the day after its
    last appeal or protest window (Art. 282(2))."""
    day = on or timezone.localdate()
    effective: dict[str, datetime.date] = {}

    def validate(case: Case) -> None:
        fees = appeal_fees(case)
        if live_appeals(case, day, fees):
            raise TransitionError("Bản án, quyết định đã bị kháng cáo, kháng nghị")
        end = _window_end(case)
        if end is None:
            raise TransitionError("Không có thời hạn kháng cáo, kháng nghị nào được ghi nhận")
        if day <= end:
            raise TransitionError(f"Còn trong thời hạn kháng cáo, kháng nghị (đến {end:%d/%m/%Y})")
        # Appeals abandoned for an unpaid fee (Art. 276(2)) held the judgment until their time to pay ran out.
        dues = [fee.due_on for fee in fees if fee.due_on is not None and fee.abandoned(day)]
        effective["on"] = max([end, *dues]) + datetime.timedelta(days=1)

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
