"""Registering precedents from a file: YAML or CSV, idempotent, a bad record refused with its line and the
others written, the number normalized, the day it applies defaulting to publication + 30 days. The records
are synthetic (no list of real precedents ships with the project)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from ecourt.precedents.models import Precedent, PrecedentStatus
from ecourt.precedents.numbers import NumberError, normalize_number
from ecourt.precedents.services import import_file


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    # The import's messages are checked in English (the UI's default language is Vietnamese).
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

YAML = """\
precedents:
  - number: "8/2016/AL"
    title: "Về xác định lãi suất (thử nghiệm)"
    principle: |
      Tình huống thử nghiệm.
      Giải pháp thử nghiệm.
    adopted_on: 2016-10-17
    decision: "999/QĐ-TEST"
    published_on: 2016-10-28
    source_number: "99/2099/KDTM-GĐT"
    source_court: "Tòa án thử nghiệm"
  - number: "Án lệ số 90/2099/AL"
    title: "Về một tình huống thử nghiệm đã bãi bỏ"
    published_on: 01/02/2099
    effective_on: 2099-03-15
    status: abolished
    abolished_on: 2099-12-31
    abolished_by: "998/QĐ-TEST"
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("written", "number"),
    [("8/2016/AL", "08/2016/AL"), ("Án lệ số 08/2016/al", "08/2016/AL"), ("08-2016-al", "08/2016/AL")],
)
def test_numbers_are_written_as_the_extractor_writes_them(written: str, number: str) -> None:
    assert normalize_number(written) == number


def test_a_number_that_is_not_a_precedent_is_refused() -> None:
    with pytest.raises(NumberError):
        normalize_number("91/2015/QH13")


def test_a_yaml_file_registers_its_precedents_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "precedents.yaml", YAML)
    first = import_file(path.read_text(encoding="utf-8"), str(path))
    assert (first.created, first.errors) == (["08/2016/AL", "90/2099/AL"], [])
    eight = Precedent.objects.get(number="08/2016/AL")
    assert eight.key == "08-2016-al"
    assert eight.effective_on == datetime.date(2016, 11, 27)  # published 28/10/2016 + 30 days
    assert eight.principle == "Tình huống thử nghiệm.\nGiải pháp thử nghiệm."
    assert eight.status == PrecedentStatus.IN_FORCE
    ninety = Precedent.objects.get(number="90/2099/AL")
    assert ninety.published_on == datetime.date(2099, 2, 1)  # DD/MM/YYYY read
    assert ninety.effective_on == datetime.date(2099, 3, 15)  # written: wins over the default
    assert (ninety.status, ninety.abolished_by) == (PrecedentStatus.ABOLISHED, "998/QĐ-TEST")
    second = import_file(path.read_text(encoding="utf-8"), str(path))
    assert (second.created, second.updated, second.unchanged) == ([], [], ["08/2016/AL", "90/2099/AL"])
    assert Precedent.objects.count() == 2


def test_a_changed_record_updates_its_precedent(tmp_path: Path) -> None:
    import_file(YAML, "p.yaml")
    result = import_file(YAML.replace("(thử nghiệm)", "(đã sửa)"), "p.yaml")
    assert (result.updated, result.unchanged) == (["08/2016/AL"], ["90/2099/AL"])
    assert Precedent.objects.get(number="08/2016/AL").title == "Về xác định lãi suất (đã sửa)"


def test_a_bad_record_is_refused_with_its_line_and_the_others_are_written(tmp_path: Path) -> None:
    text = YAML + '  - number: "12/2099/AL"\n    title: "Bad day"\n    published_on: "31/02/2099"\n'
    result = import_file(text, "p.yaml")
    assert result.created == ["08/2016/AL", "90/2099/AL"]
    assert len(result.errors) == 1
    assert result.errors[0].startswith("line 19:")
    assert "published_on" in result.errors[0]
    assert not Precedent.objects.filter(number="12/2099/AL").exists()  # nothing of the bad record


def test_a_csv_file_names_the_line_of_a_bad_row(tmp_path: Path) -> None:
    text = (
        "number,title,published_on,status\n"
        "70/2099/AL,Về một tình huống thử nghiệm,2099-01-10,in_force\n"
        "QH13,Không phải án lệ,2099-01-10,in_force\n"
        "71/2099/AL,,2099-01-10,in_force\n"
    )
    result = import_file(text, "p.csv")
    assert result.created == ["70/2099/AL"]
    assert [e.split(":")[0] for e in result.errors] == ["line 3", "line 4"]
    assert "title is required" in result.errors[1]


def test_the_command_reports_and_fails_when_a_record_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "good.yml", YAML)
    call_command("precedents", "import", str(good))
    assert "2 created, 0 updated, 0 unchanged, 0 refused" in capsys.readouterr().out
    bad = write(tmp_path, "bad.yml", YAML + "  - number: 13/2099/AL\n    title: x\n    status: gone\n")
    with pytest.raises(CommandError):
        call_command("precedents", "import", str(bad))
    captured = capsys.readouterr()
    assert "0 created, 0 updated, 2 unchanged, 1 refused" in captured.out
    assert "line 19:" in captured.err


def test_an_unreadable_yaml_file_is_refused_whole(tmp_path: Path) -> None:
    result = import_file("precedents: [\n  - number: 1", "p.yaml")
    assert result.created == []
    assert len(result.errors) == 1
    assert Precedent.objects.count() == 0
