"""What the readers share: reading files with errors that name them, article records as lines,
and a law's input from its parsed body (trailer, day of entry into force, documents it ends)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings

from ..catalogue import Entry
from ..errors import LawDataError, StructureError
from ..inputs import META_CATALOGUE, META_TRAILER, DocumentInput, Meta, RelationInput
from ..models import RelationKind
from ..parsing.cleaning import clean_lines, split_run_in_clauses
from ..parsing.names import type_of_name
from ..parsing.numbering import document_key
from ..parsing.structure import Line, ParsedBody, parse_body
from ..parsing.trailer import effect_dates, split_trailer

# Part of every checksum: a new version of the readers rewrites what they wrote before.
PARSER_VERSION = "1"
_ARTICLE_ID = re.compile(r"^\d{1,4}[a-zđ]?$")


def shared_data() -> Path:
    """The shared data folder (../shared/data beside the repository)."""
    return Path(settings.BASE_DIR).parent / "shared" / "data"


def digest(*parts: bytes | str) -> str:
    sha = hashlib.sha256(PARSER_VERSION.encode())
    for part in parts:
        sha.update(part.encode("utf-8") if isinstance(part, str) else part)
    return sha.hexdigest()


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LawDataError(f"{path}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise LawDataError(f"{path.name}: is not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise LawDataError(
            f"{path.name}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc


def looks_like_body(first_line: str) -> bool:
    """Whether an article record's first line is text rather than a title ("1. …", "… .")."""
    return bool(re.search(r"[.;:,]$", first_line) or re.match(r"^\d+\.", first_line))


def article_lines(records: list[tuple[str, str]], where: str, *, corpus: bool = False) -> tuple[list[Line], bool]:
    """Lines for the structure reader from (article id, text) records; whether the records have titles.

    ALQAC records start with the article's title (the Constitution's articles have none, which shows as
    most first lines ending like sentences); the judgment corpus has no titles, breaks points with tabs
    and wraps lines inside sentences.
    """
    seen: set[str] = set()
    cleaned = []
    for article_id, text in records:
        place = f"{where}, article {article_id!r}"
        if not _ARTICLE_ID.match(article_id):
            raise LawDataError(f"{place}: an article id is a number with an optional letter ('12', '12a')")
        if article_id in seen:
            raise LawDataError(f"{place}: the article is given twice")
        seen.add(article_id)
        lines = clean_lines(text, tabs_break_lines=corpus, crlf_is_wrap=corpus)
        if corpus:
            lines = [part for line in lines for part in split_run_in_clauses(line)]
        cleaned.append((article_id, lines, place))
    titled = not corpus and sum(1 for _, lines, _ in cleaned if lines and looks_like_body(lines[0])) < len(cleaned) / 2
    out: list[Line] = []
    for article_id, lines, place in cleaned:
        title, body = (lines[0], lines[1:]) if titled and lines else ("", lines)
        out.append(Line(body[0] if body else "", place, article=(article_id, title)))
        out += [Line(text, place) for text in body[1:]]
    return out, titled


def parse_articles(lines: list[Line], *, embedded_articles: bool) -> ParsedBody:
    try:
        return parse_body(lines, keep_upper=False, embedded_articles=embedded_articles)
    except StructureError as exc:
        raise LawDataError(str(exc)) from exc


def catalogue_meta(entry: Entry) -> Meta:
    return Meta(
        number=entry.number,
        doc_type=entry.doc_type,
        title=entry.title,
        short_title=entry.short_title,
        issuer=entry.issuer,
        signer=entry.signer,
        issued_on=entry.issued_on,
        effective_from=entry.effective_from,
        effective_to=entry.effective_to,
        aliases=list(entry.aliases),
    )


def mentioned_document(number: str, name: str) -> tuple[str, Meta]:
    """Key and metadata of a document another one names ("Bộ luật dân sự số 33/2005/QH11")."""
    doc_type = (type_of_name(name) or ("khac", ""))[0]
    year = re.search(r"/((?:19|20)\d\d)/", number)
    title = name[:1].upper() + name[1:]
    return document_key(number, doc_type, int(year.group(1)) if year else None, title), Meta(
        number=number, doc_type=doc_type, title=title
    )


def law_input(
    *,
    source: str,
    where: str,
    entry: Entry,
    body: ParsedBody,
    checksum: str,
) -> DocumentInput:
    """A law of a JSON source: catalogue metadata over what its own trailer says."""
    trailer = split_trailer(body)
    effect = effect_dates(body)
    own = Meta(
        signer=trailer.signer,
        issued_on=trailer.adopted_on if entry.doc_type in ("hien_phap", "bo_luat", "luat", "nghi_quyet") else None,
        effective_from=effect.effective_from,
        closing_text="\n".join(trailer.lines),
    )
    relations = []
    # A consolidated text repeats the sentences of the law it consolidates: they are not its own.
    expires = effect.expires if entry.doc_type != "van_ban_hop_nhat" else []
    if entry.doc_type == "van_ban_hop_nhat":
        own.effective_from = None
    for number, name in expires:
        key, meta = mentioned_document(number, name)
        note = f"{where}: '{name} số {number} hết hiệu lực'"
        relations.append(RelationInput(RelationKind.REPLACES, key, meta, outgoing=True, note=note))
    return DocumentInput(
        source=source,
        locator=f"{source}#{entry.key}",
        where=where,
        checksum=checksum,
        key=entry.key,
        metas=[(META_CATALOGUE, catalogue_meta(entry)), (META_TRAILER, own)],
        body=body,
        relations=relations,
        warnings=list(body.warnings),
    )


def canonical(records: Iterable[tuple[str, str]]) -> str:
    return json.dumps(list(records), ensure_ascii=False)
