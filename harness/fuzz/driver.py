"""The fuzz run: Hypothesis draws journeys, the session plays them, a failure is shrunk and written out.

Each example is an ordinary scenario document, dumped to YAML and loaded
back through the scenario loader before it is played: the file written for
a failure is byte for byte the journey that failed (only its name differs,
which keeps journeys apart inside one run).

Failures are told apart by the first check that failed; Hypothesis shrinks
each one separately, and the smallest failing journey of each is written
to ``<out>/<check>.yaml``.
"""

from __future__ import annotations

import hashlib
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import yaml

from ..errors import HarnessError
from .session import Outcome, Session

DEFAULT_DB = Path(".ats-harness") / "fuzz-db"
LAYERS = ("hris_sync", "documents")
STATEFUL_STEPS = 12  # world actions per program at most: each is a settle, so programs stay seconds long


class OutOfTime(BaseException):
    """Raised inside an example when the time budget is spent; Hypothesis lets it through."""


_FAILURES: dict[str, type[AssertionError]] = {}


def failure_type(check: str) -> type[AssertionError]:
    """One exception class per failed check, so Hypothesis shrinks each failure on its own."""
    if check not in _FAILURES:
        _FAILURES[check] = type(f"Failed_{check}", (AssertionError,), {"__module__": __name__})
    return _FAILURES[check]


@dataclass
class FuzzOptions:
    profile: str | Path
    max_examples: int = 50
    seed: int | None = 0
    out: Path | None = None
    layer: str = "hris_sync"
    db: str | None = None  # a folder, redis://host:port, or "none"
    stateful: bool = False
    time_budget: float | None = None
    sut_url: str | None = None
    sut_command: str | None = None
    variant: str | None = None
    in_process: str | None = None
    quiet: bool = False


@dataclass
class Found:
    check: str
    document: dict[str, Any]
    outcome: Outcome
    path: Path | None = None


@dataclass
class FuzzResult:
    examples: int = 0
    failing_examples: int = 0
    shrink_steps: int = 0
    found: dict[str, Found] = field(default_factory=dict)
    out_of_time: bool = False
    duration_s: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.found


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # a scenario file spells every step out
        return True


