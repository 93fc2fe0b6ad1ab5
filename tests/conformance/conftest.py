"""Client conformance: popular vendor clients, unmodified, against the fakes over TLS.

Each client hard-codes its vendor's ``https://`` host. The only things a test
changes are the ones a team changes when pointing the client at the fakes:
the base URL (through whatever the client offers for it, named in each
test), the credentials from the SUT contract, and the trusted CA bundle,
given the way a SUT process gets it: the contract's ``SSL_CERT_FILE`` and
``REQUESTS_CA_BUNDLE`` in the environment. No request is rewritten.

The world starts its virtual clock at the real time and lets it run, as
``ats-harness up`` does: clients sign times (a JWT's ``iat``) with the
machine's clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from fakes.world import World


@pytest.fixture
def world() -> Iterator[World]:
    w = World(seed=0, start=lambda: datetime.now(UTC))
    w.serve(smtp_port=None, tls=True, run_clock=True)
    try:
        yield w
        harness_bugs = list(w.hub.errors)
    finally:
        w.stop()
    assert not harness_bugs, harness_bugs


@pytest.fixture
def env(world: World, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The SUT contract, with its CA variables put into this process's environment (as a SUT would have them)."""
    contract = world.contract_env()
    for name in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
        monkeypatch.setenv(name, contract[name])
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert all(contract[k].startswith("https://") for k in contract if k.endswith("_BASE_URL"))
    return contract
