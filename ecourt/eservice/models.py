"""Electronic service of procedural documents (Resolution 04/2016/NQ-HĐTP; BLTTDS/LTTHC: service by
electronic means only at the request of the party, Luật TTHC 2015 Art. 102(2))."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecourt.cases.models import Case, Party


class Consent(models.Model):
    """A party's agreement to be served electronically at an e-mail address."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="eservice_consents", help_text="Party.")
    email = models.EmailField(help_text="Address the notifications go to.")
    given_at = models.DateTimeField(help_text="When the party agreed.")
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="When the party withdrew (empty: in force).")

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.party} <{self.email}>"


class ServiceStatus(models.TextChoices):
    AVAILABLE = "available", _("Made available")
    OPENED = "opened", _("Opened")
    DEEMED = "deemed", _("Deemed served")


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Service(models.Model):
    """One document served on one party. ``made_available_at`` is fixed when it is created; the others
    are set once each and never changed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="eservices", help_text="Case.")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="eservices", help_text="Served party.")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="services", help_text="Consent used.")
    title = models.CharField(max_length=255, help_text="Name of the document.")
    document_file = models.FileField(upload_to="eservice/%Y/%m/", blank=True, help_text="The document, as a file.")
    document_text = models.TextField(blank=True, help_text="The document, as text.")
    issued_document = models.ForeignKey(
        "signing.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
        help_text="The court's signed document served (its PDF is in the case file).",
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False, help_text="Link key.")
    made_available_at = models.DateTimeField(help_text="When the document was made available.")
    notified_at = models.DateTimeField(null=True, blank=True, help_text="When the e-mail notification was sent.")
    opened_at = models.DateTimeField(null=True, blank=True, help_text="When the party first opened it.")
    deemed_served_at = models.DateTimeField(null=True, blank=True, help_text="When service was deemed done unopened.")
    status = models.CharField(max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.AVAILABLE)

    class Meta:
        ordering = ["-made_available_at"]

    def __str__(self) -> str:
        return f"{self.title} → {self.party}"
