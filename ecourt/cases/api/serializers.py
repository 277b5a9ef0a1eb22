"""Cases in the API: output serializers per endpoint (list rows, the detail, events, results of steps).

Input serializers live in ``inputs.py`` (intake, filters) and ``steps.py`` (one per procedural step).
Courts and people are shown with their own brief serializers, imported from those apps.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ecourt.api.enums import DEADLINE_STATE
from ecourt.courts.api.serializers import CourtBriefSerializer, DepartmentSerializer
from ecourt.deadlines.models import Deadline, DeadlineRule
from ecourt.deadlines.selectors import STATE_LABELS, deadline_state
from ecourt.people.api.serializers import UserBriefSerializer

from ..models import Appeal, Case, CaseAssignment, CaseEvent, Party
from ..selectors import CaseFile, next_deadline_state
from ..workflow import Step


def _today(context: Mapping[str, Any]) -> datetime.date:
    today = context.get("today")
    return today if isinstance(today, datetime.date) else timezone.localdate()


class CaseRefSerializer(serializers.ModelSerializer[Case]):
    """Another case, by reference (the case below an appeal, the case a transfer came from)."""

    display_number = serializers.CharField(
        read_only=True, help_text="Judgment number, else acceptance number, else the national identifier."
    )
    court = CourtBriefSerializer(read_only=True, help_text="The court that holds it now.")

    class Meta:
        model = Case
        fields = ["id", "uid", "display_number", "instance", "status", "court"]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "Case id."}}


class CaseListItemSerializer(serializers.ModelSerializer[Case]):
    """A case in a list: the docket, the cases visible to the user, a court's overdue cases.

    In a court's overdue list a president also sees sealed and in-camera cases they are not assigned
    to: those rows are ``redacted`` (the subject is withheld).
    """

    display_number = serializers.CharField(
        read_only=True, help_text="Judgment number, else acceptance number, else the national identifier."
    )
    type_code = serializers.CharField(read_only=True, help_text="Case type as courts write it, e.g. 'LĐ', 'HNGĐ'.")
    instance_code = serializers.CharField(read_only=True, help_text="Instance as courts write it, e.g. 'ST', 'GĐT'.")
    status_label = serializers.CharField(source="get_status_display", read_only=True, help_text="Status, as a label.")
    court = CourtBriefSerializer(read_only=True, help_text="The court that holds the case now.")
    origin_court = CourtBriefSerializer(
        read_only=True, help_text="The court that received the case (differs after a court reorganisation)."
    )
    judge = UserBriefSerializer(read_only=True, allow_null=True, help_text="Judge in charge, if assigned.")
    next_deadline_state = serializers.SerializerMethodField(
        help_text="How the next running time limit stands today: due, due_soon or overdue (null when none runs)."
    )
    next_deadline_rule = serializers.SerializerMethodField(
        help_text="Code of the rule of the next running time limit, e.g. 'civil.prepare_trial'."
    )
    next_deadline_name = serializers.SerializerMethodField(
        help_text="What must be done by then, in Vietnamese (null when no time limit runs)."
    )
    redacted = serializers.SerializerMethodField(
        help_text="True when the case is sealed or tried in camera and you may not view it: its subject is withheld."
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "uid",
            "display_number",
            "case_type",
            "type_code",
            "instance",
            "instance_code",
            "status",
            "status_label",
            "procedure",
            "subject",
            "court",
            "origin_court",
            "judge",
            "received_on",
            "accepted_on",
            "acceptance_number",
            "decided_on",
            "judgment_number",
            "sealed",
            "in_camera",
            "next_deadline_on",
            "next_deadline_state",
            "next_deadline_rule",
            "next_deadline_name",
            "redacted",
        ]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "Case id."}}

    @extend_schema_field(serializers.ChoiceField(choices=DEADLINE_STATE, allow_null=True))
    def get_next_deadline_state(self, case: Case) -> str | None:
        state = next_deadline_state(case, _today(self.context))
        return state.value if state is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_next_deadline_rule(self, case: Case) -> str | None:
        return case.next_deadline.rule.code if case.next_deadline_on and case.next_deadline else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_next_deadline_name(self, case: Case) -> str | None:
        return case.next_deadline.rule.name_vi if case.next_deadline_on and case.next_deadline else None

    def get_redacted(self, case: Case) -> bool:
        visible = self.context.get("visible_ids")
        return visible is not None and case.pk not in visible

    def to_representation(self, instance: Case) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if data["redacted"]:
            data["subject"] = ""
        return data


class RepresentativeSerializer(serializers.ModelSerializer[Party]):
    """A representative or lawyer acting for a party."""

    role_label = serializers.CharField(source="get_role_display", read_only=True, help_text="Role, as a label.")

    class Meta:
        model = Party
        fields = ["id", "kind", "role", "role_label", "name", "address"]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "Party id."}}


class PartySerializer(serializers.ModelSerializer[Party]):
    """A party with the representatives and lawyers who act for them."""

    role_label = serializers.CharField(source="get_role_display", read_only=True, help_text="Role, as a label.")
    national_id = serializers.SerializerMethodField(
        help_text="Citizen ID (CCCD) or enterprise code: shown to officials who may record acts on the case, "
        "empty for others. Never published."
    )
    representatives = serializers.SerializerMethodField(help_text="Representatives and lawyers acting for the party.")

    class Meta:
        model = Party
        fields = ["id", "kind", "role", "role_label", "name", "birth_year", "national_id", "address", "representatives"]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "Party id."}}

    def get_national_id(self, party: Party) -> str:
        return party.national_id if self.context.get("show_identifiers") else ""

    @extend_schema_field(RepresentativeSerializer(many=True))
    def get_representatives(self, party: Party) -> list[dict[str, Any]]:
        acting = self.context.get("representatives", {}).get(party.pk, [])
        return list(RepresentativeSerializer(acting, many=True).data)


class DeadlineSerializer(serializers.ModelSerializer[Deadline]):
    """A statutory time limit on the case, with how it stands today."""

    rule = serializers.CharField(source="rule.code", read_only=True, help_text="Rule code, e.g. 'civil.prepare_trial'.")
    name = serializers.CharField(source="rule.name", read_only=True, help_text="What must be done, in English.")
    name_vi = serializers.CharField(
        source="rule.name_vi", read_only=True, help_text="What must be done, in Vietnamese."
    )
    legal_basis = serializers.CharField(
        source="rule.legal_basis", read_only=True, help_text="Provision, e.g. 'khoản 1 Điều 203 BLTTDS 2015'."
    )
    responsible = serializers.CharField(
        source="rule.responsible", read_only=True, help_text="Who must act: president, judge, clerk, court, party …"
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True, help_text="Status, as a label.")
    state = serializers.SerializerMethodField(
        help_text="How it stands today: due, due_soon, overdue, met, cancelled, paused, window_open, window_closed."
    )
    state_label = serializers.SerializerMethodField(help_text="State, as a label.")

    class Meta:
        model = Deadline
        fields = [
            "id",
            "rule",
            "name",
            "name_vi",
            "legal_basis",
            "responsible",
            "kind",
            "starts_on",
            "due_on",
            "status",
            "status_label",
            "state",
            "state_label",
            "extensions_used",
            "closed_on",
        ]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "Deadline id."}}

    @extend_schema_field(serializers.ChoiceField(choices=DEADLINE_STATE))
    def get_state(self, deadline: Deadline) -> str:
        return deadline_state(deadline, _today(self.context)).value

    def get_state_label(self, deadline: Deadline) -> str:
        return str(STATE_LABELS[deadline_state(deadline, _today(self.context))])


class AssignmentSerializer(serializers.ModelSerializer[CaseAssignment]):
    """Who is or was on the case, from when to when, and who decided it."""

    user = UserBriefSerializer(read_only=True, help_text="Person assigned.")
    role_label = serializers.CharField(source="get_role_display", read_only=True, help_text="Role, as a label.")
    assigned_by = UserBriefSerializer(read_only=True, allow_null=True, help_text="Who made the assignment.")

    class Meta:
        model = CaseAssignment
        fields = ["user", "role", "role_label", "assigned_by", "assigned_on", "ended_on", "reason"]
        read_only_fields = fields


class AppealSerializer(serializers.ModelSerializer[Appeal]):
    """An appeal by a party or a protest by the procuracy."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True, help_text="Kind, as a label.")

    class Meta:
        model = Appeal
        fields = ["id", "kind", "kind_label", "appellant", "appellant_name", "lodged_on", "late", "grounds"]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "Appeal id."}, "appellant": {"help_text": "Party id of the appellant."}}


