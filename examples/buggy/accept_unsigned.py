"""Skips web hook signature checks: unsigned, forged and stale deliveries are all acted on."""

from collections.abc import Mapping

from examples.reference_integration import Integration


class Variant(Integration):
    def verify(self, vendor: str, headers: Mapping[str, str], body: bytes) -> bool:
        return True
