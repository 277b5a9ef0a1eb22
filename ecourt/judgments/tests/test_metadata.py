"""Kind, outcome and parties read from a judgment's text (metadata.py): the rules on the wording of the
operative part for every instance, and the reader on the 35 real ALQAC dev judgments; the importer
stores them, and a newer reader re-reads unchanged records on the next import."""

from __future__ import annotations

import pytest

from ecourt.citations.prepare import prepare
from ecourt.judgments.metadata import READER_VERSION, FoundParty, kind_of, outcome_in, read_metadata
from ecourt.judgments.models import Judgment, JudgmentKind, JudgmentParty, JudgmentPartyRole, Outcome
from ecourt.judgments.reading import JudgmentInput, read_alqac
from ecourt.judgments.services import run_import
from ecourt.vietnamese import fold

R = JudgmentPartyRole


@pytest.fixture(scope="module")
def inputs() -> dict[str, JudgmentInput]:
    return {i.source_id: i for i in read_alqac()}


def folded(text: str) -> str:
    return prepare(text).folded


@pytest.mark.parametrize(
    ("operative", "instance", "expected"),
    [
        ("1. Chấp nhận toàn bộ yêu cầu khởi kiện của bà Lê Thị H.", "ST", Outcome.ACCEPTED),
        ("Chấp nhận một phần yêu cầu khởi kiện của Ngân hàng A.", "ST", Outcome.PARTLY_ACCEPTED),
        ("Chấp nhận yêu cầu khởi kiện. Không chấp nhận yêu cầu khởi kiện về tiền lãi.", "ST", Outcome.PARTLY_ACCEPTED),
        ("Chấp nhận yêu cầu khởi kiện của ông A. Không chấp nhận yêu cầu phản tố của bị đơn.", "ST", Outcome.ACCEPTED),
        ("Không chấp nhận toàn bộ yêu cầu khởi kiện của ông Nguyễn Văn A.", "ST", Outcome.REJECTED),
        ("Bác yêu cầu khởi kiện của Công ty B về việc hủy quyết định hành chính.", "ST", Outcome.REJECTED),
        ("Công nhận sự thỏa thuận của các đương sự như sau: …", "ST", Outcome.SETTLED),
        ("Công nhận thuận tình ly hôn giữa anh A và chị B.", "ST", Outcome.SETTLED),
        ("Đình chỉ giải quyết vụ án dân sự thụ lý số 12/2020/TLST-DS.", "ST", Outcome.SUSPENDED),
        ("Tạm đình chỉ giải quyết vụ án dân sự thụ lý số 12/2020/TLST-DS.", "ST", Outcome.STAYED),
        ("Tuyên bố bị cáo Nguyễn Văn A phạm tội “Trộm cắp tài sản”.", "ST", Outcome.GUILTY),
        ("Tuyên bố bị cáo Nguyễn Văn A không phạm tội “Cố ý gây thương tích”.", "ST", Outcome.NOT_GUILTY),
        (
            "Không chấp nhận kháng cáo của bị đơn. Giữ nguyên bản án dân sự sơ thẩm số 05/2019/DS-ST.",
            "PT",
            Outcome.UPHELD,
        ),
        ("Chấp nhận một phần kháng cáo. Sửa bản án sơ thẩm số 05/2019/DS-ST như sau: …", "PT", Outcome.AMENDED),
        (
            "Hủy bản án dân sự sơ thẩm số 05/2019/DS-ST; giao hồ sơ cho Tòa án cấp sơ thẩm giải quyết lại.",
            "PT",
            Outcome.ANNULLED_REMITTED,
        ),
        (
            "Hủy bản án sơ thẩm số 05/2019/DS-ST và đình chỉ giải quyết vụ án.",
            "PT",
            Outcome.ANNULLED_DISMISSED,
        ),
        ("Đình chỉ xét xử phúc thẩm vụ án. Bản án sơ thẩm có hiệu lực pháp luật.", "PT", Outcome.APPEAL_ENDED),
        (
            "Chấp nhận kháng nghị. Hủy bản án dân sự phúc thẩm số 10/2018/DS-PT và giữ nguyên bản án dân sự sơ thẩm"
            " số 05/2018/DS-ST.",
            "GDT",
            Outcome.ANNULLED_LOWER_UPHELD,
        ),
        # a first-instance judgment annulling an administrative act annuls no judgment
        ("Chấp nhận yêu cầu khởi kiện. Hủy quyết định số 123/QĐ-UBND ngày 1/2/2018.", "ST", Outcome.ACCEPTED),
        ("Buộc bị đơn trả cho nguyên đơn 100.000.000 đồng.", "ST", Outcome.UNKNOWN),
    ],
)
def test_the_outcome_follows_the_wording_of_the_operative_part(operative: str, instance: str, expected: str) -> None:
    assert outcome_in(folded(operative), instance=instance) == expected


def test_refusing_a_named_plaintiffs_request_is_refusing_the_claim() -> None:
    text = folded("1. Không chấp nhận yêu cầu của ông Thái C yêu cầu Công ty C bồi thường thiệt hại.")
    assert outcome_in(text, instance="ST", plaintiffs=("thai c",)) == Outcome.REJECTED
    assert outcome_in(text, instance="ST", plaintiffs=("le van b",)) == Outcome.UNKNOWN  # a defendant's request