class StepLinkSerializer(serializers.Serializer[Any]):
    """A procedural step the user may take now."""

    name = serializers.CharField(read_only=True, help_text="Step name, the last part of its URL.")
    label = serializers.CharField(read_only=True, help_text="What the step does.")  # type: ignore[assignment]
    permission = serializers.CharField(read_only=True, help_text="Permission it needs: record, decide or assign.")
    url = serializers.SerializerMethodField(help_text="Where to POST it.")

    def get_url(self, step: Step) -> str:
        return reverse(f"api:case-step-{step.name}", kwargs={"pk": self.context["case_id"]})


class CaseDetailSerializer(CaseListItemSerializer):
    """One case with its parties, time limits, assignments, appeals, related cases, and the steps the
    user may take now. Serialize with ``context["case_file"]`` from ``selectors.case_file``."""

    clerk = UserBriefSerializer(read_only=True, allow_null=True, help_text="Clerk in charge, if assigned.")
    department = DepartmentSerializer(read_only=True, allow_null=True, help_text="Department handling the case.")
    parent = CaseRefSerializer(read_only=True, allow_null=True, help_text="For an appeal or review: the case below.")
    transferred_from = CaseRefSerializer(
        read_only=True, allow_null=True, help_text="The case at another court that was transferred here."
    )
    outcome_label = serializers.CharField(
        source="get_outcome_display", read_only=True, help_text="Outcome, as a label."
    )
    parties = serializers.SerializerMethodField(help_text="Parties in order, each with their representatives.")
    deadlines = serializers.SerializerMethodField(help_text="Statutory time limits: running ones first.")
    assignments = serializers.SerializerMethodField(help_text="Assignments, the latest first.")
    appeals = serializers.SerializerMethodField(help_text="Appeals and protests lodged.")
    higher_instance = serializers.SerializerMethodField(help_text="Cases at a higher instance opened from this one.")
    transferred_to = serializers.SerializerMethodField(help_text="Cases at other courts this one was transferred to.")
    steps = serializers.SerializerMethodField(help_text="Steps you may take now, with where to POST them.")

    class Meta(CaseListItemSerializer.Meta):
        fields = [
            *CaseListItemSerializer.Meta.fields,
            "is_complex",
            "gravity",
            "department",
            "summary",
            "value_in_dispute",
            "fee_exempt",
            "outcome",
            "outcome_label",
            "effective_on",
            "clerk",
            "parent",
            "transferred_from",
            "parties",
            "deadlines",
            "assignments",
            "appeals",
            "higher_instance",
            "transferred_to",
            "steps",
        ]
        read_only_fields = fields

    @property
    def file(self) -> CaseFile:
        file = self.context["case_file"]
        assert isinstance(file, CaseFile)
        return file

    def _next_rule(self, case: Case) -> DeadlineRule | None:
        # From the deadlines the case file loaded: no query of its own.
        if case.next_deadline_on is None:
            return None
        return next((d.rule for d, _state in self.file.deadlines if d.pk == case.next_deadline_id), None)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_next_deadline_rule(self, case: Case) -> str | None:
        rule = self._next_rule(case)
        return rule.code if rule is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_next_deadline_name(self, case: Case) -> str | None:
        rule = self._next_rule(case)
        return rule.name_vi if rule is not None else None

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, case: Case) -> list[dict[str, Any]]:
        representatives: dict[int, list[Party]] = {}
        for party in self.file.parties:
            if party.represents_id is not None:
                representatives.setdefault(party.represents_id, []).append(party)
        principals = [party for party in self.file.parties if party.represents_id is None]
        context = {
            "representatives": representatives,
            "show_identifiers": "record" in self.file.access.permissions,
        }
        return list(PartySerializer(principals, many=True, context=context).data)

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, case: Case) -> list[dict[str, Any]]:
        deadlines = [deadline for deadline, _state in self.file.deadlines]
        return list(DeadlineSerializer(deadlines, many=True, context=self.context).data)

    @extend_schema_field(AssignmentSerializer(many=True))
    def get_assignments(self, case: Case) -> list[dict[str, Any]]:
        return list(AssignmentSerializer(self.file.assignments, many=True).data)

    @extend_schema_field(AppealSerializer(many=True))
    def get_appeals(self, case: Case) -> list[dict[str, Any]]:
        return list(AppealSerializer(self.file.appeals, many=True).data)

    @extend_schema_field(CaseRefSerializer(many=True))
    def get_higher_instance(self, case: Case) -> list[dict[str, Any]]:
        return list(CaseRefSerializer(self.file.higher_instance, many=True).data)

    @extend_schema_field(CaseRefSerializer(many=True))
    def get_transferred_to(self, case: Case) -> list[dict[str, Any]]:
        return list(CaseRefSerializer(self.file.transferred_to, many=True).data)

    @extend_schema_field(StepLinkSerializer(many=True))
    def get_steps(self, case: Case) -> list[dict[str, Any]]:
        from .steps import STEP_INPUTS

        steps = [step for step in self.file.steps if step.name in STEP_INPUTS]
        return list(StepLinkSerializer(steps, many=True, context={"case_id": case.pk}).data)


