"""Publishing a judgment of a case: the leak check, publish, correct, withdraw, not publishable, who may
do it, and the portal's search and pages kept in step."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from ecourt.anonymization.review import anonymize_for, record_decision
from ecourt.audit.models import AuditEntry
from ecourt.cases.factories import received_petition
from ecourt.cases.models import Case, CaseType, Outcome, Party, PartyKind, PartyRole
from ecourt.cases.services import appeals, assignment, petition, proceedings
from ecourt.cases.services.intake import PartyInput
from ecourt.deadlines.models import Deadline
from ecourt.deadlines.services import PUBLICATION_RULE
from ecourt.judgments import publication as pub
from ecourt.judgments.access import JudgmentNotFound, may_publish
from ecourt.judgments.models import (
    Judgment,
    JudgmentEvent,
    JudgmentEventKind,
    JudgmentPublication,
    JudgmentVersion,
    NotPublishableReason,
    PublicationStatus,
)
from ecourt.search import engine

pytestmark = pytest.mark.django_db

PLAINTIFF = "Nguyễn Văn An"
DEFENDANT = "Trần Thị Bích Hoà"
CCCD = "079086001234"

TEXT = f"""TÒA ÁN NHÂN DÂN HUYỆN Y
BẢN ÁN SỐ: 01/2025/DS-ST
NGÀY 10/3/2025 V/V TRANH CHẤP HỢP ĐỒNG VAY TÀI SẢN
- Nguyên đơn: Ông {PLAINTIFF}, sinh năm 1980; căn cước công dân số {CCCD};\
  cư trú tại: thôn Đông, xã Phú Lộc, huyện Y, tỉnh Đồng Nai.
