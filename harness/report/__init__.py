"""Reporters: console progress, JUnit XML, report.json and the HTML certification report.

All of them consume the engine's events or a finished ``RunResult``; the
engine knows none of them.
"""

from harness.report.console import ConsoleReporter
from harness.report.criteria import CRITERIA, evaluate_all
from harness.report.html import render_html
from harness.report.json_report import SCHEMA_VERSION, render_json
from harness.report.junit import render_junit
from harness.report.writer import PartialGuard, ReportWriter, write_reports

__all__ = [
    "CRITERIA",
    "SCHEMA_VERSION",
    "ConsoleReporter",
    "PartialGuard",
    "ReportWriter",
    "evaluate_all",
    "render_html",
    "render_json",
    "render_junit",
    "write_reports",
]
