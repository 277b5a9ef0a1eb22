"""Factories for cases, and helpers that drive a case through real transitions to a given stage."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from faker import Faker

from ecourt.demo.providers import VietnameseLegalProvider

from .models import Case, CaseType, PartyKind, PartyRole
from .services import assignment, petition
from .services.intake import PartyInput, receive_petition

fake = Faker("vi_VN")
fake.add_provider(VietnameseLegalProvider)


def petition_parties(case_type: str = CaseType.DS) -> list[PartyInput]:
    plaintiff_year = fake.random_int(1955, 2000)
    return [
        PartyInput(
            name=fake.vn_person_name(),
            role=PartyRole.PLAINTIFF,
            birth_year=plaintiff_year,
            national_id=fake.vn_citizen_id(plaintiff_year),
            address=fake.vn_address(),
        ),
        PartyInput(
            name=fake.vn_company() if case_type in (CaseType.KDTM, CaseType.LD) else fake.vn_person_name(),
            role=PartyRole.DEFENDANT,
            kind=PartyKind.ORGANISATION if case_type in (CaseType.KDTM, CaseType.LD) else PartyKind.PERSON,
            address=fake.vn_address(),
        ),
    ]


def received_petition(clerk: Any, court: Any, case_type: str = CaseType.DS, **kwargs: Any) -> Case:
    return receive_petition(
        actor=clerk,
        court=court,
        case_type=case_type,
        subject=kwargs.pop("subject", fake.vn_subject(case_type)),
        parties=kwargs.pop("parties", petition_parties(case_type)),
        received_on=kwargs.pop("received_on", datetime.date.today()),
        **kwargs,
    )


def accepted_case(
    *, clerk: Any, president: Any, judge: Any, court: Any, case_type: str = CaseType.DS, **kwargs: Any
) -> Case:
    """A petition taken through assignment (judge and clerk), the judge's decision, the fee and acceptance."""
    case = received_petition(clerk, court, case_type, **kwargs)
    assignment.assign_petition(president, case.pk, judge)
    assignment.assign_clerk(president, case.pk, clerk)
    petition.decide_to_accept(judge, case.pk)
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"))
    petition.record_fee_payment(clerk, case.pk, receipt_number="0001234", amount=Decimal("300000"))
    petition.accept_case(judge, case.pk)
    return Case.objects.get(pk=case.pk)
