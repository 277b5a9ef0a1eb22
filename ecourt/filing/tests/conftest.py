"""Fixtures of the filing tests: a court map with real codes (former district courts of Hà Nội and the
regional courts that took them over), a filer, and a complete draft."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecourt.courts import codes
from ecourt.courts.factories import CourtFactory
from ecourt.courts.models import CourtLevel, CourtSuccession, SuccessionKind
from ecourt.filing import services
from ecourt.filing.models import Filing, UploadKind
from ecourt.people.factories import UserFactory
from ecourt.people.models import UserKind

REFORM = datetime.date(2025, 7, 1)
# Communes of Hà Nội (GSO codes) and the former districts they were formed from (vietnamadminunits):
DONG_DA = "00235"  # Phường Đống Đa ← quận Đống Đa (006)
HAI_BA_TRUNG = "00256"  # Phường Hai Bà Trưng ← quận Hai Bà Trưng (007)
BA_DINH = "00004"  # Phường Ba Đình ← quận Ba Đình (001), Hoàn Kiếm (002), Tây Hồ (003)
HANOI = "01"

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _district_court(district: str) -> Any:
    return CourtFactory(
        code=codes.district(district),
        name=f"Tòa án nhân dân quận {district}, thành phố Hà Nội",
        level=CourtLevel.DISTRICT,
        valid_from=None,
        valid_to=REFORM,
    )


@pytest.fixture
def court_map(db: None) -> dict[str, Any]:
    """Regional court 1 took over Đống Đa and Ba Đình; court 2 Hai Bà Trưng, Hoàn Kiếm and Tây Hồ."""
    one = CourtFactory(code="40101", name="Tòa án nhân dân khu vực 1 - Hà Nội", short_name="TAND khu vực 1 - Hà Nội")
    two = CourtFactory(code="40102", name="Tòa án nhân dân khu vực 2 - Hà Nội", short_name="TAND khu vực 2 - Hà Nội")
    for district, successor in (("006", one), ("001", one), ("007", two), ("002", two), ("003", two)):
        CourtSuccession.objects.create(
            predecessor=_district_court(district),
            successor=successor,
            effective_on=REFORM,
            kind=SuccessionKind.CONTINUED,
        )
    return {"one": one, "two": two}


@pytest.fixture
def filer(db: None) -> Any:
    return UserFactory(kind=UserKind.CITIZEN, email="nguyenan@example.vn", full_name="Nguyễn Văn An")


@pytest.fixture
def other_citizen(db: None) -> Any:
    return UserFactory(kind=UserKind.CITIZEN, email="khac@example.vn")


def party_rows(*, defendant_commune: str = DONG_DA, plaintiff_commune: str = HAI_BA_TRUNG) -> list[dict[str, Any]]:
    return [
        {
            "name": "Nguyễn Văn An",
            "role": "plaintiff",
            "kind": "person",
            "birth_year": 1980,
            "national_id": "001080012345",
            "address": "Số 5 phố Huế",
            "province": HANOI,
            "commune": plaintiff_commune,
            "represents": None,
        },
        {
            "name": "Trần Thị Bình",
            "role": "defendant",
            "kind": "person",
            "birth_year": 1975,
            "national_id": "001175054321",
            "address": "Số 12 ngõ 3 Tôn Đức Thắng",
            "province": HANOI,
            "commune": defendant_commune,
            "represents": None,
        },
    ]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def draft(filer: Any, court_map: dict[str, Any]) -> Filing:
    """A draft ready to submit at regional court 1 (the defendant lives in Phường Đống Đa)."""
    filing = services.create_draft(filer, court=court_map["one"], case_type="DS")
    services.save_parties(filing, party_rows(), filer_party=1)
    services.save_claims(
        filing,
        subject="Tranh chấp hợp đồng vay tài sản",
        claims="Buộc bị đơn trả 120.000.000 đồng tiền vay và lãi.",
        value_in_dispute=None,
    )
    services.add_upload(filing, upload("don-khoi-kien.pdf", PDF), name="don-khoi-kien.pdf", kind=UploadKind.PETITION)
    services.add_upload(filing, upload("hop-dong.png", PNG), name="hop-dong.png", kind=UploadKind.EVIDENCE)
    return filing
