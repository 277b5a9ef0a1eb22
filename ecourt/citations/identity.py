"""Which document a reference means: its number, title and year, on the citing text's date and in its
domain. Pure Python over the alias file; ``resolver`` then looks the number up in the corpus.

- a number written in full is the identity ("91/2015/ QH13" → 91/2015/QH13);
- a partial or mistyped number ("Nghị quyết 326 ngày 30/12/2016", "326/UBTVQH", "326/2016/QH14") is the
  one known number that fits it (same serial, the year when known, a code it shortens), if exactly one;
- a name with a year ("Bộ luật Dân sự năm 2005", "BLDS 2015") is that year's version of the family;
- a version without a number (the Constitution: "Hiến pháp năm 2013") is named by its corpus key
  (``document_key``), which the resolver looks up instead of a number;
- a name without one is the version in force on the text's date (the latest before it, once expired);
- an incomplete name ("Bộ luật Tố tụng") is first completed by the text's domain (civil → BLTTDS);
- a name the alias file does not know keeps its words and year, without a number.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ecourt.citations.aliases import Aliases, Family, Version, load_aliases
from ecourt.citations.documents import DocumentRef
from ecourt.citations.numbers import number_key, split_number
from ecourt.vietnamese import fold


@dataclass(frozen=True)
class Identity:
    number: str | None  # the number the reference means, when known
    title: str | None
    year: int | None
    basis: str  # "number", "number-corrected", "name-year", "name-date", "name", "relative", "unknown"
    family: str | None = None
    document_key: str | None = None  # the corpus key of a document without a number ("hien-phap-2013")

    @property
    def key(self) -> str | None:
        """What two references must share to name the same document: the number key, else the corpus
        key of a document without a number, else the name."""
        if self.number:
            return number_key(self.number)
        if self.document_key:
            return f"key:{self.document_key}"
        if self.title:
            return " ".join(re.findall(r"[a-z0-9]+", fold(self.title))) + f"|{self.year or ''}"
        return None


def identify(
    reference: DocumentRef | None,
    day: datetime.date,
    domain: str | None = None,
    aliases: Aliases | None = None,
    years: dict[str, set[int]] | None = None,
) -> Identity:
    """``years``: the years a text writes for each family ("Bộ luật Dân sự năm 2005" → blds: {2005}); a
    reference whose year the PDF lost ("Bộ luật dân sự năm" and then nothing) takes the text's only one."""
    aliases = aliases or load_aliases()
    if reference is None:
        return Identity(None, None, None, "unknown")
    if reference.relative:
        return Identity(None, None, None, "relative")
    if reference.number:
        return _by_number(reference, aliases)
    if reference.family is not None:
        written = (years or {}).get(reference.family, set())
        if reference.year_lost and len(written) == 1:
            (year,) = written
            identity = _by_name(replace(reference, year=year), day, domain, aliases)
            return replace(identity, basis="name-year-in-text")
        return _by_name(reference, day, domain, aliases)
    return Identity(None, reference.name, reference.year, "name" if reference.name else "unknown")


def _by_number(reference: DocumentRef, aliases: Aliases) -> Identity:
    number = reference.number or ""
    known = aliases.documents.get(number_key(number))
    if known is not None:
        return Identity(known.number, known.title, _year(known.number), "number", reference.family)
    serial, year, code = split_number(number)
    candidates = aliases.find_numbers(serial, year if year is not None else reference.year, code, reference.doc_type)
    if len(candidates) == 1:
        corrected = aliases.documents[number_key(candidates[0])]
        return Identity(
            corrected.number, corrected.title, _year(corrected.number), "number-corrected", reference.family
        )
    title = aliases.families[reference.family].title if reference.family else reference.name
    return Identity(number, title, year if year is not None else reference.year, "number", reference.family)


def _year(number: str) -> int | None:
    return split_number(number)[1]


def _by_name(reference: DocumentRef, day: datetime.date, domain: str | None, aliases: Aliases) -> Identity:
    family = aliases.for_domain(aliases.families[reference.family or ""], domain)
    if family is None:
        return Identity(None, reference.name, reference.year, "name", reference.family)
    if reference.year is not None:
        version = family.version_of_year(reference.year)
        if version is None:
            return Identity(None, family.title, reference.year, "name", family.key)
        return _of_version(version, family, "name-year")
    version = family.version_on(day)
    if version is None:
        return Identity(None, family.title, None, "name", family.key)
    return _of_version(version, family, "name-date")


def _of_version(version: Version, family: Family, basis: str) -> Identity:
    """A version's identity: its number, or (named by key: the Constitution) its corpus key."""
    return Identity(version.number or None, family.title, version.year, basis, family.key, version.key or None)


def years_in_text(references: Iterable[DocumentRef | None]) -> dict[str, set[int]]:
    """The years a text writes after each known name: {"blds": {2005, 2015}, …}."""
    years: dict[str, set[int]] = {}
    for reference in references:
        if reference is not None and reference.family and reference.year and not reference.number:
            years.setdefault(reference.family, set()).add(reference.year)
    return years


def identify_all(
    references: list[DocumentRef | None], day: datetime.date, domain: str | None = None, aliases: Aliases | None = None
) -> list[Identity]:
    """The identities of one text's references (they share its date, its domain and its years)."""
    years = years_in_text(references)
    cache: dict[int, Identity] = {}
    out = []
    for reference in references:
        key = id(reference)
        if key not in cache:
            cache[key] = identify(reference, day, domain, aliases, years)
        out.append(cache[key])
    return out
