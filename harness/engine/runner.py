"""The run: start the fakes and the SUT, play every journey, judge, report.

Journeys without world-wide side effects run concurrently (each owns its job
and candidate). Journeys that inject faults, chaos or move the clock change
the world for everyone, so they run one at a time afterwards; reporting
journeys run last, because their KPIs are judged over the whole run.
"""

from __future__ import annotations

import shlex
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fakes.kit.model import ModelError
from fakes.world import World

from ..checks import CheckContext, run_check
from ..errors import HarnessError
from ..results import ERROR, FAILED, CheckFailure, CheckResult, Event, JourneyResult, Reporter, RunResult
from . import expect as expectations
from . import timecontrol
from .clockbatch import ClockBatch
from .journey import Journey, Pace, StepError, clock_delta, quiet_within
from .load import CEILING, AnswerWatch, Controller, Gate, LoadControl
from .plan import (
    CAPABILITY_WORDS,
    Plan,
    absent,
    build_plan,
    default_checks,
    expectation_need,
    missing_capabilities,
    pack_coverage,
    pack_records,
)
from .setup import configure_world, make_sut, save_webhooks
from .timeline import timeline

SETTLE_S = 0.25
# Steps the engine performs itself; every other step kind is a world action of the Journey.
ENGINE_STEPS = ("wait", "redeliver", "rollback", "advance_clock", "expect", "expect_none")


def default_concurrency() -> int:
    """Journeys at once to start from: they mostly wait on the SUT, so several per core, at most 16 (measured on
    2 cores, the reference's 162 journeys in one run of benchmarks/certify_suite.py: 12 and 16 at once both
    14.3-15.2 s, 16 spending a fifth more harness CPU; 24 no faster). With ``--concurrency auto`` (the default)
    the run moves from there as the SUT's reactions and the harness's CPU say (engine/load.py)."""
    import os

    return min(16, 6 * (os.cpu_count() or 1))


@dataclass
class RunOptions:
    profile: str | Path | None
    paths: list[Path]
    seed: int = 0
    concurrency: int | None = None  # journeys at once; None: chosen while the run goes (engine/load.py)
    sut_url: str | None = None
    sut_command: str | None = None
    sut_image: str | None = None
    reports_dir: Path = Path("reports")
    quiet: bool = False
    verbose: bool = False
    certify: bool = False
    variant: str | None = None
    argv: list[str] = field(default_factory=list)
    select: str | None = None
    reporters: list[Reporter] | None = None
    write: bool = True
    sut_env: dict[str, str] = field(default_factory=dict)
    shard: tuple[int, int] | None = None  # (K, N): play only shard K of N (see harness/engine/shard.py)
    label: str = ""  # added to the run id (e.g. a pytest-xdist worker), so parallel runs never share a folder
    durations: Path | None = None  # journey durations recorded by earlier runs, to balance shards
    fakes: str | None = None  # the run plays on fakes served by `ats-harness up` at this URL (engine/attach.py)
    world: World | None = None  # ...which are this world: the run neither serves nor stops it
    journey_suffix: str = ""  # ends every journey tag: later runs on the same fakes meet new candidates
    full_settle: bool = False  # every `wait` waits the full window (no window learnt from the SUT: journey.Pace)
    serial_clock: bool = False  # journeys that move the clock run one at a time, each jump exact (no ClockBatch)


def replay_command(options: RunOptions) -> str:
    parts = ["ats-harness", "certify" if options.certify else "run", *map(str, options.paths)]
    if options.profile:
        parts += ["--profile", str(options.profile)]
    parts += ["--seed", str(options.seed)]
    if options.select:
        parts += ["--select", options.select]
    if options.sut_url:
        parts += ["--sut-url", options.sut_url]
    if options.sut_command:
        parts += ["--sut-command", options.sut_command]
    if options.fakes:
        parts += ["--fakes", options.fakes]
    if options.sut_image:
        parts += ["--sut-image", options.sut_image]
    if options.variant:
        parts += ["--variant", options.variant]
    if options.shard:
        parts += ["--shard", f"{options.shard[0]}/{options.shard[1]}"]
    if options.serial_clock:
        parts.append("--serial-clock")
    return shlex.join(parts)


