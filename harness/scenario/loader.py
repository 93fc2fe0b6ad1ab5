"""Load scenario files: YAML -> JSON Schema -> cross-field rules -> :class:`Scenario`.

Every mistake is reported with file, line, column, path, the bad value, the
valid values and a did-you-mean. Nothing stops at the first mistake: a file
reports all of its mistakes, and :func:`load_scenarios` reports those of
every file, as one :class:`~harness.errors.ScenarioError`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from jsonschema import Draft202012Validator

from ..errors import ScenarioError, SpecError, did_you_mean, show_value
from ..resources import contract
from . import packs, renames, templating, yamlpos
from .durations import DurationError, RelativeInstant, parse_duration, parse_instant, parse_timezone
from .model import (
    DEFAULT_WITHIN,
    EXPECTATION_KINDS,
    ChaosSpec,
    Expectation,
    FaultSpec,
    Scenario,
    Step,
    WorldSpec,
    default_world,
)

__all__ = ["SCHEMA_PATH", "find_scenario_files", "load_scenario", "load_scenarios", "parse_scenario", "validator"]

SCHEMA_PATH = contract("scenario.schema.json")  # contracts/ of the checkout, or shipped in the package
SUFFIXES = (".yaml", ".yml")

# fault/chaos keys that only mean something for some kinds
_FAULT_KEYS_FOR = {
    "status": ("status",),
    "message": ("status",),
    "delay": ("latency", "timeout"),
    "retry_after": ("rate_limit",),
}
_CHAOS_KEYS_FOR = {"delay": ("delay", "stale")}


@cache
def validator() -> Draft202012Validator:
    """The scenario format's JSON Schema validator."""
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def load_scenario(path: str | Path) -> Scenario:
    """Load one scenario file; raises :class:`ScenarioError` listing every mistake in it."""
    return _from_document(yamlpos.load(path, ScenarioError))


def parse_scenario(text: str, file: str = "<string>") -> Scenario:
    """Load a scenario from YAML text (``file`` names it in errors)."""
    return _from_document(yamlpos.load_text(text, ScenarioError, file=file))


def find_scenario_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """The scenario files named by ``paths``: files as given, folders searched recursively for *.yaml/*.yml."""
    files, errors = _find(paths)
    if errors:
        raise ScenarioError.group(errors)
    return files


def load_scenarios(paths: str | Path | Iterable[str | Path]) -> list[Scenario]:
    """Load every scenario under ``paths`` (files or folders, recursively).

    All files are read before anything is raised, so one
    :class:`ScenarioError` lists the mistakes of every file. Two scenarios
    with the same name are a mistake too: reports tell journeys apart by it.
    """
    files, errors = _find(paths)
    loaded: list[tuple[Scenario, yamlpos.Document]] = []
    for file in files:
        try:
            doc = yamlpos.load(file, ScenarioError)
            loaded.append((_from_document(doc), doc))
        except ScenarioError as exc:
            errors.append(exc)
    first: dict[str, Scenario] = {}
    for scenario, doc in loaded:
        other = first.setdefault(scenario.name, scenario)
        if other is not scenario:
            message = f"scenario name '{scenario.name}' is already used by {other.file}; names must be unique"
            errors.append(doc.error(ScenarioError, ("name",), message))
    if errors:
        raise ScenarioError.group(errors)
    return [scenario for scenario, _ in loaded]


def _find(paths: str | Path | Iterable[str | Path]) -> tuple[list[Path], list[SpecError]]:
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files: list[Path] = []
    errors: list[SpecError] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
            if not found:
                errors.append(ScenarioError(f"no scenario files (*.yaml, *.yml) under {path}/", file=str(path)))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            errors.append(ScenarioError("no such file or folder", file=str(path)))
    return list(dict.fromkeys(files)), errors


def _from_document(doc: yamlpos.Document) -> Scenario:
    if not isinstance(doc.data, dict):
        raise doc.error(
            ScenarioError, (), "a scenario file holds a mapping of keys (scenario: 1, name: ..., steps: ...)"
        )
    _rename_old_hris_names(doc)
    errors = yamlpos.schema_errors(doc, validator(), ScenarioError)
    if errors:
        raise ScenarioError.group(errors)
    builder = _Builder(doc)
    scenario = builder.build()
    if builder.errors:
        raise ScenarioError.group(builder.errors)
    return scenario


