"""Test support: the ALQAC 2026 law corpus (../shared/data) as LegalDocument / Provision rows.

Not an importer (ecourt.laws owns those): the rows the resolution tests need, made directly. Articles
are numbered from each document's first ``aid`` (the file's convention); clauses ("1. …") and points
("a) …", after tabs in this file) are read from the article text; every provision gets one version
from the document's first day in force (from data/aliases.yaml where known).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.conf import settings

from ecourt.citations.aliases import load_aliases
from ecourt.citations.numbers import number_key
from ecourt.laws.models import LegalDocument, Provision, ProvisionKind, ProvisionVersion

SHARED_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
JUDGMENTS = SHARED_DATA / "alqac-2026-judgments" / "judgments-dev.json"
CORPUS = SHARED_DATA / "alqac-2026-judgments" / "corpus_law_pub.json"
_CLAUSE = re.compile(r"^\s*(\d{1,3}[a-z]?)\.\s")
_POINT = re.compile(r"^\s*([a-zđ]\d?)\)\s")
_TYPES = {"QH": "luat", "UBTVQH": "nghi_quyet", "NĐ-CP": "nghi_dinh"}


def load_corpus(path: Path = CORPUS) -> dict[str, LegalDocument]:
    aliases = load_aliases()
    documents: dict[str, LegalDocument] = {}
    provisions: list[Provision] = []
    texts: dict[int, str] = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        number = entry["law_id"]
        known = aliases.documents.get(number_key(number))
        code = number.split("/")[-1]
        doc_type = known.doc_type if known else next((t for c, t in _TYPES.items() if code.startswith(c)), "khac")
        document = LegalDocument.objects.create(
            key=re.sub(r"[^a-z0-9]+", "-", number_key(number).lower()),
            number=number,
            doc_type=doc_type,
            title=known.title if known else number,
            effective_from=known.start if known else None,
        )
        documents[number] = document
        first = min(article["aid"] for article in entry["content"])
        for position, article in enumerate(entry["content"], 1):
            label = str(article["aid"] - first + 1)
            node = Provision(
                document=document, kind=ProvisionKind.ARTICLE, number=label, key=f"dieu-{label}", position=position
            )
            provisions.append(node)
            texts[id(node)] = article["content_Article"]
    Provision.objects.bulk_create(provisions)
    children: list[Provision] = []
    for article in provisions:
        clause = None
        for line in re.split(r"[\n\t]+", texts[id(article)]):  # points follow their clause after tabs
            if (match := _CLAUSE.match(line)) is not None:
                clause = Provision(
                    document=article.document,
                    parent=article,
                    kind=ProvisionKind.CLAUSE,
                    number=match.group(1),
                    key=f"{article.key}/khoan-{match.group(1)}",
                    position=len(children) + 1,
                )
                children.append(clause)
            elif (match := _POINT.match(line)) is not None and clause is not None:
                letter = match.group(1)
                children.append(
                    Provision(
                        document=article.document,
                        parent=clause,
                        kind=ProvisionKind.POINT,
                        number=letter,
                        key=f"{clause.key}/diem-{'dd' if letter == 'đ' else letter}",
                        position=len(children) + 1,
                    )
                )
    # a key once per document (some texts restart a list inside a clause), parents before children
    unique: dict[tuple[int, str], Provision] = {}
    for child in children:
        unique.setdefault((id(child.document), child.key), child)
    kept = {id(c) for c in unique.values()}
    children = [c for c in children if id(c) in kept and (c.kind == ProvisionKind.CLAUSE or id(c.parent) in kept)]
    # parents first: a point's clause must have its id before the point is written
    Provision.objects.bulk_create([c for c in children if c.kind == ProvisionKind.CLAUSE])
    for child in children:
        if child.parent is not None:
            child.parent_id = child.parent.pk
    Provision.objects.bulk_create([c for c in children if c.kind == ProvisionKind.POINT])
    ProvisionVersion.objects.bulk_create(
        ProvisionVersion(provision=p, text=texts.get(id(p), ""), valid_from=p.document.effective_from)
        for p in [*provisions, *children]
    )
    return documents
