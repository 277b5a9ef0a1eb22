"""`python -m ecourt search …`: rebuild, query, embed and inspect the search indexes.

search rebuild <corpus>… | --all | --outdated   rebuild text indexes from the database (progress bar)
search embed <corpus>… | --all        compute missing embeddings (resumable) and update the vector index
search query <corpus> "<query>"       run a query as the portal would, print the hits (--json)
search status                         corpora, documents and vectors, where their files are
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ecourt.search import embeddings, engine, registry, storage
from ecourt.search.corpus import Corpus, DateField, IntField
from ecourt.search.vectors import VECTOR_FILE, VectorIndex


class Command(BaseCommand):
    help = "Search indexes: rebuild, embed, query, status (docs/search.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="Rebuild text indexes from the database, then swap them in.")
        rebuild.add_argument("corpora", nargs="*", help="Corpus names.")
        rebuild.add_argument("--all", action="store_true", help="Every registered corpus.")
        rebuild.add_argument(
            "--outdated",
            action="store_true",
            help="Every corpus never built, or built for other fields (after an upgrade); none when all are current.",
        )
        embed = sub.add_parser("embed", help="Compute missing embeddings in batches (resumes where it stopped).")
        embed.add_argument("corpora", nargs="*", help="Corpus names.")
        embed.add_argument("--all", action="store_true", help="Every corpus that declares embed_text.")
        embed.add_argument("--batch-size", type=int, default=embeddings.BATCH, help="Passages per batch.")
        embed.add_argument("--limit", type=int, help="Stop after computing this many (a partial run).")
        query = sub.add_parser("query", help="Search a corpus and print the hits.")
        query.add_argument("corpus")
        query.add_argument("query", help='What a user would type, e.g. "hop dong" 91/2015/QH13.')
        query.add_argument("--filter", action="append", default=[], metavar="FIELD=VALUE", help="Repeatable.")
        query.add_argument("--facet", action="append", default=[], metavar="FIELD", help="Count values of a field.")
        query.add_argument(
            "--sort", help="field or -field (int or date fields; write --sort=-field); default relevance."
        )
        query.add_argument("--page", type=int, default=1)
        query.add_argument("--page-size", type=int, default=10)
        query.add_argument("--highlight", action="append", default=[], metavar="FIELD")
        query.add_argument("--or", dest="operator", action="store_const", const="or", default="and")
        query.add_argument("--json", action="store_true", help="Print the results as JSON.")
        sub.add_parser("status", help="Registered corpora, their sizes and files.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "rebuild" and options["outdated"]:
                outdated = [c for c in registry.all_corpora() if storage.is_outdated(c)]
                self._rebuild(outdated)
                if not outdated:
                    self.stdout.write("every search index is current")
            elif action == "rebuild":
                self._rebuild(self._corpora(options))
            elif action == "embed":
                self._embed(self._corpora(options, vectors=True), options["batch_size"], options["limit"])
            elif action == "query":
                self._query(options)
            else:
                self._status()
        except (KeyError, ValueError, storage.SearchBusyError, storage.IndexOutdatedError) as exc:
            raise CommandError(str(exc).strip("'\"")) from exc

    def _corpora(self, options: dict[str, Any], *, vectors: bool = False) -> list[Corpus]:
        if options["all"]:
            found = [c for c in registry.all_corpora() if not vectors or c.embed_text is not None]
            if not found:
                raise CommandError("no search corpus is registered" + (" with embed_text" if vectors else ""))
            return found
        if not options["corpora"]:
            raise CommandError("name a corpus or give --all")
        return [registry.get(name) for name in options["corpora"]]

    def _rebuild(self, corpora: list[Corpus]) -> None:
        for c in corpora:
            total = c.count() if c.count else None
            with tqdm(total=total, desc=f"Index {c.name}", unit="doc", disable=None) as bar:
                report = engine.rebuild(c, progress=bar.update)
            self.stdout.write(
                f"{c.name}: {report.documents} documents in {report.seconds:.1f} s "
                f"({report.replayed} changed meanwhile) → {report.generation}"
            )

    def _embed(self, corpora: list[Corpus], batch_size: int, limit: int | None) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        for c in corpora:
            total = c.count() if c.count else None
            with tqdm(total=total, desc=f"Embed {c.name}", unit="doc", disable=None) as bar:
                report = embeddings.embed_corpus(c, batch_size=batch_size, progress=bar.update, limit=limit)
            self.stdout.write(
                f"{c.name}: {report.computed} embeddings computed, {report.removed} removed, "
                f"{report.vectors} vectors in the index ({report.seconds:.1f} s)"
            )

    def _query(self, options: dict[str, Any]) -> None:
        c = registry.get(options["corpus"])
        results = engine.search(
            c,
            options["query"],
            filters=_filters(c, options["filter"]),
            facets=options["facet"],
            sort=options["sort"],
            page=options["page"],
            page_size=options["page_size"],
            highlight_fields=options["highlight"],
            operator=options["operator"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(results), ensure_ascii=False, indent=2, default=str))
            return
        if results.notice:
            self.stdout.write(results.notice)
        self.stdout.write(f"{results.total} hits for {results.query!r} (page {results.page}/{results.pages})")
        for hit in results.hits:
            score = "" if hit.score is None else f"{hit.score:8.3f}  "
            first = next((str(v) for v in hit.fields.values() if v not in (None, [])), "")
            self.stdout.write(f"{score}#{hit.id}  {first[:100]}")
            for name, html in hit.highlights.items():
                self.stdout.write(f"          {name}: {html}")
        for name, counts in results.facets.items():
            self.stdout.write(f"{name}: " + ", ".join(f"{f.value} ({f.count})" for f in counts))

    def _status(self) -> None:
        self.stdout.write(f"search directory: {storage.search_dir()}")
        for c in registry.all_corpora():
            cdir = storage.corpus_dir(c)
            generation = storage.current_generation(cdir)
            docs = engine.count(c) if generation else 0
            shards = storage.check_marker(cdir / generation, c) if generation else 1
            vectors = len(VectorIndex.load(cdir / VECTOR_FILE)) if (cdir / VECTOR_FILE).exists() else 0
            self.stdout.write(
                f"{c.name}: {docs} documents ({generation or 'never built'}"
                + (f", {shards} shards" if shards > 1 else "")
                + f"), {vectors} vectors"
                + (" [no embed_text]" if c.embed_text is None else "")
            )


def _filters(corpus: Corpus, pairs: list[str]) -> dict[str, Any]:
    out: dict[str, list[Any]] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise CommandError(f"--filter {pair!r}: write FIELD=VALUE")
        f = corpus.field(name)
        parsed: Any = value
        if isinstance(f, IntField):
            parsed = int(value)
        elif isinstance(f, DateField):
            parsed = datetime.date.fromisoformat(value)
        out.setdefault(name, []).append(parsed)
    return dict(out)


def _as_json(results: engine.Results) -> dict[str, Any]:
    return {
        "total": results.total,
        "page": results.page,
        "page_size": results.page_size,
        "query": results.query,
        "notice": results.notice,
        "hits": [
            {
                "id": h.id,
                "score": h.score,
                "fields": h.fields,
                "highlights": {k: str(v) for k, v in h.highlights.items()},
            }
            for h in results.hits
        ],
        "facets": {
            name: [{"value": f.value, "count": f.count} for f in counts] for name, counts in results.facets.items()
        },
    }
