"""HTTPS for the fakes: a certificate authority made for one run, and the files a SUT trusts it by.

The official BambooHR and DocuSign clients hard-code ``https://``; serving
TLS lets them run unmodified, with only the base URL and the CA bundle
changed. ``trustme`` makes the CA and the loopback certificate (no ASN.1 by
hand); both are valid from 2000 to 3000, so a SUT whose clock the harness
moves (libfaketime) still accepts them whatever the virtual date.

Files, in a private temporary folder removed by ``close()``:

- ``ca.pem``: the run's CA alone (``NODE_EXTRA_CA_CERTS`` adds it to Node's
  own roots);
- ``bundle.pem``: the run's CA followed by the system's roots when a system
  bundle exists, because ``SSL_CERT_FILE`` and ``REQUESTS_CA_BUNDLE``
  *replace* the default trust store: a SUT that also calls a real service
  keeps working.
"""

from __future__ import annotations

import shutil
import ssl
import tempfile
from pathlib import Path

import trustme

# The identities the leaf certificate names: the fakes bind loopback.
LOOPBACK_IDENTITIES = ("127.0.0.1", "localhost", "::1")


def _system_roots() -> bytes:
    """The PEM roots OpenSSL uses by default, if there is a bundle file (empty otherwise)."""
    paths = ssl.get_default_verify_paths()
    for candidate in (paths.cafile, paths.openssl_cafile):
        if candidate and Path(candidate).is_file():
            return Path(candidate).read_bytes()
    return b""


class LocalCA:
    """One CA per run, the server certificate it issued for loopback, and the trust files."""

    def __init__(self, identities: tuple[str, ...] = LOOPBACK_IDENTITIES) -> None:
        self._ca = trustme.CA(organization_name="ats-harness")
        self._leaf = self._ca.issue_cert(*identities, organization_name="ats-harness")
        self.folder = Path(tempfile.mkdtemp(prefix="ats-harness-tls-"))
        self.ca_file = self.folder / "ca.pem"
        self.bundle_file = self.folder / "bundle.pem"
        ca_pem = self._ca.cert_pem.bytes()
        self.ca_file.write_bytes(ca_pem)
        roots = _system_roots()
        self.bundle_file.write_bytes(ca_pem + (b"\n" + roots if roots else b""))

    @property
    def ca_pem(self) -> bytes:
        return self._ca.cert_pem.bytes()

    def server_context(self) -> ssl.SSLContext:
        """What a fake's listening socket wraps itself in."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._leaf.configure_cert(context)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts only this run's CA (the harness's own calls, tests)."""
        context = ssl.create_default_context(cafile=str(self.ca_file))
        return context

    def contract_env(self) -> dict[str, str]:
        """The variables OpenSSL, requests/certifi and Node read their trusted roots from."""
        return {
            "SSL_CERT_FILE": str(self.bundle_file),
            "REQUESTS_CA_BUNDLE": str(self.bundle_file),
            "NODE_EXTRA_CA_CERTS": str(self.ca_file),
        }

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
