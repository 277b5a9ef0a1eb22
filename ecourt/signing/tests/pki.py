"""A throwaway CA and a court certificate made with ``cryptography`` for the signing tests."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass
class CourtPKI:
    root_cert: Path
    court_key: Path
    court_cert: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Tòa án nhân dân"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_pki(directory: Path, court: str = "Tòa án nhân dân Thành phố Hà Nội", root: str = "CA Thử nghiệm") -> CourtPKI:
    now = datetime.datetime.now(datetime.UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name(root)
    root_cert = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(root_key, hashes.SHA256())
    )
    court_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    court_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(court))
        .issuer_name(root_name)
        .public_key(court_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    pki = CourtPKI(directory / "root.pem", directory / "court.key.pem", directory / "court.pem")
    pki.root_cert.write_bytes(root_cert.public_bytes(serialization.Encoding.PEM))
    pki.court_cert.write_bytes(court_cert.public_bytes(serialization.Encoding.PEM))
    pki.court_key.write_bytes(
        court_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return pki


@contextmanager
def court_certificate_configured(settings: Any, directory: Path) -> Iterator[CourtPKI]:
    """For tests that issue documents: a court certificate in ``settings`` and a real RFC 3161 TSA
    answering over HTTP on this machine (``EVIDENCE_TSA_URL``), both trusted for verification."""
    from ecourt.evidence.tests.tsa import TestTSA

    pki = make_pki(directory)
    tsa = TestTSA.create(directory)
    tsa_root = directory / "tsaroot.der"
    tsa_root.write_bytes(tsa.root().dump())  # DER: the loader reads PEM or DER
    settings.SIGNING_KEY_FILE = str(pki.court_key)
    settings.SIGNING_CERT_FILE = str(pki.court_cert)
    settings.SIGNING_CHAIN_FILES = [str(pki.root_cert)]
    settings.SIGNING_TRUST_ROOTS = [str(pki.root_cert), str(tsa_root)]
    with tsa.serve() as url:
        settings.EVIDENCE_TSA_URL = url
        yield pki
