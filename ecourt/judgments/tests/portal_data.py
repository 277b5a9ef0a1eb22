"""Test support for the portal: published judgments of two courts, of several case types and years, citing
the small corpus of the citation graph's fixtures (BLTTDS 2015), with their citations linked and the
"judgments" search corpus rebuilt."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ecourt.citations.services import link_judgment
from ecourt.citations.tests.graph_fixtures import corpus
from ecourt.courts.factories import CourtFactory, ProvincialCourtFactory
from ecourt.courts.models import Court, CourtLevel
from ecourt.judgments.models import Judgment
from ecourt.judgments.search import JUDGMENTS
from ecourt.search import engine

FILLERS = 23  # judgments of the same day, for paging
FILLER_DAY = datetime.date(2020, 3, 2)


def make(
    n: int,
    title: str,
    text: str,
    day: datetime.date,
    court: Court,
    case_type: str = "DS",
    instance: str = "ST",
    published: bool = True,
) -> Judgment:
    return Judgment.objects.create(
        source="test",
        source_id=f"t{n}",
        number=f"{n}/{day.year}/{case_type}-{instance}",
        court=court,
        court_name=court.name,
        decided_on=day,
        case_type=case_type,
        instance=instance,
        title=title,
        text=f"Bản án số {n}/{day.year}/{case_type}-{instance}\nV/v: {title}\n{text}",
        published=published,
        checksum=str(n),
    )


@dataclass
class Portal:
    credit: Judgment  # "hợp đồng tín dụng", cites Article 147 of BLTTDS 2015, Lào Cai, 2018
    sale: Judgment  # "hợp đồng mua bán", cites Article 26, appeal, Hà Nội, 2019
    divorce: Judgment  # "hòa giải" (tone on the a), family, 2019
    theft: Judgment  # criminal, 2017; "hộp đông" — not "hợp đồng"
    hidden: Judgment  # not published: "hợp đồng tín dụng" too, never found
    fillers: list[Judgment]
    lao_cai: Court
    ha_noi: Court


def build() -> Portal:
    corpus()
    lao_cai = ProvincialCourtFactory(name="Tòa án nhân dân tỉnh Lào Cai", level=CourtLevel.PROVINCIAL)
    ha_noi = CourtFactory(name="Tòa án nhân dân khu vực 1 - Hà Nội", level=CourtLevel.REGIONAL)
    credit = make(
        1,
        "Tranh chấp hợp đồng tín dụng",
        "Ngân hàng khởi kiện đòi nợ theo hợp đồng tín dụng số 12/HĐTD. "
        "Căn cứ khoản 1 Điều 147 Bộ luật Tố tụng dân sự năm 2015, bị đơn phải chịu án phí.",
        datetime.date(2018, 10, 10),
        lao_cai,
    )
    sale = make(
        2,
        "Tranh chấp hợp đồng mua bán hàng hóa",
        "Căn cứ Điều 26 Bộ luật Tố tụng dân sự năm 2015; hợp đồng mua bán có hiệu lực.",
        datetime.date(2019, 5, 6),
        ha_noi,
        case_type="KDTM",
        instance="PT",
    )
    divorce = make(
        3,
        "Ly hôn",
        "Tòa án đã tiến hành hòa giải nhưng không thành. Chị Nguyễn Thị H xin ly hôn.",
        datetime.date(2019, 8, 1),
        lao_cai,
        case_type="HNGD",
    )
    theft = make(
        4,
        "Trộm cắp tài sản",
        "Bị cáo lấy trộm một hộp đông lạnh của cửa hàng.",
        datetime.date(2017, 2, 3),
        ha_noi,
        case_type="HS",
    )
    hidden = make(
        5, "Tranh chấp hợp đồng tín dụng", "Hợp đồng tín dụng.", datetime.date(2018, 1, 1), lao_cai, published=False
    )
    fillers = [
        make(100 + i, "Tranh chấp quyền sử dụng đất", f"Thửa đất số {i} tại xã B.", FILLER_DAY, lao_cai)
        for i in range(FILLERS)
    ]
    for j in (credit, sale, divorce, theft, hidden):
        link_judgment(j)
    engine.rebuild(JUDGMENTS)
    return Portal(credit, sale, divorce, theft, hidden, fillers, lao_cai, ha_noi)
