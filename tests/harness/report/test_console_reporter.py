import io

from rich.console import Console

from harness.report.console import ConsoleReporter
from harness.results import Event, RunResult


def play(reporter, run):
    """Feed the reporter the events an engine would emit for a finished run."""
    journeys = list(run.journeys)
    run.journeys = []
    reporter.handle(Event("run_started", run))
    for j in journeys:
        reporter.handle(Event("journey_started", run, j))
        reporter.handle(Event("step", run, j, message="waiting for quiescence"))
        run.journeys.append(j)
        reporter.handle(Event("journey_finished", run, j))
    reporter.handle(Event("run_finished", run))


def plain_console(encoding: str = "utf-8") -> tuple[Console, io.StringIO]:
    buffer = io.TextIOWrapper(io.BytesIO(), encoding=encoding) if encoding != "utf-8" else io.StringIO()
    return Console(file=buffer, force_terminal=False, width=100), buffer


def test_ci_output_is_plain_lines(failing_run, error_run):
    console, out = plain_console()
    reporter = ConsoleReporter(console)
    assert not reporter.live
    run = failing_run
    run.journeys.append(error_run.journeys[-1])
    play(reporter, run)
    text = out.getvalue()
    assert "\x1b" not in text and "\r" not in text  # no colours, no redraws
    lines = text.splitlines()
    status = [ln for ln in lines if ln[:1] in "✓✗!"]
    assert status[0].startswith("✓ communication/confirm  communication/confirm#1  communication  250 ms")
    assert status[1].startswith("✗ documents/offer  documents/offer#1  documents  800 ms  [data_fidelity] salary")
    assert status[4].startswith("! end_to_end/hire  end_to_end/hire#1  end_to_end  3.00 s  error: SUT crashed")
    assert "Verdict per layer" in text
    assert "HRIS sync" in text and "not run" in text


def test_failure_details_at_the_end(failing_run, make):
    console, out = plain_console()
    play(ConsoleReporter(console), failing_run)
    text = out.getvalue()
    tail = text[text.index("Verdict per layer") :]
    assert "[data_fidelity] salary differs" in tail
    assert "where:      docusign tab salary" in tail
    assert "expected:   1[03]000.00" in tail and "actual:     1[30]000.00" in tail
    assert "changed at: greenhouse offer salary -> docusign tab salary" in tail
    assert f"replay: {make.COMMAND}" in tail
    assert "U+0308 COMBINING DIAERESIS" in tail
    assert "[script]" not in text  # rich markup in SUT text is printed, not interpreted
    assert make.EVIL in text
    assert tail.rstrip().splitlines()[-2].startswith("FAILED  2 passed, 2 failed, 0 error in 5.00 s")


def test_quiet_prints_only_failures_and_the_verdict(failing_run):
    console, out = plain_console()
    play(ConsoleReporter(console, quiet=True), failing_run)
    text = out.getvalue()
    assert "✓" not in text
    assert "Verdict per layer" not in text
    assert "✗ documents/offer" in text
    assert "FAILED" in text


def test_quiet_passing_run_is_two_lines(passing_run):
    console, out = plain_console()
    play(ConsoleReporter(console, quiet=True), passing_run)
    assert out.getvalue().splitlines() == [
        "PASSED  6 passed, 0 failed, 0 error in 5.00 s",
        "seed 777; replay: ats-harness run scenarios/ --profile acme.yaml --seed 777",
    ]


def test_partial_run_says_so(partial_run):
    console, out = plain_console()
    play(ConsoleReporter(console), partial_run)
    assert "PARTIAL" in out.getvalue()
    assert "stopped early: KeyboardInterrupt during journey documents/offer#1" in out.getvalue()


def test_terminal_gets_a_live_progress_bar(failing_run):
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system="standard")
    reporter = ConsoleReporter(console, total=len(failing_run.journeys))
    assert reporter.live
    play(reporter, failing_run)
    text = out.getvalue()
    assert "\x1b[" in text  # drawn with escapes, redrawn in place
    assert "4/4" in text
    assert "2 passed" in text and "2 failed" in text
    assert reporter._progress is None  # stopped, so the terminal is left clean


def test_terminal_total_from_environment(passing_run):
    passing_run.environment["total_journeys"] = 9
    out = io.StringIO()
    play(ConsoleReporter(Console(file=out, force_terminal=True, width=120)), passing_run)
    assert "6/9" in out.getvalue()


def test_terminal_total_from_the_run_started_message(passing_run):
    out = io.StringIO()
    reporter = ConsoleReporter(Console(file=out, force_terminal=True, width=120))
    journeys = list(passing_run.journeys)
    passing_run.journeys = []
    reporter.handle(Event("run_started", passing_run, message="7 journeys"))
    for j in journeys:
        passing_run.journeys.append(j)
        reporter.handle(Event("journey_finished", passing_run, j))
    reporter.handle(Event("run_finished", passing_run))
    assert "6/7" in out.getvalue()


def test_journeys_finishing_on_many_threads_are_all_counted(make):
    from concurrent.futures import ThreadPoolExecutor

    journeys = [make.journey("scheduling/link", n, "scheduling", make.ok("trigger_accuracy")) for n in range(200)]
    run = make.run(*journeys)
    console, out = plain_console()
    reporter = ConsoleReporter(console)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda j: reporter.handle(Event("journey_finished", run, j)), journeys))
    assert reporter._done["passed"] == 200
    assert len(out.getvalue().splitlines()) == 200


def test_ascii_console_falls_back_to_words(failing_run):
    console, buffer = plain_console(encoding="ascii")
    reporter = ConsoleReporter(console)
    assert reporter.mark("failed") == "FAIL"
    failing_run.journeys = failing_run.journeys[:1]
    play(reporter, failing_run)
    buffer.flush()
    text = buffer.buffer.getvalue().decode("ascii")
    assert "PASS communication/confirm" in text


def _same_defect_run(n: int) -> RunResult:
    from harness.results import CheckFailure, CheckResult, JourneyResult

    run = RunResult(run_id="r", seed=1, command="ats-harness certify --seed 1", started_at="2026-03-02T09:00:00+00:00")
    for i in range(n):
        journey = JourneyResult("reporting scenario", f"kpis-{i}", "reporting")
        failure = CheckFailure(
            "reporting", "KPI time_to_fill_days differs from the oracle", expected="12.00", actual=f"1{i}.5"
        )
        journey.checks.append(CheckResult("reporting", "failed", [failure]))
        journey.finish()
        run.journeys.append(journey)
    return run


def test_one_defect_in_many_journeys_is_printed_once_with_a_count() -> None:
    console, out = plain_console()
    reporter = ConsoleReporter(console, quiet=True)
    reporter.on_run_finished(Event("run_finished", _same_defect_run(5)))
    text = out.getvalue()
    assert text.count("KPI time_to_fill_days differs from the oracle") == 1
    assert "the same in 4 other journey(s): kpis-1, kpis-2, kpis-3 and 1 more" in text


def test_verbose_prints_every_failing_journey() -> None:
    console, out = plain_console()
    ConsoleReporter(console, quiet=True, verbose=True).on_run_finished(Event("run_finished", _same_defect_run(5)))
    assert out.getvalue().count("KPI time_to_fill_days differs from the oracle") == 5
