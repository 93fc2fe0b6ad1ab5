"""No idempotency: a duplicate offer_approved delivery creates a second envelope.

Neither the Greenhouse-Event-ID nor the (application, offer) pair is
remembered, so every redelivery is treated as new.
"""

from examples.reference_integration import Integration


class Variant(Integration):
    def is_done(self, key: tuple[str, ...]) -> bool:
        if key[0] in ("greenhouse-event", "envelope"):
            return False
        return super().is_done(key)
