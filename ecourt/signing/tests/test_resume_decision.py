"""The decision to resume the proceedings (quyết định tiếp tục giải quyết vụ án, BLTTDS Điều 216; LTTHC
khoản 2 Điều 142; on appeal BLTTDS khoản 1 Điều 288) issued by the step ``resume_case``: it names the
suspension it ends (its number, date and ground), says that suspension ceases to have effect, cites the
procedure code's articles, goes to the parties and the procuracy, and is kept in the case file as a
PAdES-signed PDF (court certificate, timestamp from a real local TSA) that verifies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ecourt.cases.factories import accepted_case, fake, received_petition
from ecourt.cases.models import Appeal, Case, CaseType, EventKind, Gravity, Instance, Outcome, PartyRole
from ecourt.cases.services import appeals, assignment, petition, proceedings
from ecourt.cases.services.intake import PartyInput, receive_case_file
from ecourt.people.factories import staff
from ecourt.people.models import Role
from ecourt.signing import issuing
from ecourt.signing.models import DocumentKind, IssuedDocument
from ecourt.signing.tests.pki import court_certificate_configured
from ecourt.signing.tests.test_procedural_notices import _issued

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def court_certificate(settings: Any, tmp_path: Path) -> Iterator[Any]:
    with court_certificate_configured(settings, tmp_path):
        yield settings


def _suspend_and_resume(case: Any, judge: Any, ground: str, capture: Any) -> tuple[Any, Any]:
    with capture(execute=True):  # suspended and resumed the same day: the step's reason went away at once
        suspended = proceedings.suspend_case(judge, case.pk, ground=ground)
        resumed = proceedings.resume_case(judge, case.pk)
    return suspended.event, resumed.event


@pytest.mark.parametrize(
    ("case_type", "cited", "ended"),
    [
        (
            CaseType.DS,
            "Căn cứ Điều 48, Điều 216 và Điều 219 Bộ luật Tố tụng dân sự năm 2015",
            "2. Quyết định tạm đình chỉ giải quyết vụ án dân sự số {number} ngày {day} hết hiệu lực"
            " kể từ ngày ban hành quyết định này.",
        ),
        (
            CaseType.HC,
            "Căn cứ khoản 2 Điều 142 và Điều 145 Luật Tố tụng hành chính năm 2015",
            "2. Hủy bỏ Quyết định tạm đình chỉ giải quyết vụ án hành chính số {number} ngày {day};"
            " quyết định đó hết hiệu lực kể từ ngày ban hành quyết định này.",
        ),
    ],
)
def test_resuming_a_suspended_case_issues_the_signed_decision_that_ends_the_suspension(
    court_certificate: Any,
    clerk: Any,
    president: Any,
    judge: Any,
    court: Any,
    django_capture_on_commit_callbacks: Any,
    case_type: str,
    cited: str,
    ended: str,
) -> None:
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court, case_type=case_type)
    ground = "Chờ kết quả giám định chữ ký trên hợp đồng"
    suspension, resumption = _suspend_and_resume(case, judge, ground, django_capture_on_commit_callbacks)

    document, text = _issued(case, DocumentKind.RESUME_DECISION)
    assert document.event is not None
    assert document.event.pk == resumption.pk
    assert document.event.kind == EventKind.CASE_RESUMED
    assert document.number == resumption.document_number != suspension.document_number
    assert document.issued_on == TODAY
    assert document.case_file is not None
    assert document.case_file.name.startswith("quyet-dinh-tiep-tuc-giai-quyet-vu-an-")
    assert issuing.document_title(document) == f"Quyết định tiếp tục giải quyết vụ án số {document.number}"
    day = f"{TODAY:%d/%m/%Y}"
    for expected in (
        "QUYẾT ĐỊNH",
        f"ngày {TODAY:%d} tháng {TODAY:%m} năm {TODAY:%Y}",
        cited,
        f"số {suspension.document_number} ngày {day} của {court.name}",
        f"Xét thấy: lý do tạm đình chỉ ({ground}) đến nay không còn.",
        f"1. Tiếp tục giải quyết vụ án {'hành chính' if case_type == CaseType.HC else 'dân sự'}"
        f" thụ lý số {case.acceptance_number}",
        ended.format(number=suspension.document_number, day=day),
        "Viện kiểm sát nhân dân cùng cấp",
        *(party.name for party in case.parties.filter(represents=None)),
    ):
        assert expected in text, expected
    assert "kháng cáo" not in text  # the decision to resume is not open to appeal
    # the suspension's own decision is still there, and unchanged
    assert IssuedDocument.objects.get(case=case, kind=DocumentKind.SUSPENSION_DECISION).number == (
        suspension.document_number
    )


def test_on_appeal_the_decision_resumes_the_appellate_hearing(
    court_certificate: Any,
    clerk: Any,
    president: Any,
    judge: Any,
    court: Any,
    provincial_court: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    appeal_clerk = staff(provincial_court, Role.CLERK)
    appeal_judge = staff(provincial_court, Role.JUDGE)
    appeal_president = staff(provincial_court, Role.PRESIDENT)
    case = received_petition(clerk, court, CaseType.DS, received_on=ago(200))
    assignment.assign_petition(president, case.pk, judge, on=ago(199))
    petition.decide_to_accept(judge, case.pk, on=ago(198))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=ago(198))
    petition.record_fee_payment(clerk, case.pk, receipt_number="7", amount=Decimal("300000"), on=ago(195))
    petition.accept_case(judge, case.pk, on=ago(195))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=ago(120), on=ago(130))
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.DISMISSED, on=ago(120))
    plaintiff = Case.objects.get(pk=case.pk).parties.get(role=PartyRole.PLAINTIFF)
    appeals.lodge_appeal(clerk, case.pk, kind=Appeal.Kind.APPEAL, appellant=plaintiff, lodged_on=ago(110))
    sent_on = max(d.due_on for d in Case.objects.get(pk=case.pk).deadlines.filter(kind="window")) + dt.timedelta(1)
    assert sent_on <= TODAY, "the test's dates leave too little time for the windows"
    appeals.send_to_appellate_court(clerk, case.pk, on=sent_on)
    appeal_case = Case.objects.get(parent=case)
    assert appeal_case.instance == Instance.PT
    petition.register_case_file(appeal_clerk, appeal_case.pk, on=sent_on)
    assignment.assign_judge(appeal_president, appeal_case.pk, appeal_judge, on=sent_on)

    ground = "Chờ xác định người kế thừa quyền và nghĩa vụ tố tụng của bị đơn"
    suspension, _resumption = _suspend_and_resume(appeal_case, appeal_judge, ground, django_capture_on_commit_callbacks)

    appeal_case.refresh_from_db()
    _document, text = _issued(appeal_case, DocumentKind.RESUME_DECISION)
    for expected in (
        "Tiếp tục xét xử phúc thẩm vụ án dân sự",
        "Căn cứ khoản 1 Điều 288 và Điều 216 Bộ luật Tố tụng dân sự năm 2015",
        f"Quyết định tạm đình chỉ xét xử phúc thẩm vụ án dân sự số {suspension.document_number}"
        f" ngày {TODAY:%d/%m/%Y} hết hiệu lực kể từ ngày ban hành quyết định này.",
        ground,
    ):
        assert expected in text, expected


def test_a_criminal_case_is_restored_under_the_criminal_procedure_code(
    court_certificate: Any,
    clerk: Any,
    president: Any,
    judge: Any,
    court: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """In criminal procedure the decision is a "quyết định phục hồi vụ án" (BLTTHS 2015, not in the
    shared corpus: its article is not checked against the code's text)."""
    case = receive_case_file(
        actor=clerk,
        court=court,
        subject="Lừa đảo chiếm đoạt tài sản",
        gravity=Gravity.SERIOUS,
        parties=[
            PartyInput(name=fake.vn_person_name("m"), role=PartyRole.ACCUSED, birth_year=1990),
            PartyInput(name=fake.vn_person_name("f"), role=PartyRole.VICTIM),
        ],
        received_on=TODAY,
        indictment_number="15/CT-VKS",
    )
    petition.register_case_file(clerk, case.pk)
    assignment.assign_judge(president, case.pk, judge)
    case.refresh_from_db()
    ground = "Bị cáo bị bệnh hiểm nghèo"
    suspension, _resumption = _suspend_and_resume(case, judge, ground, django_capture_on_commit_callbacks)

    document, text = _issued(case, DocumentKind.RESUME_DECISION)
    assert issuing.document_title(document) == f"Quyết định phục hồi vụ án số {document.number}"
    for expected in (
        "Phục hồi vụ án hình sự",
        "Căn cứ Điều 283 Bộ luật Tố tụng hình sự năm 2015",
        f"1. Phục hồi vụ án hình sự thụ lý số {case.acceptance_number}",
        f"số {suspension.document_number} ngày {TODAY:%d/%m/%Y} hết hiệu lực",
    ):
        assert expected in text, expected
