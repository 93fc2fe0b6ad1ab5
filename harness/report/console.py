"""The console reporter: live progress on a terminal, plain lines in CI logs.

On a terminal it draws a progress bar (journeys done/total, passed and
failed so far, elapsed time) with a status line printed above it as each
journey finishes. Anywhere else (CI logs, pipes) it prints the same status
lines and nothing that redraws. ``quiet`` prints only the failures and the
final verdict.
"""

from __future__ import annotations

import re
import threading
from typing import IO, Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from harness.report._text import (
    EMPTY,
    PARTIAL,
    layer_label,
    layer_verdicts,
    one_liner,
    ordered_layers,
    overall_verdict,
    seconds,
    visible_controls,
)
from harness.report.junit import describe_failure
from harness.results import (
    ERROR,
    FAILED,
    NOT_APPLICABLE,
    NOT_JUDGED,
    PASSED,
    SKIPPED,
    VERDICTS,
    Event,
    JourneyResult,
    Reporter,
    RunResult,
)

_MARKS = {
    PASSED: ("✓", "PASS"),
    FAILED: ("✗", "FAIL"),
    ERROR: ("!", "ERR "),
    SKIPPED: ("-", "SKIP"),
    NOT_JUDGED: ("?", "NJDG"),
    NOT_APPLICABLE: ("○", "N/A "),
}
_STYLES = {
    PASSED: "green",
    FAILED: "red",
    ERROR: "bold magenta",
    SKIPPED: "dim",
    NOT_JUDGED: "yellow",
    NOT_APPLICABLE: "dim",
    PARTIAL: "yellow",
    EMPTY: "yellow",
}
_COLUMNS = (
    (PASSED, "passed"),
    (FAILED, "failed"),
    (ERROR, "error"),
    (NOT_JUDGED, "not judged"),
    (NOT_APPLICABLE, "n/a"),
    (SKIPPED, "skipped"),
)
_BAD = (FAILED, ERROR, NOT_JUDGED)


