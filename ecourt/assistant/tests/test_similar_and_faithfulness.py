"""Similar cases (BM25 over the key words when the judgments have no vectors) and the faithfulness
command on a real ALQAC subset."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from ecourt.assistant.similar import key_words, similar_to_text
from ecourt.laws.importers.common import shared_data

SHARED = shared_data()


def test_key_words_are_the_distinct_syllables_in_order() -> None:
    assert key_words("Tranh chấp hợp đồng vay tài sản, tranh chấp lãi") == [
        "tranh",
        "chấp",
        "hợp",
        "đồng",
        "vay",
        "tài",
        "sản",
        "lãi",
    ]


@pytest.mark.django_db
def test_without_judgments_indexed_nothing_similar_is_claimed() -> None:
    found = similar_to_text("Tranh chấp hợp đồng vay tài sản")
    assert found.method == "none"
    assert found.judgments == []


@pytest.mark.django_db
def test_the_similar_page_is_for_staff_and_refuses_a_case_the_judge_cannot_see(
    client: Any, judge: Any, citizen: Any, other_court: Any
) -> None:
    from ecourt.cases.factories import received_petition
    from ecourt.people.factories import staff
    from ecourt.people.models import Role

    mine = received_petition(staff(judge.memberships.get().court, Role.CLERK), judge.memberships.get().court)
    hidden = received_petition(staff(other_court, Role.CLERK), other_court)
    url = reverse("assistant:similar")
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(judge)
    assert client.post(url, {"text": "Tranh chấp hợp đồng vay tài sản"}).status_code == 200
    assert client.post(url, {"case": mine.pk}).status_code == 200
    assert client.post(url, {"case": hidden.pk}).status_code == 403


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared data folder is not here")
def test_faithfulness_on_a_real_alqac_subset_has_no_unresolved_citation(tmp_path: Path) -> None:
    laws = json.loads((SHARED / "alqac-2023" / "law.json").read_text(encoding="utf-8"))
    questions = json.loads((SHARED / "alqac-2023" / "private_test.json").read_text(encoding="utf-8"))[:20]
    wanted = {r["law_id"] for q in questions for r in q.get("relevant_articles", [])}
    (tmp_path / "law.json").write_text(json.dumps([d for d in laws if d["id"] in wanted], ensure_ascii=False))
    (tmp_path / "q.json").write_text(json.dumps(questions, ensure_ascii=False))
    out = StringIO()
    call_command(
        "assistant",
        "faithfulness",
        "--json",
        "--laws",
        str(tmp_path / "law.json"),
        "--questions",
        str(tmp_path / "q.json"),
        stdout=out,
    )
    report = json.loads(out.getvalue().strip().splitlines()[-1])
    assert report["n"] == 20
    assert report["unresolved_share"] == 0.0
    assert report["answered"] + report["unknown"] == 20
    assert report["gold_first_share"] > 0.5
