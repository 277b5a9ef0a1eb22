"""The law as data: documents, their structure, each provision's text by period, and the relations
between documents and provisions.

A ``LegalDocument`` is one act (``91/2015/QH13``). Its structure is a tree of ``Provision`` rows (Phần,
Chương, Mục, Tiểu mục, Điều, Khoản, Điểm), each with a stable ``key`` inside its document
(``dieu-203/khoan-1/diem-a``) that never changes when the text does. What a provision said is kept in
``ProvisionVersion`` rows, each valid from one day up to (not including) another, so "what did Article
203 of the Civil Procedure Code say on 1 March 2020" has one answer. ``DocumentRelation`` records who
amends, supplements, replaces, repeals, guides or consolidates whom, from which day, optionally down to
the provision.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import pgettext_lazy

from ecourt.vietnamese import fold, normalize


# Labels carry a context: their English msgids ("Code", "Order", "Article", "Point", "Section" …) mean
# other things elsewhere in the catalogue ("Code" is a court's code, "Mã", on the court pages), and one
# msgid gets one translation.
class DocumentType(models.TextChoices):
    CONSTITUTION = "hien_phap", pgettext_lazy("legal document type", "Constitution")
    CODE = "bo_luat", pgettext_lazy("legal document type", "Code")
    LAW = "luat", pgettext_lazy("legal document type", "Law")
    ORDINANCE = "phap_lenh", pgettext_lazy("legal document type", "Ordinance")
    RESOLUTION = "nghi_quyet", pgettext_lazy("legal document type", "Resolution")
    JOINT_RESOLUTION = "nghi_quyet_lien_tich", pgettext_lazy("legal document type", "Joint resolution")
    ORDER = "lenh", pgettext_lazy("legal document type", "Order")
    DECREE = "nghi_dinh", pgettext_lazy("legal document type", "Decree")
    DECISION = "quyet_dinh", pgettext_lazy("legal document type", "Decision")
    CIRCULAR = "thong_tu", pgettext_lazy("legal document type", "Circular")
    JOINT_CIRCULAR = "thong_tu_lien_tich", pgettext_lazy("legal document type", "Joint circular")
    DIRECTIVE = "chi_thi", pgettext_lazy("legal document type", "Directive")
    CONSOLIDATED = "van_ban_hop_nhat", pgettext_lazy("legal document type", "Consolidated text")
    PRECEDENT = "an_le", pgettext_lazy("legal document type", "Precedent")
    OFFICIAL_LETTER = "cong_van", pgettext_lazy("legal document type", "Official letter")
    OTHER = "khac", pgettext_lazy("legal document type", "Other")


class DocumentStatus(models.TextChoices):
    NOT_YET = "not_yet", pgettext_lazy("legal document status", "Not yet in force")
    IN_FORCE = "in_force", pgettext_lazy("legal document status", "In force")
    PARTLY_EXPIRED = "partly_expired", pgettext_lazy("legal document status", "Partly expired")
    EXPIRED = "expired", pgettext_lazy("legal document status", "Expired")


class LegalDocument(models.Model):
    key = models.SlugField(
        max_length=120, unique=True, help_text="Stable identifier, e.g. '91-2015-qh13' or 'hien-phap-2013'."
    )
    number = models.CharField(
        max_length=60, blank=True, db_index=True, help_text="Official number, e.g. '91/2015/QH13' (empty if none)."
    )
    doc_type = models.CharField(max_length=24, choices=DocumentType.choices, help_text="Kind of document.")
    title = models.CharField(max_length=600, help_text="Title, e.g. 'Bộ luật Dân sự'.")
    short_title = models.CharField(
        max_length=200, blank=True, help_text="Name as citations write it, e.g. 'Bộ luật Dân sự năm 2015'."
    )
    issuer = models.CharField(max_length=200, blank=True, help_text="Issuing body, e.g. 'Quốc hội'.")
    signer = models.CharField(max_length=200, blank=True, help_text="Who signed it.")
    issued_on = models.DateField(null=True, blank=True, help_text="Day of adoption or signature.")
    effective_from = models.DateField(null=True, blank=True, help_text="Day it entered into force.")
    effective_to = models.DateField(
        null=True, blank=True, help_text="First day it was no longer in force (empty while in force)."
    )
    place = models.CharField(max_length=80, blank=True, help_text="Place of issue, e.g. 'Hà Nội'.")
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names and abbreviations used in citations, e.g. 'BLDS 2015'."
    )
    preamble = models.TextField(blank=True, help_text="Recitals before the first article ('Căn cứ …').")
    closing_text = models.TextField(
        blank=True, help_text="Text after the last article: closing formula, signature block, annexes."
    )
    sources = models.JSONField(
        default=list, blank=True, help_text="Sources its metadata or text came from, e.g. ['catalogue', 'alqac-2023']."
    )
    metadata_ranks = models.JSONField(
        default=dict,
        blank=True,
        help_text="For each metadata field, the rank of the source that set it (a lower-ranked source only fills "
        "empty fields; see ecourt/laws/services/documents.py).",
    )
    search_key = models.CharField(max_length=600, db_index=True, editable=False, help_text="Folded title.")

    class Meta:
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["doc_type", "issued_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gt=models.F("effective_from")),
                name="legal_document_effect_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})" if self.number else self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = normalize(self.title)
        self.short_title = normalize(self.short_title)
        names = " | ".join([self.number, self.title, self.short_title, *self.aliases])
        self.search_key = fold(names)[:600]
        super().save(*args, **kwargs)

    @property
    def year(self) -> int | None:
        return self.issued_on.year if self.issued_on else None

    def in_force_on(self, day: datetime.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day < self.effective_to
        )


class ProvisionKind(models.TextChoices):
    PART = "phan", pgettext_lazy("legal provision kind", "Part")
    CHAPTER = "chuong", pgettext_lazy("legal provision kind", "Chapter")
    SECTION = "muc", pgettext_lazy("legal provision kind", "Section")
    SUBSECTION = "tieu_muc", pgettext_lazy("legal provision kind", "Subsection")
    ARTICLE = "dieu", pgettext_lazy("legal provision kind", "Article")
    CLAUSE = "khoan", pgettext_lazy("legal provision kind", "Clause")
    POINT = "diem", pgettext_lazy("legal provision kind", "Point")


class Provision(models.Model):
    """A node of a document's structure. Its text over time is in ``versions``."""

    document = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="provisions", help_text="Document."
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", help_text="Parent node."
    )
    kind = models.CharField(max_length=10, choices=ProvisionKind.choices, help_text="Level in the structure.")
    number = models.CharField(max_length=20, help_text="Label as written: '203', '1', 'a', 'II'.")
    key = models.CharField(
        max_length=200, help_text="Stable path in the document, e.g. 'dieu-203/khoan-1/diem-a' or 'chuong-ii'."
    )
    title = models.CharField(
        max_length=600, blank=True, help_text="Heading (articles, chapters …) as in its latest version."
    )
    position = models.PositiveIntegerField(help_text="Order in the document, from 1.")
    text_checksum = models.CharField(
        max_length=64,
        blank=True,
        help_text="Articles: checksum of the reading the original versions were built from (see ArticleReading).",
    )

    class Meta:
        ordering = ["document_id", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="provision_key_unique")]
        indexes = [models.Index(fields=["document", "kind", "number"])]

    def __str__(self) -> str:
        return f"{self.document.number or self.document.title} {self.key}"


