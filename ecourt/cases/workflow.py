"""The procedural steps of a case, as data: which event each writes, from which statuses it may be
taken, the status it leads to, and the permission it needs.

The service functions in ``services/`` take these steps; the case page reads the same table to offer
only the steps that are allowed now; the demo generator walks it to build plausible histories.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import CasePermission
from .models import CaseType, EventKind, Instance, Status

CIVIL_TYPES = frozenset({CaseType.DS, CaseType.HNGD, CaseType.KDTM, CaseType.LD})
PETITION_TYPES = CIVIL_TYPES | {CaseType.HC}
ALL_TYPES = PETITION_TYPES | {CaseType.HS}
ALL_INSTANCES = frozenset(Instance)

_AFTER_PETITION = frozenset(
    {
        Status.FILE_RECEIVED,
        Status.AMENDMENT_REQUESTED,
        Status.AWAITING_FEE_NOTICE,
        Status.FEE_NOTIFIED,
        Status.FEE_PAID,
        Status.PREPARING,
        Status.SUSPENDED,
        Status.TRIAL_SCHEDULED,
        Status.DECIDED,
        Status.APPEALED,
    }
)


@dataclass(frozen=True)
class Step:
    name: str
    label: str | Promise
    event: EventKind
    sources: frozenset[Status]
    target: Status | None  # None: the status does not change
    permission: CasePermission
    case_types: frozenset[str] = ALL_TYPES
    instances: frozenset[str] = ALL_INSTANCES

    def allowed_for(self, case_type: str, instance: str, status: str) -> bool:
        return case_type in self.case_types and instance in self.instances and status in self.sources


def _s(*statuses: Status) -> frozenset[Status]:
    return frozenset(statuses)


STEPS: dict[str, Step] = {
    step.name: step
    for step in [
        Step(
            "assign_petition",
            _("Assign a judge to review the petition"),
            EventKind.PETITION_ASSIGNED,
            _s(Status.PETITION_RECEIVED, Status.PETITION_ASSIGNED),
            Status.PETITION_ASSIGNED,
            CasePermission.ASSIGN,
            PETITION_TYPES,
            frozenset({Instance.ST}),
        ),
        Step(
            "assign_judge",
            _("Assign the judge in charge"),
            EventKind.JUDGE_ASSIGNED,
            _AFTER_PETITION,
            None,
            CasePermission.ASSIGN,
        ),
        Step(
            "assign_clerk",
            _("Assign the clerk"),
            EventKind.CLERK_ASSIGNED,
            _AFTER_PETITION | {Status.PETITION_RECEIVED, Status.PETITION_ASSIGNED},
            None,
            CasePermission.ASSIGN,
        ),
        Step(
            "assign_panel_member",
            _("Name a member of the trial panel"),
            EventKind.PANEL_MEMBER_ASSIGNED,
            _AFTER_PETITION,
            None,
            CasePermission.ASSIGN,
        ),
        Step(
            "request_amendment",
            _("Request amendment of the petition"),
            EventKind.AMENDMENT_REQUESTED,
            _s(Status.PETITION_ASSIGNED),
            Status.AMENDMENT_REQUESTED,
            CasePermission.DECIDE,
            PETITION_TYPES,
        ),
        Step(
            "record_amendment",
            _("Record the amended petition"),
            EventKind.PETITION_AMENDED,
            _s(Status.AMENDMENT_REQUESTED),
            Status.PETITION_ASSIGNED,
            CasePermission.RECORD,
            PETITION_TYPES,
        ),
        Step(
            "decide_to_accept",
            _("Proceed with acceptance"),
            EventKind.ACCEPT_DECIDED,
            _s(Status.PETITION_ASSIGNED),
            Status.AWAITING_FEE_NOTICE,
            CasePermission.DECIDE,
            PETITION_TYPES,
        ),
        Step(
            "issue_fee_notice",
            _("Issue the advance fee notice"),
            EventKind.FEE_NOTICE_ISSUED,
            _s(Status.AWAITING_FEE_NOTICE),
            Status.FEE_NOTIFIED,
            CasePermission.DECIDE,
            PETITION_TYPES,
        ),
        Step(
            "record_fee_payment",
            _("Record the fee receipt"),
            EventKind.FEE_PAID,
            _s(Status.FEE_NOTIFIED),
            Status.FEE_PAID,
            CasePermission.RECORD,
            PETITION_TYPES,
        ),
        Step(
            "exempt_from_fee",
            _("Exempt from the advance court fee"),
            EventKind.FEE_EXEMPTED,
            _s(Status.AWAITING_FEE_NOTICE, Status.FEE_NOTIFIED),
            None,
            CasePermission.DECIDE,
            PETITION_TYPES,
        ),
        Step(
            "accept_case",
            _("Accept the case (thụ lý)"),
            EventKind.CASE_ACCEPTED,
            # fee notified: only once the petitioner was exempted after the notice (exempt_from_fee)
            _s(Status.FEE_PAID, Status.AWAITING_FEE_NOTICE, Status.FEE_NOTIFIED),
            Status.PREPARING,
            CasePermission.DECIDE,
            PETITION_TYPES,
        ),
        Step(
            "register_case_file",
            _("Register the case file (thụ lý)"),
            EventKind.CASE_ACCEPTED,
            _s(Status.FILE_RECEIVED),
            Status.PREPARING,
            CasePermission.RECORD,
        ),
        Step(
            "return_petition",
            _("Return the petition"),
            EventKind.PETITION_RETURNED,
            _s(Status.PETITION_ASSIGNED, Status.AMENDMENT_REQUESTED, Status.FEE_NOTIFIED),
            Status.RETURNED,
            CasePermission.DECIDE,
            PETITION_TYPES,
        ),
        Step(
            "transfer_case",
            _("Transfer to the competent court"),
            EventKind.PETITION_TRANSFERRED,
            _s(Status.PETITION_ASSIGNED, Status.PREPARING),
            Status.TRANSFERRED,
            CasePermission.DECIDE,
        ),
        Step(
            "notify_acceptance",
            _("Record the notice of acceptance"),
            EventKind.ACCEPTANCE_NOTIFIED,
            _s(Status.PREPARING, Status.SUSPENDED, Status.TRIAL_SCHEDULED),
            None,
            CasePermission.RECORD,
        ),
        Step(
            "extend_time_limit",
            _("Extend a time limit"),
            EventKind.PREPARATION_EXTENDED,
            _AFTER_PETITION | {Status.PETITION_ASSIGNED},
            None,
            CasePermission.ASSIGN,
        ),
        # A time limit set for a party (amendment of the petition) is extended by the judge who set it.
        Step(
            "extend_party_time_limit",
            _("Extend a time limit set for a party"),
            EventKind.PREPARATION_EXTENDED,
            _AFTER_PETITION | {Status.PETITION_ASSIGNED},
            None,
            CasePermission.DECIDE,
        ),
        Step(
            "suspend_case",
            _("Suspend the proceedings"),
            EventKind.CASE_SUSPENDED,
            _s(Status.PREPARING, Status.TRIAL_SCHEDULED),
            Status.SUSPENDED,
            CasePermission.DECIDE,
        ),
        Step(
            "resume_case",
            _("Resume the proceedings"),
            EventKind.CASE_RESUMED,
            _s(Status.SUSPENDED),
            Status.PREPARING,
            CasePermission.DECIDE,
        ),
        Step(
            "bring_to_trial",
            _("Bring the case to trial"),
            EventKind.TRIAL_SCHEDULED,
            _s(Status.PREPARING),
            Status.TRIAL_SCHEDULED,
            CasePermission.DECIDE,
        ),
        Step(
            "issue_judgment",
            _("Record the judgment"),
            EventKind.JUDGMENT_ISSUED,
            _s(Status.TRIAL_SCHEDULED),
            Status.DECIDED,
            CasePermission.DECIDE,
        ),
        Step(
            "terminate_proceedings",
            _("Terminate the proceedings"),
            EventKind.DECISION_ISSUED,
            _s(Status.PREPARING, Status.SUSPENDED, Status.TRIAL_SCHEDULED),
            Status.DECIDED,
            CasePermission.DECIDE,
        ),
        Step(
            "recognise_settlement",
            _("Recognise the parties' settlement"),
            EventKind.SETTLEMENT_RECOGNISED,
            _s(Status.PREPARING, Status.TRIAL_SCHEDULED),
            Status.EFFECTIVE,
            CasePermission.DECIDE,
            CIVIL_TYPES,
            frozenset({Instance.ST}),
        ),
        Step(
            "lodge_appeal",
            _("Record an appeal or protest"),
            EventKind.APPEAL_LODGED,
            _s(Status.DECIDED, Status.APPEALED),
            Status.APPEALED,
            CasePermission.RECORD,
            ALL_TYPES,
            frozenset({Instance.ST}),
        ),
        Step(
            "issue_appeal_fee_notice",
            _("Issue the appeal advance fee notice"),
            EventKind.APPEAL_FEE_NOTICE_ISSUED,
            _s(Status.APPEALED),
            None,
            CasePermission.DECIDE,
            PETITION_TYPES,
            frozenset({Instance.ST}),
        ),
        Step(
            "record_appeal_fee_payment",
            _("Record the appeal fee receipt"),
            EventKind.APPEAL_FEE_PAID,
            _s(Status.APPEALED),
            None,
            CasePermission.RECORD,
            PETITION_TYPES,
            frozenset({Instance.ST}),
        ),
        Step(
            "send_to_appellate_court",
            _("Send the file to the appellate court"),
            EventKind.FILE_SENT_TO_APPEAL,
            _s(Status.APPEALED),
            Status.SENT_TO_APPEAL,
            CasePermission.RECORD,
            ALL_TYPES,
            frozenset({Instance.ST}),
        ),
        Step(
            "order_retrial",
            _("Record the appellate order for a new trial"),
            EventKind.RETRIAL_ORDERED,
            _s(Status.SENT_TO_APPEAL),
            Status.FILE_RECEIVED,
            CasePermission.RECORD,
        ),
        Step(
            "take_over",
            _("Hand the case to the successor court"),
            EventKind.COURT_SUCCEEDED,
            frozenset(Status) - {Status.EFFECTIVE, Status.TRANSFERRED, Status.RETURNED},
            None,
            CasePermission.ASSIGN,
        ),
        Step(
            "add_party",
            _("Add a party"),
            EventKind.PARTY_ADDED,
            frozenset(Status) - {Status.EFFECTIVE, Status.TRANSFERRED, Status.RETURNED},
            None,
            CasePermission.RECORD,
        ),
        Step(
            "declare_effective",
            _("Record that the judgment is in legal effect"),
            EventKind.LEGAL_EFFECT,
            # appealed: only when every appeal was abandoned for its unpaid fee (appeals.abandoned_appeals)
            _s(Status.DECIDED, Status.SENT_TO_APPEAL, Status.APPEALED),
            Status.EFFECTIVE,
            CasePermission.RECORD,
        ),
    ]
}


def available_steps(case_type: str, instance: str, status: str) -> list[Step]:
    return [step for step in STEPS.values() if step.allowed_for(case_type, instance, status)]
