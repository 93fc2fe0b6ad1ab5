"""A run whose SUT dies half-way still writes a complete report, marked partial."""

import json
from pathlib import Path

from harness.engine.runner import Runner, RunOptions

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]

PROFILE = """\
profile: 1
name: crashing SUT
sut:
  command: python {script}
  url: "http://127.0.0.1:{{port}}"
  health: /health
  env: {{PORT: "{{port}}"}}
  startup_timeout: 20s
webhooks: {{greenhouse: /webhooks/greenhouse}}
stages: [Application Review, Phone Screen, Technical Interview, Onsite, Offer]
emails:
  application_confirmation: {{subject: "We received your application"}}
  rejection: {{subject: "An update on your application"}}
triggers:
  - name: application_confirmation
    when: {{event: application_created}}
    effect: {{email: application_confirmation}}
alerts: {{channel: slack, owner: owner@example.com, deadline: 1s}}
"""


def test_a_sut_crash_leaves_a_complete_partial_report(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(PROFILE.format(script=HERE / "crashing_sut.py"))
    options = RunOptions(
        profile=profile,
        paths=[
            ROOT / "scenarios" / "communication" / "application_confirmation.yaml",
            ROOT / "scenarios" / "communication" / "rejection.yaml",
        ],
        reports_dir=tmp_path / "reports",
        concurrency=1,
        reporters=[],
    )
    runner = Runner(options)
    result = runner.run()
    assert result.partial
    assert "exited" in result.partial_reason
    assert not result.passed
    report = json.loads((runner.out_dir / "report.json").read_text())
    assert report["partial"] is True
    assert report["journeys"], "the journey that saw the crash is in the report"
    assert (runner.out_dir / "junit.xml").exists()
    assert "PARTIAL" in (runner.out_dir / "report.html").read_text().upper()
