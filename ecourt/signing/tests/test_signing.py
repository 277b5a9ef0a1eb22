"""Court documents rendered (Vietnamese), signed PAdES with a throwaway CA's court certificate and an
RFC 3161 timestamp (local TSA), then verified: intact and trusted; one flipped byte → altered; unsigned →
"not signed"; the public /verify/ page and the `signing verify` command."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pyhanko.keys import load_cert_from_pemder

from ecourt.evidence.tests.tsa import TestTSA
from ecourt.signing import services
from ecourt.signing.rendering import CourtDocument, render_pdf
from ecourt.signing.tests.pki import CourtPKI, make_pki

COURT = "Tòa án nhân dân Thành phố Hà Nội"
DOCUMENT = CourtDocument(
    court=COURT,
    kind="Quyết định",
    number="12/2026/QĐ-ST",
    place="Hà Nội",
    issued_on=datetime.date(2026, 3, 1),
    subject="Về việc đưa vụ án ra xét xử",
    paragraphs=["Căn cứ Điều 220 Bộ luật Tố tụng dân sự; nguyên đơn ông Nguyễn Văn Ấn, bị đơn bà Trần Thị Ưng."],
    signer_title="Thẩm phán",
    signer_name="Lê Thị Hằng",
)


@pytest.fixture
def pki(tmp_path: Path) -> CourtPKI:
    return make_pki(tmp_path)


@pytest.fixture
def tsa(tmp_path: Path) -> TestTSA:
    return TestTSA.create(tmp_path)


@pytest.fixture
def court_settings(settings, pki: CourtPKI, tsa: TestTSA, tmp_path: Path):
    tsa_root = tmp_path / "tsaroot.pem"
    tsa_root.write_bytes(tsa.root().dump())  # DER: the loader reads PEM or DER
    settings.SIGNING_KEY_FILE = str(pki.court_key)
    settings.SIGNING_CERT_FILE = str(pki.court_cert)
    settings.SIGNING_CHAIN_FILES = [str(pki.root_cert)]
    settings.SIGNING_TRUST_ROOTS = [str(pki.root_cert), str(tsa_root)]
    settings.EVIDENCE_TSA_URL = None
    return settings


@pytest.fixture
def signed(court_settings, tsa: TestTSA) -> bytes:
    return services.sign_pdf(render_pdf(DOCUMENT), timestamper=tsa.dummy())


def test_rendered_pdf_keeps_the_vietnamese_text() -> None:
    pdf = render_pdf(DOCUMENT)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("QUYẾT ĐỊNH", "Nguyễn Văn Ấn", "Trần Thị Ưng", "ngày 01 tháng 03 năm 2026", "Lê Thị Hằng"):
        assert expected in text


def test_signed_document_is_intact_trusted_and_timestamped(signed: bytes) -> None:
    result = services.verify_pdf(signed)
    assert result.signed
    assert not result.altered
    assert result.trusted
    (sig,) = result.signatures
    assert COURT in sig.signer
    assert sig.intact
    assert sig.valid
    assert sig.covers_whole_file
    assert sig.ok
    assert sig.timestamp is not None
    assert sig.timestamp.intact
    assert sig.timestamp.valid
    assert sig.timestamp.trusted
    assert sig.timestamp.at is not None
    assert abs(sig.timestamp.at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=5)


def test_without_the_court_root_the_signature_is_intact_but_not_trusted(signed: bytes) -> None:
    result = services.verify_pdf(signed, roots=[])
    assert result.signed
    assert not result.altered
    assert not result.trusted


def test_another_ca_is_not_trusted(signed: bytes, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    other = make_pki(tmp_path / "other", root="CA khác")
    result = services.verify_pdf(signed, roots=[load_cert_from_pemder(str(other.root_cert))])
    assert not result.trusted
    assert not result.altered


def test_one_flipped_byte_is_altered(signed: bytes) -> None:
    tampered = bytearray(signed)
    position = tampered.index(b"Count")  # inside the signed range, before the signature
    tampered[position] ^= 0x01
    result = services.verify_pdf(bytes(tampered))
    assert result.signed
    assert result.altered
    assert not result.signatures[0].intact


def test_bytes_appended_after_signing_are_reported(signed: bytes) -> None:
    appended = signed + b"\n1000 0 obj\n(added later)\nendobj\n"
    result = services.verify_pdf(appended)
    assert result.altered
    assert not result.signatures[0].covers_whole_file


def test_unsigned_pdf_is_not_signed(court_settings) -> None:
    result = services.verify_pdf(render_pdf(DOCUMENT))
    assert not result.signed
    assert not result.signatures
    assert not result.trusted


def test_not_a_pdf_is_refused() -> None:
    with pytest.raises(services.VerificationError):
        services.verify_pdf(b"PK\x03\x04 a zip file")


def test_signing_without_a_configured_certificate_is_refused(settings) -> None:
    settings.SIGNING_KEY_FILE = None
    with pytest.raises(services.SigningError):
        services.sign_pdf(render_pdf(DOCUMENT))


def test_signing_with_a_real_tsa_over_http(court_settings, tsa: TestTSA) -> None:
    with tsa.serve() as url:
        court_settings.EVIDENCE_TSA_URL = url
        signed = services.sign_pdf(render_pdf(DOCUMENT))
    sig = services.verify_pdf(signed).signatures[0]
    assert sig.ok
    assert sig.timestamp is not None
    assert sig.timestamp.trusted


# The public page (no login; nothing stored)


def _english() -> Client:
    # Pages speak Vietnamese unless the visitor chose English (the language cookie); these read English.
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_verify_page_is_public() -> None:
    response = Client().get(reverse("signing:verify"))
    assert response.status_code == 200


def _upload(data: bytes, name: str = "quyet-dinh.pdf") -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


@pytest.mark.django_db
def test_verify_page_reports_intact_and_trusted(signed: bytes) -> None:
    with translation.override("en"):
        response = _english().post(reverse("signing:verify"), {"document": _upload(signed)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-signed="yes" data-altered="no" data-trusted="yes"' in html
    assert "The document is intact" in html
    assert COURT in html
    assert "valid, trusted" in html


@pytest.mark.django_db
def test_verify_page_reports_altered_and_unsigned(signed: bytes) -> None:
    tampered = bytearray(signed)
    tampered[tampered.index(b"Count")] ^= 0x01
    client = _english()
    with translation.override("en"):
        altered = client.post(reverse("signing:verify"), {"document": _upload(bytes(tampered))})
        unsigned = client.post(reverse("signing:verify"), {"document": _upload(render_pdf(DOCUMENT))})
    assert 'data-altered="yes"' in altered.content.decode()
    assert "altered after it was signed" in altered.content.decode()
    assert "This document is not signed." in unsigned.content.decode()


@pytest.mark.django_db
def test_verify_page_refuses_non_pdf_and_oversized(settings) -> None:
    settings.SIGNING_VERIFY_MAX_BYTES = 1000
    client = _english()
    with translation.override("en"):
        not_pdf = client.post(reverse("signing:verify"), {"document": _upload(b"hello", "a.txt")})
        too_big = client.post(reverse("signing:verify"), {"document": _upload(b"%PDF-1.4\n" + b"x" * 2000)})
        way_too_big = client.post(reverse("signing:verify"), {"document": _upload(b"%PDF-1.4\n" + b"x" * 100_000)})
    assert not_pdf.status_code == 400
    assert "This file is not a PDF." in not_pdf.content.decode()
    assert too_big.status_code == 400
    assert "The file is too large" in too_big.content.decode()
    assert way_too_big.status_code == 413
    assert "The file is too large" in way_too_big.content.decode()


@pytest.mark.django_db
def test_verify_page_checks_csrf(signed: bytes) -> None:
    response = Client(enforce_csrf_checks=True).post(reverse("signing:verify"), {"document": _upload(signed)})
    assert response.status_code == 403


# The command


def test_command_prints_json(signed: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    out = io.StringIO()
    call_command("signing", "verify", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["signed"]
    assert data["trusted"]
    assert not data["altered"]
    assert COURT in data["signatures"][0]["signer"]
    assert data["signatures"][0]["timestamp"]["trusted"]


def test_command_refuses_non_pdf(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("not a pdf")
    with pytest.raises(CommandError):
        call_command("signing", "verify", str(path), "--json")
