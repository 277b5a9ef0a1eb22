from decimal import Decimal
from typing import Any

import pytest

from ecourt.cases.factories import received_petition
from ecourt.cases.services import assignment, petition
from ecourt.fees.models import FeeNotice
from ecourt.fees.services import issue_notice


@pytest.fixture
def notified(court: Any, clerk: Any, judge: Any, president: Any) -> Any:
    """Makes civil petitions whose judge issued an advance-fee notice (300,000 đồng by default) today."""

    def make(amount: str = "300000") -> FeeNotice:
        case = received_petition(clerk, court)
        assignment.assign_petition(president, case.pk, judge)
        assignment.assign_clerk(president, case.pk, clerk)
        petition.decide_to_accept(judge, case.pk)
        return issue_notice(judge, case.pk, amount=Decimal(amount))

    return make
