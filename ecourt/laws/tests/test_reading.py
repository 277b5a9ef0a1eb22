"""Reading whole documents without the database: a file's header, an ALQAC law's trailer and entry
into force, and the amending instructions of a real law (Luật Đất đai 2024)."""

from __future__ import annotations

import datetime
import json

from ecourt.laws.importers.common import article_lines, parse_articles
from ecourt.laws.importers.files import read_file
from ecourt.laws.parsing.amendments import Target, read_amendments
from ecourt.laws.parsing.trailer import effect_dates, split_trailer

from .conftest import DATA, SHARED


def alqac_2025(name: str, ids: list[str] | None = None) -> list[tuple[str, str]]:
    path = SHARED / "alqac-2025" / "law_by_document" / f"{name}.json"
    records = [pair for item in json.loads(path.read_text(encoding="utf-8")) for pair in item.items()]
    return [r for r in records if ids is None or r[0] in ids]


def test_the_header_and_the_end_of_a_decree_are_read() -> None:
    document = read_file(DATA / "nghi-dinh-goc.txt")
    meta = document.meta
    assert (meta.number, meta.doc_type, meta.issuer, meta.place) == (
        "45/2026/NĐ-CP",
        "nghi_dinh",
        "Chính phủ",
        "Hà Nội",
    )
    assert meta.title == "Nghị định quy định về tống đạt điện tử văn bản tố tụng trong vụ việc dân sự"
    assert meta.issued_on == datetime.date(2026, 3, 15)
    assert meta.effective_from == datetime.date(2026, 7, 1)
    assert meta.signer == "Lê Thành Long"
    assert meta.preamble.startswith("Căn cứ Luật Tổ chức Chính phủ")
    assert "Nơi nhận:" in meta.closing_text
    assert document.key == "45-2026-nd-cp"
    article_8 = document.body.articles()[-1] if document.body else None
    assert article_8 is not None
    assert article_8.text == "Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026."


def test_an_alqac_law_gives_its_adoption_signer_and_entry_into_force() -> None:
    records = alqac_2025("Luật Căn cước", ["44", "45", "46"])
    lines, titled = article_lines(records, "Luật Căn cước.json")
    body = parse_articles(lines, embedded_articles=True)
    trailer, effect = split_trailer(body), effect_dates(body)
    assert titled
    assert trailer.adopted_on == datetime.date(2023, 11, 27)
    assert trailer.signer == "Vương Đình Huệ"
    assert effect.effective_from == datetime.date(2024, 7, 1)
    assert effect.expires == [("59/2014/QH13", "Luật Căn cước công dân")]
    # The closing formula and signature are no longer the last clause's text.
    assert "Vương Đình Huệ" not in body.articles()[-1].children[-1].text


def test_the_constitution_has_no_article_titles() -> None:
    path = SHARED / "alqac-2023" / "law.json"
    constitution = next(d for d in json.loads(path.read_text(encoding="utf-8")) if d["id"] == "Hiến pháp")
    records = [(a["id"], a["text"]) for a in constitution["articles"]]
    lines, titled = article_lines(records, "law.json")
    body = parse_articles(lines, embedded_articles=True)
    assert not titled
    assert body.articles()[0].text.startswith("Nước Cộng hòa xã hội chủ nghĩa Việt Nam là một nước độc lập")
    # ALQAC 2023 left articles 115 and 116 inside article 114: they are read as articles.
    assert {"115", "116"} <= {a.number for a in body.articles()}


def test_the_amending_articles_of_the_land_law_2024_are_read() -> None:
    records = alqac_2025("Luật Đất đai", ["243", "244", "246", "248", "251"])
    lines, _ = article_lines(records, "Luật Đất đai.json")
    plan = read_amendments(parse_articles(lines, embedded_articles=True), "Luật Đất đai")
    ops = [(op.action, op.document.number, [str(t) for t in op.targets], op.source_key) for op in plan.operations]
    assert ("replace", "21/2017/QH14", ["khoản 2 Điều 24"], "dieu-243/khoan-1") in ops
    assert ("lead_in", "21/2017/QH14", ["khoản 4 Điều 25"], "dieu-243/khoan-2/diem-a") in ops
    assert ("insert", "21/2017/QH14", ["khoản 4a Điều 25"], "dieu-243/khoan-2/diem-b") in ops
    assert ("replace", "18/2017/QH14", ["khoản 4 Điều 44"], "dieu-244") in ops  # instruction in the title only
    assert ("replace", "26/2008/QH12", ["khoản 4 Điều 106"], "dieu-246") in ops
    assert ("title", "16/2017/QH14", ["Điều 53"], "dieu-248/khoan-7/diem-a") in ops
    assert ("insert", "16/2017/QH14", ["khoản 6 Điều 53"], "dieu-248/khoan-7/diem-b") in ops
    assert ("repeal", "15/2017/QH14", ["khoản 3 Điều 36", "khoản 2 Điều 86"], "dieu-251/khoan-1/diem-a") in ops
    insert = next(op for op in plan.operations if op.targets == [Target("16", "2", "đ")])
    assert insert.after == Target("16", "2", "d")
    # An annex is not a provision: the instruction is reported, not guessed.
    assert [u.source_key for u in plan.unread] == ["dieu-243/khoan-4"]
