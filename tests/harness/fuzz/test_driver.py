"""The fuzz driver without an SUT: shrinking, the file it writes, the example database (folder and Redis),
the time budget, and the CLI's exit codes. A stand-in session fails every journey that offers GBP."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from harness.fuzz import driver
from harness.fuzz.session import Outcome
from harness.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[3]
PROFILE = ROOT / "examples" / "reference_integration" / "profile.yaml"


class FakeSession:
    """Plays nothing: a journey "fails data_fidelity" when one of its records is paid in GBP."""

    played: ClassVar[list[Any]] = []
    delay = 0.0

    def __init__(self, profile: Any, **kwargs: Any) -> None:
        from harness.profile import load_profile

        self.profile = load_profile(profile)

    def start(self) -> None:
        pass

    def finish(self) -> None:
        pass

    def play(self, scenario: Any) -> Outcome:
        FakeSession.played.append(scenario)
        time.sleep(self.delay)
        if any(r.get("currency") == "GBP" for r in scenario.records):
            return Outcome(failed={"data_fidelity": ["hris.compensation.rate: currency changed"]})
        return Outcome()


@pytest.fixture
def fake_session(monkeypatch: pytest.MonkeyPatch) -> type[FakeSession]:
    FakeSession.played = []
    FakeSession.delay = 0.0
    monkeypatch.setattr(driver, "Session", FakeSession)
    return FakeSession


def options(tmp_path: Path, **kw: Any) -> driver.FuzzOptions:
    base = {"profile": PROFILE, "max_examples": 60, "seed": 3, "out": tmp_path / "out", "db": "none", "quiet": True}
    return driver.FuzzOptions(**{**base, **kw})


def test_a_failure_is_shrunk_to_one_record_and_written_as_a_valid_scenario(
    tmp_path: Path, fake_session: type[FakeSession], capsys: pytest.CaptureFixture
) -> None:
    result = driver.fuzz(options(tmp_path))
    assert not result.passed and set(result.found) == {"data_fidelity"}
    path = tmp_path / "out" / "data_fidelity.yaml"
    scenario = load_scenario(path)  # what `ats-harness validate` loads
    assert len(scenario.records) == 1 and scenario.journeys == 1
    (record,) = scenario.records
    assert record["currency"] == "GBP"
    assert record["salary"] == "20000.00" and record["pay_period"] == "year"  # shrunk to the simplest values
    assert [s.kind for s in scenario.steps][:3] == ["apply", "create_offer", "hire"]
    out = capsys.readouterr().out
    assert "shrunk journey failing data_fidelity" in out and "currency: GBP" in out
    assert f"ats-harness run {path}" in out
    assert result.shrink_steps > 0


def test_a_clean_run_reports_the_examples_it_ran(
    tmp_path: Path, fake_session: type[FakeSession], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(FakeSession, "play", lambda self, scenario: Outcome())
    result = driver.fuzz(options(tmp_path, max_examples=12))
    assert result.passed and result.examples == 12
    assert "12 examples run" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()


def test_the_cli_exits_1_on_a_failure_and_0_when_clean(
    tmp_path: Path, fake_session: type[FakeSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    from harness.cli import main

    args = ["fuzz", "--profile", str(PROFILE), "--max-examples", "30", "--seed", "3", "--db", "none", "-q"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 1
    assert (tmp_path / "a" / "data_fidelity.yaml").is_file()
    monkeypatch.setattr(FakeSession, "play", lambda self, scenario: Outcome())
    assert main([*args, "--out", str(tmp_path / "b")]) == 0


def test_the_time_budget_stops_the_run(tmp_path: Path, fake_session: type[FakeSession]) -> None:
    FakeSession.delay = 0.05
    result = driver.fuzz(options(tmp_path, max_examples=10_000, time_budget=0.5))
    assert result.out_of_time
    assert result.examples < 40


def _replays_first(tmp_path: Path, db: str) -> None:
    first = driver.fuzz(options(tmp_path, db=db, seed=11, out=tmp_path / "one"))
    assert not first.passed
    FakeSession.played = []
    second = driver.fuzz(options(tmp_path, db=db, seed=12, out=tmp_path / "two"))
    assert not second.passed
    # the saved failure is tried before anything new is generated
    assert any(r.get("currency") == "GBP" for r in FakeSession.played[0].records)


def test_the_default_database_is_a_folder_and_replays_failures_first(
    tmp_path: Path, fake_session: type[FakeSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _replays_first(tmp_path, db=None)  # type: ignore[arg-type]
    assert any((tmp_path / ".ats-harness" / "fuzz-db").rglob("*"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server); .ci/run installs it")
    pytest.importorskip("redis", reason="the redis package is not installed (pip install redis, in the test extra)")
    import redis

    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)


def test_a_redis_database_is_shared_and_replays_failures_first(
    tmp_path: Path, fake_session: type[FakeSession], redis_url: str
) -> None:
    import redis

    _replays_first(tmp_path, db=redis_url)
    keys = redis.Redis.from_url(redis_url).keys("ats-harness-fuzz:*")
    assert keys, "nothing was saved in Redis"


def test_an_unreachable_redis_is_a_clear_error(tmp_path: Path, fake_session: type[FakeSession]) -> None:
    pytest.importorskip("redis")
    from harness.errors import HarnessError

    with pytest.raises(HarnessError, match="Redis does not answer"):
        driver.fuzz(options(tmp_path, db=f"redis://127.0.0.1:{_free_port()}"))


def test_stateful_programs_are_valid_scenarios_a_person_could_carry_out(
    tmp_path: Path, fake_session: type[FakeSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    from harness.profile import load_profile
    from harness.scenario.against import profile_errors

    monkeypatch.setattr(FakeSession, "play", lambda self, s: (FakeSession.played.append(s), Outcome())[1])
    result = driver.fuzz(options(tmp_path, stateful=True, max_examples=40))
    assert result.passed and len(FakeSession.played) >= 40  # programs Hypothesis cut short count too
    profile = load_profile(PROFILE)
    kinds_seen: set[str] = set()
    for scenario in FakeSession.played:
        assert profile_errors([scenario], profile) == []
        kinds = [s.kind for s in scenario.steps]
        kinds_seen.update(kinds)
        assert kinds[0] == "apply"
        after_hire = kinds[kinds.index("hire") :] if "hire" in kinds else []
        assert all(k not in after_hire for k in ("move_stage", "update_offer", "approve_offer", "book"))
        for k in ("hr_edit", "update_application", "update_candidate", "redeliver"):
            assert k not in kinds or k in after_hire, f"{k} before hire: {kinds}"
        assert "sign" not in kinds or kinds.index("approve_offer") < kinds.index("sign")
        if "hr_edit" in kinds:
            assert "data_fidelity" not in scenario.checks
    assert {"move_stage", "create_offer", "approve_offer", "hire", "advance_clock"} <= kinds_seen
