"""A case with real files (received through evidence storage, one timestamped by a local TSA), the court's
certificate from a throwaway CA, and the registry of the appellate court that receives the package."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from ecourt.cases.factories import accepted_case
from ecourt.evidence import services as evidence
from ecourt.evidence import timestamps
from ecourt.evidence.tests.tsa import TestTSA
from ecourt.people.factories import staff
from ecourt.people.models import Role
from ecourt.signing.tests.pki import CourtPKI, make_pki


def png(seed: int) -> bytes:
    """A valid 1x1 PNG whose colour depends on ``seed`` (so each one has its own hash)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x00" + bytes([seed % 256, (seed * 7) % 256, (seed * 13) % 256])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def pki(tmp_path: Path) -> CourtPKI:
    directory = tmp_path / "pki"
    directory.mkdir()
    return make_pki(directory)


@pytest.fixture
def court_settings(settings: Any, pki: CourtPKI) -> Any:
    settings.SIGNING_KEY_FILE = str(pki.court_key)
    settings.SIGNING_CERT_FILE = str(pki.court_cert)
    settings.SIGNING_CHAIN_FILES = [str(pki.root_cert)]
    settings.SIGNING_TRUST_ROOTS = [str(pki.root_cert)]
    settings.EVIDENCE_TSA_URL = None
    return settings


@pytest.fixture
def tsa(tmp_path: Path) -> TestTSA:
    directory = tmp_path / "tsa"
    directory.mkdir()
    return TestTSA.create(directory)


def signed_pdf(tsa: TestTSA | None) -> bytes:
    """A court decision rendered and PAdES-signed with the court's certificate (the signing app's signer)."""
    from ecourt.signing.rendering import render_pdf
    from ecourt.signing.services import sign_pdf
    from ecourt.signing.tests.test_signing import DOCUMENT

    return sign_pdf(render_pdf(DOCUMENT), timestamper=tsa.dummy() if tsa is not None else None)


def add_files(case: Any, judge: Any, count: int, tsa: TestTSA | None = None) -> list[Any]:
    items = [evidence.receive(judge, case.pk, io.BytesIO(signed_pdf(tsa)), "quyết định.pdf")]
    for i in range(count - 1):
        items.append(evidence.receive(judge, case.pk, io.BytesIO(png(i + 1)), f"ảnh chứng cứ {i + 1}.png"))
    if tsa is not None:
        items[0] = timestamps.stamp(items[0], tsa.dummy())
    return items


@pytest.fixture
def case(court_settings: Any, clerk: Any, president: Any, judge: Any, court: Any, tsa: TestTSA) -> Any:
    case = accepted_case(clerk=clerk, president=president, judge=judge, court=court)
    add_files(case, judge, 3, tsa)
    return case


@pytest.fixture
def receiving_clerk(provincial_court: Any) -> Any:
    return staff(provincial_court, Role.CLERK)
