"""The reviewer's decisions and the reviewer page: decisions apply to every occurrence, in a judgment
or across the judgments of a case; the page shows both texts with the replacements; who may use it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from ecourt.anonymization.models import Decision
from ecourt.anonymization.review import anonymize_for, decisions_for, record_decision, withdraw_decision
from ecourt.anonymization.services import Choice, anonymize_text
from ecourt.audit.models import AuditEntry
from ecourt.cases.factories import received_petition
from ecourt.judgments.models import Judgment
from ecourt.people.factories import UserFactory, staff
from ecourt.people.models import Role, UserKind

TEXT = (
    "Nguyên đơn: bà Lê Thị Hoa, trú tại phường Tân Lập, thành phố Thái Nguyên.\n"
    "Bị đơn: ông Trần Minh Tuấn.\n"
    "Bà Lê Thị Hoa cho Hồ Văn Khánh vay tiền tại nhà Hồ Văn Khánh; anh Hồ Văn Khánh đã trả.\n"
    "Phạm Hữu Tài làm chứng; Phạm Hữu Tài xác nhận.\n"
)


def test_the_rules_alone_miss_a_name_never_introduced_by_a_title() -> None:
    # The baseline the decisions below change: "Phạm Hữu Tài" has no role word or title.
    result = anonymize_text(TEXT)
    assert "Phạm Hữu Tài làm chứng; Phạm Hữu Tài xác nhận" in result.text
    assert "Lê Thị H," in result.text
    assert "phường TL" in result.text


def test_an_added_name_is_replaced_at_every_occurrence_with_the_person_code() -> None:
    result = anonymize_text(TEXT, decisions=[Choice("add", "Phạm Hữu Tài", "person")])
    assert "Phạm Hữu T làm chứng; Phạm Hữu T xác nhận" in result.text
    added = [r for r in result.replacements if r.original == "Phạm Hữu Tài"]
    assert len(added) == 2
    assert {r.kind for r in added} == {"person"}


def test_an_added_person_is_numbered_with_a_colliding_code() -> None:
    text = TEXT + "Bà Lê Thị Hằng có mặt. Lê Thị Hằng và Lê Thị Hoa.\n"
    result = anonymize_text(text, decisions=[Choice("add", "Hồ Văn Khánh", "person")])
    assert "Lê Thị H1" in result.text
    assert "Lê Thị H2" in result.text
    # the added person is coded once, the same everywhere
    codes = {r.replacement for r in result.replacements if r.original == "Hồ Văn Khánh"}
    assert codes == {"Hồ Văn K"}


def test_an_added_string_with_its_own_replacement_and_another_kind() -> None:
    result = anonymize_text(TEXT, decisions=[Choice("add", "Thái Nguyên", "address", "[địa danh]")])
    assert "thành phố [địa danh]" in result.text
    result = anonymize_text(TEXT, decisions=[Choice("add", "phường Tân Lập", "address")])
    assert "phường TL" in result.text


def test_an_undone_string_is_kept_everywhere() -> None:
    result = anonymize_text(TEXT, decisions=[Choice("undo", "Hồ Văn Khánh")])
    assert result.text.count("Hồ Văn Khánh") == 3
    assert not any("Khánh" in r.original for r in result.replacements)
    assert [k.original for k in result.kept] == ["Hồ Văn Khánh"] * 3
    assert TEXT[result.kept[0].start : result.kept[0].end] == "Hồ Văn Khánh"
    # the rest is still encoded
    assert "Lê Thị H," in result.text


def test_undo_matches_the_other_case_and_tone_placement() -> None:
    result = anonymize_text(TEXT, decisions=[Choice("undo", "tân lập")])
    assert "phường Tân Lập" in result.text


# --- stored decisions -------------------------------------------------------------------------------


def _judgment(court: Any, text: str = TEXT, n: int = 1) -> Judgment:
    return Judgment.objects.create(
        number=f"0{n}/2026/DS-ST", court=court, court_name="Tòa án nhân dân thử", text=text,
        source="test", source_id=f"t{n}", checksum="0" * 64,
    )  # fmt: skip


@pytest.fixture
def judgment(court: Any) -> Judgment:
    return _judgment(court)


def test_a_decision_on_a_judgment_is_recorded_with_the_person_and_audited(judgment: Judgment, judge: Any) -> None:
    decision = record_decision(judge, judgment, action="add", original="Phạm Hữu Tài", kind="person")
    assert decision.decided_by == judge
    assert decision.judgment == judgment
    assert decision.case is None
    assert "Phạm Hữu T xác nhận" in anonymize_for(judgment).text
    assert AuditEntry.objects.filter(object_type="anonymization.decision", object_id=str(decision.pk)).exists()
    # the same string again replaces the decision (one per string and scope)
    record_decision(judge, judgment, action="undo", original="phạm hữu tài")
    assert Decision.objects.count() == 1
    assert "Phạm Hữu Tài xác nhận" in anonymize_for(judgment).text
    withdraw_decision(judge, judgment, Decision.objects.get().pk)
    assert not Decision.objects.exists()


def test_bad_decisions_are_refused_and_change_nothing(judgment: Judgment, judge: Any) -> None:
    with pytest.raises(ValidationError, match="không có trong bản án"):  # "does not occur in the judgment"
        record_decision(judge, judgment, action="add", original="Nguyễn Văn Không", kind="person")
    with pytest.raises(ValidationError):
        record_decision(judge, judgment, action="add", original="Phạm Hữu Tài", kind="spaceship")
    with pytest.raises(ValidationError):
        record_decision(judge, judgment, action="add", original=" , ", kind="person")
    with pytest.raises(ValidationError, match="không gắn với vụ án nào"):  # "not linked to a case"
        record_decision(judge, judgment, action="undo", original="Hồ Văn Khánh", whole_case=True)
    assert not Decision.objects.exists()


def test_a_decision_on_the_case_applies_to_every_judgment_of_the_case(court: Any, clerk: Any, judge: Any) -> None:
    case = received_petition(clerk, court)
    first = _judgment(court, TEXT, 1)
    appeal = _judgment(court, "Người làm chứng Phạm Hữu Tài khai lại. Hồ Văn Khánh vắng mặt.", 2)
    other = _judgment(court, TEXT, 3)  # not in the case
    record_decision(judge, first, action="add", original="Phạm Hữu Tài", kind="person", whole_case=True, case=case)
    record_decision(judge, first, action="undo", original="Hồ Văn Khánh", whole_case=True, case=case)
    assert "Phạm Hữu T xác nhận" in anonymize_for(first, case).text
    assert anonymize_for(appeal, case).text.startswith("Người làm chứng Phạm Hữu T khai lại. Hồ Văn Khánh")
    assert "Phạm Hữu Tài xác nhận" in anonymize_for(other).text
    assert decisions_for(appeal, case).count() == 2
    assert not decisions_for(other).exists()
    # the judgment's own decision wins over the case's
    record_decision(judge, appeal, action="undo", original="Phạm Hữu Tài", case=case)
    assert "Phạm Hữu Tài khai lại" in anonymize_for(appeal, case).text
    assert "Phạm Hữu T xác nhận" in anonymize_for(first, case).text


def test_only_judges_of_the_court_and_reviewers_may_decide(
    judgment: Judgment, clerk: Any, outsider: Any, citizen: Any, other_court: Any
) -> None:
    for user in (clerk, outsider, citizen):
        with pytest.raises(PermissionDenied):
            record_decision(user, judgment, action="undo", original="Hồ Văn Khánh")
    reviewer = staff(other_court, Role.CLERK)
    reviewer.user_permissions.add(Permission.objects.get(codename="review_anonymization"))
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # permissions are cached per instance
    record_decision(reviewer, judgment, action="undo", original="Hồ Văn Khánh")
    lawyer = UserFactory(kind=UserKind.LAWYER)
    lawyer.user_permissions.add(Permission.objects.get(codename="review_anonymization"))
    with pytest.raises(PermissionDenied):
        record_decision(type(lawyer).objects.get(pk=lawyer.pk), judgment, action="undo", original="Hồ Văn Khánh")
    assert Decision.objects.count() == 1


# --- the page ---------------------------------------------------------------------------------------


def test_the_page_shows_both_texts_with_every_replacement_highlighted(
    client: Any, judgment: Judgment, judge: Any
) -> None:
    client.force_login(judge)
    response = client.get(f"/anonymization/judgments/{judgment.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    original, anonymized = html.split('id="pane-anonymized-title"')
    result = anonymize_for(judgment)
    assert (
        original.count('<mark class="anon k-') == anonymized.count('<mark class="anon k-') == len(result.replacements)
    )
    assert "Lê Thị Hoa<button" in original
    assert "Lê Thị H</mark>" in anonymized
    assert 'class="anon k-address"' in anonymized
    assert "TL</mark>" in anonymized
    assert "anon-undo" in original
    assert 'id="anon-add"' in html


def test_htmx_add_and_undo_round_trip(client: Any, judgment: Judgment, judge: Any) -> None:
    client.force_login(judge)
    url = f"/anonymization/judgments/{judgment.pk}/decisions/"
    response = client.post(
        url,
        {"action": "add", "original": "Phạm Hữu Tài", "kind": "person", "scope": "judgment"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="review"')
    assert "<html" not in html
    assert "Phạm Hữu T</mark> làm chứng" in html
    assert "Phạm Hữu T</mark> xác nhận" in html
    decision = Decision.objects.get()
    assert decision.decided_by == judge
    assert f"decision-{decision.pk}" in html
    # click "keep" on a replacement
    response = client.post(
        url, {"action": "undo", "original": "Hồ Văn Khánh", "scope": "judgment"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'class="anon k-kept"' in response.content.decode()
    assert "Hồ Văn K<" not in response.content.decode()
    # withdraw the addition: the rules apply again
    response = client.post(f"{url}{decision.pk}/withdraw/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Phạm Hữu T</mark>" not in response.content.decode()
    assert list(Decision.objects.values_list("action", flat=True)) == ["undo"]
    # a plain form post is redirected back to the page
    response = client.post(url, {"action": "add", "original": "Tân Lập", "kind": "address"})
    assert response.status_code == 302
    assert response["Location"] == f"/anonymization/judgments/{judgment.pk}/"


def test_bad_input_on_the_page_is_a_clear_422(client: Any, judgment: Judgment, judge: Any) -> None:
    client.force_login(judge)
    url = f"/anonymization/judgments/{judgment.pk}/decisions/"
    response = client.post(url, {"action": "add", "original": "Không Có Ai", "kind": "person"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "không có trong bản án" in response.content.decode()  # "does not occur in the judgment"
    response = client.post(url, {"action": "add", "original": "", "kind": "person"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    response = client.post(f"{url}999999/withdraw/", HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert not Decision.objects.exists()


def test_outsiders_are_refused(client: Any, judgment: Judgment, clerk: Any, outsider: Any, citizen: Any) -> None:
    url = f"/anonymization/judgments/{judgment.pk}/"
    assert client.get(url).status_code == 302  # to the sign-in page
    for user in (clerk, outsider, citizen):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(f"{url}decisions/", {"action": "undo", "original": "Hồ Văn Khánh"}).status_code == 403
    assert not Decision.objects.exists()
    client.force_login(citizen)
    assert client.get("/anonymization/judgments/999999/").status_code == 404


def test_on_the_page_a_decision_for_the_case_reaches_the_case_s_other_judgment(
    client: Any, court: Any, clerk: Any, judge: Any
) -> None:
    from ecourt.judgments.models import JudgmentPublication

    case = received_petition(clerk, court)
    first = _judgment(court, TEXT, 1)
    # after publication Judgment.text is the published text; the page reviews the text as signed
    appeal = _judgment(court, "Người làm chứng Phạm H T khai lại.", 2)
    JudgmentPublication.objects.create(judgment=first, case=case)
    JudgmentPublication.objects.create(
        judgment=appeal, case=case, source_text="Người làm chứng Phạm Hữu Tài khai lại; Phạm Hữu Tài vắng."
    )
    client.force_login(judge)
    page = client.get(f"/anonymization/judgments/{first.pk}/").content.decode()
    assert re.search(r'<input type="radio" name="scope" value="case"[^>]*checked', page)  # the default
    response = client.post(
        f"/anonymization/judgments/{first.pk}/decisions/",
        {"action": "add", "original": "Phạm Hữu Tài", "kind": "person", "scope": "case"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    decision = Decision.objects.get()
    assert decision.case == case
    assert decision.judgment is None
    other = client.get(f"/anonymization/judgments/{appeal.pk}/").content.decode()
    assert other.count("Phạm Hữu T</mark>") == 2
    assert "Phạm Hữu Tài<button" in other  # the original pane shows the text as signed
    assert anonymize_for(appeal).text == "Người làm chứng Phạm Hữu T khai lại; Phạm Hữu T vắng."
