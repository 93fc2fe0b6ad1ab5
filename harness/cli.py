"""``ats-harness``: serve the fakes, run scenarios, certify an integration."""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from . import dialects
from .errors import HarnessError

# What the defaults are called in help texts; the files are found by harness.resources from any folder.
DEFAULT_PROFILE = "examples/reference_integration/profile.yaml"
DEFAULT_SUITE = "scenarios"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ats-harness")
    except PackageNotFoundError:  # an uninstalled checkout
        return "unknown (not installed)"


def _ports(text: str | None, base: int | None) -> dict[str, int]:
    from fakes.world import DEFAULT_PORTS

    ports = dict(DEFAULT_PORTS)
    if base is not None:
        ports = {name: base + i for i, name in enumerate(DEFAULT_PORTS)}
    for item in filter(None, (text or "").split(",")):
        name, _, port = item.partition("=")
        if name not in ports or not port.isdigit():
            raise HarnessError(f"--ports item {item!r} must look like NAME=PORT with NAME one of {', '.join(ports)}")
        ports[name] = int(port)
    return ports


def _start_instant(text: str | None) -> Callable[[], datetime] | datetime:
    """``--start``: an ISO 8601 instant with its offset; without it, the real time (read again at each reset)."""
    if text is None:
        return lambda: datetime.now(UTC)
    try:
        instant = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise HarnessError(
            f"--start {text!r} is not an ISO 8601 instant with an offset; write e.g. 2026-03-02T09:00:00Z"
        )
    return instant.astimezone(UTC)


def cmd_up(args: argparse.Namespace) -> int:
    from fakes.world import World

    started = time.perf_counter()
    # The clock starts at the real time (a SUT reached by URL checks freshness against its own, real clock);
    # it stays virtual: the control plane moves and freezes it. certify/run keep their fixed start.
    world = World(seed=args.seed, start=_start_instant(args.start))
    if args.token:
        world.hub.control.token = args.token
    profile = None
    if args.profile:
        from .profile import load_profile

        profile = load_profile(args.profile)
    demo = ""
    reseed = None
    if not args.empty:
        from .engine.demo import seed_demo_tenant

        counts = seed_demo_tenant(world, args.seed, profile)
        demo = "; demo tenant: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + " (--empty for none)"
        reseed = lambda: seed_demo_tenant(world, args.seed, profile)  # noqa: E731
    from .engine.attach import RunService

    RunService(world, reseed=reseed).install()  # run/certify --fakes URL play on this world
    if profile is not None:
        from .engine.setup import configure_world

        configure_world(world, profile)
    ports = _ports(args.ports, args.base_port) if not args.any_port else {}
    try:
        smtp_port = args.smtp_port if not args.any_port else 0
        world.serve(args.host, ports, smtp_port=smtp_port, run_clock=not args.frozen, tls=args.tls)
    except OSError as exc:  # a port already taken: the user's problem to solve, not a harness traceback
        world.stop()
        raise HarnessError(
            f"cannot serve the fakes: {exc}; free that port or choose others (--any-port, --base-port, --ports)"
        ) from exc
    ready_ms = (time.perf_counter() - started) * 1000
    env = world.contract_env()
    lines = [f"export {k}={shlex.quote(v)}" for k, v in sorted(env.items())]
    if args.env_file:
        Path(args.env_file).write_text("\n".join(lines) + "\n")
    print("# ats-harness fakes are up: paste these lines into the SUT's shell (or source --env-file)")
    print("\n".join(lines))
    ats = dialects.fake_name(None, "ats")
    control = world.hub.origin_of(ats) if ats in world.fakes else next(iter(world.hub.origins.values()))
    print(f"# control plane: {control}/__harness/  (actions, state, journal, faults, clock, deliveries)")
    clock = f"clock {'frozen' if args.frozen else 'running'} from {world.hub.clock.now().isoformat()}"
    print(f"# seed {args.seed}; {clock}{demo}; ready in {ready_ms:.0f} ms; Ctrl-C stops")
    sys.stdout.flush()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    world.stop()
    print("# stopped")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from . import resources
    from .engine.plan import derived_scenarios
    from .errors import ScenarioError
    from .profile import load_profile
    from .scenario.against import profile_errors
    from .scenario.loader import find_scenario_files, load_scenarios

    bundled = not args.paths
    paths = [Path(p) for p in args.paths] if args.paths else [resources.suite_dir()]
    profile_path = Path(args.profile) if args.profile else resources.reference_profile()
    profile = load_profile(profile_path)
    where = f"the bundled suite ({paths[0]})" if bundled else ", ".join(map(str, paths))
    scenarios = load_scenarios(paths)
    errors = profile_errors(scenarios, profile)
    if errors:
        raise ScenarioError.group(errors)
    files = len(find_scenario_files(paths))
    derived = derived_scenarios(profile)
    print(
        f"profile ok: {profile_path}{' (the reference profile)' if not args.profile else ''}: "
        f"'{profile.name}', {len(profile.stages)} stages, {len(profile.triggers)} triggers"
    )
    print(
        f"{len(scenarios)} scenario(s) ok in {files} file(s) from {where}: "
        f"{sum(s.journeys for s in scenarios)} journey(s); certify adds "
        f"{sum(s.journeys for s in derived)} journey(s) derived from the profile"
    )
    return 0


