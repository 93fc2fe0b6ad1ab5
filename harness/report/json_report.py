"""report.json: ``RunResult.as_dict()`` plus a schema version, described by report.schema.json."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

from harness.results import RunResult

# Bump the major part on any change a consumer could trip over; keep report.schema.json in step.
SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def report_dict(run: RunResult) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, **run.as_dict()}


def render_json(run: RunResult) -> str:
    # ``default=str``: a fact the engine did not make JSON-ready still lands in the report rather
    # than losing the whole report, which matters most for a partial run.
    return json.dumps(_finite(report_dict(run)), indent=2, ensure_ascii=False, default=str, allow_nan=False) + "\n"


@cache
def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _finite(value: Any) -> Any:
    """NaN and infinities are not JSON; keep them readable as strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value
