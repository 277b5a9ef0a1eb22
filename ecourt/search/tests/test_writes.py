"""Writes to the live index: upsert by id, delete, refresh from the source, and reading it afresh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import tantivy

from ecourt.search import engine, storage

from .statutes import ids


def test_index_replaces_a_document_with_the_same_id(indexed, statutes_db):
    engine.index(indexed, [dict(statutes_db[5], title="Bộ luật Lao động sửa đổi", text="Nghỉ phép năm.")])
    assert engine.count(indexed) == 6
    assert ids(engine.search(indexed, "kết hôn")) == []
    hit = engine.search(indexed, "nghỉ phép").hits[0]
    assert (hit.id, hit.fields["title"]) == (5, "Bộ luật Lao động sửa đổi")


def test_delete_removes_by_id_and_ignores_unknown_ids(indexed):
    assert engine.delete(indexed, [3, 999]) == 2
    assert engine.count(indexed) == 5
    assert ids(engine.search(indexed, "63/2024/NĐ-CP")) == []


def test_refresh_follows_the_source(indexed, statutes_db):
    statutes_db[2]["text"] = "Thời hạn kháng cáo là 30 ngày."
    del statutes_db[4]
    statutes_db[9] = dict(statutes_db[1], id=9, number="85/2025/QH15", title="Luật sửa đổi Bộ luật Tố tụng dân sự")
    assert engine.refresh(indexed, [2, 4, 9]) == {"indexed": 2, "deleted": 1}
    assert ids(engine.search(indexed, '"30 ngày"')) == [2]
    assert ids(engine.search(indexed, "hòa giải")) == []
    assert ids(engine.search(indexed, "85/2025/QH15")) == [9]


def test_documents_need_an_integer_id(corpus):
    with pytest.raises(ValueError, match="integer"):
        engine.index(corpus, [{"id": "A-1", "title": "x", "text": "y"}])


def test_a_corpus_never_indexed_searches_empty(corpus):
    assert engine.search(corpus, "hợp đồng").total == 0
    assert engine.count(corpus) == 0


def test_a_fresh_reader_registers_the_analyzers_again(indexed, search_dir):
    engine.close_readers()
    assert ids(engine.search(indexed, "hop dong mua ban")) == [1]
    # Without them, Tantivy cannot even parse a query against this index (the pitfall this guards).
    cdir = Path(search_dir) / "statutes"
    raw = tantivy.Index.open(str(cdir / str(storage.current_generation(cdir))))
    with pytest.raises(ValueError, match="vi_fold"):
        raw.parse_query("hop dong", ["title"])


def test_another_process_reads_the_index_and_sees_later_commits(indexed, search_dir, statutes_db):
    script = (
        "import django, json, sys; django.setup()\n"
        "from ecourt.search import engine\n"
        "from ecourt.search.tests.statutes import STATUTES, make_corpus\n"
        "c = make_corpus({d['id']: d for d in STATUTES})\n"
        "for line in sys.stdin:\n"
        "    r = engine.search(c, line.strip())\n"
        "    print(json.dumps([h.id for h in r.hits]), flush=True)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ecourt.settings", "ECOURT_SEARCH_DIR": str(search_dir)}
    with subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True
    ) as child:
        assert child.stdin
        assert child.stdout
        child.stdin.write("hoa giai\n")
        child.stdin.flush()
        assert json.loads(child.stdout.readline()) == [4]
        # A commit here must be visible to the other process's cached reader at its next search.
        engine.index(indexed, [dict(statutes_db[4], id=40, number="02/2018/NQ-HĐTP")])
        child.stdin.write("hoa giai\n")
        child.stdin.flush()
        assert sorted(json.loads(child.stdout.readline())) == [4, 40]
        # And a rebuild's swap to a new directory too.
        del statutes_db[4]
        engine.rebuild(indexed)
        child.stdin.write("hoa giai\n")
        child.stdin.close()
        assert json.loads(child.stdout.readline()) == []
        assert child.wait(timeout=30) == 0


def test_concurrent_writers_wait_for_each_other(indexed, statutes_db):
    # Tantivy refuses a second writer outright; the corpus lock makes them queue instead.
    errors: list[BaseException] = []

    def write(start: int) -> None:
        try:
            for n in range(5):
                engine.index(indexed, [dict(statutes_db[2], id=start + n, number=f"{start + n}/2022/QĐ-TA")])
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(1000 * (i + 1),)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert engine.count(indexed) == 6 + 20


def test_a_lock_held_by_another_process_makes_a_writer_wait_then_give_up(indexed, search_dir, statutes_db):
    lock = Path(search_dir) / "statutes" / storage.WRITER_LOCK
    script = (
        "import fcntl, sys\n"
        f"fd = open({str(lock)!r}, 'a')\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n"
    )
    command = [sys.executable, "-c", script]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as other:
        assert other.stdin
        assert other.stdout
        assert other.stdout.readline().strip() == "held"
        with pytest.raises(storage.SearchBusyError, match="another process"), storage.writer_lock(indexed, timeout=0.3):
            pass
        other.stdin.close()
        assert other.wait(timeout=10) == 0
    engine.index(indexed, [dict(statutes_db[2], id=77)])  # released with the process
    assert engine.count(indexed) == 7
