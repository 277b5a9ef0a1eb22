"""The opt-in syllable-bigram copy of a text field (TextField(bigrams=True))."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

import pytest

from ecourt.search import engine
from ecourt.search.analysis import bigram_tokens, syllables
from ecourt.search.corpus import Corpus, KeywordField, TextField
from ecourt.search.registry import registered

DOCS = [
    {"id": 1, "code": "a", "text": "Hợp đồng mua bán nhà ở"},
    {"id": 2, "code": "b", "text": "Nhà mua hợp tác, bán đồng hồ"},  # the same syllables, no pair in common
]


def _documents(ids: Collection[int] | None) -> Iterator[dict[str, Any]]:
    return iter([d for d in DOCS if ids is None or d["id"] in ids])


def _corpus(*, bigrams: bool) -> Corpus:
    return Corpus(
        name="bigram_test",
        fields=(KeywordField("code"), TextField("text", bigrams=bigrams)),
        documents=_documents,
    )


def test_bigram_tokens_pair_adjacent_syllables_lower_case_diacritics_kept() -> None:
    assert syllables("Hợp đồng, MUA bán") == ["hợp", "đồng", "mua", "bán"]
    assert bigram_tokens("Hợp đồng, MUA bán") == ["hợp_đồng", "đồng_mua", "mua_bán"]
    assert bigram_tokens("nhà") == []


def test_bigrams_change_the_layout_only_when_on() -> None:
    # Off, the option stays out of the layout hash: indexes built before it existed are not outdated
    # (checked against the code before the option: the same fingerprint).
    plain = Corpus(name="bigram_test", fields=(KeywordField("code"), TextField("text")), documents=_documents)
    assert _corpus(bigrams=False).fingerprint() == plain.fingerprint()
    assert _corpus(bigrams=True).fingerprint() != plain.fingerprint()


def test_a_pair_of_syllables_is_found_in_the_bigram_copy_only_where_adjacent() -> None:
    with registered(_corpus(bigrams=True)) as corpus:
        engine.rebuild(corpus)
        hits = engine.search(corpus, "text__bigrams:hợp_đồng", operator="or").hits
        assert [h.id for h in hits] == [1]
        # The plain search is unchanged: both documents have the syllables.
        assert {h.id for h in engine.search(corpus, "hợp đồng").hits} == {1, 2}
        engine.close_readers()


def test_doc_freqs_count_the_documents_holding_each_token_of_a_field() -> None:
    with registered(_corpus(bigrams=True)) as corpus:
        engine.rebuild(corpus)
        assert engine.doc_freqs(corpus, "text__bigrams", ["hợp_đồng", "đồng_hồ", "nhà_ở", "không_có"]) == {
            "hợp_đồng": 1,
            "đồng_hồ": 1,
            "nhà_ở": 1,
            "không_có": 0,
        }
        assert engine.doc_freqs(corpus, "text__exact", ["hợp", "bán"]) == {"hợp": 2, "bán": 2}
        with pytest.raises(ValueError, match="no indexed field"):
            engine.doc_freqs(corpus, "title__bigrams", ["hợp_đồng"])
        engine.close_readers()
