"""Never writes the envelope's outcome (completed, declined) back to Greenhouse's signature_status."""

from examples.reference_integration import Integration


class Variant(Integration):
    def write_back_outcome(self, app_id: str, status: str) -> None:
        return None
