"""The curated catalogue: every law the shared data names is in it, its days agree with what the laws
say of themselves, and a bad entry is refused naming the entry."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from ecourt.laws.catalogue import catalogue, read_catalogue
from ecourt.laws.errors import LawDataError
from ecourt.laws.importers.common import article_lines, parse_articles
from ecourt.laws.parsing.trailer import effect_dates, split_trailer

from .conftest import SHARED

# Days the catalogue sets apart from the text, each explained in data/PROVENANCE.md.
_OVERRIDES = {
    ("27/2023/QH15", "effective_from"): datetime.date(2025, 1, 1),  # brought forward by 43/2024/QH15
    ("31/2024/QH15", "effective_from"): datetime.date(2025, 1, 1),  # brought forward by 43/2024/QH15
    ("100/2015/QH13", "effective_from"): datetime.date(2016, 7, 1),  # postponed to 01/01/2018
    ("01/VBHN-VPQH", "effective_from"): datetime.date(2016, 7, 1),  # the consolidated Code's sentences
    ("01/VBHN-VPQH", "issued_on"): datetime.date(2015, 11, 27),
}


def _laws() -> list[tuple[str, list[tuple[str, str]]]]:
    """(law id, its last four records) of every ALQAC 2022 and 2025 law and of the judgment corpus."""
    laws = [(d["id"], [(a["id"], a["text"]) for a in d["articles"]][-4:])
            for d in json.loads((SHARED / "alqac-2022" / "law.json").read_text(encoding="utf-8"))]  # fmt: skip
    for path in sorted((SHARED / "alqac-2025" / "law_by_document").glob("*.json")):
        records = [pair for item in json.loads(path.read_text(encoding="utf-8")) for pair in item.items()]
        laws.append((path.stem, records[-4:]))
    for doc in json.loads((SHARED / "alqac-2026-judgments" / "corpus_law_pub.json").read_text(encoding="utf-8")):
        first = min(a["aid"] for a in doc["content"])
        laws.append((doc["law_id"], [(str(a["aid"] - first + 1), a["content_Article"]) for a in doc["content"]][-4:]))
    return laws


def test_every_law_of_the_shared_data_is_in_the_catalogue() -> None:
    names = {law_id for law_id, _ in _laws()}
    names |= {d["id"] for d in json.loads((SHARED / "alqac-2023" / "law.json").read_text(encoding="utf-8"))}
    missing = sorted(n for n in names if catalogue().by_source_name(n) is None)
    assert missing == []


def test_the_catalogue_agrees_with_what_each_law_says_of_itself() -> None:
    disagreements = []
    for law_id, records in _laws():
        entry = catalogue().by_source_name(law_id)
        assert entry is not None
        lines, _ = article_lines(records, law_id, corpus="/" in law_id and law_id != "01/VBHN-VPQH")
        body = parse_articles(lines, embedded_articles=True)
        adopted, effective = split_trailer(body).adopted_on, effect_dates(body).effective_from
        pairs = (("issued_on", adopted, entry.issued_on), ("effective_from", effective, entry.effective_from))
        for name, said, catalogued in pairs:
            if said and said != catalogued and _OVERRIDES.get((entry.number, name)) != said:
                disagreements.append((entry.number, name, said, catalogued))
    assert disagreements == []


def test_a_name_shared_by_several_codes_is_kept_on_each(tmp_path: Path) -> None:
    entries = [e for e in catalogue().entries if "BLDS" in e.aliases]
    assert [e.number or e.key for e in entries] == ["bo-luat-dan-su-1995", "33/2005/QH11", "91/2015/QH13"]
    assert entries[1].effective_to == entries[2].effective_from == datetime.date(2017, 1, 1)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "- {number: 1/2020/QH14, type: luat, title: A, colour: red}",
            "documents[1] (1/2020/QH14): unknown field(s) colour",
        ),
        ("- {number: 1/2020/QH14, type: law, title: A}", "documents[1] (1/2020/QH14): type must be one of"),
        (
            "- {number: 1/2020/QH14, type: luat, title: A, issued_on: 2020-02-30}",
            "line 2, column 58: '2020-02-30' is not a day",
        ),
        (
            "- {number: 1/2020/QH14, type: luat, title: A, replaces: [9/1999/QH10]}",
            "replaces '9/1999/QH10', which is not in",
        ),
        ("- {type: luat, title: A}", "documents[1]: a document without a number needs a key"),
        (
            "- {number: 1/2020/QH14, type: luat, title: A, effective_from: 2021-01-01, effective_to: 2020-01-01}",
            "effective_to 2020-01-01 is not after 2021-01-01",
        ),
    ],
)
def test_a_bad_entry_is_refused_naming_it(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "catalogue.yaml"
    path.write_text(f"documents:\n{entry}\n", encoding="utf-8")
    with pytest.raises(LawDataError) as caught:
        read_catalogue(path)
    assert message in str(caught.value)
