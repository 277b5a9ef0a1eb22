"""Template tags of the filing upload step: the limit of the resumable upload (``resumable.max_bytes``)."""

from __future__ import annotations

from django import template

from .. import resumable

register = template.Library()


@register.simple_tag
def resumable_max_mb() -> int:
    """The largest file, in MB, that the page's resumable upload takes (``EVIDENCE_UPLOAD_MAX_MB``)."""
    return resumable.max_bytes() // (1024 * 1024)
