"""Shared test configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

# Example scenario and profile files that tests load by path; they are data,
# not scenario items for the pytest plugin to run.
collect_ignore_glob = ["harness/fixtures/*.yaml"]

# Tests write reports under pytest's tmp_path. A run that leaves something new in the checkout's reports/
# (or in reports/ of the folder pytest was started from) fails, naming what it left.
_WATCHED = pytest.StashKey[dict[Path, set[str]]]()


def _reports_folders() -> set[Path]:
    return {Path(__file__).resolve().parents[1] / "reports", Path.cwd().resolve() / "reports"}


def _entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_WATCHED] = {folder: _entries(folder) for folder in _reports_folders()}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_WATCHED, {})
    left = sorted(str(folder / name) for folder, names in before.items() for name in _entries(folder) - names)
    if not left:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = (
        f"the tests left {len(left)} new entr{'y' if len(left) == 1 else 'ies'} in a reports/ folder "
        f"(write reports under tmp_path): {', '.join(left[:10])}{' ...' if len(left) > 10 else ''}"
    )
    if reporter is not None:
        reporter.write_line(message, red=True, bold=True)
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_addoption(parser):  # type: ignore[no-untyped-def]
    parser.addoption(
        "--nightly",
        action="store_true",
        help="also run the tests marked nightly (the reference certifying on 20 seeds instead of 3)",
    )
    parser.addoption(
        "--slow",
        action="store_true",
        help="also run the tests marked slow (detection matrices, fuzz searches, certifications, schemathesis, "
        "containers); .ci/run runs them after the default suite",
    )


def _asked_for(config, marker: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the command line selects ``marker`` itself (``-m slow``, ``-m "slow and not docker"``)."""
    expression = config.getoption("-m") or ""
    return marker in expression.replace("(", " ").replace(")", " ").split() and f"not {marker}" not in expression


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    import os

    nightly = config.getoption("--nightly") or os.environ.get("ATS_HARNESS_NIGHTLY") == "1"
    slow = (
        nightly
        or config.getoption("--slow")
        or os.environ.get("ATS_HARNESS_SLOW") == "1"
        or _asked_for(config, "slow")
    )
    skip_nightly = pytest.mark.skip(reason="nightly: run with --nightly (or ATS_HARNESS_NIGHTLY=1)")
    skip_slow = pytest.mark.skip(reason="slow: run with --slow (or -m slow, ATS_HARNESS_SLOW=1); CI runs them")
    for item in items:
        if "nightly" in item.keywords and not nightly:
            item.add_marker(skip_nightly)
        elif "slow" in item.keywords and not slow:
            item.add_marker(skip_slow)
