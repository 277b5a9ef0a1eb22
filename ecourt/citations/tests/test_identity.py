"""Which document a name means on a date (pure Python over data/aliases.yaml)."""

from __future__ import annotations

import datetime

import pytest

from ecourt.citations.aliases import load_aliases
from ecourt.citations.extractor import extract
from ecourt.citations.identity import identify, identify_all


def number_on(text: str, day: str, domain: str | None = "civil") -> str | None:
    (citation,) = extract(text)
    return identify(citation.document, datetime.date.fromisoformat(day), domain).number


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2016-04-05", "33/2005/QH11"),  # Bộ luật Dân sự 2005 until 31/12/2016
        ("2016-12-31", "33/2005/QH11"),
        ("2017-01-01", "91/2015/QH13"),  # Bộ luật Dân sự 2015 from 01/01/2017
        ("2017-09-22", "91/2015/QH13"),
        ("2006-01-01", "33/2005/QH11"),
        ("2005-12-31", None),  # the 1995 code: not in the alias file
    ],
)
def test_the_civil_code_without_a_year_is_the_one_in_force_on_the_texts_date(day, expected):
    assert number_on("Điều 357 Bộ luật Dân sự", day) == expected


def test_a_year_written_after_the_name_wins_over_the_date():
    assert number_on("Điều 122 Bộ luật Dân sự năm 2005", "2018-11-16") == "33/2005/QH11"
    assert number_on("Điều 468 Bộ luật Dân sự năm 2015", "2016-06-01") == "91/2015/QH13"


def test_other_families_by_date():
    assert number_on("Điều 26 Bộ luật Tố tụng dân sự", "2016-06-30") == "24/2004/QH11"
    assert number_on("Điều 26 Bộ luật Tố tụng dân sự", "2016-07-01") == "92/2015/QH13"
    assert number_on("Điều 100 Luật Đất đai", "2014-06-30") == "13/2003/QH11"
    assert number_on("Điều 100 Luật Đất đai", "2014-07-01") == "45/2013/QH13"
    assert number_on("Điều 100 Luật Đất đai", "2024-08-01") == "31/2024/QH15"
    assert number_on("Điều 51 Bộ luật Hình sự", "2017-12-31") == "15/1999/QH10"
    assert number_on("Điều 51 Bộ luật Hình sự", "2018-01-01") == "100/2015/QH13"


def test_an_expired_document_keeps_its_name_after_it_ended():
    # the Ordinance on court fees ended on 31/12/2016; a 2017 judgment still cites it by name
    assert number_on("Điều 27 Pháp lệnh án phí, lệ phí Tòa án", "2017-04-05") == "10/2009/UBTVQH12"


def test_a_name_whose_year_the_pdf_lost_takes_the_year_the_text_writes_for_it():
    text = (
        "phù hợp với Điều 608 Bộ luật dân sự năm 2005. "
        "QUYẾT ĐỊNH: Áp dụng khoản 2 Điều 305 Bộ luật dân sự năm \n- Căn cứ khoản 1 Điều 228 Bộ luật tố tụng dân sự"
    )
    citations = extract(text)
    identities = identify_all([c.document for c in citations], datetime.date(2017, 8, 17), "civil")
    assert [(c.article, i.number, i.basis) for c, i in zip(citations, identities, strict=True)] == [
        ("608", "33/2005/QH11", "name-year"),
        ("305", "33/2005/QH11", "name-year-in-text"),
        ("228", "92/2015/QH13", "name-date"),
    ]


def test_every_version_in_the_alias_file_is_well_formed():
    aliases = load_aliases()
    for family in aliases.families.values():
        for before, after in zip(family.versions, family.versions[1:], strict=False):
            assert before.until is not None
            assert after.start is not None
            assert (after.start - before.until).days == 1, f"{family.key}: a gap or an overlap"
        for version in family.versions:
            assert version.start is not None
            # named by number (its year in it), or by corpus key (the Constitution: its year in the key)
            assert bool(version.number) != bool(version.key), f"{family.key}: number or key"
            assert str(version.year) in (version.number or version.key)
