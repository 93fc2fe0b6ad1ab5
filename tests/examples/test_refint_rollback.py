"""Layer 6: reversing one application's envelope, HRIS record and booking."""

from __future__ import annotations

from refint_helpers import hire_payload, invitee_payload, offer_payload


def full_journey(sut, app_id: int = 101) -> None:
    sut.world.add_application(app_id)
    sut.greenhouse("offer_approved", offer_payload(app_id))
    sut.calendly("invitee.created", invitee_payload(app_id))
    sut.greenhouse("hire_candidate", hire_payload(app_id, world=sut.world))


def test_rollback_reverses_everything_it_did(sut):
    full_journey(sut)
    [envelope_id] = sut.world.envelopes
    [employee_id] = sut.world.employees
    answer = sut.client.post("/admin/rollback/101").json()
    assert sut.world.envelopes[envelope_id]["status"] == "voided"
    assert sut.world.called("greenhouse", "PATCH", r"/v3/offers/20101")[-1].body == {
        "custom_fields": [{"name_key": "signature_status", "value": "voided"}]
    }
    assert sut.world.employees[employee_id]["status"] == "Inactive"
    assert all(sut.world.rows(employee_id, t) == [] for t in ("compensation", "employmentStatus", "jobInfo"))
    [cancel] = sut.world.called("calendly", "POST", "/scheduled_events/EV1/cancellation")
    assert cancel.body["reason"]
    assert answer["application_id"] == "101"
    assert answer["envelope"] == [{"envelope_id": envelope_id, "action": "voided"}]
    assert answer["hris"]["action"] == "reversed" and len(answer["hris"]["rows_deleted"]) == 3
    assert answer["booking"] == [{"event": "https://calendly.test/scheduled_events/EV1", "action": "canceled"}]
    assert sut.kpis()["offer_acceptance_rate"] is None  # a voided offer is neither accepted nor declined


def test_rollback_twice_does_nothing_the_second_time(sut):
    full_journey(sut)
    sut.client.post("/admin/rollback/101")
    writes = len(sut.world.writes())
    answer = sut.client.post("/admin/rollback/101").json()
    assert len(sut.world.writes()) == writes
    assert answer["hris"] == {"action": "none"} and answer["booking"] == []


def test_completed_envelope_is_left_alone(sut):
    full_journey(sut)
    [envelope_id] = sut.world.envelopes
    sut.docusign(envelope_id, "completed", 101)
    answer = sut.client.post("/admin/rollback/101").json()
    assert answer["envelope"] == [{"envelope_id": envelope_id, "action": "left", "status": "completed"}]
    assert sut.world.called("docusign", "PUT", rf"/envelopes/{envelope_id}") == []


def test_envelope_completed_behind_our_back_is_not_voided(sut):
    full_journey(sut)
    [envelope_id] = sut.world.envelopes
    sut.world.envelopes[envelope_id]["status"] = "completed"  # the Connect message has not arrived yet
    sut.client.post("/admin/rollback/101")
    assert sut.world.called("docusign", "PUT", rf"/envelopes/{envelope_id}") == []


def test_an_employee_that_existed_before_is_never_reversed(sut):
    sut.world.employees["900"] = {"employeeNumber": "GH-101", "lastName": "O'Brien-Nuñez", "status": "Active"}
    full_journey(sut)
    answer = sut.client.post("/admin/rollback/101").json()
    assert answer["hris"] == {"action": "none"} and sut.world.employees["900"]["status"] == "Active"


def test_vendor_failure_during_rollback_is_reported_not_raised(sut):
    full_journey(sut)
    sut.world.fail("PUT", r"/envelopes/.*", 400)
    answer = sut.client.post("/admin/rollback/101").json()
    assert answer["envelope"]["action"] == "failed" and "400" in answer["envelope"]["error"]
    assert answer["hris"]["action"] == "reversed"
