"""Integrations the harness certifies: a reference one and known-bug variants."""