class CaseEventSerializer(serializers.ModelSerializer[CaseEvent]):
    """One entry in the history of a case."""

    kind_label = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="What happened, as a label."
    )
    actor = UserBriefSerializer(read_only=True, allow_null=True, help_text="Who did it (null for the system).")

    class Meta:
        model = CaseEvent
        fields = [
            "seq",
            "kind",
            "kind_label",
            "occurred_on",
            "recorded_at",
            "actor",
            "status_before",
            "status_after",
            "document_number",
            "data",
        ]
        read_only_fields = fields


class CaseActionResultSerializer(serializers.Serializer[Any]):
    """What a write returns: the case as it is now, and the event the write recorded."""

    case_id = serializers.IntegerField(read_only=True, help_text="Id of the case acted on.")
    case = CaseDetailSerializer(
        read_only=True,
        allow_null=True,
        help_text="The case as it is now; null when you may act on the case without viewing it "
        "(a president assigning a sealed or in-camera case).",
    )
    event = CaseEventSerializer(read_only=True, help_text="The event the action wrote into the case's history.")


class JudgeLoadSerializer(serializers.Serializer[Any]):
    """An official who could take the case, with their load."""

    judge = UserBriefSerializer(read_only=True, help_text="The judge (or clerk).")
    pending = serializers.IntegerField(read_only=True, help_text="Pending cases they hold in this court.")
    recent = serializers.IntegerField(read_only=True, help_text="Cases assigned to them in the last 90 days.")
    suggested = serializers.BooleanField(
        read_only=True, help_text="The even-load suggestion; choosing someone else needs a reason."
    )


