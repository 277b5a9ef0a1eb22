"""People: who am I, and who works in a court."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from ecourt.api.auth import signed_in_user
from ecourt.api.pagination import paginate
from ecourt.api.schema import COURT_ID, error_responses
from ecourt.courts.models import Court

from ..models import Membership
from ..selectors import active_memberships, roles_summary
from .serializers import CourtMemberSerializer, MeSerializer


class MeView(generics.GenericAPIView[Membership]):
    @extend_schema(
        operation_id="people_me",
        summary="The signed-in user, their kind and today's memberships",
        responses={200: MeSerializer, **error_responses()},
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        user = signed_in_user(request)
        memberships = active_memberships(user, today).order_by("court__code", "role")
        return Response(MeSerializer({"user": user, "on": today, "memberships": memberships}).data)


class CourtMembersView(generics.GenericAPIView[Membership]):
    """Officials of a court with the roles they hold today. Officials of the court may see the list."""

    @extend_schema(
        operation_id="courts_members_list",
        summary="Officials of a court with their roles today",
        parameters=[COURT_ID],
        responses={200: CourtMemberSerializer(many=True), **error_responses(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        if not Court.objects.filter(pk=pk).exists():
            raise NotFound("Không tìm thấy Tòa án")
        if pk not in roles_summary(request.user).by_court:
            raise PermissionDenied("Chỉ cán bộ của Tòa án này mới xem được danh sách cán bộ")
        page = paginate(self, self.members(pk))
        return self.get_paginated_response(CourtMemberSerializer(page, many=True).data)

    @staticmethod
    def members(court_id: int) -> QuerySet[Membership]:
        return (
            Membership.objects.active_on(timezone.localdate())
            .filter(court_id=court_id, user__is_active=True)
            .select_related("user", "department")
            .order_by("user__full_name", "user_id", "role", "id")
        )