class Runner:
    def __init__(self, options: RunOptions, scenarios: list[Any] | None = None) -> None:
        from ..profile import load_profile
        from ..scenario import load_scenarios

        self.options = options
        self.profile = load_profile(options.profile) if options.profile else None
        if self.profile is None:
            raise HarnessError("a run needs an integration profile: pass --profile PATH")
        preloaded = scenarios is not None
        if scenarios is None:
            scenarios = load_scenarios(list(options.paths))
        from ..errors import ScenarioError
        from ..scenario.against import profile_errors

        errors = profile_errors(scenarios, self.profile)
        if errors:
            raise ScenarioError.group(errors)
        if options.select:
            scenarios = [s for s in scenarios if options.select in s.name or options.select in str(s.file)]
        if not scenarios and not preloaded:
            raise HarnessError(
                f"no scenario found in {', '.join(map(str, options.paths))}"
                + (f" matching {options.select!r}" if options.select else "")
            )
        self.plan: Plan = build_plan(
            scenarios, self.profile, options.seed, certify=options.certify, suffix=options.journey_suffix
        )
        self.planned = len(self.plan.items)
        if options.shard:
            from .shard import load_durations, select

            k, n = options.shard
            self.plan = Plan(select(self.plan.items, k, n, load_durations(options.durations)))
        started = datetime.now(UTC)
        self.run_id = started.strftime("%Y%m%dT%H%M%SZ") + f"-s{options.seed}"
        if options.shard:
            self.run_id += f"-shard{options.shard[0]}of{options.shard[1]}"
        if options.label:
            self.run_id += f"-{options.label}"
        self.out_dir = options.reports_dir / self.run_id
        self.result = RunResult(
            run_id=self.run_id,
            seed=options.seed,
            command=replay_command(options),
            started_at=started.isoformat(),
            profile=str(options.profile),
        )
        self.reporters = options.reporters if options.reporters is not None else _default_reporters(options)
        self.world: World | None = None
        self.sut: Any = None
        self.journeys: list[Journey] = []
        self._waiting = 0.0
        self._skipped_expectations: list[str] = []
        self._sut_stopped = False
        self.pace = None if options.full_settle else Pace(SETTLE_S)
        self.batch: ClockBatch | None = None  # while the journeys that move the clock run
        # How many journeys at once: fixed by the options, or chosen while the run goes.
        fixed = options.concurrency
        self.load = LoadControl(fixed or default_concurrency(), adaptive=fixed is None)
        self._disturbing: dict[str, Any] = {}  # journey tag -> its delivery scope, while it injects faults/chaos

    # -- events -------------------------------------------------------------
    def emit(self, kind: str, journey: JourneyResult | None = None, message: str = "") -> None:
        event = Event(kind, self.result, journey, message)
        for reporter in self.reporters:
            reporter.handle(event)

    # -- the run ------------------------------------------------------------
    def run(self) -> RunResult:
        from ..report.writer import PartialGuard

        self.result.environment = {
            "total_journeys": len(self.plan.items),
            "planned_journeys": self.planned,
            "shard": f"{self.options.shard[0]}/{self.options.shard[1]}" if self.options.shard else "",
            "data_pack_coverage": pack_coverage(pack_records(self.plan.items)),
            "data_pack_records": pack_records(self.plan.items),
        }
        try:
            with PartialGuard(self.result, self.out_dir, write=False):
                self.start()
                # After the SUT started: the console's header names it and says whose clock it reads.
                self.emit("run_started", message=f"{len(self.plan.items)} journeys")
                self._play(self.plan.items)
        finally:
            self.finish()
        return self.result

    def start(self) -> None:
        self._wall = time.perf_counter()
        self._cpu = _cpu()
        self._start()

    def play_scenarios(self, scenarios: list[Any]) -> list[JourneyResult]:
        """Play more scenarios on the running world and SUT (the pytest plugin's way in)."""
        plan = build_plan(
            scenarios, self.profile, self.options.seed, certify=self.options.certify, suffix=self.options.journey_suffix
        )
        offset = len(self.result.journeys)
        for item in plan.items:
            item.index += offset
        self._play(plan.items)
        return self.result.journeys[offset:]

    def finish(self) -> None:
        from ..report.writer import write_reports

        self._stop()
        self.result.duration_s = time.perf_counter() - getattr(self, "_wall", time.perf_counter())
        own, children = (now - then for now, then in zip(_cpu(), getattr(self, "_cpu", _cpu()), strict=True))
        # The harness's own CPU (engine and fakes share this process) against the SUT's (a child).
        self.result.harness_s = own
        self.result.environment["cpu_s"] = {"harness_and_fakes": round(own, 3), "sut": round(children, 3)}
        self.result.environment["waiting_on_sut_s"] = round(self._waiting, 3)
        self.result.environment["concurrency"] = self.load.describe()
        self.result.environment["settle_between_steps"] = (
            self.pace.describe() if self.pace is not None else f"{SETTLE_S * 1000:.0f} ms at every step (--full-settle)"
        )
        self.result.finished_at = datetime.now(UTC).isoformat()
        self._certification_gaps()
        if self.options.durations is not None and self.result.journeys and not self.result.partial:
            from .shard import save_durations

            try:
                save_durations(self.options.durations, self.result.journeys)
            except OSError:
                pass  # a read-only folder: the next split is just less balanced
        if self.options.write:
            write_reports(self.result, self.out_dir)
        self.emit("run_finished")

    def _certification_gaps(self) -> None:
        """What this run did not certify: capabilities the profile declares absent (not applicable),
        and field-map entries that no journey of a layer judged while the layer judged others (not judged)."""
        result, profile = self.result, self.profile
        for journey in result.journeys:
            if journey.not_applicable:
                result.not_certified.setdefault(journey.layer, []).append(
                    f"{journey.journey}: not applicable: {journey.not_applicable}"
                )
        lacking = profile.capabilities.missing() if profile is not None else ()
        if lacking:
            result.not_certified.setdefault("integration", []).extend(
                f"capabilities.{name}: false; not certified" for name in lacking
            )
        for text in self._skipped_expectations:
            layer = next((j.layer for j in result.journeys if text.startswith(j.journey + ":")), "integration")
            result.not_certified.setdefault(layer, []).append(text)
        if profile is None:
            return
        declared = [f"{spec.system}.{spec.target}" for spec in profile.field_map]
        for layer in {j.layer for j in result.journeys}:
            checks = [c for j in result.journeys if j.layer == layer for c in j.checks if c.check == "data_fidelity"]
            judged = {name for c in checks for name in c.judged}
            reasons = {item.split(":", 1)[0]: item.split(":", 1)[1].strip() for c in checks for item in c.unjudged}
            systems = {name.split(".", 1)[0] for name in judged} | {
                name.split(".", 1)[0] for name in reasons if name in declared
            }
            for name in declared:
                if name.split(".", 1)[0] in systems and name not in judged:
                    why = reasons.get(name, "no journey of this layer compared it")
                    result.unjudged.setdefault(layer, []).append(f"field map {name} was never judged: {why}")

    def _start(self) -> None:
        world = self.world = self.options.world or World(seed=self.options.seed)
        if self.options.world is None:
            world.serve(smtp_port=0, tls=self.profile.sut.tls)
        self.result.environment["fakes_tls"] = world.tls is not None
        # Pact V4 contracts of the SUT's vendor traffic, written when the run finishes (not on the long-lived
        # fakes of `ats-harness up`, whose request handling a recorder would wrap for good).
        if self.options.write and self.options.world is None:
            from ..pact import attach

            self.reporters = [attach(world, self.profile, self.out_dir), *self.reporters]  # before the verdict line
        self.sut = make_sut(self.options, self.profile, self.out_dir)
        configure_world(world, self.profile, sut_url=self.sut.url)
        env = {**world.contract_env(), **self.options.sut_env}
        if self.options.variant:
            env["REFERENCE_VARIANT"] = self.options.variant  # the reference integration's name for it
            env["ATS_HARNESS_VARIANT"] = self.options.variant
        world.hub.settings["sut.url"] = self.sut.url
        self.sut.start(env, world.hub.clock.now())
        if self.options.world is None and _reads_real_time(self.sut):
            # A SUT on its own (real) clock checks a signature's age against it: the fakes sign and stamp
            # at the real time too, so freshness agrees (the dates of such a run are not reproducible).
            world.hub.clock.set(datetime.now(UTC).replace(microsecond=0))
            self.result.environment["virtual_clock_start"] = "the real time (the SUT keeps its own clock)"
        save_webhooks(world, self.profile)
        world.hub.clock.on_change(self.sut.on_clock)
        self.result.sut = self.sut.describe()
        self.result.time_control = self.sut.time_control
        self.result.environment["time_control"] = timecontrol.environment(self.sut)
        if self.sut.output_path:
            self.result.sut_output = str(self.sut.output_path)

    def _stop(self) -> None:
        if self.sut is not None:
            self._sut_stopped = True  # journeys still in flight (a stop) must not call it a crash
            self.sut.stop()
        if self.world is not None:
            for fake, trace in self.world.hub.errors:
                self.result.environment.setdefault("harness_errors", []).append(f"{fake}: {trace}")
            if self.options.world is None:  # fakes served by `ats-harness up` outlive the run
                self.world.stop()

    def _play(self, items: list[Any]) -> None:
        shared = [i for i in items if not i.exclusive and i.layer != "reporting"]
        exclusive = [i for i in items if i.exclusive and i.layer != "reporting"]
        reporting = [i for i in items if i.layer == "reporting"]
        # Longest first (by the durations earlier runs recorded), so the pool does not end on a straggler.
        known = _durations(self.options.durations)
        shared.sort(key=lambda i: -known.get(i.tag, 0.0))
        # Journeys that move the clock first, together in one batch while nothing else runs (a jump waits
        # until every one of them asks for it: engine/clockbatch.py); then one pool. The reporting journeys
        # are queued last (their KPIs are judged over the whole run, once it is over), so they fill the pool
        # while the last long journeys finish instead of waiting for them.
        self._batched(exclusive + [i for i in reporting if i.exclusive])
        self._pooled(shared + [i for i in reporting if not i.exclusive])
        self._run_level_checks(reporting)

    def _batched(self, items: list[Any]) -> None:
        """The journeys that move the clock, at once; the world quiet before anything else starts."""
        if not items:
            return
        assert self.world is not None
        if self.options.serial_clock:
            self.result.environment["clock_batch"] = "one at a time (--serial-clock)"
            for item in items:
                self._journey(item)
            return
        self.batch = batch = ClockBatch(self.world.hub.clock, slots=self._at_once())
        for item in items:
            batch.join(item.tag)  # all before any starts: no jump until every one has had its steps

        def member(item: Any) -> None:
            try:
                batch.enter(item.tag)
                self._journey(item)
            finally:
                batch.leave(item.tag)

        pool = ThreadPoolExecutor(len(items), thread_name_prefix="clock-journey")
        try:
            list(pool.map(member, items))
            pool.shutdown()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            batch.stop()
            raise
        finally:
            self.result.environment["clock_batch"] = batch.stats.describe()
            self.batch = None
        self.world.quiescent(SETTLE_S, timeout=quiet_within(self.profile))

    def _disturbed(self, delivery: Any) -> bool:
        """The delivery is about a journey that injects faults or chaos (engine/load.py leaves it out)."""
        return any(scope(delivery.body) for scope in list(self._disturbing.values()))

    def _at_once(self) -> int:
        return self.options.concurrency or self.load.limit

    def _pooled(self, items: list[Any]) -> None:
        """Every item, as many at once as the gate lets through (a fixed number, or the controller's)."""
        if not items:
            return
        gate = Gate(self._at_once())
        pool = ThreadPoolExecutor(self.options.concurrency or CEILING, thread_name_prefix="journey")

        def one(item: Any) -> None:
            try:
                self._journey(item)
            finally:
                gate.release()

        assert self.world is not None
        watch = AnswerWatch(self.world.hub.dispatcher, self.load, self._disturbed)
        control = Controller(self.load, gate, watch)
        try:
            with control:
                futures = []
                for item in items:  # in order: the longest first, the reporting journeys last
                    gate.acquire()
                    futures.append(pool.submit(one, item))
                for future in futures:
                    future.result()
        except BaseException:
            # Stopped (Ctrl-C, SIGTERM, SIGHUP): start no more journeys, and write the report now
            # rather than after the ones in flight run out their waits.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()

    def _journey(self, item: Any) -> Journey | None:
        assert self.world is not None
        if self.result.partial:
            return None
        result = JourneyResult(item.scenario.name, item.tag, item.layer)
        missing = missing_capabilities(item, self.profile)
        if missing:
            return self._not_applicable(item, result, missing)
        journey = self._new_journey(item, result)
        batch = self.batch if item.exclusive else None
        started = time.perf_counter()
        fault_ids: list[int] = []
        chaos_ids: list[int] = []
        failures: list[CheckFailure] = []  # expectation and refused-step failures, kept whatever happens next
        try:
            self._open(journey, item)
            if item.faults or item.chaos:
                self._disturbing[journey.tag] = _delivery_scope(journey)
            for spec in item.faults:
                fault_ids.append(self.world.hub.faults.add(scope=_request_scope(journey), **spec).id)
            for spec in item.chaos:
                chaos_ids.append(self.world.hub.dispatcher.add_chaos(scope=_delivery_scope(journey), **spec).id)
            try:
                self._steps(journey, item, failures)
            except StepError as exc:
                # The SUT never did what the next step needs (no envelope, no booking link), or a vendor
                # refused the step because of what the SUT did: a judged failure of the SUT, not a harness error.
                stopped = f"{journey.tag}: the journey stopped here"
                failures.append(CheckFailure("expectations", str(exc), where=stopped))
            journey.settle(SETTLE_S)
            if item.exclusive and batch is None:
                self.world.quiescent(SETTLE_S, timeout=quiet_within(self.profile))
            result.checks.append(CheckResult("expectations", FAILED if failures else "passed", failures))
            for name in item.checks:
                if name in ("reporting", "expectations"):
                    continue  # reporting is judged once over the whole run; expectations always run
                ctx = CheckContext(journey, self.profile, item.scenario, self.result.time_control)
                result.checks.append(run_check(name, ctx))
        except HarnessError as exc:
            result.error = str(exc)
        except Exception as exc:  # a harness bug: report it as such, never as an SUT failure
            result.error = f"harness error (please report): {type(exc).__name__}: {exc}"
            result.error_detail = traceback.format_exc()
        finally:
            if result.error and failures and not any(c.check == "expectations" for c in result.checks):
                result.checks.append(CheckResult("expectations", FAILED, failures))  # found before the error
            for ident in fault_ids:
                self.world.hub.faults.remove(ident)
            self._disturbing.pop(journey.tag, None)
            for ident in chaos_ids:
                self.world.hub.dispatcher.remove_chaos(ident)
            if self.sut is not None and not self.sut.alive() and not self._sut_stopped:  # not stopped by the run
                self.result.partial = True
                self.result.partial_reason = "the SUT exited during the run:\n" + self.sut.crash_report()
                result.error = result.error or "the SUT crashed"
            result.facts.update({k: v for k, v in journey.ids.items() if k != "job_opened_at"})
            result.timeline = timeline(journey)
            result.waiting_s = journey.waiting_s
            timecontrol.mark_journey(result, item, self.result.time_control)
            result.duration_s = time.perf_counter() - started
            self._waiting += journey.waiting_s
            result.finish()
            self.result.journeys.append(result)
            self.emit("journey_finished", result)
        return journey

    def _new_journey(self, item: Any, result: JourneyResult) -> Journey:
        assert self.world is not None
        journey = Journey(
            index=item.index,
            tag=item.tag,
            scenario=item.scenario,
            world=self.world,
            candidate=dict(item.candidate),
            job_spec=dict(item.job),
            offer=dict(item.offer),
            pack=dict(item.pack),
            result=result,
            profile=self.profile,
            pace=self.pace,
        )
        self.journeys.append(journey)
        self.emit("journey_started", result)
        return journey

    def _open(self, journey: Journey, item: Any) -> None:
        """The journey's own job, its offer dates on the run's clock, and where its journal begins."""
        assert self.world is not None
        now = self.world.hub.clock.now()
        item.resolve_offer(now)
        journey.offer = dict(item.offer)
        job = journey.world.act("ats.create_job", **item.job_args(now))
        journey.ids["job_id"] = job["id"]
        journey.ids["job_opened_at"] = _instant(job.get("opened_at"))
        journey.started_seq = self.world.hub.journal.last_seq
        journey.deliveries_mark = self.world.hub.dispatcher.logged
        journey.result.facts["started_at_virtual"] = self.world.hub.clock.now()

    def live(self, scenario: Any) -> LiveJourney:
        """One journey of ``scenario`` (its world and data; its steps are ignored) driven a step at a time
        from outside, and judged whenever asked: the fuzzer's state machine checks invariants this way."""
        # Each live journey its own tag, and so its own candidate (the email is made from the tag).
        suffix = f"{self.options.journey_suffix}-live{len(self.journeys) + 1}"
        plan = build_plan([scenario], self.profile, self.options.seed, suffix=suffix)
        item = plan.items[0]
        item.index += len(self.result.journeys)
        return LiveJourney(self, item)

    def _not_applicable(self, item: Any, result: JourneyResult, missing: list[str]) -> None:
        """A journey that needs what the integration declares it does not do: reported, never run, never passed."""
        self.emit("journey_started", result)
        result.not_applicable = "; ".join(missing)
        result.finish()
        self.result.journeys.append(result)
        self.emit("journey_finished", result)
        return None

    def _steps(self, journey: Journey, item: Any, failures: list[CheckFailure]) -> None:
        from ..scenario.templating import render

        for step in item.steps:
            where = f"{journey.tag} step {step.index + 1} ({step.kind}) at {step.location}"
            args = render(step.args, journey.context()) if step.args else {}
            need = expectation_need(step.expectation, args) if step.kind in ("expect", "expect_none") else None
            if absent(self.profile, need):
                # Only this expectation needs what the integration does not do: not judged, not passed, said.
                self._skipped_expectations.append(
                    f"{journey.tag}: {where}: not applicable: needs the integration to "
                    f"{CAPABILITY_WORDS[str(need)]}; capabilities.{need} is false"
                )
                journey.result.facts.setdefault("not_applicable_expectations", []).append(where)
                # The expectation also paced the journey (it waited for the SUT to react): keep that pace.
                journey.settle(SETTLE_S)
                self.emit("step", journey.result, f"{step.kind} not applicable")
                continue
            if step.kind == "expect":
                failure = expectations.expect(journey, self.profile, step.expectation, args, self._within(step), where)
            elif step.kind == "expect_none":
                failure = expectations.expect_none(journey, self.profile, step.expectation, args, where)
            else:
                failure = None
                try:
                    self._act(journey, step.kind, args)
                except ModelError as exc:
                    raise StepError(
                        f"{where}: the vendor refused the step ({exc.kind}): {exc.message}; the state the SUT left "
                        "made it impossible, and a person would be refused the same"
                    ) from None
            if failure is not None:
                failures.append(failure)
            self.emit("step", journey.result, f"{step.kind} {'failed' if failure else 'ok'}")

    def _within(self, step: Any) -> float:
        """An expectation's deadline: the scenario's, or sooner when the profile says the integration reacts
        sooner (sut.reacts_within), so a missing effect is a failure after the integration's own promise."""
        promised = self.profile.sut.reacts_within
        return min(step.within, promised.total_seconds()) if promised is not None else step.within

    def _act(self, journey: Journey, kind: str, args: dict[str, Any]) -> None:
        if kind == "wait":
            journey.settle(self.pace.window() if self.pace is not None else SETTLE_S)
        elif kind == "redeliver":
            self._redeliver(journey, str(args.get("event", "")), args.get("fake"))
        elif kind == "rollback":
            self._rollback(journey)
        elif kind == "advance_clock":
            delta = clock_delta(args.get("by") if isinstance(args, dict) else args)
            batch = self.batch
            if batch is not None and batch.is_member(journey.tag):
                batch.advance(journey.tag, delta)
            else:
                journey.advance_clock(delta)
        else:
            method = getattr(journey, kind, None)
            if method is None:
                raise HarnessError(f"the engine has no step {kind!r}")
            method(**(args if isinstance(args, dict) else {}))

    def _redeliver(self, journey: Journey, event: str, fake: str | None = None) -> None:
        """The vendor sends its last delivery of ``event`` for this journey once more (a duplicate)."""
        assert self.world is not None
        journey.settle(SETTLE_S)
        needles = [str(a) for a in journey.ids.get("application_ids", [])] + [journey.email]
        for delivery in reversed(self.world.hub.dispatcher.deliveries(fake=fake, event=event or None)):
            if any(n in delivery.body.decode("utf-8", "replace") for n in needles):
                self.world.hub.dispatcher.redeliver(delivery)
                journey.note("redelivered", event=delivery.event)
                return
        raise StepError(f"journey {journey.tag}: no {event or 'webhook'} delivery about this journey to send again")

    def _rollback(self, journey: Journey) -> None:
        import requests

        from ..checks.fidelity import field

        spec = field(field(self.profile, "sut"), "rollback")
        if not spec:
            raise HarnessError("the scenario asks for a rollback but the profile declares no sut.rollback endpoint")
        journey.settle(SETTLE_S)
        path = str(field(spec, "path")).format(application_id=journey.application_id, journey=journey.tag)
        method = str(field(spec, "method", "POST"))
        response = requests.request(method, self.sut.url + path, timeout=30)
        journey.note("rollback", status=response.status_code)
        if response.status_code >= 400:
            raise StepError(
                f"journey {journey.tag}: the SUT's rollback answered {response.status_code}: {response.text[:300]}"
            )

    def _run_level_checks(self, reporting_items: list[Any]) -> None:
        if not reporting_items or self.result.partial:
            return
        journey = next((j for j in self.journeys if j.result.layer == "reporting"), None)
        if journey is None:
            return
        assert self.world is not None
        self.world.quiescent(SETTLE_S, timeout=quiet_within(self.profile))
        ctx = CheckContext(journey, self.profile, journey.scenario, self.result.time_control, peers=list(self.journeys))
        check = run_check("reporting", ctx)
        for j in self.journeys:
            if j.result.layer == "reporting":
                j.result.checks.append(check)
                j.result.finish()


