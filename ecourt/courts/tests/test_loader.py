"""The court map after ``courts load``: the 1 July 2025 reform as data, from the real data files."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count

from ecourt.courts import codes
from ecourt.courts.models import Court, CourtLevel, CourtSuccession, DepartmentKind, SuccessionKind
from ecourt.courts.selectors import appellate_court, parent_on, successor_on

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)
EVE = REFORM - datetime.timedelta(days=1)
TODAY = datetime.date.today()


def must(court: Court | None) -> Court:
    assert court is not None
    return court


def provincial_on(day: datetime.date) -> list[Court]:
    return list(Court.objects.active_on(day).filter(level=CourtLevel.PROVINCIAL))


def test_there_were_63_provincial_courts_before_the_reform_and_34_after(court_map):
    assert len(provincial_on(EVE)) == 63
    assert len(provincial_on(REFORM)) == 34
    assert len(provincial_on(TODAY)) == 34
    assert Court.objects.filter(level=CourtLevel.PROVINCIAL, code__startswith="1").count() == 63


def test_the_real_names_are_used_before_and_after(court_map):
    before = {c.name for c in provincial_on(EVE)}
    after = {c.name for c in provincial_on(TODAY)}
    assert {
        "Tòa án nhân dân tỉnh Bắc Giang",
        "Tòa án nhân dân tỉnh Hà Giang",
        "Tòa án nhân dân tỉnh Quảng Nam",
        "Tòa án nhân dân tỉnh Bình Dương",
    } <= before
    assert {
        "Tòa án nhân dân tỉnh Bắc Ninh",
        "Tòa án nhân dân tỉnh Tuyên Quang",
        "Tòa án nhân dân thành phố Đà Nẵng",
        "Tòa án nhân dân Thành phố Hồ Chí Minh",
        "Tòa án nhân dân tỉnh Nghệ An",
    } <= after
    assert "Tòa án nhân dân tỉnh Bắc Giang" not in after


def test_provincial_courts_of_the_eleven_unmerged_provinces_continue_as_the_same_record(court_map):
    kept = [c for c in provincial_on(EVE) if c.valid_to is None]
    assert len(kept) == 11
    assert {c.code for c in kept} <= {c.code for c in provincial_on(TODAY)}
    nghe_an = Court.objects.get(code="14000")
    assert nghe_an.name == "Tòa án nhân dân tỉnh Nghệ An"
    assert not nghe_an.successions_out.exists()


def test_every_court_that_ceased_has_a_successor(court_map):
    ceased = Court.objects.filter(valid_to__lte=TODAY)
    assert ceased.count() == 63 - 11 + 3 + 692
    assert not ceased.filter(successions_out__isnull=True).exists()
    for court in ceased.order_by("?")[:40]:
        assert successor_on(court, TODAY).is_active_on(TODAY)


def test_the_high_courts_ceased_and_the_supreme_court_took_over_their_functions(court_map):
    high = Court.objects.filter(level=CourtLevel.HIGH)
    assert high.count() == 3
    for court in high:
        assert (court.valid_from, court.valid_to) == (datetime.date(2015, 6, 1), REFORM)
        link = court.successions_out.get()
        assert (link.successor.code, link.kind, link.effective_on) == (codes.SUPREME, SuccessionKind.FUNCTIONS, REFORM)


def test_about_355_regional_courts_each_under_an_operating_provincial_court(court_map):
    regional = Court.objects.filter(level=CourtLevel.REGIONAL).select_related("parent")
    assert regional.count() == 355
    for court in regional:
        assert court.valid_from == REFORM
        parent = must(court.parent)
        assert parent.level == CourtLevel.PROVINCIAL
        assert parent.is_active_on(TODAY)
        assert court.name.startswith("Tòa án nhân dân khu vực ")
    per_province = dict(regional.values_list("parent__code").annotate(n=Count("id")))
    assert len(per_province) == 34
    assert per_province["10100"] == 12  # Hà Nội (a province that did not merge keeps its 1PP00 record)
    assert per_province["27900"] == 19  # Thành phố Hồ Chí Minh


def test_every_district_court_ceased_on_the_reform_and_passed_to_one_regional_court(court_map):
    districts = Court.objects.filter(level=CourtLevel.DISTRICT)
    assert districts.count() == 692
    assert set(districts.values_list("valid_to", flat=True)) == {REFORM}
    links = CourtSuccession.objects.filter(predecessor__level=CourtLevel.DISTRICT)
    assert links.count() == 692
    assert set(links.values_list("successor__level", flat=True)) == {CourtLevel.REGIONAL}


def test_a_former_district_court_of_bac_giang_is_succeeded_by_a_regional_court_of_the_new_bac_ninh(court_map):
    yen_the = Court.objects.get(name="Tòa án nhân dân huyện Yên Thế, tỉnh Bắc Giang")
    assert must(yen_the.parent).name == "Tòa án nhân dân tỉnh Bắc Giang"
    assert successor_on(yen_the, EVE) == yen_the
    regional = successor_on(yen_the, REFORM)
    assert regional.name == "Tòa án nhân dân khu vực 3 - Bắc Ninh"
    assert must(regional.parent).name == "Tòa án nhân dân tỉnh Bắc Ninh"
    assert must(regional.parent).valid_from == REFORM
    for district in Court.objects.filter(parent__name="Tòa án nhân dân tỉnh Bắc Giang"):
        assert successor_on(district, TODAY).parent == regional.parent


def test_the_provincial_court_of_bac_giang_is_succeeded_by_that_of_bac_ninh(court_map):
    bac_giang = Court.objects.get(code="12400")
    assert bac_giang.name == "Tòa án nhân dân tỉnh Bắc Giang"
    assert successor_on(bac_giang, EVE) == bac_giang
    bac_ninh = successor_on(bac_giang, TODAY)
    assert (bac_ninh.code, bac_ninh.name) == ("22400", "Tòa án nhân dân tỉnh Bắc Ninh")
    old_bac_ninh = Court.objects.get(code="12700")
    assert successor_on(old_bac_ninh, TODAY) == bac_ninh


def test_parents_change_over_time_and_appeals_follow_them(court_map):
    nghe_an = Court.objects.get(code="14000")
    assert must(parent_on(nghe_an, datetime.date(2010, 1, 1))).code == codes.SUPREME
    assert must(parent_on(nghe_an, datetime.date(2020, 1, 1))).name == "Tòa án nhân dân cấp cao tại Hà Nội"
    assert must(parent_on(nghe_an, REFORM)).code == codes.SUPREME
    yen_the = Court.objects.get(code=codes.district("215"))
    assert must(appellate_court(yen_the, datetime.date(2024, 1, 1))).code == "12400"
    assert must(appellate_court(yen_the, REFORM)).code == "22400"
    bac_giang = Court.objects.get(code="12400")
    assert must(appellate_court(bac_giang, datetime.date(2024, 1, 1))).code == "00001"
    assert must(appellate_court(bac_giang, REFORM)).code == codes.SUPREME


def test_departments(court_map):
    everything = set(DepartmentKind.values)
    for court in [Court.objects.get(code=codes.SUPREME), *provincial_on(TODAY)]:
        assert set(court.departments.values_list("kind", flat=True)) == everything
    for court in Court.objects.filter(level=CourtLevel.REGIONAL).prefetch_related("departments"):
        kinds = {d.kind for d in court.departments.all()}
        assert {DepartmentKind.CIVIL, DepartmentKind.CRIMINAL, DepartmentKind.FAMILY_JUVENILE} <= kinds
        if court.code.endswith("01"):
            assert {DepartmentKind.ADMINISTRATIVE, DepartmentKind.ECONOMIC} <= kinds


def test_codes_are_five_digits_and_follow_the_scheme(court_map):
    prefixes: dict[str, str] = {
        CourtLevel.SUPREME: "0",
        CourtLevel.HIGH: "0",
        CourtLevel.DISTRICT: "3",
        CourtLevel.REGIONAL: "4",
        CourtLevel.MILITARY_CENTRAL: "5",
        CourtLevel.MILITARY_ZONE: "5",
        CourtLevel.MILITARY_REGIONAL: "5",
        CourtLevel.SPECIALISED: "6",
    }
    for code, level in Court.objects.values_list("code", "level"):
        assert codes.is_valid(code)
        assert code[0] in (prefixes.get(level) or "12")


def test_military_and_specialised_courts(court_map):
    central = Court.objects.get(level=CourtLevel.MILITARY_CENTRAL)
    assert central.name == "Tòa án quân sự trung ương"
    assert must(central.parent).code == codes.SUPREME
    assert Court.objects.filter(level=CourtLevel.MILITARY_ZONE, parent=central).count() == 9
    regional = Court.objects.filter(level=CourtLevel.MILITARY_REGIONAL)
    assert set(regional.values_list("parent__level", flat=True)) == {CourtLevel.MILITARY_ZONE}
    ifc = Court.objects.get(level=CourtLevel.SPECIALISED)
    assert ifc.valid_from == datetime.date(2026, 1, 1)
    assert not ifc.is_active_on(datetime.date(2025, 12, 31))


def test_names_are_stored_normalized_and_searchable_without_diacritics(court_map):
    court = Court.objects.get(code="22400")
    assert court.search_key == "toa an nhan dan tinh bac ninh"
    assert Court.objects.filter(search_key__contains="hoa binh").exists()  # "Hòa Bình", classic tone placement
