"""Reading ALQAC files: the law corpus (one ``law.json`` or a folder of per-law files) and the questions.

Formats (see the PROVENANCE.md of each ``shared/data/alqac-20*`` folder):

- ``law.json``: ``[{"id": law_id, "articles": [{"id": article_id, "text": "Title\\n\\nbody…"}]}]``;
- a folder of per-law files as ``alqac-2025/law_by_document``: ``<law_id>.json`` holding
  ``[{"<article_id>": "<text>"}, …]``;
- questions: ``[{"question_id" (or "id"), "text", "choices"?: {"A": …}, "relevant_articles":
  [{"law_id", "article_id"}]}]``.

Anything else raises ``AlqacFormatError`` with the file and what is wrong: the command turns it into a
clear error and a non-zero exit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class AlqacFormatError(ValueError):
    """A file is missing, not JSON, or not shaped as an ALQAC file."""


@dataclass(frozen=True)
class Article:
    law_id: str
    article_id: str
    text: str  # the article's title on its first line, then its body

    @property
    def key(self) -> tuple[str, str]:
        return (self.law_id, self.article_id)

    @property
    def title(self) -> str:
        return self.text.strip().split("\n", 1)[0].strip()


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    choices: tuple[str, ...]  # the options of a multiple-choice question, in order
    gold: frozenset[tuple[str, str]]  # (law_id, article_id); empty when the file gives none


def _load_json(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise AlqacFormatError(f"{path}: no such file") from None
    except OSError as exc:
        raise AlqacFormatError(f"{path}: {exc.strerror or exc}") from exc
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise AlqacFormatError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise AlqacFormatError(f"{path}: malformed JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc


def _articles_of_law_json(path: Path, data: Any) -> list[Article]:
    if not isinstance(data, list):
        raise AlqacFormatError(f"{path}: expected a JSON array of laws")
    out = []
    for i, law in enumerate(data):
        if not isinstance(law, dict) or not isinstance(law.get("articles"), list) or "id" not in law:
            raise AlqacFormatError(f"{path}: law #{i + 1} needs an 'id' and a list of 'articles'")
        for art in law["articles"]:
            if not isinstance(art, dict) or "id" not in art or not isinstance(art.get("text"), str):
                raise AlqacFormatError(f"{path}: law {law['id']}: each article needs an 'id' and a 'text'")
            out.append(Article(str(law["id"]), str(art["id"]), art["text"]))
    return out


def _articles_of_law_file(path: Path, law_id: str, data: Any) -> list[Article]:
    if not isinstance(data, list):
        raise AlqacFormatError(f"{path}: expected a JSON array of {{article_id: text}} objects")
    out: list[Article] = []
    for item in data:
        if not isinstance(item, dict) or not all(isinstance(v, str) for v in item.values()):
            raise AlqacFormatError(f"{path}: each item must map article ids to their text")
        out.extend(Article(law_id, str(k), v) for k, v in item.items())
    return out


def load_articles(path: str | Path) -> list[Article]:
    """Every article of an ALQAC ``law.json``, or of a folder of per-law files (law id = file name)."""
    p = Path(path)
    if p.is_dir():
        files = sorted(p.glob("*.json"))
        if not files:
            raise AlqacFormatError(f"{p}: no .json law files in this folder")
        articles = []
        for f in files:
            articles.extend(_articles_of_law_file(f, f.stem, _load_json(f)))
    else:
        articles = _articles_of_law_json(p, _load_json(p))
    if not articles:
        raise AlqacFormatError(f"{p}: no articles")
    seen: set[tuple[str, str]] = set()
    for a in articles:
        if a.key in seen:
            raise AlqacFormatError(f"{p}: article {a.article_id} of {a.law_id} appears twice")
        seen.add(a.key)
    return articles


def load_questions(path: str | Path) -> list[Question]:
    p = Path(path)
    data = _load_json(p)
    if not isinstance(data, list):
        raise AlqacFormatError(f"{p}: expected a JSON array of questions")
    out = []
    for i, q in enumerate(data):
        qid = q.get("question_id", q.get("id")) if isinstance(q, dict) else None
        if qid is None or not isinstance(q.get("text"), str):
            raise AlqacFormatError(f"{p}: question #{i + 1} needs a 'question_id' (or 'id') and a 'text'")
        choices = q.get("choices") or {}
        if not isinstance(choices, dict):
            raise AlqacFormatError(f"{p}: question {qid}: 'choices' must be an object")
        gold = set()
        for ref in q.get("relevant_articles") or []:
            if not isinstance(ref, dict) or "law_id" not in ref or "article_id" not in ref:
                raise AlqacFormatError(f"{p}: question {qid}: each relevant article needs 'law_id' and 'article_id'")
            gold.add((str(ref["law_id"]), str(ref["article_id"])))
        texts = tuple(str(choices[k]) for k in sorted(choices) if choices[k])
        out.append(Question(str(qid), q["text"], texts, frozenset(gold)))
    ids = [q.id for q in out]
    if len(set(ids)) != len(ids):
        raise AlqacFormatError(f"{p}: question ids are not unique")
    return out
