"""Input of the case endpoints other than the steps: list filters and the intake of a new case.

These serializers check the shape of the input (types, choices, lengths, references) and give field
errors; the rules of procedure stay in the services, whose refusals come back as 400 errors too.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from ecourt.courts.models import Court, Department

from ..models import REPRESENTING_ROLES, CaseType, Gravity, PartyKind, PartyRole, Status
from ..selectors import DeadlineFilter
from ..services.intake import PartyInput

NATIONAL_ID = re.compile(r"^(\d{9}|\d{10}|\d{12}|\d{13})$")
CHANNELS = [("in_person", "In person"), ("post", "By post"), ("online", "Online")]


def not_in_future(day: datetime.date) -> None:
    if day > timezone.localdate():
        raise serializers.ValidationError(f"Ngày {day:%d/%m/%Y} ở tương lai")


def date_field(help_text: str, *, required: bool = False) -> serializers.DateField:
    """An ISO date (YYYY-MM-DD) that may not be in the future."""
    return serializers.DateField(
        required=required, input_formats=["iso-8601"], validators=[not_in_future], help_text=help_text
    )


class CaseFilterSerializer(serializers.Serializer[Any]):
    """Query parameters of the list of cases."""

    mine = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: only your docket, the pending cases where you are the judge or the clerk, most urgent first.",
    )
    court = serializers.IntegerField(
        required=False, min_value=1, help_text="Only cases the court holds now (court id)."
    )
    status = serializers.ChoiceField(choices=Status.choices, required=False, help_text="Only cases in this status.")
    case_type = serializers.ChoiceField(choices=CaseType.choices, required=False, help_text="Only cases of this type.")
    deadline = serializers.ChoiceField(
        choices=[(DeadlineFilter.OVERDUE, "Overdue"), (DeadlineFilter.DUE_SOON, "Due soon")],
        required=False,
        help_text="Only cases whose next time limit is past (overdue) or close (due_soon).",
    )


class PartyFieldsSerializer(serializers.Serializer[Any]):
    """The details of a party, common to intake and to the add_party step."""

    name = serializers.CharField(max_length=255, help_text="Full name or registered name, with diacritics.")
    role = serializers.ChoiceField(choices=PartyRole.choices, help_text="Role in the proceedings.")
    kind = serializers.ChoiceField(
        choices=PartyKind.choices, default=PartyKind.PERSON, help_text="Person or organisation (default person)."
    )
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, help_text="Year of birth (persons)."
    )
    national_id = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=13,
        default="",
        help_text="Citizen ID (CCCD, 12 digits), old ID card (9), enterprise code (10) or branch code (13).",
    )
    address = serializers.CharField(
        required=False, allow_blank=True, max_length=300, default="", help_text="Residence or registered office."
    )

    def validate_birth_year(self, value: int | None) -> int | None:
        if value is not None and value > timezone.localdate().year:
            raise serializers.ValidationError(f"Năm sinh {value} ở tương lai")
        return value

    def validate_national_id(self, value: str) -> str:
        value = value.strip()
        if value and not NATIONAL_ID.match(value):
            raise serializers.ValidationError("Số định danh phải gồm 9, 10, 12 hoặc 13 chữ số")
        return value

    def party_input(self, data: dict[str, Any], represents: int | None = None) -> PartyInput:
        return PartyInput(
            name=data["name"],
            role=data["role"],
            kind=data["kind"],
            birth_year=data.get("birth_year"),
            national_id=data["national_id"],
            address=data["address"],
            represents=represents,
        )


class IntakePartySerializer(PartyFieldsSerializer):
    """A party of a new case."""

    represents = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="For a representative or lawyer: the position (from 0) in this list of the party they act for.",
    )


class CaseIntakeSerializer(serializers.Serializer[Any]):
    """A petition (civil, marriage and family, business, labour, administrative) or, with case_type HS
    and a gravity, a criminal case file sent by the procuracy."""

    court = serializers.PrimaryKeyRelatedField(queryset=Court.objects.all(), help_text="Court receiving it (id).")
    case_type = serializers.ChoiceField(
        choices=CaseType.choices, help_text="Case type; HS receives a criminal case file."
    )
    subject = serializers.CharField(
        max_length=500, help_text="Legal relation in dispute or offence, e.g. 'Tranh chấp hợp đồng vay tài sản'."
    )
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Short description of the claims or charges."
    )
    received_on = date_field("Day it was received (YYYY-MM-DD); default today.")
    parties = IntakePartySerializer(many=True, allow_empty=False, help_text="Parties, in order.")
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        help_text="Department of the court that handles it (id).",
    )
    sealed = serializers.BooleanField(
        required=False, default=False, help_text="Sealed file: visible only to the people assigned to it."
    )
    in_camera = serializers.BooleanField(
        required=False, default=False, help_text="Tried in camera: visible only to the people assigned to it."
    )
    value_in_dispute = serializers.DecimalField(
        max_digits=18,
        decimal_places=0,
        min_value=0,
        required=False,
        allow_null=True,
        help_text="Value in dispute in VND (petitions).",
    )
    fee_exempt = serializers.BooleanField(
        required=False, default=False, help_text="Plaintiff exempt from the advance court fee (petitions)."
    )
    channel = serializers.ChoiceField(
        choices=CHANNELS, required=False, default="in_person", help_text="How the petition came in (petitions)."
    )
    gravity = serializers.ChoiceField(
        choices=Gravity.choices, required=False, allow_blank=True, default="", help_text="Offence category (HS only)."
    )
    indictment_number = serializers.CharField(
        required=False, allow_blank=True, max_length=40, default="", help_text="Number of the indictment (HS only)."
    )

    def validate_parties(self, parties: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # Keyed by position, as DRF keys the errors of the items themselves.
        errors: dict[str, dict[str, list[str]]] = {}
        for i, party in enumerate(parties):
            represents = party.get("represents")
            if party["role"] in REPRESENTING_ROLES:
                if represents is None or represents >= len(parties) or represents == i:
                    errors[str(i)] = {
                        "represents": ["Người đại diện hoặc luật sư phải gắn với một đương sự khác trong danh sách"]
                    }
            elif represents is not None:
                errors[str(i)] = {"represents": ["Chỉ người đại diện hoặc luật sư mới đại diện cho đương sự khác"]}
        if errors:
            raise serializers.ValidationError(errors)
        return parties

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        criminal = attrs["case_type"] == CaseType.HS
        errors: dict[str, list[str]] = {}
        if criminal and not attrs["gravity"]:
            errors["gravity"] = ["Vụ án hình sự phải xác định loại tội phạm"]
        for field in ("gravity", "indictment_number"):
            if not criminal and attrs[field]:
                errors[field] = ["Chỉ dùng cho vụ án hình sự (HS)"]
        for field in ("value_in_dispute", "fee_exempt"):
            if criminal and attrs.get(field):
                errors[field] = ["Không dùng cho vụ án hình sự (HS)"]
        department = attrs.get("department")
        if department is not None and department.court_id != attrs["court"].pk:
            errors["department"] = ["Tòa chuyên trách không thuộc Tòa án nhận đơn"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def party_inputs(self) -> list[PartyInput]:
        party_fields = PartyFieldsSerializer()
        return [party_fields.party_input(p, p.get("represents")) for p in self.validated_data["parties"]]


class SuggestionFilterSerializer(serializers.Serializer[Any]):
    """Query parameters of the assignment suggestions."""

    role = serializers.ChoiceField(
        choices=[("judge", "Judge"), ("clerk", "Clerk")],
        required=False,
        default="judge",
        help_text="Whom to suggest: judge (default) or clerk.",
    )
