"""The amendment applier on a decree and the decree that amends it (tests/data): each provision's
text before and after the amending decree's day of entry into force, the relations with their day, a
repealed clause that says nothing afterwards, the history of a whole article, the same result whatever
the order of the imports, a second import that changes nothing, and the document's status on a day."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ecourt.laws.models import DocumentRelation, DocumentStatus, ImportRecord, LegalDocument, Provision
from ecourt.laws.search import PROVISIONS, in_force_on
from ecourt.laws.selectors import (
    document_status,
    documents_amending,
    find_provision,
    provision_periods,
    text_as_of,
)
from ecourt.search import engine

from .conftest import DATA, snapshot

pytestmark = pytest.mark.django_db

ORIGINAL, AMENDING = DATA / "nghi-dinh-goc.txt", DATA / "nghi-dinh-sua-doi.txt"
BEFORE, AFTER = datetime.date(2027, 6, 30), datetime.date(2027, 7, 1)


def laws(*args: str) -> str:
    out = StringIO()
    call_command("laws", *args, *(["--no-progress"] if args[0] == "import" else []), stdout=out)
    return out.getvalue()


def text(article: int | str, clause: int | None = None, point: str | None = None, *, day: datetime.date) -> str | None:
    provision = find_provision("45/2026/NĐ-CP", article, clause, point)
    assert provision is not None, (article, clause, point)
    return text_as_of(provision, day)


@pytest.fixture
def amended() -> str:
    laws("import", "text", str(ORIGINAL))
    return laws("import", "text", str(AMENDING))


def test_a_replaced_article_reads_as_before_until_the_amending_decree_takes_effect(amended: str) -> None:
    assert "amendments: 8 applied, 0 unchanged, 0 waiting for their target's text, 0 not applied" in amended
    assert text(3, day=BEFORE) == (
        "Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:\n"
        "1. Tống đạt điện tử là việc Tòa án gửi văn bản tố tụng đến địa chỉ điện tử của người được tống đạt.\n"
        "2. Địa chỉ điện tử là hộp thư điện tử hoặc tài khoản trên Cổng dịch vụ công của Tòa án."
    )
    assert text(3, day=AFTER) == (
        "Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:\n"
        "1. Tống đạt điện tử là việc Tòa án gửi văn bản tố tụng đến địa chỉ điện tử hoặc tài khoản định danh "
        "điện tử của người được tống đạt.\n"
        "2. Địa chỉ điện tử là hộp thư điện tử hoặc tài khoản trên Cổng dịch vụ công của Tòa án.\n"
        "3. Tài khoản định danh điện tử là tài khoản do hệ thống định danh và xác thực điện tử tạo lập."
    )
    # The clause it added did not exist before.
    assert find_provision("45/2026/NĐ-CP", 3, 3, day=BEFORE) is None
    assert find_provision("45/2026/NĐ-CP", 3, 3, day=AFTER) is not None


def test_a_replaced_clause_an_inserted_article_a_lead_in_and_an_inserted_point(amended: str) -> None:
    assert (
        text(4, 2, day=BEFORE) == "2. Việc đăng ký được thực hiện bằng văn bản hoặc trên Cổng dịch vụ công của Tòa án."
    )
    assert text(4, 2, day=AFTER) == (
        "2. Việc đăng ký được thực hiện bằng văn bản, trên Cổng dịch vụ công của Tòa án hoặc qua ứng dụng định danh "
        "điện tử quốc gia."
    )
    assert text("4a", day=BEFORE) is None
    assert text("4a", day=AFTER) == (
        "1. Tòa án gửi mã xác nhận đến địa chỉ điện tử đương sự đã đăng ký.\n"
        "2. Địa chỉ điện tử chỉ được sử dụng sau khi đương sự xác nhận."
    )
    inserted = find_provision("45/2026/NĐ-CP", "4a")
    assert inserted is not None
    assert inserted.parent is not None
    assert inserted.parent.key == "chuong-ii/muc-1"
    # Article 4a reads between 4 and 5.
    order = list(
        Provision.objects.filter(document__number="45/2026/NĐ-CP", kind="dieu").values_list("number", flat=True)
    )
    assert order == ["1", "2", "3", "4", "4a", "5", "6", "7", "8"]
    five_before, five_after = text(5, 1, day=BEFORE), text(5, 1, day=AFTER)
    assert five_before is not None
    assert five_after is not None
    assert five_before.split("\n")[0] == "1. Các văn bản tố tụng sau đây được tống đạt điện tử:"
    assert (
        five_after.split("\n")[0]
        == "1. Các văn bản tố tụng sau đây được tống đạt điện tử, trừ trường hợp đương sự từ chối:"
    )
    assert five_before.split("\n")[1:] == five_after.split("\n")[1:5]  # points a) to d) untouched
    assert five_after.split("\n")[-1] == (
        "đ) Thông báo về phiên họp kiểm tra việc giao nộp, tiếp cận, công khai chứng cứ và hòa giải."
    )


def test_a_repealed_clause_has_no_text_afterwards_and_a_phrase_is_replaced_where_it_stands(amended: str) -> None:
    assert text(6, 3, day=BEFORE) == "3. Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày làm việc tiếp theo."
    assert text(6, 3, day=AFTER) is None
    assert find_provision("45/2026/NĐ-CP", 6, 3, day=AFTER) is None
    assert find_provision("45/2026/NĐ-CP", 6, 3) is not None  # it existed: not in force is not "never existed"
    six = text(6, day=AFTER)
    assert six is not None
    assert "17 giờ" not in six
    assert six.count("\n") == 1
    assert text(2, day=BEFORE) is not None
    assert "Tòa án nhân dân cấp huyện" in (text(2, day=BEFORE) or "")
    assert (text(2, day=AFTER) or "").startswith("Nghị định này áp dụng đối với Tòa án nhân dân khu vực,")
    assert (text(7, 1, day=AFTER) or "").startswith("1. Tòa án nhân dân khu vực lưu trữ")
    assert "cấp huyện" in (text(7, 1, day=BEFORE) or "")


def test_every_change_is_a_relation_with_its_day_down_to_the_provisions(amended: str) -> None:
    rows = DocumentRelation.objects.filter(source__number="77/2027/NĐ-CP", target__number="45/2026/NĐ-CP")
    found = sorted(
        (
            r.kind,
            r.target_provision.key if r.target_provision else "",
            r.source_provision.key if r.source_provision else "",
        )
        for r in rows
    )
    assert found == [
        ("amends", "dieu-2", "dieu-1/khoan-6"),
        ("amends", "dieu-3", "dieu-1/khoan-1"),
        ("amends", "dieu-4/khoan-2", "dieu-1/khoan-2"),
        ("amends", "dieu-5/khoan-1", "dieu-1/khoan-4/diem-a"),
        ("amends", "dieu-7/khoan-1", "dieu-1/khoan-6"),
        ("repeals", "dieu-6/khoan-3", "dieu-1/khoan-5"),
        ("supplements", "dieu-4a", "dieu-1/khoan-3"),
        ("supplements", "dieu-5/khoan-1/diem-dd", "dieu-1/khoan-4/diem-b"),
    ]
    assert {r.effective_on for r in rows} == {AFTER}
    clause = find_provision("45/2026/NĐ-CP", 5, 1, "a")
    assert clause is not None
    # A point whose clause's lead-in was amended counts the amending decree among its amenders.
    assert [d.number for d in documents_amending(clause)] == ["77/2027/NĐ-CP"]
    untouched = find_provision("45/2026/NĐ-CP", 1)
    assert untouched is not None
    assert documents_amending(untouched) == []


def test_the_history_of_an_article_covers_its_clauses(amended: str) -> None:
    article = find_provision("45/2026/NĐ-CP", 3)
    assert article is not None
    periods = provision_periods(article)
    assert [(p.valid_from, p.valid_to, [d.number for d in p.introduced_by]) for p in periods] == [
        (datetime.date(2026, 7, 1), AFTER, ["45/2026/NĐ-CP"]),
        (AFTER, None, ["77/2027/NĐ-CP"]),
    ]
    assert [p.text for p in periods] == [text(3, day=BEFORE), text(3, day=AFTER)]
    repealed = find_provision("45/2026/NĐ-CP", 6, 3)
    assert repealed is not None
    assert [(p.valid_from, p.repealed) for p in provision_periods(repealed)] == [
        (datetime.date(2026, 7, 1), False),
        (AFTER, True),
    ]
    inserted = find_provision("45/2026/NĐ-CP", "4a")
    assert inserted is not None
    assert [(p.valid_from, p.valid_to) for p in provision_periods(inserted)] == [(AFTER, None)]
    # The command prints the whole article's length in each period, not the lead-in's.
    shown = laws("show", "45/2026/NĐ-CP", "--article", "3", "--date", "2027-07-01")
    assert f"01/07/2026 – 01/07/2027: {len(text(3, day=BEFORE) or '')} characters (by 45/2026/NĐ-CP)" in shown
    assert f"01/07/2027 – …: {len(text(3, day=AFTER) or '')} characters (by 77/2027/NĐ-CP)" in shown
    assert "amended by: 77/2027/NĐ-CP" in shown


def test_the_amending_decree_first_then_its_target_gives_the_same_corpus(tmp_path: Path) -> None:
    laws("import", "text", str(ORIGINAL))
    laws("import", "text", str(AMENDING))
    in_order = snapshot()
    assert "0 written, 1 unchanged" in laws("import", "text", str(AMENDING))
    assert snapshot() == in_order
    # Start again with the amending decree first: it waits for its target's text, then applies.
    for document in LegalDocument.objects.filter(number__in=["45/2026/NĐ-CP", "77/2027/NĐ-CP"]):
        Provision.objects.filter(document=document).delete()
    LegalDocument.objects.filter(number__in=["45/2026/NĐ-CP", "77/2027/NĐ-CP"]).delete()
    ImportRecord.objects.filter(source="text").delete()
    waiting = laws("import", "text", str(AMENDING))
    assert "7 waiting for their target's text" in waiting
    assert document_status(LegalDocument.objects.get(number="45/2026/NĐ-CP"), AFTER) == DocumentStatus.PARTLY_EXPIRED
    assert "8 applied" in laws("import", "text", str(ORIGINAL))
    assert snapshot() == in_order


def test_the_status_of_a_document_on_a_day_in_all_four_states(amended: str, tmp_path: Path) -> None:
    decree = LegalDocument.objects.get(number="45/2026/NĐ-CP")
    assert document_status(decree, datetime.date(2026, 3, 15)) == DocumentStatus.NOT_YET
    assert document_status(decree, datetime.date(2026, 7, 1)) == DocumentStatus.IN_FORCE
    assert document_status(decree, BEFORE) == DocumentStatus.IN_FORCE
    # Clause 3 of Article 6 repealed from 1 July 2027: the decree is partly expired.
    assert document_status(decree, AFTER) == DocumentStatus.PARTLY_EXPIRED
    replacing = tmp_path / "thay-the.txt"
    replacing.write_text(
        "CHÍNH PHỦ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 12/2029/NĐ-CP\tHà Nội, ngày 05 tháng 01 năm 2029\n"
        "NGHỊ ĐỊNH\nVỀ TỐNG ĐẠT ĐIỆN TỬ VĂN BẢN TỐ TỤNG\n"
        "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định việc tống đạt điện tử.\n"
        "Điều 2. Hiệu lực thi hành\n"
        "1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2029.\n"
        "2. Nghị định số 45/2026/NĐ-CP ngày 15 tháng 3 năm 2026 của Chính phủ quy định về tống đạt điện tử văn bản "
        "tố tụng trong vụ việc dân sự hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.\n",
        encoding="utf-8",
    )
    laws("import", "text", str(replacing))
    replaced = DocumentRelation.objects.get(source__number="12/2029/NĐ-CP", target=decree)
    assert (replaced.kind, replaced.effective_on) == ("replaces", datetime.date(2029, 3, 1))
    assert document_status(decree, datetime.date(2029, 2, 28)) == DocumentStatus.PARTLY_EXPIRED
    assert document_status(decree, datetime.date(2029, 3, 1)) == DocumentStatus.EXPIRED
    # Its provisions end with it: no text in force from that day, and the last period of each ends there.
    assert text(3, day=datetime.date(2029, 2, 28))
    assert text(3, day=datetime.date(2029, 3, 1)) is None
    article = find_provision("45/2026/NĐ-CP", 3)
    assert article is not None
    assert [(p.valid_from, p.valid_to) for p in provision_periods(article)] == [
        (datetime.date(2026, 7, 1), AFTER),
        (AFTER, datetime.date(2029, 3, 1)),
    ]
    # The same in search: no article of the decree is in force from that day.
    engine.rebuild(PROVISIONS)
    for day, in_force in ((datetime.date(2029, 2, 28), True), (datetime.date(2029, 3, 1), False)):
        found = engine.search("provisions", "*", filters={"number": "45/2026/NĐ-CP", **in_force_on(day)})
        assert (found.total > 0) is in_force, day
