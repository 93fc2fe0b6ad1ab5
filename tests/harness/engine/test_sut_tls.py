"""``tls: true`` under a profile's ``sut:``: the fakes serve HTTPS and the started SUT trusts them
through the contract's CA bundle alone (the reference integration's ``requests`` reads
``REQUESTS_CA_BUNDLE``; nothing in it knows about TLS)."""

import json
from pathlib import Path

from harness.engine.runner import Runner, RunOptions
from harness.profile import load_profile

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT / "examples" / "reference_integration" / "profile.yaml"


def with_tls(tmp_path: Path) -> Path:
    text = REFERENCE.read_text()
    anchor = "  startup_timeout: 30s\n"
    assert anchor in text, "the reference profile's sut block changed; update this test's anchor"
    profile = tmp_path / "profile.yaml"
    profile.write_text(text.replace(anchor, anchor + "  tls: true\n", 1))
    return profile


def test_the_profile_reads_sut_tls(tmp_path: Path) -> None:
    assert load_profile(with_tls(tmp_path)).sut.tls is True
    assert load_profile(REFERENCE).sut.tls is False


def test_a_run_with_sut_tls_serves_https_and_the_reference_passes(tmp_path: Path) -> None:
    options = RunOptions(
        profile=with_tls(tmp_path),
        paths=[ROOT / "scenarios" / "end_to_end" / "application_to_hire.yaml"],
        reports_dir=tmp_path / "reports",
        concurrency=1,
        reporters=[],
    )
    runner = Runner(options)
    served: dict[str, str] = {}
    original_start = runner._start

    def start_and_look() -> None:
        original_start()
        assert runner.world is not None
        served.update(runner.world.contract_env())

    runner._start = start_and_look  # type: ignore[method-assign]
    result = runner.run()
    assert all(served[k].startswith("https://127.0.0.1:") for k in served if k.endswith("_BASE_URL")), served
    assert served["REQUESTS_CA_BUNDLE"] == served["SSL_CERT_FILE"]
    assert result.passed, [j for j in json.loads((runner.out_dir / "report.json").read_text())["journeys"]]
    report = json.loads((runner.out_dir / "report.json").read_text())
    assert report["environment"]["fakes_tls"] is True
    assert not Path(served["SSL_CERT_FILE"]).exists(), "the run's CA files are removed when it ends"