def dump(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def database(spec: str | None) -> Any:
    """The Hypothesis example database: a folder (default .ats-harness/fuzz-db), redis://host:port, or none."""
    from hypothesis.database import DirectoryBasedExampleDatabase

    if spec in ("none", ""):
        return None
    if spec and spec.startswith(("redis://", "rediss://")):
        try:
            import redis
            from hypothesis.extra.redis import RedisExampleDatabase
        except ImportError as exc:
            raise HarnessError(
                f"--db {spec} needs the redis package: pip install redis (or ats-harness[test])"
            ) from exc
        client = redis.Redis.from_url(spec)
        try:
            client.ping()
        except redis.RedisError as exc:
            raise HarnessError(f"--db {spec}: Redis does not answer ({exc}); start it or pick another --db") from exc
        return RedisExampleDatabase(client, key_prefix=b"ats-harness-fuzz:")
    return DirectoryBasedExampleDatabase(str(spec or DEFAULT_DB))


class Progress:
    """One console line per example: examples run, failures found, shrink steps, time left."""

    def __init__(self, stream: TextIO, quiet: bool, budget: float | None) -> None:
        self.stream, self.quiet, self.budget = stream, quiet, budget
        self.started = time.monotonic()

    def left(self) -> float | None:
        return None if self.budget is None else self.budget - (time.monotonic() - self.started)

    def example(self, result: FuzzResult, out: Outcome, seconds: float) -> None:
        if self.quiet:
            return
        left = self.left()
        verdict = "ok" if out.passed else f"FAILED {out.key}"
        parts = [
            f"example {result.examples}",
            f"{seconds:.1f}s {verdict}",
            f"failures found {len(result.found)}",
            f"shrink steps {result.shrink_steps}",
        ]
        if left is not None:
            parts.append(f"{max(left, 0):.0f}s left")
        print("[fuzz] " + " | ".join(parts), file=self.stream, flush=True)


def fuzz(options: FuzzOptions, stream: TextIO | None = None) -> FuzzResult:
    """Run the fuzzer; write each shrunk failure as a scenario file; return what happened."""
    stream = stream or sys.stdout
    from hypothesis import HealthCheck, Phase, given, settings

    if options.layer not in LAYERS and not options.stateful:
        raise HarnessError(f"--layer {options.layer!r}: fuzz generates journeys for {', '.join(LAYERS)}")
    session = Session(
        options.profile,
        seed=options.seed or 0,
        sut_url=options.sut_url,
        sut_command=options.sut_command,
        variant=options.variant,
        in_process=options.in_process,
    )
    profile = session.profile
    result = FuzzResult()
    progress = Progress(stream, options.quiet, options.time_budget)
    started = time.monotonic()

    def play(document: dict[str, Any]) -> None:
        """Play one generated journey; raise a per-check AssertionError when a check fails."""
        if result.examples and progress.left() is not None and progress.left() <= 0:  # type: ignore[operator]
            raise OutOfTime()
        from ..scenario.loader import parse_scenario

        result.examples += 1
        named = {**document, "name": f"fuzz example {result.examples}"}
        scenario = parse_scenario(dump(named), file=f"<fuzz example {result.examples}>")
        began = time.monotonic()
        out = session.play(scenario)
        if not out.passed:
            result.failing_examples += 1
            if out.key in result.found:
                result.shrink_steps += 1
            result.found[out.key] = Found(out.key, document, out)
        progress.example(result, out, time.monotonic() - began)
        if not out.passed:
            first = (out.failed.get(out.key) or [out.error])[0]
            raise failure_type(out.key)(f"{out.key}: {first}")

    def done(document: dict[str, Any], journey: Any) -> None:
        """A live program ended (or failed an invariant): count it, and raise its failure as play does."""
        from .session import outcome

        result.examples += 1
        out = outcome([journey])
        if not out.passed:
            result.failing_examples += 1
            if out.key in result.found:
                result.shrink_steps += 1
            result.found[out.key] = Found(out.key, document, out)
        progress.example(result, out, journey.duration_s)
        if not out.passed:
            first = (out.failed.get(out.key) or [out.error])[0]
            raise failure_type(out.key)(f"{out.key}: {first}")
        if progress.left() is not None and progress.left() <= 0:  # type: ignore[operator]
            raise OutOfTime()

    config = settings(
        max_examples=options.max_examples,
        deadline=None,
        database=database(options.db),
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
        derandomize=False,
        report_multiple_bugs=True,
        print_blob=False,
    )
    key = "|".join(
        map(
            str,
            (options.profile, options.layer, options.stateful, options.variant, options.sut_command, options.sut_url),
        )
    )
    digest = hashlib.sha256(key.encode()).digest()  # the example database keeps each setup's failures apart
    if options.stateful:
        from .stateful import machine_test

        config = settings(config, stateful_step_count=STATEFUL_STEPS)
        test: Callable[[], None] = machine_test(profile, play, config, options.seed, digest, session, done)
    else:
        from .strategies import journeys

        @config
        @given(journeys(profile, options.layer))
        def test(document: dict[str, Any]) -> None:
            play(document)

        test.hypothesis.inner_test._hypothesis_internal_add_digest = digest  # type: ignore[attr-defined]
        if options.seed is not None:
            # What @seed does, without its switching the example database off: a seeded run still
            # retries the failures saved before and saves the ones it finds.
            test._hypothesis_internal_use_seed = options.seed  # type: ignore[attr-defined]
    session.start()
    try:
        try:
            test()
        except OutOfTime:
            result.out_of_time = True
        except (AssertionError, BaseExceptionGroup) as exc:  # the failures: recorded in result.found as they happened
            if not result.found:
                raise HarnessError(f"fuzz stopped on an error of its own: {exc}") from exc
        for found in list(result.found.values()):
            drop_records(found, play, result)
    finally:
        session.finish()
        result.duration_s = time.monotonic() - started
    if result.found:
        write_failures(result, options)
    report(result, options, stream)
    return result


def drop_records(found: Found, play: Callable[[dict[str, Any]], None], result: FuzzResult) -> None:
    """Hypothesis may keep a record that only its position needed; drop each record the failure does not need."""
    records = list(found.document.get("data", {}).get("records", []))
    i = 0
    while len(records) > 1 and i < len(records):
        fewer = records[:i] + records[i + 1 :]
        trial = {**found.document, "journeys": len(fewer), "data": {**found.document["data"], "records": fewer}}
        before = dict(result.found)
        try:
            play(trial)
        except AssertionError:
            pass
        except OutOfTime:
            break
        finally:
            again = result.found.get(found.check)
            result.found.clear()
            result.found.update(before)  # a different failure of a trial does not replace that failure's journey
        if again is not None and again.document is trial:
            records, found.document, found.outcome = fewer, trial, again.outcome
            result.found[found.check] = found
        else:
            i += 1


def replay_command(path: Path, options: FuzzOptions) -> str:
    parts = ["ats-harness", "run", str(path), "--profile", str(options.profile)]
    if options.sut_url:
        parts += ["--sut-url", options.sut_url]
    if options.sut_command:
        parts += ["--sut-command", options.sut_command]
    if options.variant:
        parts += ["--variant", options.variant]
    return shlex.join(parts)


def write_failures(result: FuzzResult, options: FuzzOptions) -> None:
    out = options.out or Path("reports") / f"fuzz-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"
    out.mkdir(parents=True, exist_ok=True)
    for check, found in result.found.items():
        path = out / f"{check}.yaml"
        document = {
            **found.document,
            "name": f"fuzz: smallest journey failing {check}",
            "description": (
                f"Found and shrunk by ats-harness fuzz (seed {options.seed}, "
                f"{'stateful' if options.stateful else 'layer ' + options.layer}); it failed {check}. "
                f"Replay: {replay_command(path, options)}"
            ),
        }
        path.write_text(
            "# Written by ats-harness fuzz: the smallest journey it found that fails "
            f"{check}.\n# Replay: {replay_command(path, options)}\n" + dump(document),
            encoding="utf-8",
        )
        found.path = path


def report(result: FuzzResult, options: FuzzOptions, stream: TextIO) -> None:
    budget = " (time budget spent)" if result.out_of_time else ""
    if not result.found:
        print(f"[fuzz] {result.examples} examples run in {result.duration_s:.0f}s{budget}: no failure", file=stream)
        return
    print(
        f"[fuzz] {result.examples} examples run in {result.duration_s:.0f}s{budget}: "
        f"{len(result.found)} failure(s), {result.failing_examples} failing examples, "
        f"{result.shrink_steps} shrink steps",
        file=stream,
    )
    for check, found in result.found.items():
        print(f"\n[fuzz] shrunk journey failing {check}: {found.path}", file=stream)
        text = found.path.read_text(encoding="utf-8") if found.path else dump(found.document)
        print("\n".join("    " + line for line in text.splitlines()), file=stream)
        for message in (found.outcome.failed.get(check) or [found.outcome.error])[:3]:
            print("  " + message.replace("\n", "\n  "), file=stream)
        if found.path:
            print(f"  replay: {replay_command(found.path, options)}", file=stream)
