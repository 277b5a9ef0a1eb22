"""`python -m ecourt assistant <action>`: the judges' assistant from the command line.

    assistant eval --json --laws PATH --questions FILE [--predictions OUT] [--baseline]

``eval`` scores the assistant's article retrieval on an ALQAC set (ecourt.assistant.evaluation):
PATH is an ALQAC ``law.json`` or a folder of per-law files (``alqac-2025/law_by_document``), FILE an
ALQAC questions file. It builds a temporary index with the assistant's retrieval code, ranks the
articles for every question and prints, as its last line, one JSON object (the contract scripts
depend on; fields may be added, never renamed or removed):

    {"n", "hit_at_1", "hit_at_10", "mrr_at_10", "macro_f2", "seconds"}

``--predictions OUT`` writes ``{question_id: [[law_id, article_id], …]}`` (ten per question, best
first). ``--baseline`` ranks with the plain BM25 over syllables + bigrams of the question and its options
instead (BASELINES.md §2).
A missing or malformed file is a clear error and a non-zero exit status.

    assistant faithfulness --json --laws PATH --questions FILE

``faithfulness`` answers every question with the extractive answer builder (ecourt.assistant.faithfulness)
and prints, as its last line, ``{"n", "answered", "unknown", "citations", "unresolved_share",
"gold_first_share", "gold_any_share", "seconds"}``: the share of answers with any citation that does not
resolve to a real article, clause or point of the law set (must be 0), and how often the first (any)
cited article is a gold one.

    assistant rerank-fit --data DIR [--out FILE] [--json]

``rerank-fit`` refits the second stage of the ranking (ecourt.assistant.tuning) on the tuning sets under
DIR (``shared/data``: ALQAC 2022, 2023 private test, 2025; never 2024), prints the leave-one-set-out
figures and writes the weights (default: ecourt/assistant/rerank_weights.json, the shipped file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecourt.assistant.alqac import AlqacFormatError
from ecourt.assistant.evaluation import evaluate
from ecourt.assistant.faithfulness import check
from ecourt.assistant.rerank import WEIGHTS_FILE


class Command(BaseCommand):
    help = (
        "The judges' assistant: eval (retrieval on an ALQAC set), faithfulness (citations of the answers) — "
        "docs/assistant.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ev = sub.add_parser("eval", help="Rank articles for ALQAC questions and score the ranking.")
        ev.add_argument("--laws", required=True, metavar="PATH", help="ALQAC law.json, or a folder of per-law files.")
        ev.add_argument("--questions", required=True, metavar="FILE", help="ALQAC questions file (JSON).")
        ev.add_argument("--predictions", metavar="OUT", help="Write {question_id: [[law_id, article_id], …]} here.")
        ev.add_argument("--json", action="store_true", help="Print the metrics as one JSON object.")
        ev.add_argument(
            "--baseline",
            action="store_true",
            help="Plain BM25 over syllables + bigrams of the question and options (the reference).",
        )

        fa = sub.add_parser("faithfulness", help="Answer ALQAC questions; check that every citation resolves.")
        fa.add_argument("--laws", required=True, metavar="PATH", help="ALQAC law.json, or a folder of per-law files.")
        fa.add_argument("--questions", required=True, metavar="FILE", help="ALQAC questions file (JSON).")
        fa.add_argument("--json", action="store_true", help="Print the report as one JSON object.")

        rf = sub.add_parser("rerank-fit", help="Refit the ranking's second stage on the ALQAC tuning sets.")
        rf.add_argument("--data", required=True, metavar="DIR", help="The folder holding alqac-2022, -2023, -2025.")
        rf.add_argument("--out", default=str(WEIGHTS_FILE), metavar="FILE", help="Where to write the weights.")
        rf.add_argument("--json", action="store_true", help="Print the leave-one-set-out figures as one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "eval":
            self.handle_eval(**options)
        elif options["action"] == "faithfulness":
            self.handle_faithfulness(**options)
        elif options["action"] == "rerank-fit":
            self.handle_rerank_fit(**options)

    def handle_rerank_fit(self, **options: Any) -> None:
        from ecourt.assistant.tuning import refit

        try:
            made = refit(options["data"], options["out"])
        except AlqacFormatError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{options['out']}: {exc.strerror or exc}") from exc
        validation = made["leave_one_set_out"]
        if options["json"]:
            self.stdout.write(json.dumps(validation))
        else:
            for name, v in validation.items():
                fitted = v["reranked"]
                self.stdout.write(f"{name}: first stage {v['first_stage']}, re-ranked (fitted on the others) {fitted}")
            self.stdout.write(f"weights written to {options['out']}")

    def handle_faithfulness(self, **options: Any) -> None:
        try:
            data = check(options["laws"], options["questions"]).as_dict()
        except AlqacFormatError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(data))
        else:
            self.stdout.write(" ".join(f"{k}={v}" for k, v in data.items()))

    def handle_eval(self, **options: Any) -> None:
        try:
            report, predictions = evaluate(options["laws"], options["questions"], baseline=options["baseline"])
        except AlqacFormatError as exc:
            raise CommandError(str(exc)) from exc
        if options["predictions"]:
            out = Path(options["predictions"])
            try:
                out.write_text(json.dumps(predictions, ensure_ascii=False) + "\n", encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"{out}: {exc.strerror or exc}") from exc
        data = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data))
        else:
            self.stdout.write(" ".join(f"{k}={v}" for k, v in data.items()))
