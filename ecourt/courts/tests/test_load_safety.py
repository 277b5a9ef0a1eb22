"""``courts load`` is idempotent and all-or-nothing: run twice it changes nothing; a bad file loads nothing
and its error names the file and the place."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ecourt.courts.datafiles import COURTS_FILE, REGIONAL_FILE
from ecourt.courts.services import load_courts
from ecourt.courts.specs import CourtDataError

from .conftest import snapshot

pytestmark = pytest.mark.django_db


def test_loading_twice_gives_the_same_rows(court_map):
    before = snapshot()
    report = load_courts(progress=False)
    assert not report.changed
    assert report.courts.unchanged == len(before["courts"])
    assert snapshot() == before


def test_the_command_reports_what_it_did(court_map):
    out = StringIO()
    call_command("courts", "load", "--no-progress", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()
    assert "355 regional" in out.getvalue()


def copy_files(tmp_path: Path) -> tuple[Path, Path]:
    courts, regional = tmp_path / COURTS_FILE.name, tmp_path / REGIONAL_FILE.name
    shutil.copy(COURTS_FILE, courts)
    shutil.copy(REGIONAL_FILE, regional)
    return courts, regional


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD = [
    # (which file, text to replace, replacement, words the error must contain)
    (
        "regional",
        '{number: 3, basis: annex, inherits: ["216", "215"]}',
        '{number: 3, basis: annex, inherits: ["216", "215", "213"]}',
        ["regional_courts.yaml", "provinces.24.courts[3]", "213", "already inherited"],
    ),
    (
        "regional",
        '{number: 2, basis: annex, inherits: ["222", "223"]}',
        '{number: 2, basis: annex, inherits: ["222", "223", "999"]}',
        ["provinces.24.courts[2]", "'999'"],
    ),
    (
        "regional",
        '{number: 1, basis: annex, inherits: ["213"]}',
        '{number: 1, basis: annex, inherits: ["256"]}',
        ["provinces.24.courts[6]", "256", "already inherited"],
    ),
    ("regional", "total: 355", "total: 354", ["regional_courts.yaml", "total", "355 regional courts are listed"]),
    ("courts", '"58", "60", "67"', '"58", "67"', ["courts.yaml", "high_courts", "60"]),
    ("courts", "valid_from: 2026-01-01", "valid_from: 2026-13-01", ["courts.yaml", "not valid YAML", "line"]),
    (
        "courts",
        '{code: "51002", level: military_zone',
        '{code: "5102", level: military_zone',
        ["courts.yaml", "other_courts[3]", "five digits"],
    ),
    ("courts", 'parent: "51009"', 'parent: "51008"', ["courts.yaml", "52091", "51008"]),
]


@pytest.mark.parametrize(("which", "old", "new", "words"), BAD)
def test_a_bad_file_changes_nothing_and_names_the_place(court_map, tmp_path, which, old, new, words):
    courts, regional = copy_files(tmp_path)
    edit(courts, 'name: "Tòa án nhân dân tối cao"', 'name: "Tòa án nhân dân tối cao (đổi tên)"')  # a valid change
    edit(regional if which == "regional" else courts, old, new)
    before = snapshot()
    with pytest.raises(CourtDataError) as caught:
        load_courts(courts_file=courts, regional_file=regional, progress=False)
    for word in words:
        assert word in str(caught.value)
    assert snapshot() == before


def test_a_good_edited_file_loads_and_a_reload_restores_the_original(court_map, tmp_path):
    courts, regional = copy_files(tmp_path)
    edit(courts, 'name: "Tòa án nhân dân tối cao"', 'name: "Tòa án nhân dân tối cao (đổi tên)"')
    original = snapshot()
    report = load_courts(courts_file=courts, regional_file=regional, progress=False)
    assert (report.courts.updated, report.courts.created) == (1, 0)
    load_courts(progress=False)
    assert snapshot() == original


def test_the_command_fails_with_the_place_and_loads_nothing(court_map, tmp_path):
    courts, regional = copy_files(tmp_path)
    edit(regional, "total: 355", "total: 300")
    before = snapshot()
    with pytest.raises(CommandError, match=r"Nothing was loaded: regional_courts.yaml: total"):
        call_command("courts", "load", "--no-progress", "--courts-file", str(courts), "--regional-file", str(regional))
    assert snapshot() == before
