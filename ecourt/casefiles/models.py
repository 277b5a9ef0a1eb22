"""Case file packages (export, import) and the archive with its retention periods.

A ``PackageExport`` records each package a court made of a case file; a ``PackageImport`` each package a
court took in, keyed by the SHA-256 of the signed manifest, so the same package imported twice is one
import. A ``CaseArchive`` marks a closed case archived, with the retention period that applied (and the
version of the retention table it came from) and the day the file is due for review; the file's bytes are
removed only after that day, on a recorded ``DestructionDecision``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    APPEAL = "appeal", _("Appeal to the higher court")
    ARCHIVE = "archive", _("Archiving")


class PackageExport(models.Model):
    package_id = models.UUIDField(unique=True, help_text="The package's id, written in its manifest.")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    manifest_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the signed manifest.json.")
    file_count = models.PositiveIntegerField()
    size = models.BigIntegerField(help_text="Bytes of the package file.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"export {self.package_id} of case {self.case_id}"


class PackageImport(models.Model):
    manifest_sha256 = models.CharField(max_length=64, unique=True, help_text="The idempotency key.")
    package_id = models.UUIDField(db_index=True)
    source_case_uid = models.CharField(max_length=40)
    source_court = models.CharField(max_length=300)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    created_case = models.BooleanField(help_text="False when the files joined an appeal case already open.")
    file_count = models.PositiveIntegerField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"import {self.package_id} into case {self.case_id}"


class CaseArchive(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, primary_key=True, related_name="+")
    archived_on = models.DateField()
    closed_on = models.DateField(help_text="The day the retention period runs from.")
    retention_years = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: permanent.")
    retention_version = models.CharField(max_length=40, help_text="Version of the retention table applied.")
    retention_source = models.CharField(max_length=300)
    review_on = models.DateField(null=True, blank=True, help_text="Due for review or destruction; empty: never.")
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review_on", "case_id"]

    def __str__(self) -> str:
        return f"archive of case {self.case_id} (review {self.review_on or 'never'})"


class DestructionDecision(models.Model):
    archive = models.OneToOneField(CaseArchive, on_delete=models.PROTECT, related_name="decision")
    number = models.CharField(max_length=60, help_text="Number of the decision to destroy the file.")
    decided_on = models.DateField()
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    files_removed = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"decision {self.number} of {self.decided_on}"