class LiveJourney:
    """A journey whose steps arrive one by one (see :meth:`Runner.live`)."""

    def __init__(self, runner: Runner, item: Any) -> None:
        self.runner, self.item = runner, item
        self.result = JourneyResult(item.scenario.name, item.tag, item.layer)
        self.journey = runner._new_journey(item, self.result)
        runner._open(self.journey, item)
        self.failures: list[CheckFailure] = []
        self.count = 0
        self.closed = False
        self.started = time.perf_counter()

    def step(self, step: Any) -> list[CheckFailure]:
        """Carry out one engine step (a world action, ``wait`` or an expectation); a step the vendor refuses,
        or an expectation not met, is a judged failure of this journey."""
        self.count += 1
        before = len(self.failures)
        try:
            self.runner._steps(self.journey, _Steps([step]), self.failures)
        except StepError as exc:
            self.failures.append(CheckFailure("expectations", str(exc), where=f"{self.journey.tag}: live"))
        return self.failures[before:]

    def judge(self) -> list[CheckResult]:
        """Every check of the journey's layer on what happened so far, once nothing about it moves."""
        self.journey.settle(SETTLE_S)
        out = [CheckResult("expectations", FAILED if self.failures else "passed", list(self.failures))]
        for name in self.item.checks:
            if name in ("reporting", "expectations"):
                continue
            ctx = CheckContext(self.journey, self.runner.profile, self.item.scenario, self.runner.result.time_control)
            out.append(run_check(name, ctx))
        return out

    def close(self) -> JourneyResult:
        if not self.closed:
            self.closed = True
            self.result.checks = self.judge()
            self.result.facts.update({k: v for k, v in self.journey.ids.items() if k != "job_opened_at"})
            self.result.timeline = timeline(self.journey)
            self.result.duration_s = time.perf_counter() - self.started
            self.result.waiting_s = self.journey.waiting_s
            self.result.finish()
            self.runner.result.journeys.append(self.result)
            self.runner.emit("journey_finished", self.result)
        return self.result


