"""The judgment corpus's laws (``alqac-2026-judgments/corpus_law_pub.json``, a slice of the real file),
and the question the corpus exists to answer: what did Article 203 of the Civil Procedure Code
(92/2015/QH13) say on 1 March 2020 — one answer."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from ecourt.laws.models import DocumentStatus, LegalDocument, Provision, ProvisionVersion
from ecourt.laws.selectors import (
    covering,
    document_status,
    find_document,
    find_provision,
    provision_periods,
    resolve_document,
    text_as_of,
)

from .conftest import corpus_subset, snapshot, wipe_corpus

DAY = datetime.date(2020, 3, 1)
LAWS = ["92/2015/QH13", "24/2012/NĐ-CP", "39/2009/QH12"]


def laws(*args: str) -> str:
    out = StringIO()
    call_command("laws", *args, *(["--no-progress"] if args[0] == "import" else []), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, django_db_setup: Any, django_db_blocker: Any) -> Iterator[Path]:
    path = corpus_subset(tmp_path_factory.mktemp("corpus"), LAWS)
    with django_db_blocker.unblock():
        output = laws("import", "corpus", str(path))
        assert "corpus: 3 documents read, 3 written, 0 unchanged" in output
    yield path
    with django_db_blocker.unblock():
        wipe_corpus()


pytestmark = pytest.mark.usefixtures("corpus")


def test_article_203_of_the_civil_procedure_code_on_1_march_2020_has_one_answer(db: None) -> None:
    article = find_provision("92/2015/QH13", 203, day=DAY)
    assert article is not None
    assert article.key == "dieu-203"
    text = text_as_of(article, DAY)
    assert text is not None
    lines = text.split("\n")
    assert lines[0] == (
        "1. Thời hạn chuẩn bị xét xử các loại vụ án, trừ các vụ án được xét xử theo thủ tục rút gọn hoặc vụ án có "
        "yếu tố nước ngoài, được quy định như sau:"
    )
    assert lines[1] == (
        "a) Đối với các vụ án quy định tại Điều 26 và Điều 28 của Bộ luật này thì thời hạn là 04 tháng, kể từ ngày "
        "thụ lý vụ án;"
    )
    # The source runs point e) into the end of point đ); the reader gives it its own line.
    assert "đ) Xác minh, thu thập chứng cứ theo quy định của Bộ luật này;" in lines
    assert "e) Áp dụng biện pháp khẩn cấp tạm thời;" in lines
    assert [line[:2] for line in lines if line[:1].isdigit()] == ["1.", "2.", "3.", "4."]
    assert lines[-1] == (
        "4. Trong thời hạn 01 tháng, kể từ ngày có quyết định đưa vụ án ra xét xử, Tòa án phải mở phiên tòa; trường "
        "hợp có lý do chính đáng thì thời hạn này là 02 tháng."
    )
    # One answer: every provision of the article has exactly one version that day.
    subtree = Provision.objects.filter(Q(key="dieu-203") | Q(key__startswith="dieu-203/"), document=article.document)
    assert subtree.count() == 1 + 4 + (2 + 8 + 4)  # the article, its clauses, their points
    for provision in subtree:
        assert ProvisionVersion.objects.filter(covering(DAY), provision=provision).count() == 1, provision.key
    # A clause and a point on the day, and nothing before the code took effect (1 July 2016).
    point = find_provision("92/2015/QH13", 203, 1, "b", day=DAY)
    assert point is not None
    assert (text_as_of(point, DAY) or "").startswith("b) Đối với các vụ án quy định tại Điều 30 và Điều 32")
    assert find_provision("92/2015/QH13", 203, day=datetime.date(2016, 6, 30)) is None
    assert text_as_of(article, datetime.date(2016, 6, 30)) is None
    periods = provision_periods(article)
    assert [(p.valid_from, p.valid_to, p.text) for p in periods] == [(datetime.date(2016, 7, 1), None, text)]
    shown = laws("show", "92/2015/QH13", "--article", "203", "--date", "2020-03-01")
    assert shown.startswith("dieu-203 on 01/03/2020:\n1. Thời hạn chuẩn bị xét xử")
    assert f"01/07/2016 – …: {len(text)} characters (by 92/2015/QH13)" in shown


def test_the_code_cited_by_name_is_the_one_in_force_that_day(db: None) -> None:
    code = find_document("92/2015/QH13")
    assert code is not None
    assert (code.title, code.effective_from, code.sources) == (
        "Bộ luật Tố tụng dân sự",
        datetime.date(2016, 7, 1),
        ["catalogue", "corpus"],
    )
    assert resolve_document("Bộ luật Tố tụng dân sự", day=DAY) == code
    older = resolve_document("Bộ luật Tố tụng dân sự", day=datetime.date(2015, 3, 1))
    assert older is not None
    assert older.number == "24/2004/QH11"
    assert document_status(older, DAY) == DocumentStatus.EXPIRED
    assert document_status(code, DAY) == DocumentStatus.IN_FORCE
    assert document_status(code, datetime.date(2016, 1, 1)) == DocumentStatus.NOT_YET
    # The old code has no text in the shared data: it is known, but none of its articles is.
    assert find_provision(older, 203) is None


def test_article_numbers_come_from_the_record_ids_and_a_second_run_changes_nothing(db: None, corpus: Path) -> None:
    decree = LegalDocument.objects.get(number="24/2012/NĐ-CP")
    numbers = list(decree.provisions.filter(kind="dieu").values_list("number", flat=True))
    assert numbers == [str(n) for n in range(1, 24)]
    before = snapshot()
    assert "3 documents read, 0 written, 3 unchanged" in laws("import", "corpus", str(corpus))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda docs: docs[1]["content"].pop(5),
            "corpus: corpus_law_pub.json: document 2 (24/2012/NĐ-CP), aid ",
        ),
        (
            lambda docs: docs[2].update(law_id="99/2099/QH99"),
            "corpus: corpus_law_pub.json: document 3 (99/2099/QH99): '99/2099/QH99' is not in the catalogue",
        ),
        (
            lambda docs: docs[0]["content"][202].update(content_Article=None),
            "corpus: corpus_law_pub.json: document 1 (92/2015/QH13), aid ",
        ),
    ],
)
def test_a_bad_record_is_refused_naming_the_document_and_the_article_and_writes_nothing(
    db: None, tmp_path: Path, corpus: Path, change: Any, message: str
) -> None:
    documents = json.loads(corpus.read_text(encoding="utf-8"))
    documents.sort(key=lambda doc: LAWS.index(doc["law_id"]))
    change(documents)
    bad = tmp_path / "corpus_law_pub.json"
    bad.write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        laws("import", "corpus", str(bad))
    assert str(caught.value).startswith(message), str(caught.value)
    assert snapshot() == before
