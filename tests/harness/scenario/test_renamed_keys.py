"""Scenarios written before parties existed get told what to write instead of `role:`."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import ScenarioError
from harness.scenario.loader import load_scenario

OLD = """\
scenario: 1
name: old recipients
layer: documents
steps:
  - apply: {}
  - sign: {role: Hiring Manager}
  - expect: {envelope: {recipients: [{role: Candidate, routing_order: 2}]}, within: 5s}
  - sign: {by: hiring_manger}
"""


def test_role_keys_name_their_replacement_and_typos_get_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(OLD)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        f"{path}:6:12: steps[1].sign: 'role' is no longer a key here: write by: candidate or by: hiring_manager; "
        "which recipient each party is comes from the profile (vocabulary.envelope.signers)",
        f"{path}:7:39: steps[2].expect.envelope.recipients[0]: 'role' is no longer a key here: write party: "
        "candidate or party: hiring_manager; which recipient each party is comes from the profile "
        "(vocabulary.envelope.signers)",
        f"{path}:8:16: steps[3].sign.by: value 'hiring_manger' is not valid; valid values: candidate, "
        "hiring_manager; did you mean 'hiring_manager'?",
    ]
