"""Fixtures shared by the profile tests."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.errors import ProfileError
from harness.profile import Profile, load_profile, parse_profile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# lines 1-3 of most test profiles; their own lines start at 4
HEAD = """\
profile: 1
name: test profile
stages: [Application Review, Phone Screen, Technical Interview, Onsite, Offer]
"""


@pytest.fixture
def example_path() -> Path:
    return FIXTURES / "profile_example.yaml"


@pytest.fixture
def example(example_path: Path) -> Profile:
    return load_profile(example_path)


@pytest.fixture
def profile_error(tmp_path: Path) -> Callable[..., ProfileError]:
    """Write ``p.yaml`` (HEAD + body), load it, and return the ProfileError it must raise."""

    def write_and_load(body: str, *, head: str = HEAD) -> ProfileError:
        path = tmp_path / "p.yaml"
        path.write_text(head + textwrap.dedent(body), encoding="utf-8")
        with pytest.raises(ProfileError) as caught:
            load_profile(path)
        return caught.value

    return write_and_load


@pytest.fixture
def make_profile() -> Callable[[str], Profile]:
    """A profile from HEAD + body."""
    return lambda body: parse_profile(HEAD + textwrap.dedent(body), file="p.yaml")