class ConsoleReporter(Reporter):
    """Prints a run as it happens.

    ``total`` is how many journeys the run will have; without it the reporter
    reads ``run.environment["total_journeys"]`` or a leading number in the
    run_started message ("12 journeys"), and failing those the bar has no end.
    Journeys may finish on several threads at once.
    """

    def __init__(
        self,
        console: Console | None = None,
        *,
        quiet: bool = False,
        verbose: bool = False,
        total: int | None = None,
        file: IO[str] | None = None,
    ) -> None:
        self.console = console or Console(file=file, highlight=False, soft_wrap=True)
        self.quiet = quiet
        self.verbose = verbose
        self.total = total
        self.live = self.console.is_terminal and not quiet
        self.unicode = (self.console.encoding or "").lower().startswith("utf")
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._done = dict.fromkeys(VERDICTS, 0)
        self._lock = threading.Lock()

    # -- events ---------------------------------------------------------------

    def on_run_started(self, event: Event) -> None:
        run = event.run
        total = self.total if self.total is not None else _planned(event)
        if not self.quiet:
            self._print(Text(f"ats-harness run {run.run_id}  seed {run.seed}  sut {run.sut or '-'}", style="bold"))
        if not run.time_control.startswith("virtual"):  # quiet or not: it may decide verdicts
            self._print(Text(f"time control {run.time_control}", style="bold yellow"))
        if self.live:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("[green]{task.fields[passed]} passed[/] [red]{task.fields[failed]} failed[/]"),
                TimeElapsedColumn(),
                console=self.console,
            )
            self._progress.start()
            self._task = self._progress.add_task("journeys", total=total, passed=0, failed=0)

    def on_journey_started(self, event: Event) -> None:
        if self._progress is not None and self._task is not None and event.journey is not None:
            self._progress.update(self._task, description=escape(event.journey.journey))

    def on_step(self, event: Event) -> None:
        if self._progress is not None and self._task is not None and event.message:
            name = event.journey.journey if event.journey else "journeys"
            self._progress.update(self._task, description=escape(f"{name}: {event.message}"[:60]))

    def on_journey_finished(self, event: Event) -> None:
        journey = event.journey
        if journey is None:
            return
        with self._lock:
            self._done[journey.verdict] = self._done.get(journey.verdict, 0) + 1
            if self._progress is not None and self._task is not None:
                failed = self._done[FAILED] + self._done[ERROR]
                self._progress.update(self._task, advance=1, passed=self._done[PASSED], failed=failed)
            if not self.quiet or journey.verdict in _BAD:
                self._print(self.status_line(journey))

    def on_run_finished(self, event: Event) -> None:
        if self._progress is not None:
            if self._task is not None:
                self._progress.update(self._task, description="journeys")
            self._progress.stop()
            self._progress = None
        run = event.run
        if not self.quiet:
            self._print(self.summary_table(run))
        failing = [j for j in run.journeys if j.verdict in _BAD]
        if self.verbose:
            for journey in failing:
                self._print_failure(run, journey)
        else:
            self._print_distinct(run, failing)
        self._print_gaps(run)
        if failing or not self.quiet:
            self._print(Text(""))
        self._print(self.verdict_line(run))

    # -- pieces ---------------------------------------------------------------

    def mark(self, verdict: str) -> str:
        glyph, word = _MARKS.get(verdict, ("?", verdict.upper()[:4]))
        return glyph if self.unicode else word

    def status_line(self, journey: JourneyResult) -> Text:
        line = Text()
        line.append(self.mark(journey.verdict), style=_STYLES.get(journey.verdict, ""))
        line.append(f" {journey.scenario}  {journey.journey}  {journey.layer}  {seconds(journey.duration_s)}")
        if journey.lost_time_control:
            line.append("  [wall clock: time control lost]", style="yellow")
        problem = one_liner(journey, limit=160)
        if problem:
            line.append(f"  {problem}", style=_STYLES.get(journey.verdict, ""))
        return line

    def summary_table(self, run: RunResult) -> Table:
        table = Table(title="Verdict per layer", box=box.SIMPLE if self.unicode else box.ASCII, title_justify="left")
        for column in ("layer", "verdict", *(name for _, name in _COLUMNS)):
            table.add_column(column, justify="left" if column in ("layer", "verdict") else "right")
        verdicts = layer_verdicts(run)
        totals = {v: 0 for v, _ in _COLUMNS}
        for layer in ordered_layers(run):
            mine = [j.verdict for j in run.journeys if j.layer == layer]
            counts = {v: mine.count(v) for v in totals}
            for v, n in counts.items():
                totals[v] += n
            verdict = verdicts[layer] if mine else "not run"
            table.add_row(
                layer_label(layer),
                Text(verdict.replace("_", " "), style=_STYLES.get(verdict, "dim")),
                *(str(counts[v]) for v, _ in _COLUMNS),
            )
        table.add_row("total", "", *(str(totals[v]) for v, _ in _COLUMNS), style="bold")
        return table

    def verdict_line(self, run: RunResult) -> Text:
        verdict = overall_verdict(run)
        counts = run.counts()
        words = {EMPTY: "NO JOURNEYS RAN", PARTIAL: "PARTIAL", NOT_JUDGED: "NOT JUDGED"}
        line = Text(words.get(verdict, verdict.upper()), style=f"bold {_STYLES.get(verdict, '')}")
        shown = ", ".join(f"{counts[v]} {name}" for v, name in _COLUMNS if counts[v] or v in (PASSED, FAILED, ERROR))
        line.append(f"  {shown} in {seconds(run.duration_s)}")
        if run.partial:
            line.append(f"  (stopped early: {run.partial_reason or 'no reason recorded'})", style="yellow")
        if not run.time_control.startswith("virtual"):
            hit = sum(j.lost_time_control for j in run.journeys)
            owe = "their verdicts" if hit != 1 else "its verdict"
            line.append(
                f"\ntime control lost ({run.time_control.removeprefix('lost: ')}); "
                f"{hit} journey{'s' if hit != 1 else ''} marked [wall clock] may owe {owe} to it",
                style="yellow",
            )
        pace = pace_line(run.environment)
        if pace:
            line.append(f"\n{pace}", style="dim")
        line.append(f"\nseed {run.seed}; replay: {run.command}")
        return line

    def _print_failure(self, run: RunResult, journey: JourneyResult, others: list[str] | None = None) -> None:
        head = Text(f"\n{self.mark(journey.verdict)} {journey.journey}", style=_STYLES.get(journey.verdict, ""))
        head.append(f"  ({layer_label(journey.layer)}, scenario {journey.scenario})", style="")
        if others:
            listed = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            head.append(f"\n  the same in {len(others)} other journey(s): {listed}", style="dim")
        if journey.lost_time_control:
            head.append(f"  [wall clock: time control {run.time_control}]", style="yellow")
        self._print(head)
        if journey.error:
            self._print(Text("  " + journey.error.strip().replace("\n", "\n  ")))
            if journey.error_detail:
                where = journey.error_detail.strip().splitlines()
                self._print(Text(f"  (traceback: {len(where)} lines, in report.json and the HTML report)", style="dim"))
        for check in journey.checks:
            if check.verdict == NOT_JUDGED:
                self._print(Text(f"  [{check.check}] not judged: {check.note}", style="yellow"))
        for failure in journey.failures:
            self._print(Text("  " + describe_failure(failure).replace("\n", "\n  ")))
        if not journey.error and not journey.failures:
            self._print(Text("  " + one_liner(journey)))
        self._print(Text(f"  replay: {run.command}", style="dim"))

    def _print_distinct(self, run: RunResult, failing: list[JourneyResult]) -> None:
        """Each distinct problem once, with how many journeys had it and which (``-v`` prints every journey)."""
        groups: dict[tuple[str, ...], list[JourneyResult]] = {}
        for journey in failing:
            for key in _problem_keys(journey):
                groups.setdefault(key, []).append(journey)
        shown: set[str] = set()
        for journeys in groups.values():
            first = journeys[0]
            if first.journey in shown and len(journeys) == 1:
                continue  # its other problems are printed with it below
            shown.add(first.journey)
            self._print_failure(run, first, others=[j.journey for j in journeys[1:]])

    def _print_gaps(self, run: RunResult) -> None:
        """What the run did not certify: declarations never judged, and what the integration says it does not do."""
        unjudged = [(layer, item) for layer, items in sorted(run.unjudged.items()) for item in items]
        if unjudged:
            self._print(Text("\nNot judged (the run cannot pass while any remain):", style="bold yellow"))
            for layer, item in unjudged:
                self._print(Text(f"  {layer}: {item}", style="yellow"))
        absent = run.not_certified.get("integration", [])
        skipped = sum(len(items) for layer, items in run.not_certified.items() if layer != "integration")
        if absent or skipped:
            self._print(Text("\nNot certified (the profile declares the integration does not do it):", style="bold"))
            for item in absent:
                self._print(Text(f"  {item}"))
            if skipped:
                self._print(
                    Text(f"  {skipped} journey(s) or expectation(s) not applicable; each is listed in the reports",
                         style="dim")
                )

    def _print(self, renderable: Text | Table) -> None:
        if isinstance(renderable, Text):
            # SUT text can carry ANSI escapes; show them, never let them drive the terminal.
            renderable.plain = visible_controls(renderable.plain)
            self.console.print(renderable, highlight=False, soft_wrap=True)
        else:
            self.console.print(renderable, highlight=False)