@pytest.mark.parametrize(
    ("number", "head", "expected"),
    [
        ("13/2017/DS-ST", "ban an so: 13/2017/ds-st ngay 22/9/2017", JudgmentKind.JUDGMENT),
        ("05/2019/QĐ-PT", "", JudgmentKind.DECISION),
        ("12/2020/QĐST-DS", "quyet dinh cong nhan su thoa thuan cua cac duong su", JudgmentKind.DECISION),
        # a cassation decision is numbered like a judgment: its heading says what it is
        ("05/2019/DS-GĐT", "quyet dinh giam doc tham so 05/2019/ds-gdt", JudgmentKind.DECISION),
        # a judgment's header names the decision that brought the case to trial after its own number
        ("", "ban an so: 1/2018/ds-st … quyet dinh dua vu an ra xet xu so 2/2018", JudgmentKind.JUDGMENT),
        ("", "", ""),
    ],
)
def test_the_kind_from_the_heading_then_the_number(number: str, head: str, expected: str) -> None:
    assert kind_of(number, head) == expected


def parties(meta_parties: list[FoundParty]) -> list[tuple[str, str, bool]]:
    return [(p.role, p.name, p.organization) for p in meta_parties]


def test_the_parties_of_real_judgments_without_their_representatives(inputs: dict[str, JudgmentInput]) -> None:
    assert parties(read_metadata(inputs["case_4101"].text, "13/2017/DS-ST").parties) == [
        (R.PLAINTIFF, "Lê Thị T", False),
        (R.DEFENDANT, "Chử Lương D", False),
        (R.DEFENDANT, "Đỗ Thị Thanh T", False),
    ]
    # organisations; the representatives (Bà Nguyễn Thị Hoài P, Bà Phạm Thị Thu T) and witnesses are not parties
    found = parties(read_metadata(inputs["case_4616"].text).parties)
    assert found[:2] == [
        (R.PLAINTIFF, "Ngân hàng B", True),
        (R.DEFENDANT, "Công ty TNHH Thương mại và Xuất nhập khẩu H", True),
    ]
    assert (R.RELATED, "Công ty TNHH Đầu tư K", True) in found
    names = {name for _, name, _ in found}
    assert not names & {"Nguyễn Thị Hoài P", "Phạm Thị Thu T", "Bùi Văn D", "Ngô Thục L"}
    # two plaintiffs on one line, three defendants one per line, the representative of one plaintiff skipped
    found = parties(read_metadata(inputs["case_3995"].text).parties)
    assert found[:5] == [
        (R.PLAINTIFF, "Trần Văn T", False),
        (R.PLAINTIFF, "Đoàn Thị X", False),
        (R.DEFENDANT, "Nguyễn Văn V", False),
        (R.DEFENDANT, "Hoàng Gia T", False),
        (R.DEFENDANT, "Nguyễn Thị L", False),
    ]
    assert (R.RELATED, "UBND huyện H", True) in found
    assert not {name for _, name, _ in found} & {"Lê Nam G", "Hồ Duy P"}


def test_the_dev_judgments_nearly_all_get_an_outcome_and_all_their_parties(inputs: dict[str, JudgmentInput]) -> None:
    read = {key: read_metadata(i.text, i.number, i.instance) for key, i in inputs.items()}
    assert len(read) == 35
    assert all(m.kind == JudgmentKind.JUDGMENT for m in read.values())
    assert sum(m.outcome != Outcome.UNKNOWN for m in read.values()) >= 33
    assert all(any(p.role == R.PLAINTIFF for p in m.parties) for m in read.values())
    assert sum(any(p.role == R.DEFENDANT for p in m.parties) for m in read.values()) >= 34
    # each as the text words it ("Chấp nhận một phần yêu cầu khởi kiện", "Không chấp nhận yêu cầu của ông
    # Thái C", the plaintiff)
    assert read["case_4101"].outcome == Outcome.PARTLY_ACCEPTED
    assert read["case_3241"].outcome == Outcome.ACCEPTED
    assert read["case_4557"].outcome == Outcome.REJECTED
    # the importer's inputs carry what was read
    assert inputs["case_4101"].outcome == Outcome.PARTLY_ACCEPTED
    assert [p.name for p in inputs["case_4101"].parties][:1] == ["Lê Thị T"]


@pytest.mark.django_db
def test_import_stores_them_and_a_newer_reader_rereads_unchanged_records(inputs: dict[str, JudgmentInput]) -> None:
    selected = [inputs["case_4101"], inputs["case_4616"]]
    first = run_import("alqac-2026", selected, link=False)
    assert (first.written, first.reread, first.unchanged) == (2, 0, 0)
    judgment = Judgment.objects.get(source_id="case_4101")
    assert (judgment.kind, judgment.outcome, judgment.reading) == (
        JudgmentKind.JUDGMENT,
        Outcome.PARTLY_ACCEPTED,
        READER_VERSION,
    )
    assert list(judgment.parties.values_list("role", "name", "kind", "position")) == [
        ("plaintiff", "Lê Thị T", "person", 1),
        ("defendant", "Chử Lương D", "person", 2),
        ("defendant", "Đỗ Thị Thanh T", "person", 3),
    ]
    # rows read by an older reader (or before there was one) are read again, without rewriting the text
    Judgment.objects.update(reading=0, outcome=Outcome.UNKNOWN)
    JudgmentParty.objects.all().delete()
    again = run_import("alqac-2026", selected, link=False)
    assert (again.written, again.reread, again.unchanged) == (0, 2, 0)
    judgment.refresh_from_db()
    assert judgment.outcome == Outcome.PARTLY_ACCEPTED
    assert judgment.parties.count() == 3
    third = run_import("alqac-2026", selected, link=False)
    assert (third.written, third.reread, third.unchanged) == (0, 0, 2)
    assert JudgmentParty.objects.filter(judgment=judgment).count() == 3
    assert fold("Chử Lương D") == fold(judgment.parties.get(position=2).name)
