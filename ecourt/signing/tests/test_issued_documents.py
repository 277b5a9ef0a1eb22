"""Documents issued by a case's steps: rendered from their template, PAdES-signed with the court's
certificate and an RFC 3161 timestamp from a real local TSA (over HTTP), stored in the case file, then
verified (intact, valid, trusted; one flipped byte: altered). Downloads from the case page are for the
people on the case only; a failed signature is kept and signed again."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from ecourt.cases.factories import accepted_case, received_petition
from ecourt.cases.models import EventKind
from ecourt.cases.services import assignment, petition, proceedings
from ecourt.evidence.models import CaseFile, FileKind
from ecourt.fees import services as fee_services
from ecourt.jobs.models import Job, JobStatus
from ecourt.signing import issuing, services
from ecourt.signing.models import DocumentKind, IssuedDocument, IssueStatus
from ecourt.signing.tests.pki import court_certificate_configured


@pytest.fixture
def court_certificate(settings: Any, tmp_path: Path) -> Iterator[Any]:
    with court_certificate_configured(settings, tmp_path):
        yield settings


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # lines wrap where the page is full


def _stored(document: IssuedDocument) -> bytes:
    from django.conf import settings

    assert document.case_file is not None
    return (Path(settings.MEDIA_ROOT) / document.case_file.path).read_bytes()


@pytest.fixture
def accepted(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any, django_capture_on_commit_callbacks: Any
) -> Any:
    # The signatures are made after commit: run the callbacks the test's transaction holds back.
    with django_capture_on_commit_callbacks(execute=True):
        case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    return case


@pytest.mark.django_db
def test_the_steps_issue_signed_pdfs_kept_in_the_case_file(accepted: Any) -> None:
    documents = {d.kind: d for d in IssuedDocument.objects.filter(case=accepted).select_related("case_file")}
    assert set(documents) == {DocumentKind.FEE_NOTICE, DocumentKind.ACCEPTANCE_NOTICE}
    year = timezone.localdate().year
    fee, acceptance = documents[DocumentKind.FEE_NOTICE], documents[DocumentKind.ACCEPTANCE_NOTICE]
    assert fee.number == f"01/{year}/TB-TA"
    assert acceptance.number == f"01/{year}/TB-TLVA"
    for document in (fee, acceptance):
        assert document.status == IssueStatus.ISSUED
        assert document.attempts == 1
        assert document.case_file is not None
        assert document.case_file.kind == FileKind.RECORD
        assert document.case_file.content_type == "application/pdf"
        assert document.event is not None
    assert fee.event.kind == EventKind.FEE_NOTICE_ISSUED  # type: ignore[union-attr]
    assert acceptance.event.kind == EventKind.CASE_ACCEPTED  # type: ignore[union-attr]
    assert Job.objects.filter(kind=issuing.ISSUE_JOB, status=JobStatus.SUCCEEDED).count() == 2

    plaintiff = accepted.parties.get(role="plaintiff").name
    fee_text = _pdf_text(_stored(fee))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        accepted.court.name.upper(),
        f"Số: 01/{year}/TB-TA",
        "THÔNG BÁO",
        "Về việc nộp tiền tạm ứng án phí",
        "300.000 đồng",
        "khoản 2 Điều 195 Bộ luật Tố tụng dân sự năm 2015",
        plaintiff,
        accepted.judge.full_name,
    ):
        assert expected in fee_text, expected
    acceptance_text = _pdf_text(_stored(acceptance))
    assert "Về việc thụ lý vụ án" in acceptance_text
    assert accepted.acceptance_number in acceptance_text
    assert "Điều 196" in acceptance_text


@pytest.mark.django_db
def test_an_issued_document_verifies_and_a_changed_byte_does_not(accepted: Any) -> None:
    document = IssuedDocument.objects.get(case=accepted, kind=DocumentKind.ACCEPTANCE_NOTICE)
    signed = _stored(document)
    result = services.verify_pdf(signed)
    assert result.signed
    assert not result.altered
    assert result.trusted
    (signature,) = result.signatures
    assert signature.ok
    assert "Tòa án nhân dân Thành phố Hà Nội" in signature.signer
    assert signature.timestamp is not None
    assert signature.timestamp.valid
    assert signature.timestamp.trusted

    tampered = bytearray(signed)
    tampered[tampered.index(b"Count")] ^= 0x01  # inside the signed range
    assert services.verify_pdf(bytes(tampered)).altered

    # The public page says the same of both.
    client = _english(Client())
    with translation.override("en"):
        good = client.post(reverse("signing:verify"), {"document": _upload(signed)})
        bad = client.post(reverse("signing:verify"), {"document": _upload(bytes(tampered))})
    assert 'data-signed="yes" data-altered="no" data-trusted="yes"' in good.content.decode()
    assert 'data-altered="yes"' in bad.content.decode()


def _upload(data: bytes) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = "thong-bao.pdf"
    return upload


@pytest.mark.django_db
def test_return_of_the_petition_and_decision_to_bring_to_trial(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        returned = received_petition(clerk, court)
        assignment.assign_petition(president, returned.pk, judge)
        petition.return_petition(judge, returned.pk, ground="Sự việc đã được giải quyết bằng bản án có hiệu lực")
    notice = IssuedDocument.objects.get(case=returned)
    assert notice.kind == DocumentKind.PETITION_RETURN
    assert notice.status == IssueStatus.ISSUED
    text = _pdf_text(_stored(notice))
    assert "Về việc trả lại đơn khởi kiện" in text
    assert "Sự việc đã được giải quyết bằng bản án có hiệu lực" in text
    assert "khoản 1 Điều 194" in text

    with django_capture_on_commit_callbacks(execute=True):
        case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
        hearing = timezone.localdate() + datetime.timedelta(days=20)
        result = proceedings.bring_to_trial(judge, case.pk, hearing_on=hearing)
    decision = IssuedDocument.objects.get(case=case, kind=DocumentKind.TRIAL_DECISION)
    assert decision.number == result.event.document_number
    assert "QĐXX" in decision.number
    assert decision.status == IssueStatus.ISSUED
    text = _pdf_text(_stored(decision))
    assert "QUYẾT ĐỊNH" in text
    assert "Đưa vụ án ra xét xử" in text
    assert f"{hearing:%d/%m/%Y}" in text
    assert "Điều 48 và Điều 220" in text
    assert services.verify_pdf(_stored(decision)).trusted


@pytest.mark.django_db
def test_the_judgment_copy_is_issued_when_the_judgments_app_holds_the_text(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from ecourt.judgments.models import Judgment, JudgmentPublication

    with django_capture_on_commit_callbacks(execute=True):
        case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
        proceedings.bring_to_trial(judge, case.pk, hearing_on=timezone.localdate())
        judgment = Judgment.objects.create(
            number="",
            court_name=court.name,
            text="NHẬN ĐỊNH CỦA TÒA ÁN\nChấp nhận yêu cầu khởi kiện của nguyên đơn.",
            source="ecourt",
            source_id=f"case-{case.pk}",
            checksum="0" * 64,
        )
        JudgmentPublication.objects.create(judgment=judgment, case=case)
        proceedings.issue_judgment(judge, case.pk, outcome="granted")
    copy = IssuedDocument.objects.get(case=case, kind=DocumentKind.JUDGMENT_COPY)
    case.refresh_from_db()
    assert copy.number == case.judgment_number
    assert copy.status == IssueStatus.ISSUED
    text = _pdf_text(_stored(copy))
    assert "BẢN ÁN" in text
    assert "Chấp nhận yêu cầu khởi kiện của nguyên đơn." in text
    assert services.verify_pdf(_stored(copy)).trusted


@pytest.mark.django_db
def test_without_a_court_certificate_the_steps_issue_nothing(
    settings: Any, clerk: Any, president: Any, judge: Any, court: Any, client: Client
) -> None:
    settings.SIGNING_KEY_FILE = None
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    assert case.status == "preparing"
    assert not IssuedDocument.objects.exists()
    client.force_login(judge)
    page = _english(client).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "No court certificate is configured" in page


@pytest.mark.django_db
def test_a_failed_signature_is_kept_and_signed_again(
    court_certificate: Any,
    clerk: Any,
    president: Any,
    judge: Any,
    colleague: Any,
    outsider: Any,
    court: Any,
    tmp_path: Path,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    key = court_certificate.SIGNING_KEY_FILE
    court_certificate.SIGNING_KEY_FILE = str(tmp_path / "missing-key.pem")  # the key went missing
    with django_capture_on_commit_callbacks(execute=True):
        case = received_petition(clerk, court)
        assignment.assign_petition(president, case.pk, judge)
        petition.return_petition(judge, case.pk, ground="Người khởi kiện không có quyền khởi kiện")
    case.refresh_from_db()
    assert case.status == "returned"  # the step stands: the signature comes after it
    document = IssuedDocument.objects.get(case=case)
    assert document.status == IssueStatus.FAILED
    assert document.attempts == 1
    assert document.error
    assert document.case_file is None
    assert not CaseFile.objects.filter(case=case).exists()
    assert Job.objects.get(kind=issuing.ISSUE_JOB).status == JobStatus.FAILED

    url = reverse("court_documents:retry", args=[document.pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    client.force_login(colleague)
    assert client.post(url).status_code == 403
    document.refresh_from_db()
    assert document.attempts == 1

    client.force_login(judge)
    page = _english(client).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'data-document="{document.pk}" data-status="failed"' in page
    assert url in page
    court_certificate.SIGNING_KEY_FILE = key
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == IssueStatus.ISSUED
    assert document.attempts == 2
    assert document.error == ""
    assert services.verify_pdf(_stored(document)).trusted
    # Issued: nothing left to sign again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    document.refresh_from_db()
    assert document.attempts == 2


@pytest.mark.django_db
def test_a_worker_killed_after_storing_the_pdf_leaves_no_copy_and_the_retry_stores_one(
    court_certificate: Any,
    clerk: Any,
    president: Any,
    judge: Any,
    court: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from ecourt.evidence import services as evidence

    case = received_petition(clerk, court)
    assignment.assign_petition(president, case.pk, judge)
    petition.return_petition(judge, case.pk, ground="Người khởi kiện không có quyền khởi kiện")
    document = IssuedDocument.objects.get(case=case)  # ordered; its signature waits for the commit
    assert document.status == IssueStatus.PENDING
    before = CaseFile.objects.filter(case=case).count()
    real_receive = evidence.receive

    def receive_then_die(*args: Any, **kwargs: Any) -> Any:
        real_receive(*args, **kwargs)
        raise SystemExit("killed between storing the PDF and marking the document issued")

    monkeypatch.setattr(evidence, "receive", receive_then_die)
    with pytest.raises(SystemExit):
        issuing.issue(document.pk)
    assert CaseFile.objects.filter(case=case).count() == before  # nothing half-done is left

    monkeypatch.setattr(evidence, "receive", real_receive)
    stale = timezone.now() - issuing.STALE_AFTER - datetime.timedelta(minutes=1)
    IssuedDocument.objects.filter(pk=document.pk).update(started_at=stale)  # the killed worker's claim expired
    with django_capture_on_commit_callbacks(execute=True):
        issued = issuing.issue(document.pk)
    assert issued.status == IssueStatus.ISSUED
    assert CaseFile.objects.filter(case=case).count() == before + 1


@pytest.mark.django_db
def test_the_periodic_retry_signs_what_failed(
    court_certificate: Any,
    clerk: Any,
    president: Any,
    judge: Any,
    court: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    key = court_certificate.SIGNING_KEY_FILE
    court_certificate.SIGNING_KEY_FILE = str(tmp_path / "missing-key.pem")
    with django_capture_on_commit_callbacks(execute=True):
        case = received_petition(clerk, court)
        assignment.assign_petition(president, case.pk, judge)
        petition.return_petition(judge, case.pk, ground="Chưa đủ điều kiện khởi kiện")
    assert issuing.issue_pending() == {"tried": 1, "issued": 0, "failed": 1}
    court_certificate.SIGNING_KEY_FILE = key
    out = io.StringIO()
    call_command("signing", "issue-pending", stdout=out)
    assert out.getvalue().strip() == "1 tried, 1 issued, 0 failed"
    assert IssuedDocument.objects.get(case=case).attempts == 3
    assert issuing.issue_pending() == {"tried": 0, "issued": 0, "failed": 0}


@pytest.mark.django_db
def test_the_case_page_lists_the_documents_and_only_people_on_the_case_download_them(
    accepted: Any, judge: Any, clerk: Any, colleague: Any, outsider: Any, client: Client
) -> None:
    document = IssuedDocument.objects.get(case=accepted, kind=DocumentKind.FEE_NOTICE)
    download = reverse("evidence:download", args=[document.case_file_id])

    client.force_login(judge)
    page = _english(client).get(reverse("cases:detail", args=[accepted.pk])).content.decode()
    assert "Documents issued by the court" in page
    assert "Notice to pay the advance court fee" in page
    assert document.number in page
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _stored(document)  # type: ignore[attr-defined]

    client.force_login(colleague)  # a judge of the court, not on the case
    assert client.get(download).status_code == 403
    client.force_login(outsider)  # a judge of another court
    assert client.get(download).status_code == 404


@pytest.mark.django_db
def test_a_rolled_back_step_orders_no_document_and_uses_no_number(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any
) -> None:
    case = received_petition(clerk, court)
    assignment.assign_petition(president, case.pk, judge)

    def step_then_failure() -> None:
        with transaction.atomic():
            petition.return_petition(judge, case.pk, ground="Người khởi kiện không có quyền khởi kiện")
            raise RuntimeError("the step's transaction rolls back")

    with pytest.raises(RuntimeError):
        step_then_failure()
    assert not IssuedDocument.objects.exists()
    petition.return_petition(judge, case.pk, ground="Người khởi kiện không có quyền khởi kiện")
    assert IssuedDocument.objects.get().number == f"01/{timezone.localdate().year}/TB-TA"


@pytest.mark.django_db
def test_the_fee_notice_states_the_reference_and_how_the_schedule_gave_the_amount(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = received_petition(clerk, court)
        assignment.assign_petition(president, case.pk, judge)
        petition.decide_to_accept(judge, case.pk)
        notice = fee_services.issue_notice(judge, case.pk, value_in_dispute=Decimal("100000000"))
    text = _pdf_text(_stored(IssuedDocument.objects.get(case=case, kind=DocumentKind.FEE_NOTICE)))
    assert "Số tiền tạm ứng án phí phải nộp: 2.500.000 đồng" in text
    assert notice.reference in text
    assert "Cách tính: Án phí sơ thẩm trên giá trị tài sản có tranh chấp 100.000.000 đồng: 5% × 100.000.000" in text


@pytest.mark.django_db
def test_the_appeal_fee_notice_is_signed_for_the_appellant(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from ecourt.cases.models import PartyRole
    from ecourt.fees.tests.test_appeal_fees import ago, appeal_by, decided

    case = decided(clerk, president, judge, court, days=5)
    appeal = appeal_by(clerk, case, PartyRole.PLAINTIFF, ago(3))
    with django_capture_on_commit_callbacks(execute=True):
        notice = fee_services.issue_appeal_notice(judge, case.pk, appeal.pk, on=ago(2))
    document = IssuedDocument.objects.get(case=case, kind=DocumentKind.APPEAL_FEE_NOTICE)
    assert document.status == IssueStatus.ISSUED
    text = _pdf_text(_stored(document))
    for expected in (
        "Về việc nộp tiền tạm ứng án phí phúc thẩm",
        f"Kính gửi: {appeal.appellant_name}",
        "Điều 276 Bộ luật Tố tụng dân sự năm 2015",
        "Số tiền tạm ứng án phí phúc thẩm phải nộp: 300.000 đồng",
        notice.reference,
        "được coi là từ bỏ việc kháng cáo",
    ):
        assert expected in text, expected


PROTECTED_PERSON = (
    "Trẻ em; cá nhân thuộc hộ nghèo, cận nghèo; người cao tuổi; người khuyết tật; người có công với cách mạng; "
    "đồng bào dân tộc thiểu số ở các xã có điều kiện kinh tế - xã hội đặc biệt khó khăn; thân nhân liệt sĩ "
    "được cơ quan Nhà nước có thẩm quyền cấp Giấy chứng nhận gia đình liệt sĩ"
)


def _exemption_text(case: Any) -> str:
    """The exemption notice of ``case``: issued, numbered in the notices' register, signed and trusted;
    its text (checked for what every exemption notice states)."""
    from ecourt.fees.schedule import load_schedule

    document = IssuedDocument.objects.get(case=case, kind=DocumentKind.EXEMPTION_NOTICE)
    assert document.status == IssueStatus.ISSUED
    assert document.event is not None
    assert document.event.kind == EventKind.FEE_EXEMPTED
    assert document.number.endswith(f"/{timezone.localdate().year}/TB-TA")
    assert document.case_file is not None
    assert document.case_file.name == f"thong-bao-mien-nop-tam-ung-an-phi-{document.number.replace('/', '-')}.pdf"
    signed = _stored(document)
    result = services.verify_pdf(signed)
    assert result.signed
    assert not result.altered
    assert result.trusted
    (signature,) = result.signatures
    assert signature.ok
    assert {e.code: e.text_vi for e in load_schedule().exemptions}["protected_person"] == PROTECTED_PERSON
    text = _pdf_text(signed)
    plaintiff = case.parties.get(role="plaintiff").name
    for expected in (
        f"Số: {document.number}",
        "Về việc miễn nộp tiền tạm ứng án phí",
        f"Kính gửi: {plaintiff}",
        f"Ngày {case.received_on:%d/%m/%Y}",
        case.subject,
        PROTECTED_PERSON,
        "Điều 12 khoản 1 điểm đ",
        "Điều 15 khoản 1, khoản 5 Nghị quyết số 326/2016/UBTVQH14",
        "Giấy xác nhận hộ nghèo năm 2026",
        "khoản 4 Điều 195 Bộ luật Tố tụng dân sự năm 2015",
        "Tòa án tiến hành thụ lý vụ án mà không phải nộp tiền tạm ứng án phí",
        case.judge.full_name,
    ):
        assert expected in text, expected
    return text


@pytest.mark.django_db
def test_the_exemption_before_any_fee_notice_is_notified_in_writing(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = received_petition(clerk, court)
        assignment.assign_petition(president, case.pk, judge)
        petition.decide_to_accept(judge, case.pk)
        fee_services.record_exemption(judge, case.pk, reason="protected_person", note="Giấy xác nhận hộ nghèo năm 2026")
    case.refresh_from_db()
    assert not case.fee_notices.exists()
    text = _exemption_text(case)
    assert "Thông báo nộp tiền tạm ứng án phí" not in text  # none was issued, none is withdrawn
    document = IssuedDocument.objects.get(case=case)  # the only document: no fee notice was issued
    assert document.number == f"01/{timezone.localdate().year}/TB-TA"


@pytest.mark.django_db
def test_the_exemption_after_the_fee_notice_says_that_notice_need_not_be_paid(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from ecourt.fees.models import NoticeStatus

    with django_capture_on_commit_callbacks(execute=True):
        case = received_petition(clerk, court)
        assignment.assign_petition(president, case.pk, judge)
        petition.decide_to_accept(judge, case.pk)
        notice = fee_services.issue_notice(judge, case.pk, value_in_dispute=Decimal("100000000"))
    with django_capture_on_commit_callbacks(execute=True):
        fee_services.record_exemption(judge, case.pk, reason="protected_person", note="Giấy xác nhận hộ nghèo năm 2026")
    case.refresh_from_db()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WAIVED
    fee_document = IssuedDocument.objects.get(case=case, kind=DocumentKind.FEE_NOTICE)
    year = timezone.localdate().year
    assert fee_document.number == f"01/{year}/TB-TA"
    assert IssuedDocument.objects.get(case=case, kind=DocumentKind.EXEMPTION_NOTICE).number == f"02/{year}/TB-TA"
    text = _exemption_text(case)
    assert (
        f"Thông báo nộp tiền tạm ứng án phí số 01/{year}/TB-TA ngày {notice.issued_on:%d/%m/%Y} "
        f"(số tiền 2.500.000 đồng, mã thanh toán {notice.reference}) không còn phải thực hiện"
    ) in text
    assert "người khởi kiện không phải nộp số tiền tạm ứng án phí ghi trong thông báo đó" in text
    assert "người khởi kiện đã nộp" not in text  # nothing was paid on it


@pytest.mark.django_db
def test_the_exemption_after_a_part_of_the_fee_was_paid_states_what_was_paid(
    court_certificate: Any, clerk: Any, president: Any, judge: Any, court: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from ecourt.fees.models import FeeNotice, NoticeStatus

    with django_capture_on_commit_callbacks(execute=True):
        case = received_petition(clerk, court)
        assignment.assign_petition(president, case.pk, judge)
        petition.decide_to_accept(judge, case.pk)
        notice = fee_services.issue_notice(judge, case.pk, value_in_dispute=Decimal("100000000"))
        with transaction.atomic():  # a bank transfer of part of the amount, as the statement import applies it
            locked = FeeNotice.objects.select_for_update().get(pk=notice.pk)
            fee_services.apply_payment(locked, Decimal("1000000"), timezone.localdate(), "FT26330001")
        fee_services.record_exemption(judge, case.pk, reason="protected_person", note="Giấy xác nhận hộ nghèo năm 2026")
    case.refresh_from_db()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WAIVED
    assert notice.paid_amount == Decimal("1000000")
    text = _exemption_text(case)
    assert f"mã thanh toán {notice.reference}) không còn phải thực hiện" in text
    assert "Theo thông báo đó, người khởi kiện đã nộp 1.000.000 đồng." in text