def _problem_keys(journey: JourneyResult) -> list[tuple[str, ...]]:
    """What makes a journey's problems the same as another's: the check and what it said, not the journey."""
    if journey.error:
        return [("error", journey.error.splitlines()[0] if journey.error else "")]
    keys = [(f.check, _generic(f.message)) for f in journey.failures]
    keys += [(c.check, "not judged", _generic(c.note)) for c in journey.checks if c.verdict == NOT_JUDGED]
    return keys or [("other", one_liner(journey))]


def _generic(text: str) -> str:
    """Ids and numbers that differ from journey to journey folded, so one defect is one group."""
    return re.sub(r"\d{4,}", "#", re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<id>", text))


def _planned(event: Event) -> int | None:
    planned = event.run.environment.get("total_journeys")
    if isinstance(planned, int):
        return planned
    match = re.match(r"\s*(\d+)\b", event.message)
    return int(match.group(1)) if match else None


def pace_line(environment: dict[str, Any]) -> str:
    """How many journeys ran at once, and how the journeys that moved the clock shared its jumps."""
    parts = []
    at_once = environment.get("concurrency")
    if isinstance(at_once, dict) and str(at_once.get("mode", "")).startswith("auto"):
        low, high = at_once.get("lowest"), at_once.get("highest")
        moved = f"between {low} and {high}" if low != high else f"{low} throughout"
        parts.append(f"journeys at once: {moved} (auto from {at_once.get('start')}; --concurrency N fixes it)")
    elif isinstance(at_once, dict):
        parts.append(f"journeys at once: {at_once.get('journeys_at_once')} (--concurrency)")
    batch = environment.get("clock_batch")
    if isinstance(batch, dict):
        n = batch.get("journeys", 0)
        who = "1 journey moved the clock" if n == 1 else f"{n} journeys moved the clock together"
        parts.append(f"{who}: {batch.get('advance_steps')} advance_clock steps, {batch.get('jumps')} jumps")
    elif isinstance(batch, str):
        parts.append(f"journeys that moved the clock: {batch}")
    return "; ".join(parts)
