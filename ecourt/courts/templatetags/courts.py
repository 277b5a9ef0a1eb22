"""Template helpers for court names in the page's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import Court, SuccessionKind

register = template.Library()


@register.filter
def court_name(court: Court | None) -> str:
    """The official name; the English name on English pages when one is recorded."""
    if court is None:
        return ""
    if not (get_language() or "vi").startswith("vi") and court.name_en:
        return court.name_en
    return court.name


@register.filter
def succession_to(kind: str) -> str:
    """How a court's work went to its successor, seen from the court that ceased ("Merged into")."""
    return str(SuccessionKind(kind).label) if kind in SuccessionKind.values else kind


@register.filter
def succession_from(kind: str) -> str:
    """The same link seen from the successor's page."""
    labels = {
        SuccessionKind.MERGED: _("Merged into this court"),
        SuccessionKind.CONTINUED: _("Continued by this court"),
        SuccessionKind.SPLIT: _("Split; part went to this court"),
        SuccessionKind.FUNCTIONS: _("Functions taken over by this court"),
    }
    return str(labels.get(kind, kind))  # type: ignore[call-overload]
