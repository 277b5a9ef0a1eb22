"""Filing a petition through the pages, step by step, and what a refusal leaves behind (nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from ecourt.cases.models import Case, CaseEvent, EventKind, Party, Status
from ecourt.evidence.custody import verify_custody
from ecourt.evidence.models import CaseFile, CustodyEvent, FileKind
from ecourt.filing.models import Filing, FilingStatus, FilingUpload

from .conftest import DONG_DA, EXE, HAI_BA_TRUNG, HANOI, PDF, PNG, upload


def _party_post(rows: list[dict[str, Any]], filer_party: int = 1) -> dict[str, Any]:
    data: dict[str, Any] = {"parties-TOTAL_FORMS": str(len(rows)), "parties-INITIAL_FORMS": "0", "save": "1"}
    data["parties-MIN_NUM_FORMS"] = "1"
    data["parties-MAX_NUM_FORMS"] = "30"
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"parties-{i}-{key}"] = value
    data["filer_party"] = str(filer_party)
    return data


PLAINTIFF = {
    "name": "Nguyễn Văn An",
    "role": "plaintiff",
    "kind": "person",
    "birth_year": "1980",
    "national_id": "001080012345",
    "address": "Số 5 phố Huế",
    "province": HANOI,
    "commune": HAI_BA_TRUNG,
}
DEFENDANT = {
    "name": "Công ty TNHH Hải Bình",
    "role": "defendant",
    "kind": "organisation",
    "national_id": "0101234567",
    "address": "Tầng 3, số 20 Tôn Đức Thắng",
    "province": HANOI,
    "commune": DONG_DA,
}


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return sorted(p for p in root.rglob("*") if p.is_file() and "tmp" not in p.parts) if root.exists() else []


@pytest.mark.django_db
def test_a_citizen_files_a_petition_step_by_step(client: Any, filer: Any, court_map: dict[str, Any]) -> None:
    client.cookies["django_language"] = "en"
    client.force_login(filer)
    assert client.get(reverse("filing:new")).status_code == 200

    response = client.post(reverse("filing:new"), {"case_type": "KDTM", "court": court_map["one"].pk})
    filing = Filing.objects.get(filer=filer)
    assert response.url == reverse("filing:parties", args=[filing.pk])
    assert filing.status == FilingStatus.DRAFT

    page = client.get(reverse("filing:parties", args=[filing.pk]))
    assert page.status_code == 200
    assert 'name="parties-0-commune"' in page.content.decode()
    assert "give its enterprise code as ID number" in page.content.decode()  # guidance for the case type
    communes = client.get(reverse("filing:communes"), {"parties-1-province": HANOI, "field": "parties-1-commune"})
    assert "Phường Đống Đa" in communes.content.decode()
    assert 'name="parties-1-commune"' in communes.content.decode()

    response = client.post(reverse("filing:parties", args=[filing.pk]), _party_post([PLAINTIFF, DEFENDANT]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == reverse("filing:claims", args=[filing.pk])
    response = client.post(
        reverse("filing:claims", args=[filing.pk]),
        {
            "subject": "Tranh chấp hợp đồng mua bán hàng hóa",
            "claims": "Buộc bị đơn thanh toán 350.000.000 đồng tiền hàng.",
            "value_in_dispute": "350.000.000",
        },
    )
    assert response.url == reverse("filing:uploads", args=[filing.pk])

    for kind, name, content in (
        ("petition", "don.pdf", PDF),
        ("evidence", "hoadon.png", PNG),
        ("evidence", "hd.pdf", PDF + b"x"),
    ):
        response = client.post(
            reverse("filing:uploads", args=[filing.pk]), {"kind": kind, "file": upload(name, content)}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        page = client.get(response.url)
        assert f"{name} received" in page.content.decode()  # acknowledged after it was stored and hashed

    review = client.get(reverse("filing:review", args=[filing.pk]))
    assert "has territorial jurisdiction" in review.content.decode()
    # the advance fee the schedule gives for the value: 350,000,000 × 5% = 17,500,000, half 8,750,000
    assert "About 8,750,000 VND" in review.content.decode()
    response = client.post(reverse("filing:submit", args=[filing.pk]))
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    case = filing.case
    assert case is not None
    assert response.url == reverse("filing:detail", args=[filing.pk])

    assert case.status == Status.PETITION_RECEIVED
    assert case.court == court_map["one"]
    assert case.case_type == "KDTM"
    assert case.value_in_dispute == 350_000_000
    event = CaseEvent.objects.get(case=case)
    assert event.kind == EventKind.PETITION_RECEIVED
    assert event.data["channel"] == "online"
    assert event.actor == filer
    parties = list(case.parties.order_by("position"))
    assert [p.name for p in parties] == ["Nguyễn Văn An", "Công ty TNHH Hải Bình"]
    assert parties[0].user == filer
    assert parties[1].user is None
    assert parties[1].address == "Tầng 3, số 20 Tôn Đức Thắng, Phường Đống Đa, Thành phố Hà Nội"
    assert parties[1].national_id == "0101234567"

    items = list(CaseFile.objects.filter(case=case).order_by("id"))
    assert [(i.name, i.kind) for i in items] == [
        ("don.pdf", FileKind.PLEADING),
        ("hoadon.png", FileKind.EVIDENCE),
        ("hd.pdf", FileKind.EVIDENCE),
    ]
    assert all(u.case_file_id for u in FilingUpload.objects.filter(filing=filing))
    assert CustodyEvent.objects.filter(case=case, action="received").count() == 3
    assert verify_custody(case.pk).ok

    detail = client.get(reverse("filing:detail", args=[filing.pk])).content.decode()
    assert case.uid in detail
    assert "Petition received" in detail
    # The filer, a party now, downloads what they filed.
    assert client.get(reverse("evidence:download", args=[items[0].pk])).status_code == 200
    # And nothing can be changed after submission.
    again = client.post(reverse("filing:submit", args=[filing.pk]))
    assert again.status_code == 422
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_the_wrong_court_is_refused_naming_the_right_one_and_nothing_changes(
    client: Any, filer: Any, draft: Filing, court_map: dict[str, Any]
) -> None:
    client.cookies["django_language"] = "en"
    client.force_login(filer)
    draft.court = court_map["two"]
    draft.save()
    review = client.get(reverse("filing:review", args=[draft.pk])).content.decode()
    assert "has no jurisdiction" in review
    response = client.post(reverse("filing:submit", args=[draft.pk]))
    assert response.status_code == 422
    assert "Tòa án nhân dân khu vực 1 - Hà Nội" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == FilingStatus.DRAFT
    assert draft.case is None
    assert not Case.objects.exists()
    assert not Party.objects.exists()
    assert not CaseFile.objects.exists()


@pytest.mark.django_db
def test_a_disguised_file_is_refused_and_nothing_is_kept(client: Any, filer: Any, draft: Filing) -> None:
    client.cookies["django_language"] = "en"
    client.force_login(filer)
    before_rows = draft.uploads.count()
    before_files = _media_files()
    for name, content in (("virus.pdf", EXE), ("anh.jpg", PDF), ("don.docx", PDF)):
        response = client.post(
            reverse("filing:uploads", args=[draft.pk]), {"kind": "evidence", "file": upload(name, content)}
        )
        assert response.status_code == 422
        text = response.content.decode()
        assert name in text
        assert "does not match its extension" in text or "not of an accepted type" in text
    assert draft.uploads.count() == before_rows
    assert _media_files() == before_files


@pytest.mark.django_db
def test_an_oversized_file_is_refused_with_the_limit(client: Any, filer: Any, draft: Filing, settings: Any) -> None:
    client.cookies["django_language"] = "en"
    settings.FILING_MAX_FILE_BYTES = 1024 * 1024
    client.force_login(filer)
    before_files = _media_files()
    big = PDF + b"0" * (1024 * 1024)
    response = client.post(
        reverse("filing:uploads", args=[draft.pk]), {"kind": "evidence", "file": upload("big.pdf", big)}
    )
    assert response.status_code == 422
    assert "big.pdf is larger than 1 MB" in response.content.decode()
    assert draft.uploads.count() == 2
    assert _media_files() == before_files


@pytest.mark.django_db
def test_the_petition_itself_must_be_pdf_or_docx(client: Any, filer: Any, draft: Filing) -> None:
    client.cookies["django_language"] = "en"
    client.force_login(filer)
    response = client.post(
        reverse("filing:uploads", args=[draft.pk]), {"kind": "petition", "file": upload("don.png", PNG + b"1")}
    )
    assert response.status_code == 422
    assert "must be a PDF or a Word (.docx) document" in response.content.decode()
    assert draft.uploads.count() == 2


@pytest.mark.django_db
def test_missing_fields_are_named_and_the_draft_is_unchanged(client: Any, filer: Any, draft: Filing) -> None:
    client.cookies["django_language"] = "en"
    client.force_login(filer)
    saved = list(draft.parties)
    without_name = {**DEFENDANT, "name": ""}
    response = client.post(reverse("filing:parties", args=[draft.pk]), _party_post([PLAINTIFF, without_name]))
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    bad_id = {**DEFENDANT, "national_id": "12345"}
    response = client.post(reverse("filing:parties", args=[draft.pk]), _party_post([PLAINTIFF, bad_id]))
    assert response.status_code == 422
    assert "12345" in response.content.decode()  # the cases app's own party check names it
    no_plaintiff = {**PLAINTIFF, "role": "related"}
    response = client.post(reverse("filing:parties", args=[draft.pk]), _party_post([no_plaintiff, DEFENDANT]))
    assert response.status_code == 422
    wrong_commune = {**DEFENDANT, "province": "79"}
    response = client.post(reverse("filing:parties", args=[draft.pk]), _party_post([PLAINTIFF, wrong_commune]))
    assert response.status_code == 422
    response = client.post(
        reverse("filing:claims", args=[draft.pk]), {"subject": "", "claims": "", "value_in_dispute": "-5"}
    )
    assert response.status_code == 422
    draft.refresh_from_db()
    assert draft.parties == saved
    assert draft.subject == "Tranh chấp hợp đồng vay tài sản"


@pytest.mark.django_db
def test_a_draft_without_the_petition_document_cannot_be_submitted(client: Any, filer: Any, draft: Filing) -> None:
    client.cookies["django_language"] = "en"
    client.force_login(filer)
    petition = draft.uploads.get(kind="petition")
    client.post(reverse("filing:remove_upload", args=[draft.pk, petition.pk]))
    response = client.post(reverse("filing:submit", args=[draft.pk]))
    assert response.status_code == 422
    assert "Upload the petition document." in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_adding_a_party_row_with_htmx_saves_nothing(client: Any, filer: Any, draft: Filing) -> None:
    client.force_login(filer)
    data = _party_post([PLAINTIFF, DEFENDANT])
    data.pop("save")
    data["add_party"] = "1"
    response = client.post(reverse("filing:parties", args=[draft.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'name="parties-2-name"' in response.content.decode()
    draft.refresh_from_db()
    assert len(draft.parties) == 2


@pytest.mark.django_db
def test_a_lawyer_files_for_the_plaintiff(court_map: dict[str, Any]) -> None:
    from ecourt.cases.models import PartyRole
    from ecourt.filing import services
    from ecourt.people.factories import UserFactory
    from ecourt.people.models import UserKind

    from .conftest import party_rows

    lawyer = UserFactory(kind=UserKind.LAWYER, email="luatsu@example.vn")
    filing = services.create_draft(lawyer, court=court_map["one"], case_type="DS")
    rows = party_rows()
    rows.append(
        {
            "name": "Luật sư Phạm Minh Đức",
            "role": "lawyer",
            "kind": "person",
            "national_id": "",
            "address": "Văn phòng luật sư số 1",
            "province": "",
            "commune": "",
            "represents": 1,
        }
    )
    services.save_parties(filing, rows, filer_party=3)
    services.save_claims(filing, subject="Tranh chấp hợp đồng vay tài sản", claims="Trả nợ", value_in_dispute=None)
    services.add_upload(filing, upload("don.pdf", PDF), name="don.pdf", kind="petition")
    services.submit(lawyer, filing.pk)
    filing.refresh_from_db()
    assert filing.case is not None
    own = Party.objects.get(case=filing.case, user=lawyer)
    assert own.role == PartyRole.LAWYER
    assert own.represents is not None
    assert own.represents.role == PartyRole.PLAINTIFF
