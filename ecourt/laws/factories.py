"""Factories for the legal corpus: a decree with an article, clauses and points, dated versions."""

from __future__ import annotations

import datetime

import factory

from .models import DocumentType, LegalDocument, Provision, ProvisionKind, ProvisionVersion
from .parsing.numbering import key_segment


class LegalDocumentFactory(factory.django.DjangoModelFactory[LegalDocument]):
    class Meta:
        model = LegalDocument

    number = factory.Sequence(lambda n: f"{n + 1}/2026/NĐ-CP")
    key = factory.LazyAttribute(lambda d: d.number.lower().replace("/", "-").replace("đ", "d"))
    doc_type = DocumentType.DECREE
    title = factory.Sequence(lambda n: f"Nghị định quy định chi tiết thi hành một số điều số {n + 1}")
    issuer = "Chính phủ"
    issued_on = datetime.date(2026, 3, 15)
    effective_from = datetime.date(2026, 7, 1)


class ProvisionFactory(factory.django.DjangoModelFactory[Provision]):
    """An article by default; give ``parent``, ``kind`` and ``number`` for a clause or point (the key
    is built from them)."""

    class Meta:
        model = Provision

    document = factory.SubFactory(LegalDocumentFactory)
    parent = None
    kind = ProvisionKind.ARTICLE
    number = factory.Sequence(lambda n: str(n + 1))
    key = factory.LazyAttribute(
        lambda p: "/".join(filter(None, [p.parent.key if p.parent else "", key_segment(p.kind, p.number)]))
    )
    title = ""
    position = factory.Sequence(lambda n: n + 1)


class ProvisionVersionFactory(factory.django.DjangoModelFactory[ProvisionVersion]):
    class Meta:
        model = ProvisionVersion

    provision = factory.SubFactory(ProvisionFactory)
    text = "Tòa án nhân dân khu vực giải quyết theo thủ tục sơ thẩm những tranh chấp sau đây."
    valid_from = factory.LazyAttribute(lambda v: v.provision.document.effective_from)
    introduced_by = factory.LazyAttribute(lambda v: v.provision.document)


CONSTITUTION_2013_IN_FORCE = datetime.date(2014, 1, 1)
CONSTITUTION_TITLE = "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam"


def constitution_2013(
    clause_text: str = "Quyền con người, quyền công dân chỉ có thể bị hạn chế theo quy định của luật.",
) -> LegalDocument:
    """The 2013 Constitution as the corpus holds it: no number, keyed ``hien-phap-2013``, in force from
    01/01/2014, with its Article 14 (empty heading text) and that article's clause 2."""
    document = LegalDocumentFactory(
        number="",
        key="hien-phap-2013",
        doc_type=DocumentType.CONSTITUTION,
        title=CONSTITUTION_TITLE,
        short_title="Hiến pháp năm 2013",
        issuer="Quốc hội",
        issued_on=datetime.date(2013, 11, 28),
        effective_from=CONSTITUTION_2013_IN_FORCE,
    )
    article = ProvisionFactory(document=document, number="14", title="Quyền con người, quyền công dân", position=1)
    ProvisionVersionFactory(provision=article, text="", valid_from=CONSTITUTION_2013_IN_FORCE)
    clause = ProvisionFactory(document=document, parent=article, kind=ProvisionKind.CLAUSE, number="2", position=2)
    ProvisionVersionFactory(provision=clause, text=clause_text, valid_from=CONSTITUTION_2013_IN_FORCE)
    return document
