"""Adding parties to a case; each addition is an event in the case's history."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from ..models import REPRESENTING_ROLES, Case, Party
from .intake import PartyInput, check_party, create_parties, party_summary
from .steps import StepResult, TransitionError, take_step


def add_party(
    actor: Any,
    case_id: int,
    party: PartyInput,
    *,
    represents: Party | None = None,
    on: datetime.date | None = None,
) -> StepResult:
    """Add a party, or a representative or lawyer of an existing party, to a case."""
    party = replace(party, represents=None)
    check_party(party, "Đương sự mới")
    if (party.role in REPRESENTING_ROLES) != (represents is not None):
        raise TransitionError("Chỉ người đại diện hoặc luật sư gắn với một đương sự của vụ án")

    def validate(case: Case) -> None:
        if represents is not None and represents.case_id != case.pk:
            raise TransitionError("Người được đại diện không phải đương sự của vụ án này")

    def after(case: Case, event: Any) -> None:
        row = create_parties(case, [party], start=case.parties.count())[0]
        if represents is not None:
            row.represents = represents
            row.save(update_fields=["represents"])
        event.data["party"] = party_summary(row)
        event.save(update_fields=["data"])

    return take_step("add_party", actor=actor, case_id=case_id, on=on, validate=validate, after=after)
