"""The law corpus of the ALQAC 2026 judgments (``alqac-2026-judgments/corpus_law_pub.json``).

Each document is ``{"id", "law_id", "content": [{"aid", "content_Article"}]}``; ``aid`` is a global
article id, contiguous within a document, so article N is ``aid − min(aid) + 1`` (see the folder's
PROVENANCE). Texts have no titles, break points with tabs and sometimes run a clause into the
sentence before it; the reader restores what it safely can (see ``common.article_lines``).
"""

from __future__ import annotations

from pathlib import Path

from ..catalogue import CATALOGUE_FILE, Catalogue
from ..errors import LawDataError
from ..inputs import DocumentInput
from .common import article_lines, canonical, digest, law_input, parse_articles, read_json, shared_data

SOURCE = "corpus"


def corpus_file(path: Path | None = None) -> Path:
    path = path or shared_data() / "alqac-2026-judgments"
    return path / "corpus_law_pub.json" if path.is_dir() else path


def read_corpus(path: Path | None = None, *, catalogue: Catalogue | None = None) -> list[DocumentInput]:
    """Every document of the judgment corpus, checked; nothing is written here."""
    from ..catalogue import catalogue as shipped

    cat = catalogue or shipped()
    file = corpus_file(path)
    data = read_json(file)
    if not isinstance(data, list):
        raise LawDataError(f"{file.name}: expected a list of documents")
    inputs = []
    for i, doc in enumerate(data, 1):
        law_id = doc.get("law_id") if isinstance(doc, dict) else None
        where = f"{file.name}: document {i} ({law_id})"
        if not isinstance(law_id, str) or not isinstance(doc.get("content"), list) or not doc["content"]:
            raise LawDataError(f"{where}: expected {{'law_id': …, 'content': [{{'aid', 'content_Article'}}, …]}}")
        entry = cat.by_source_name(law_id)
        if entry is None:
            raise LawDataError(f"{where}: {law_id!r} is not in the catalogue ({CATALOGUE_FILE.name})")
        articles = []
        for j, item in enumerate(doc["content"], 1):
            if not isinstance(item, dict) or not isinstance(item.get("aid"), int):
                raise LawDataError(f"{where}: content #{j}: 'aid' must be an integer")
            if not isinstance(item.get("content_Article"), str):
                raise LawDataError(f"{where}, aid {item['aid']}: 'content_Article' must be a string")
            articles.append((item["aid"], item["content_Article"]))
        aids = sorted(aid for aid, _ in articles)
        first = aids[0]
        if aids != list(range(first, first + len(aids))):
            gap = next(a for a, b in zip(aids, range(first, first + len(aids)), strict=True) if a != b)
            raise LawDataError(
                f"{where}, aid {gap}: the article ids are not contiguous, so the article numbers cannot be read"
            )
        records = [(str(aid - first + 1), text) for aid, text in sorted(articles)]
        lines, _ = article_lines(records, where, corpus=True)
        body = parse_articles(lines, embedded_articles=False)
        inputs.append(
            law_input(source=SOURCE, where=where, entry=entry, body=body, checksum=digest(canonical(records)))
        )
    return inputs
