"""Combining the reports of a sharded run (``certify --shard K/N`` on several machines) into one.

Each shard wrote ``report.json``; this reads them back into results, checks they belong to one run
(same profile, seed and replay command but for ``--shard``), and writes one set of reports (JUnit,
JSON, HTML) with one verdict, computed exactly as for an unsharded run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import HarnessError
from ..results import CheckFailure, CheckResult, JourneyResult, RunResult, TimelineEntry

__all__ = ["load_result", "merge", "merge_dirs"]


def load_result(path: Path) -> RunResult:
    """A run's result from its report.json (or the folder holding it)."""
    file = path / "report.json" if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise HarnessError(f"cannot read the run report {file}: {exc}") from exc
    try:
        return _run(data)
    except (KeyError, TypeError) as exc:
        raise HarnessError(f"{file} is not an ats-harness report.json (missing {exc})") from exc


def _run(data: dict[str, Any]) -> RunResult:
    run = RunResult(
        run_id=data["run_id"],
        seed=data["seed"],
        command=data["command"],
        started_at=data["started_at"],
        partial=data.get("partial", False),
        partial_reason=data.get("partial_reason", ""),
        finished_at=data.get("finished_at", ""),
        duration_s=data.get("duration_s", 0.0),
        harness_s=data.get("harness_s", 0.0),
        profile=data.get("profile", ""),
        sut=data.get("sut", ""),
        time_control=data.get("time_control", "virtual"),
        sut_output=data.get("sut_output", ""),
        environment=dict(data.get("environment", {})),
        not_certified={k: list(v) for k, v in data.get("not_certified", {}).items()},
        unjudged={k: list(v) for k, v in data.get("unjudged", {}).items()},
    )
    run.journeys = [_journey(j) for j in data["journeys"]]
    return run


def _journey(data: dict[str, Any]) -> JourneyResult:
    journey = JourneyResult(
        scenario=data["scenario"],
        journey=data["journey"],
        layer=data["layer"],
        verdict=data["verdict"],
        facts=dict(data.get("facts", {})),
        error=data.get("error", ""),
        error_detail=data.get("error_detail", ""),
        not_applicable=data.get("not_applicable", ""),
        duration_s=data.get("duration_s", 0.0),
        waiting_s=data.get("waiting_s", 0.0),
    )
    journey.checks = [_check(c) for c in data.get("checks", [])]
    journey.timeline = [TimelineEntry(**t) for t in data.get("timeline", [])]
    return journey


def _check(data: dict[str, Any]) -> CheckResult:
    failures = []
    for f in data.get("failures", []):
        failure = CheckFailure(
            f["check"],
            f["message"],
            expected=f.get("expected"),
            actual=f.get("actual"),
            where=f.get("where", ""),
            hop=f.get("hop", ""),
            severity=f.get("severity", "high"),
            dedupe_key=f.get("dedupe_key", ""),
            details=f.get("details") or {},
        )
        failures.append(failure)
    return CheckResult(
        check=data["check"],
        verdict=data["verdict"],
        failures=failures,
        note=data.get("note", ""),
        lost_time_control=data.get("lost_time_control", False),
        judged=list(data.get("judged", [])),
        unjudged=list(data.get("unjudged", [])),
    )


def _unsharded(command: str) -> str:
    return re.sub(r"\s--shard\s+\S+", "", command)


def merge(results: list[RunResult]) -> RunResult:
    """One result from the shards of one run."""
    if not results:
        raise HarnessError("merge-reports needs at least one report")
    first = results[0]
    for other in results[1:]:
        if (other.seed, other.profile, _unsharded(other.command)) != (
            first.seed,
            first.profile,
            _unsharded(first.command),
        ):
            raise HarnessError(
                f"reports {first.run_id} and {other.run_id} are not shards of one run: they differ in seed, "
                f"profile or command ({_unsharded(first.command)!r} vs {_unsharded(other.command)!r})"
            )
    shards = sorted(str(r.environment.get("shard", "")) for r in results)
    merged = RunResult(
        run_id=f"{first.run_id.split('-s')[0]}-merged-s{first.seed}",
        seed=first.seed,
        command=_unsharded(first.command),
        started_at=min(r.started_at for r in results),
        finished_at=max(r.finished_at for r in results),
        duration_s=max(r.duration_s for r in results),
        harness_s=sum(r.harness_s for r in results),
        profile=first.profile,
        sut=first.sut,
        time_control=next((r.time_control for r in results if not r.time_control.startswith("virtual")), "virtual"),
        partial=any(r.partial for r in results),
        partial_reason="; ".join(f"{r.run_id}: {r.partial_reason}" for r in results if r.partial),
    )
    seen: set[str] = set()
    for result in results:
        for journey in result.journeys:
            if journey.journey in seen:
                raise HarnessError(f"journey {journey.journey} is in more than one shard report")
            seen.add(journey.journey)
            merged.journeys.append(journey)
        for source, target in ((result.not_certified, merged.not_certified), (result.unjudged, merged.unjudged)):
            for layer, items in source.items():
                target.setdefault(layer, [])
                target[layer] += [i for i in items if i not in target[layer]]
    planned = {int(r.environment.get("planned_journeys", 0) or 0) for r in results}
    records: dict[str, set[int]] = {}
    for result in results:
        for name, indices in (result.environment.get("data_pack_records") or {}).items():
            records.setdefault(name, set()).update(indices)
    from ..engine.plan import pack_coverage

    merged.environment = {
        "merged_from": [r.run_id for r in results],
        "shards": shards,
        "total_journeys": len(merged.journeys),
        "planned_journeys": max(planned) if planned else len(merged.journeys),
        "data_pack_records": {k: sorted(v) for k, v in sorted(records.items())},
        "data_pack_coverage": pack_coverage({k: sorted(v) for k, v in records.items()}),
    }
    if len(merged.journeys) < merged.environment["planned_journeys"]:
        merged.partial = True
        merged.partial_reason = (
            f"the shards hold {len(merged.journeys)} of {merged.environment['planned_journeys']} planned journeys; "
            "a shard's report is missing"
        )
    return merged


def merge_dirs(paths: list[Path]) -> RunResult:
    return merge([load_result(p) for p in paths])
