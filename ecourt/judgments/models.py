"""Judgments as texts: number, court, date, case type and the full text, from a source (the ALQAC 2026
public judgments for now; publication of the courts' own judgments comes later).

A judgment is identified by its source and its id there (``source``, ``source_id``), so importing the
same file twice changes nothing. Its citations of law are in ecourt.citations (``CitationLink``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecourt.cases.models import CaseType, Instance, PartyKind


class JudgmentKind(models.TextChoices):
    JUDGMENT = "judgment", _("Judgment (bản án)")
    DECISION = "decision", _("Decision (quyết định)")


class Outcome(models.TextChoices):
    """What the judgment decided, for every case type and instance; read from its operative part
    (ecourt/judgments/metadata.py)."""

    # first instance (and a decision of the court of first instance)
    ACCEPTED = "accepted", _("Claim accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Claim partly accepted")
    REJECTED = "rejected", _("Claim rejected")
    SETTLED = "settled", _("Settlement recognised")
    SUSPENDED = "suspended", _("Proceedings terminated (đình chỉ)")
    STAYED = "stayed", _("Proceedings stayed (tạm đình chỉ)")
    # criminal
    GUILTY = "guilty", _("Guilty")
    NOT_GUILTY = "not_guilty", _("Not guilty")
    # appeal, cassation review and reopening
    UPHELD = "upheld", _("Judgment upheld")
    AMENDED = "amended", _("Judgment amended")
    ANNULLED_REMITTED = "annulled_remitted", _("Judgment annulled, case remitted for a new trial")
    ANNULLED_DISMISSED = "annulled_dismissed", _("Judgment annulled, proceedings terminated")
    ANNULLED_LOWER_UPHELD = "annulled_lower_upheld", _("Appeal judgment annulled, first-instance judgment upheld")
    APPEAL_ENDED = "appeal_ended", _("Appeal proceedings terminated")
    UNKNOWN = "unknown", _("Outcome not read")


class JudgmentPartyRole(models.TextChoices):
    """A party's role as a judgment names it. The values shared with ``cases.PartyRole`` mean the same."""

    PLAINTIFF = "plaintiff", _("Plaintiff")
    DEFENDANT = "defendant", _("Defendant")
    RELATED = "related", _("Person with related rights and obligations")
    PETITIONER = "petitioner", _("Petitioner")
    CLAIMANT = "claimant", _("Claimant (administrative case)")
    RESPONDENT = "respondent", _("Respondent (administrative case)")
    ACCUSED = "accused", _("Defendant (criminal)")
    VICTIM = "victim", _("Victim")
    CIVIL_PLAINTIFF = "civil_plaintiff", _("Civil plaintiff in a criminal case")
    CIVIL_DEFENDANT = "civil_defendant", _("Civil defendant in a criminal case")
    APPELLANT = "appellant", _("Appellant")
    PROTESTING_PROCURACY = "protesting_procuracy", _("Procuracy lodging a protest")


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
    kind = models.CharField(
        max_length=10, choices=JudgmentKind.choices, blank=True, help_text="Judgment or decision ('' unknown)."
    )
    outcome = models.CharField(
        max_length=24, choices=Outcome.choices, default=Outcome.UNKNOWN, help_text="What it decided."
    )
    reading = models.PositiveSmallIntegerField(
        default=0,
        help_text="Version of the reader that read kind, outcome and parties from the text (0: not read); "
        "an import reads again what an older version read.",
    )
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


class JudgmentParty(models.Model):
    """A party of a judgment, with its role, named as the published (anonymized) text names it: from the
    case's party list for a judgment of a case in the system, read from the text for an imported one."""

    judgment = models.ForeignKey(Judgment, on_delete=models.CASCADE, related_name="parties", help_text="Judgment.")
    role = models.CharField(max_length=24, choices=JudgmentPartyRole.choices, help_text="Role in the proceedings.")
    name = models.CharField(max_length=255, help_text="Name as in the published text ('Lê Thị T').")
    kind = models.CharField(
        max_length=12, choices=PartyKind.choices, default=PartyKind.PERSON, help_text="Person or organisation."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the judgment.")

    class Meta:
        ordering = ["judgment_id", "position", "id"]
        verbose_name = _("party of a judgment")
        verbose_name_plural = _("parties of a judgment")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class PublicationStatus(models.TextChoices):
    """Where a judgment stands on the portal (§4.3). ``Judgment.published`` follows it: True only while
    PUBLISHED or CORRECTED, so the portal's search and pages, which read ``published``, need no change."""

    AWAITING = "awaiting", _("Awaiting publication")
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Published, corrected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_PUBLISHABLE = "not_publishable", _("Not publishable")


class NotPublishableReason(models.TextChoices):
    """Why a judgment is not published: the categories of §4.3 (Resolution 03/2017/NQ-HĐTP, Art. 4)."""

    IN_CAMERA = "in_camera", _("Case tried in camera")
    STATE_SECRET = "state_secret", _("Contains state secrets")
    BUSINESS_SECRET = "business_secret", _("Contains protected business information")
    HARMFUL_TO_CUSTOMS = "harmful_to_customs", _("Content harmful to fine customs and traditions")
    MINOR = "minor", _("A participant is under 18")
    PERSONAL_SECRET = "personal_secret", _("Personal or family secrets that cannot be encoded")
    NOT_IN_EFFECT = "not_in_effect", _("Not yet in legal effect")


class JudgmentEventKind(models.TextChoices):
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Corrected (đính chính)")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_PUBLISHABLE = "not_publishable", _("Marked not publishable")


class JudgmentPublication(models.Model):
    """The publication record of one judgment: its case (none for imported ones), status, who and when.

    Kept beside ``Judgment`` (one row per judgment that went through the workflow) so the importer's rows
    stay as they are; ``Judgment.published`` is kept in step by ecourt/judgments/publication.py."""

    judgment = models.OneToOneField(
        Judgment, on_delete=models.CASCADE, related_name="publication", help_text="The judgment."
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="judgment_publications",
        help_text="The case it decided (empty for an imported judgment).",
    )
    status = models.CharField(
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.AWAITING,
        help_text="Publication status.",
    )
    reason = models.CharField(
        max_length=20,
        choices=NotPublishableReason.choices,
        blank=True,
        help_text="Category that bars publication (status 'not publishable').",
    )
    withdrawal_reason = models.CharField(max_length=500, blank=True, help_text="Why it was withdrawn.")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who took the last step.",
    )
    changed_at = models.DateTimeField(null=True, blank=True, help_text="When the last step was taken.")
    source_text = models.TextField(
        blank=True, help_text="The text as signed, before anonymization (staff only; never published)."
    )

    class Meta:
        verbose_name = _("judgment publication")

    def __str__(self) -> str:
        return f"{self.judgment_id}: {self.status}"


