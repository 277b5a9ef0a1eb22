"""The case's code table: a person keeps one code across every judgment of a case (Resolution 03/2017),
published codes never change, corrections keep them, imported judgments keep the per-text behaviour, and
the leak check still stands. Real database, real publication steps."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from ecourt.anonymization.codes import case_codes
from ecourt.anonymization.encoding import identity_key
from ecourt.anonymization.models import CaseCode
from ecourt.anonymization.review import anonymize_for, record_decision
from ecourt.anonymization.services import anonymize_text, words_of
from ecourt.cases.models import Case, CaseType
from ecourt.judgments import publication as pub
from ecourt.judgments.models import Judgment, PublicationStatus
from ecourt.judgments.tests.test_publication import PLAINTIFF, TEXT, effective_case

pytestmark = pytest.mark.django_db

# The appeal names a witness whose code collides with the plaintiff's ("Nguyễn Văn A…").
APPEAL = f"""TÒA ÁN NHÂN DÂN TỈNH X
BẢN ÁN SỐ: 05/2025/DS-PT
- Nguyên đơn: Ông {PLAINTIFF}, sinh năm 1980.
- Bị đơn: Bà Trần Thị Bích Hoà, sinh năm 1985.
- Người làm chứng: Ông Nguyễn Văn Anh, sinh năm 1990.
NỘI DUNG VỤ ÁN: Ông Nguyễn Văn Anh xác nhận ông {PLAINTIFF} đã giao tiền cho bà Trần Thị Bích Hoà.
QUYẾT ĐỊNH: Giữ nguyên bản án sơ thẩm; ông {PLAINTIFF} được nhận 100.000.000 đồng.
"""


def judgment_of(case: Case | None, court: Any, text: str, n: int, **kwargs: Any) -> Judgment:
    judgment = Judgment.objects.create(
        number=f"0{n}/2025/DS", court=court, court_name=court.name, decided_on=datetime.date(2025, 3, n),
        case_type=CaseType.DS, title="Tranh chấp hợp đồng vay tài sản", text=text, source="ecourt",
        source_id=f"codes-{n}", checksum="-", **kwargs,
    )  # fmt: skip
    pub.publication_of(judgment, case=case)
    return judgment


def codes_in(text: str) -> set[str]:
    """The codes given to "Nguyễn Văn A…" in a published text."""
    return set(re.findall(r"Nguyễn Văn (A\d*)\b", text))


@pytest.fixture
def case(clerk: Any, president: Any, judge: Any, court: Any) -> Case:
    return effective_case(clerk=clerk, president=president, judge=judge, court=court)


def test_the_party_keeps_its_code_in_the_appeal_that_names_a_colliding_witness(
    case: Case, court: Any, judge: Any
) -> None:
    first = judgment_of(case, court, TEXT, 1)
    appeal = judgment_of(case, court, APPEAL, 2)
    # Per text, the appeal would number the plaintiff: the problem the table solves.
    assert codes_in(anonymize_text(APPEAL, parties=list(case.parties.all())).text) == {"A1", "A2"}
    pub.publish(judge, first.pk)
    first.refresh_from_db()
    assert codes_in(first.text) == {"A"}
    pub.publish(judge, appeal.pk)
    appeal.refresh_from_db()
    # The plaintiff is "Nguyễn Văn A" in both; the witness takes the next number.
    assert "Ông Nguyễn Văn A, sinh năm 1980" in appeal.text
    assert "Ông Nguyễn Văn A2, sinh năm 1990" in appeal.text
    assert codes_in(appeal.text) == {"A", "A2"}
    table = {c.replacement: c.judgment_id for c in CaseCode.objects.filter(case=case)}
    assert table == {"Nguyễn Văn A": first.pk, "Trần Thị Bích H": first.pk, "Nguyễn Văn A2": appeal.pk}
    # The judgment's parties (record_published_metadata) are named as the published text names them.
    assert ("plaintiff", "Nguyễn Văn A") in set(appeal.parties.values_list("role", "name"))


def test_publishing_a_later_judgment_never_changes_the_codes_already_published(
    case: Case, court: Any, judge: Any
) -> None:
    # Here the first judgment names the witness too, so the plaintiff was published as "A1".
    first = judgment_of(case, court, APPEAL, 1)
    later = judgment_of(case, court, TEXT, 2)  # names only the plaintiff: per text he would be "A"
    assert codes_in(anonymize_text(TEXT, parties=list(case.parties.all())).text) == {"A"}
    pub.publish(judge, first.pk)
    first.refresh_from_db()
    published = first.text
    before = list(CaseCode.objects.filter(case=case).values_list("key", "replacement", "judgment_id", "assigned_at"))
    assert codes_in(published) == {"A1", "A2"}
    pub.publish(judge, later.pk)
    later.refresh_from_db()
    first.refresh_from_db()
    assert codes_in(later.text) == {"A1"}  # the plaintiff as first published
    assert first.text == published
    assert [v.text for v in first.versions.all()] == [published]
    after = list(CaseCode.objects.filter(case=case).values_list("key", "replacement", "judgment_id", "assigned_at"))
    assert after == before  # nothing new in the later text, nothing changed
    assert anonymize_for(first).text == published


def test_a_correction_of_the_first_judgment_keeps_its_codes(case: Case, court: Any, judge: Any) -> None:
    first = judgment_of(case, court, TEXT, 1)
    appeal = judgment_of(case, court, APPEAL, 2)
    pub.publish(judge, first.pk)
    pub.publish(judge, appeal.pk)
    # The correction names yet another "Nguyễn Văn A…": the plaintiff keeps "A", the newcomer takes A3
    # (A2 is the appeal's witness, even though this text does not name him).
    corrected = TEXT.replace("vay 100.000.000", "vay (ông Nguyễn Văn Am chứng kiến) 120.000.000")
    publication = pub.correct(judge, first.pk, source_text=corrected, note="Sửa số tiền")
    assert publication.status == PublicationStatus.CORRECTED
    first.refresh_from_db()
    assert "Ông Nguyễn Văn A, sinh năm 1980" in first.text
    assert "ông Nguyễn Văn A3 chứng kiến" in first.text
    assert codes_in(first.text) == {"A", "A3"}
    am = CaseCode.objects.get(case=case, key=identity_key(words_of("Nguyễn Văn Am")))
    assert (am.replacement, am.judgment_id) == ("Nguyễn Văn A3", first.pk)
    assert case_codes(case)[identity_key(words_of(PLAINTIFF))] == "Nguyễn Văn A"


def test_imported_judgments_keep_the_per_text_encoding(court: Any, president: Any) -> None:
    imported = judgment_of(None, court, "Bản án đã công bố về hợp đồng vay", 1, published=True)
    pub.correct(president, imported.pk, source_text=APPEAL, note="Đính chính")
    imported.refresh_from_db()
    assert imported.text == anonymize_text(APPEAL).text
    assert codes_in(imported.text) == {"A1", "A2"}  # numbered per text, as before
    assert not CaseCode.objects.exists()


def test_the_leak_check_still_blocks_a_party_s_name_and_writes_no_code(case: Case, court: Any, judge: Any) -> None:
    first = judgment_of(case, court, TEXT, 1)
    appeal = judgment_of(case, court, APPEAL, 2)
    pub.publish(judge, first.pk)
    before = list(CaseCode.objects.values_list("key", "replacement"))
    # A reviewer kept the plaintiff's name in the appeal only: the leak check refuses it.
    record_decision(judge, appeal, action="undo", original=PLAINTIFF)
    with pytest.raises(pub.LeakError) as caught:
        pub.publish(judge, appeal.pk)
    assert {(x.party, x.kind) for x in caught.value.leaks} == {(1, "name")}
    appeal.refresh_from_db()
    assert not appeal.published
    assert list(CaseCode.objects.values_list("key", "replacement")) == before


def test_a_whole_case_decision_with_its_own_replacement_applies_to_the_table(
    case: Case, court: Any, judge: Any
) -> None:
    first = judgment_of(case, court, TEXT, 1)
    appeal = judgment_of(case, court, APPEAL, 2)
    pub.publish(judge, first.pk)
    key = identity_key(words_of(PLAINTIFF))
    record_decision(
        judge, appeal, action="add", original=PLAINTIFF, kind="person", replacement="Nguyễn Văn X", whole_case=True
    )
    assert case_codes(case)[key] == "Nguyễn Văn X"
    assert CaseCode.objects.get(case=case, key=key).judgment_id == first.pk  # first assigned by
    text = anonymize_for(appeal).text
    assert "Ông Nguyễn Văn X, sinh năm 1980" in text
    # A judgment-only decision leaves the case's table alone.
    record_decision(judge, appeal, action="add", original="Nguyễn Văn Anh", kind="person", replacement="Người B")
    assert identity_key(words_of("Nguyễn Văn Anh")) not in case_codes(case)


def test_the_engine_reuses_given_codes_and_numbers_newcomers_after_them() -> None:
    text = "Nguyên đơn: ông Nguyễn Văn An. Người làm chứng: anh Nguyễn Văn Anh; anh Anh khai; ông An vắng mặt."
    an, anh = identity_key(words_of("Nguyễn Văn An")), identity_key(words_of("Nguyễn Văn Anh"))
    assert anonymize_text(text).text.count("A1") == 2  # per text: An is A1, Anh A2
    result = anonymize_text(text, codes={an: "Nguyễn Văn A"})
    assert result.text == (
        "Nguyên đơn: ông Nguyễn Văn A. Người làm chứng: anh Nguyễn Văn A2; anh A2 khai; ông A vắng mặt."
    )
    assert dict(result.people) == {an: "Nguyễn Văn A", anh: "Nguyễn Văn A2"}
    # After A1 and A4 (say, a reviewer's), the next newcomer is A5, even if neither is in the text.
    taken = {identity_key(words_of("Nguyễn Văn Ân")): "Nguyễn Văn A1", "x": "Nguyễn Văn A4"}
    assert "ông Nguyễn Văn A5." in anonymize_text(text, codes=taken).text
    assert anonymize_text(text, codes={}).as_dict() == anonymize_text(text).as_dict()
