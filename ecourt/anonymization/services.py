"""``anonymize_text``: a judgment's text encoded under Resolution 03/2017/NQ-HĐTP (PRODUCT.md §4.3).

Pure functions, no database: the caller passes the text and, where the case is in the system, its party
list. The result keeps every replacement with its offsets into the text as given, so a reviewer can see
and undo each one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ecourt import vietnamese
from ecourt.anonymization.encoding import identity_key, initial, initials, is_encoded, person_base
from ecourt.anonymization.numbers import REMOVED, Found, find_addresses, find_numbers, find_streets
from ecourt.anonymization.persons import (
    ORG_START,
    SYLLABLE,
    Name,
    officials,
    organisations,
    role_names,
    titled_names,
)
from ecourt.anonymization.text import normalized

KINDS = ("person", "organization", "address", "id_number", "phone", "bank_account", "email", "other")


class PartyLike(Protocol):
    """A party from the case file: its name, and optionally ``kind`` ("person" or "organization")."""

    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class Replacement:
    start: int  # offsets into the text as given
    end: int
    original: str
    replacement: str
    kind: str

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Kept:
    """A span a reviewer's "undo" keeps as written (offsets into the text as given)."""

    start: int
    end: int
    original: str


@dataclass(frozen=True)
class Choice:
    """A reviewer's decision as the engine sees it (``models.Decision`` has the same fields).

    ``undo``: every occurrence of ``original`` stays as written. ``add``: every occurrence of
    ``original`` is replaced, by ``replacement`` or, when it is empty, by what the rules make of it for
    ``kind`` (a person's code numbered with the others, an organisation's or place's initials, ``***``).
    """

    action: str  # "add" or "undo"
    original: str
    kind: str = "person"
    replacement: str = ""


@dataclass(frozen=True)
class Anonymized:
    text: str
    replacements: tuple[Replacement, ...]
    kept_officials: tuple[str, ...]  # the names kept because their bearers are officials
    kept: tuple[Kept, ...] = ()  # the spans kept by a reviewer's undo
    # The people encoded in this text: (identity key, code as written: "Nguyễn Văn A1"), for the case's
    # code table (``codes.record_codes``); not part of the command-line contract.
    people: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "replacements": [r.as_dict() for r in self.replacements]}


@dataclass
class _Person:
    key: str
    syllables: tuple[str, ...]
    code: str = ""  # the encoded given name: "A", or "H1" on a collision

    @property
    def given_key(self) -> str:
        return vietnamese.fold(self.syllables[-1])

    @property
    def encoded(self) -> str:
        return " ".join([*self.syllables[:-1], self.code])


def _party_kind(party: PartyLike) -> str:
    kind = getattr(party, "kind", None)
    if isinstance(kind, str) and kind in ("person", "organization"):
        return kind
    return "organization" if ORG_START.match(party.name.strip()) else "person"


def _number(code: str) -> int:
    """The collision number a code holds: "A2" → 2; an unnumbered "A" holds the first place."""
    digits = code[len(code.rstrip("0123456789")) :]
    return int(digits) if digits else 1


def _encode_people(
    names: list[Name], official_keys: set[str], assigned: Mapping[str, str] | None = None
) -> dict[str, _Person]:
    """One code per person, numbered where two people's codes would be the same (H1, H2).

    ``assigned`` (identity key → code as published, "Nguyễn Văn A1") holds the codes the case's earlier
    publications gave: those people keep their codes, and a new person whose code would collide with one
    of them takes the next number after the highest taken ("Nguyễn Văn A" published, a new "Nguyễn Văn
    Anh" → "Nguyễn Văn A2"), whether or not the earlier bearer is named in this text.
    """
    assigned = assigned or {}
    people: dict[str, _Person] = {}
    for name in names:
        if len(name.syllables) >= 2 and name.key not in official_keys and name.key not in people:
            people[name.key] = _Person(name.key, name.syllables)
    taken: dict[str, list[int]] = defaultdict(list)  # base → the numbers the case's codes hold
    for code in assigned.values():
        taken[code.rstrip("0123456789").casefold()].append(_number(code.split()[-1]))
    by_base: dict[str, list[_Person]] = defaultdict(list)
    for person in people.values():
        if person.key in assigned:
            person.code = assigned[person.key].split()[-1]
        else:
            by_base[person_base(list(person.syllables)).casefold()].append(person)
    for base, group in by_base.items():
        start = max(taken[base]) + 1 if taken.get(base) else 1
        for number, person in enumerate(group, start=start):
            given = person.syllables[-1]
            code = given if is_encoded(given) else initial(given)
            collides = len(group) > 1 or bool(taken.get(base))
            person.code = f"{code}{number}" if collides and not is_encoded(given) else code
    return people


