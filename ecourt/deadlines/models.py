"""Statutory time limits as data.

A ``DeadlineRule`` says which event starts a time limit, how long it runs, what meets or cancels it,
and what a suspension does to it. Rules are versioned by the date they apply from: the version in
force on the day the period starts is the one used, so a change of the law affects the periods that
start after it and leaves older cases as they were. ``Deadline`` is one time limit running on one case.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class RuleKind(models.TextChoices):
    DUTY = "duty", _("Duty of the court or a party")
    WINDOW = "window", _("Window for an appeal or protest")


class OnSuspend(models.TextChoices):
    RESTART = "restart", _("Counted again in full from the resumption")
    PAUSE = "pause", _("Paused; the remaining time runs from the resumption")
    CONTINUE = "continue", _("Keeps running")


class Responsible(models.TextChoices):
    PRESIDENT = "president", _("Court president")
    JUDGE = "judge", _("Judge")
    CLERK = "clerk", _("Clerk")
    COURT = "court", _("Court")
    PARTY = "party", _("Party")
    PROCURACY = "procuracy", _("Procuracy")


class DeadlineRule(models.Model):
    code = models.CharField(max_length=64, help_text="Stable code, e.g. 'civil.prepare_trial'.")
    valid_from = models.DateField(help_text="Periods starting on or after this day use this version.")
    valid_to = models.DateField(
        null=True, blank=True, help_text="Periods starting on or after this day use a later version."
    )
    name = models.CharField(max_length=200, help_text="What must be done, in English.")
    name_vi = models.CharField(max_length=200, help_text="What must be done, in Vietnamese.")
    legal_basis = models.CharField(max_length=200, help_text="Provision, e.g. 'khoản 2 Điều 191 BLTTDS 2015'.")
    kind = models.CharField(max_length=8, choices=RuleKind.choices, help_text="Duty or appeal window.")
    responsible = models.CharField(max_length=12, choices=Responsible.choices, help_text="Who must act.")
    triggers = models.JSONField(help_text="Event kinds that start the period.")
    anchor_rule = models.CharField(
        max_length=64,
        blank=True,
        help_text="Start from the due date of this rule's deadline on the case instead of the event date.",
    )
    case_types = models.JSONField(default=list, blank=True, help_text="Case types it applies to (empty: all).")
    instances = models.JSONField(default=list, blank=True, help_text="Instances it applies to (empty: all).")
    procedures = models.JSONField(default=list, blank=True, help_text="Procedures (empty: all).")
    gravities = models.JSONField(default=list, blank=True, help_text="Offence categories (empty: all).")
    court_levels = models.JSONField(default=list, blank=True, help_text="Court levels (empty: all).")
    duration = models.PositiveIntegerField(help_text="Length of the period.")
    unit = models.CharField(max_length=14, choices=Unit.choices, help_text="Unit of the period.")
    extension = models.PositiveIntegerField(default=0, help_text="Length of one allowed extension (0: none).")
    extension_unit = models.CharField(max_length=14, choices=Unit.choices, blank=True, help_text="Its unit.")
    max_extensions = models.PositiveSmallIntegerField(default=0, help_text="How many extensions are allowed.")
    set_by_decision = models.BooleanField(
        default=False, help_text="The deciding judge sets the due date, up to the period (e.g. amendment)."
    )
    satisfied_by = models.JSONField(default=list, help_text="Event kinds that meet the deadline.")
    cancelled_by = models.JSONField(default=list, blank=True, help_text="Event kinds that make it moot.")
    on_suspend = models.CharField(
        max_length=10, choices=OnSuspend.choices, default=OnSuspend.CONTINUE, help_text="Effect of a suspension."
    )
    due_soon_days = models.PositiveSmallIntegerField(
        default=3, help_text="Shown as due soon this many days before it falls due."
    )

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="deadline_rule_version_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="deadline_rule_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} (từ {self.valid_from:%d/%m/%Y})"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Running")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("No longer applies")
    PAUSED = "paused", _("Paused by a suspension")
    CLOSED = "closed", _("Window closed")


class Deadline(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines", help_text="Case.")
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="deadlines", help_text="Rule.")
    kind = models.CharField(max_length=8, choices=RuleKind.choices, help_text="Copied from the rule.")
    starts_on = models.DateField(help_text="Day the period is counted from (that day itself not counted).")
    due_on = models.DateField(help_text="Last day of the period.")
    status = models.CharField(
        max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN, help_text="State."
    )
    extensions_used = models.PositiveSmallIntegerField(default=0, help_text="Extensions granted so far.")
    paused_on = models.DateField(null=True, blank=True, help_text="Day a suspension paused it.")
    remaining_days = models.IntegerField(
        null=True, blank=True, help_text="Calendar days that were left when paused (for 'pause' rules)."
    )
    closed_on = models.DateField(null=True, blank=True, help_text="Day it was met or cancelled.")
    trigger_event = models.ForeignKey(
        "cases.CaseEvent", null=True, on_delete=models.PROTECT, related_name="+", help_text="Event that started it."
    )
    closing_event = models.ForeignKey(
        "cases.CaseEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Event that met or cancelled it.",
    )

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["case", "status"]),
            models.Index(fields=["status", "kind", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule.code} → {self.due_on:%d/%m/%Y}"


class CalendarException(models.Model):
    """A day that differs from the statutory calendar: a make-up working Saturday, or an extra day off."""

    day = models.DateField(unique=True, help_text="The day.")
    working = models.BooleanField(help_text="True: a working day (make-up); false: a day off.")
    reason = models.CharField(max_length=200, help_text="Decision that set it.")

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {'làm việc' if self.working else 'nghỉ'}"
