"""Cases, their parties, assignments, numbers and the event history that records every change.

The status of a case changes only through the transition functions in ``services/transitions.py``;
each leaves a ``CaseEvent`` with who, what, when, and the values before and after.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecourt.vietnamese import fold, normalize


class CaseType(models.TextChoices):
    """Case types (§4.1). Values are ASCII; ``official_code`` gives the code courts write."""

    DS = "DS", _("Civil")
    HNGD = "HNGD", _("Marriage and family")
    KDTM = "KDTM", _("Business and commercial")
    LD = "LD", _("Labour")
    HC = "HC", _("Administrative")
    HS = "HS", _("Criminal")


OFFICIAL_TYPE_CODE = {
    CaseType.DS: "DS",
    CaseType.HNGD: "HNGĐ",
    CaseType.KDTM: "KDTM",
    CaseType.LD: "LĐ",
    CaseType.HC: "HC",
    CaseType.HS: "HS",
}


class Instance(models.TextChoices):
    ST = "ST", _("First instance")
    PT = "PT", _("Appeal")
    GDT = "GDT", _("Cassation review")
    TT = "TT", _("Reopening")


OFFICIAL_INSTANCE_CODE = {Instance.ST: "ST", Instance.PT: "PT", Instance.GDT: "GĐT", Instance.TT: "TT"}


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary procedure")
    SUMMARY = "summary", _("Summary procedure")


class Gravity(models.TextChoices):
    """Categories of criminal offences (Criminal Code 2015, Art. 9); they set criminal time limits."""

    LESS_SERIOUS = "less_serious", _("Less serious")
    SERIOUS = "serious", _("Serious")
    VERY_SERIOUS = "very_serious", _("Very serious")
    PARTICULARLY_SERIOUS = "particularly_serious", _("Particularly serious")


class Status(models.TextChoices):
    PETITION_RECEIVED = "petition_received", _("Petition received")
    FILE_RECEIVED = "file_received", _("Case file received")
    PETITION_ASSIGNED = "petition_assigned", _("Petition assigned to a judge")
    AMENDMENT_REQUESTED = "amendment_requested", _("Amendment of the petition requested")
    AWAITING_FEE_NOTICE = "awaiting_fee_notice", _("To be accepted: fee notice pending")
    FEE_NOTIFIED = "fee_notified", _("Advance court fee notified")
    FEE_PAID = "fee_paid", _("Advance court fee paid")
    PREPARING = "preparing", _("Accepted: preparing for trial")
    SUSPENDED = "suspended", _("Suspended")
    TRIAL_SCHEDULED = "trial_scheduled", _("Brought to trial")
    DECIDED = "decided", _("Judgment or decision issued")
    APPEALED = "appealed", _("Appealed or protested")
    SENT_TO_APPEAL = "sent_to_appeal", _("File sent to the appellate court")
    EFFECTIVE = "effective", _("In legal effect")
    TRANSFERRED = "transferred", _("Transferred to another court")
    RETURNED = "returned", _("Petition returned")


# Statuses in which a case still waits for something from the court: the docket shows these.
PENDING_STATUSES = frozenset(
    {
        Status.PETITION_RECEIVED,
        Status.FILE_RECEIVED,
        Status.PETITION_ASSIGNED,
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
# The same, as a list in a fixed order: queries and the partial indexes below must agree on it.
PENDING_STATUS_LIST = sorted(status.value for status in PENDING_STATUSES)
# Accepted (thụ lý) and not yet resolved: the caseload the statistics count.
ACCEPTED_STATUSES = frozenset({Status.PREPARING, Status.SUSPENDED, Status.TRIAL_SCHEDULED})
CLOSED_STATUSES = frozenset({Status.EFFECTIVE, Status.TRANSFERRED, Status.RETURNED, Status.SENT_TO_APPEAL})
# On a docket: a pending case, or a closed one with a running duty (its judgment to publish). Queries and
# the partial docket indexes must use this same expression for PostgreSQL to match them.
DOCKET_CONDITION = Q(status__in=PENDING_STATUS_LIST) | Q(next_deadline_on__isnull=False)


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Claim granted")
    PARTLY_GRANTED = "partly_granted", _("Claim partly granted")
    DISMISSED = "dismissed", _("Claim dismissed")
    SETTLED = "settled", _("Settlement recognised")
    TERMINATED = "terminated", _("Proceedings terminated")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    UPHELD = "upheld", _("First-instance judgment upheld")
    MODIFIED = "modified", _("First-instance judgment modified")
    QUASHED = "quashed", _("First-instance judgment quashed")


class Case(models.Model):
    uid = models.CharField(
        max_length=25,
        unique=True,
        help_text="National case identifier NNNNNNN-DD.YYYY.T.CCCCC with ISO 7064 mod 97-10 check digits.",
    )
    case_type = models.CharField(max_length=4, choices=CaseType.choices, help_text="Case type (§4.1).")
    instance = models.CharField(max_length=3, choices=Instance.choices, help_text="Instance.")
    status = models.CharField(
        max_length=24, choices=Status.choices, help_text="Procedural status; changed only by transitions."
    )
    procedure = models.CharField(
        max_length=10, choices=Procedure.choices, default=Procedure.ORDINARY, help_text="Ordinary or summary."
    )
    is_complex = models.BooleanField(default=False, help_text="Complex case (allows extended preparation).")
    gravity = models.CharField(
        max_length=24, choices=Gravity.choices, blank=True, help_text="Offence category (criminal cases)."
    )
    court = models.ForeignKey(
        "courts.Court",
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="The court that holds the case now.",
    )
    origin_court = models.ForeignKey(
        "courts.Court",
        on_delete=models.PROTECT,
        related_name="originated_cases",
        help_text="The court that received the case (kept when a reorganisation moves it).",
    )
    department = models.ForeignKey(
        "courts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="Department handling the case.",
    )
    subject = models.CharField(
        max_length=500, help_text="Legal relation in dispute or offence, e.g. 'Tranh chấp hợp đồng vay tài sản'."
    )
    summary = models.TextField(blank=True, help_text="Short description of the claims or charges.")
    value_in_dispute = models.DecimalField(
        max_digits=18, decimal_places=0, null=True, blank=True, help_text="Value in dispute in VND."
    )
    sealed = models.BooleanField(
        default=False, help_text="Sealed file: visible only to the people assigned to the case."
    )
    in_camera = models.BooleanField(
        default=False, help_text="Tried in camera: visible only to the people assigned to the case."
    )
    fee_exempt = models.BooleanField(default=False, help_text="Plaintiff exempt from the advance court fee.")
    received_on = models.DateField(help_text="Day the petition or case file was received.")
    accepted_on = models.DateField(null=True, blank=True, help_text="Day of acceptance (thụ lý).")
    acceptance_number = models.CharField(
        max_length=40, blank=True, db_index=True, help_text="Acceptance number, e.g. '03/2021/TLST-LĐ'."
    )
    decided_on = models.DateField(null=True, blank=True, help_text="Day the judgment or final decision was given.")
    judgment_number = models.CharField(
        max_length=40, blank=True, db_index=True, help_text="Judgment or decision number, e.g. '01/2022/LĐ-ST'."
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, help_text="Outcome.")
    effective_on = models.DateField(null=True, blank=True, help_text="Day the judgment took legal effect.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="higher_instance_cases",
        help_text="For an appeal or review: the case at the lower instance.",
    )
    transferred_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transferred_to",
        help_text="The case at another court that was transferred here.",
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="judged_cases",
        help_text="Judge in charge now (kept in step with the active assignment).",
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clerked_cases",
        help_text="Clerk in charge now.",
    )
    next_deadline = models.ForeignKey(
        "deadlines.Deadline",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The running duty that falls due first (kept in step by the deadline service).",
    )
    next_deadline_on = models.DateField(null=True, blank=True, help_text="Its due date, for the docket's index.")
    next_deadline_warn_on = models.DateField(null=True, blank=True, help_text="From this day it is shown as due soon.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the record was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the record last changed.")

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            # Dockets read pending cases and the closed ones that still owe a duty (only the publication
            # of the judgment survives closing: ``deadlines.services.SURVIVES_CLOSING``). Partial
            # indexes on that condition (``DOCKET_CONDITION``) keep a judge's other closed cases (most of
            # them, after a few years) out of the scan.
            models.Index(fields=["judge", "next_deadline_on"], name="case_docket_open_idx", condition=DOCKET_CONDITION),
            models.Index(
                fields=["clerk", "next_deadline_on"], name="case_clerk_docket_open_idx", condition=DOCKET_CONDITION
            ),
            # A closed case has a next deadline only while its judgment awaits publication: this index
            # serves the overdue list without a status condition.
            models.Index(fields=["court", "next_deadline_on"], name="case_court_deadline_idx"),
            models.Index(fields=["court", "status", "received_on"], name="case_court_status_idx"),
            models.Index(fields=["court", "case_type", "accepted_on"], name="case_court_type_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(case_type=CaseType.HS) | ~Q(gravity=""),
                name="criminal_case_has_gravity",
            ),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def type_code(self) -> str:
        return OFFICIAL_TYPE_CODE[CaseType(self.case_type)]

    @property
    def instance_code(self) -> str:
        return OFFICIAL_INSTANCE_CODE[Instance(self.instance)]

    @property
    def is_restricted(self) -> bool:
        return self.sealed or self.in_camera

    @property
    def display_number(self) -> str:
        return self.judgment_number or self.acceptance_number or self.uid


class PartyKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class PartyRole(models.TextChoices):
    PLAINTIFF = "plaintiff", _("Plaintiff")
    DEFENDANT = "defendant", _("Defendant")
    RELATED = "related", _("Person with related rights and obligations")
    PETITIONER = "petitioner", _("Petitioner")
    ACCUSED = "accused", _("Defendant (criminal)")
    VICTIM = "victim", _("Victim")
    CIVIL_PLAINTIFF = "civil_plaintiff", _("Civil plaintiff in a criminal case")
    CIVIL_DEFENDANT = "civil_defendant", _("Civil defendant in a criminal case")
    WITNESS = "witness", _("Witness")
    REPRESENTATIVE = "representative", _("Representative")
    LAWYER = "lawyer", _("Lawyer / defender of rights")


# Roles that represent someone else; they point to the party they act for.
REPRESENTING_ROLES = frozenset({PartyRole.REPRESENTATIVE, PartyRole.LAWYER})


class Party(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", help_text="Case.")
    kind = models.CharField(max_length=12, choices=PartyKind.choices, help_text="Person or organisation.")
    role = models.CharField(max_length=16, choices=PartyRole.choices, help_text="Role in the proceedings.")
    name = models.CharField(max_length=255, help_text="Full name or registered name, with diacritics.")
    search_key = models.CharField(max_length=255, db_index=True, editable=False, help_text="Folded name.")
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year of birth (persons).")
    national_id = models.CharField(
        max_length=20, blank=True, help_text="Citizen ID (CCCD) or enterprise code; never published."
    )
    address = models.CharField(max_length=300, blank=True, help_text="Residence or registered office.")
    represents = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="representatives",
        help_text="For representatives and lawyers: the party they act for.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_roles",
        help_text="Account of the party or lawyer, for online services.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within the case.")

    class Meta:
        ordering = ["case_id", "position", "id"]
        verbose_name_plural = "parties"
        constraints = [
            models.CheckConstraint(
                condition=Q(represents__isnull=True) | Q(role__in=sorted(r.value for r in REPRESENTING_ROLES)),
                name="party_only_representatives_represent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = normalize(self.name)
        self.address = normalize(self.address)
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)


class AssignmentRole(models.TextChoices):
    JUDGE = "judge", _("Judge in charge")
    ASSOCIATE_JUDGE = "associate_judge", _("Member of the trial panel")
    RESERVE_JUDGE = "reserve_judge", _("Reserve judge")
    ASSESSOR = "assessor", _("People's assessor")
    CLERK = "clerk", _("Clerk")
    PROCURATOR = "procurator", _("Procurator")


class CaseAssignment(models.Model):
    """Who is on a case, from when to when, and who decided it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments", help_text="Case.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments", help_text="Person."
    )
    role = models.CharField(max_length=16, choices=AssignmentRole.choices, help_text="Role on the case.")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who made the assignment.",
    )
    assigned_on = models.DateField(help_text="Day the assignment took effect.")
    ended_on = models.DateField(null=True, blank=True, help_text="Day it ended (reassignment, recusal).")
    reason = models.CharField(max_length=300, blank=True, help_text="Why (required when not the suggestion).")

    class Meta:
        ordering = ["case_id", "assigned_on", "id"]
        indexes = [models.Index(fields=["user", "role", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "role"],
                condition=Q(ended_on__isnull=True, role__in=["judge", "clerk"]),
                name="one_active_judge_and_clerk_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class EventKind(models.TextChoices):
    PETITION_RECEIVED = "petition_received", _("Petition received")
    FILE_RECEIVED = "file_received", _("Case file received")
    PETITION_ASSIGNED = "petition_assigned", _("Judge assigned to review the petition")
    JUDGE_ASSIGNED = "judge_assigned", _("Judge assigned")
    CLERK_ASSIGNED = "clerk_assigned", _("Clerk assigned")
    PANEL_MEMBER_ASSIGNED = "panel_member_assigned", _("Member of the trial panel or procurator named")
    AMENDMENT_REQUESTED = "amendment_requested", _("Amendment of the petition requested")
    PETITION_AMENDED = "petition_amended", _("Petition amended")
    ACCEPT_DECIDED = "accept_decided", _("Decision to proceed with acceptance")
    FEE_NOTICE_ISSUED = "fee_notice_issued", _("Advance fee notice issued")
    FEE_PAID = "fee_paid", _("Advance fee receipt lodged")
    FEE_EXEMPTED = "fee_exempted", _("Exempted from the advance court fee")
    CASE_ACCEPTED = "case_accepted", _("Case accepted (thụ lý)")
    ACCEPTANCE_NOTIFIED = "acceptance_notified", _("Parties and procuracy notified of acceptance")
    PETITION_TRANSFERRED = "petition_transferred", _("Transferred to another court")
    PETITION_RETURNED = "petition_returned", _("Petition returned")
    PREPARATION_EXTENDED = "preparation_extended", _("Time limit extended")
    CASE_SUSPENDED = "case_suspended", _("Proceedings suspended")
    CASE_RESUMED = "case_resumed", _("Proceedings resumed")
    TRIAL_SCHEDULED = "trial_scheduled", _("Decision to bring the case to trial")
    JUDGMENT_ISSUED = "judgment_issued", _("Judgment pronounced")
    DECISION_ISSUED = "decision_issued", _("Decision terminating the proceedings")
    SETTLEMENT_RECOGNISED = "settlement_recognised", _("Settlement of the parties recognised")
    APPEAL_LODGED = "appeal_lodged", _("Appeal or protest lodged")
    APPEAL_FEE_NOTICE_ISSUED = "appeal_fee_notice_issued", _("Appeal advance fee notice issued")
    APPEAL_FEE_PAID = "appeal_fee_paid", _("Appeal advance fee receipt lodged")
    FILE_SENT_TO_APPEAL = "file_sent_to_appeal", _("File sent to the appellate court")
    LEGAL_EFFECT = "legal_effect", _("Judgment in legal effect")
    RETRIAL_ORDERED = "retrial_ordered", _("Judgment quashed on appeal; file returned for a new trial")
    COURT_SUCCEEDED = "court_succeeded", _("Case taken over by the successor court")
    PARTY_ADDED = "party_added", _("Party added")
    PARTY_CHANGED = "party_changed", _("Party details changed")
    # The court's answer to the duty to publish (Resolution 03/2017/NQ-HĐTP), recorded by
    # ``judgments.publication`` through ``services.publication``; the case's status does not change.
    JUDGMENT_PUBLISHED = "judgment_published", _("Judgment published on the portal")
    PUBLICATION_REFUSED = "publication_refused", _("Judgment marked not publishable")
    # Electronic service of an issued document (ecourt/eservice, through ``services.documents``); the
    # case's status does not change.
    DOCUMENT_SERVED = "document_served", _("Document served electronically")
    DOCUMENT_OPENED = "document_opened", _("Served document opened by the party")
    DOCUMENT_DEEMED_SERVED = "document_deemed_served", _("Served document deemed received (not opened in time)")
    # The case file as a package (``ecourt.casefiles``): exported, imported at the receiving court, archived
    # with its retention period, and destroyed only after that period on a recorded decision.
    CASE_FILE_EXPORTED = "case_file_exported", _("Case file exported as a package")
    CASE_FILE_IMPORTED = "case_file_imported", _("Case file package imported")
    CASE_ARCHIVED = "case_archived", _("Case file archived")
    CASE_FILE_DESTROYED = "case_file_destroyed", _("Archived case file destroyed")


class CaseEvent(models.Model):
    """One entry in the history of a case. Rows are never changed after they are written."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", help_text="Case.")
    seq = models.PositiveIntegerField(help_text="Position in the case's history, from 1.")
    kind = models.CharField(max_length=24, choices=EventKind.choices, help_text="What happened.")
    occurred_on = models.DateField(help_text="Legal date of the act (e.g. the day of the decision).")
    recorded_at = models.DateTimeField(auto_now_add=True, help_text="When it was recorded.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_events",
        help_text="Who did it (empty for the system).",
    )
    status_before = models.CharField(max_length=24, blank=True, help_text="Status before the event.")
    status_after = models.CharField(max_length=24, blank=True, help_text="Status after the event.")
    document_number = models.CharField(
        max_length=40, blank=True, help_text="Number of the document the event issued, if any."
    )
    data = models.JSONField(
        default=dict, blank=True, help_text="Details: the fields changed, with 'before' and 'after' values."
    )

    class Meta:
        ordering = ["case_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="case_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.kind}"


class NumberSequence(models.Model):
    """The last number given in one register (court, year, series). Locked while a number is taken."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", help_text="Court.")
    year = models.PositiveSmallIntegerField(help_text="Calendar year of the register.")
    series = models.CharField(max_length=24, help_text="Register, e.g. 'TLST-LĐ', 'LĐ-ST', 'UID'.")
    last = models.PositiveIntegerField(default=0, help_text="Last number given.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["court", "year", "series"], name="number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.court_id}/{self.year}/{self.series}: {self.last}"


class IssuedNumber(models.Model):
    """Each number given, once: the register itself. The unique constraint forbids duplicates."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", help_text="Court.")
    year = models.PositiveSmallIntegerField(help_text="Calendar year.")
    series = models.CharField(max_length=24, help_text="Register.")
    seq = models.PositiveIntegerField(help_text="Number within the register.")
    number = models.CharField(max_length=40, help_text="Formatted number as written on the document.")
    case = models.ForeignKey(
        Case, null=True, on_delete=models.PROTECT, related_name="issued_numbers", help_text="Case."
    )
    issued_on = models.DateField(help_text="Day the number was given.")

    class Meta:
        ordering = ["court_id", "year", "series", "seq"]
        constraints = [models.UniqueConstraint(fields=["court", "year", "series", "seq"], name="issued_number_unique")]

    def __str__(self) -> str:
        return self.number


class Appeal(models.Model):
    """An appeal by a party or a protest by the procuracy against a judgment or decision."""

    class Kind(models.TextChoices):
        APPEAL = "appeal", _("Appeal by a party")
        PROTEST = "protest", _("Protest by the procuracy")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals", help_text="Case appealed.")
    kind = models.CharField(max_length=8, choices=Kind.choices, help_text="Appeal or protest.")
    appellant = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Appealing party."
    )
    appellant_name = models.CharField(max_length=255, help_text="Appellant as written (party or procuracy).")
    lodged_on = models.DateField(help_text="Day the appeal was lodged.")
    late = models.BooleanField(default=False, help_text="Lodged after the time limit (needs a late-appeal review).")
    grounds = models.TextField(blank=True, help_text="What is appealed and why.")

    class Meta:
        ordering = ["case_id", "lodged_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.appellant_name}"
