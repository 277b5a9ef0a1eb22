"""The knowledge loop: hard questions sent to a department's experts, and the standardized answers they
give, versioned, approved by a named person, with the provisions they cite and review flags raised when
one of those provisions changes (docs/qa.md)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExpertGroup(models.Model):
    """The experts a court designates for the hard questions of one department (or of the whole court
    when ``department`` is empty)."""

    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="expert_groups", help_text="Court."
    )
    department = models.ForeignKey(
        "courts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expert_groups",
        help_text="Department whose questions it answers (empty: the whole court).",
    )
    name = models.CharField(max_length=200, help_text="e.g. 'Tổ chuyên gia Tòa Dân sự'.")

    class Meta:
        ordering = ["court_id", "department_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["court", "department"], name="qa_group_per_department"),
            models.UniqueConstraint(fields=["court"], condition=Q(department__isnull=True), name="qa_group_per_court"),
        ]

    def __str__(self) -> str:
        return self.name


class ExpertDesignationQuerySet(models.QuerySet["ExpertDesignation"]):
    def active_on(self, day: datetime.date) -> ExpertDesignationQuerySet:
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))


class ExpertDesignation(models.Model):
    """A person designated as an expert of a group for a period; ``approver`` may approve answers."""

    group = models.ForeignKey(ExpertGroup, on_delete=models.CASCADE, related_name="designations", help_text="Group.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_designations", help_text="Expert."
    )
    approver = models.BooleanField(default=False, help_text="May approve standardized answers of the group.")
    valid_from = models.DateField(help_text="First day as an expert.")
    valid_to = models.DateField(null=True, blank=True, help_text="First day no longer an expert.")
    designated_by = models.CharField(max_length=200, blank=True, help_text="Decision that designated the expert.")

    objects = ExpertDesignationQuerySet.as_manager()

    class Meta:
        ordering = ["group_id", "user_id"]

    def __str__(self) -> str:
        return f"{self.user} – {self.group}"


class RequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("expert request", "Open")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


class ExpertRequest(models.Model):
    """A question a judge marked as hard, sent to the experts of a group."""

    question_text = models.TextField(help_text="The question as the judge asked it.")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_requests", help_text="Judge asking."
    )
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+", help_text="Asker's court.")
    department = models.ForeignKey(
        "courts.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Department."
    )
    group = models.ForeignKey(
        ExpertGroup, on_delete=models.PROTECT, related_name="requests", help_text="Experts it was sent to."
    )
    assigned_experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="assigned_expert_requests", blank=True, help_text="Experts assigned."
    )
    facts_date = models.DateField(null=True, blank=True, help_text="Date of the facts (the law as of that day).")
    context = models.JSONField(default=dict, blank=True, help_text="What the assistant had found (case, sources).")
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN, help_text="Where it stands."
    )
    decline_reason = models.TextField(blank=True, help_text="Why the experts declined it.")
    standard_answer = models.ForeignKey(
        "StandardAnswer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        help_text="The standardized answer it led to.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was sent.")
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When it was answered or declined.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["group", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.question_text[:60]}"


class StandardAnswer(models.Model):
    """A standardized question and answer; its text is in versions, ``current_version`` is the approved
    one the assistant uses."""

    question_as_asked = models.TextField(help_text="The question as first asked.")
    canonical_question = models.TextField(help_text="The question as the experts standardized it.")
    group = models.ForeignKey(
        ExpertGroup, on_delete=models.PROTECT, related_name="answers", help_text="Experts responsible for it."
    )
    current_version = models.OneToOneField(
        "StandardAnswerVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The approved version in use (empty until one is approved).",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was first drafted.")

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.canonical_question[:80]


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Awaiting approval")
    CURRENT = "current", _("Current")
    SUPERSEDED = "superseded", _("Superseded")
    REJECTED = "rejected", _("Rejected")


class StandardAnswerVersion(models.Model):
    """One text of a standardized answer. Approved versions are never changed: a new one supersedes."""

    answer = models.ForeignKey(StandardAnswer, on_delete=models.CASCADE, related_name="versions", help_text="Answer.")
    seq = models.PositiveIntegerField(help_text="Version number, from 1.")
    question = models.TextField(help_text="The canonical question as of this version.")
    text = models.TextField(help_text="The answer.")
    sources_text = models.TextField(help_text="The sources as the expert wrote them, one citation a line.")
    as_of = models.DateField(help_text="The day whose law the answer states (facts date, else the day drafted).")
    status = models.CharField(
        max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT, help_text="Where it stands."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Expert who wrote it."
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was written.")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who approved it.",
    )
    approved_at = models.DateTimeField(null=True, blank=True, help_text="When it was approved.")
    rejection_reason = models.TextField(blank=True, help_text="Why the approver refused it.")

    class Meta:
        ordering = ["answer_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "seq"], name="qa_version_seq_unique"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("author")),
                name="qa_version_approver_not_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} v{self.seq}"


class AnswerSource(models.Model):
    """A provision (or document) a version cites, resolved with the citator when the version was saved:
    what it said on the version's ``as_of`` day is kept, so a later change can be told."""

    version = models.ForeignKey(
        StandardAnswerVersion, on_delete=models.CASCADE, related_name="sources", help_text="Version citing it."
    )
    cited_as = models.CharField(max_length=300, help_text="The citation as written.")
    document = models.ForeignKey(
        "laws.LegalDocument", null=True, on_delete=models.SET_NULL, related_name="+", help_text="Document cited."
    )
    document_number = models.CharField(max_length=80, blank=True, help_text="Its number when cited.")
    document_title = models.CharField(max_length=600, blank=True, help_text="Its title when cited.")
    provision = models.ForeignKey(
        "laws.Provision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Provision."
    )
    provision_key = models.CharField(max_length=200, blank=True, help_text="e.g. 'dieu-3/khoan-1' (empty: whole).")
    valid_from = models.DateField(null=True, blank=True, help_text="First day of the text cited.")
    valid_to = models.DateField(null=True, blank=True, help_text="First day after it (empty: open).")
    text = models.TextField(blank=True, help_text="The provision's whole text on the version's as_of day.")

    class Meta:
        ordering = ["version_id", "id"]

    def __str__(self) -> str:
        return self.cited_as