def _rename_old_hris_names(doc: yamlpos.Document) -> None:
    """A vendor's HRIS field names where a scenario names HRIS fields: renamed, with a notice (``renames``)."""
    steps = doc.data.get("steps")
    for i in range(len(steps) if isinstance(steps, list) else 0):
        renames.rename_keys(doc, ("steps", i, "hr_edit", "fields"))
        for kind in ("expect", "expect_none"):
            renames.rename_keys(doc, ("steps", i, kind, "employee", "fields"))


class _Builder:
    """Cross-field rules the schema cannot say, and the conversion to the model."""

    def __init__(self, doc: yamlpos.Document) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.errors: list[SpecError] = []
        self.stages: list[str] = []

    def error(self, path: tuple[Any, ...], message: str = "", **fields: Any) -> None:
        self.errors.append(self.doc.error(ScenarioError, path, message, **fields))

    def build(self) -> Scenario:
        data = self.data
        world = self._world()
        records = self._records()
        steps = tuple(self._step(i, raw) for i, raw in enumerate(data["steps"]))
        self._check_names(data.get("checks", ()))
        return Scenario(
            name=data["name"],
            layer=data["layer"],
            file=self.doc.file,
            steps=steps,
            world=world,
            description=data.get("description", ""),
            tags=tuple(data.get("tags", ())),
            seed=data.get("seed"),
            journeys=data.get("journeys", 1),
            packs=tuple(data.get("data", {}).get("packs", ())),
            records=records,
            faults=tuple(self._fault(i, f) for i, f in enumerate(data.get("faults", ()))),
            chaos=tuple(self._chaos(i, c) for i, c in enumerate(data.get("chaos", ()))),
            checks=tuple(data.get("checks", ())),
            version=data["scenario"],
        )

    def _check_names(self, given: Any) -> None:
        from ..checks.registry import names

        known = ["expectations", *names()]
        for i, name in enumerate(given):
            if name not in known:
                self.error(("checks", i), f"unknown check '{name}'", value=name, valid=known, valid_kind="checks")

    # -- world and data --------------------------------------------------------------------------------
    def _world(self) -> WorldSpec:
        given = self.data.get("world", {})
        world = default_world()
        for section, values in given.items():
            merged = {**world[section], **values}
            if section == "job" and "hiring_manager" in values:
                merged["hiring_manager"] = {**world["job"]["hiring_manager"], **values["hiring_manager"]}
            world[section] = merged
            self._templates(("world", section), values)
        self.stages = list(world["job"]["stages"])
        opened = given.get("job", {}).get("opened_at")
        if opened is not None:
            self._instant(("world", "job", "opened_at"), opened)
        return WorldSpec(job=world["job"], candidate=world["candidate"], offer=world["offer"])

    def _records(self) -> tuple[Mapping[str, Any], ...]:
        data = self.data.get("data", {})
        records: list[Mapping[str, Any]] = []
        known = packs.available()
        for i, name in enumerate(data.get("packs", ())):
            if name not in known:
                self.error(
                    ("data", "packs", i), f"unknown data pack '{name}'", value=name, valid=known, valid_kind="packs"
                )
                continue
            try:
                records.extend(packs.load([name]))
            except ScenarioError as exc:  # a broken pack file: its own file and line
                self.errors.append(exc)
        inline = data.get("records", [])
        self.errors.extend(packs.record_errors(self.doc, ("data", "records"), inline))
        records.extend(inline)
        return tuple(records)

    # -- steps -----------------------------------------------------------------------------------------
    def _step(self, index: int, raw: dict[str, Any]) -> Step:
        kind, args = next(iter(raw.items()))
        path = ("steps", index, kind)
        line, column = self.doc.locate(("steps", index))
        expectation = None
        if kind == "advance_clock":
            by = args["by"] if isinstance(args, dict) else args
            args = {"by": self._duration((*path, "by") if isinstance(args, dict) else path, by)}
        elif kind == "wait":
            args = {"until": args}
        else:
            args = dict(args or {})
            self._templates(path, args)
            if kind in ("expect", "expect_none"):
                expectation = self._expectation(path, args, negative=kind == "expect_none")
            elif kind == "move_stage":
                self._stage((*path, "to"), args["to"])
            elif kind in ("book", "reschedule"):
                self._instant((*path, "start"), args["start"])
                if "timezone" in args:
                    self._timezone((*path, "timezone"), args["timezone"])
        return Step(kind, args, index=index, line=line, column=column, expectation=expectation)

    def _expectation(self, path: tuple[Any, ...], args: dict[str, Any], *, negative: bool) -> Expectation:
        kind = next(k for k in args if k in EXPECTATION_KINDS)
        spec = dict(args[kind] or {})
        if "stage_change_within" in spec:
            spec["stage_change_within"] = self._duration(
                (*path, kind, "stage_change_within"), spec["stage_change_within"]
            )
        within = None if negative else self._duration((*path, "within"), args.get("within", DEFAULT_WITHIN))
        return Expectation(kind=kind, spec=spec, negative=negative, within=within)

    def _stage(self, path: tuple[Any, ...], stage: str) -> None:
        if stage not in self.stages and not templating.is_template(stage):
            self.error(
                path,
                f"stage '{stage}' is not one of world.job.stages",
                value=stage,
                valid=self.stages,
                valid_kind="stages",
            )

    # -- faults and chaos ------------------------------------------------------------------------------
    def _fault(self, index: int, raw: dict[str, Any]) -> FaultSpec:
        self._kind_only(("faults", index), raw, _FAULT_KEYS_FOR)
        path = ("faults", index)
        return FaultSpec(
            kind=raw["kind"],
            fake=raw.get("fake"),
            method=raw.get("method"),
            path=raw.get("path"),
            operation=raw.get("operation"),
            status=raw.get("status"),
            message=raw.get("message", ""),
            count=raw.get("count", 1),
            after=raw.get("after", 0),
            delay=self._duration((*path, "delay"), raw["delay"]) if "delay" in raw else None,
            retry_after=self._duration((*path, "retry_after"), raw["retry_after"]) if "retry_after" in raw else None,
        )

    def _chaos(self, index: int, raw: dict[str, Any]) -> ChaosSpec:
        self._kind_only(("chaos", index), raw, _CHAOS_KEYS_FOR)
        delay = self._duration(("chaos", index, "delay"), raw["delay"]) if "delay" in raw else None
        return ChaosSpec(
            kind=raw["kind"], fake=raw.get("fake"), event=raw.get("event"), count=raw.get("count", 1), delay=delay
        )

    def _kind_only(self, path: tuple[Any, ...], raw: dict[str, Any], rules: dict[str, tuple[str, ...]]) -> None:
        for key, kinds in rules.items():
            if key in raw and raw["kind"] not in kinds:
                only = " or ".join(kinds)
                self.error(
                    path,
                    f"'{key}' applies only to kind {only}, and this rule's kind is '{raw['kind']}'",
                    at=(*path, key),
                    key=True,
                )

    # -- values ----------------------------------------------------------------------------------------
    def _duration(self, path: tuple[Any, ...], value: Any) -> timedelta:
        try:
            return parse_duration(value)
        except DurationError as exc:
            self.error(path, exc.message, valid=exc.valid, valid_kind="forms")
            return timedelta()

    def _instant(self, path: tuple[Any, ...], value: Any) -> None:
        try:
            parsed = parse_instant(value)
        except DurationError as exc:
            self.error(path, exc.message, valid=exc.valid, valid_kind="forms")
            return
        if isinstance(parsed, RelativeInstant):
            try:  # a run starts near today: an offset that leaves the calendar (years 1-9999) cannot be played
                parsed.resolve(datetime(2000, 1, 1, tzinfo=UTC))
                parsed.resolve(datetime(2100, 1, 1, tzinfo=UTC))
            except OverflowError:
                self.error(path, f"instant {show_value(value)} is too far away: it leaves the calendar (years 1-9999)")

    def _timezone(self, path: tuple[Any, ...], name: str) -> None:
        try:
            parse_timezone(name)
        except DurationError as exc:
            zone = did_you_mean(name, sorted(available_timezones()))
            self.error(path, exc.message, value=name, suggestion=zone, valid=exc.valid, valid_kind="examples")

    def _templates(self, path: tuple[Any, ...], value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                self._templates((*path, key), item)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self._templates((*path, i), item)
        elif templating.is_template(value):
            try:
                unknown = templating.unknown_names(value)
            except templating.TemplateProblem as exc:
                self.error(path, f"{exc} (in {value!r})")
                return
            for name in unknown:
                message = f"template uses '{name}', which is not in scope (in {value!r})"
                self.error(path, message, value=name, valid=templating.ROOTS, valid_kind="names")
