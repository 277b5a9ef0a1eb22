"""A local RFC 3161 timestamp authority for the tests (certomancer; DEPENDENCIES.md §7).

``TestTSA.create(dir)`` writes fresh keys and the certomancer configuration; ``.dummy()`` is pyHanko's
in-process stamper over that TSA's certificate and key; ``.serve()`` runs ``certomancer animate`` as a
subprocess on a free local port and yields its TSA URL.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CONFIG = """\
external-url-prefix: "http://127.0.0.1:{port}"
keysets:
  k: {{path-prefix: ., keys: {{root: {{path: tsaroot.key.pem}}, tsa: {{path: tsa.key.pem}}}}}}
pki-architectures:
  testing-ca:
    keyset: k
    entity-defaults: {{country-name: VN, organization-name: Test TSA}}
    entities: {{root: {{common-name: TSA Root CA}}, tsa: {{common-name: Test Time Stamping Authority}}}}
    certs:
      root:
        subject: root
        issuer: root
        validity: {{valid-from: "2000-01-01T00:00:00+0000", valid-to: "2500-01-01T00:00:00+0000"}}
        extensions:
          - {{id: basic_constraints, critical: true, value: {{ca: true}}}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, key_cert_sign, crl_sign]}}
      tsa:
        issuer: root
        validity: {{valid-from: "2000-01-01T00:00:00+0000", valid-to: "2100-01-01T00:00:00+0000"}}
        extensions:
          - {{id: key_usage, critical: true, smart-value: {{schema: key-usage, params: [digital_signature]}}}}
          - {{id: extended_key_usage, critical: true, value: [time_stamping]}}
    services:
      time-stamping:
        tsa: {{signing-key: tsa, signing-cert: tsa}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class TestTSA:
    __test__ = False  # not a test class for pytest

    directory: Path
    port: int

    @classmethod
    def create(cls, directory: Path) -> TestTSA:
        for name in ("tsaroot", "tsa"):
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            (directory / f"{name}.key.pem").write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            )
        port = free_port()
        (directory / "certomancer.yml").write_text(CONFIG.format(port=port))
        return cls(directory, port)

    def _arch(self) -> Any:
        from certomancer.registry import ArchLabel, CertomancerConfig

        config = CertomancerConfig.from_file(str(self.directory / "certomancer.yml"))
        return config.get_pki_arch(ArchLabel("testing-ca"))

    def root(self) -> Any:
        return self._arch().get_cert("root")

    def dummy(self) -> Any:
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        arch = self._arch()
        return DummyTimeStamper(
            tsa_cert=arch.get_cert("tsa"),
            tsa_key=arch.key_set.get_private_key("tsa"),
            certs_to_embed=SimpleCertificateStore.from_certs([arch.get_cert("root")]),
        )

    @contextmanager
    def serve(self) -> Iterator[str]:
        certomancer = Path(sys.executable).parent / "certomancer"
        process = subprocess.Popen(
            [str(certomancer), "--config", "certomancer.yml", "animate", "--port", str(self.port), "--no-web-ui"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("certomancer did not start") from None
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{self.port}/testing-ca/tsa/tsa"
        finally:
            process.terminate()
            process.wait(timeout=10)
