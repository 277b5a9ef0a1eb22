"""Opening a case from a case file package received from another court (``ecourt.casefiles`` import).

The receiving court's registry records the file as it records one sent by the procuracy: a new case at
the receiving court (appeal instance), status "case file received", with the parties of the package, its
first event naming the package and the case it came from. Runs inside the caller's transaction.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ecourt.courts.models import Court

from ..models import Case, EventKind, Instance, Status
from .intake import PartyInput, _open_case
from .steps import TransitionError


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise TransitionError(f"Giá trị tranh chấp '{value}' không hợp lệ") from None


def open_case_from_package(
    *,
    actor: Any,
    court: Court,
    record: dict[str, Any],
    package: dict[str, Any],
    received_on: datetime.date,
    parent: Case | None = None,
) -> Case:
    """A new appeal case at ``court`` built from a package's case record (``case.json``): its metadata and
    parties (with who represents whom). ``actor`` must be registry staff of ``court``."""
    source = record["case"]
    parties = record.get("parties", [])
    index = {party["id"]: i for i, party in enumerate(parties)}
    inputs = [
        PartyInput(
            name=str(p["name"]),
            role=str(p["role"]),
            kind=str(p["kind"]),
            birth_year=p.get("birth_year"),
            national_id=str(p.get("national_id") or ""),
            address=str(p.get("address") or ""),
            represents=index.get(p["represents"]) if p.get("represents") is not None else None,
        )
        for p in parties
    ]
    return _open_case(
        actor=actor,
        court=court,
        case_type=str(source["case_type"]),
        instance=Instance.PT,
        status=Status.FILE_RECEIVED,
        event=EventKind.FILE_RECEIVED,
        subject=str(source["subject"]),
        parties=inputs,
        received_on=received_on,
        check_role=True,
        extra={
            "summary": str(source.get("summary") or ""),
            "gravity": str(source.get("gravity") or ""),
            "procedure": str(source.get("procedure") or "ordinary"),
            "value_in_dispute": _decimal(source.get("value_in_dispute")),
            "sealed": bool(source.get("sealed")),
            "in_camera": bool(source.get("in_camera")),
            "fee_exempt": bool(source.get("fee_exempt")),
            "parent": parent,
        },
        data={"package": package, "from_case": {"uid": source["uid"], "court": source.get("court_name", "")}},
    )
