"""What a scenario names that only the engine or the profile can vouch for, checked before anything runs.

The JSON Schema checks each value on its own, and the loader checks names against the engine's
registries. These rules check scenarios against the profile they will run with (an email kind the
profile does not declare), so that ``validate --profile`` refuses everything ``run`` would refuse,
with the same file:line and did-you-mean.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import ScenarioError, SpecError

__all__ = ["profile_errors"]


def profile_errors(scenarios: Iterable[Any], profile: Any) -> list[SpecError]:
    """What the scenarios need the profile to declare: each email kind they expect."""
    from ..engine.plan import absent, expectation_need

    emails = list(getattr(profile, "emails", {}) or {})
    out: list[SpecError] = []
    for scenario in scenarios:
        for step in scenario.steps:
            expectation = step.expectation
            if expectation is None or expectation.kind not in ("email", "emails"):
                continue
            if absent(profile, expectation_need(expectation.kind, dict(expectation.spec or {}))):
                continue  # the integration does not do this; the expectation will be reported not applicable
            kind = (expectation.spec or {}).get("kind")
            if kind is not None and kind not in emails and "{{" not in str(kind):
                out.append(
                    ScenarioError(
                        f"email kind '{kind}' is not declared under emails in the profile {profile.file}",
                        file=scenario.file,
                        line=step.line,
                        path=f"steps[{step.index}].{step.kind}.{expectation.kind}.kind",
                        value=kind,
                        valid=emails,
                        valid_kind="email kinds of the profile",
                    )
                )
    return out
