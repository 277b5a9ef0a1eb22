"""The audit log: every read and write of case data, append-only and hash-chained.

Each entry stores the hash of the entry before it and its own hash over its content, so removing,
changing or reordering any entry breaks the chain at that point (``python -m ecourt audit verify``).
The database refuses UPDATE and DELETE on the table (triggers installed by migration 0002).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Listed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    TRANSITION = "transition", _("Procedural step")
    DENIED = "denied", _("Access refused")
    EXPORT = "export", _("Exported")


class AuditEntry(models.Model):
    seq = models.BigIntegerField(unique=True, help_text="Position in the chain, from 1, without gaps.")
    at = models.DateTimeField(help_text="When it happened.")
    actor_id = models.BigIntegerField(null=True, help_text="User id (kept even if the account is removed).")
    actor_name = models.CharField(max_length=150, blank=True, help_text="User name at the time.")
    action = models.CharField(max_length=12, choices=Action.choices, help_text="What was done.")
    object_type = models.CharField(max_length=40, help_text="Kind of object, e.g. 'case'.")
    object_id = models.CharField(max_length=64, blank=True, help_text="Its identifier.")
    case_id = models.BigIntegerField(null=True, db_index=True, help_text="Case concerned, if any.")
    ip = models.CharField(max_length=45, blank=True, help_text="Client address.")
    request_id = models.CharField(max_length=36, blank=True, help_text="Request identifier.")
    detail = models.JSONField(default=dict, help_text="What was read or changed.")
    prev_hash = models.CharField(max_length=64, help_text="Hash of the previous entry.")
    hash = models.CharField(max_length=64, help_text="SHA-256 over prev_hash and this entry's content.")

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["actor_id", "at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("audit entries are append-only")


class AuditHead(models.Model):
    """The end of the chain; locked while an entry is appended so entries form one sequence."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0, help_text="Sequence number of the last entry.")
    hash = models.CharField(max_length=64, default="0" * 64, help_text="Hash of the last entry.")

    def __str__(self) -> str:
        return f"head #{self.seq}"
