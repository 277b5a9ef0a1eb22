"""index_later: one job per corpus and transaction, run after the commit, reading what was committed."""

from __future__ import annotations

import pytest
from django.db import transaction

from ecourt.jobs.models import Job, JobStatus
from ecourt.search import engine

from .statutes import ids

pytestmark = pytest.mark.django_db


def test_it_refreshes_the_documents_after_the_commit(indexed, statutes_db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        statutes_db[5]["text"] = "Người lao động được nghỉ phép năm 12 ngày."
        del statutes_db[3]
        engine.index_later(indexed, [5])
        engine.index_later("statutes", [3, 5])
        assert ids(engine.search(indexed, "phép năm")) == []  # nothing before the commit
    job = Job.objects.get()
    assert (job.kind, job.params) == ("search.index", {"corpus": "statutes", "ids": [3, 5]})
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result == {"corpus": "statutes", "indexed": 1, "deleted": 1}
    assert ids(engine.search(indexed, "phép năm")) == [5]
    assert ids(engine.search(indexed, "đông lạnh")) == []


def test_a_rolled_back_transaction_queues_nothing(indexed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                engine.index_later(indexed, [1])
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass
    assert not Job.objects.exists()


def test_the_corpus_must_be_registered(statutes_db):
    from .statutes import make_corpus

    with pytest.raises(KeyError, match="no search corpus"):
        engine.index_later(make_corpus(statutes_db, name="unregistered"), [1])
