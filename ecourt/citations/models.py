"""The citation graph: who cites what.

Each ``CitationLink`` is one citation found in a citing text — a judgment, or a provision's text in
one period (a ``ProvisionVersion`` of a legal document) — with its place in that text, what it names
as written, and what it resolved to (a ``LegalDocument`` and, when found, a ``Provision``; or, for "Án lệ
số 08/2016/AL", a registered ``Precedent``). The court
and year of the citing text are copied onto the row so that "cited by" counts by court and by year
are one aggregate query over an index.

``LinkedText`` records that a text was linked, from which text (checksum) and when: ``cite link``
links what is missing or changed, so a run that stopped continues, and relinking replaces a text's
rows in one transaction (ecourt/citations/services.py).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CitationStatus(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    NO_TEXT = "no_text", _("Document found, its text is not in the corpus")
    NO_PROVISION = "no_provision", _("No such provision in the document")
    NO_DOCUMENT = "no_document", _("Document not in the corpus")
    UNIDENTIFIED = "unidentified", _("Document not identified")
    RELATIVE = "relative", _("Refers to the citing text itself")


class CitingKind(models.TextChoices):
    JUDGMENT = "judgment", _("Judgment")
    LAW = "law", _("Legal document")


class CitationLink(models.Model):
    citing_kind = models.CharField(max_length=10, choices=CitingKind.choices, help_text="What kind of text cites.")
    citing_judgment = models.ForeignKey(
        "judgments.Judgment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
        help_text="The citing judgment.",
    )
    citing_version = models.ForeignKey(
        "laws.ProvisionVersion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
        help_text="The citing provision's text (one period of it).",
    )
    citing_document = models.ForeignKey(
        "laws.LegalDocument",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations_made",
        help_text="The document of the citing provision (copied for listing).",
    )
    start = models.PositiveIntegerField(help_text="Offset of the citation in the citing text (characters).")
    end = models.PositiveIntegerField(help_text="Offset just after it.")
    anchor_start = models.PositiveIntegerField(help_text="Offset of the number naming the provision (the link).")
    anchor_end = models.PositiveIntegerField(help_text="Offset just after it.")
    text = models.TextField(help_text="The citation as written.")
    snippet = models.CharField(max_length=400, help_text="The citing text around the citation.")
    article = models.CharField(max_length=20, blank=True, help_text="Article as written ('7a').")
    clause = models.CharField(max_length=20, blank=True, help_text="Clause as written.")
    point = models.CharField(max_length=20, blank=True, help_text="Point as written.")
    cited_number = models.CharField(
        max_length=60, blank=True, db_index=True, help_text="Number of the document meant, when known."
    )
    cited_name = models.CharField(max_length=300, blank=True, help_text="Title of the document meant, when known.")
    target_document = models.ForeignKey(
        "laws.LegalDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citations_received",
        help_text="The document cited, when it is in the corpus.",
    )
    target_provision = models.ForeignKey(
        "laws.Provision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citations_received",
        help_text="The provision cited, when found.",
    )
    target_key = models.CharField(
        max_length=200, blank=True, help_text="Key of the provision cited ('dieu-203/khoan-1'), for sub-provisions."
    )
    target_precedent = models.ForeignKey(
        "precedents.Precedent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citations_received",
        help_text="The precedent cited (án lệ), when it is registered; cited_number keeps its number in any case.",
    )
    resolved = models.BooleanField(help_text="Document and provision found.")
    status = models.CharField(max_length=14, choices=CitationStatus.choices, help_text="How it resolved.")
    reason = models.CharField(max_length=300, blank=True, help_text="Why it did not resolve.")
    day = models.DateField(help_text="The day it was resolved on (the citing text's date).")
    court = models.ForeignKey(
        "courts.Court",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Court of the citing judgment (copied for counts).",
    )
    court_name = models.CharField(max_length=200, blank=True, help_text="Court of the citing judgment, as written.")
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year of the citing text.")

    class Meta:
        ordering = ["citing_judgment_id", "citing_version_id", "start"]
        indexes = [
            models.Index(fields=["target_document", "target_key"], name="citation_target"),
            models.Index(fields=["target_provision"], name="citation_provision"),
            models.Index(fields=["status"], name="citation_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(citing_kind="judgment", citing_judgment__isnull=False, citing_version__isnull=True)
                | Q(citing_kind="law", citing_judgment__isnull=True, citing_version__isnull=False),
                name="citation_one_citing_text",
            )
        ]

    def __str__(self) -> str:
        return f"{self.text[:60]} → {self.target_key or self.cited_number or '?'}"


class LinkedText(models.Model):
    judgment = models.OneToOneField(
        "judgments.Judgment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="linked",
        help_text="The judgment linked.",
    )
    version = models.OneToOneField(
        "laws.ProvisionVersion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="linked",
        help_text="The provision text linked.",
    )
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the text when it was linked.")
    citations = models.PositiveIntegerField(default=0, help_text="Citations found.")
    resolved = models.PositiveIntegerField(default=0, help_text="Citations resolved.")
    linked_at = models.DateTimeField(auto_now=True, help_text="When it was last linked.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(judgment__isnull=False, version__isnull=True)
                | Q(judgment__isnull=True, version__isnull=False),
                name="linked_text_one_text",
            )
        ]

    def __str__(self) -> str:
        return f"judgment {self.judgment_id}" if self.judgment_id else f"version {self.version_id}"