class ProvisionVersion(models.Model):
    """What a provision said from ``valid_from`` up to (not including) ``valid_to``."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="versions", help_text="Provision.")
    text = models.TextField(
        blank=True,
        help_text="The provision's own text in this period, without its sub-provisions (a clause without its points; "
        "an article's lead-in before its first clause, empty when it starts with clause 1). selectors.text_as_of "
        "puts a provision together on a day and selectors.provision_periods gives its whole history.",
    )
    title = models.CharField(max_length=600, blank=True, help_text="Heading in this period (articles, chapters).")
    valid_from = models.DateField(null=True, blank=True, help_text="First day of this text (empty: unknown).")
    valid_to = models.DateField(null=True, blank=True, help_text="First day it no longer applied (empty: still).")
    introduced_by = models.ForeignKey(
        LegalDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="introduced_versions",
        help_text="Document that gave the provision this text (itself, or an amending document).",
    )
    repealed = models.BooleanField(
        default=False, help_text="This period records that the provision was repealed (no text applies)."
    )
    sources = models.JSONField(
        default=list, blank=True, help_text="Sources that print this text, e.g. ['alqac-2024', 'alqac-2025']."
    )

    class Meta:
        ordering = ["provision_id", "valid_from"]
        indexes = [models.Index(fields=["provision", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="provision_version_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provision} [{self.valid_from} – {self.valid_to or '…'}]"


class RelationKind(models.TextChoices):
    AMENDS = "amends", pgettext_lazy("legal document relation", "Amends")
    SUPPLEMENTS = "supplements", pgettext_lazy("legal document relation", "Supplements")
    REPLACES = "replaces", pgettext_lazy("legal document relation", "Replaces")
    REPEALS = "repeals", pgettext_lazy("legal document relation", "Repeals")
    GUIDES = "guides", pgettext_lazy("legal document relation", "Guides")
    CONSOLIDATES = "consolidates", pgettext_lazy("legal document relation", "Consolidates")
    BASED_ON = "based_on", pgettext_lazy("legal document relation", "Is based on")
    REFERS_TO = "refers_to", pgettext_lazy("legal document relation", "Refers to")
    CORRECTS = "corrects", pgettext_lazy("legal document relation", "Corrects")
    RENUMBERS = "renumbers", pgettext_lazy("legal document relation", "Renumbers")


class DocumentRelation(models.Model):
    """``source`` does ``kind`` to ``target`` from ``effective_on`` (e.g. Law 85/2025 amends BLTTDS 2015),
    optionally to one provision, and optionally from one of its own provisions."""

    source = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="relations_out", help_text="Acting document."
    )
    target = models.ForeignKey(
        LegalDocument, on_delete=models.CASCADE, related_name="relations_in", help_text="Document acted on."
    )
    kind = models.CharField(max_length=14, choices=RelationKind.choices, help_text="What the source does.")
    effective_on = models.DateField(null=True, blank=True, help_text="Day it takes effect.")
    target_provision = models.ForeignKey(
        Provision,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="relations_in",
        help_text="The provision acted on, when the relation is that precise.",
    )
    source_provision = models.ForeignKey(
        Provision,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="relations_out",
        help_text="The provision of the source that does it.",
    )
    new_key = models.CharField(
        max_length=200, blank=True, help_text="For renumbering: the provision's key after the change."
    )
    partial = models.BooleanField(
        default=False, help_text="Only part of the target is replaced or repealed (the gazette's 'một phần')."
    )
    source_text = models.CharField(max_length=200, blank=True, help_text="Where the relation was read.")

    class Meta:
        ordering = ["effective_on", "id"]
        constraints = [
            # One row per source, target, kind and pair of provisions; an absent provision counts as a value
            # (0), on SQLite and PostgreSQL alike.
            models.UniqueConstraint(
                F("source"),
                F("target"),
                F("kind"),
                Coalesce(F("target_provision"), Value(0), output_field=models.BigIntegerField()),
                Coalesce(F("source_provision"), Value(0), output_field=models.BigIntegerField()),
                name="document_relation_unique",
            ),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="document_relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.target}"


class ArticleReading(models.Model):
    """One distinct text of an article as the sources print it.

    The same law comes from several sources (ALQAC 2022 to 2025, the judgment corpus, a file) whose
    texts differ in punctuation, capitals or completeness. Each distinct text (compared after Unicode,
    tone-placement and spacing normalisation) is kept once with the sources that print it; the reading
    of the highest-ranked source is ``preferred`` and the article's original versions are built from it.
    """

    provision = models.ForeignKey(
        Provision, on_delete=models.CASCADE, related_name="readings", help_text="The article."
    )
    text = models.TextField(help_text="The whole article as the source prints it ('Điều N. Title', clauses, points).")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the normalised text.")
    sources = models.JSONField(default=list, help_text="Sources that print exactly this text.")
    rank = models.PositiveSmallIntegerField(default=0, help_text="Highest rank among its sources.")
    preferred = models.BooleanField(default=False, help_text="The reading the article's versions are built from.")

    class Meta:
        ordering = ["provision_id", "-rank"]
        constraints = [models.UniqueConstraint(fields=["provision", "checksum"], name="article_reading_unique")]

    def __str__(self) -> str:
        return f"{self.provision} ({', '.join(self.sources)})"


class ImportRecord(models.Model):
    """What one importer wrote for one document of one source, so that a second run skips it and an
    interrupted run starts again after the last document it finished."""

    locator = models.CharField(
        max_length=300, unique=True, help_text="Source and document, e.g. 'alqac-2023#91-2015-qh13'."
    )
    source = models.CharField(max_length=40, help_text="Source label, e.g. 'alqac-2023', 'gazette', 'text'.")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the input the record was written from.")
    document = models.ForeignKey(
        LegalDocument,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_records",
        help_text="The document written.",
    )
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="The run."
    )
    counts = models.JSONField(default=dict, blank=True, help_text="Rows written for this document.")
    imported_at = models.DateTimeField(auto_now=True, help_text="When it was last written.")

    class Meta:
        ordering = ["locator"]

    def __str__(self) -> str:
        return self.locator
