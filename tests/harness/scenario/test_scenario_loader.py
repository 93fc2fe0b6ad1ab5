"""Loading scenario files: the documented example round-trips; every mistake is located and explained."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from fakes.kit.faults import FaultRule
from fakes.kit.webhooks import ChaosRule
from harness.errors import ScenarioError
from harness.scenario import load_scenario, load_scenarios, parse_scenario
from harness.scenario.loader import SCHEMA_PATH
from harness.scenario.model import STEP_KINDS, Expectation

HEAD = "scenario: 1\nname: a scenario\nlayer: documents\n"  # as in conftest; a test file's own lines start at 4
Load = Callable[..., ScenarioError]


def only(error: ScenarioError) -> str:
    """The single line of an error that must hold exactly one mistake."""
    assert len(error.errors) == 1, str(error)
    return str(error)


# -- the documented example ------------------------------------------------------------------------------


def test_example_round_trips(example_path: Path) -> None:
    s = load_scenario(example_path)
    assert s.name == "offer letter carries every field exactly"
    assert (s.layer, s.seed, s.journeys, s.tags, s.checks) == (
        "documents",
        7,
        3,
        ("smoke",),
        ("trigger_accuracy", "data_fidelity"),
    )
    assert s.file == str(example_path)
    assert s.packs == ("unicode_names",)
    assert len(s.records) == 15 and s.record(0)["first_name"] == "Zoë" and s.record(15) == s.record(0)
    assert s.world.job["stages"] == ["Application Review", "Phone Screen", "Technical Interview", "Onsite", "Offer"]
    assert s.world.job["hiring_manager"] == {
        "first_name": "Morgan",
        "last_name": "Lee",
        "email": "morgan.lee@example.com",
    }
    assert s.world.offer == {
        "salary": "103000.00",
        "currency": "USD",
        "pay_period": "year",
        "employment_type": "Full-time",
        "hours_per_week": 40,
        "start_date": "2026-04-01",
    }
    assert s.world.candidate["first_name"] == "{{ pack.first_name }}"
    kinds = [step.kind for step in s.steps]
    assert set(STEP_KINDS) <= set(kinds)
    assert kinds[:4] == ["apply", "move_stage", "advance", "reject"]


def test_example_steps_carry_arguments_and_positions(example_path: Path) -> None:
    steps = load_scenario(example_path).steps
    by_kind = {step.kind: step for step in reversed(steps)}
    assert steps[1].args == {"to": "Phone Screen"} and (steps[1].line, steps[1].column) == (20, 5)
    assert steps[0].args == {} and steps[0].index == 0
    assert by_kind["book"].args == {"start": "+2d@10:00", "timezone": "Europe/Berlin"}
    assert [s.args for s in steps if s.kind == "advance_clock"] == [
        {"by": timedelta(hours=1)},
        {"by": timedelta(minutes=90)},
    ]
    assert by_kind["wait"].args == {"until": "quiescence"}
    assert by_kind["hr_edit"].args == {"fields": {"pay_rate": "110000.00 USD"}}
    assert by_kind["update_offer"].as_yaml() == {"update_offer": {"salary": "105000.00"}}


def test_example_expectations(example_path: Path) -> None:
    s = load_scenario(example_path)
    first = s.expectations[0]
    assert first == Expectation(
        "email",
        {"kind": "interview_invitation", "to": "candidate", "count": 1},
        negative=False,
        within=timedelta(seconds=5),
    )
    assert s.expectations[1].within == timedelta(seconds=10)  # the default deadline
    assert "reporting" not in {e.kind for e in s.expectations}  # KPIs are the reporting check's, run-wide
    negatives = [e for e in s.expectations if e.negative]
    assert [e.kind for e in negatives] == ["hris_writes", "esign_writes", "scheduler_writes", "ats_writes", "emails"]
    assert all(e.within is None for e in negatives)


def test_faults_and_chaos_become_kit_rules(example_path: Path) -> None:
    s = load_scenario(example_path)
    rule = FaultRule(**s.faults[0].rule_kwargs())
    assert (rule.fake, rule.kind, rule.status, rule.method, rule.count, rule.after) == (
        "bamboohr",
        "status",
        503,
        "POST",
        1,
        0,
    )
    assert rule.applies("bamboohr", "POST", "/api/gateway.php/acme/v1/employees/7/tables/compensation", "")
    chaos = ChaosRule(**s.chaos[0].rule_kwargs())
    assert (chaos.fake, chaos.kind, chaos.event, chaos.count) == ("greenhouse", "duplicate", "offer_approved", 1)


def test_fault_durations_reach_the_kit() -> None:
    s = parse_scenario(
        HEAD + "faults:\n  - {kind: latency, delay: 1500ms, count: null}\n"
        "  - {kind: rate_limit, retry_after: 30s}\nsteps: [apply: {}]\n"
    )
    assert FaultRule(**s.faults[0].rule_kwargs()).seconds == 1.5
    assert s.faults[0].count is None
    assert FaultRule(**s.faults[1].rule_kwargs()).retry_after == 30.0


def test_minimal_scenario_takes_the_default_world() -> None:
    s = parse_scenario(
        HEAD + "world: {job: {name: Data Engineer, hiring_manager: {email: hm@example.com}}}\n"
        "steps: [apply: null, advance:]\n"
    )
    assert s.world.job["name"] == "Data Engineer" and s.world.job["department"] == "Design"
    assert s.world.job["hiring_manager"] == {"first_name": "Morgan", "last_name": "Lee", "email": "hm@example.com"}
    assert s.world.offer["salary"] == "103000.00"
    assert [(x.kind, x.args) for x in s.steps] == [("apply", {}), ("advance", {})]
    assert (s.journeys, s.seed, s.records) == (1, None, ())


def test_unquoted_money_stays_exact() -> None:
    s = parse_scenario(
        HEAD + "world: {offer: {salary: 103000.10, hours_per_week: 37.5, start_date: 2026-04-01}}\nsteps: [apply: {}]\n"
    )
    assert s.world.offer["salary"] == Decimal("103000.10")
    assert s.world.offer["hours_per_week"] == Decimal("37.5")
    assert s.world.offer["start_date"] == "2026-04-01"


def test_inline_records_follow_pack_records() -> None:
    s = parse_scenario(
        HEAD + "data: {packs: [part_time], records: [{salary: '1.00', currency: KWD}]}\nsteps: [apply: {}]\n"
    )
    assert len(s.records) == 5 and s.records[-1] == {"salary": "1.00", "currency": "KWD"}
    assert s.record(4) == {"salary": "1.00", "currency": "KWD"} and s.record(5) == s.records[0]


# -- one test per kind of mistake -------------------------------------------------------------------------


def test_unknown_step_names_the_step_and_suggests(tmp_path: Path, scenario_error: Load) -> None:
    text = only(
        scenario_error("""\
        steps:
          - apply: {}
          - move_stag: {to: Phone Screen}
        """)
    )
    assert text.startswith(
        f"{tmp_path / 'x.yaml'}:6:5: steps[1]: unknown step 'move_stag'; valid steps: apply, advance, move_stage, "
    )
    assert text.endswith("; did you mean 'move_stage'?")


def test_unknown_key_is_placed_at_the_key(scenario_error: Load) -> None:
    error = scenario_error("""\
        world:
          job:
            nam: Designer
        steps: [apply: {}]
        """)
    assert only(error).endswith(
        "x.yaml:6:5: world.job: unknown key 'nam'; valid keys: name, department, office, "
        "stages, hiring_manager, opened_at; did you mean 'name'?"
    )
    assert (error.line, error.column, error.value, error.suggestion) == (6, 5, "nam", "name")


def test_missing_required_key_names_the_mapping_line(scenario_error: Load) -> None:
    error = scenario_error("""\
        steps:
          - apply: {}
          - move_stage:
              reason: wrong key
        """)
    assert "x.yaml:7:7: steps[1].move_stage: missing required key 'to'" in str(error)
    assert "unknown key 'reason'" in str(error)


def test_missing_top_level_key(scenario_error: Load) -> None:
    error = scenario_error("steps: [apply: {}]\n", head="# comment\nscenario: 1\nname: x\n")
    assert only(error).endswith("x.yaml:2:1: missing required key 'layer'")


def test_bad_enum_value_suggests(scenario_error: Load) -> None:
    text = only(scenario_error("steps: [apply: {}]\n", head="scenario: 1\nname: x\nlayer: document\n"))
    assert text.endswith(
        "x.yaml:3:8: layer: value 'document' is not valid; valid values: communication, "
        "scheduling, documents, hris_sync, reporting, end_to_end; did you mean 'documents'?"
    )


def test_wrong_version(scenario_error: Load) -> None:
    text = only(scenario_error("steps: [apply: {}]\n", head="scenario: 2\nname: x\nlayer: documents\n"))
    assert text.endswith("x.yaml:1:11: scenario: value 2 is not valid; valid values: 1")


def test_number_where_text_is_needed_says_to_quote(scenario_error: Load) -> None:
    text = only(scenario_error("world: {candidate: {phone: 5550100}}\nsteps: [apply: {}]\n"))
    assert text.endswith(
        "x.yaml:4:28: world.candidate.phone: value 5550100 is not valid: expected text "
        "(put it in quotes: YAML reads it as a number or true/false)"
    )


def test_bad_duration_lists_the_forms(scenario_error: Load) -> None:
    text = only(scenario_error("steps:\n  - expect: {emails: {}, within: 5 s}\n"))
    assert text.endswith(
        "x.yaml:5:34: steps[0].expect.within: value '5 s' is not valid: expected a duration "
        "like 250ms, 5s, 2m, 1h, 3d or 1h30m"
    )


def test_templated_enum_field_reports_the_enum(scenario_error: Load) -> None:
    text = only(scenario_error("world: {offer: {pay_period: yearly}}\nsteps: [apply: {}]\n"))
    assert text.endswith(
        "x.yaml:4:29: world.offer.pay_period: value 'yearly' is not valid; valid values: "
        "year, month, hour; did you mean 'year'?"
    )
    assert parse_scenario(HEAD + "world: {offer: {pay_period: '{{ pack.pay_period }}'}}\nsteps: [apply: {}]\n")


def test_expectation_needs_exactly_one_kind(scenario_error: Load) -> None:
    error = scenario_error("""\
        steps:
          - expect: {within: 5s}
          - expect: {email: {kind: offer}, alert: {contains: x}}
          - expect: {emial: {kind: offer}}
        """)
    lines = str(error).splitlines()
    assert len(lines) == 3
    assert lines[0].endswith(
        "x.yaml:5:13: steps[0].expect: needs exactly one of: email, alert, envelope, employee, "
        "booking, ats, hris_writes, esign_writes, scheduler_writes, ats_writes, "
        "emails; found none"
    )
    assert lines[1].endswith("found 'email' and 'alert'") and ":6:13: steps[1].expect:" in lines[1]
    assert ":7:14: steps[2].expect: unknown key 'emial'" in lines[2] and lines[2].endswith("did you mean 'email'?")


def test_recipient_typo(scenario_error: Load) -> None:
    text = only(scenario_error("steps:\n  - expect: {email: {kind: offer, to: candiate}}\n"))
    assert text.endswith(
        "x.yaml:5:39: steps[0].expect.email.to: value 'candiate' is not valid; valid values: "
        "candidate, owner, hiring_manager, an email address; did you mean 'candidate'?"
    )


def test_out_of_range_number(scenario_error: Load) -> None:
    text = only(scenario_error("journeys: 1001\nsteps: [apply: {}]\n"))
    assert text.endswith("x.yaml:4:11: journeys: value 1001 is not valid: it must be at most 1000")


def test_step_with_two_names(scenario_error: Load) -> None:
    text = only(scenario_error("steps:\n  - {apply: {}, advance: {}}\n"))
    assert text.endswith(
        "x.yaml:5:5: steps[0]: a step is a mapping with exactly one key, the step name; found apply, advance"
    )


def test_step_written_as_text_shows_an_example(scenario_error: Load) -> None:
    text = only(scenario_error("steps:\n  - move_stage: Phone Screen\n"))
    assert text.endswith(
        "x.yaml:5:17: steps[0].move_stage: value 'Phone Screen' is not valid: expected a mapping; "
        "for example: move_stage: {to: Phone Screen}"
    )


def test_bare_step_name_shows_its_form(scenario_error: Load) -> None:
    lines = str(scenario_error("steps: [apply, wait]\n")).splitlines()
    assert lines[0].endswith(
        "x.yaml:4:9: steps[0]: value 'apply' is not valid: expected a mapping; for example: apply: {}"
    )
    assert lines[1].endswith(
        "x.yaml:4:16: steps[1]: value 'wait' is not valid: expected a mapping; for example: wait: quiescence"
    )


def test_key_written_twice(scenario_error: Load) -> None:
    text = only(scenario_error("name: again\nsteps: [apply: {}]\n"))
    assert text.endswith("x.yaml:4:1: key 'name' is written twice (first at line 2); keep one")


def test_stage_must_be_a_job_stage(scenario_error: Load) -> None:
    text = only(
        scenario_error("""\
        world: {job: {stages: [Application Review, Phone Screen, Onsite]}}
        steps:
          - move_stage: {to: phone screen}
        """)
    )
    assert text.endswith(
        "x.yaml:6:22: steps[0].move_stage.to: stage 'phone screen' is not one of world.job.stages; "
        "valid stages: Application Review, Phone Screen, Onsite; did you mean 'Phone Screen'?"
    )


def test_unknown_pack(scenario_error: Load) -> None:
    text = only(scenario_error("data: {packs: [currencies, unicode_name]}\nsteps: [apply: {}]\n"))
    assert text.endswith(
        "x.yaml:4:28: data.packs[1]: unknown data pack 'unicode_name'; valid packs: "
        "compensation_boundaries, currencies, dates, part_time, unicode_names; "
        "did you mean 'unicode_names'?"
    )


def test_unknown_record_key(scenario_error: Load) -> None:
    text = only(scenario_error("data:\n  records:\n    - {salary: '1.00', fist_name: Al}\nsteps: [apply: {}]\n"))
    assert ":6:24: data.records[0]: unknown record key 'fist_name'; valid keys: first_name," in text
    assert text.endswith("did you mean 'first_name'?")


def test_records_hold_plain_values(scenario_error: Load) -> None:
    text = only(scenario_error("data:\n  records:\n    - {first_name: '{{ faker.name() }}'}\nsteps: [apply: {}]\n"))
    assert (
        ":6:20: data.records[0]: 'first_name' is a template; records hold plain values (templates go in world)" in text
    )


def test_template_name_out_of_scope(scenario_error: Load) -> None:
    text = only(scenario_error("world: {candidate: {first_name: '{{ pak.first_name }}'}}\nsteps: [apply: {}]\n"))
    assert text.endswith(
        "x.yaml:4:33: world.candidate.first_name: template uses 'pak', which is not in scope "
        "(in '{{ pak.first_name }}'); valid names: candidate, job, offer, journey, pack, faker; "
        "did you mean 'pack'?"
    )


def test_template_syntax_error(scenario_error: Load) -> None:
    text = only(scenario_error("steps:\n  - expect: {email: {contains: '{{ offer.salary '}}\n"))
    assert "x.yaml:5:32: steps[0].expect.email.contains: template syntax error: unexpected end of template" in text


def test_unknown_time_zone(scenario_error: Load) -> None:
    text = only(scenario_error("steps:\n  - book: {start: '+2d@10:00', timezone: Europe/Berlun}\n"))
    assert text.endswith(
        "x.yaml:5:42: steps[0].book.timezone: time zone 'Europe/Berlun' is not a known IANA zone "
        "name; valid examples: Europe/Berlin, America/New_York, UTC; did you mean 'Europe/Berlin'?"
    )


def test_time_of_day_needs_whole_days(scenario_error: Load) -> None:
    text = only(scenario_error("steps:\n  - reschedule: {start: '+36h@10:00'}\n"))
    assert ":5:25: steps[0].reschedule.start: instant '+36h@10:00': a time of day (@HH:MM) needs a whole " in text


def test_instant_with_no_such_hour(scenario_error: Load) -> None:
    text = only(scenario_error("steps:\n  - book: {start: '+2d@25:00'}\n"))
    assert ":5:19: steps[0].book.start: instant '+2d@25:00' has no such time of day; valid forms: +2d," in text


def test_fault_key_for_another_kind(scenario_error: Load) -> None:
    text = only(scenario_error("faults:\n  - {kind: status, status: 503, delay: 2s}\nsteps: [apply: {}]\n"))
    assert text.endswith(
        "x.yaml:5:33: faults[0]: 'delay' applies only to kind latency or timeout, and this rule's kind is 'status'"
    )


def test_tab_indentation(tmp_path: Path, scenario_error: Load) -> None:
    text = only(scenario_error("steps:\n\t- apply: {}\n"))
    assert text.startswith(f"{tmp_path / 'x.yaml'}:5:1: invalid YAML: ")
    assert "found character '\\t' that cannot start any token (indent with spaces" in text


def test_unclosed_quote_points_at_the_opening_quote(tmp_path: Path, scenario_error: Load) -> None:
    text = only(scenario_error('description: "never closed\nsteps:\n  - apply: {}\n'))
    assert text.startswith(
        f"{tmp_path / 'x.yaml'}:4:14: invalid YAML: while scanning a quoted scalar: found "
        "unexpected end of stream; is a quote left open? (see line 7, column 1)"
    )


def test_empty_file_and_non_mapping(scenario_error: Load) -> None:
    assert only(scenario_error("", head="")).endswith("x.yaml:1:1: the file is empty; it needs a mapping of keys")
    assert "x.yaml:1:1: a scenario file holds a mapping of keys" in str(scenario_error("- a\n", head=""))


def test_all_mistakes_of_a_file_at_once(scenario_error: Load) -> None:
    error = scenario_error("journeys: 0\nseed: -1\nsteps: [nope: {}]\n")
    assert [(e.line, e.path) for e in error.errors] == [(4, "journeys"), (5, "seed"), (6, "steps[0]")]
    assert len(str(error).splitlines()) == 3


def test_error_survives_pickling(scenario_error: Load) -> None:
    error = scenario_error("journeys: 0\nseed: -1\nsteps: [apply: {}]\n")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is ScenarioError and str(copy) == str(error) and len(copy.errors) == 2


# -- many files ------------------------------------------------------------------------------------------


def test_folders_are_searched_recursively(tmp_path: Path) -> None:
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "one.yaml").write_text(HEAD.replace("a scenario", "one") + "steps: [apply: {}]\n")
    (tmp_path / "a" / "deep" / "two.yml").write_text(HEAD.replace("a scenario", "two") + "steps: [apply: {}]\n")
    (tmp_path / "a" / "notes.txt").write_text("not a scenario")
    assert [s.name for s in load_scenarios(tmp_path / "a")] == ["two", "one"]  # sorted by path: deep/ first
    assert [s.name for s in load_scenarios([tmp_path / "a" / "one.yaml"])] == ["one"]


def test_errors_of_every_file_come_together(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(HEAD.replace("a scenario", "a") + "steps: [move_stag: {to: Onsite}]\n")
    (tmp_path / "b.yaml").write_text(HEAD.replace("a scenario", "same") + "steps: [apply: {}]\n")
    (tmp_path / "c.yaml").write_text(HEAD.replace("documents", "documentz") + "steps: [apply: {}]\n")
    (tmp_path / "d.yaml").write_text(HEAD.replace("a scenario", "same") + "steps: [apply: {}]\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenarios([tmp_path, tmp_path / "missing.yaml"])
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"{tmp_path / 'a.yaml'}:4:9: steps[0]: unknown step 'move_stag'")
    assert lines[1].startswith(f"{tmp_path / 'c.yaml'}:3:8: layer: value 'documentz' is not valid")
    assert lines[2] == (
        f"{tmp_path / 'd.yaml'}:2:7: name: scenario name 'same' is already used by "
        f"{tmp_path / 'b.yaml'}; names must be unique"
    )
    assert lines[3] == f"{tmp_path / 'missing.yaml'}: no such file or folder"


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"no scenario files \(\*\.yaml, \*\.yml\) under"):
        load_scenarios(tmp_path)


# -- the schema itself -----------------------------------------------------------------------------------


def _properties(node: object, where: str = "") -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            out.append((f"{where}.{name}", sub))
        for key, sub in node.items():
            out.extend(_properties(sub, f"{where}/{key}"))
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            out.extend(_properties(sub, f"{where}[{i}]"))
    return out


@pytest.mark.parametrize("path", [SCHEMA_PATH, SCHEMA_PATH.with_name("profile.schema.json")], ids=lambda p: p.name)
def test_schemas_are_valid_and_document_every_property(path: Path) -> None:
    schema = json.loads(path.read_text())
    Draft202012Validator.check_schema(schema)
    undocumented = [where for where, sub in _properties(schema) if not sub.get("description")]
    assert undocumented == []
