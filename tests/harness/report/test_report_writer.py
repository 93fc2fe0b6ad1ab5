import json
import xml.etree.ElementTree as ET

import pytest

from harness.report import writer
from harness.report.writer import PartialGuard, ReportWriter, write_reports
from harness.results import Event


def test_writes_three_reports_into_the_run_folder(tmp_path, failing_run):
    paths = write_reports(failing_run, tmp_path / "reports")
    folder = tmp_path / "reports" / "run-777"
    assert paths == {"json": folder / "report.json", "junit": folder / "junit.xml", "html": folder / "report.html"}
    assert sorted(p.name for p in folder.iterdir()) == ["junit.xml", "report.html", "report.json"]  # no temp files
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["run_id"] == "run-777"
    ET.parse(paths["junit"])
    assert paths["html"].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert all(p.stat().st_mode & 0o044 for p in paths.values())  # readable by CI artifact collectors


def test_run_id_cannot_escape_the_reports_folder(tmp_path, passing_run):
    passing_run.run_id = "../../etc/x y"
    paths = write_reports(passing_run, tmp_path)
    assert paths["json"].parent.parent == tmp_path
    assert paths["json"].parent.name == "etc_x_y"


def test_one_broken_renderer_still_leaves_the_others(tmp_path, passing_run, monkeypatch):
    def broken(run):
        raise RuntimeError("template bug")

    monkeypatch.setitem(writer._RENDERERS, "html", broken)
    with pytest.raises(RuntimeError, match="template bug"):
        write_reports(passing_run, tmp_path)
    folder = tmp_path / "run-777"
    assert sorted(p.name for p in folder.iterdir()) == ["junit.xml", "report.json"]


def _run_journeys(guard, run, journeys, die_at):
    """Play engine events into the guard and die while journey ``die_at`` is in flight."""
    for i, journey in enumerate(journeys):
        guard.handle(Event("journey_started", run, journey))
        if i == die_at:
            raise KeyboardInterrupt
        run.journeys.append(journey)
        guard.handle(Event("journey_finished", run, journey))


def test_partial_guard_writes_complete_reports_and_re_raises(tmp_path, make):
    run = make.run(finished_at="", duration_s=0.0)
    journeys = make.passing_journeys()
    messages = []
    with pytest.raises(KeyboardInterrupt), PartialGuard(run, tmp_path, stderr=messages.append) as guard:
        _run_journeys(guard, run, journeys, die_at=2)
    assert run.partial
    assert run.partial_reason == (
        "interrupted (KeyboardInterrupt) during journey documents/offer#1; 2 journeys had finished"
    )
    assert run.finished_at and run.duration_s > 0
    assert set(guard.paths) == {"json", "junit", "html"}
    doc = json.loads(guard.paths["json"].read_text(encoding="utf-8"))
    assert doc["partial"] is True and len(doc["journeys"]) == 2
    assert "PARTIAL RUN" in guard.paths["html"].read_text(encoding="utf-8")
    assert ET.parse(guard.paths["junit"]).getroot().get("errors") == "1"
    assert "partial reports in" in messages[0]


def test_partial_guard_names_the_exception(tmp_path, make):
    run = make.run()
    with pytest.raises(ConnectionError), PartialGuard(run, tmp_path, stderr=lambda _: None):
        raise ConnectionError("fake greenhouse went away\nmore detail")
    assert run.partial_reason == "ConnectionError: fake greenhouse went away; 0 journeys had finished"
    assert (tmp_path / "run-777" / "report.html").exists()


def test_partial_guard_keeps_the_original_exception_when_writing_fails(tmp_path, make, monkeypatch):
    def broken(run, out_dir):
        raise OSError("disk full")

    monkeypatch.setattr(writer, "write_reports", broken)
    messages = []
    guard = PartialGuard(make.run(), tmp_path, stderr=messages.append)
    with pytest.raises(ValueError, match="the real problem"), guard:
        raise ValueError("the real problem")
    assert "could not write the partial reports" in messages[0] and "disk full" in messages[0]


def test_partial_guard_on_success_writes_a_normal_report(tmp_path, passing_run):
    with PartialGuard(passing_run, tmp_path) as guard:
        pass
    assert not passing_run.partial
    assert json.loads(guard.paths["json"].read_text(encoding="utf-8"))["passed"] is True


def test_report_writer_consumes_run_finished(tmp_path, passing_run):
    reporter = ReportWriter(tmp_path)
    reporter.handle(Event("journey_finished", passing_run, passing_run.journeys[0]))
    assert reporter.paths == {}
    reporter.handle(Event("run_finished", passing_run))
    assert reporter.paths["junit"].exists()


def test_given_the_run_folder_itself_it_writes_there(tmp_path, passing_run):
    paths = write_reports(passing_run, tmp_path / "reports" / "run-777")
    assert paths["html"] == tmp_path / "reports" / "run-777" / "report.html"


def test_partial_guard_without_writing_only_marks_the_run(tmp_path, make):
    run = make.run()
    with pytest.raises(RuntimeError), PartialGuard(run, tmp_path, write=False) as guard:
        raise RuntimeError("fake crashed")
    assert run.partial and run.partial_reason.startswith("RuntimeError: fake crashed")
    assert guard.paths == {} and list(tmp_path.iterdir()) == []


def test_partial_guard_names_every_journey_in_flight(tmp_path, make):
    run = make.run()
    a, b = make.passing_journeys()[:2]
    guard = PartialGuard(run, tmp_path, stderr=lambda _: None)
    with pytest.raises(KeyboardInterrupt), guard:
        guard.handle(Event("journey_started", run, a))
        guard.handle(Event("journey_started", run, b))
        raise KeyboardInterrupt
    assert "during journeys communication/confirm#1, scheduling/link#1" in run.partial_reason
