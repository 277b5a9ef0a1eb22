"""Test support for the citation graph: a small corpus (BLTTDS 2015 with a few provisions, the Civil
Code 2005 known only by its catalogue entry) and judgments citing it."""

from __future__ import annotations

import datetime

from ecourt.courts.models import Court
from ecourt.judgments.models import Judgment
from ecourt.laws.models import DocumentType, LegalDocument, Provision, ProvisionKind, ProvisionVersion

BLTTDS_START = datetime.date(2016, 7, 1)


def provision(document: LegalDocument, key: str, text: str = "…") -> Provision:
    """A provision by key ("dieu-147/khoan-1"), its ancestors made as needed, with one version."""
    parent = None
    node = None
    for depth in range(1, key.count("/") + 2):
        part = "/".join(key.split("/")[:depth])
        kind, number = part.rsplit("/", 1)[-1].split("-", 1)
        node, created = Provision.objects.get_or_create(
            document=document,
            key=part,
            defaults={
                "parent": parent,
                "kind": {"dieu": ProvisionKind.ARTICLE, "khoan": ProvisionKind.CLAUSE, "diem": ProvisionKind.POINT}[
                    kind
                ],
                "number": number,
                "position": Provision.objects.filter(document=document).count() + 1,
            },
        )
        if created:
            ProvisionVersion.objects.create(
                provision=node, text=text if part == key else "", valid_from=document.effective_from
            )
        parent = node
    assert node is not None
    return node


def corpus() -> tuple[LegalDocument, LegalDocument]:
    blttds = LegalDocument.objects.create(
        key="92-2015-qh13",
        number="92/2015/QH13",
        doc_type=DocumentType.CODE,
        title="Bộ luật Tố tụng dân sự",
        issued_on=datetime.date(2015, 11, 25),
        effective_from=BLTTDS_START,
    )
    provision(blttds, "dieu-147/khoan-1", "Đương sự phải chịu án phí sơ thẩm …")
    provision(blttds, "dieu-26", "Những tranh chấp về dân sự thuộc thẩm quyền giải quyết của Tòa án")
    provision(blttds, "dieu-35/khoan-1/diem-a", "Tranh chấp về dân sự …")
    blds2005 = LegalDocument.objects.create(
        key="33-2005-qh11",
        number="33/2005/QH11",
        doc_type=DocumentType.CODE,
        title="Bộ luật Dân sự",
        issued_on=datetime.date(2005, 6, 14),
        effective_from=datetime.date(2006, 1, 1),
        effective_to=datetime.date(2017, 1, 1),
    )
    return blttds, blds2005


def judgment(source_id: str, text: str, day: datetime.date, court: Court | None = None, **fields: object) -> Judgment:
    return Judgment.objects.create(
        source="test",
        source_id=source_id,
        number=f"{source_id}/{day.year}/DS-ST",
        court=court,
        court_name=court.name if court else "Tòa án nhân dân huyện Y, tỉnh Ninh Bình",
        decided_on=day,
        case_type="DS",
        text=text,
        published=True,
        checksum=source_id,
        **fields,
    )
