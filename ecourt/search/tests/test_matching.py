"""What a user finds: diacritics and tone placement ignored, exact diacritics first, phrases, operators, numbers."""

from __future__ import annotations

import dataclasses
import unicodedata

from ecourt.search import engine

from .statutes import ids


def test_it_finds_words_typed_without_diacritics(indexed):
    found = ids(engine.search(indexed, "hop dong"))
    assert 1 in found  # "Hợp đồng"
    assert 3 in found  # "Hộp đông": folding cannot tell them apart, the ranking can (next test)


def test_it_ranks_the_exact_diacritics_first(indexed):
    assert ids(engine.search(indexed, "hợp đồng"))[0] == 1
    assert ids(engine.search(indexed, "hộp đông"))[0] == 3


def test_it_ignores_the_tone_mark_placement(indexed):
    # Document 4 writes "hòa" (classic placement); users also type "hoà".
    assert ids(engine.search(indexed, "hoà giải")) == ids(engine.search(indexed, "hòa giải"))
    assert ids(engine.search(indexed, "hoà giải"))[0] == 4
    assert 6 in ids(engine.search(indexed, "thuỷ lợi"))  # the text has "thủy lợi"


def test_it_reads_decomposed_unicode(indexed):
    nfd = unicodedata.normalize("NFD", "Khánh Hòa")
    assert nfd != "Khánh Hòa"
    assert ids(engine.search(indexed, nfd)) == [4]


def test_it_indexes_decomposed_unicode(indexed, statutes_db):
    doc = dict(statutes_db[5], id=50, text=unicodedata.normalize("NFD", "Tranh chấp đất đai ở Đắk Lắk"))
    engine.index(indexed, [doc])
    assert ids(engine.search(indexed, "dat dai dak lak")) == [50]
    assert ids(engine.search(indexed, "Đắk Lắk")) == [50]


def test_a_quoted_phrase_keeps_its_word_order(indexed):
    assert ids(engine.search(indexed, '"hợp đồng mua bán"')) == [1]
    assert ids(engine.search(indexed, '"hop dong mua ban"')) == [1]
    assert ids(engine.search(indexed, '"mua bán hợp đồng"')) == []


def test_words_must_all_match_by_default(indexed):
    assert ids(engine.search(indexed, "kháng cáo sơ thẩm")) == [2]
    assert ids(engine.search(indexed, "kháng cáo lương")) == []


def test_or_mode_ranks_documents_matching_any_word(indexed):
    found = ids(engine.search(indexed, "kháng cáo lương", operator="or"))
    assert set(found) == {2, 5}


def test_boolean_operators(indexed):
    assert set(ids(engine.search(indexed, "kháng OR lương"))) == {2, 5}
    assert set(ids(engine.search(indexed, "(kháng OR lương) AND NOT kết"))) == {2}
    assert set(ids(engine.search(indexed, "bộ luật -lao"))) == {1, 2, 6}
    assert set(ids(engine.search(indexed, "+dân +thẩm"))) == {2}


def test_not_applies_to_a_phrase_or_a_group(indexed):
    assert set(ids(engine.search(indexed, 'bộ luật NOT "lao động"'))) == {1, 2, 6}
    assert set(ids(engine.search(indexed, "bộ luật NOT (lao OR tố)"))) == {1, 6}


def test_a_query_of_only_exclusions_returns_everything_else(indexed):
    found = ids(engine.search(indexed, "-luật"))
    assert set(found) == {3, 4}


def test_field_queries(indexed):
    assert ids(engine.search(indexed, "title:lao")) == [5]
    assert ids(engine.search(indexed, "text:lao")) == [5]
    assert ids(engine.search(indexed, "title:hoa")) == [4]
    assert set(ids(engine.search(indexed, 'kind:nghi-dinh OR kind:"Nghị định"'))) == {3}
    assert set(ids(engine.search(indexed, "year:[2016 TO 2021]"))) == {4, 5, 6}


