"""The e-signature model on its own: no HTTP, no dialect."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from fakes.esign.model import ENVELOPE_TRANSITIONS, OFFER_TEXT_TABS, RECIPIENT_TRANSITIONS, EsignModel
from fakes.kit.hub import Hub
from fakes.kit.model import ModelError


@pytest.fixture
def hub() -> Hub:
    return Hub(seed=5)


@pytest.fixture
def events(hub: Hub) -> list[tuple[str, str | None]]:
    seen: list[tuple[str, str | None]] = []
    hub.subscribe("esign", lambda e: seen.append((e.kind, e.data.get("role"))))
    return seen


@pytest.fixture
def model(hub: Hub) -> EsignModel:
    return EsignModel(hub)


def template_id(model: EsignModel) -> str:
    return str(model.templates("offer letter")[0]["id"])


def offer(model: EsignModel, send: bool = True, **extra: Any) -> dict[str, Any]:
    return model.create_envelope(
        [
            {"role": "Hiring Manager", "name": "Hank", "email": "hank@acme.example"},
            {
                "role": "Candidate",
                "name": "Zoë",
                "email": "zoe@example.org",
                "text_tabs": [
                    {"label": "salary", "value": Decimal("103000.00")},
                    {"label": "currency", "value": "USD"},
                ],
            },
        ],
        template_id=template_id(model),
        custom_fields=[{"name": "greenhouse_application_id", "value": 4001}],
        send=send,
        **extra,
    )


def test_seeded_offer_letter_template_follows_the_journey_vocabulary(model: EsignModel) -> None:
    (template,) = model.templates("Offer Letter")
    roles = {r["role_name"]: r for r in template["roles"]}
    assert [(name, r["routing_order"]) for name, r in roles.items()] == [("Hiring Manager", 1), ("Candidate", 2)]
    assert [t["label"] for t in roles["Candidate"]["text_tabs"]] == list(OFFER_TEXT_TABS)
    assert all(len(r["sign_here_tabs"]) == 1 for r in roles.values())
    assert template["documents"][0]["content_base64"].startswith("JVBERi0")  # "%PDF-"
    assert model.templates("no such thing") == []


def test_template_ids_are_deterministic_per_seed() -> None:
    assert template_id(EsignModel(Hub(seed=1))) == template_id(EsignModel(Hub(seed=1)))
    assert template_id(EsignModel(Hub(seed=1))) != template_id(EsignModel(Hub(seed=2)))


def test_create_from_template_fills_tabs_by_label_and_keeps_money_digits(model: EsignModel) -> None:
    envelope = offer(model)
    assert envelope["status"] == "sent"
    values = model.tab_values(envelope["id"])
    assert values["salary"] == "103000.00"
    assert values["currency"] == "USD"
    assert values["job_title"] == ""  # not given: the template's empty value stays
    assert envelope["custom_fields"][0]["value"] == "4001"
    assert envelope["subject"] == "Your offer letter"  # the template's subject when none is given


def test_only_the_first_routing_order_is_sent(model: EsignModel, events: list[tuple[str, str | None]]) -> None:
    envelope = offer(model)
    assert [(r["role"], r["status"]) for r in envelope["recipients"]] == [
        ("Hiring Manager", "sent"),
        ("Candidate", "created"),
    ]
    assert events == [("envelope.sent", None), ("recipient.sent", "Hiring Manager")]


def test_signing_out_of_routing_order_is_refused(model: EsignModel) -> None:
    envelope = offer(model)
    with pytest.raises(ModelError, match="cannot act before routing order 1") as refused:
        model.sign(envelope["id"], role="Candidate")
    assert refused.value.kind == "conflict"
    assert model.envelope(envelope["id"])["recipients"][1]["status"] == "created"


def test_full_lifecycle_sets_every_timestamp_in_order(
    model: EsignModel, hub: Hub, events: list[tuple[str, str | None]]
) -> None:
    envelope_id = offer(model, send=False)["id"]
    created = hub.clock.now()
    hub.clock.advance(60)
    model.send(envelope_id)
    hub.clock.advance(60)
    model.view(envelope_id, role="Hiring Manager")
    hub.clock.advance(60)
    model.sign(envelope_id, role="Hiring Manager")
    hub.clock.advance(60)
    model.view(envelope_id, email="ZOE@example.org")
    hub.clock.advance(60)
    done = model.sign(envelope_id, role="Candidate")
    minute = timedelta(minutes=1)
    assert done["status"] == "completed"
    assert done["created_at"] == created
    assert done["sent_at"] == created + minute
    assert done["delivered_at"] == created + 4 * minute  # when the last recipient opened it
    assert done["completed_at"] == done["status_changed_at"] == done["last_modified_at"] == created + 5 * minute
    hank, zoe = done["recipients"]
    assert (hank["sent_at"], hank["delivered_at"], hank["signed_at"]) == (
        created + minute, created + 2 * minute, created + 3 * minute)
    assert (zoe["sent_at"], zoe["delivered_at"], zoe["signed_at"]) == (
        created + 3 * minute, created + 4 * minute, created + 5 * minute)
    assert [t["status"] for t in zoe["sign_here_tabs"]] == ["signed"]
    assert events == [
        ("envelope.created", None),
        ("envelope.sent", None),
        ("recipient.sent", "Hiring Manager"),
        ("recipient.delivered", "Hiring Manager"),
        ("recipient.completed", "Hiring Manager"),
        ("recipient.sent", "Candidate"),
        ("recipient.delivered", "Candidate"),
        ("envelope.delivered", None),
        ("recipient.completed", "Candidate"),
        ("envelope.completed", None),
    ]


def test_sign_without_view_opens_first(model: EsignModel) -> None:
    envelope_id = offer(model)["id"]
    model.sign(envelope_id)  # the only recipient whose turn it is
    signed = model.sign(envelope_id)
    assert signed["status"] == "completed"
    assert signed["delivered_at"] is not None
    assert all(r["delivered_at"] is not None for r in signed["recipients"])


def test_decline_ends_the_envelope(model: EsignModel, events: list[tuple[str, str | None]]) -> None:
    envelope_id = offer(model)["id"]
    declined = model.decline(envelope_id, role="Hiring Manager", reason="Budget changed")
    assert declined["status"] == "declined"
    assert declined["declined_at"] is not None
    assert declined["recipients"][0]["declined_reason"] == "Budget changed"
    assert events[-2:] == [("recipient.declined", "Hiring Manager"), ("envelope.declined", None)]
    with pytest.raises(ModelError, match="recipients act only while"):
        model.sign(envelope_id, role="Hiring Manager")


def test_void_in_process_and_refusals(model: EsignModel) -> None:
    voided = model.void(offer(model)["id"], reason="Offer rescinded")
    assert (voided["status"], voided["voided_reason"]) == ("voided", "Offer rescinded")
    assert voided["voided_at"] == voided["status_changed_at"]
    declined = offer(model)["id"]
    model.decline(declined, reason="No")
    for envelope_id in (voided["id"], offer(model, send=False)["id"], declined):
        with pytest.raises(ModelError, match="only an envelope in process") as refused:
            model.void(envelope_id, reason="again")
        assert (refused.value.kind, refused.value.field) == ("conflict", "void")
    completed = offer(model)["id"]
    model.sign(completed)
    model.sign(completed)
    with pytest.raises(ModelError, match="is completed"):
        model.void(completed, reason="too late")
    with pytest.raises(ModelError, match="reason"):
        model.void(offer(model)["id"], reason="  ")


@pytest.mark.parametrize(
    ("recipients", "field"),
    [
        ([{"role": "Recruiter", "name": "R", "email": "r@x.example"}], "role"),
        ([{"role": "Candidate", "name": "Zoë", "email": "not-an-email"}], "email"),
        ([{"role": "Candidate", "name": " ", "email": "zoe@x.example"}], "name"),
        ([{"role": "Candidate", "name": "Z", "email": "z@x.example"}] * 2, "role"),
    ],
)
def test_invalid_recipients_are_refused_by_field(model: EsignModel, recipients: list[dict], field: str) -> None:
    with pytest.raises(ModelError) as refused:
        model.create_envelope(recipients, template_id=template_id(model))
    assert refused.value.field == field
    assert model.envelopes() == []


def test_unfilled_role_may_stay_in_a_draft_but_not_be_sent(model: EsignModel) -> None:
    draft = model.create_envelope([{"role": "Candidate", "name": "Z", "email": "z@x.example"}],
                                  template_id=template_id(model), send=False)
    assert draft["status"] == "created"
    with pytest.raises(ModelError, match="Hiring Manager has no name"):
        model.send(draft["id"])


def test_unknown_template_and_envelope(model: EsignModel) -> None:
    with pytest.raises(ModelError) as refused:
        model.create_envelope([], template_id="00000000-0000-4000-8000-000000000000")
    assert (refused.value.kind, refused.value.field) == ("not_found", "template_id")
    with pytest.raises(ModelError) as missing:
        model.envelope("nope")
    assert (missing.value.kind, missing.value.field) == ("not_found", "envelope_id")


def test_envelopes_query_filters(model: EsignModel) -> None:
    first = offer(model)
    offer(model, send=False)
    assert [e["id"] for e in model.envelopes(status="sent")] == [first["id"]]
    assert len(model.envelopes(custom_field=("greenhouse_application_id", "4001"))) == 2
    assert model.envelopes(custom_field=["greenhouse_application_id", "9"]) == []
    assert len(model.envelopes(recipient_email="HANK@acme.example")) == 2


def test_update_tabs_before_the_recipient_signs(model: EsignModel) -> None:
    envelope = offer(model)
    candidate = envelope["recipients"][1]
    salary = next(t for t in candidate["text_tabs"] if t["label"] == "salary")
    model.update_tabs(envelope["id"], "2", {salary["tab_id"]: Decimal("104500.50")})
    assert model.tab_values(envelope["id"])["salary"] == "104500.50"
    with pytest.raises(ModelError) as missing:
        model.update_tabs(envelope["id"], "2", {"no-such-tab": "1"})
    assert missing.value.field == "tab_id"
    model.sign(envelope["id"])
    model.sign(envelope["id"])
    with pytest.raises(ModelError, match="can no longer change"):
        model.update_tabs(envelope["id"], "2", {salary["tab_id"]: "1"})


def test_lifecycles_are_data() -> None:
    assert ENVELOPE_TRANSITIONS["created"] == {"sent"}  # a draft is deleted, never voided
    assert "voided" in ENVELOPE_TRANSITIONS["sent"] and "voided" in ENVELOPE_TRANSITIONS["delivered"]
    assert all(not ENVELOPE_TRANSITIONS[end] for end in ("completed", "declined", "voided"))
    assert "completed" not in RECIPIENT_TRANSITIONS["sent"]  # signing passes through delivered


def test_world_actions_are_registered() -> None:
    assert {"view", "sign", "decline", "void", "envelope", "envelopes", "tab_values", "templates"} <= set(
        EsignModel.actions()
    )
