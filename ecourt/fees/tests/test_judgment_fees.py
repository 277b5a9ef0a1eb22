import datetime
import json
from decimal import Decimal
from pathlib import Path

from ecourt.fees import judgment_fees
from ecourt.fees.schedule import SCHEDULE_FILE, load_schedule, parse_schedule
from ecourt.laws.importers.common import shared_data

SYNTHETIC = load_schedule(Path(__file__).parent / "data" / "synthetic-schedule.yaml")
DAY = datetime.date(2018, 6, 1)


def real_judgments() -> list[dict[str, str]]:
    path = shared_data() / "alqac-2026-judgments" / "judgments-dev.json"
    records: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return records


def test_the_schedule_has_the_rates_real_judgments_apply() -> None:
    """The fee computations of the real judgments governed by NQ 326/2016 use the schedule's brackets."""
    summary = judgment_fees.check_records(real_judgments())
    assert summary["computations"] >= 10
    assert summary["judgments_with_computations"] >= 5
    assert summary["disagree"] == []
    assert summary["agree"] == summary["computations"]


def test_a_wrong_schedule_disagrees_with_the_judgments() -> None:
    # The production schedule with the civil 5% bracket mistyped as 4% (the business one left alone).
    text = SCHEDULE_FILE.read_text(encoding="utf-8")
    civil = text.index("DS: &civil")
    business = text.index("KDTM:", civil)
    mistyped = text[:civil] + text[civil:business].replace('rate: "0.05"', 'rate: "0.04"') + text[business:]
    summary = judgment_fees.check_records(real_judgments(), schedule=parse_schedule(mistyped))
    # every civil computation disagrees; the business judgment's top bracket still holds
    assert len(summary["disagree"]) == summary["computations"] - 1
    assert "case_4616" not in {row["judgment"] for row in summary["disagree"]}
    # and a schedule without the business brackets cannot vouch for the business judgment
    assert judgment_fees.check_records(real_judgments(), schedule=SYNTHETIC)["disagree"]


def test_a_slip_in_the_arithmetic_is_reported() -> None:
    # 112,000,000 + 0.1% × 60,970,790,326 comes to 172,970,790, not the 172,907,790 the judgment wrote.
    summary = judgment_fees.check_records(real_judgments())
    assert [(s["judgment"], s["result"]) for s in summary["arithmetic_slips"]] == [("case_4616", "172970790")]


RULING = (
    "Thụ lý số: 12/{year}/TLST-DS. … [5] Về án phí: bị đơn phải chịu án phí dân sự sơ thẩm là "
    "72.070.000 đồng x 5% = 3.603.000 đồng; nguyên đơn phải chịu 9.165.000đ x 5% = 458.000đ."
)


def test_computations_are_read_with_their_stated_results() -> None:
    found = judgment_fees.computations(RULING.format(year=2018))
    assert [(c.value, c.rate, c.fixed, c.stated) for c in found] == [
        (Decimal("72070000"), Decimal("0.05"), None, Decimal("3603000")),
        (Decimal("9165000"), Decimal("0.05"), None, Decimal("458000")),
    ]
    checks = [judgment_fees.check(c, "DS", DAY) for c in found]
    # 9,165,000 × 5% = 458,250: rounded to the thousand, as courts write it
    assert all(c.agrees and c.arithmetic_ok for c in checks)


def test_cases_accepted_before_2017_keep_the_ordinance_unless_the_ruling_cites_the_resolution() -> None:
    assert judgment_fees.computations(RULING.format(year=2016)) == []
    cited = RULING.format(year=2016).replace("Về án phí:", "Về án phí: căn cứ Nghị quyết 326/2016/UBTVQH14,")
    assert len(judgment_fees.computations(cited)) == 2


def test_a_product_far_from_any_fee_is_not_a_fee() -> None:
    text = "Thụ lý số: 3/2018/TLST-DS. Giá trị còn lại của cây keo là 5.825.000đ x 85% = 4.951.250đ. " + "x" * 500
    assert judgment_fees.computations(text) == []


def test_fixed_part_plus_rate_form() -> None:
    text = (
        "Thụ lý số: 19/2019/TLST-KDTM. Về án phí: tiền án phí được tính như sau: "
        "112.000.000 đồng + 0,1% x 1.000.000.000 đồng = 113.000.000 đồng."
    )
    (found,) = judgment_fees.computations(text)
    assert (found.fixed, found.rate, found.value, found.stated) == (
        Decimal("112000000"),
        Decimal("0.001"),
        Decimal("1000000000"),
        Decimal("113000000"),
    )
    result = judgment_fees.check(found, "KDTM", DAY)
    assert result.agrees
    assert result.arithmetic_ok
    # 2% is the rate of the bracket below, whose fixed part is 72,000,000: no bracket pairs them.
    wrong = judgment_fees.Computation(found.context, found.value, Decimal("0.02"), found.fixed, None)
    assert not judgment_fees.check(wrong, "KDTM", DAY).agrees


def test_case_type_of_a_judgment_number() -> None:
    assert judgment_fees.case_type_of("03/2018/KDTM-ST ") == "KDTM"
    assert judgment_fees.case_type_of("05/2019/KDTM - ST") == "KDTM"
    assert judgment_fees.case_type_of("01/2022/LĐ-ST") == "LD"
    assert judgment_fees.case_type_of("12/2020/HNGĐ-ST") == "HNGD"
    assert judgment_fees.case_type_of("13/2017/DS-ST") == "DS"
    assert judgment_fees.judgment_date("30/07/2018") == datetime.date(2018, 7, 30)
    assert judgment_fees.judgment_date(" 10-10-2018") == datetime.date(2018, 10, 10)
