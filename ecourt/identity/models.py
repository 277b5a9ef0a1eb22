"""Links between an identity at an OpenID Connect provider and a user of the platform."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExternalIdentity(models.Model):
    """One provider subject, bound for good to one user (a subject is never moved to another user)."""

    issuer = models.CharField(max_length=255, help_text="The provider's issuer URL (the id_token's 'iss').")
    subject = models.CharField(max_length=255, help_text="The provider's stable user id (the id_token's 'sub').")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="external_identities",
        help_text="The user this identity signs in as.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="First sign-in.")
    last_login_at = models.DateTimeField(auto_now=True, help_text="Latest sign-in.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="identity_issuer_subject_unique")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
