"""Advance-fee notices, exemptions and the bank's statement lines matched to notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("Awaiting payment")
    PARTIALLY_PAID = "partially_paid", _("Partially paid")
    PAID = "paid", _("Paid")
    WAIVED = "waived", _("Waived (exempt)")


class FeeNotice(models.Model):
    """A notice to pay the advance court fee, with the reference the payer writes on the transfer."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="fee_notices", help_text="Case.")
    amount = models.DecimalField(max_digits=18, decimal_places=0, help_text="Advance fee to pay, in đồng.")
    value_in_dispute = models.DecimalField(
        max_digits=18, decimal_places=0, null=True, blank=True, help_text="Value the fee was estimated on, in đồng."
    )
    appeal = models.ForeignKey(
        "cases.Appeal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fee_notices",
        help_text="For an appeal advance fee: the appeal; empty for the first-instance advance.",
    )
    computation = models.TextField(
        blank=True, help_text="How the schedule gave the amount (empty: the amount was set by the judge)."
    )
    reference = models.CharField(
        max_length=16, unique=True, help_text="Payment reference (AP + 9 digits + 2 check digits, ISO 7064 MOD 97-10)."
    )
    issued_on = models.DateField(help_text="Day the notice was issued.")
    due_on = models.DateField(help_text="Last day to pay, counted as the deadlines app counts.")
    status = models.CharField(max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.OPEN)
    paid_amount = models.DecimalField(max_digits=18, decimal_places=0, default=0, help_text="Sum of matched payments.")
    paid_on = models.DateField(null=True, blank=True, help_text="Day the payments reached the amount.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["case", "status"])]

    def __str__(self) -> str:
        return self.reference


class FeeExemption(models.Model):
    """The judge's exemption of the petitioner (Điều 12, 15 NQ 326/2016/UBTVQH14); an open notice is waived."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="fee_exemptions")
    notice = models.OneToOneField(
        FeeNotice,
        on_delete=models.PROTECT,
        related_name="exemption",
        null=True,
        blank=True,
        help_text="The notice it waived; empty when the exemption came before any notice.",
    )
    reason = models.CharField(max_length=40, help_text="Exemption code of the schedule file (Điều 12 khoản 1).")
    basis = models.CharField(max_length=100, help_text="The provision, as the schedule file cites it.")
    note = models.TextField(blank=True, help_text="Evidence seen (e.g. certificate of a poor household).")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.case_id}: {self.basis}"


class BankStatement(models.Model):
    """One imported statement file."""

    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes.")
    imported_at = models.DateTimeField(auto_now_add=True)
    lines_new = models.PositiveIntegerField(default=0)
    lines_seen = models.PositiveIntegerField(default=0, help_text="Lines already imported from an earlier file.")

    def __str__(self) -> str:
        return self.file_name


class LineStatus(models.TextChoices):
    MATCHED = "matched", _("Matched")
    PARTIAL = "partial", _("Partial payment")
    OVERPAID = "overpaid", _("Overpayment")
    UNMATCHED = "unmatched", _("Unmatched")


class Resolution(models.TextChoices):
    ATTACHED = "attached", _("Attached to a notice")
    REFUNDED = "refunded", _("Refunded")
    DISMISSED = "dismissed", _("Dismissed")


class StatementLine(models.Model):
    """A credit on the court's account; ``line_hash`` makes a re-import of the same line a no-op."""

    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines")
    line_number = models.PositiveIntegerField(help_text="Line in the file (1 is the header).")
    line_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the line's fields.")
    transaction_id = models.CharField(max_length=64)
    booked_on = models.DateField()
    amount = models.DecimalField(max_digits=18, decimal_places=0)
    description = models.TextField()
    notice = models.ForeignKey(FeeNotice, null=True, blank=True, on_delete=models.PROTECT, related_name="payments")
    status = models.CharField(max_length=20, choices=LineStatus.choices)
    problem = models.CharField(max_length=200, blank=True, help_text="Why a clerk has to look at the line.")
    resolution = models.CharField(
        max_length=20,
        choices=Resolution.choices,
        blank=True,
        help_text="What a clerk did with the line (empty: nothing yet).",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True, help_text="The clerk's note (e.g. the refund voucher number).")

    class Meta:
        ordering = ["booked_on", "pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.transaction_id} {self.amount}"
