"""Citations as hyperlinks: a text, escaped, with each resolved citation a link to what it cites.

``linked_html`` takes the text and its citations — ``CitationLink`` rows of the graph or the
``Resolution`` objects of ``pipeline.read_citations`` — and wraps the number that names each cited
provision ("khoản **1** Điều **203**") in ``<a class="cite">`` to the provision's page, or the
document's name to the document's page when the whole document is cited; a citation of a registered
precedent ("Án lệ số 08/2016/AL") links to the precedent's page. Where citations overlap (a
list written once, "Điều 26, 35 và 39 BLTTDS", is three citations sharing their document name), each
link covers its own anchor and the first placed wins a span. With ``day``, links ask for the text
as of that day (``?date=YYYY-MM-DD``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import CitationLink, CitationStatus
from .resolver import NO_TEXT, Resolution


@dataclass(frozen=True)
class _Link:
    start: int
    end: int
    href: str
    title: str
    css: str


def _query(day: datetime.date | None) -> str:
    return f"?date={day.isoformat()}" if day else ""


def _document_url(key: str, day: datetime.date | None) -> str:
    return reverse("laws:document", kwargs={"key": key}) + _query(day)


def _provision_url(key: str, provision: str, day: datetime.date | None) -> str:
    return reverse("laws:provision", kwargs={"key": key, "provision": provision}) + _query(day)


def _from_row(row: CitationLink, day: datetime.date | None) -> _Link | None:
    if row.target_precedent_id is not None and row.cited_number:
        # a registered precedent: its page (a precedent has no versions, so no ?date)
        url = reverse("precedents:detail", kwargs={"number": row.cited_number})
        title = _("Precedent %(number)s") % {"number": row.cited_number}
        return _Link(row.anchor_start, row.anchor_end, url, title, "cite cite-precedent")
    document = row.target_document
    if document is None or row.status not in (CitationStatus.RESOLVED, CitationStatus.NO_TEXT):
        return None
    name = row.cited_number or row.cited_name
    if row.status == CitationStatus.RESOLVED and row.target_key:
        return _Link(
            row.anchor_start,
            row.anchor_end,
            _provision_url(document.key, row.target_key, day),
            f"{row.target_key} — {name}",
            "cite",
        )
    # the document as a whole, or a provision of a document whose text is not in the corpus
    title = name if row.status == CitationStatus.RESOLVED else f"{name}: {_('text not in the corpus')}"
    css = "cite" if row.status == CitationStatus.RESOLVED else "cite cite-document"
    return _Link(row.anchor_start, row.anchor_end, _document_url(document.key, day), title, css)


def _from_resolution(resolution: Resolution, day: datetime.date | None) -> _Link | None:
    document, c = resolution.document, resolution.citation
    if document is None or not document.key or not (resolution.resolved or resolution.status == NO_TEXT):
        return None
    start, end = c.anchor if c.anchor[1] > c.anchor[0] else (c.start, c.end)
    name = document.number or document.title
    if resolution.resolved and resolution.provision_key:
        url = _provision_url(document.key, resolution.provision_key, day)
        return _Link(start, end, url, f"{resolution.provision_key} — {name}", "cite")
    if resolution.resolved:
        return _Link(start, end, _document_url(document.key, day), name, "cite")
    title = f"{name}: {_('text not in the corpus')}"
    return _Link(start, end, _document_url(document.key, day), title, "cite cite-document")


def linked_html(
    text: str, citations: Sequence[CitationLink | Resolution], day: datetime.date | None = None
) -> SafeString:
    """``text`` escaped, each resolved citation's anchor wrapped in a link (see the module's docstring)."""
    links = []
    for citation in citations:
        link = _from_row(citation, day) if isinstance(citation, CitationLink) else _from_resolution(citation, day)
        if link is not None and 0 <= link.start < link.end <= len(text):
            links.append(link)
    links.sort(key=lambda link: (link.start, -link.end))
    parts: list[str] = []
    position = 0
    for link in links:
        if link.start < position:
            continue  # overlaps a link already placed
        parts.append(escape(text[position : link.start]))
        parts.append(
            format_html(
                '<a href="{}" class="{}" title="{}">{}</a>',
                link.href,
                link.css,
                link.title,
                text[link.start : link.end],
            )
        )
        position = link.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part was escaped above