def anonymize_text(
    text: str,
    *,
    parties: Sequence[PartyLike] | None = None,
    decisions: Sequence[Choice] = (),
    codes: Mapping[str, str] | None = None,
) -> Anonymized:
    """The text encoded, with every replacement's offsets into ``text`` as given.

    ``decisions`` are a reviewer's: each applies to every occurrence of its string in the text.
    ``codes`` are the people's codes already published for the case (identity key → "Nguyễn Văn A1"):
    reused as they are, and new people are numbered so as not to collide with them.
    """
    norm = normalized(text)
    t = norm.text
    official_keys = officials(t)
    undone = [d for d in decisions if d.action == "undo" and words_of(d.original)]
    added = [d for d in decisions if d.action == "add" and words_of(d.original)]
    undone_keys = {identity_key(words_of(d.original)) for d in undone}
    # A person added without a replacement joins the people found, so its code is numbered with theirs.
    added_people = [d for d in added if d.kind == "person" and not d.replacement and len(words_of(d.original)) >= 2]
    forced = {identity_key(words_of(d.original)) for d in added_people}
    person_parties = [p for p in parties or () if _party_kind(p) == "person"]
    person_parties += [_Named(d.original) for d in added_people]
    org_parties = [p for p in parties or () if _party_kind(p) == "organization"]
    person_found, people = _person_spans(t, person_parties, official_keys | undone_keys, forced, codes)
    found: list[Found] = [
        *find_numbers(t),
        *find_addresses(t),
        *find_streets(t),
        *person_found,
        *_organisation_spans(t, org_parties),
        *_added_spans(t, [d for d in added if d not in added_people]),
    ]
    # An undone string is kept wherever it occurs: no rule may touch any part of it.
    protected = [(m.start(), m.end()) for d in undone for m in occurrences(t, words_of(d.original))]
    chosen: list[Found] = []
    for f in sorted(found, key=lambda f: (f.priority, -(f.end - f.start), f.start)):
        if any(f.start < end and start < f.end for start, end in protected):
            continue
        if f.end > f.start and not any(f.start < c.end and c.start < f.end for c in chosen):
            chosen.append(f)
    replacements: list[Replacement] = []
    for f in sorted(chosen, key=lambda f: f.start):
        start, end = norm.span(f.start, f.end)
        original = text[start:end]
        if vietnamese.normalize(original) == f.replacement:
            continue  # already encoded as the rules want
        replacements.append(Replacement(start, end, original, f.replacement, f.kind))
    pieces: list[str] = []
    cursor = 0
    for r in replacements:
        pieces += [text[cursor : r.start], r.replacement]
        cursor = r.end
    pieces.append(text[cursor:])
    kept = []
    for start, end in sorted(set(protected)):
        a, b = norm.span(start, end)
        kept.append(Kept(a, b, text[a:b]))
    return Anonymized(
        "".join(pieces), tuple(replacements), tuple(sorted(official_keys)), tuple(kept), tuple(people.items())
    )


@dataclass(frozen=True)
class _Named:
    name: str
    kind: str = "person"


def words_of(value: str) -> list[str]:
    return SYLLABLE.findall(vietnamese.normalize(value))


def occurrences(t: str, words: list[str]) -> list[re.Match[str]]:
    """Every occurrence of the words in the normalized text, whole words, any case, any spacing."""
    if not words:
        return []
    pattern = r"(?<![\w])" + r"\W+".join(re.escape(w) for w in words) + r"(?![\w])"
    return list(re.finditer(pattern, t, re.IGNORECASE))


