"""JUnit XML for CI: one testsuite per scenario, one testcase per journey.

The shape follows the Ant/Jenkins schema that Jenkins, GitLab, GitHub
annotations and most CI dashboards read: testsuites > testsuite >
(properties, testcase*, system-out, system-err), and a testcase holds at
most one of failure / error / skipped. A partial run adds a testcase in
error so it can never look green.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from harness.report._diff import diff_values
from harness.report._text import first_line, one_liner, parse_time, show, slug
from harness.results import ERROR, FAILED, NOT_APPLICABLE, NOT_JUDGED, SKIPPED, CheckFailure, JourneyResult, RunResult

# Characters XML 1.0 cannot carry at all, not even escaped (SUT output brings ANSI codes and NULs).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _seconds(value: float) -> str:
    return f"{max(value, 0.0):.3f}"


def _timestamp(text: str) -> str:
    # The Jenkins schema wants a timezone-less ISO date-time.
    parsed = parse_time(text)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S") if parsed else ""


def describe_failure(failure: CheckFailure) -> str:
    """A failure over a few plain lines, with the differing characters marked for a log reader."""
    lines = [f"[{failure.check}] {failure.message}"]
    if failure.where:
        lines.append(f"  where:      {failure.where}")
    if failure.expected is not None or failure.actual is not None:
        diff = diff_values(failure.expected, failure.actual)
        if diff.kind == "text":
            lines.append(f"  expected:   {diff.expected.marked}")
            lines.append(f"  actual:     {diff.actual.marked}")
        else:
            lines.append(f"  expected:   {show(failure.expected)}")
            lines.append(f"  actual:     {show(failure.actual)}")
        for label, side in (("expected", diff.expected), ("actual", diff.actual)):
            if side.codepoints:
                points = " ".join(f"{p.code} {p.name}" for p in side.codepoints)
                lines.append(f"  code points, {label}: {points}")
        lines.extend(f"  note:       {note}" for note in diff.notes)
    if failure.hop:
        lines.append(f"  changed at: {failure.hop}")
    return "\n".join(lines)


def _timeline(journey: JourneyResult) -> str:
    rows = []
    for t in journey.timeline:
        status = "" if t.status is None else f" [{t.status}]"
        note = f"  ({t.note})" if t.note else ""
        rows.append(f"{t.at}  {t.source} -> {t.target}  {t.what}{status}{note}")
    return "\n".join(rows)


def _testcase(parent: ET.Element, run: RunResult, journey: JourneyResult) -> None:
    case = ET.SubElement(
        parent,
        "testcase",
        name=_clean(journey.journey),
        classname=f"ats_harness.{slug(journey.layer)}.{slug(journey.scenario)}",
        time=_seconds(journey.duration_s),
    )
    replay = f"replay: {run.command}" if run.command else ""
    if journey.lost_time_control:
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", name="time_control", value=_clean(run.time_control))
        replay = "\n".join(filter(None, [f"time control {run.time_control}: this journey ran on wall time", replay]))
    if journey.verdict == ERROR:
        el = ET.SubElement(case, "error", message=_clean(one_liner(journey)), type="error")
        parts = (journey.error, *map(describe_failure, journey.failures), replay, journey.error_detail)
        el.text = _clean("\n\n".join(p for p in parts if p))
    elif journey.verdict == FAILED:
        first = journey.failures[0].check if journey.failures else "check"
        el = ET.SubElement(case, "failure", message=_clean(one_liner(journey)), type=_clean(first))
        body = [describe_failure(f) for f in journey.failures] or [one_liner(journey)]
        el.text = _clean("\n\n".join([*body, replay]).strip())
    elif journey.verdict == NOT_JUDGED:
        # A check that judged nothing has not passed: a CI gate must not read it as green.
        notes = [f"[{c.check}] not judged: {c.note}" for c in journey.checks if c.verdict == NOT_JUDGED]
        el = ET.SubElement(case, "failure", message=_clean(notes[0] if notes else "not judged"), type="not_judged")
        el.text = _clean("\n".join([*notes, replay]))
    elif journey.verdict == NOT_APPLICABLE:
        ET.SubElement(case, "skipped", message=_clean(f"not applicable: {journey.not_applicable}"))
    elif journey.verdict == SKIPPED:
        notes = "; ".join(c.note for c in journey.checks if c.note)
        ET.SubElement(case, "skipped", message=_clean(notes or "skipped"))
    if journey.verdict in (ERROR, FAILED) and journey.timeline:
        ET.SubElement(case, "system-out").text = _clean("timeline:\n" + _timeline(journey))


def _properties(parent: ET.Element, run: RunResult) -> None:
    props = ET.SubElement(parent, "properties")
    values = {
        "run_id": run.run_id,
        "seed": str(run.seed),
        "replay": run.command,
        "profile": run.profile,
        "sut": run.sut,
        "time_control": run.time_control,
        "partial": "true" if run.partial else "false",
    }
    if run.partial:
        values["partial_reason"] = run.partial_reason
    for name, value in values.items():
        ET.SubElement(props, "property", name=name, value=_clean(value))


def _suite(root: ET.Element, run: RunResult, index: int, name: str, journeys: list[JourneyResult]) -> ET.Element:
    suite = ET.SubElement(
        root,
        "testsuite",
        name=_clean(name),
        id=str(index),
        package="ats_harness",
        hostname=_clean(str(run.environment.get("hostname", "localhost"))),
        timestamp=_timestamp(run.started_at),
        tests=str(len(journeys)),
        failures=str(sum(j.verdict in (FAILED, NOT_JUDGED) for j in journeys)),
        errors=str(sum(j.verdict == ERROR for j in journeys)),
        skipped=str(sum(j.verdict in (SKIPPED, NOT_APPLICABLE) for j in journeys)),
        time=_seconds(sum(j.duration_s for j in journeys)),
    )
    _properties(suite, run)
    return suite


def _partial_suite(root: ET.Element, run: RunResult, index: int) -> ET.Element:
    suite = _suite(root, run, index, "ats_harness run", [])
    suite.set("tests", "1")
    suite.set("errors", "1")
    case = ET.SubElement(suite, "testcase", name="run completed", classname="ats_harness.run", time="0.000")
    reason = run.partial_reason or "the run stopped before every journey finished"
    el = ET.SubElement(case, "error", message=_clean(first_line(f"partial run: {reason}")), type="partial")
    el.text = _clean(
        f"The run did not finish: {reason}\nOnly the journeys that finished are reported.\nreplay: {run.command}"
    )
    return suite


def build_junit(run: RunResult) -> ET.Element:
    by_scenario: dict[str, list[JourneyResult]] = defaultdict(list)
    for journey in run.journeys:
        by_scenario[journey.scenario].append(journey)
    root = ET.Element("testsuites", name=f"ats-harness {_clean(run.run_id)}")
    for index, (scenario, journeys) in enumerate(by_scenario.items()):
        suite = _suite(root, run, index, scenario, journeys)
        for journey in journeys:
            _testcase(suite, run, journey)
        ET.SubElement(suite, "system-out").text = _clean(f"seed: {run.seed}\nreplay: {run.command}")
        ET.SubElement(suite, "system-err")
    if run.partial:
        suite = _partial_suite(root, run, len(by_scenario))
        ET.SubElement(suite, "system-out")
        ET.SubElement(suite, "system-err")
    suites = root.findall("testsuite")
    for attr in ("tests", "failures", "errors", "skipped"):
        root.set(attr, str(sum(int(s.get(attr, "0")) for s in suites)))
    root.set("time", _seconds(run.duration_s or sum(j.duration_s for j in run.journeys)))
    if stamp := _timestamp(run.started_at):
        root.set("timestamp", stamp)
    return root


def render_junit(run: RunResult) -> bytes:
    root = build_junit(run)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
