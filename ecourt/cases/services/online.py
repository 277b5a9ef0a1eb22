"""A petition filed online by a citizen, business or lawyer (Resolution 04/2016/NQ-HĐTP).

The same first step as a petition a clerk records (``intake.receive_petition``), without the registry
role check: the filer is the one who lodges it, through ``ecourt/filing``. The event records the channel
"online"; the filer's own party row is bound to their account, so they follow the case as a party.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ecourt.courts.models import Court

from ..models import Case, CaseType, EventKind, Instance, Party, Status
from .intake import PartyInput, _open_case
from .steps import TransitionError


def receive_online_petition(
    *,
    filer: Any,
    court: Court,
    case_type: str,
    subject: str,
    parties: list[PartyInput],
    filer_party: int,
    summary: str = "",
    value_in_dispute: Decimal | None = None,
    received_on: datetime.date | None = None,
    data: dict[str, Any] | None = None,
) -> Case:
    """Open the case for a petition filed online by ``filer``, who is party no. ``filer_party`` (0-based)."""
    if filer is None or not filer.is_authenticated:
        raise TransitionError("Cần đăng nhập")
    if case_type == CaseType.HS:
        raise TransitionError("Vụ án hình sự không khởi kiện trực tuyến")
    if value_in_dispute is not None and value_in_dispute < 0:
        raise TransitionError("Giá trị tranh chấp không thể âm")
    if not 0 <= filer_party < len(parties):
        raise TransitionError("Phải chọn đương sự là người nộp đơn")
    with transaction.atomic():
        case = _open_case(
            actor=filer,
            court=court,
            case_type=case_type,
            instance=Instance.ST,
            status=Status.PETITION_RECEIVED,
            event=EventKind.PETITION_RECEIVED,
            subject=subject,
            parties=parties,
            received_on=received_on or timezone.localdate(),
            check_role=False,
            extra={"summary": summary, "value_in_dispute": value_in_dispute},
            data={**(data or {}), "channel": "online"},
        )
        own = Party.objects.filter(case=case).order_by("position", "id")[filer_party]
        own.user = filer
        own.save(update_fields=["user"])
    return case
