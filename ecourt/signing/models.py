"""Documents the court issues from a case's steps: rendered, signed (PAdES) and kept in the case file.

An ``IssuedDocument`` is written in the transaction of the step that issues it (its number taken there),
as *pending*; the signature is made after commit by the job ``signing.issue_document`` so a slow
signature or TSA never holds the clerk's step. The job stores the signed PDF as a ``CaseFile`` of the
case (ecourt/evidence: hashed, timestamped, chain of custody) and marks the document *issued*; a failure
is kept (*failed*, with the reason and the number of attempts) and can be retried.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    FEE_NOTICE = "fee_notice", _("Notice to pay the advance court fee")
    ACCEPTANCE_NOTICE = "acceptance_notice", _("Notice of acceptance of the case")
    PETITION_RETURN = "petition_return", _("Notice returning the petition")
    TRIAL_DECISION = "trial_decision", _("Decision to bring the case to trial")
    JUDGMENT_COPY = "judgment_copy", _("Copy of the judgment")
    SUSPENSION_DECISION = "suspension_decision", _("Decision to suspend the proceedings")
    RESUME_DECISION = "resume_decision", _("Decision to resume the proceedings")
    TERMINATION_DECISION = "termination_decision", _("Decision to terminate the proceedings")
    SETTLEMENT_DECISION = "settlement_decision", _("Decision recognising the parties' settlement")
    APPEAL_NOTICE = "appeal_notice", _("Notice of an appeal")
    APPEAL_FEE_NOTICE = "appeal_fee_notice", _("Notice to pay the appeal advance fee")
    EXEMPTION_NOTICE = "exemption_notice", _("Notice of exemption from the advance court fee")


class IssueStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be signed")
    SIGNING = "signing", _("Being signed")
    ISSUED = "issued", pgettext_lazy("issued document status", "Issued")
    FAILED = "failed", _("Signing failed")


class IssuedDocument(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="issued_documents", help_text="Case.")
    event = models.ForeignKey(
        "cases.CaseEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The step that issued it (empty for a copy issued later).",
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, help_text="Which document.")
    number = models.CharField(max_length=40, blank=True, help_text="Number written on it, e.g. '03/2026/TB-TA'.")
    issued_on = models.DateField(help_text="Date written on it.")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Who took the step."
    )
    status = models.CharField(
        max_length=8, choices=IssueStatus.choices, default=IssueStatus.PENDING, help_text="Signing state."
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Signing attempts so far.")
    error = models.CharField(max_length=500, blank=True, help_text="Why the last attempt failed.")
    started_at = models.DateTimeField(null=True, blank=True, help_text="When the last attempt started.")
    signed_at = models.DateTimeField(null=True, blank=True, help_text="When it was signed and stored.")
    case_file = models.ForeignKey(
        "evidence.CaseFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The signed PDF in the case file.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was ordered.")

    class Meta:
        ordering = ["case_id", "created_at", "id"]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()
