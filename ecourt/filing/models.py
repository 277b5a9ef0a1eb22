"""Petitions filed online (dịch vụ công trực tuyến): the draft the filer builds step by step, the files
they upload, and the notifications of what happens to the case afterwards.

A ``Filing`` belongs to its filer alone. While a draft, its data (court, case type, parties, claims) is
kept here; on submission the case is opened by ``cases.services.online`` and linked. Each new
``CaseEvent`` of that case becomes one ``Notification``; ``last_notified_seq`` is the cursor of the
last event notified, moved in the same transaction as the notification rows (``notifications.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FilingStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("filing status", "Draft")
    SUBMITTED = "submitted", _("Submitted")


class Filing(models.Model):
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filings", help_text="Who files (owner)."
    )
    status = models.CharField(
        max_length=10, choices=FilingStatus.choices, default=FilingStatus.DRAFT, help_text="Draft or submitted."
    )
    court = models.ForeignKey(
        "courts.Court", null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Court chosen."
    )
    case_type = models.CharField(max_length=4, blank=True, help_text="Case type (cases.CaseType), not criminal.")
    parties = models.JSONField(
        default=list,
        blank=True,
        help_text="Parties as entered: name, role, kind, birth_year, national_id, address, province, commune, "
        "represents (1-based party number).",
    )
    filer_party = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Which party (1-based) is the filer: themselves, or them as lawyer."
    )
    subject = models.CharField(max_length=500, blank=True, help_text="Legal relation in dispute.")
    claims = models.TextField(blank=True, help_text="What the filer asks the court to decide.")
    value_in_dispute = models.DecimalField(
        max_digits=18, decimal_places=0, null=True, blank=True, help_text="Value in dispute in VND."
    )
    case = models.OneToOneField(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online_filing",
        help_text="The case opened on submission.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="When it was submitted.")
    last_notified_seq = models.PositiveIntegerField(
        default=0, help_text="Cursor: the case event (seq) up to which the filer has been notified."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(case__isnull=False, submitted_at__isnull=False),
                name="filing_submitted_has_case",
            )
        ]

    def __str__(self) -> str:
        return f"Filing {self.pk} ({self.status})"

    @property
    def is_draft(self) -> bool:
        return self.status == FilingStatus.DRAFT


class UploadKind(models.TextChoices):
    PETITION = "petition", _("Petition document")
    EVIDENCE = "evidence", _("Evidence")


class FilingUpload(models.Model):
    """A file uploaded with a filing: already stored under its hash (``evidence.storage``)."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="uploads")
    kind = models.CharField(max_length=10, choices=UploadKind.choices, help_text="Petition or evidence.")
    name = models.CharField(max_length=255, help_text="File name as uploaded.")
    content_type = models.CharField(max_length=100, help_text="Detected from the content.")
    size = models.BigIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the content.")
    path = models.CharField(max_length=200, help_text="Storage path under MEDIA_ROOT.")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    case_file = models.ForeignKey(
        "evidence.CaseFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The item of the case file it became on submission.",
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["filing", "sha256"], name="filing_upload_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"


class EmailState(models.TextChoices):
    NONE = "none", _("No e-mail address")
    PENDING = "pending", _("To be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", pgettext_lazy("e-mail state", "Sent")


class Notification(models.Model):
    """One event of the filer's case, told to the filer: in the list on their pages and by e-mail."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="filing_notifications")
    event = models.ForeignKey("cases.CaseEvent", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=8, choices=EmailState.choices, default=EmailState.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a sender claimed it.")
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["filing", "event"], name="filing_notification_once")]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["email_state"])]

    def __str__(self) -> str:
        return f"Notification {self.pk} ({self.event_id})"
