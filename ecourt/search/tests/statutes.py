"""The test corpus: a few Vietnamese legal texts, with the corpus declaration that indexes them.

The dict built from ``STATUTES`` plays the database: the corpus's ``documents`` reads it, and tests
change it to see the index follow (refresh, rebuild, index_later).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from typing import Any

from ecourt.search import engine
from ecourt.search.corpus import Corpus, DateField, IntField, KeywordField, TextField

STATUTES: list[dict[str, Any]] = [
    {
        "id": 1,
        "number": "91/2015/QH13",
        "title": "Bộ luật Dân sự",
        "text": "Hợp đồng là sự thỏa thuận giữa các bên về việc xác lập, thay đổi hoặc chấm dứt quyền, "
        "nghĩa vụ dân sự. Hợp đồng mua bán tài sản phải được lập thành văn bản.",
        "kind": "Bộ luật",
        "tags": ["dân sự", "hợp đồng"],
        "year": 2015,
        "issued": datetime.date(2015, 11, 24),
    },
    {
        "id": 2,
        "number": "92/2015/QH13",
        "title": "Bộ luật Tố tụng dân sự",
        "text": "Thời hạn kháng cáo đối với bản án của Tòa án cấp sơ thẩm là 15 ngày, kể từ ngày tuyên án.",
        "kind": "Bộ luật",
        "tags": ["dân sự", "tố tụng"],
        "year": 2015,
        "issued": datetime.date(2015, 11, 25),
    },
    {
        "id": 3,
        "number": "63/2024/NĐ-CP",
        "title": "Nghị định về quy chuẩn hộp đông lạnh",
        "text": "Hộp đông lạnh dùng để bảo quản thực phẩm phải giữ nhiệt độ dưới âm 18 độ.",
        "kind": "Nghị định",
        "tags": ["thực phẩm"],
        "year": 2024,
        "issued": datetime.date(2024, 6, 10),
    },
    {
        "id": 4,
        "number": "01/2017/NQ-HĐTP",
        "title": "Nghị quyết về hòa giải tại Tòa án tỉnh Khánh Hòa",
        "text": "Thẩm phán tiến hành hòa giải để các đương sự thỏa thuận với nhau về việc giải quyết vụ án.",
        "kind": "Nghị quyết",
        "tags": ["tố tụng"],
        "year": 2017,
        "issued": datetime.date(2017, 1, 13),
    },
    {
        "id": 5,
        "number": "45/2019/QH14",
        "title": "Bộ luật Lao động",
        "text": "Người lao động được nghỉ việc riêng mà vẫn hưởng nguyên lương trong trường hợp kết hôn: nghỉ 03 ngày.",
        "kind": "Bộ luật",
        "tags": ["lao động"],
        "year": 2019,
        "issued": datetime.date(2019, 11, 20),
    },
    {
        "id": 6,
        "number": "02/2021/TT-BTP",
        "title": "Thông tư hướng dẫn công tác văn thư tại quận Đống Đa",
        "text": "Căn cứ Bộ luật Dân sự số 91/2015/QH13, văn bản về thủy lợi được lưu trữ theo quy định.",
        "kind": "Thông tư",
        "tags": [],
        "year": 2021,
        "issued": datetime.date(2021, 3, 1),
    },
]


def make_corpus(db: dict[int, dict[str, Any]], name: str = "statutes") -> Corpus:
    def documents(ids: Collection[int] | None) -> Iterator[dict[str, Any]]:
        for doc_id in sorted(db):
            if ids is None or doc_id in ids:
                yield dict(db[doc_id])

    return Corpus(
        name=name,
        fields=(
            KeywordField("number", boost=8.0, identifier=True),
            TextField("title", boost=3.0),
            TextField("text"),
            KeywordField("kind", facet=True),
            KeywordField("tags", facet=True, many=True),
            IntField("year", facet=True),
            DateField("issued"),
        ),
        documents=documents,
        count=lambda: len(db),
        embed_text=lambda d: f"{d['title']}. {d['text']}",
    )


def ids(results: engine.Results) -> list[int]:
    return [h.id for h in results.hits]
