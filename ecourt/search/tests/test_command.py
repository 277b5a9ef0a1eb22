"""`python -m ecourt search …` through Django's call_command."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_rebuild_then_query(corpus, capsys):
    call_command("search", "rebuild", "statutes")
    assert "statutes: 6 documents" in capsys.readouterr().out
    call_command("search", "query", "statutes", "hop dong mua ban", "--highlight", "text")
    out = capsys.readouterr().out
    assert "1 hits" in out
    assert "#1" in out
    assert "<mark>Hợp</mark>" in out


def test_query_as_json_with_filters_and_facets(corpus, capsys, db):
    # --all rebuilds the apps' corpora too (laws, provisions), which read the database.
    call_command("search", "rebuild", "--all")
    capsys.readouterr()
    call_command(
        "search", "query", "statutes", "luật", "--filter", "year=2015", "--facet", "kind", "--sort=-issued", "--json"
    )
    data = json.loads(capsys.readouterr().out)
    assert [h["id"] for h in data["hits"]] == [2, 1]
    assert data["facets"]["kind"] == [{"value": "Bộ luật", "count": 2}]
    assert data["hits"][0]["fields"]["issued"] == "2015-11-25"


def test_a_bad_query_prints_the_notice_rather_than_failing(corpus, capsys):
    call_command("search", "rebuild", "statutes")
    call_command("search", "query", "statutes", '"kháng cáo')
    out = capsys.readouterr().out
    assert "hệ thống tìm theo các từ trong câu truy vấn" in out  # "its words were searched instead", in Vietnamese
    assert "#2" in out


def test_errors_are_clear(corpus):
    with pytest.raises(CommandError, match="no search corpus named 'nope'"):
        call_command("search", "rebuild", "nope")
    with pytest.raises(CommandError, match="name a corpus or give --all"):
        call_command("search", "rebuild")
    with pytest.raises(CommandError, match="no field"):
        call_command("search", "query", "statutes", "x", "--filter", "court=A")


@pytest.mark.django_db
def test_embed_and_status(corpus, capsys):
    call_command("search", "rebuild", "statutes")
    call_command("search", "embed", "statutes", "--batch-size", "4")
    assert "6 embeddings computed" in capsys.readouterr().out
    call_command("search", "embed", "--all")
    assert "0 embeddings computed" in capsys.readouterr().out
    call_command("search", "status")
    assert "statutes: 6 documents" in capsys.readouterr().out


def test_rebuild_outdated_rebuilds_only_the_indexes_never_built_or_built_for_other_fields(corpus, capsys, db):
    import dataclasses

    from ecourt.search import storage
    from ecourt.search.corpus import TextField
    from ecourt.search.registry import registered, unregister

    call_command("search", "rebuild", "--outdated")
    out = capsys.readouterr().out
    assert "statutes: 6 documents" in out  # never built
    call_command("search", "rebuild", "--outdated")
    assert capsys.readouterr().out.strip() == "every search index is current"
    # An upgrade that changes the corpus's fields leaves its index outdated: --outdated rebuilds it alone.
    unregister(corpus.name)
    changed = dataclasses.replace(corpus, fields=(*corpus.fields, TextField("summary")))
    with registered(changed):
        assert storage.is_outdated(changed)
        call_command("search", "rebuild", "--outdated")
        out = capsys.readouterr().out
        assert out.splitlines()[0].startswith("statutes: 6 documents")
        assert len(out.splitlines()) == 1
        assert not storage.is_outdated(changed)