class JudgeRowSerializer(serializers.Serializer[Any]):
    """Pending cases of one judge of the court (judge_id null: not yet assigned)."""

    judge_id = serializers.IntegerField(read_only=True, allow_null=True, help_text="User id of the judge.")
    name = serializers.CharField(read_only=True, help_text="Full name of the judge (empty when unassigned).")
    pending = serializers.IntegerField(read_only=True, help_text="Pending cases.")
    overdue = serializers.IntegerField(read_only=True, help_text="Of which past a statutory time limit.")
    due_soon = serializers.IntegerField(read_only=True, help_text="Of which with a time limit falling due soon.")


class CourtOverviewSerializer(serializers.Serializer[Any]):
    """The president's overview of a court's pending cases."""

    court = serializers.IntegerField(read_only=True, help_text="Court id.")
    on = serializers.DateField(read_only=True, help_text="The day the counts are for (today).")
    pending = serializers.IntegerField(read_only=True, help_text="Pending cases.")
    overdue = serializers.IntegerField(
        read_only=True,
        help_text="Cases past a statutory time limit, as on the overdue list: pending ones and closed ones whose "
        "judgment was not published in time.",
    )
    due_soon = serializers.IntegerField(
        read_only=True,
        help_text="Cases with a time limit falling due soon (pending, or closed with the publication due).",
    )
    unassigned = serializers.IntegerField(read_only=True, help_text="Pending cases without a judge.")
    by_status = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text="Pending cases per status."
    )
    by_type = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text="Pending cases per case type."
    )
    judges = JudgeRowSerializer(many=True, read_only=True, help_text="Per judge, the most overdue first.")
