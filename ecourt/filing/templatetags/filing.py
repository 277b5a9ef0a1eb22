"""Template filters of online filing."""

from __future__ import annotations

from django import template

from ecourt.cases.models import CaseEvent

from ..notifications import event_label as _event_label

register = template.Library()


@register.filter
def event_label(event: CaseEvent) -> str:
    """The name of a case event in the page's language."""
    return _event_label(event)