def _run(args: argparse.Namespace, paths: list[str], certify: bool) -> int:
    from . import resources
    from .engine.runner import RunOptions, run
    from .engine.shard import parse_shard

    options = RunOptions(
        profile=args.profile or str(resources.reference_profile()),
        paths=[Path(p) for p in paths] if paths else [resources.suite_dir()],
        seed=args.seed,
        concurrency=args.concurrency,
        sut_url=args.sut_url,
        sut_command=args.sut_command,
        sut_image=args.sut_image,
        reports_dir=Path(args.reports),
        quiet=args.quiet,
        verbose=args.verbose,
        certify=certify,
        variant=getattr(args, "variant", None),
        argv=sys.argv[1:],
        select=args.select,
        shard=parse_shard(args.shard) if args.shard else None,
        durations=Path(args.durations) if args.durations else None,
        fakes=args.fakes,
        full_settle=args.full_settle,
        serial_clock=args.serial_clock,
    )
    if args.fakes:
        from .engine.attach import run_attached

        if args.sut_command:
            raise HarnessError("--sut-command does not go with --fakes; put the command in the profile (sut.command)")

        return run_attached(options)
    from .engine.signals import Stopped, stop_on_signals

    with stop_on_signals():
        try:
            result = run(options)
        except Stopped as stop:
            # The reports are written and the SUT's process group is stopped; journeys still in
            # flight would only run out their timeouts against stopped fakes, so leave now.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(stop.exit_code)
    return 0 if result.passed else 1


def cmd_run(args: argparse.Namespace) -> int:
    return _run(args, args.paths, certify=False)


def cmd_certify(args: argparse.Namespace) -> int:
    return _run(args, args.paths, certify=True)


def cmd_fuzz(args: argparse.Namespace) -> int:
    from .fuzz import FuzzOptions, fuzz
    from .scenario.durations import parse_duration

    budget = parse_duration(args.time_budget).total_seconds() if args.time_budget else None
    result = fuzz(
        FuzzOptions(
            profile=args.profile,
            max_examples=args.max_examples,
            seed=args.seed,
            out=Path(args.out) if args.out else None,
            layer=args.layer,
            db=args.db,
            stateful=args.stateful,
            time_budget=budget,
            sut_url=args.sut_url,
            sut_command=args.sut_command,
            variant=args.variant,
            in_process=args.in_process,
            quiet=args.quiet,
        )
    )
    return 0 if result.passed else 1


def cmd_replay(args: argparse.Namespace) -> int:
    import json

    report = Path(args.report)
    if report.is_dir():
        report = report / "report.json"
    try:
        data = json.loads(report.read_text())
    except (OSError, ValueError) as exc:
        raise HarnessError(f"cannot read the run report {report}: {exc}; pass a reports/<run-id>/ folder") from exc
    command = data.get("command")
    if not command:
        raise HarnessError(f"{report} records no replay command")
    argv = shlex.split(command)
    if argv and argv[0] == "ats-harness":
        argv = argv[1:]
    print(f"replaying: {command}")
    from .faketime import ENV_VAR

    clock = (data.get("environment") or {}).get("time_control") or {}
    before = os.environ.get(ENV_VAR)
    if clock.get("virtual") is False:
        os.environ[ENV_VAR] = "off"  # the same conditions: the recorded run's SUT read the real clock
        print(f"time control off, as in the recorded run ({data.get('time_control', 'lost')})")
    elif clock.get("libfaketime"):
        if Path(clock["libfaketime"]).is_file():
            os.environ[ENV_VAR] = clock["libfaketime"]
        else:
            print(f"the recorded run's libfaketime {clock['libfaketime']} is gone; using the one found now")
    try:
        return main(argv)
    finally:
        if before is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = before


