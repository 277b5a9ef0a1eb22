"""People: officials of the courts with dated, court-scoped memberships, and outside users."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecourt.vietnamese import fold, normalize


class UserKind(models.TextChoices):
    STAFF = "staff", _("Court official")
    CITIZEN = "citizen", _("Citizen or business")
    LAWYER = "lawyer", _("Lawyer")
    PROCURATOR = "procurator", _("Procurator")
    SYSTEM = "system", _("System")


class User(AbstractUser):
    full_name = models.CharField(max_length=150, help_text="Full name with diacritics, e.g. 'Nguyễn Thị Hoa'.")
    kind = models.CharField(
        max_length=12, choices=UserKind.choices, default=UserKind.STAFF, help_text="What kind of user this is."
    )
    national_id = models.CharField(
        max_length=12, blank=True, help_text="Citizen identity number (CCCD), 12 digits, for outside users."
    )
    phone = models.CharField(max_length=20, blank=True, help_text="Phone number.")
    organisation = models.CharField(
        max_length=200, blank=True, help_text="Bar association of a lawyer, procuracy of a procurator."
    )
    search_key = models.CharField(max_length=150, db_index=True, editable=False, help_text="Folded name.")

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"], condition=~Q(national_id=""), name="user_national_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_name = normalize(self.full_name)
        self.search_key = fold(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    PRESIDENT = "president", _("Court president")
    VICE_PRESIDENT = "vice_president", _("Vice president")
    JUDGE = "judge", _("Judge")
    ASSESSOR = "assessor", _("People's assessor")
    CLERK = "clerk", _("Court clerk")
    EXAMINER = "examiner", _("Court examiner")
    ADMIN = "admin", _("Court system administrator")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active_on(self, day: datetime.date) -> MembershipQuerySet:
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))


class Membership(models.Model):
    """A person holding a role in a court (and optionally a department) for a period of time."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships", help_text="Person.")
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="memberships", help_text="Court.")
    department = models.ForeignKey(
        "courts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="Department within the court, if any.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, help_text="Role held.")
    title = models.CharField(
        max_length=100, blank=True, help_text="Rank, e.g. 'Thẩm phán trung cấp', 'Thư ký viên chính'."
    )
    valid_from = models.DateField(help_text="First day in the role.")
    valid_to = models.DateField(null=True, blank=True, help_text="First day no longer in the role.")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["court_id", "role", "user_id"]
        indexes = [models.Index(fields=["court", "role", "valid_to"]), models.Index(fields=["user", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="membership_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.court.short_name}"
