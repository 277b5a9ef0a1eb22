"""A reviewer's decisions on the anonymized text (PRODUCT.md §4.3): keep a string the engine replaced
("undo"), or replace one it missed ("add"). A decision applies to every occurrence of its string, in one
judgment or in every judgment of a case.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecourt.anonymization.services import KINDS, Choice


class DecisionAction(models.TextChoices):
    UNDO = "undo", _("Keep as written")
    ADD = "add", _("Replace")


class ReplacementKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organisation")
    ADDRESS = "address", _("Address")
    ID_NUMBER = "id_number", _("ID number")
    PHONE = "phone", _("Phone number")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    EMAIL = "email", _("E-mail")
    OTHER = "other", _("Other")


assert tuple(ReplacementKind.values) == KINDS  # the engine's kinds, in the same order


class Decision(models.Model):
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="anonymization_decisions",
        help_text="The case whose every judgment it applies to (or none: one judgment).",
    )
    judgment = models.ForeignKey(
        "judgments.Judgment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="anonymization_decisions",
        help_text="The one judgment it applies to (or none: the whole case).",
    )
    action = models.CharField(max_length=4, choices=DecisionAction.choices, help_text="Keep or replace.")
    original = models.CharField(max_length=300, help_text="The string as written in the text.")
    key = models.CharField(
        max_length=300, editable=False, help_text="The string normalized and case-folded: one decision per key."
    )
    kind = models.CharField(
        max_length=12, choices=ReplacementKind.choices, blank=True, help_text="What it is (for a replacement)."
    )
    replacement = models.CharField(
        max_length=300, blank=True, help_text="What replaces it; empty: the encoding rules decide."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Reviewer."
    )
    decided_at = models.DateTimeField(default=timezone.now, help_text="When.")

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(case__isnull=False) & Q(judgment__isnull=True))
                | (Q(case__isnull=True) & Q(judgment__isnull=False)),
                name="anonymization_decision_one_scope",
            ),
            models.CheckConstraint(
                condition=Q(action="undo") | ~Q(kind=""), name="anonymization_decision_add_has_kind"
            ),
            models.UniqueConstraint(
                fields=["case", "key"], condition=Q(case__isnull=False), name="anonymization_decision_case_key"
            ),
            models.UniqueConstraint(
                fields=["judgment", "key"],
                condition=Q(judgment__isnull=False),
                name="anonymization_decision_judgment_key",
            ),
        ]
        verbose_name = _("anonymization decision")
        # The reviewer role for staff who are not judges of the court (e.g. the publication team).
        permissions = [("review_anonymization", "May review anonymized judgments of any court")]

    def __str__(self) -> str:
        return f"{self.action}: {self.original}"

    def as_choice(self) -> Choice:
        return Choice(self.action, self.original, self.kind or "person", self.replacement)


class CaseCode(models.Model):
    """The code a person of a case was given when a judgment of the case was first published with it
    (Resolution 03/2017: the same person is encoded the same way across the case's judgments).

    Written in the publication's transaction (``codes.record_codes``) and read by ``review.anonymize_for``
    for every judgment of the case: a code here never changes when a later judgment is published; only a
    reviewer's whole-case decision with its own replacement overwrites it.
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="anonymization_codes", help_text="The case."
    )
    key = models.CharField(max_length=300, help_text="Who: the name normalized and case-folded (identity key).")
    kind = models.CharField(
        max_length=12,
        choices=[(k.value, k.label) for k in (ReplacementKind.PERSON, ReplacementKind.ORGANIZATION)],
        default=ReplacementKind.PERSON,
        help_text="A person or an organisation.",
    )
    replacement = models.CharField(max_length=300, help_text="The code as published: “Nguyễn Văn A1”.")
    judgment = models.ForeignKey(
        "judgments.Judgment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The judgment whose publication first assigned it (none: a reviewer's decision).",
    )
    assigned_at = models.DateTimeField(default=timezone.now, help_text="When it was assigned or last decided.")

    class Meta:
        ordering = ["case", "assigned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="anonymization_casecode_case_key")]
        verbose_name = _("case anonymization code")

    def __str__(self) -> str:
        return self.replacement
