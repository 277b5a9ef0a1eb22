"""The life of a civil case through the API alone: petition → assignment → decision → fee notice →
fee paid → acceptance → notice → trial → judgment → legal effect, checking statuses, numbers and
deadlines in the answers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ecourt.api.testing import client_for
from ecourt.audit.services import verify_chain
from ecourt.deadlines.calendar import get_calendar

pytestmark = pytest.mark.django_db


def test_a_civil_case_from_petition_to_legal_effect(clerk, president, judge, colleague, court):
    start = datetime.date.today() - datetime.timedelta(days=150)
    calendar = get_calendar()

    def day(n: int) -> str:
        return (start + datetime.timedelta(days=n)).isoformat()

    def take(user: Any, name: str, **body: Any) -> dict[str, Any]:
        response = client_for(user).post(f"/api/v1/cases/{case_id}/steps/{name}/", body, format="json")
        assert response.status_code == 200, (name, response.content.decode())
        result: dict[str, Any] = response.json()
        return result

    def deadline(result: dict[str, Any], rule: str) -> dict[str, Any]:
        return next(d for d in result["case"]["deadlines"] if d["rule"] == rule)

    received = client_for(clerk).post(
        "/api/v1/cases/",
        {
            "court": court.pk,
            "case_type": "DS",
            "subject": "Tranh chấp hợp đồng vay tài sản",
            "received_on": day(0),
            "parties": [
                {"name": "Nguyễn Văn An", "role": "plaintiff", "birth_year": 1980},
                {"name": "Trần Thị Bình", "role": "defendant"},
            ],
        },
        format="json",
    )
    assert received.status_code == 201, received.content.decode()
    result = received.json()
    case_id = result["case_id"]
    assert result["case"]["status"] == "petition_received"
    assert deadline(result, "civil.assign_petition")["due_on"] == calendar.add_working_days(start, 3).isoformat()

    result = take(president, "assign_petition", judge=judge.pk, on=day(1))
    assert result["case"]["status"] == "petition_assigned"
    assert deadline(result, "civil.assign_petition")["state"] == "met"
    review = deadline(result, "civil.review_petition")
    assert review["due_on"] == calendar.add_working_days(start + datetime.timedelta(days=1), 5).isoformat()

    result = take(judge, "decide_to_accept", procedure="ordinary", on=day(3))
    assert result["case"]["status"] == "awaiting_fee_notice"
    result = take(judge, "issue_fee_notice", amount="300000", on=day(3))
    assert result["case"]["status"] == "fee_notified"
    assert result["event"]["data"]["amount"] == "300000"
    result = take(clerk, "record_fee_payment", receipt_number="AA/2026/0001", amount="300000", on=day(8))
    assert result["case"]["status"] == "fee_paid"

    result = take(judge, "accept_case", on=day(8))
    accepted_on = start + datetime.timedelta(days=8)
    assert result["case"]["status"] == "preparing"
    assert result["case"]["acceptance_number"] == f"01/{accepted_on.year}/TLST-DS"
    assert result["event"]["document_number"] == result["case"]["acceptance_number"]
    prepare = deadline(result, "civil.prepare_trial")
    assert prepare["due_on"] == calendar.due_date(accepted_on, 4, "months").isoformat()
    assert prepare["legal_basis"]
    assert {"bring_to_trial", "suspend_case"} <= {s["name"] for s in result["case"]["steps"]}

    result = take(clerk, "notify_acceptance", recipients="Nguyên đơn, bị đơn, Viện kiểm sát", on=day(9))
    assert deadline(result, "civil.notify_acceptance")["state"] == "met"

    result = take(judge, "bring_to_trial", hearing_on=day(80), on=day(70))
    trial_on = start + datetime.timedelta(days=70)
    assert result["case"]["status"] == "trial_scheduled"
    assert result["event"]["document_number"] == f"01/{trial_on.year}/QĐXX-DSST"
    assert deadline(result, "civil.prepare_trial")["state"] == "met"

    result = take(judge, "issue_judgment", outcome="granted", summary="Chấp nhận yêu cầu khởi kiện", on=day(80))
    judged_on = start + datetime.timedelta(days=80)
    assert result["case"]["status"] == "decided"
    assert result["case"]["judgment_number"] == f"01/{judged_on.year}/DS-ST"
    assert result["case"]["display_number"] == result["case"]["judgment_number"]
    windows = [d for d in result["case"]["deadlines"] if d["kind"] == "window"]
    assert {w["rule"] for w in windows} == {"civil.appeal_judgment", "civil.protest_judgment"}
    assert all(w["state"] == "window_closed" for w in windows)  # 70 days ago: both windows have run out
    last_day = max(datetime.date.fromisoformat(w["due_on"]) for w in windows)

    result = take(clerk, "declare_effective", on=(last_day + datetime.timedelta(days=1)).isoformat())
    assert result["case"]["status"] == "effective"
    assert result["case"]["effective_on"] == (last_day + datetime.timedelta(days=1)).isoformat()
    assert result["case"]["steps"] == []

    timeline = client_for(judge).get(f"/api/v1/cases/{case_id}/events/").json()
    assert [e["kind"] for e in timeline["results"]] == [
        "petition_received",
        "petition_assigned",
        "accept_decided",
        "fee_notice_issued",
        "fee_paid",
        "case_accepted",
        "acceptance_notified",
        "trial_scheduled",
        "judgment_issued",
        "legal_effect",
    ]
    assert verify_chain().ok
