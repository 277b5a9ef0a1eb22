"""The generative path against a real OpenAI-compatible server (a separate process speaking the
protocol, openai_server.py) whose fixed draft cites one real provision in force and one invented one:
the citation check keeps the first sentence and removes the second."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ecourt.assistant.checking import NOT_IN_PASSAGES, check_generated
from ecourt.assistant.services import ask
from ecourt.laws.search import PROVISIONS
from ecourt.laws.tests.decrees import BEFORE, decrees  # noqa: F401 - the module fixture
from ecourt.search import engine

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("decrees")]

DRAFT = (
    "Theo khoản 3 Điều 6 Nghị định số 45/2026/NĐ-CP, văn bản gửi sau 17 giờ được coi là tống đạt vào ngày "
    "làm việc tiếp theo. Ngoài ra, khoản 2 Điều 99 Nghị định số 45/2026/NĐ-CP cho phép tống đạt lại trong "
    "vòng 05 ngày."
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Path]:
    port_file = tmp_path / "port"
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("openai_server.py")), str(port_file), str(draft)]
    )
    try:
        for _ in range(100):
            if port_file.exists() and port_file.read_text():
                break
            time.sleep(0.05)
        yield port_file
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_an_invented_citation_of_the_draft_is_removed(
    server: Path, judge: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine.rebuild(PROVISIONS)
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", f"http://127.0.0.1:{server.read_text()}/v1")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "fixed-draft")
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", "test-key")
    question = ask(judge, "Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày nào?", facts_date=BEFORE)
    answer = question.answer
    assert answer.method == "generated"
    assert [s["text"] for s in answer.statements] == [DRAFT.split(". Ngoài ra", maxsplit=1)[0] + "."]
    [citation] = answer.statements[0]["citations"]
    assert (citation["provision_key"], citation["verdict"]) == ("dieu-6/khoan-3", "valid")
    assert "17 giờ" in answer.statements[0]["source_text"]
    assert [(r["citation"]["label"], r["verdict"]) for r in answer.removed] == [("khoản 2 Điều 99", "not_found")]
    # The model was given the passages and told to use nothing else.
    [request] = [json.loads(line) for line in Path(str(server) + ".requests").read_text().splitlines()]
    assert request["authorization"] == "Bearer test-key"
    system, user = request["body"]["messages"]
    assert "không dùng bất kỳ nguồn nào khác" in system["content"]
    assert "Điều 6 45/2026/NĐ-CP" in user["content"]


def test_without_an_endpoint_the_answer_is_extractive(judge: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    engine.rebuild(PROVISIONS)
    monkeypatch.delenv("ASSISTANT_LLM_BASE_URL", raising=False)
    question = ask(judge, "Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày nào?", facts_date=BEFORE)
    assert question.answer.method == "extractive"


def test_an_endpoint_that_fails_falls_back_to_the_extractive_answer(
    judge: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine.rebuild(PROVISIONS)
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens there
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "any")
    question = ask(judge, "Văn bản gửi sau 17 giờ được coi là tống đạt vào ngày nào?", facts_date=BEFORE)
    assert (question.answer.method, question.answer.status) == ("extractive", "answered")


def test_a_real_provision_in_force_that_was_not_a_passage_is_removed_once() -> None:
    # The model drafts from the passages only: Điều 3 of the decree exists and is in force, but it was not
    # given to the model, so the sentence citing it is dropped (listed once, though the model repeats it).
    draft = (
        "Theo khoản 3 Điều 6 Nghị định số 45/2026/NĐ-CP, văn bản gửi sau 17 giờ được tống đạt vào ngày làm "
        "việc tiếp theo. Điều 3 Nghị định số 45/2026/NĐ-CP cũng quy định như vậy. Điều 3 Nghị định số "
        "45/2026/NĐ-CP nhắc lại điều đó."
    )
    result = check_generated(draft, BEFORE, {("45/2026/NĐ-CP", "dieu-6"): "… sau 17 giờ …"})
    assert [s.citations[0].provision_key for s in result.statements] == ["dieu-6/khoan-3"]
    assert [(r["citation"]["label"], r["verdict"]) for r in result.removed] == [("Điều 3", NOT_IN_PASSAGES)]
