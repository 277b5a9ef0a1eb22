"""A text's citations, resolved: pre-pass, header (date, domain), extraction, resolution.

``read_citations`` is what ``cite extract`` prints and what bench/citations times. Verifying a text (``cite
check``, the reviewer's page) is this plus a validity lookup per citation — in force, amended, repealed
on the day — which extends ``TextCitations`` from ``resolutions`` (each has its document, provision and
the version in force).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ecourt.citations.extractor import Extractor
from ecourt.citations.header import header_date, header_domain
from ecourt.citations.prepare import prepare
from ecourt.citations.resolver import Resolution, Resolver


@dataclass(frozen=True)
class TextCitations:
    resolutions: list[Resolution]
    day: datetime.date  # the day resolved on
    day_source: str  # "given", "header" (found in the text) or "today"
    domain: str | None  # "civil", "criminal", "administrative", or None when unknown


def read_citations(
    text: str,
    *,
    day: datetime.date | None = None,
    domain: str | None = None,
    resolver: Resolver | None = None,
    extractor: Extractor | None = None,
) -> TextCitations:
    """Every citation of ``text`` resolved on ``day`` (default: the header's date, else today) in
    ``domain`` (default: the header's). Pass one ``resolver`` for many texts: it caches the corpus."""
    prepared = prepare(text)
    source = "given"
    if day is None:
        day, source = header_date(prepared), "header"
        if day is None:
            day, source = datetime.date.today(), "today"
    domain = domain or header_domain(prepared)
    citations = (extractor or Extractor()).extract(prepared)
    return TextCitations((resolver or Resolver()).resolve(citations, day, domain), day, source, domain)
