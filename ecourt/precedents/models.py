"""Precedents (án lệ): a legal reasoning of a judgment or cassation decision that the Judicial Council of
the Supreme People's Court (Hội đồng Thẩm phán TANDTC) selected, and the Chief Justice published, for the
courts to follow in like cases (Resolution 04/2019/NQ-HĐTP).

A precedent is registered by staff (the admin, ``precedents import FILE``): no public list of precedents
is among the project's data. ``source_judgment`` is the judgment it was drawn from when that judgment is in
the system; ``source_number`` and ``source_court`` say which it was in any case. A judgment's precedent
status is whether it is the source of one (``Judgment.precedents``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

# Resolution 04/2019/NQ-HĐTP art. 11: a precedent is applied in adjudication from 30 days after its
# publication (docs/precedents.md). An effective day written in the record wins over this default.
APPLIES_AFTER_DAYS = 30


def default_effective_on(published_on: datetime.date | None) -> datetime.date | None:
    return published_on + datetime.timedelta(days=APPLIES_AFTER_DAYS) if published_on else None


class PrecedentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    ABOLISHED = "abolished", _("Abolished")


class Precedent(models.Model):
    number = models.CharField(max_length=20, unique=True, help_text="Number, normalized: 08/2016/AL.")
    key = models.SlugField(max_length=20, unique=True, help_text="The number as a slug (08-2016-al), for addresses.")
    title = models.CharField(max_length=500, help_text="Its name: 'Về …'.")
    principle = models.TextField(blank=True, help_text="Khái quát nội dung: the legal situation and its solution.")
    content = models.TextField(blank=True, help_text="Nội dung án lệ: the passage of the source judgment adopted.")
    adopted_on = models.DateField(
        null=True, blank=True, help_text="Day the Judicial Council of the Supreme People's Court adopted it."
    )
    decision = models.CharField(
        max_length=60, blank=True, help_text="Number of the decision that adopted and published it (220/QĐ-CA)."
    )
    published_on = models.DateField(null=True, blank=True, help_text="Day it was published.")
    effective_on = models.DateField(
        null=True, blank=True, help_text="Day from which it applies (default: published + 30 days)."
    )
    status = models.CharField(
        max_length=10, choices=PrecedentStatus.choices, default=PrecedentStatus.IN_FORCE, help_text="In force or not."
    )
    abolished_on = models.DateField(null=True, blank=True, help_text="Day from which it no longer applies.")
    abolished_by = models.CharField(max_length=60, blank=True, help_text="Number of the abolishing decision.")
    source_judgment = models.ForeignKey(
        "judgments.Judgment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="precedents",
        help_text="The judgment or cassation decision it was drawn from, when it is in the system.",
    )
    source_number = models.CharField(
        max_length=100, blank=True, help_text="Number of the source judgment or decision, as written."
    )
    source_court = models.CharField(max_length=200, blank=True, help_text="Court of the source, as written.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When it was last written.")

    class Meta:
        ordering = ["-published_on", "-number"]
        verbose_name = _("precedent")
        verbose_name_plural = _("precedents")

    def __str__(self) -> str:
        return f"Án lệ số {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from .numbers import normalize_number, number_key

        self.number = normalize_number(self.number)
        self.key = number_key(self.number)
        if self.effective_on is None:
            self.effective_on = default_effective_on(self.published_on)
        super().save(*args, **kwargs)

    def applies_on(self, day: datetime.date) -> bool:
        """Whether courts apply it on ``day``: published and past its effective day, not abolished by then."""
        return not self.not_yet_on(day) and not self.abolished_as_of(day)

    def not_yet_on(self, day: datetime.date) -> bool:
        start = self.effective_on or self.published_on
        return start is not None and day < start  # no date recorded: nothing says it does not apply yet

    def abolished_as_of(self, day: datetime.date) -> bool:
        if self.status != PrecedentStatus.ABOLISHED:
            return False
        return self.abolished_on is None or self.abolished_on <= day