- Bị đơn: Bà {DEFENDANT}, sinh năm 1985; cư trú tại: thôn Tây, xã Phú Lộc, huyện Y, tỉnh Đồng Nai.
NỘI DUNG VỤ ÁN: Ông {PLAINTIFF} cho bà {DEFENDANT} vay 100.000.000 đồng; bà {DEFENDANT} không trả.
QUYẾT ĐỊNH: Buộc bà {DEFENDANT} trả cho ông {PLAINTIFF} 100.000.000 đồng.
"""


def effective_case(*, clerk: Any, president: Any, judge: Any, court: Any, in_camera: bool = False) -> Case:
    """A civil case taken through its real steps to legal effect."""
    day = datetime.date.today() - datetime.timedelta(days=150)

    def later(days: int) -> datetime.date:
        return day + datetime.timedelta(days=days)

    parties = [
        PartyInput(name=PLAINTIFF, role=PartyRole.PLAINTIFF, birth_year=1980, national_id=CCCD, address="xã Phú Lộc"),
        PartyInput(name=DEFENDANT, role=PartyRole.DEFENDANT, birth_year=1985, address="xã Phú Lộc"),
    ]
    case = received_petition(clerk, court, CaseType.DS, received_on=day, parties=parties)
    if in_camera:
        Case.objects.filter(pk=case.pk).update(in_camera=True)
    assignment.assign_petition(president, case.pk, judge, on=later(1))
    assignment.assign_clerk(president, case.pk, clerk, on=later(1))
    petition.decide_to_accept(judge, case.pk, on=later(3))
    petition.issue_fee_notice(judge, case.pk, amount=Decimal("300000"), on=later(3))
    petition.record_fee_payment(clerk, case.pk, receipt_number="AA/1", amount=Decimal("300000"), on=later(8))
    petition.accept_case(judge, case.pk, on=later(8))
    proceedings.bring_to_trial(judge, case.pk, hearing_on=later(80), on=later(70))
    proceedings.issue_judgment(judge, case.pk, outcome=Outcome.GRANTED, on=later(80))
    appeals.declare_effective(clerk, case.pk, on=later(120))
    return Case.objects.get(pk=case.pk)


def case_judgment(case: Case | None, court: Any, text: str = TEXT, **kwargs: Any) -> Judgment:
    judgment = Judgment.objects.create(
        number="01/2025/DS-ST",
        court=court,
        court_name=court.name,
        decided_on=datetime.date(2025, 3, 10),
        case_type=CaseType.DS,
        title="Tranh chấp hợp đồng vay tài sản",
        text=text,
        source="ecourt",
        source_id=f"case-{case.pk if case else 'none'}",
        checksum="-",
        **kwargs,
    )
    pub.publication_of(judgment, case=case)
    return judgment


@pytest.fixture
def case(clerk: Any, president: Any, judge: Any, court: Any) -> Case:
    return effective_case(clerk=clerk, president=president, judge=judge, court=court)


@pytest.fixture
def awaiting(case: Case, court: Any) -> Judgment:
    return case_judgment(case, court)


def test_the_leak_check_finds_names_and_numbers_whatever_their_writing() -> None:
    parties = [
        Party(name=PLAINTIFF, role=PartyRole.PLAINTIFF, kind=PartyKind.PERSON, national_id=CCCD),
        Party(name=DEFENDANT, role=PartyRole.DEFENDANT, kind=PartyKind.PERSON),
        Party(name="Lê Văn Luật", role=PartyRole.LAWYER, kind=PartyKind.PERSON),
    ]
    leaky = "Ông NGUYEN VAN AN, CCCD 079 086 001 234; bà Trần Thị Bích Hòa (hòa/hoà). Luật sư Lê Văn Luật."
    leaks = pub.check_leaks(leaky, parties)
    assert [(x.party, x.kind) for x in leaks] == [(1, "name"), (1, "national_id"), (2, "name")]
    clean = "Ông Nguyễn Văn A, CCCD đã xoá; bà Trần Thị Bích H; ông Nguyễn Văn Anh. Luật sư Lê Văn Luật. 079086001"
    assert pub.check_leaks(clean, parties) == []


def test_publish_anonymizes_checks_records_and_indexes(
    awaiting: Judgment, judge: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        publication = pub.publish(judge, awaiting.pk)
    awaiting.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED
    assert awaiting.published
    assert PLAINTIFF not in awaiting.text
    assert DEFENDANT not in awaiting.text
    assert CCCD not in awaiting.text
    assert "Nguyễn Văn A" in awaiting.text
    assert publication.source_text == TEXT  # the signed text is kept for staff
    assert [v.text for v in awaiting.versions.all()] == [awaiting.text]
    event = JudgmentEvent.objects.get(judgment=awaiting)
    assert (event.kind, event.actor) == (JudgmentEventKind.PUBLISHED, judge)
    assert AuditEntry.objects.filter(object_type="judgment", object_id=str(awaiting.pk), action="transition").exists()
    assert engine.search("judgments", "vay tai san").total == 1
    # its parties come from the case's party list, named as the published text encodes them
    assert list(awaiting.parties.values_list("role", "name", "kind")) == [
        ("plaintiff", "Nguyễn Văn A", "person"),
        ("defendant", "Trần Thị Bích H", "person"),
    ]
    assert engine.search("judgments", 'plaintiff:"nguyen van a"').total == 1


def test_publish_applies_the_reviewers_decisions(awaiting: Judgment, judge: Any) -> None:
    # The rules keep provinces; a reviewer decided, for the whole case, that this one identifies the parties.
    assert "tỉnh Đồng Nai" in anonymize_for(awaiting, None, text=TEXT).text
    record_decision(judge, awaiting, action="add", original="Đồng Nai", kind="address", whole_case=True)
    pub.publish(judge, awaiting.pk)
    awaiting.refresh_from_db()
    assert "Đồng Nai" not in awaiting.text
    assert "tỉnh ĐN" in awaiting.text


def test_a_leak_blocks_publication_naming_who_and_what_but_not_the_value(awaiting: Judgment, judge: Any) -> None:
    # the reviewer undid the plaintiff's encoding: his full name and ID number are back in the final text
    final = TEXT.replace(DEFENDANT, "Trần Thị Bích H")
    with pytest.raises(pub.LeakError) as caught:
        pub.publish(judge, awaiting.pk, final_text=final)
    message = str(caught.value)
    assert "họ tên của người thứ 1" in message
    assert "số định danh" in message
    assert PLAINTIFF not in message
    assert CCCD not in message
    assert {(x.party, x.kind) for x in caught.value.leaks} == {(1, "name"), (1, "national_id")}
    awaiting.refresh_from_db()
    assert not awaiting.published
    assert awaiting.text == TEXT
    assert awaiting.publication.status == PublicationStatus.AWAITING
    assert not JudgmentVersion.objects.exists()
    assert not JudgmentEvent.objects.exists()


def test_a_judgment_not_in_effect_or_in_camera_is_not_published(
    clerk: Any, president: Any, judge: Any, court: Any
) -> None:
    case = received_petition(clerk, court, CaseType.DS)
    assignment.assign_petition(president, case.pk, judge)
    early = case_judgment(case, court)
    with pytest.raises(pub.PublicationError, match="hiệu lực pháp luật"):
        pub.publish(judge, early.pk)
    closed = effective_case(clerk=clerk, president=president, judge=judge, court=court, in_camera=True)
    secret = case_judgment(closed, court)
    with pytest.raises(pub.PublicationError, match="xét xử kín"):
        pub.publish(judge, secret.pk)
    pub.mark_not_publishable(judge, secret.pk, reason=NotPublishableReason.IN_CAMERA)
    secret.publication.refresh_from_db()
    assert (secret.publication.status, secret.publication.reason) == ("not_publishable", "in_camera")
    with pytest.raises(pub.PublicationError, match="trạng thái"):
        pub.publish(judge, secret.pk)


def test_not_publishable_needs_a_category_of_the_list(awaiting: Judgment, judge: Any) -> None:
    with pytest.raises(pub.PublicationError, match="không hợp lệ"):
        pub.mark_not_publishable(judge, awaiting.pk, reason="because")
    assert JudgmentPublication.objects.get(judgment=awaiting).status == PublicationStatus.AWAITING
    assert set(NotPublishableReason.values) >= {"in_camera", "minor", "state_secret", "business_secret"}


def test_a_correction_keeps_the_previous_version(awaiting: Judgment, judge: Any) -> None:
    pub.publish(judge, awaiting.pk)
    with pytest.raises(pub.PublicationError, match="nội dung đính chính"):
        pub.correct(judge, awaiting.pk, source_text=TEXT, note=" ")
    corrected_text = TEXT.replace("100.000.000 đồng", "120.000.000 đồng")
    publication = pub.correct(judge, awaiting.pk, source_text=corrected_text, note="Sửa số tiền")
    assert publication.status == PublicationStatus.CORRECTED
    first, second = awaiting.versions.all()
    assert "100.000.000" in first.text
    assert "120.000.000" in second.text
    assert (second.seq, second.note) == (2, "Sửa số tiền")
    awaiting.refresh_from_db()
    assert awaiting.text == second.text
    assert PLAINTIFF not in awaiting.text


def test_a_withdrawn_judgment_leaves_search_at_once(
    awaiting: Judgment, judge: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pub.publish(judge, awaiting.pk)
    assert [h.id for h in engine.search("judgments", "hop dong vay").hits] == [awaiting.pk]
    with pytest.raises(pub.PublicationError, match="lý do"):
        pub.withdraw(judge, awaiting.pk, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        pub.withdraw(judge, awaiting.pk, reason="Bản án bị hủy theo thủ tục giám đốc thẩm")
    assert engine.search("judgments", "hop dong vay").total == 0
    awaiting.refresh_from_db()
    assert not awaiting.published
    assert awaiting.publication.withdrawal_reason.startswith("Bản án bị hủy")


def test_who_may_publish(
    awaiting: Judgment, judge: Any, colleague: Any, outsider: Any, president: Any, citizen: Any
) -> None:
    assert may_publish(judge, awaiting)
    assert may_publish(president, awaiting)
    assert not may_publish(colleague, awaiting)
    assert not may_publish(outsider, awaiting)
    assert not may_publish(citizen, awaiting)
    for stranger in (colleague, outsider, citizen):
        with pytest.raises(JudgmentNotFound):  # unpublished: its existence is not revealed
            pub.publish(stranger, awaiting.pk)
    pub.publish(president, awaiting.pk)
    with pytest.raises(PermissionDenied):  # public now: known, but not theirs to change
        pub.withdraw(colleague, awaiting.pk, reason="x")
    assert AuditEntry.objects.filter(action="denied", object_type="judgment").count() == 4


def test_an_imported_judgment_is_withdrawn_by_the_courts_president_only(
    court: Any, president: Any, judge: Any, django_capture_on_commit_callbacks: Any
) -> None:
    imported = case_judgment(None, court, text="Bản án đã công bố về hợp đồng vay", published=True)
    assert not may_publish(judge, imported)
    assert may_publish(president, imported)
    with django_capture_on_commit_callbacks(execute=True):
        pub.correct(president, imported.pk, source_text="Bản án đã công bố về hợp đồng vay (đính chính)", note="x")
    assert [v.seq for v in imported.versions.all()] == [1, 2]


def test_the_staff_panel_publishes_and_refuses_a_leak_and_strangers(
    client: Any, awaiting: Judgment, judge: Any, colleague: Any, outsider: Any
) -> None:
    url = f"/judgments/{awaiting.pk}/publication/"
    for stranger in (colleague, outsider):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "publish"}).status_code == 404
    client.force_login(judge)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="action" value="publish"' in page.content.decode()
    leaky = client.post(url, {"action": "publish", "final_text": TEXT})
    assert leaky.status_code == 400
    assert "họ tên của người thứ 1" in leaky.content.decode()
    assert client.get(f"/judgments/{awaiting.pk}/").status_code == 404  # still unpublished
    assert client.post(url, {"action": "publish"}).status_code == 302
    assert JudgmentPublication.objects.get(judgment=awaiting).status == PublicationStatus.PUBLISHED
    assert client.post(url, {"action": "withdraw", "reason": ""}).status_code == 400


def test_the_public_page_shows_a_correction_and_a_withdrawal(client: Any, awaiting: Judgment, judge: Any) -> None:
    pub.publish(judge, awaiting.pk)
    corrected = TEXT.replace("100.000.000 đồng", "120.000.000 đồng")
    pub.correct(judge, awaiting.pk, source_text=corrected, note="Sửa số tiền vay")
    html = client.get(f"/judgments/{awaiting.pk}/").content.decode()
    assert "120.000.000" in html
    assert "Sửa số tiền vay" in html
    assert f'href="/judgments/{awaiting.pk}/versions/1/"' in html
    assert f'href="/judgments/{awaiting.pk}/publication/"' not in html  # not for the public
    old = client.get(f"/judgments/{awaiting.pk}/versions/1/").content.decode()
    assert "100.000.000" in old
    assert PLAINTIFF not in old
    pub.withdraw(judge, awaiting.pk, reason="Bản án bị hủy")
    gone = client.get(f"/judgments/{awaiting.pk}/")
    assert gone.status_code == 410
    assert "Bản án bị hủy" in gone.content.decode()
    assert "120.000.000" not in gone.content.decode()
    assert client.get(f"/judgments/{awaiting.pk}/versions/1/").status_code == 404


def test_publication_falls_due_30_days_after_legal_effect(
    client: Any, awaiting: Judgment, case: Case, judge: Any, court: Any
) -> None:
    from ecourt.judgments.selectors import overdue_publications, publication_due_on

    assert case.effective_on is not None
    # The docket's deadline: 30 days from legal effect, a day off moved to the next working day.
    due = Deadline.objects.get(case=case, rule__code=PUBLICATION_RULE).due_on
    assert case.effective_on + datetime.timedelta(days=30) <= due <= case.effective_on + datetime.timedelta(days=40)
    assert publication_due_on(awaiting.publication) == due
    assert list(overdue_publications(court.pk, due)) == []
    assert list(overdue_publications(court.pk, due + datetime.timedelta(days=1))) == [awaiting.publication]
    client.force_login(judge)
    assert f'data-due="{due:%Y-%m-%d}"' in client.get(f"/judgments/{awaiting.pk}/publication/").content.decode()
    pub.publish(judge, awaiting.pk)
    assert list(overdue_publications(court.pk, due + datetime.timedelta(days=1))) == []
