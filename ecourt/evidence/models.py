"""The case file: every file received in a case, and its chain of custody.

A ``CaseFile`` is stored once by its SHA-256 (``evidence/<aa>/<sha256><suffix>`` under MEDIA_ROOT), with
who uploaded it, when, and an RFC 3161 timestamp token over the hash (or ``pending`` until a TSA answers).
Each receipt, view, download, transfer and export is a ``CustodyEvent``: append-only and hash-chained per
case like the audit log, so a changed, removed or reordered event breaks the chain (``services.verify_custody``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FileKind(models.TextChoices):
    EVIDENCE = "evidence", _("Evidence")
    PLEADING = "pleading", _("Pleading")
    RECORD = "record", _("Court record")
    OTHER = "other", _("Other document")


class TimestampStatus(models.TextChoices):
    PENDING = "pending", _("Timestamp pending")
    STAMPED = "stamped", _("Timestamped")


class OcrStatus(models.TextChoices):
    NONE = "", _("No text to read")
    PENDING = "pending", _("Text being read")
    DONE = "done", _("Text read")
    FAILED = "failed", _("Text could not be read")


class CaseFile(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="case_files")
    kind = models.CharField(max_length=10, choices=FileKind.choices, default=FileKind.EVIDENCE)
    name = models.CharField(max_length=255, help_text="File name as uploaded.")
    content_type = models.CharField(max_length=100, help_text="Detected from the content, not the name.")
    size = models.BigIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64, db_index=True)
    path = models.CharField(max_length=200, help_text="Storage path under MEDIA_ROOT, named by the hash.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField()
    timestamp_status = models.CharField(max_length=8, choices=TimestampStatus.choices, default=TimestampStatus.PENDING)
    timestamp_token = models.BinaryField(null=True, blank=True, help_text="DER RFC 3161 TimeStampToken.")
    timestamp_at = models.DateTimeField(null=True, blank=True, help_text="genTime of the token.")
    timestamp_tsa = models.CharField(max_length=300, blank=True, help_text="TSA that issued the token.")
    timestamp_attempts = models.PositiveIntegerField(default=0)
    timestamp_error = models.CharField(max_length=500, blank=True, help_text="Why the last attempt failed.")
    ocr_status = models.CharField(
        max_length=8, choices=OcrStatus.choices, default=OcrStatus.NONE, blank=True, help_text="Text of a PDF or scan."
    )
    ocr_text = models.TextField(blank=True, help_text="Text read from the file (text layer, or OCR of a scan), NFC.")
    ocr_method = models.CharField(max_length=10, blank=True, help_text="text_layer, ocr or mixed.")
    ocr_error = models.CharField(max_length=500, blank=True, help_text="Why the last reading failed.")

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "sha256"], name="evidence_one_copy_per_case")]

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"


class CustodyAction(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("custody action", "Received")
    TIMESTAMPED = "timestamped", _("Timestamped")
    VIEWED = "viewed", _("Viewed")
    DOWNLOADED = "downloaded", _("Downloaded")
    TRANSFERRED = "transferred", _("Transferred")
    EXPORTED = "exported", _("Exported")


class CustodyEvent(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveIntegerField(help_text="Position in the case's chain, from 1, without gaps.")
    item = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(max_length=12, choices=CustodyAction.choices)
    actor_id = models.BigIntegerField(null=True, help_text="User id (kept even if the account is removed).")
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField()
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["case_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="evidence_custody_seq")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.action} {self.item_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("custody events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("custody events are append-only")


class CustodyHead(models.Model):
    """The end of a case's chain; locked while an event is appended, and compared by the verification so
    that removing the last events is detected too."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, primary_key=True, related_name="+")
    seq = models.PositiveIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"custody head {self.case_id}#{self.seq}"


class UploadState(models.TextChoices):
    RECEIVING = "receiving", pgettext_lazy("upload state", "Receiving")
    COMPLETE = "complete", pgettext_lazy("upload state", "Complete")
    REFUSED = "refused", pgettext_lazy("upload state", "Refused")


class Upload(models.Model):
    """A resumable upload (tus 1.0.0, ecourt/evidence/uploads.py): its bytes so far in a partial file under
    MEDIA_ROOT/evidence/uploads/, ``offset`` the bytes written *and* fsynced (what HEAD reports); when the last
    byte arrives the file is checked, hashed and received like any other (``item``)."""

    id = models.UUIDField(primary_key=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=10, choices=FileKind.choices, default=FileKind.EVIDENCE)
    name = models.CharField(max_length=255)
    length = models.BigIntegerField(help_text="Upload-Length: the bytes announced.")
    offset = models.BigIntegerField(default=0, help_text="Bytes received, written and fsynced.")
    metadata = models.JSONField(default=dict, help_text="Upload-Metadata as sent (decoded).")
    state = models.CharField(max_length=10, choices=UploadState.choices, default=UploadState.RECEIVING)
    error = models.CharField(max_length=500, blank=True, help_text="Why the upload was refused.")
    content_type = models.CharField(max_length=100, blank=True, help_text="Read from the first bytes.")
    sha256 = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=200, blank=True, help_text="The stored file once complete.")
    item = models.ForeignKey(CaseFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    taken_at = models.DateTimeField(
        null=True, blank=True, help_text="When a draft petition took the completed file (it then never expires)."
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(help_text="Last bytes received (stale uploads expire from here).")

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["state", "updated_at"], name="evidence_upload_stale")]

    def __str__(self) -> str:
        return f"{self.name} {self.offset}/{self.length} ({self.state})"
