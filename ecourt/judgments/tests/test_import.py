"""Importing the ALQAC 2026 dev judgments: number, court, date and case type from each text's header
(the annotations have errors), courts matched to the court map, idempotent, bad files refused whole,
and their citations linked at the end of the run."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ecourt.citations.models import CitationLink
from ecourt.courts.factories import CourtFactory
from ecourt.jobs.models import Job
from ecourt.judgments.models import Judgment
from ecourt.judgments.reading import DEFAULT_PATH, JudgmentDataError, case_type_of, read_alqac
from ecourt.judgments.services import match_court, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def inputs():
    return {i.source_id: i for i in read_alqac()}


def test_the_header_of_each_text_gives_number_court_and_date(inputs):
    assert len(inputs) == 35
    first = inputs["case_4101"]
    assert (first.number, first.decided_on, first.case_type, first.instance) == (
        "13/2017/DS-ST",
        datetime.date(2017, 9, 22),
        "DS",
        "ST",
    )
    assert first.court_name == "Tòa án nhân dân thành phố Lào Cai, tỉnh Lào Cai"
    assert first.title == "Đòi bồi thường thiệt hại ngoài hợp đồng về tài sản"
    assert first.text.startswith("TOÀ ÁN NHÂN DÂN")  # the dump header is not part of the judgment
    # the record says the court of Bến Tre; the text is the court of Hải Phòng's
    assert inputs["case_4616"].court_name == "Tòa án nhân dân thành phố Hải Phòng"
    assert inputs["case_4616"].case_type == "KDTM"
    # a text in a legacy encoding (TCVN3) is read repaired
    assert inputs["case_5236"].court_name == "Tòa án nhân dân huyện Hiệp Hòa- tỉnh Bắc Giang"
    assert all(i.decided_on and i.number and i.court_name for i in inputs.values())


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("13/2017/DS-ST", ("DS", "ST")),
        ("64/2018/DSST.", ("DS", "ST")),
        ("05/2018/ST-DS", ("DS", "ST")),
        ("02/2017/KDTM - ST", ("KDTM", "ST")),
        ("01/2022/LĐ-ST", ("LD", "ST")),
        ("12/2020/HNGĐ-PT", ("HNGD", "PT")),
        ("3/2019/HS-GĐT", ("HS", "GDT")),
        ("Bản án", ("", "")),
    ],
)
def test_case_type_and_instance_from_the_number(number, expected):
    assert case_type_of(number) == expected


def test_a_court_name_matches_the_court_map_with_or_without_its_province():
    lao_cai = CourtFactory(name="Tòa án nhân dân thành phố Lào Cai, tỉnh Lào Cai", valid_from=None)
    CourtFactory(name="Tòa án nhân dân huyện Bát Xát, tỉnh Lào Cai", valid_from=None)
    day = datetime.date(2017, 9, 22)
    assert match_court("Toà án nhân dân thành phố Lào Cai", day) == lao_cai
    assert match_court("TÒA ÁN NHÂN DÂN THÀNH PHỐ LÀO CAI - TỈNH LÀO CAI", day) == lao_cai
    assert match_court("Tòa án nhân dân tỉnh Lào Cai", day) is None
    assert match_court("Tòa án nhân dân thành phố Lào Cai", datetime.date(2020, 1, 1)) == lao_cai
    # the full name stays exact; a shortened one that two courts begin with matches neither
    CourtFactory(name="Tòa án nhân dân thành phố Lào Cai, tỉnh Lào Cai cũ", valid_from=None)
    assert match_court("Tòa án nhân dân thành phố Lào Cai, tỉnh Lào Cai", day) == lao_cai
    assert match_court("Toà án nhân dân thành phố Lào Cai", day) is None


def test_importing_twice_writes_once_and_links_the_citations(inputs, capsys):
    CourtFactory(name="Tòa án nhân dân thành phố Lào Cai, tỉnh Lào Cai", valid_from=None)
    selected = [inputs["case_4101"], inputs["case_4616"]]
    first = run_import("alqac-2026", selected)
    assert (first.written, first.unchanged, first.courts_matched) == (2, 0, 1)
    assert first.linked["texts"] == 2
    judgment = Judgment.objects.get(source_id="case_4101")
    assert judgment.court is not None
    assert judgment.published
    links = CitationLink.objects.filter(citing_judgment=judgment)
    assert links.count() == first.linked["citations"] - CitationLink.objects.exclude(citing_judgment=judgment).count()
    assert links.filter(article="584").exists()  # "các Điều 584, Điều 558, … của Bộ luật Dân sự năm 2015"
    second = run_import("alqac-2026", selected)
    assert (second.written, second.unchanged, second.linked["texts"]) == (0, 2, 0)
    assert Judgment.objects.count() == 2
    assert Job.objects.filter(kind="judgments.import").count() == 2


def test_the_command_imports_the_dev_file_and_says_what_it_did(capsys):
    call_command("judgments", "import", "alqac", str(DEFAULT_PATH), "--no-progress")
    out = capsys.readouterr().out
    assert out.startswith("alqac-2026: 35 judgments read, 35 written, 0 unchanged")
    assert "citations: " in out
    assert Judgment.objects.count() == 35
    assert CitationLink.objects.values("citing_judgment").distinct().count() == 35


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"case_id": "x"}', "expected a JSON list"),
        ('[{"case_id": "a", "judgment_text": "x"}, {"case_id": "b"}]', "record 2 (b): no 'judgment_text'"),
        ('[{"case_id": "a", "judgment_text": "x"}, {"case_id": "a", "judgment_text": "y"}]', "appears twice"),
    ],
)
def test_a_bad_file_is_refused_whole_naming_the_record(tmp_path: Path, content, message):
    bad = tmp_path / "judgments.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(JudgmentDataError, match=re.escape(message)):
        read_alqac(bad)
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("judgments", "import", "alqac", str(bad), "--no-progress")
    assert not Judgment.objects.exists()


def test_a_missing_file_is_named(tmp_path: Path):
    with pytest.raises(CommandError, match=r"judgments\.json"):
        call_command("judgments", "import", "alqac", str(tmp_path / "judgments.json"), "--no-progress")