def default_replacement(original: str, kind: str) -> str:
    """What the rules make of a string a reviewer adds, for a kind (a person's code alone, without the
    numbering the engine adds when two codes collide)."""
    words = words_of(original)
    if not words:
        return ""
    if kind == "person":
        return person_base(words)
    if kind in ("organization", "address"):
        # Lower-case words are the kind of body or place ("phường", "xã"): kept; the names become initials.
        kept = [w for w in words if w[:1].islower()]
        named = [w for w in words if not w[:1].islower()]
        return " ".join([*kept, initials(named)] if named else kept)
    return REMOVED


def _added_spans(t: str, added: Sequence[Choice]) -> list[Found]:
    # Priority -1: a reviewer's addition wins over every rule.
    return [
        Found(m.start(), m.end(), d.replacement or default_replacement(m.group(), d.kind), d.kind, -1)
        for d in added
        for m in occurrences(t, words_of(d.original))
    ]


def _person_spans(
    t: str,
    parties: Sequence[PartyLike],
    official_keys: set[str],
    forced: set[str] | frozenset[str] = frozenset(),
    codes: Mapping[str, str] | None = None,
) -> tuple[list[Found], dict[str, str]]:
    """The spans of the people's names, and the code of each person named in the text (identity key →
    "Nguyễn Văn A1")."""
    guided = [Name(-1, -1, tuple(SYLLABLE.findall(vietnamese.normalize(p.name)))) for p in parties]
    unique = {(n.start, n.end): n for n in [*role_names(t), *titled_names(t)]}
    mentions = sorted(unique.values(), key=lambda n: n.start)
    people = _encode_people([*guided, *mentions], official_keys, codes)
    found: list[Found] = []
    named: dict[str, str] = {}

    # Every occurrence of a known full name, titled or not ("Nguyên đơn Lê Thị Hoa trình bày").
    events: list[tuple[int, _Person | Name]] = []
    for person in people.values():
        pattern = r"(?<![\w])" + r"\s+".join(re.escape(s) for s in person.syllables) + r"(?![\w])"
        for m in re.finditer(pattern, t, re.IGNORECASE):
            head = m.group().rstrip()
            head = head[: len(head) - len(head.split()[-1])]  # family and middle names, line breaks kept
            found.append(Found(m.start(), m.end(), head + person.code, "person", -1 if person.key in forced else 2))
            events.append((m.start(), person))
            named[person.key] = person.encoded
    events += [(n.start, n) for n in mentions if len(n.syllables) == 1]

    # "chị Hoa" after "chị Lê Thị Hoa": the person last named with that given name. A titled given name
    # alone is encoded even when an official bears it: judgments call parties, not judges, "ông Anh".
    last_seen: dict[str, _Person] = {}
    for _, event in sorted(events, key=lambda e: e[0]):
        if isinstance(event, _Person):
            last_seen[event.given_key] = event
            continue
        word = event.syllables[0]
        given = vietnamese.fold(word)
        if is_encoded(word):
            continue
        owner = last_seen.get(given) or next((p for p in people.values() if p.given_key == given), None)
        found.append(Found(event.start, event.end, owner.code if owner else initial(word), "person", 2))
    return found, named


def _organisation_spans(t: str, parties: Sequence[PartyLike]) -> list[Found]:
    found = [Found(o.start, o.end, o.replacement, "organization", 2) for o in organisations(t)]
    for party in parties:
        words = SYLLABLE.findall(vietnamese.normalize(party.name))
        pattern = r"(?<![\w])" + r"\s+".join(re.escape(w) for w in words) + r"(?![\w])"
        found += [
            Found(m.start(), m.end(), initials(words), "organization", 2)
            for m in re.finditer(pattern, t, re.IGNORECASE)
        ]
    return found


__all__ = ["KINDS", "Anonymized", "Choice", "Kept", "PartyLike", "Replacement", "anonymize_text", "default_replacement"]
