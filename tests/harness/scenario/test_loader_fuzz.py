"""Fuzzing the scenario and profile loaders: any text gives a result or a located error, never a traceback.

Two sources of input: arbitrary text (with a bias towards YAML's own punctuation) and mutations of the real
files (the bundled suite, the reference profile, the test fixtures): a line dropped, repeated, re-indented or
cut, a value replaced, characters inserted. Memory is bounded per example; time is left to Hypothesis'
health checks (no deadline: the machine is shared and noisy).
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.errors import ProfileError, ScenarioError
from harness.profile import parse_profile
from harness.scenario import parse_scenario

ROOT = Path(__file__).resolve().parents[3]
SCENARIOS = [*sorted((ROOT / "scenarios").rglob("*.yaml")), ROOT / "tests/harness/fixtures/scenario_example.yaml"]
PROFILES = [ROOT / "examples/reference_integration/profile.yaml", ROOT / "tests/harness/fixtures/profile_example.yaml"]
MEMORY_MIB = 64  # per example; a small text that costs more than this is a bug

# ATS_FUZZ_EXAMPLES=5000 for a longer hunt
FUZZ = settings(
    max_examples=int(os.environ.get("ATS_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

yaml_text = st.lists(
    st.one_of(
        st.sampled_from([*list(" \n\t:-[]{},&*!|>'\"#%@`?<.0123456789eE+_~"), "\r\n", "<<", "---", "...", "  "]),
        st.characters(codec="utf-8"),
    ),
    max_size=300,
).map("".join)


def _bounded(parse, text: str, allowed: type[Exception]) -> None:
    tracemalloc.start()
    try:
        parse(text, "fuzz.yaml")
    except allowed as exc:
        assert "fuzz.yaml" in str(exc), f"the error does not name the file: {exc}"
    finally:
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    assert peak < MEMORY_MIB, f"{peak:.0f} MiB for {len(text)} characters"


@st.composite
def mutated(draw, files: list[Path]) -> str:
    lines = draw(st.sampled_from(files)).read_text(encoding="utf-8").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["drop", "repeat", "indent", "dedent", "cut", "value", "insert", "swap"]))
        line = lines[i]
        if how == "drop":
            del lines[i]
        elif how == "repeat":
            lines.insert(i, line)
        elif how == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + line
        elif how == "dedent":
            lines[i] = line.lstrip(" ")
        elif how == "cut":
            lines[i] = line[: draw(st.integers(0, len(line)))]
        elif how == "value":
            head, colon, _ = line.partition(": ")
            replacement = draw(
                st.one_of(
                    yaml_text.map(lambda t: t.replace("\n", " ")),
                    st.sampled_from(
                        [
                            "null",
                            "~",
                            "[]",
                            "{}",
                            "-1",
                            "1e999",
                            "0.1",
                            "yes",
                            "2026-13-40",
                            "*x",
                            "&x",
                            ".nan",
                            ".inf",
                            "-.inf",
                            "99999999999999d",
                            "'+999999999d'",
                            "9" * 5000,
                            "190:20:30.15",
                        ]
                    ),
                )
            )
            lines[i] = f"{head}{colon or ': '}{replacement}\n"
        elif how == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(yaml_text) + line[at:]
        elif how == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


@FUZZ
@given(yaml_text)
def test_any_text_as_a_scenario(text: str) -> None:
    _bounded(parse_scenario, text, ScenarioError)


@FUZZ
@given(yaml_text)
def test_any_text_as_a_profile(text: str) -> None:
    _bounded(parse_profile, text, ProfileError)


@FUZZ
@given(mutated(SCENARIOS))
def test_mutated_scenarios(text: str) -> None:
    _bounded(parse_scenario, text, ScenarioError)


@FUZZ
@given(mutated(PROFILES))
def test_mutated_profiles(text: str) -> None:
    _bounded(parse_profile, text, ProfileError)


def test_the_mutation_sources_are_real_files() -> None:
    assert len(SCENARIOS) > 10 and all(p.is_file() for p in SCENARIOS + PROFILES)
