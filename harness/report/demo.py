"""Write the reports of a representative failing run: ``python -m harness.report.demo OUT_DIR``.

The run is made up by hand (no fakes, no SUT): a few journeys per layer,
an offer letter whose salary had two digits swapped, an HRIS record whose
name arrived in another Unicode normalisation form, and one SUT crash. It
is what the screenshot in docs/ shows and a quick way to see a report.

To refresh docs/report-screenshot.png (the whole page is about 4400 px tall)::

    python -m harness.report.demo /tmp/demo
    chromium --headless --no-sandbox --disable-gpu --user-data-dir=/tmp/chromium-demo \\
        --screenshot=docs/report-screenshot.png --window-size=1280,4400 \\
        file:///tmp/demo/20250312T100000Z-4242/report.html
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from harness.report.writer import write_reports
from harness.results import CheckFailure, CheckResult, JourneyResult, RunResult, TimelineEntry

SEED = 4242
COMMAND = f"ats-harness run scenarios/ --profile profiles/acme.yaml --sut 'python -m acme_sync' --seed {SEED}"


def _ok(*checks: str) -> list[CheckResult]:
    return [CheckResult(name, "passed") for name in checks]


def _journey(scenario: str, n: int, layer: str, checks: list[CheckResult], **kw: Any) -> JourneyResult:
    journey = JourneyResult(scenario=scenario, journey=f"{scenario}#{n}", layer=layer, checks=checks, **kw)
    journey.finish()
    return journey


def _offer_timeline() -> list[TimelineEntry]:
    return [
        TimelineEntry("2025-03-03T09:00:00Z", "harness", "greenhouse", "PATCH offer 5501: salary 103000.00 USD/year"),
        TimelineEntry("2025-03-03T09:00:00Z", "harness", "greenhouse", "move application 7720 to stage Offer", 200),
        TimelineEntry("2025-03-03T09:00:01Z", "greenhouse", "sut", "webhook offer_created", 200),
        TimelineEntry("2025-03-03T09:00:01Z", "sut", "greenhouse", "GET /v1/offers/5501", 200),
        TimelineEntry(
            "2025-03-03T09:00:02Z",
            "sut",
            "docusign",
            "POST /restapi/v2.1/accounts/acc-1/envelopes",
            201,
            "tab salary = 130000.00",
        ),
        TimelineEntry("2025-03-03T09:00:02Z", "sut", "greenhouse", "PATCH offer 5501 signature_status=sent", 200),
    ]


def _hris_timeline() -> list[TimelineEntry]:
    return [
        TimelineEntry("2025-03-10T14:00:00Z", "harness", "greenhouse", "mark application 7731 hired", 200),
        TimelineEntry("2025-03-10T14:00:01Z", "greenhouse", "sut", "webhook candidate_hired", 200),
        TimelineEntry("2025-03-10T14:00:01Z", "sut", "bamboohr", "POST /api/v1/employees", 201, "firstName sent NFD"),
        TimelineEntry("2025-03-10T14:00:02Z", "sut", "bamboohr", "POST /api/v1/employees/41/tables/compensation", 201),
    ]


def demo_run() -> RunResult:
    salary = CheckFailure(
        "data_fidelity",
        "offer letter salary differs from the Greenhouse offer",
        expected=Decimal("103000.00"),
        actual=Decimal("130000.00"),
        where="docusign envelope tab 'salary'",
        hop="greenhouse offer custom field salary -> docusign envelope tab salary",
    )
    name = CheckFailure(
        "data_fidelity",
        "employee first name is not byte-identical to the candidate's",
        expected="Zoë",
        actual="Zoe\u0308",
        where="bamboohr employee 41 firstName",
        hop="greenhouse candidate first_name -> bamboohr employee firstName",
    )
    journeys = [
        _journey("communication/application_received", 1, "communication", _ok("trigger_accuracy", "communication")),
        _journey("communication/application_received", 2, "communication", _ok("trigger_accuracy", "communication")),
        _journey("scheduling/interview_link", 1, "scheduling", _ok("trigger_accuracy", "communication")),
        _journey("scheduling/interview_link", 2, "scheduling", _ok("trigger_accuracy", "rollback")),
        _journey("documents/offer_letter", 1, "documents", _ok("trigger_accuracy", "data_fidelity")),
        _journey(
            "documents/offer_letter",
            2,
            "documents",
            [CheckResult("trigger_accuracy", "passed"), CheckResult("data_fidelity", "failed", [salary])],
            timeline=_offer_timeline(),
            facts={"candidate": "Priya Raman", "offer_id": 5501, "envelope_id": "3f1c9a7e"},
            duration_s=0.84,
        ),
        _journey("documents/offer_letter", 3, "documents", _ok("trigger_accuracy", "data_fidelity")),
        _journey(
            "hris_sync/new_hire",
            1,
            "hris_sync",
            [CheckResult("data_fidelity", "failed", [name]), CheckResult("error_halting", "passed")],
            timeline=_hris_timeline(),
            facts={"candidate": "Zoë O'Brien-Nuñez", "employee_id": 41},
            duration_s=1.12,
        ),
        _journey("hris_sync/malformed_record", 1, "hris_sync", _ok("error_halting", "sync_rules", "rollback")),
        _journey("reporting/stage_freshness", 1, "reporting", _ok("reporting")),
        _journey(
            "end_to_end/apply_to_hire",
            1,
            "end_to_end",
            [CheckResult("trigger_accuracy", "passed")],
            error="SUT exited with status 1: KeyError: 'starts_at' in acme_sync/offers.py line 88",
            timeline=[TimelineEntry("2025-03-12T10:00:04Z", "greenhouse", "sut", "webhook offer_approved", 500)],
            duration_s=2.4,
        ),
    ]
    for i, journey in enumerate(journeys):
        journey.duration_s = journey.duration_s or 0.3 + 0.05 * i
    return RunResult(
        run_id="20250312T100000Z-4242",
        seed=SEED,
        command=COMMAND,
        started_at="2025-03-12T10:00:00Z",
        finished_at="2025-03-12T10:00:09Z",
        duration_s=9.1,
        harness_s=2.2,
        journeys=journeys,
        profile="profiles/acme.yaml",
        sut="acme_sync 2.3.0 (python -m acme_sync)",
        environment={"harness": "ats-harness 0.1.0", "python": "3.11"},
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m harness.report.demo OUT_DIR", file=sys.stderr)
        return 2
    for kind, path in write_reports(demo_run(), Path(args[0])).items():
        print(f"{kind:<5} {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
