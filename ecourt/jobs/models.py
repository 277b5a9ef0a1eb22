"""Background work as visible records: each long job has a row users can follow (STYLE §1.14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    kind = models.CharField(max_length=64, help_text="Registered job name, e.g. 'cases.daily_sweep'.")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, help_text="State.")
    params = models.JSONField(default=dict, blank=True, help_text="Arguments (JSON).")
    result = models.JSONField(default=dict, blank=True, help_text="What the job returned.")
    error = models.TextField(blank=True, help_text="Error message when it failed.")
    worker = models.CharField(max_length=200, blank=True, help_text="Host and process that ran it.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who started it.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was queued.")
    started_at = models.DateTimeField(null=True, blank=True, help_text="When it started.")
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When it finished.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