def cmd_merge_reports(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from .report.console import ConsoleReporter
    from .report.merge import merge_dirs
    from .report.writer import write_reports
    from .results import Event

    merged = merge_dirs([Path(p) for p in args.reports])
    if args.out:
        out = Path(args.out)
    else:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        out = Path("reports") / f"{stamp}-merged-s{merged.seed}"
    merged.run_id = out.name
    write_reports(merged, out)
    ConsoleReporter(quiet=args.quiet).handle(Event("run_finished", merged))
    print(f"merged {len(args.reports)} report(s) into {out}")
    return 0 if merged.passed else 1


def cmd_contracts(args: argparse.Namespace) -> int:
    from fakes.contracts import main as contracts_main

    return contracts_main(["--check"] if args.check else [])


def concurrency_arg(text: str) -> int | None:
    """`--concurrency`: a number of journeys at once (1 or more), or auto (None: chosen while the run goes)."""
    if text.strip().lower() == "auto":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is neither a number nor auto; e.g. --concurrency 8") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} journeys at once would run nothing; use 1 or more, or auto")
    return value


def _add_run_options(p: argparse.ArgumentParser, profile_default: str | None) -> None:
    p.add_argument(
        "--profile",
        default=profile_default,
        help=f"integration profile YAML (default: the bundled {DEFAULT_PROFILE}, found from any folder)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed for ids and generated data (default 0)")
    p.add_argument(
        "--concurrency",
        type=concurrency_arg,
        default=None,
        metavar="N|auto",
        help="journeys run at once: a number, or auto (the default: starts at six per CPU core, at most 16, "
        "then follows the SUT's reaction time and the harness's CPU; the report says how it moved)",
    )
    p.add_argument(
        "--full-settle",
        action="store_true",
        help="wait the full 250 ms quiet window at every `wait` step, instead of a window learnt from how long "
        "the SUT keeps working after it answers a webhook (the full window is always kept before judging)",
    )
    p.add_argument(
        "--serial-clock",
        action="store_true",
        help="run the journeys that move the virtual clock one at a time, each jump landing exactly on the "
        "instant asked, instead of together with one jump serving many (a jump may then land up to a "
        "thousandth of its span late, at most a minute)",
    )
    p.add_argument("--sut-url", help="an SUT already running at this URL (overrides the profile)")
    p.add_argument("--sut-command", help="a command that starts the SUT (overrides the profile)")
    p.add_argument(
        "--fakes",
        metavar="URL",
        help="play on the fakes `ats-harness up` serves (any origin it printed, e.g. http://127.0.0.1:8701) "
        "instead of fakes of the run's own; the run executes inside that `up` process",
    )
    p.add_argument("--sut-image", help="a local container image of the SUT, started with testcontainers")
    p.add_argument(
        "--reports", default="reports", help="folder that receives <run-id>/ (default: reports/ of the current folder)"
    )
    p.add_argument("--select", "-k", help="run only scenarios whose name or file contains this text")
    p.add_argument("--quiet", "-q", action="store_true", help="only the summary")
    p.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="every failing journey in full (default: each distinct problem once)",
    )
    p.add_argument(
        "--shard",
        metavar="K/N",
        help="play only shard K of N of the plan (balanced on --durations); merge the reports with merge-reports",
    )
    p.add_argument(
        "--durations",
        default=".ats-harness/durations.json",
        help="journey durations recorded by earlier runs, read to balance shards and updated after each run "
        "(default: %(default)s)",
    )
    p.add_argument(  # REFERENCE_VARIANT for the bundled example
        "--variant", help="run the bundled reference integration as this known-bug variant (examples/buggy/)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ats-harness",
        description=(
            "Certify recruiting integrations against faithful fakes of "
            + ", ".join(d.title for d in dialects.DIALECTS.values())
            + "."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}", help="print the version")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    up = sub.add_parser("up", help="serve every fake on loopback and print the SUT contract")
    up.add_argument("--seed", type=int, default=0, help="seed for ids and the demo tenant (default 0)")
    up.add_argument(
        "--empty",
        action="store_true",
        help="serve no demo tenant: only what each vendor's fresh account holds (admin user, field catalogue, ...)",
    )
    up.add_argument("--host", default="127.0.0.1", help="bind address (default loopback)")
    up.add_argument("--base-port", type=int, help="first port; the fakes take consecutive ports")
    up.add_argument(
        "--ports",
        help="NAME=PORT,... e.g. "
        + ",".join(f"{d.fake}={9001 + i}" for i, d in enumerate(list(dialects.DIALECTS.values())[:2])),
    )
    up.add_argument("--any-port", action="store_true", help="let the OS pick free ports")
    up.add_argument("--smtp-port", type=int, default=8725, help="port of the SMTP sink (default 8725)")
    up.add_argument("--profile", help="configure admin webhooks from this profile")
    up.add_argument("--token", help="require X-Harness-Token on the control plane")
    up.add_argument("--frozen", action="store_true", help="start with the virtual clock frozen")
    up.add_argument(
        "--start",
        metavar="ISO",
        help="start the virtual clock here (default: the real current time), e.g. 2026-03-02T09:00:00Z",
    )
    up.add_argument(
        "--tls",
        action="store_true",
        help="serve HTTPS from a CA made for this run; the contract exports SSL_CERT_FILE and friends",
    )
    up.add_argument("--env-file", help="also write the export lines to this file")
    up.set_defaults(func=cmd_up)

    run = sub.add_parser("run", help="run scenario files or folders")
    run.add_argument("paths", nargs="+", help="scenario files or folders (folders are searched for *.yaml)")
    _add_run_options(run, None)
    run.set_defaults(func=cmd_run)

    certify = sub.add_parser("certify", help="run the certification suite against a profile")
    certify.add_argument(
        "paths", nargs="*", help=f"scenario files or folders (default: the bundled suite, {DEFAULT_SUITE}/)"
    )
    _add_run_options(certify, None)
    certify.set_defaults(func=cmd_certify)

    validate = sub.add_parser(
        "validate", help="check scenario files and a profile, run nothing (no arguments: the bundled ones)"
    )
    validate.add_argument(
        "paths", nargs="*", help=f"scenario files or folders (default: the bundled suite, {DEFAULT_SUITE}/)"
    )
    validate.add_argument("--profile", help=f"integration profile YAML (default: the bundled {DEFAULT_PROFILE})")
    validate.set_defaults(func=cmd_validate)

    fz = sub.add_parser("fuzz", help="property-based journeys from the profile; failures shrunk to a scenario file")
    fz.add_argument("--profile", default=DEFAULT_PROFILE, help="integration profile YAML (default: %(default)s)")
    fz.add_argument("--max-examples", type=int, default=50, help="journeys to generate (default 50)")
    fz.add_argument("--seed", type=int, default=0, help="Hypothesis seed: the same seed draws the same journeys")
    fz.add_argument("--out", help="where shrunk failures go (default reports/fuzz-<timestamp>/)")
    fz.add_argument("--layer", default="hris_sync", help="hris_sync (default) or documents")
    fz.add_argument("--stateful", action="store_true", help="a rule-based state machine over world actions")
    fz.add_argument("--db", help="example database: a folder (default .ats-harness/fuzz-db), redis://host:port, none")
    fz.add_argument("--time-budget", help="stop after this long, e.g. 60s or 5m (shrinking included)")
    fz.add_argument("--sut-url", help="an SUT already running at this URL (overrides the profile)")
    fz.add_argument("--sut-command", help="a command that starts the SUT (overrides the profile)")
    fz.add_argument(
        "--in-process", metavar="MODULE:FACTORY", help="build the SUT in this process from an ASGI app factory"
    )
    fz.add_argument("--quiet", "-q", action="store_true", help="no line per example")
    fz.add_argument(
        "--variant", help="fuzz the bundled reference integration as this known-bug variant (examples/buggy/)"
    )
    fz.set_defaults(func=cmd_fuzz)

    merge = sub.add_parser("merge-reports", help="combine the reports of a sharded run into one verdict")
    merge.add_argument("reports", nargs="+", help="reports/<run-id>/ folders (or their report.json), one per shard")
    merge.add_argument("--out", help="where the merged reports go (default reports/<time>-merged-s<seed>)")
    merge.add_argument("--quiet", "-q", action="store_true", help="only the failures and the verdict")
    merge.set_defaults(func=cmd_merge_reports)

    replay = sub.add_parser("replay", help="re-run a past run from its reports/<run-id>/")
    replay.add_argument("report", help="a reports/<run-id>/ folder or its report.json")
    replay.set_defaults(func=cmd_replay)

    contracts = sub.add_parser("contracts", help="regenerate OpenAPI documents and coverage pages")
    contracts.add_argument(
        "--check", action="store_true", help="write nothing; fail when the committed documents are out of date"
    )
    contracts.set_defaults(func=cmd_contracts)

    from .pact.cli import add_commands as add_pact_commands

    add_pact_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except HarnessError as exc:
        print(f"ats-harness: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