class JudgmentVersion(models.Model):
    """Every text the portal has shown for a judgment: a correction adds one and keeps the previous."""

    judgment = models.ForeignKey(Judgment, on_delete=models.CASCADE, related_name="versions", help_text="Judgment.")
    seq = models.PositiveIntegerField(help_text="1 for the first publication, then one per correction.")
    text = models.TextField(help_text="The anonymized text published.")
    note = models.CharField(max_length=500, blank=True, help_text="What the correction changed.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Who published it."
    )
    published_at = models.DateTimeField(help_text="When it was published.")

    class Meta:
        ordering = ["judgment_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["judgment", "seq"], name="judgment_version_seq_unique")]

    def __str__(self) -> str:
        return f"{self.judgment_id} v{self.seq}"


class JudgmentEvent(models.Model):
    """One step of a judgment's publication, by a named person. Rows are never changed."""

    judgment = models.ForeignKey(Judgment, on_delete=models.CASCADE, related_name="events", help_text="Judgment.")
    kind = models.CharField(max_length=16, choices=JudgmentEventKind.choices, help_text="What happened.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Who did it."
    )
    at = models.DateTimeField(auto_now_add=True, help_text="When.")
    data = models.JSONField(default=dict, blank=True, help_text="Details: reason, version, what leaked (by kind).")

    class Meta:
        ordering = ["judgment_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.judgment_id} {self.kind}"


class ExtractionMethod(models.TextChoices):
    TEXT_LAYER = "text_layer", _("PDF text layer")
    DOCX = "docx", _("DOCX document")
    OCR = "ocr", _("OCR (scan)")
    MIXED = "mixed", _("PDF text layer and OCR")


class ExtractionStatus(models.TextChoices):
    """Whether an original's text is read: a scan's OCR runs as a background job (originals.py)."""

    DONE = "done", _("Text extracted")
    PENDING = "pending", _("Text extraction pending")
    FAILED = "failed", _("Text extraction failed")


class JudgmentFile(models.Model):
    """The original file of a judgment (the signed PDF, the DOCX, or a scan) and the text read from it.

    Stored under MEDIA_ROOT by its SHA-256 (``judgments/originals/ab/abcd….pdf``), so the same bytes are
    kept once. It holds the parties' real names: it is never served to the public (access.py)."""

    judgment = models.ForeignKey(Judgment, on_delete=models.CASCADE, related_name="files", help_text="Judgment.")
    file = models.FileField(max_length=200, help_text="The file under MEDIA_ROOT, named by its SHA-256.")
    name = models.CharField(max_length=255, help_text="File name as uploaded.")
    content_type = models.CharField(max_length=100, help_text="MIME type read from the content.")
    sha256 = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the file.")
    size = models.PositiveBigIntegerField(help_text="Size in bytes.")
    text = models.TextField(blank=True, help_text="Text extracted from the file (NFC).")
    method = models.CharField(max_length=12, choices=ExtractionMethod.choices, help_text="How the text was read.")
    pages = models.PositiveIntegerField(default=1, help_text="Pages in the file (1 for a DOCX).")
    ocr_pages = models.JSONField(default=list, blank=True, help_text="Pages read by OCR (from 1).")
    extraction = models.CharField(
        max_length=8,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.DONE,
        help_text="Whether the text is read: done, pending (OCR queued) or failed.",
    )
    extraction_error = models.CharField(max_length=500, blank=True, help_text="Why the text could not be read.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Who attached it."
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, help_text="When it was attached.")

    class Meta:
        ordering = ["judgment_id", "-uploaded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["judgment", "sha256"], name="judgment_file_unique")]
        verbose_name = _("original file of a judgment")

    def __str__(self) -> str:
        return f"{self.judgment_id}: {self.name}"
