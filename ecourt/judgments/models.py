"""Judgments as texts: number, court, date, case type and the full text, from a source (the ALQAC 2026
public judgments for now; publication of the courts' own judgments comes later).

A judgment is identified by its source and its id there (``source``, ``source_id``), so importing the
same file twice changes nothing. Its citations of law are in ecourt.citations (``CitationLink``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecourt.cases.models import CaseType, Instance


class Judgment(models.Model):
    number = models.CharField(
        max_length=60, blank=True, db_index=True, help_text="Number as written, e.g. '01/2022/LĐ-ST'."
    )
    court = models.ForeignKey(
        "courts.Court",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="judgments",
        help_text="The court, when its name matches one of the court map.",
    )
    court_name = models.CharField(
        max_length=200, blank=True, help_text="The court as the judgment names it, e.g. 'Tòa án nhân dân huyện Y'."
    )
    decided_on = models.DateField(null=True, blank=True, help_text="Day of the judgment.")
    case_type = models.CharField(max_length=4, choices=CaseType.choices, blank=True, help_text="Type of case.")
    instance = models.CharField(max_length=3, choices=Instance.choices, blank=True, help_text="Instance.")
    title = models.CharField(
        max_length=300, blank=True, help_text="What the case is about, e.g. 'Tranh chấp hợp đồng tín dụng'."
    )
    text = models.TextField(help_text="Full text; citation offsets index it.")
    published = models.BooleanField(
        default=False, help_text="Public (published on the judgment portal): its page needs no sign-in."
    )
    source = models.CharField(max_length=40, help_text="Where it was imported from, e.g. 'alqac-2026'.")
    source_id = models.CharField(max_length=100, help_text="Its id in the source, e.g. 'case_4101'.")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the source record it was written from.")
    imported_at = models.DateTimeField(auto_now=True, help_text="When it was last written.")

    class Meta:
        ordering = ["-decided_on", "number"]
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="judgment_source_unique")]
        indexes = [models.Index(fields=["court", "decided_on"])]
        verbose_name = _("judgment")

    def __str__(self) -> str:
        return f"{self.number or self.source_id} ({self.court_name})" if self.court_name else self.number
