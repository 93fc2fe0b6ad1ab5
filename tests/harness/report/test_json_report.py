import json

import jsonschema
import pytest

from harness.report.json_report import SCHEMA_VERSION, load_schema, render_json, report_dict


@pytest.fixture(scope="module")
def validator():
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", ["passing_run", "failing_run", "error_run", "partial_run"])
def test_every_kind_of_run_validates(request, validator, name):
    run = request.getfixturevalue(name)
    doc = json.loads(render_json(run))
    errors = sorted(validator.iter_errors(doc), key=str)
    assert errors == []
    assert doc["schema_version"] == SCHEMA_VERSION


def test_it_is_run_as_dict_plus_the_version(failing_run):
    doc = json.loads(render_json(failing_run))
    assert doc == {"schema_version": SCHEMA_VERSION, **json.loads(json.dumps(failing_run.as_dict(), default=str))}
    assert report_dict(failing_run)["run_id"] == "run-777"


def test_values_survive_exactly(failing_run, make):
    doc = json.loads(render_json(failing_run))
    offer = next(j for j in doc["journeys"] if j["journey"] == "documents/offer#1")
    assert offer["facts"]["salary"] == "103000.00"  # Decimal as its digits, never a float
    hris = next(j for j in doc["journeys"] if j["journey"] == "hris_sync/new_hire#1")
    failure = hris["checks"][0]["failures"][0]
    assert (failure["expected"], failure["actual"]) == (make.NFC_ZOE, make.NFD_ZOE)


def test_schema_rejects_drift(validator, passing_run):
    doc = json.loads(render_json(passing_run))
    doc["journeys"][0]["verdict"] = "kinda"
    assert not validator.is_valid(doc)
    doc = json.loads(render_json(passing_run))
    doc["journeys"][0]["surprise"] = 1
    assert not validator.is_valid(doc)
    doc = json.loads(render_json(passing_run))
    del doc["command"]
    assert not validator.is_valid(doc)


def test_odd_facts_do_not_lose_the_report(make):
    j = make.journey("reporting/freshness", 1, "reporting", make.ok("data_fidelity"), facts={"obj": object()})
    j.facts["ratio"] = float("nan")
    doc = json.loads(render_json(make.run(j)))
    assert doc["journeys"][0]["facts"]["ratio"] == "nan"
    assert doc["journeys"][0]["facts"]["obj"].startswith("<object")
