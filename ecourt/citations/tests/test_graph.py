"""The citation graph: linking judgments and provision texts (idempotent, resumable, one transaction
per text), "cited by" a provision with its sub-provisions or a document, counts by court and year, the
`cite link` command and the linking at the end of imports."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from ecourt.citations.models import CitationLink, LinkedText
from ecourt.citations.selectors import cited_by, cited_by_counts
from ecourt.citations.services import link_judgment, link_judgments, link_pending, pending_versions
from ecourt.courts.factories import CourtFactory
from ecourt.jobs.models import Job, JobStatus
from ecourt.laws.models import LegalDocument, Provision
from ecourt.search import engine

from .graph_fixtures import corpus, judgment, provision

pytestmark = pytest.mark.django_db

TEXT = (
    "Bản án số: 01/2018/DS-ST\nNgày 10/10/2018\n"
    "Căn cứ khoản 1 Điều 147, Điều 26 Bộ luật Tố tụng dân sự năm 2015; "
    "Điều 305 Bộ luật Dân sự năm 2005; Điều 999 Bộ luật Tố tụng dân sự năm 2015."
)


def test_a_judgment_is_linked_once_however_often_it_is_linked():
    blttds, blds2005 = corpus()
    j = judgment("1", TEXT, datetime.date(2018, 10, 10))
    first = link_judgment(j)
    rows = list(CitationLink.objects.filter(citing_judgment=j).order_by("start"))
    assert first.citations == len(rows) == 4
    by_text = {(r.article, r.clause): r for r in rows}
    clause = by_text[("147", "1")]
    assert (clause.status, clause.target_key, clause.target_document_id) == ("resolved", "dieu-147/khoan-1", blttds.pk)
    assert clause.target_provision == Provision.objects.get(document=blttds, key="dieu-147/khoan-1")
    assert TEXT[clause.start : clause.end] == clause.text
    assert TEXT[clause.anchor_start : clause.anchor_end] == "1"
    assert "khoản 1 Điều 147" in clause.snippet
    # the 2005 code is in the corpus without its text: the citation names it, the article is not checked
    old = by_text[("305", "")]
    assert (old.status, old.target_document_id, old.resolved) == ("no_text", blds2005.pk, False)
    assert by_text[("999", "")].status == "no_provision"
    assert (clause.court_name, clause.year) == ("Tòa án nhân dân huyện Y, tỉnh Ninh Bình", 2018)
    # again: the same rows (new ones replacing the old), nothing doubled
    link_judgment(j)
    again = list(CitationLink.objects.filter(citing_judgment=j).order_by("start"))
    assert [(r.start, r.end, r.status, r.target_key) for r in again] == [
        (r.start, r.end, r.status, r.target_key) for r in rows
    ]
    assert LinkedText.objects.get(judgment=j).citations == 4


def test_relinking_after_the_text_changed_replaces_its_rows_and_pending_finds_it():
    corpus()
    j = judgment("1", TEXT, datetime.date(2018, 10, 10))
    link_pending(laws=False)
    assert CitationLink.objects.filter(citing_judgment=j).count() == 4
    assert link_pending(laws=False).texts == 0  # nothing new
    j.text = "Căn cứ Điều 26 Bộ luật Tố tụng dân sự năm 2015."
    j.save()
    result = link_pending(laws=False)
    assert result.texts == 1
    assert list(CitationLink.objects.filter(citing_judgment=j).values_list("target_key", flat=True)) == ["dieu-26"]


def test_provision_texts_are_linked_within_their_document_and_article():
    blttds, _ = corpus()
    article = provision(
        blttds, "dieu-36", "Tòa án quyết định theo khoản 1 Điều này và điểm a khoản 1 Điều 35 của Bộ luật này."
    )
    provision(blttds, "dieu-36/khoan-1", "…")
    assert set(pending_versions()) == set(
        Provision.objects.filter(document=blttds).values_list("versions__pk", flat=True)
    )
    result = link_pending(judgments=False)
    assert result.texts == Provision.objects.filter(document=blttds).count()
    rows = CitationLink.objects.filter(citing_version__provision=article).order_by("start")
    assert [(r.target_key, r.status, r.citing_document_id) for r in rows] == [
        ("dieu-36/khoan-1", "resolved", blttds.pk),
        ("dieu-35/khoan-1/diem-a", "resolved", blttds.pk),
    ]
    assert pending_versions() == []
    assert link_pending(judgments=False).texts == 0
    # references of a code to itself are not "cited by": nothing else cites Article 35
    cross_referenced = Provision.objects.get(document=blttds, key="dieu-35")
    assert cited_by(cross_referenced) == []
    assert cited_by_counts(cross_referenced).citations == 0
    assert cited_by_counts(LegalDocument.objects.get(pk=blttds.pk)).citations == 0


def test_cited_by_a_provision_includes_its_sub_provisions_and_counts_by_court_and_year():
    blttds, _ = corpus()
    lao_cai = CourtFactory(name="Tòa án nhân dân thành phố Lào Cai, tỉnh Lào Cai")
    texts = [
        ("1", "Căn cứ khoản 1 Điều 147 Bộ luật Tố tụng dân sự năm 2015.", datetime.date(2017, 9, 22), lao_cai),
        (
            "2",
            "Căn cứ Điều 147 và khoản 1 Điều 147 Bộ luật Tố tụng dân sự năm 2015.",
            datetime.date(2018, 3, 1),
            lao_cai,
        ),
        ("3", "Căn cứ Điều 147 Bộ luật Tố tụng dân sự năm 2015.", datetime.date(2018, 5, 2), None),
        ("4", "Căn cứ Điều 26 Bộ luật Tố tụng dân sự năm 2015.", datetime.date(2018, 5, 2), None),
    ]
    made = [judgment(source_id, text, day, court) for source_id, text, day, court in texts]
    link_judgments([j.pk for j in made])
    article = Provision.objects.get(document=blttds, key="dieu-147")
    clause = Provision.objects.get(document=blttds, key="dieu-147/khoan-1")
    citing = cited_by(article)
    assert [c.judgment_id for c in citing] == [made[2].pk, made[1].pk, made[0].pk]  # latest first
    assert citing[1].cited == ["dieu-147", "dieu-147/khoan-1"]
    assert len(citing[1].snippets) == 2
    assert [c.judgment_id for c in cited_by(clause)] == [made[1].pk, made[0].pk]
    assert len(cited_by(article, limit=1)) == 1
    counts = cited_by_counts(article)
    assert (counts.citations, counts.texts, counts.judgments, counts.laws) == (4, 3, 3, 0)
    assert counts.by_court == [(lao_cai.name, 2), ("Tòa án nhân dân huyện Y, tỉnh Ninh Bình", 1)]
    assert counts.by_year == [(2017, 1), (2018, 2)]
    whole = cited_by_counts(LegalDocument.objects.get(pk=blttds.pk))
    assert (whole.citations, whole.judgments) == (5, 4)


def test_cited_by_answers_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    blttds, _ = corpus()
    for n in range(12):
        judgment(
            str(n),
            f"Căn cứ Điều {147 if n % 2 else 26} Bộ luật Tố tụng dân sự năm 2015.",
            datetime.date(2018, 1, n + 1),
        )
    link_pending(laws=False)
    with django_assert_max_num_queries(2):
        assert len(cited_by(blttds, limit=10)) == 10
    with django_assert_max_num_queries(3):
        cited_by_counts(blttds)


def test_cite_link_links_what_is_pending_as_a_job(capsys):
    corpus()
    judgment("1", TEXT, datetime.date(2018, 10, 10))
    call_command("cite", "link", "--judgments", "--no-progress")
    out = capsys.readouterr().out
    assert out.startswith("1 texts linked: 4 citations, 2 resolved (1 no_provision, 1 no_text, 2 resolved)")
    job = Job.objects.get(kind="citations.link")
    assert (job.status, job.result["citations"]) == (JobStatus.SUCCEEDED, 4)
    call_command("cite", "link", "--judgments", "--no-progress")
    assert capsys.readouterr().out.startswith("0 texts linked")
    call_command("cite", "link", "--judgments", "--all", "--no-progress")
    assert capsys.readouterr().out.startswith("1 texts linked")


def test_relinking_a_judgment_refreshes_what_the_portal_searches_by(django_capture_on_commit_callbacks):
    corpus()
    j = judgment("1", "Căn cứ Điều 26 Bộ luật Tố tụng dân sự năm 2015.", datetime.date(2018, 5, 2))
    with django_capture_on_commit_callbacks(execute=True):
        link_judgments([j.pk])
    assert engine.search("judgments", "*", filters={"cited": "92/2015/QH13 dieu-26"}).total == 1
    j.text = "Căn cứ Điều 147 Bộ luật Tố tụng dân sự năm 2015."
    j.save()
    with django_capture_on_commit_callbacks(execute=True):
        link_judgments([j.pk])
    assert engine.search("judgments", "*", filters={"cited": "92/2015/QH13 dieu-26"}).total == 0
    assert engine.search("judgments", "*", filters={"cited": "92/2015/QH13 dieu-147"}).total == 1
