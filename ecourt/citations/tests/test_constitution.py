"""The Constitution has no number: the citator knows it by name ("Hiến pháp", "Hiến pháp năm 2013",
"Hiến pháp 2013", "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam") and finds it in the corpus by
its key (hien-phap-2013, ecourt/laws/data/catalogue.yaml), in force from 01/01/2014.

Before, every such citation was ``not_found`` (the alias file named documents by number only), and the
assistant removed every citation of the Constitution from its answers (bench/assistant: 41)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from ecourt.citations.aliases import load_aliases
from ecourt.citations.extractor import extract
from ecourt.citations.identity import identify
from ecourt.citations.pipeline import read_citations
from ecourt.citations.verification import check_text
from ecourt.laws.factories import CONSTITUTION_2013_IN_FORCE, CONSTITUTION_TITLE, constitution_2013
from ecourt.laws.models import LegalDocument

IN_FORCE = CONSTITUTION_2013_IN_FORCE
TITLE = CONSTITUTION_TITLE
NAMES = [
    "Hiến pháp",
    "Hiến pháp năm 2013",
    "Hiến pháp 2013",
    "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013",
    "hiến pháp năm 2013",
]


@pytest.fixture
def constitution(db: None) -> LegalDocument:
    return constitution_2013()


def _verdict(text: str, day: datetime.date) -> dict[str, Any]:
    (verdict,) = check_text(text, day).verdicts
    return verdict.as_dict()


@pytest.mark.parametrize("name", NAMES)
def test_a_provision_of_the_constitution_cited_by_its_name_is_valid_in_2025(constitution, name):
    v = _verdict(f"theo khoản 2 Điều 14 {name}", datetime.date(2025, 1, 1))
    assert v["code"] == "valid"
    assert v["document"]["key"] == "hien-phap-2013"
    assert v["provision"] == "dieu-14/khoan-2"
    assert v["text_in_force"].startswith("2. Quyền con người")  # the clause rendered with its number


def test_before_2014_the_bare_name_is_not_the_2013_constitution_and_the_2013_one_is_not_yet_in_force(constitution):
    before = datetime.date(2013, 12, 31)
    bare = _verdict("khoản 2 Điều 14 Hiến pháp", before)
    assert bare["code"] == "not_found"
    assert bare["document"] is None
    named = _verdict("khoản 2 Điều 14 Hiến pháp năm 2013", before)
    assert named["code"] == "not_yet_in_force"
    assert named["document"]["key"] == "hien-phap-2013"
    assert "01/01/2014" in named["explanation"]
    assert _verdict("khoản 2 Điều 14 Hiến pháp năm 2013", IN_FORCE)["code"] == "valid"


def test_an_article_the_constitution_does_not_have_and_another_year_are_not_found(constitution):
    day = datetime.date(2025, 1, 1)
    assert _verdict("Điều 999 Hiến pháp năm 2013", day)["code"] == "not_found"
    other = _verdict("Điều 14 Hiến pháp năm 1992", day)  # not in the alias file, not in the corpus
    assert (other["code"], other["document"]) == ("not_found", None)


def test_a_constitution_not_in_the_corpus_is_no_document(db: None):
    (found,) = read_citations("khoản 2 Điều 14 Hiến pháp năm 2013", day=datetime.date(2025, 1, 1)).resolutions
    assert (found.status, found.document) == ("no_document", None)
    assert found.identity.document_key == "hien-phap-2013"


def test_the_alias_file_names_the_constitution_by_key_and_the_identity_carries_it():
    family = load_aliases().families["hien-phap"]
    (version,) = family.versions
    assert (version.number, version.key, version.year, version.start) == ("", "hien-phap-2013", 2013, IN_FORCE)
    (citation,) = extract("Điều 14 Hiến pháp 2013")
    identity = identify(citation.document, datetime.date(2025, 1, 1))
    assert (identity.number, identity.document_key, identity.basis) == (None, "hien-phap-2013", "name-year")
    assert identity.key == "key:hien-phap-2013"
    (bare,) = extract("Điều 14 Hiến pháp")
    assert identify(bare.document, datetime.date(2025, 1, 1)).key == identity.key  # the same document
    assert identify(bare.document, datetime.date(2013, 6, 1)).document_key is None


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("{key: hien-phap-2013, from: 2014-01-01}", "needs its year"),
        ("{key: hien-phap-2013, number: 1/2013/QH13, year: 2013}", "not both"),
    ],
)
def test_a_version_named_by_key_needs_its_year_and_not_a_number_too(tmp_path: Path, version, message):
    path = tmp_path / "aliases.yaml"
    path.write_text(
        f"families:\n  - key: hp\n    type: hien_phap\n    names: [Hiến pháp]\n    versions:\n      - {version}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=message):
        load_aliases.__wrapped__(path)


def test_the_extraction_contract_is_unchanged_for_other_citations_beside_the_constitution(constitution):
    day = datetime.date(2025, 1, 1)
    other = "khoản 2 Điều 5 Nghị định số 63/2024/NĐ-CP; Điều 26 BLTTDS"
    alone = [r.as_dict() for r in read_citations(other, day=day).resolutions]
    prefix = "Theo khoản 2 Điều 14 Hiến pháp năm 2013 và "
    both = [r.as_dict() for r in read_citations(prefix + other, day=day).resolutions]
    first, *rest = both
    for item in rest:  # the same objects, shifted by the prefix
        item["start"] -= len(prefix)
        item["end"] -= len(prefix)
        item["anchor"] = [a - len(prefix) for a in item["anchor"]]
    assert rest == alone
    assert set(first) == set(alone[0])  # the same fields, no new one
    assert first["document"] == {"number": "", "title": TITLE, "year": 2013}
    assert (first["article"], first["clause"], first["resolved"], first["basis"]) == ("14", "2", True, "name-year")
    assert first["provision"] == "dieu-14/khoan-2"
    assert first["version"] == {"valid_from": "2014-01-01", "valid_to": None, "repealed": False}


def test_a_provision_of_the_constitution_after_another_law_is_not_given_that_law():
    # before: "Hiến pháp" was no document name, so "Điều 14" took the Civil Code named before it
    first, second = extract("Áp dụng Điều 5 Bộ luật Dân sự năm 2015, Điều 14 Hiến pháp năm 2013")
    assert first.document is not None
    assert first.document.family == "blds"
    assert second.text == "Điều 14 Hiến pháp năm 2013"
    assert second.document is not None
    assert (second.document.family, second.document.year, second.document_from) == ("hien-phap", 2013, "written")
