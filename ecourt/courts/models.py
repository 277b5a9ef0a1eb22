"""Courts as time-versioned records.

A court exists from ``valid_from`` up to (not including) ``valid_to``. Reorganisations, such as the
reform of 1 July 2025 that dissolved the high courts and district courts and merged 63 provincial courts
into 34, are data: the old records keep their dates and gain successor links, so history stays readable
and a case accepted by a dissolved court can still show it beside the court that now holds it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecourt.vietnamese import fold, normalize


class CourtLevel(models.TextChoices):
    SUPREME = "supreme", _("Supreme People's Court")
    HIGH = "high", _("High People's Court")
    PROVINCIAL = "provincial", _("Provincial People's Court")
    DISTRICT = "district", _("District People's Court")
    REGIONAL = "regional", _("Regional People's Court")
    MILITARY_CENTRAL = "military_central", _("Central Military Court")
    MILITARY_ZONE = "military_zone", _("Military zone court")
    MILITARY_REGIONAL = "military_regional", _("Regional military court")
    SPECIALISED = "specialised", _("Specialised court")


class CourtQuerySet(models.QuerySet["Court"]):
    def active_on(self, day: datetime.date) -> CourtQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )


class Court(models.Model):
    code = models.CharField(
        max_length=5,
        unique=True,
        help_text="Five-digit court code; it is part of every national case identifier.",
    )
    name = models.CharField(max_length=200, help_text="Official name, e.g. 'Tòa án nhân dân tỉnh Bắc Ninh'.")
    short_name = models.CharField(max_length=120, help_text="Short name, e.g. 'TAND tỉnh Bắc Ninh'.")
    name_en = models.CharField(max_length=200, blank=True, help_text="English name.")
    level = models.CharField(max_length=20, choices=CourtLevel.choices, help_text="Level in the hierarchy.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The court immediately above this one while this record is valid (appeals go there).",
    )
    province = models.CharField(
        max_length=80, blank=True, help_text="Province or centrally-run city where the court sits."
    )
    address = models.CharField(max_length=300, blank=True, help_text="Seat of the court.")
    valid_from = models.DateField(null=True, blank=True, help_text="First day the court operated.")
    valid_to = models.DateField(
        null=True, blank=True, help_text="First day the court no longer operated (empty while it operates)."
    )
    legal_basis = models.CharField(max_length=200, blank=True, help_text="Act that established or dissolved the court.")
    search_key = models.CharField(
        max_length=200, db_index=True, editable=False, help_text="Name without diacritics, for look-ups."
    )

    objects = CourtQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="court_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalize_fields()
        super().save(*args, **kwargs)

    def normalize_fields(self) -> None:
        """Store names normalized and keep the search key in step (also called by bulk loaders,
        which bypass ``save``)."""
        self.name = normalize(self.name)
        self.short_name = normalize(self.short_name)
        self.province = normalize(self.province)
        self.search_key = fold(self.name)

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)

    @property
    def is_dissolved(self) -> bool:
        return self.valid_to is not None and self.valid_to <= datetime.date.today()


class SuccessionKind(models.TextChoices):
    MERGED = "merged", _("Merged into")
    CONTINUED = "continued", _("Continued by")
    SPLIT = "split", _("Split into")
    FUNCTIONS = "functions", _("Functions taken over by")


class CourtSuccession(models.Model):
    predecessor = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="successions_out", help_text="The court that ended."
    )
    successor = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="successions_in", help_text="The court that took over."
    )
    effective_on = models.DateField(help_text="Day the successor took over.")
    kind = models.CharField(max_length=20, choices=SuccessionKind.choices, help_text="How it took over.")
    primary = models.BooleanField(
        default=True,
        help_text="Whether pending cases follow this link when the predecessor has several successors.",
    )
    legal_basis = models.CharField(max_length=200, blank=True, help_text="Act that ordered the succession.")

    class Meta:
        ordering = ["effective_on", "predecessor_id"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="court_succession_unique"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="court_succession_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_on:%d/%m/%Y})"


class CourtParentPeriod(models.Model):
    """An earlier parent of a court, for the days from ``valid_from`` up to (not including) ``valid_to``.

    ``Court.parent`` holds the court above it now (or when it ceased). A court that outlived a
    reorganisation, such as the eleven provincial courts whose provinces did not merge in 2025, keeps
    its record; its parents before that day (the High Court, the Supreme Court before 2015) are kept
    here so that appeals against an old judgment still go where they went then.
    """

    court = models.ForeignKey(
        Court, on_delete=models.CASCADE, related_name="parent_periods", help_text="The court below."
    )
    parent = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="former_child_periods", help_text="The court above it then."
    )
    valid_from = models.DateField(null=True, blank=True, help_text="First day of the period (empty: since the start).")
    valid_to = models.DateField(help_text="First day the parent no longer applied.")
    legal_basis = models.CharField(max_length=200, blank=True, help_text="Act that changed the parent.")

    class Meta:
        ordering = ["court_id", "valid_to"]
        constraints = [
            models.UniqueConstraint(fields=["court", "valid_to"], name="court_parent_period_unique"),
            models.CheckConstraint(condition=~Q(court=models.F("parent")), name="court_parent_period_not_self"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="court_parent_period_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.court} ⊂ {self.parent} (→ {self.valid_to:%d/%m/%Y})"


class DepartmentKind(models.TextChoices):
    CIVIL = "civil", _("Civil")
    CRIMINAL = "criminal", _("Criminal")
    ADMINISTRATIVE = "administrative", _("Administrative")
    ECONOMIC = "economic", _("Economic")
    LABOUR = "labour", _("Labour")
    FAMILY_JUVENILE = "family_juvenile", _("Family and juvenile")


class Department(models.Model):
    """A specialised division of a court (tòa chuyên trách)."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="departments", help_text="Court.")
    kind = models.CharField(max_length=20, choices=DepartmentKind.choices, help_text="Subject matter.")
    name = models.CharField(max_length=200, help_text="e.g. 'Tòa Dân sự'.")
    valid_from = models.DateField(null=True, blank=True, help_text="First day of operation.")
    valid_to = models.DateField(null=True, blank=True, help_text="First day no longer operating.")

    class Meta:
        ordering = ["court_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["court", "kind"], name="department_unique_kind")]

    def __str__(self) -> str:
        return f"{self.name} – {self.court.short_name}"