@dataclass
class _Steps:
    steps: list[Any]


def _reads_real_time(sut: Any) -> bool:
    """A SUT reached by URL, in a container or started without libfaketime reads the real clock; an
    in-process SUT is left as it is (its clock is the test's business)."""
    from ..sut import InProcessSut

    return not str(sut.time_control).startswith("virtual") and not isinstance(sut, InProcessSut)


def _durations(path: Path | None) -> dict[str, float]:
    from .shard import load_durations

    return load_durations(path)


def _request_scope(journey: Journey) -> Any:
    """A fault acts only on requests that name this journey's records (its candidate's email, its
    application, envelope, booking or employee), so journeys that inject faults run beside others."""
    from . import observe

    def scope(path: str, query: str, body: bytes) -> bool:
        haystack = f"{path}?{query} {body.decode('utf-8', 'replace')}"
        return any(needle in haystack for needle in observe.identifiers(journey))

    return scope


def _delivery_scope(journey: Journey) -> Any:
    """Chaos acts only on webhook deliveries about this journey. Read from what the journey knows
    (no world query: deliveries are made while the world is locked)."""

    def scope(body: bytes) -> bool:
        text = body.decode("utf-8", "replace")
        needles = [journey.email, *map(str, journey.ids.get("application_ids", []))]
        needles += [str(journey.ids[k]) for k in ("envelope_id", "invitee_uuid") if journey.ids.get(k)]
        return any(n in text for n in needles)

    return scope


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process, and by its finished children (a started SUT)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _instant(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _default_reporters(options: RunOptions) -> list[Reporter]:
    from ..report.console import ConsoleReporter

    return [ConsoleReporter(quiet=options.quiet, verbose=options.verbose)]


def run(options: RunOptions) -> RunResult:
    return Runner(options).run()


__all__ = ["ERROR", "RunOptions", "Runner", "default_checks", "replay_command", "run"]
