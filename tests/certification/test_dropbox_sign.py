"""Dropbox Sign mode of the reference integration: the same documents scenarios as with
DocuSign (no scenario names a vendor), the profile choosing ``vendors.esign: dropbox_sign``.

The reference certifies clean on the documents layer, and the document-layer
known-bug variants are caught by the same check as in DocuSign mode (the
detection matrix's check for each), through the Dropbox Sign fake: wrong names
in the template's custom fields, an approval fired twice, no write-back of the
callback's outcome, the candidate sent first, no cancel on rollback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from examples.buggy import VARIANTS
from examples.detection_matrix import MATRIX
from harness.engine.runner import Runner, RunOptions

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "examples" / "reference_integration" / "profile-dropbox-sign.yaml"

DOCUMENT_VARIANTS = sorted(v for v, (_, paths) in MATRIX.items() if all(p.startswith("documents/") for p in paths))

pytestmark = pytest.mark.slow


def certify(paths: list[str], variant: str | None, reports: Path) -> Runner:
    runner = Runner(RunOptions(profile=PROFILE, paths=[ROOT / "scenarios" / p for p in paths], seed=0,
                               variant=variant, reporters=[], write=False, reports_dir=reports))
    runner.run()
    return runner


def test_the_document_variants_are_at_least_three() -> None:
    assert len(DOCUMENT_VARIANTS) >= 3, DOCUMENT_VARIANTS


def test_the_reference_certifies_clean_on_the_documents_layer_in_dropbox_sign_mode(tmp_path: Path) -> None:
    runner = certify(["documents"], None, tmp_path)
    result = runner.result
    problems = [(j.journey, [str(f) for f in j.failures][:2], j.error[:300])
                for j in result.journeys if j.verdict != "passed"]
    assert result.journeys and result.passed, problems
    # the letters went through the Dropbox Sign fake (never DocuSign), and its callbacks were acknowledged
    assert runner.world is not None
    hub = runner.world.hub
    sent = list(hub.journal.entries(fake="dropbox_sign", operation="signature_request_send_with_template"))
    assert sent and all(e.status == 200 for e in sent)
    assert not list(hub.journal.entries(fake="docusign", method="POST"))
    callbacks = hub.dispatcher.deliveries(fake="dropbox_sign", event="signature_request_all_signed")
    assert callbacks and all(d.state == "delivered" for d in callbacks)


@pytest.mark.parametrize("variant", DOCUMENT_VARIANTS)
def test_a_document_layer_variant_is_caught_in_dropbox_sign_mode(variant: str, tmp_path: Path) -> None:
    check, paths = MATRIX[variant]
    result = certify(paths, variant, tmp_path).result
    failed = {c.check for j in result.journeys for c in j.checks if c.verdict == "failed"}
    errors = [j.error for j in result.journeys if j.error]
    assert not result.passed, f"{variant} ({VARIANTS[variant]}) certified clean in Dropbox Sign mode"
    assert not errors, f"{variant}: journeys errored instead of failing a check: {errors[:2]}"
    assert check in failed, f"{variant} ({VARIANTS[variant]}) failed {sorted(failed)}, not {check}"
