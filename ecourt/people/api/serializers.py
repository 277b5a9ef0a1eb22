"""People in the API: the signed-in user with today's memberships, and the officials of a court.

``UserBriefSerializer`` is how other resources (cases, events, assignments) show a person.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ecourt.courts.api.serializers import CourtBriefSerializer, DepartmentSerializer

from ..models import Membership, User


class UserBriefSerializer(serializers.ModelSerializer[User]):
    """A person as other resources show them."""

    class Meta:
        model = User
        fields = ["id", "full_name"]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "User id."}}


class UserSerializer(serializers.ModelSerializer[User]):
    """The signed-in user."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True, help_text="Kind, as a label.")

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "kind", "kind_label", "organisation"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "User id."},
            "username": {"help_text": "Login name."},
            "email": {"help_text": "E-mail address."},
        }


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    """A role the user holds in a court."""

    court = CourtBriefSerializer(read_only=True, help_text="Court.")
    role_label = serializers.CharField(source="get_role_display", read_only=True, help_text="Role, as a label.")
    department = DepartmentSerializer(read_only=True, allow_null=True, help_text="Department within the court, if any.")

    class Meta:
        model = Membership
        fields = ["court", "role", "role_label", "department", "title", "valid_from", "valid_to"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer[Any]):
    """Who is signed in, and their roles on the day."""

    user = UserSerializer(read_only=True, help_text="The signed-in user.")
    on = serializers.DateField(read_only=True, help_text="The day the memberships are given for (today).")
    memberships = MembershipSerializer(many=True, read_only=True, help_text="Roles held in courts on that day.")


class CourtMemberSerializer(serializers.ModelSerializer[Membership]):
    """An official of a court with one role they hold there today (a person with two roles appears twice)."""

    user = UserBriefSerializer(read_only=True, help_text="The official.")
    role_label = serializers.CharField(source="get_role_display", read_only=True, help_text="Role, as a label.")
    department = DepartmentSerializer(read_only=True, allow_null=True, help_text="Department within the court, if any.")

    class Meta:
        model = Membership
        fields = ["user", "role", "role_label", "department", "title", "valid_from", "valid_to"]
        read_only_fields = fields
