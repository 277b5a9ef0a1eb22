"""The procedural decisions and notices a court commonly issues besides those of acceptance and trial: the
decision to suspend (tạm đình chỉ) and to terminate (đình chỉ) the proceedings, the decision recognising
the parties' settlement (công nhận sự thỏa thuận) and the notice of an appeal (thông báo về việc kháng
cáo). Each is issued by its step, rendered from its template with what the case holds, PAdES-signed with
the court's certificate and a timestamp from a real local TSA, kept in the case file, and verifies."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.conf import settings
from django.utils import timezone

from ecourt.cases.factories import accepted_case
from ecourt.cases.models import Appeal, CaseType, EventKind, PartyRole
from ecourt.cases.services import appeals, proceedings
from ecourt.evidence.models import FileKind
from ecourt.signing import issuing, services
from ecourt.signing.models import DocumentKind, IssuedDocument, IssueStatus
from ecourt.signing.tests.pki import court_certificate_configured

pytestmark = pytest.mark.django_db


@pytest.fixture
def court_certificate(settings: Any, tmp_path: Path) -> Iterator[Any]:
    with court_certificate_configured(settings, tmp_path):
        yield settings


@pytest.fixture
def case_factory(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any, django_capture_on_commit_callbacks: Any
) -> Any:
    def make(case_type: str = CaseType.DS) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return accepted_case(clerk=clerk, president=president, judge=judge, court=court, case_type=case_type)

    return make


def _issued(case: Any, kind: DocumentKind) -> tuple[IssuedDocument, str]:
    """The document, issued and kept in the case file as a signed, trusted PDF, and its text."""
    document = IssuedDocument.objects.select_related("case_file", "event").get(case=case, kind=kind)
    assert document.status == IssueStatus.ISSUED, document.error
    assert document.case_file is not None
    assert document.case_file.kind == FileKind.RECORD
    assert document.case_file.content_type == "application/pdf"
    assert document.case_file.name == issuing.file_name(document)
    signed = (Path(settings.MEDIA_ROOT) / document.case_file.path).read_bytes()
    result = services.verify_pdf(signed)
    assert result.signed
    assert not result.altered
    assert result.trusted
    (signature,) = result.signatures
    assert signature.ok
    assert signature.timestamp is not None
    assert signature.timestamp.valid
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(signed)).pages)
    text = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        case.court.name.upper(),
        f"Số: {document.number}",
        case.acceptance_number,
        case.judge.full_name,
    ):
        assert expected in text, expected
    return document, text


def test_the_decision_to_suspend_is_issued_signed_with_its_ground(
    case_factory: Any, judge: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = case_factory()
    ground = "Chờ kết quả giám định (điểm e khoản 1 Điều 214 BLTTDS)"
    with django_capture_on_commit_callbacks(execute=True):
        result = proceedings.suspend_case(judge, case.pk, ground=ground)
    document, text = _issued(case, DocumentKind.SUSPENSION_DECISION)
    assert document.number == result.event.document_number
    assert document.event is not None
    assert document.event.kind == EventKind.CASE_SUSPENDED
    for expected in (
        "QUYẾT ĐỊNH",
        "Tạm đình chỉ giải quyết vụ án",
        ground,
        "Điều 48, Điều 214, Điều 215 và Điều 219 Bộ luật Tố tụng dân sự năm 2015",
        "07 ngày",
    ):
        assert expected in text, expected


def test_the_decision_to_terminate_is_issued_signed_with_its_ground(
    case_factory: Any, judge: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = case_factory()
    ground = "Nguyên đơn rút toàn bộ yêu cầu khởi kiện (điểm c khoản 1 Điều 217 BLTTDS)"
    with django_capture_on_commit_callbacks(execute=True):
        result = proceedings.terminate_proceedings(judge, case.pk, ground=ground)
    document, text = _issued(case, DocumentKind.TERMINATION_DECISION)
    case.refresh_from_db()
    assert document.number == result.event.document_number == case.judgment_number
    for expected in ("QUYẾT ĐỊNH", "Đình chỉ giải quyết vụ án", ground, "Điều 217, Điều 218 và Điều 219", "07 ngày"):
        assert expected in text, expected


def test_the_decision_recognising_the_settlement_carries_its_terms(
    case_factory: Any, judge: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = case_factory()
    terms = "Bị đơn trả cho nguyên đơn 120.000.000 đồng trước ngày 31/12/2026."
    with django_capture_on_commit_callbacks(execute=True):
        proceedings.recognise_settlement(judge, case.pk, terms=terms)
    _document, text = _issued(case, DocumentKind.SETTLEMENT_DECISION)
    for expected in (
        "Công nhận sự thỏa thuận của các đương sự",
        terms,
        "Điều 212 và Điều 213 Bộ luật Tố tụng dân sự năm 2015",
        "có hiệu lực pháp luật ngay sau khi được ban hành",
        case.parties.get(role=PartyRole.PLAINTIFF).name,
    ):
        assert expected in text, expected


def test_the_notice_of_an_appeal_goes_out_and_a_protest_issues_none(
    case_factory: Any, judge: Any, clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = case_factory()
    defendant = case.parties.get(role=PartyRole.DEFENDANT)
    with django_capture_on_commit_callbacks(execute=True):
        proceedings.bring_to_trial(judge, case.pk, hearing_on=timezone.localdate())
        proceedings.issue_judgment(judge, case.pk, outcome="granted")
        appeals.lodge_appeal(
            clerk, case.pk, kind=Appeal.Kind.APPEAL, appellant=defendant, grounds="Không đồng ý mức bồi thường."
        )
        appeals.lodge_appeal(clerk, case.pk, kind=Appeal.Kind.PROTEST, procuracy="Viện kiểm sát nhân dân Hà Nội")
    case.refresh_from_db()
    document, text = _issued(case, DocumentKind.APPEAL_NOTICE)  # one: the protest issues none
    assert "TB-TA" in document.number
    for expected in (
        "THÔNG BÁO",
        "Về việc kháng cáo",
        defendant.name,
        "Không đồng ý mức bồi thường.",
        case.judgment_number,
        "Điều 277 Bộ luật Tố tụng dân sự năm 2015",
    ):
        assert expected in text, expected


def test_an_administrative_case_cites_the_administrative_procedure_law(
    case_factory: Any, judge: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = case_factory(CaseType.HC)
    with django_capture_on_commit_callbacks(execute=True):
        proceedings.suspend_case(judge, case.pk, ground="Cần đợi kết quả giải quyết vụ việc khác có liên quan")
    _document, text = _issued(case, DocumentKind.SUSPENSION_DECISION)
    assert "Điều 141, Điều 142 và Điều 145 Luật Tố tụng hành chính năm 2015" in text
