"""Shared test configuration."""

# Example scenario and profile files that tests load by path; they are data,
# not scenario items for the pytest plugin to run.
collect_ignore_glob = ["harness/fixtures/*.yaml"]
