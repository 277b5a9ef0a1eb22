"""Case endpoints: lists, intake, the case, its timeline, assignment suggestions, the procedural steps,
and the president's overdue list and overview of a court.

Views stay thin: input serializers validate, services act (``cases.services``), selectors read
(``cases.selectors``); a case is read only through ``access_case_for_user`` and every list of cases is
recorded with ``selectors.audit_list``.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any, ClassVar

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from ecourt.api.errors import InvalidInput, UnknownStep
from ecourt.api.pagination import paginate
from ecourt.api.schema import CASE_ID, COURT_ID, error_responses
from ecourt.courts.models import Court
from ecourt.people.models import Role
from ecourt.people.selectors import roles_summary

from .. import selectors
from ..access import CaseNotFound, CasePermission, access_case_for_user
from ..models import Case, CaseEvent, CaseType
from ..services import assignment, intake
from ..services.steps import TransitionError
from ..workflow import STEPS, Step
from .inputs import CaseFilterSerializer, CaseIntakeSerializer, SuggestionFilterSerializer
from .serializers import (
    CaseActionResultSerializer,
    CaseDetailSerializer,
    CaseEventSerializer,
    CaseListItemSerializer,
    CourtOverviewSerializer,
    JudgeLoadSerializer,
)
from .steps import STEP_INPUTS, SYSTEM_STEPS, StepInput


def detail_context(case: Case, user: Any, today: datetime.date) -> dict[str, Any]:
    return {"case_file": selectors.case_file(case, user, today, with_events=False), "today": today}


def action_result(user: Any, case_id: int, event: CaseEvent) -> dict[str, Any]:
    """The response of a write: the case as the user may now see it, and the event written."""
    today = timezone.localdate()
    try:
        case: Case | None = access_case_for_user(user, case_id)
    except CaseNotFound:  # acting without viewing: a president assigning a sealed case
        case = None
    context = detail_context(case, user, today) if case is not None else {"today": today}
    return dict(CaseActionResultSerializer({"case_id": case_id, "case": case, "event": event}, context=context).data)


class CaseViewSet(viewsets.GenericViewSet[Case]):
    lookup_value_converter = "int"
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Cases you may view, or your docket (mine=true)",
        parameters=[CaseFilterSerializer],
        responses={200: CaseListItemSerializer(many=True), **error_responses(400)},
    )
    def list(self, request: Request) -> Response:
        filters = CaseFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        today = timezone.localdate()
        if f["mine"]:
            cases = selectors.docket(request.user, status=f.get("status", ""), deadline=f.get("deadline", ""))
        else:
            cases = selectors.visible_cases(request.user)
            if f.get("status"):
                cases = cases.filter(status=f["status"])
            cases = selectors.with_deadline_filter(cases, f.get("deadline", ""), today)
        if f.get("court"):
            cases = cases.filter(court_id=f["court"])
        if f.get("case_type"):
            cases = cases.filter(case_type=f["case_type"])
        page = paginate(self, cases)
        selectors.audit_list(request.user, "api.cases", page, filters={k: str(v) for k, v in f.items()})
        return self.get_paginated_response(CaseListItemSerializer(page, many=True, context={"today": today}).data)

    @extend_schema(
        summary="Receive a petition, or a criminal case file (case_type HS with a gravity)",
        request=CaseIntakeSerializer,
        responses={201: CaseActionResultSerializer, **error_responses(400, 403)},
    )
    def create(self, request: Request) -> Response:
        serializer = CaseIntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        common: dict[str, Any] = {
            "actor": request.user,
            "court": d["court"],
            "subject": d["subject"],
            "parties": serializer.party_inputs(),
            "received_on": d.get("received_on"),
            "summary": d["summary"],
            "department": d.get("department"),
            "sealed": d["sealed"],
            "in_camera": d["in_camera"],
        }
        try:
            if d["case_type"] == CaseType.HS:
                case = intake.receive_case_file(
                    **common, gravity=d["gravity"], indictment_number=d["indictment_number"]
                )
            else:
                case = intake.receive_petition(
                    **common,
                    case_type=d["case_type"],
                    value_in_dispute=d.get("value_in_dispute"),
                    fee_exempt=d["fee_exempt"],
                    channel=d["channel"],
                )
        except TransitionError as exc:
            raise InvalidInput(str(exc)) from exc
        event = case.events.select_related("actor").get(seq=1)
        return Response(action_result(request.user, case.pk, event), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="One case: parties, deadlines, assignments, and the steps you may take now",
        parameters=[CASE_ID],
        responses={200: CaseDetailSerializer, **error_responses(404)},
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        case = access_case_for_user(request.user, pk)
        today = timezone.localdate()
        return Response(CaseDetailSerializer(case, context=detail_context(case, request.user, today)).data)

    @extend_schema(
        summary="The timeline of a case, oldest event first",
        parameters=[CASE_ID],
        responses={200: CaseEventSerializer(many=True), **error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: int) -> Response:
        case = access_case_for_user(request.user, pk)
        page = paginate(self, case.events.select_related("actor").order_by("seq"))
        return self.get_paginated_response(CaseEventSerializer(page, many=True).data)

    @extend_schema(
        summary="Judges (or clerks) of the court who could take the case, least loaded first",
        parameters=[CASE_ID, SuggestionFilterSerializer],
        responses={200: JudgeLoadSerializer(many=True), **error_responses(400, 403, 404)},
    )
    @action(detail=True, methods=["get"], url_path="suggested-judges", pagination_class=None)
    def suggested_judges(self, request: Request, pk: int) -> Response:
        filters = SuggestionFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        role = filters.validated_data["role"]
        case = access_case_for_user(request.user, pk, CasePermission.ASSIGN)
        suggested = assignment.suggest(case, role)
        loads = [
            {"judge": load.judge, "pending": load.pending, "recent": load.recent, "suggested": load.judge == suggested}
            for load in assignment.judge_loads(case, role=role)
        ]
        return Response(JudgeLoadSerializer(loads, many=True).data)


def _describe(step: Step, input_class: type[StepInput]) -> str:
    permission = {
        CasePermission.RECORD: "record (officials of the court that holds the case)",
        CasePermission.DECIDE: "decide (the judge in charge of the case)",
        CasePermission.ASSIGN: "assign (the president or a vice president of the court)",
    }[step.permission]
    return "\n\n".join(
        [
            (input_class.__doc__ or "").strip(),
            f"Permission: {permission}.",
            "Allowed when the status is one of: " + ", ".join(sorted(step.sources)) + ".",
            f"Status after: {step.target or 'unchanged'}.",
            "Case types: "
            + ", ".join(sorted(step.case_types))
            + "; instances: "
            + ", ".join(sorted(step.instances))
            + ".",
            "Answers 400 invalid_transition when the step is not allowed now, with the reason.",
        ]
    )


class CaseStepView(generics.GenericAPIView[Case]):
    """Take one procedural step on a case (the subclasses in ``STEP_VIEWS`` name which)."""

    step_input: ClassVar[type[StepInput]]
    parser_classes = [JSONParser]

    def post(self, request: Request, pk: int) -> Response:
        step = STEPS[self.step_input.step]
        # Not visible → 404, not permitted → 403, before the input is even read.
        access_case_for_user(request.user, pk, step.permission)
        serializer = self.step_input(data=request.data, context={"case_id": pk})
        serializer.is_valid(raise_exception=True)
        result = serializer.take(request.user, pk)
        return Response(action_result(request.user, pk, result.event))


def _step_view(name: str, input_class: type[StepInput]) -> type[CaseStepView]:
    step = STEPS[name]

    @extend_schema(
        operation_id=f"cases_step_{name}",
        summary=step.label,
        description=_describe(step, input_class),
        parameters=[CASE_ID],
        request=input_class,
        responses={200: CaseActionResultSerializer, **error_responses(400, 403, 404)},
        tags=["steps"],
    )
    def post(self: CaseStepView, request: Request, pk: int) -> Response:
        return CaseStepView.post(self, request, pk)

    return type(
        "".join(part.title() for part in name.split("_")) + "StepView",
        (CaseStepView,),
        {"step_input": input_class, "post": post, "__doc__": input_class.__doc__, "__module__": __name__},
    )


STEP_VIEWS: dict[str, type[CaseStepView]] = {name: _step_view(name, cls) for name, cls in STEP_INPUTS.items()}


@extend_schema(exclude=True)
class UnknownStepView(generics.GenericAPIView[Case]):
    """Any other step name: 404 with the list of steps."""

    def post(self, request: Request, pk: int, step: str) -> Response:
        if step in SYSTEM_STEPS:
            raise UnknownStep(f"Bước '{step}' do hệ thống thực hiện, không qua API")
        raise UnknownStep(f"Không có bước tố tụng '{step}'. Các bước: {', '.join(sorted(STEP_INPUTS))}")

    get = put = patch = delete = post


def _check_presides(user: Any, court_id: int) -> None:
    if not Court.objects.filter(pk=court_id).exists():
        raise NotFound("Không tìm thấy Tòa án")
    if not roles_summary(user).has_role(court_id, Role.PRESIDENT, Role.VICE_PRESIDENT):
        raise PermissionDenied("Chỉ Chánh án, Phó Chánh án của Tòa án này mới xem được")


class CourtOverdueView(generics.GenericAPIView[Case]):
    @extend_schema(
        operation_id="courts_overdue_list",
        summary="Cases of a court past a statutory time limit, the oldest first (presidents)",
        parameters=[COURT_ID],
        responses={200: CaseListItemSerializer(many=True), **error_responses(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        _check_presides(request.user, pk)
        today = timezone.localdate()
        page = paginate(self, selectors.overdue_cases(pk, today))
        ids = [case.pk for case in page]
        visible = set(selectors.visible_cases(request.user).filter(pk__in=ids).values_list("pk", flat=True))
        selectors.audit_list(request.user, "api.court_overdue", page, court=pk)
        context = {"today": today, "visible_ids": visible}
        return self.get_paginated_response(CaseListItemSerializer(page, many=True, context=context).data)


class CourtOverviewView(generics.GenericAPIView[Case]):
    @extend_schema(
        operation_id="courts_overview_retrieve",
        summary="Pending, overdue and due-soon cases of a court, by judge, status and type (presidents)",
        parameters=[COURT_ID],
        responses={200: CourtOverviewSerializer, **error_responses(403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        _check_presides(request.user, pk)
        today = timezone.localdate()
        overview = selectors.court_overview(pk, today)
        selectors.audit_list(request.user, "api.court_overview", [], court=pk)
        return Response(CourtOverviewSerializer({"court": pk, "on": today, **asdict(overview)}).data)
