"""Sharding: a plan split K/N is split the same way every time, each journey in exactly one shard,
balanced on recorded durations, the reporting layer kept together; and the shards' reports merged
give the verdict of the unsharded run."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from harness.cli import main
from harness.engine.runner import Runner, RunOptions
from harness.engine.shard import load_durations, parse_shard, save_durations, select
from harness.errors import HarnessError
from harness.report.merge import load_result, merge

ROOT = Path(__file__).resolve().parents[3]
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"


def _items(n: int, reporting: int = 0) -> list[SimpleNamespace]:
    items = [SimpleNamespace(tag=f"j{i}", layer="communication") for i in range(n)]
    return items + [SimpleNamespace(tag=f"r{i}", layer="reporting") for i in range(reporting)]


def test_every_journey_lands_in_exactly_one_shard_and_reporting_stays_together() -> None:
    items = _items(23, reporting=3)
    shards = [select(items, k, 4, {}) for k in range(1, 5)]
    tags = [i.tag for shard in shards for i in shard]
    assert sorted(tags) == sorted(i.tag for i in items)
    holding_reporting = [s for s in shards if any(i.layer == "reporting" for i in s)]
    assert len(holding_reporting) == 1 and sum(i.layer == "reporting" for i in holding_reporting[0]) == 3
    assert shards == [select(items, k, 4, {}) for k in range(1, 5)]  # stable across runs


def test_recorded_durations_balance_the_shards() -> None:
    items = _items(8)
    durations = {"j0": 40.0, "j1": 1.0, "j2": 1.0, "j3": 1.0, "j4": 1.0, "j5": 1.0, "j6": 1.0, "j7": 30.0}
    first, second = (select(items, k, 2, durations) for k in (1, 2))
    loads = sorted(sum(durations[i.tag] for i in s) for s in (first, second))
    assert loads == [36.0, 40.0]  # the two long journeys apart, the short ones with the shorter
    assert {i.tag for i in first} in ({"j0"}, {"j7", "j1", "j2", "j3", "j4", "j5", "j6"})


def test_durations_are_recorded_and_merged(tmp_path: Path) -> None:
    path = tmp_path / "d" / "durations.json"
    save_durations(path, [SimpleNamespace(journey="a", duration_s=1.5)])
    save_durations(path, [SimpleNamespace(journey="b", duration_s=0.25)])
    assert load_durations(path) == {"a": 1.5, "b": 0.25}


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", "1/0"])
def test_a_bad_shard_is_refused_with_the_form(text: str) -> None:
    with pytest.raises(HarnessError, match="K/N"):
        parse_shard(text)


def _certify(tmp_path: Path, shard: tuple[int, int] | None) -> Path:
    options = RunOptions(
        profile=PROFILE,
        paths=[ROOT / "scenarios" / "communication", ROOT / "scenarios" / "reporting"],
        seed=3,
        reporters=[],
        reports_dir=tmp_path,
        shard=shard,
    )
    runner = Runner(options)
    runner.run()
    return runner.out_dir


def test_a_sharded_run_merged_gives_the_unsharded_verdict(tmp_path: Path, capsys) -> None:
    whole = load_result(_certify(tmp_path / "whole", None))
    parts = [_certify(tmp_path / f"shard{k}", (k, 2)) for k in (1, 2)]
    merged = merge([load_result(p) for p in parts])
    assert {j.journey: j.verdict for j in merged.journeys} == {j.journey: j.verdict for j in whole.journeys}
    assert merged.passed == whole.passed and whole.passed
    assert merged.layer_verdicts() == whole.layer_verdicts()
    assert not merged.partial

    out = tmp_path / "merged"
    assert main(["merge-reports", *map(str, parts), "--out", str(out), "--quiet"]) == 0
    assert (out / "report.json").is_file() and (out / "junit.xml").is_file() and (out / "report.html").is_file()
    assert "merged 2 report(s)" in capsys.readouterr().out

    lost = merge([load_result(parts[0])])  # a shard's report missing: never a clean verdict
    assert lost.partial and not lost.passed and "a shard's report is missing" in lost.partial_reason


def test_reports_of_different_runs_are_not_merged(tmp_path: Path) -> None:
    a = load_result(_certify(tmp_path / "a", (1, 2)))
    b = load_result(_certify(tmp_path / "b", (2, 2)))
    b.seed = 4
    with pytest.raises(HarnessError, match="not shards of one run"):
        merge([a, b])