def test_date_ranges_accept_the_dates_users_write(indexed):
    assert set(ids(engine.search(indexed, "issued:[2015-11-25 TO 2017-01-13]"))) == {2, 4}
    assert set(ids(engine.search(indexed, "issued:[25/11/2015 TO 13/01/2017]"))) == {2, 4}
    assert set(ids(engine.search(indexed, "issued:2015"))) == {1, 2}
    assert set(ids(engine.search(indexed, "issued:>=2021-03-01"))) == {3, 6}
    assert set(ids(engine.search(indexed, "issued:<24/11/2015"))) == set()
    assert set(ids(engine.search(indexed, "issued:<=24/11/2015"))) == {1}


def test_a_document_number_is_found_whole(indexed):
    found = ids(engine.search(indexed, "91/2015/QH13"))
    assert found[0] == 1  # the law itself, by its number field
    assert 6 in found  # the circular that cites it in its text
    assert 2 not in found  # 92/2015/QH13 shares "2015" and "qh13" but is another law


def test_a_document_number_ignores_case_and_diacritics(indexed):
    assert ids(engine.search(indexed, "63/2024/nd-cp")) == [3]
    assert ids(engine.search(indexed, "63/2024/NĐ-CP")) == [3]
    assert ids(engine.search(indexed, "number:01/2017/NQ-HĐTP")) == [4]


def test_a_document_number_combines_with_words(indexed):
    assert ids(engine.search(indexed, "91/2015/QH13 thủy lợi")) == [6]
    assert ids(engine.search(indexed, "bộ luật -91/2015/QH13")) == [2, 5] or set(
        ids(engine.search(indexed, "bộ luật -91/2015/QH13"))
    ) == {2, 5}


def test_highlights_mark_the_matches_in_escaped_html(indexed, statutes_db):
    engine.index(indexed, [dict(statutes_db[1], id=70, text="Hợp đồng <script>alert(1)</script> & cam kết")])
    results = engine.search(indexed, "hop dong", highlight_fields=["text", "title"])
    by_id = {h.id: h for h in results.hits}
    assert "<mark>Hợp</mark> <mark>đồng</mark>" in by_id[1].highlights["text"]
    assert "<mark>Hộp</mark> <mark>đông</mark>" in by_id[3].highlights["text"]
    assert "&lt;script&gt;" in by_id[70].highlights["text"]
    assert "<script>" not in by_id[70].highlights["text"]
    assert by_id[1].highlights["title"] == "Bộ luật Dân sự"  # no match there: its beginning, unmarked


def test_hits_carry_their_stored_fields(indexed):
    hit = engine.search(indexed, "91/2015/QH13").hits[0]
    assert hit.fields["number"] == "91/2015/QH13"
    assert hit.fields["tags"] == ["dân sự", "hợp đồng"]
    assert hit.fields["year"] == 2015
    assert hit.fields["issued"].isoformat() == "2015-11-24"
    assert hit.score is not None


def test_a_text_field_not_returned_is_highlighted_but_left_out_of_hits_and_fetch(corpus, statutes_db):
    text = next(f for f in corpus.fields if f.name == "text")
    quiet = dataclasses.replace(
        corpus, fields=tuple(dataclasses.replace(text, returned=False) if f is text else f for f in corpus.fields)
    )
    # Read-time only: the index's layout (and so its fingerprint) is the same.
    assert quiet.fingerprint() == corpus.fingerprint()
    engine.rebuild(quiet)
    hit = engine.search(quiet, "hop dong", highlight_fields=["text"]).hits[0]
    assert "text" not in hit.fields
    assert "<mark>" in hit.highlights["text"]
    assert hit.fields["title"]
    assert "text" not in engine.fetch(quiet, [hit.id])[hit.id]
    assert "text" in engine.fetch(corpus, [hit.id])[hit.id]  # the field as declared by default: returned
