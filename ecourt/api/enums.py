"""Choice sets whose field names recur with different meanings (kind, role, status, state), named
for the OpenAPI schema. ``SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]`` points here, so each enum
component has a stable, descriptive name instead of a hash suffix."""

from __future__ import annotations

from ecourt.cases.models import Appeal, AssignmentRole, EventKind, PartyKind, PartyRole, Status
from ecourt.citations.api.serializers import CITATION_KINDS
from ecourt.courts.models import DepartmentKind, SuccessionKind
from ecourt.deadlines.models import DeadlineStatus, RuleKind
from ecourt.deadlines.selectors import STATE_LABELS, DeadlineState
from ecourt.laws.models import DocumentStatus, DocumentType, ProvisionKind, RelationKind
from ecourt.people.models import Role, UserKind
from ecourt.precedents.models import PrecedentStatus

CASE_STATUS = Status
DEADLINE_STATUS = DeadlineStatus
# How a time limit stands today (deadlines.selectors.deadline_state), with its labels.
DEADLINE_STATE = [(state.value, STATE_LABELS[state]) for state in DeadlineState]
DEADLINE_KIND = RuleKind
PARTY_ROLE = PartyRole
PARTY_KIND = PartyKind
MEMBERSHIP_ROLE = Role
ASSIGNMENT_ROLE = AssignmentRole
DEPARTMENT_KIND = DepartmentKind
SUCCESSION_KIND = SuccessionKind
EVENT_KIND = EventKind
APPEAL_KIND = Appeal.Kind
USER_KIND = UserKind
LEGAL_DOCUMENT_TYPE = DocumentType
LEGAL_DOCUMENT_STATUS = DocumentStatus
PROVISION_KIND = ProvisionKind
RELATION_KIND = RelationKind
CITATION_KIND = CITATION_KINDS
PRECEDENT_STATUS = PrecedentStatus
