"""`sut: {image, port, env}` in a profile chooses container mode (no engine needed to check the wiring)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.container import ContainerSut
from harness.engine.runner import RunOptions
from harness.engine.setup import make_sut
from harness.errors import HarnessError
from harness.profile import load_profile
from harness.sut import CommandSut

ROOT = Path(__file__).resolve().parents[3]


def _profile(tmp_path: Path, sut: str) -> Path:
    text = (ROOT / "examples/reference_integration/profile.yaml").read_text()
    start = text.index("\nsut:")
    end = text.index("\nwebhooks:")
    path = tmp_path / "profile.yaml"
    path.write_text(text[:start] + "\n" + sut.rstrip() + text[end:])
    return path


def test_a_profile_image_starts_the_sut_as_a_container(tmp_path: Path) -> None:
    profile = load_profile(_profile(tmp_path, 'sut:\n  image: acme/sync:dev\n  port: 8800\n  env: {PORT: "{port}"}\n'))
    sut = make_sut(RunOptions(profile=None, paths=[]), profile, tmp_path)
    assert isinstance(sut, ContainerSut)
    assert (sut.image, sut.port, sut.url, sut.extra_env) == ("acme/sync:dev", 8800, "http://127.0.0.1:8800",
                                                              {"PORT": "8800"})


def test_sut_image_on_the_command_line_overrides_the_profile_command(tmp_path: Path) -> None:
    profile = load_profile(ROOT / "examples/reference_integration/profile.yaml")
    assert isinstance(make_sut(RunOptions(profile=None, paths=[]), profile, tmp_path), CommandSut)
    sut = make_sut(RunOptions(profile=None, paths=[], sut_image="acme/sync:dev"), profile, tmp_path)
    assert isinstance(sut, ContainerSut)
    assert sut.extra_env["PORT"] == str(sut.port)  # the profile's {port} is the container's port


def test_a_bad_port_is_named_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(HarnessError, match="port"):
        load_profile(_profile(tmp_path, "sut:\n  image: acme/sync:dev\n  port: 70000\n"))
