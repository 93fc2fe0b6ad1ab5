"""Container mode: the SUT as an image, started with testcontainers (needs a Docker engine).

The images are built here from Debian's packages (no registry is reachable):
``build_base_image.sh`` makes ``localbase:bookworm``, and the reference
integration's Dockerfile is built on it.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from harness.container import LABEL, ContainerSut
from harness.engine.runner import Runner, RunOptions
from harness.sut import SutError

ROOT = Path(__file__).resolve().parents[3]
DOCKER = "/usr/bin/docker"  # the docker first on PATH may be an older-API client
BASE = "localbase:bookworm"


def _no_engine() -> str | None:
    if not Path(DOCKER).exists():
        return f"no Docker engine: {DOCKER} is missing (bash .ci/docker installs and starts one)"
    probe = subprocess.run([DOCKER, "info"], capture_output=True, text=True, timeout=60)
    if probe.returncode != 0:
        return f"no Docker engine answers ({probe.stderr.strip().splitlines()[-1:]}); bash .ci/docker starts one"
    return None


REASON = _no_engine()
pytestmark = [pytest.mark.docker, pytest.mark.slow, pytest.mark.skipif(REASON is not None, reason=REASON or "")]


def _docker(*args: str, timeout: float = 600) -> str:
    done = subprocess.run([DOCKER, *args], capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"docker {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _leftovers() -> list[str]:
    return _docker("ps", "-aq", "--filter", f"label={LABEL}").split()


@pytest.fixture(scope="module")
def base_image() -> str:
    subprocess.run(["bash", str(Path(__file__).with_name("build_base_image.sh")), BASE], check=True, timeout=900)
    return BASE


@pytest.fixture(scope="module")
def reference_image(base_image: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    context = tmp_path_factory.mktemp("context")
    (context / "examples").mkdir()
    shutil.copy(ROOT / "examples/__init__.py", context / "examples/__init__.py")
    shutil.copytree(ROOT / "examples/reference_integration", context / "examples/reference_integration",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "examples/reference_integration/Dockerfile", context / "Dockerfile")
    tag = "ats-reference:test"
    _docker("build", "--network", "host", "--build-arg", f"BASE={base_image}", "-t", tag, str(context))
    return tag


def test_the_reference_integration_certifies_as_a_container(reference_image: str, tmp_path: Path) -> None:
    runner = Runner(RunOptions(profile=ROOT / "examples/reference_integration/profile.yaml",
                               paths=[ROOT / "scenarios/hris_sync"], reports_dir=tmp_path, quiet=True,
                               sut_image=reference_image))
    result = runner.run()
    assert result.passed, [j.journey for j in result.journeys if not j.passed]
    assert f"image {reference_image!r}" in result.sut
    log = (runner.out_dir / "sut-output.log").read_text()
    assert "reference integration ready on http://127.0.0.1:" in log  # its logs are kept with the report
    assert (runner.out_dir / "pacts").is_dir()
    assert "--sut-image ats-reference:test" in result.command
    assert _leftovers() == []  # always removed


def test_a_container_that_dies_is_reported_with_its_logs_and_removed(base_image: str, tmp_path: Path) -> None:
    tag = "ats-harness-dies:test"
    (tmp_path / "Dockerfile").write_text(
        f"FROM {base_image}\nCMD [\"python3\", \"-c\", \"print('cannot reach GREENHOUSE_BASE_URL'); exit(3)\"]\n"
    )
    _docker("build", "--network", "host", "-t", tag, str(tmp_path))
    sut = ContainerSut(url="http://127.0.0.1:9", image=tag, port=9, work_dir=tmp_path / "run", startup_timeout=60)
    with pytest.raises(SutError, match="exited before it was ready") as caught:
        sut.start({"GREENHOUSE_BASE_URL": "http://127.0.0.1:1"}, datetime.now(UTC))
    assert "cannot reach GREENHOUSE_BASE_URL" in str(caught.value)
    assert "cannot reach" in (tmp_path / "run" / "sut-output.log").read_text()
    assert _leftovers() == []


def test_a_missing_image_is_named(tmp_path: Path) -> None:
    sut = ContainerSut(url="http://127.0.0.1:9", image="ats-harness-no-such-image:never", port=9, work_dir=tmp_path)
    with pytest.raises(SutError, match=r"no-such-image:never.*not on this machine; images are never pulled"):
        sut.start({}, datetime.now(UTC))
    assert _leftovers() == []
