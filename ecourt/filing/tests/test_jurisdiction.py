"""The court chosen must have territorial jurisdiction over the defendant's (administrative: the
plaintiff's) address, read from the communes' former districts and the courts that took them over."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone, translation

from ecourt.courts.factories import CourtFactory
from ecourt.filing import jurisdiction, territory

from .conftest import BA_DINH, DONG_DA, HAI_BA_TRUNG, party_rows


def test_communes_map_to_their_former_districts() -> None:
    units = territory.units()
    assert len(units.provinces) == 34
    assert units.communes[DONG_DA].name == "Phường Đống Đa"
    assert units.former_districts[DONG_DA] == frozenset({"006"})
    assert units.former_districts[BA_DINH] == frozenset({"001", "002", "003"})
    assert territory.place_label(DONG_DA) == "Phường Đống Đa, Thành phố Hà Nội"


@pytest.mark.django_db
def test_the_court_of_the_defendants_commune_has_jurisdiction(court_map: dict[str, Any]) -> None:
    verdict = jurisdiction.check(court_map["one"], "DS", party_rows(), timezone.localdate())
    assert verdict.ok
    assert verdict.competent == [court_map["one"]]
    assert not verdict.ambiguous


@pytest.mark.django_db
def test_another_court_is_refused_naming_the_competent_one(court_map: dict[str, Any]) -> None:
    verdict = jurisdiction.check(court_map["two"], "KDTM", party_rows(), timezone.localdate())
    assert not verdict.ok
    assert "Tòa án nhân dân khu vực 1 - Hà Nội" in verdict.message
    assert "Tòa án nhân dân khu vực 2 - Hà Nội" in verdict.message  # named as the court chosen


@pytest.mark.django_db
def test_an_administrative_case_goes_by_the_plaintiffs_address(court_map: dict[str, Any]) -> None:
    rows = party_rows(defendant_commune=DONG_DA, plaintiff_commune=HAI_BA_TRUNG)
    assert jurisdiction.check(court_map["two"], "HC", rows, timezone.localdate()).ok
    refused = jurisdiction.check(court_map["one"], "HC", rows, timezone.localdate())
    assert not refused.ok
    assert "khu vực 2" in refused.message


@pytest.mark.django_db
def test_several_defendants_any_of_their_courts(court_map: dict[str, Any]) -> None:
    rows = party_rows()
    rows.append({**rows[1], "name": "Lê Văn Cường", "national_id": "", "commune": HAI_BA_TRUNG})
    assert jurisdiction.check(court_map["one"], "DS", rows, timezone.localdate()).ok
    assert jurisdiction.check(court_map["two"], "DS", rows, timezone.localdate()).ok


@pytest.mark.django_db
def test_a_commune_formed_from_several_courts_territories_accepts_each(court_map: dict[str, Any]) -> None:
    rows = party_rows(defendant_commune=BA_DINH)
    verdict = jurisdiction.check(court_map["two"], "DS", rows, timezone.localdate())
    assert verdict.ok
    assert verdict.ambiguous
    assert verdict.competent == [court_map["one"], court_map["two"]]


@pytest.mark.django_db
def test_an_address_without_commune_cannot_be_checked(court_map: dict[str, Any]) -> None:
    rows = party_rows()
    rows[1]["commune"] = ""
    with translation.override("en"):
        verdict = jurisdiction.check(court_map["one"], "DS", rows, timezone.localdate())
    assert not verdict.ok
    assert verdict.message.startswith("Party no. 2: choose the province and the commune")


@pytest.mark.django_db
def test_missing_court_map_is_said_not_guessed(court_map: dict[str, Any]) -> None:
    rows = party_rows(defendant_commune="25747")  # Phường Thủ Dầu Một: no former district court loaded here
    verdict = jurisdiction.check(court_map["one"], "DS", rows, timezone.localdate())
    assert not verdict.ok
    assert verdict.competent == []
    assert "Thủ Dầu Một" in verdict.message


@pytest.mark.django_db
def test_only_an_operating_regional_court_takes_online_petitions(court_map: dict[str, Any]) -> None:
    provincial = CourtFactory(level="provincial")
    assert not jurisdiction.check(provincial, "DS", party_rows(), timezone.localdate()).ok
