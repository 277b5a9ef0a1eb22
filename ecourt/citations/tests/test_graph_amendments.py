"""Citations written inside an amending document's instructions speak of the document they amend:
"Sửa đổi, bổ sung khoản 2 Điều 4 như sau" in Decree 77/2027 is Article 4 of Decree 45/2026, not of 77/2027."""

from __future__ import annotations

import pytest

from ecourt.citations.models import CitationLink
from ecourt.laws.tests.decrees import AMENDING, BASE, decrees  # noqa: F401 - the module fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("decrees")]


def links(key: str) -> list[tuple[str, str, str]]:
    rows = CitationLink.objects.filter(
        citing_version__provision__document__number=AMENDING, citing_version__provision__key=key
    ).select_related("target_document")
    return [(r.text, r.target_document.number if r.target_document else "", r.target_key) for r in rows]


def test_an_amending_instruction_cites_the_amended_document() -> None:
    assert ("khoản 2 Điều 4", BASE, "dieu-4/khoan-2") in links("dieu-1/khoan-2")
    assert ("khoản 3 Điều 6", BASE, "dieu-6/khoan-3") in links("dieu-1/khoan-5")
    # A phrase replaced in two places of the amended decree: both are its provisions.
    assert links("dieu-1/khoan-6") == [("Điều 2", BASE, "dieu-2"), ("khoản 1 Điều 7", BASE, "dieu-7/khoan-1")]


def test_the_amending_documents_own_articles_still_cite_itself() -> None:
    # Article 2 (entry into force) has no amending relation: "Nghị định này" is Decree 77/2027 itself.
    assert links("dieu-2") == [("Nghị định này", AMENDING, "")]
