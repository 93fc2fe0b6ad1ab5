"""The reference integration on Harvest v3's documented routes, and Greenhouse's ping on hook save."""

from __future__ import annotations

import refint_signing as sign
from refint_helpers import offer_payload
from refint_world import ENV


def test_a_ping_is_answered_200_and_changes_nothing(sut):
    body = sign.body_of({"action": "ping", "payload": {"web_hook": {"name": "x", "url": "https://sut", "events": []}}})
    response = sut.client.post(
        "/webhooks/greenhouse", content=body, headers=sign.greenhouse(ENV["GREENHOUSE_WEBHOOK_SECRET"], body, "p1")
    )
    assert response.status_code == 200  # a non-200 ping leaves the hook disabled in Greenhouse
    assert [c for c in sut.world.calls if c.vendor == "greenhouse"] == []


def test_offer_reads_and_edits_use_v3_offers(sut):
    sut.world.add_application(101)
    sut.greenhouse("offer_approved", offer_payload(101))
    reads = sut.world.called("greenhouse", "GET", r"/v3/offers")
    assert reads and all(c.query == {"application_ids": ["101"]} for c in reads)
    edits = sut.world.called("greenhouse", "PATCH", r"/v3/offers/\d+")
    assert [c.path for c in edits] == ["/v3/offers/20101"]
    assert edits[0].body == {"custom_fields": [{"name_key": "signature_status", "value": "sent"}]}
    assert not sut.world.called("greenhouse", "GET", r".*current_offer")
