"""The profile's vocabulary and correlation drive a whole run, not only the unit resolvers.

The reference integration can be described by other true facts than its
defaults: its hiring manager is routing order 1 and its candidate is the
recipient with the candidate's address; its employee has the candidate's work
email; its Phone Screen event type has the slug phone-screen. A profile saying
so certifies the same scenarios; a profile saying something false about the
same integration (signers swapped, the wrong event type) fails them, with the
checks that read those names.
"""

from __future__ import annotations

from pathlib import Path

from harness.engine.runner import Runner, RunOptions

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = (ROOT / "examples" / "reference_integration" / "profile.yaml").read_text()
PATHS = ["documents/routing_and_writeback.yaml", "hris_sync/new_hire_sync.yaml", "scheduling/book_interview.yaml"]

TRUE = """
vocabulary:
  envelope:
    signers: {hiring_manager: {routing_order: 1}, candidate: {email: candidate}}
  event_types: {Phone Screen: {slug: phone-screen}}
correlation:
  envelope: {signer_email: candidate}
  employee: {work_email: candidate}
  booking: {invitee_email: candidate}
"""
FALSE = TRUE.replace(
    "{hiring_manager: {routing_order: 1}, candidate: {email: candidate}}",
    "{hiring_manager: {email: candidate}, candidate: {routing_order: 1}}",
).replace("{slug: phone-screen}", "{slug: onsite}")


def run(tmp_path: Path, extra: str) -> Runner:
    profile = tmp_path / "profile.yaml"
    profile.write_text(REFERENCE + extra)
    options = RunOptions(
        profile=profile, paths=[ROOT / "scenarios" / p for p in PATHS], seed=0, reporters=[], write=False,
        reports_dir=tmp_path / "reports",
    )
    runner = Runner(options)
    runner.run()
    return runner


def test_true_facts_in_other_words_certify(tmp_path: Path) -> None:
    result = run(tmp_path, TRUE).result
    problems = [
        (j.journey, [str(f) for f in j.failures][:2], (j.error or "")[:300])
        for j in result.journeys
        if j.verdict != "passed"
    ]
    assert result.passed and not problems, problems


def test_false_facts_fail_with_the_checks_that_read_them(tmp_path: Path) -> None:
    result = run(tmp_path, FALSE).result
    failed = {c.check for j in result.journeys for c in j.checks if c.verdict == "failed"}
    assert not result.passed
    assert {"expectations", "trigger_accuracy"} <= failed, failed
