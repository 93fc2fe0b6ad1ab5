import xml.etree.ElementTree as ET

from harness.report.junit import render_junit


def parse(run) -> ET.Element:
    data = render_junit(run)
    assert data.startswith(b"<?xml")
    return ET.fromstring(data)  # raises on anything not well-formed


def suites(root: ET.Element) -> dict[str, ET.Element]:
    return {s.get("name"): s for s in root.findall("testsuite")}


def test_passing_run_one_suite_per_scenario(passing_run):
    root = parse(passing_run)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("6", "0", "0", "0")
    assert root.get("time") == "5.000"
    assert len(suites(root)) == 6
    case = suites(root)["hris_sync/new_hire"].find("testcase")
    assert case.get("name") == "hris_sync/new_hire#1"
    assert case.get("classname") == "ats_harness.hris_sync.hris_sync_new_hire"
    assert case.get("time") == "1.000"
    assert list(case) == []  # a pass has no children


def test_suite_attributes_and_properties(failing_run):
    suite = suites(parse(failing_run))["documents/offer"]
    for attr in ("name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname", "id", "package"):
        assert suite.get(attr) is not None, attr
    assert suite.get("timestamp") == "2025-03-12T10:00:00"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "1", "0")
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["seed"] == "777"
    assert props["replay"] == "ats-harness run scenarios/ --profile acme.yaml --seed 777"
    assert props["run_id"] == "run-777"
    # Ant/Jenkins order: properties, testcases, system-out, system-err
    assert [c.tag for c in suite] == ["properties", "testcase", "system-out", "system-err"]


def test_failure_message_is_the_first_one_liner_and_text_has_them_all(failing_run):
    root = parse(failing_run)
    offer = suites(root)["documents/offer"].find("testcase/failure")
    assert offer.get("type") == "data_fidelity"
    assert offer.get("message") == (
        "[data_fidelity] salary differs (docusign tab salary): expected '103000.00', got '130000.00'"
    )
    assert "expected:   1[03]000.00" in offer.text
    assert "actual:     1[30]000.00" in offer.text
    assert "changed at: greenhouse offer salary -> docusign tab salary" in offer.text
    assert "replay: ats-harness run" in offer.text

    hris = suites(root)["hris_sync/new_hire"].find("testcase")
    failure = hris.find("failure")
    assert failure.text.count("[data_fidelity]") == 2  # every failure, not only the first
    assert "U+0065 LATIN SMALL LETTER E U+0308 COMBINING DIAERESIS" in failure.text
    assert "<script>" in failure.text  # XML escaping keeps the text intact, it is not markup here
    assert "POST /employees [500]" in hris.find("system-out").text


def test_error_verdict_becomes_error_element_and_bad_characters_are_neutralised(error_run):
    root = parse(error_run)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "0", "1")
    error = suites(root)["end_to_end/hire"].find("testcase/error")
    assert error.get("message") == "error: SUT crashed: KeyError 'starts_at'"
    assert "\\x1b[31m\\x00" in error.text  # ANSI escape and NUL survive as visible escapes


def test_partial_run_adds_an_error_so_ci_cannot_go_green(partial_run):
    root = parse(partial_run)
    assert root.get("errors") == "1"
    assert root.get("tests") == "3"
    run_suite = suites(root)["ats_harness run"]
    error = run_suite.find("testcase/error")
    assert error.get("type") == "partial"
    assert "KeyboardInterrupt during journey documents/offer#1" in error.get("message")
    props = {p.get("name"): p.get("value") for p in run_suite.find("properties")}
    assert props["partial"] == "true"


def test_skipped_journey(make):
    from harness.results import CheckResult

    j = make.journey("scheduling/link", 1, "scheduling", CheckResult("trigger_accuracy", "skipped", note="no calendar"))
    j.verdict = "skipped"
    root = parse(make.run(j))
    assert root.get("skipped") == "1"
    assert root.find("testsuite/testcase/skipped").get("message") == "no calendar"
