"""Shared test configuration."""

# Example scenario and profile files that tests load by path; they are data,
# not scenario items for the pytest plugin to run.
collect_ignore_glob = ["harness/fixtures/*.yaml"]


def pytest_addoption(parser):  # type: ignore[no-untyped-def]
    parser.addoption(
        "--nightly",
        action="store_true",
        help="also run the tests marked nightly (the reference certifying on 20 seeds instead of 3)",
    )


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    import os

    import pytest

    if config.getoption("--nightly") or os.environ.get("ATS_HARNESS_NIGHTLY") == "1":
        return
    skip = pytest.mark.skip(reason="nightly: run with --nightly (or ATS_HARNESS_NIGHTLY=1)")
    for item in items:
        if "nightly" in item.keywords:
            item.add_marker(skip)