class FlagReason(models.TextChoices):
    AMENDED = "amended", _("Amended")
    SUPPLEMENTED = "supplemented", _("Supplemented")
    REPLACED = "replaced", _("Replaced")
    REPEALED = "repealed", _("Repealed")
    TEXT_CHANGED = "text_changed", _("Text changed")


class ReviewFlag(models.Model):
    """A cited provision changed after the answer's as_of day: the answer must be reviewed."""

    answer = models.ForeignKey(StandardAnswer, on_delete=models.CASCADE, related_name="flags", help_text="Answer.")
    version = models.ForeignKey(
        StandardAnswerVersion, on_delete=models.CASCADE, related_name="flags", help_text="Version flagged."
    )
    source = models.ForeignKey(
        AnswerSource, on_delete=models.CASCADE, related_name="flags", help_text="The citation concerned."
    )
    reason = models.CharField(max_length=14, choices=FlagReason.choices, help_text="What happened to it.")
    changed_by = models.ForeignKey(
        "laws.LegalDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The amending, replacing or repealing document.",
    )
    changed_by_number = models.CharField(max_length=80, blank=True, help_text="Its number.")
    effective_on = models.DateField(null=True, blank=True, help_text="Day the change takes effect.")
    detail = models.TextField(blank=True, help_text="What changed, in words.")
    raised_at = models.DateTimeField(auto_now_add=True, help_text="When it was raised.")
    resolved_at = models.DateTimeField(null=True, blank=True, help_text="When it was settled.")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Who."
    )
    resolution = models.TextField(blank=True, help_text="How it was settled (a new version, or why none).")

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["answer", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.answer_id} {self.reason} {self.changed_by_number}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class EventKind(models.TextChoices):
    REQUESTED = "requested", _("Sent to the experts")
    DECLINED = "declined", _("Declined")
    DRAFTED = "drafted", _("Answer drafted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Refused by the approver")
    FLAGGED = "flagged", _("Flagged for review")
    FLAG_RESOLVED = "flag_resolved", _("Review flag settled")


class QAEvent(models.Model):
    """One step of the loop. Rows are never changed; ``actor`` is empty for the automatic review check."""

    kind = models.CharField(max_length=14, choices=EventKind.choices, help_text="What happened.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Who."
    )
    at = models.DateTimeField(auto_now_add=True, help_text="When.")
    request = models.ForeignKey(
        ExpertRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="events", help_text="Request."
    )
    answer = models.ForeignKey(
        StandardAnswer, null=True, blank=True, on_delete=models.CASCADE, related_name="events", help_text="Answer."
    )
    version = models.ForeignKey(
        StandardAnswerVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="+", help_text="Version."
    )
    data = models.JSONField(default=dict, blank=True, help_text="Details (reason, flag, sources).")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"
