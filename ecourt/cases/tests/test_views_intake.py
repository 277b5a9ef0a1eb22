"""The intake page: the clerk records a petition (or a criminal case file) with its parties."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from ecourt.cases.models import Case, CaseType, Gravity, PartyRole, Status

pytestmark = pytest.mark.django_db

INTAKE = reverse("cases:intake")


def petition_data(court: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "court": court.pk,
        "case_type": CaseType.DS,
        "department": "",
        "subject": "Tranh chấp hợp đồng vay tài sản",
        "summary": "Yêu cầu trả nợ gốc và lãi.",
        "value_in_dispute": "150.000.000",
        "received_on": "05/09/2025",
        "channel": "post",
        "gravity": "",
        "indictment_number": "",
        "parties-TOTAL_FORMS": "3",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "1",
        "parties-MAX_NUM_FORMS": "50",
        "parties-0-name": "Nguyễn Văn An",
        "parties-0-role": PartyRole.PLAINTIFF,
        "parties-0-kind": "person",
        "parties-0-birth_year": "1978",
        "parties-0-national_id": "001 078 012345",
        "parties-0-address": "Số 12 phố Hàng Bài, Hà Nội",
        "parties-1-name": "Công ty TNHH Hải Bình",
        "parties-1-role": PartyRole.DEFENDANT,
        "parties-1-kind": "organisation",
        "parties-1-national_id": "0101234567",
        "parties-2-name": "Lê Minh Châu",
        "parties-2-role": PartyRole.LAWYER,
        "parties-2-kind": "person",
        "parties-2-represents": "1",
    }
    data.update(overrides)
    return data


def test_the_clerk_records_a_petition(client, clerk, court):
    client.force_login(clerk)
    assert client.get(INTAKE).status_code == 200
    response = client.post(INTAKE, petition_data(court))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.status == Status.PETITION_RECEIVED
    assert case.court == court
    assert case.received_on == datetime.date(2025, 9, 5)  # typed dd/mm/yyyy
    assert case.value_in_dispute == 150_000_000
    parties = list(case.parties.order_by("position"))
    assert [p.name for p in parties] == ["Nguyễn Văn An", "Công ty TNHH Hải Bình", "Lê Minh Châu"]
    assert parties[0].national_id == "001078012345"
    assert parties[2].represents == parties[0]
    assert case.events.get().actor == clerk
    page = client.get(response["Location"]).content.decode()
    assert "Đã ghi nhận đơn" in page
    assert case.uid in page


def test_empty_party_rows_are_skipped(client, clerk, court):
    client.force_login(clerk)
    data = petition_data(court, **{"parties-2-name": "", "parties-2-represents": "", "parties-2-role": "lawyer"})
    assert client.post(INTAKE, data).status_code == 302
    assert Case.objects.get().parties.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subject": ""}, "This field is required"),
        ({"received_on": "2025/09/05"}, "Nhập ngày theo dạng dd/mm/yyyy"),
        ({"value_in_dispute": "một trăm"}, "Nhập số tiền bằng đồng"),
        ({"parties-0-name": "", "parties-0-birth_year": ""}, "Họ tên hoặc tên tổ chức"),
        ({"parties-2-represents": ""}, "hãy ghi đương sự được đại diện"),
        ({"parties-0-national_id": "12345"}, "phải gồm 9, 10, 12 hoặc 13 chữ số"),
        ({"parties-0-role": PartyRole.DEFENDANT}, "ít nhất một nguyên đơn"),
        ({"case_type": CaseType.HS}, "Vụ án hình sự phải xác định loại tội phạm"),
    ],
)
def test_bad_input_shows_an_error_and_records_nothing(client, clerk, court, overrides, message):
    client.force_login(clerk)
    client.cookies["django_language"] = "vi"
    response = client.post(INTAKE, petition_data(court, **overrides))
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html or message.replace("This field is required", "Trường này là bắt buộc") in html
    assert 'value="Nguyễn Văn An"' in html or overrides.get("parties-0-name") == ""  # what was typed is kept
    assert not Case.objects.exists()


def test_a_future_received_date_is_refused_by_the_service(client, clerk, court):
    client.force_login(clerk)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(INTAKE, petition_data(court, received_on=tomorrow))
    assert response.status_code == 422
    assert "ở tương lai" in response.content.decode()
    assert not Case.objects.exists()


def test_a_criminal_case_file_is_recorded_with_its_gravity(client, clerk, court):
    client.force_login(clerk)
    data = petition_data(
        court,
        case_type=CaseType.HS,
        gravity=Gravity.SERIOUS,
        subject="Trộm cắp tài sản",
        indictment_number="15/CT-VKS",
        **{"parties-0-role": PartyRole.ACCUSED, "parties-1-role": PartyRole.VICTIM},
    )
    assert client.post(INTAKE, data).status_code == 302
    case = Case.objects.get()
    assert case.case_type == CaseType.HS
    assert case.status == Status.FILE_RECEIVED
    assert case.gravity == Gravity.SERIOUS


def test_adding_and_removing_party_rows_keeps_what_was_typed_and_saves_nothing(client, clerk, court):
    client.force_login(clerk)
    data = petition_data(court, add_party="1")
    response = client.post(INTAKE, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="parties"' in html
    assert 'name="parties-TOTAL_FORMS" value="4"' in html
    assert 'value="Lê Minh Châu"' in html
    assert 'name="parties-3-name"' in html
    data = petition_data(court, remove_party="1")
    html = client.post(INTAKE, data).content.decode()  # without HTMX: the whole page again
    assert "<html" in html
    assert 'name="parties-TOTAL_FORMS" value="2"' in html
    assert "Công ty TNHH Hải Bình" not in html
    assert 'value="Lê Minh Châu"' in html
    assert 'value="Tranh chấp hợp đồng vay tài sản"' in html
    assert not Case.objects.exists()


def test_only_registry_officials_may_record_petitions(client, citizen):
    client.force_login(citizen)
    assert client.get(INTAKE).status_code == 403


def test_a_clerk_may_only_pick_a_court_where_they_serve(client, outsider, court, other_court):
    client.force_login(outsider)  # a judge of another court: a registry role there, not here
    html = client.get(INTAKE).content.decode()
    assert other_court.short_name in html
    assert court.short_name not in html
    response = client.post(INTAKE, petition_data(court))
    assert response.status_code == 422
    assert not Case.objects.exists()
