"""YAML that remembers where every value came from, and schema errors that say so.

:func:`load` builds plain Python data from PyYAML's node graph and records
the line and column of every value and every mapping key, so a mistake found
later (by the JSON Schema or by a cross-field rule) points at the exact spot.

Reading rules, chosen for configuration files that carry money and dates:

- numbers with a fraction become ``Decimal`` from their very digits, never
  ``float`` (``103000.10`` stays ``103000.10``); ``.inf`` stays a float, ``.nan`` is an error;
- dates and timestamps stay the text that was written (``2026-04-01``);
- mapping keys are always the text that was written (``on:`` is ``"on"``);
- a key written twice is an error, not a silent overwrite.

:func:`schema_errors` runs a JSON Schema (draft 2020-12) and rewrites each
failure as a :class:`~harness.errors.SpecError` with file, line, column,
path, the bad value, the valid values and a did-you-mean.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from ..errors import SpecError, show_value, value_phrase

__all__ = ["Document", "Pos", "format_path", "load", "load_text", "schema_errors"]

Pos = tuple[Any, ...]  # a path inside the document: ("steps", 2, "move_stage", "to")


# Limits that keep a hostile or runaway file from exhausting the machine. A scenario or a profile is a few
# kilobytes; these are far above any real one and far below what hurts.
MAX_BYTES = 1024 * 1024  # characters of YAML text in one file (1 MiB)
MAX_DEPTH = 64  # mappings and lists nested inside each other
TOO_DEEP = f"mappings and lists are nested more than {MAX_DEPTH} levels deep"
MAX_ALIAS_VALUES = 50_000  # values that aliases (*name) may add by repeating what an anchor (&name) holds
# libyaml (fast) and PyYAML's own parser (slow) disagree on a few corners ("[a: 1, b:]" only PyYAML reads): a file
# libyaml refuses is read again by PyYAML when it is at most this long, so small files read the same either way
_REPARSE_LIMIT = 128 * 1024


class _Loader(yaml.SafeLoader):
    """SafeLoader whose floats are exact and whose timestamps stay text."""


_FAST = getattr(yaml, "CSafeLoader", None)


class _CLoader(_FAST or yaml.SafeLoader):  # type: ignore[misc,valid-type]
    """The same reading rules over libyaml's parser (about 50 times faster) when PyYAML was built with it."""


def _exact_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    if text.lower().lstrip("+-") in (".inf", ".nan"):
        return loader.construct_yaml_float(node)
    if ":" in text:  # YAML 1.1 base 60 (190:20:30.15), still exact
        sign = -1 if text.startswith("-") else 1
        total = Decimal(0)
        for part in text.lstrip("+-").split(":"):
            total = total * 60 + Decimal(part)
        return sign * total
    return Decimal(text)


def _text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


for _cls in {_Loader, _CLoader}:
    _cls.add_constructor("tag:yaml.org,2002:float", _exact_float)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _text)


@dataclass
class Document:
    """Parsed data plus where each part of it was written (1-based line and column)."""

    file: str
    data: Any
    values: dict[Pos, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Pos, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Sequence[Any], *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of the value at ``path`` (of its key with ``key=True``).

        Falls back to the nearest enclosing value that has a position.
        """
        pos = tuple(path)
        if key and pos in self.keys:
            return self.keys[pos]
        while pos:
            if pos in self.values:
                return self.values[pos]
            pos = pos[:-1]
        return self.values.get((), (None, None))

    def error(
        self,
        cls: type[SpecError],
        path: Sequence[Any],
        message: str = "",
        *,
        at: Sequence[Any] | None = None,
        key: bool = False,
        **fields: Any,
    ) -> SpecError:
        """A ``cls`` error about ``path``, placed where ``at`` (default ``path``) was written."""
        line, column = self.locate(path if at is None else at, key=key)
        return cls(message, file=self.file, line=line, column=column, path=format_path(path), **fields)


def format_path(path: Sequence[Any]) -> str:
    """``("steps", 2, "move_stage", "to")`` -> ``steps[2].move_stage.to``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part and str(part).replace("_", "a").isalnum():
            out += f".{part}" if out else str(part)
        else:
            out += f'["{part}"]'
    return out


def load(path: str | Path, cls: type[SpecError], *, shown: str | None = None) -> Document:
    """Read and parse one YAML file; any failure is a ``cls`` error naming the file."""
    name = shown or str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES * 4:  # refused before reading: even as UTF-8 at 4 bytes a character it is too long
            raise _too_big(cls, name, size, "bytes")
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise cls(f"no such file: {path}", file=name) from None
    except IsADirectoryError:
        raise cls(f"{path} is a folder, not a YAML file", file=name) from None
    except UnicodeDecodeError as exc:
        raise cls(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})", file=name) from None
    except OSError as exc:
        raise cls(f"cannot read the file: {exc.strerror}", file=name) from None
    return load_text(text, cls, file=name)


def _too_big(cls: type[SpecError], file: str, size: int, unit: str) -> SpecError:
    return cls(
        f"the file is {size / 1024 / 1024:.1f} MiB ({size} {unit}); a scenario or profile may hold at most "
        f"{MAX_BYTES // 1024 // 1024} MiB ({MAX_BYTES} characters) of YAML: split it into several files",
        file=file,
    )


def load_text(text: str, cls: type[SpecError], *, file: str = "<string>") -> Document:
    """Parse YAML text; syntax errors become ``cls`` errors at the parser's line and column.

    Bounded whatever the input: at most :data:`MAX_BYTES` characters, :data:`MAX_DEPTH` levels of nesting
    and :data:`MAX_ALIAS_VALUES` values added by aliases (a "billion laughs" file is refused at once).
    """
    if len(text) > MAX_BYTES:
        raise _too_big(cls, file, len(text), "characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # only text built in Python can hold these; a file read as UTF-8 cannot
        raise cls(f"the text is not valid Unicode (a lone surrogate at character {exc.start})", file=file) from None
    try:
        try:
            builder = _Builder(_CLoader(text), file, cls)
            data = builder.build()
        except yaml.YAMLError:
            if _FAST is None or len(text) > _REPARSE_LIMIT:
                raise
            builder = _Builder(_Loader(text), file, cls)
            data = builder.build()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, cls, file) from None
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        raise cls(f"invalid YAML: {_one_line(exc)}", file=file) from None
    if builder.problems:
        raise cls.group(builder.problems)
    return Document(file, data, builder.values, builder.keys)


def _one_line(exc: Exception) -> str:
    return str(exc).split("\n  in ")[0].replace("\n", "; ")


def _syntax_error(exc: yaml.MarkedYAMLError, cls: type[SpecError], file: str) -> SpecError:
    problem = exc.problem or "cannot be parsed"
    mark, other = exc.problem_mark, exc.context_mark
    if "maximum nesting depth" in problem:
        # PyYAML 6.0.4's scanner has a nesting limit of its own (1,000), met before ours on a flow collection
        # ("[[[["): the same file, the same answer whichever version reads it.
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        return cls(TOO_DEEP, file=file, line=line, column=column)
    if "end of stream" in problem and other is not None:
        mark, other = other, mark  # the file ended early: point where the open thing began
    if "'\\t'" in problem:
        problem += " (indent with spaces: YAML does not allow tabs there)"
    if "quoted scalar" in (exc.context or ""):
        problem += "; is a quote left open?"
    text = f"{exc.context}: {problem}" if exc.context else problem
    if other is not None and mark is not None and (other.line, other.column) != (mark.line, mark.column):
        text += f" (see line {other.line + 1}, column {other.column + 1})"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    return cls(f"invalid YAML: {text}", file=file, line=line, column=column)


class _Stop(Exception):
    """A limit was reached: the error is final, nothing after it is read."""


class _Frame:
    """A mapping or list being built."""

    __slots__ = ("data", "key", "key_lines", "merges", "pos", "skip_value")

    def __init__(self, data: Any, pos: Pos) -> None:
        self.data = data
        self.pos = pos
        self.key: str | None = None  # a mapping's key whose value comes next
        self.key_lines: dict[str, int] = {}  # where each key was written, for "written twice"
        self.skip_value = False  # the next value belongs to a key that was refused
        self.merges: list[tuple[Any, list[tuple[str, Pos, tuple[int, int]]]]] = []


_MERGE = object()  # the "<<" key


class _Builder:
    """Plain data and positions straight from the parser's events, without a node graph.

    Iterative, so nesting costs no recursion; aliases are replayed from the events their anchor recorded,
    which is where the count of repeated values is kept.
    """

    def __init__(self, loader: yaml.SafeLoader, file: str, cls: type[SpecError]) -> None:
        self.loader = loader
        self.file = file
        self.cls = cls
        self.values: dict[Pos, tuple[int, int]] = {}
        self.keys: dict[Pos, tuple[int, int]] = {}
        self.problems: list[SpecError] = []
        self._anchors: dict[str, list[Any]] = {}
        self._anchor_marks: dict[str, tuple[int, int]] = {}
        self._recording: list[tuple[str, list[Any], int]] = []  # anchor, its events, the depth it opened at
        self._replay: list[Any] = []  # iterators of anchored events being repeated, innermost last
        self._replayed = 0
        self._expanding: Any = None
        self._sinks: list[list[tuple[str, Pos, tuple[int, int]]]] = []  # positions of a merge value being built
        self._scalars: dict[tuple[str, str | None], Any] = {}

    # -- events ----------------------------------------------------------------------------------------
    def _next(self) -> Any:
        while self._replay:
            event = next(self._replay[-1], None)
            if event is not None:
                if not isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    self._replayed += 1  # a value (mapping, list or scalar) repeated
                if self._replayed > MAX_ALIAS_VALUES:
                    self._stop(
                        self._expanding,
                        f"aliases (*name) would repeat more than {MAX_ALIAS_VALUES} values, the limit; this one, "
                        f"*{self._expanding.anchor}, goes past it. A file that expands this much is refused "
                        "(a 'billion laughs' document?): write the values out or use fewer aliases",
                    )
                return event
            self._replay.pop()
        event = self.loader.get_event()
        for _, events, _ in self._recording:
            events.append(event)
        return event

    def _stop(self, event: Any, message: str) -> None:
        line, column = self._at(event)
        raise _Stop(self.cls(message, file=self.file, line=line, column=column))

    @staticmethod
    def _at(event: Any) -> tuple[int, int]:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def build(self) -> Any:
        try:
            return self._document()
        except _Stop as stop:
            self.problems.append(stop.args[0])
            return None
        finally:
            self.loader.dispose()

    def _document(self) -> Any:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise _Stop(self.cls("the file is empty; it needs a mapping of keys", file=self.file, line=1, column=1))
        loader.get_event()  # document start
        if loader.check_event(yaml.DocumentEndEvent):
            raise _Stop(self.cls("the file is empty; it needs a mapping of keys", file=self.file, line=1, column=1))
        data = self._node()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            self._stop(event, "a file holds one YAML document; remove this '---' and what follows, or split the file")
        return data

    # -- building --------------------------------------------------------------------------------------
    def _node(self) -> Any:
        """Build the node whose first event comes next (with everything inside it)."""
        stack: list[_Frame] = []
        while True:
            event = self._next()
            parent = stack[-1] if stack else None
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                self._close_recordings(len(stack))
                if isinstance(frame.data, dict) and frame.merges:
                    self._merge(frame)
                done, value = True, frame.data
            elif parent is not None and isinstance(parent.data, dict) and parent.key is None:
                done, value = False, None
                self._key(parent, event)
            else:
                pos = self._child_pos(parent)
                mark = self._at(event)
                if isinstance(event, yaml.AliasEvent):
                    self._alias(event)
                    continue
                if event.anchor is not None and not self._replay:
                    self._define(event, len(stack))
                self._record("v", pos, mark)
                if isinstance(event, yaml.ScalarEvent):
                    done, value = True, self._scalar(event, pos)
                    self._close_recordings(len(stack))
                else:
                    if len(stack) >= MAX_DEPTH:
                        self._stop(event, TOO_DEEP)
                    container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                    stack.append(_Frame(container, pos))
                    continue
            if not done:
                continue
            if not stack:
                return value
            self._attach(stack[-1], value)

    def _child_pos(self, parent: _Frame | None) -> Pos:
        if parent is None:
            return ()
        if isinstance(parent.data, list):
            return (*parent.pos, len(parent.data))
        if parent.key is _MERGE:
            return (*parent.pos, "<<")
        return (*parent.pos, parent.key)

    def _attach(self, frame: _Frame, value: Any) -> None:
        if isinstance(frame.data, list):
            frame.data.append(value)
            return
        key, frame.key = frame.key, None
        if frame.skip_value:
            frame.skip_value = False
        elif key is _MERGE:
            frame.merges.append((value, self._sinks.pop()))
        else:
            frame.data[key] = value

    def _key(self, frame: _Frame, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self._anchors:
                self._alias(event)  # stops: an unknown or open anchor
            events = self._anchors[event.anchor]
            event = events[0] if len(events) == 1 else event
        elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None and not self._replay:
            if event.anchor in self._anchor_marks:
                self._define(event, 0)  # stops: defined twice
            self._anchor_marks[event.anchor] = self._at(event)
            self._anchors[event.anchor] = [_without_anchor(event)]
        if not isinstance(event, yaml.ScalarEvent):
            self._problem(self._at(event), frame.pos, "a key must be plain text, not a mapping or a list")
            self._skip(event)
            frame.key, frame.skip_value = "", True
            return
        mark = self._at(event)
        if event.value == "<<" and event.implicit[0] and event.tag in (None, "!"):
            frame.key = _MERGE
            self._sinks.append([])
            return
        key = str(event.value)
        if key in frame.key_lines:
            first = frame.key_lines[key]
            self._problem(mark, frame.pos, f"key '{key}' is written twice (first at line {first}); keep one")
            frame.key, frame.skip_value = key, True
            return
        frame.key_lines[key] = mark[0]
        self._record("k", (*frame.pos, key), mark)
        frame.key = key

    def _skip(self, event: Any) -> None:
        """Read past the rest of a node that will not be used (a mapping or list used as a key)."""
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            return
        depth = 1
        while depth:
            event = self._next()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    self._stop(event, TOO_DEEP)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1

    def _scalar(self, event: Any, pos: Pos) -> Any:
        plain = event.implicit[0] and event.tag in (None, "!")
        cache_key = (event.value, None if plain else event.tag if event.tag not in (None, "!") else "quoted")
        if cache_key in self._scalars:
            return self._scalars[cache_key]
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError as exc:  # e.g. an integer longer than Python converts (4300 digits)
            reason = str(exc).split(";")[0]
            self._problem(self._at(event), pos, f"value {show_value(event.value)} cannot be read: {reason}")
            return None  # not cached: each place is reported
        finally:
            self.loader.constructed_objects.clear()
        if isinstance(value, float) and math.isnan(value):  # nothing in these files can use it
            self._problem(self._at(event), pos, f"value {event.value} is not a number (NaN); write a number")
            return None
        if len(self._scalars) > 50_000:
            self._scalars.clear()
        if isinstance(value, (str, int, float, Decimal, bool, type(None))):
            self._scalars[cache_key] = value
        return value

    # -- anchors, aliases and merges -------------------------------------------------------------------
    def _define(self, event: Any, depth: int) -> None:
        name = event.anchor
        if name in self._anchor_marks:
            line = self._anchor_marks[name][0]
            self._stop(event, f"anchor &{name} is defined twice (first at line {line}); give each anchor its own name")
        self._anchor_marks[name] = self._at(event)
        self._recording.append((name, [event], depth))

    def _close_recordings(self, depth: int) -> None:
        while self._recording and self._recording[-1][2] >= depth:
            name, events, _ = self._recording.pop()
            events[0] = _without_anchor(events[0])
            self._anchors[name] = events

    def _alias(self, event: Any) -> None:
        name = event.anchor
        if name not in self._anchors:
            if any(open_name == name for open_name, _, _ in self._recording):
                self._stop(event, "an alias refers to a mapping or list that contains it")
            self._stop(event, f"alias *{name} refers to no anchor &{name} written before it")
        if not self._replay:
            self._expanding = event  # the alias written in the file that the repeated values come from
        self._replay.append(iter(self._anchors[name]))

    def _merge(self, frame: _Frame) -> None:
        """Keys from ``<<: *base`` (or a list of them) that the mapping does not set itself, first source first."""
        for value, positions in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for index, source in enumerate(sources):
                if not isinstance(source, dict):
                    line, column = self.values.get((*frame.pos,), (None, None))
                    self.problems.append(
                        self.cls(
                            "a merge key '<<' takes a mapping (*anchor) or a list of them",
                            file=self.file,
                            line=line,
                            column=column,
                            path=format_path(frame.pos),
                        )
                    )
                    continue
                prefix = (*frame.pos, "<<", index) if isinstance(value, list) else (*frame.pos, "<<")
                for key, item in source.items():
                    if key in frame.data:  # set by the mapping itself, or by an earlier source
                        continue
                    frame.data[key] = item
                    start = (*prefix, key)
                    for kind, path, mark in positions:
                        if path[: len(start)] == start:
                            self._record(kind, (*frame.pos, key, *path[len(start) :]), mark)

    # -- positions and problems ------------------------------------------------------------------------
    def _record(self, kind: str, pos: Pos, mark: tuple[int, int]) -> None:
        if self._sinks:
            self._sinks[-1].append((kind, pos, mark))
            return
        (self.values if kind == "v" else self.keys).setdefault(pos, mark)

    def _problem(self, mark: tuple[int, int], pos: Pos, message: str) -> None:
        line, column = mark
        self.problems.append(self.cls(message, file=self.file, line=line, column=column, path=format_path(pos)))


def _without_anchor(event: Any) -> Any:
    """A copy of an anchored event that does not define the anchor again when repeated."""
    if isinstance(event, yaml.ScalarEvent):
        return yaml.ScalarEvent(
            None, event.tag, event.implicit, event.value, event.start_mark, event.end_mark, event.style
        )
    if isinstance(event, yaml.SequenceStartEvent):
        return yaml.SequenceStartEvent(
            None, event.tag, event.implicit, event.start_mark, event.end_mark, event.flow_style
        )
    return yaml.MappingStartEvent(None, event.tag, event.implicit, event.start_mark, event.end_mark, event.flow_style)


# -- JSON Schema errors, rewritten for people ----------------------------------------------------------

_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing (null)",
}


def schema_errors(doc: Document, validator: Draft202012Validator, cls: type[SpecError]) -> list[SpecError]:
    """Every schema violation in ``doc`` as located ``cls`` errors, in file order."""
    out: list[SpecError] = []
    raw = list(validator.iter_errors(doc.data))
    # a value of the wrong type fails its alternatives too; the type error alone says what is wrong
    wrong_type = {tuple(e.absolute_path) for e in raw if e.validator == "type"}
    misplaced = _misindented(raw)
    for error in raw:
        path = tuple(error.absolute_path)
        if error.validator in ("oneOf", "anyOf") and path in wrong_type:
            continue
        if path in misplaced and error.validator == "additionalProperties":
            continue  # the keys are not unknown, they are indented too little: the hint says so
        if path[:-1] in misplaced and path[-1] == misplaced[path[:-1]] and error.instance is None:
            continue  # the empty step the hint is about
        out.extend(_translate(doc, error, cls))
    # "needs exactly one of ...; found none" says nothing new where a misspelt key at the same place explains it
    unknown = {e.path for e in out if e.message.startswith("unknown ")}
    return [e for e in out if not (e.path in unknown and e.message.endswith("found none"))]


def _misindented(errors: list[ValidationError]) -> dict[Pos, str]:
    """Places holding a one-key mapping (a step) whose first key is empty and has company: its content was
    written at the key's own indentation instead of under it."""
    out: dict[Pos, str] = {}
    for error in errors:
        if error.validator == "maxProperties" and isinstance(error.instance, dict) and error.instance:
            first = next(iter(error.instance))
            if error.instance[first] is None and isinstance(error.schema, dict) and error.schema.get("x-kind"):
                out[tuple(error.absolute_path)] = first
    return out


def _translate(doc: Document, error: ValidationError, cls: type[SpecError]) -> Iterator[SpecError]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    instance = error.instance
    label = schema.get("x-kind", "key")

    if "propertyNames" in error.relative_schema_path:  # ``instance`` is the key; ``schema`` the propertyNames one
        if kind == "enum":
            yield _unknown_key(doc, cls, path, str(instance), error.validator_value, label)
        else:
            message = f"key '{instance}' is not valid" + _hint(schema)
            yield doc.error(cls, path, message, at=(*path, instance), key=True)
    elif kind == "additionalProperties" and isinstance(instance, dict):
        known = list(schema.get("properties", {}))
        renamed = schema.get("x-renamed", {})  # a key an older format had here -> what says it now
        for extra in instance:
            if extra in renamed:
                yield doc.error(
                    cls, path, f"'{extra}' is no longer a key here: {renamed[extra]}", at=(*path, extra), key=True
                )
            elif extra not in known:
                yield _unknown_key(doc, cls, path, extra, known, label)
    elif kind == "required" and isinstance(instance, dict):
        if any(old in instance for old in schema.get("x-renamed", {})):
            return  # the renamed key's own message says what to write instead
        for name in error.validator_value:
            if name not in instance:
                yield doc.error(cls, path, f"missing required key '{name}'")
    elif kind in ("enum", "const"):
        valid = error.validator_value if kind == "enum" else [error.validator_value]
        yield doc.error(cls, path, value=instance, valid=[_plain(v) for v in valid])
    elif kind == "type":
        yield doc.error(cls, path, _type_message(instance, error.validator_value, schema), value=instance)
    elif kind == "pattern":
        message = f"{value_phrase(instance)} is not valid" + _hint(schema)
        yield doc.error(cls, path, message, value=instance, valid=schema.get("x-valid", ()))
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[kind]
        message = f"{value_phrase(instance)} is not valid: it must be {bound} {_plain(error.validator_value)}"
        yield doc.error(cls, path, message, value=instance)
    elif kind == "minLength" and instance == "":
        yield doc.error(cls, path, "must not be empty")
    elif kind in ("minItems", "maxItems"):
        count = "at least" if kind == "minItems" else "at most"
        yield doc.error(cls, path, f"needs {count} {error.validator_value} item(s); found {len(instance)}")
    elif kind in ("minProperties", "maxProperties"):
        yield _count_keys(doc, cls, path, instance, schema, label)
    elif kind == "uniqueItems":
        repeated = next(v for i, v in enumerate(instance) if v in instance[:i])
        yield doc.error(cls, path, f"lists {show_value(repeated)} more than once; each item may appear once")
    elif kind in ("oneOf", "anyOf"):
        yield from _alternatives(doc, error, cls)
    elif kind == "not" and set(error.validator_value) == {"required"}:
        names = " and ".join(f"'{n}'" for n in error.validator_value["required"])
        yield doc.error(cls, path, f"{names} cannot be used together; keep one")
    else:
        yield doc.error(cls, path, f"{value_phrase(instance)} is not valid: {error.message}")


def _plain(value: Any) -> str:
    """A valid value as it would be written in YAML (no quotes)."""
    return show_value(value).strip("'") if isinstance(value, str) else show_value(value)


def _hint(schema: dict[str, Any]) -> str:
    hint = schema.get("x-hint")
    return f": expected {hint}" if hint else ""


def _unknown_key(
    doc: Document, cls: type[SpecError], path: Pos, key: str, known: Sequence[str], label: str
) -> SpecError:
    return doc.error(
        cls, path, f"unknown {label} '{key}'", at=(*path, key), key=True, value=key, valid=known, valid_kind=f"{label}s"
    )


def _type_message(instance: Any, expected: str | list[str], schema: dict[str, Any]) -> str:
    wanted = [expected] if isinstance(expected, str) else list(expected)
    words = schema.get("x-hint") or " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
    message = f"{value_phrase(instance)} is not valid: expected {words}"
    if "string" in wanted and isinstance(instance, (bool, int, Decimal)) and not schema.get("x-hint"):
        message += " (put it in quotes: YAML reads it as a number or true/false)"
    example = schema.get("x-example")
    named = schema.get("properties", {}).get(instance) if isinstance(instance, str) else None
    if isinstance(named, dict):  # a bare name where a one-key mapping belongs ("- apply")
        example = named.get("x-example") or f"{instance}: {{}}"
    if example:
        message += f"; for example: {example}"
    return message


def _count_keys(doc: Document, cls: type[SpecError], path: Pos, instance: Any, schema: dict, label: str) -> SpecError:
    names = list(schema.get("properties", {}))
    if not instance:
        if label != "key":
            return doc.error(cls, path, f"a {label} needs a name", valid=names, valid_kind=f"{label}s")
        return doc.error(cls, path, "needs at least one key", valid=names, valid_kind="keys")
    found = ", ".join(instance)
    if label != "key":
        message = f"a {label} is a mapping with exactly one key, the {label} name; found {found}"
        name, *rest = list(instance)
        if instance[name] is None:
            message += f". If {', '.join(rest)} belong to '{name}', indent them under it by two more spaces"
        return doc.error(cls, path, message)
    return doc.error(cls, path, f"has too many keys ({found})")


def _alternatives(doc: Document, error: ValidationError, cls: type[SpecError]) -> Iterator[SpecError]:
    """oneOf/anyOf: name the keys to choose from, or explain the one branch that fits the value's type."""
    path = tuple(error.absolute_path)
    branches: list[dict[str, Any]] = list(error.validator_value)
    instance = error.instance
    if all(set(b) == {"required"} for b in branches) and isinstance(instance, dict):
        names = [n for b in branches for n in b["required"]]
        present = [n for n in names if n in instance]
        need = "exactly one" if error.validator == "oneOf" else "at least one"
        found = "found none" if not present else "found " + " and ".join(f"'{n}'" for n in present)
        yield doc.error(cls, path, f"needs {need} of: {', '.join(names)}; {found}")
        return
    by_branch: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [
        i
        for i, branch in enumerate(branches)
        if not branch.get("x-template")
        and not any(e.validator == "type" and not e.relative_path for e in by_branch.get(i, []))
    ]
    if len(fitting) == 1 and by_branch.get(fitting[0]):
        for sub in by_branch[fitting[0]]:
            yield from _translate(doc, sub, cls)
        return
    schema = error.schema if isinstance(error.schema, dict) else {}
    if _hint(schema):
        yield doc.error(cls, path, f"{value_phrase(instance)} is not valid{_hint(schema)}")
        return
    words = list(dict.fromkeys(_branch_word(b) for b in branches))
    if None in words and error.context:
        # some alternative cannot be put in words: explain the one that came closest instead
        best = best_match(error.context)
        if best is not None:
            yield from _translate(doc, best, cls)
            return
    expected = " or ".join(w or "a value" for w in words)
    yield doc.error(cls, path, f"{value_phrase(instance)} is not valid: expected {expected}")


def _branch_word(branch: dict[str, Any]) -> str | None:
    """What one alternative accepts, in a few words (None when it has none)."""
    if branch.get("x-hint"):
        return str(branch["x-hint"])
    if "enum" in branch:
        return ", ".join(_plain(v) for v in branch["enum"])
    if "const" in branch:
        return _plain(branch["const"])
    if set(branch) == {"required"}:
        return "a mapping with " + " and ".join(f"'{n}'" for n in branch["required"])
    if isinstance(branch.get("$ref"), str):
        return "a " + branch["$ref"].rsplit("/", 1)[-1].replace("_", " ")
    kind = branch.get("type")
    if isinstance(kind, str):
        return _TYPE_WORDS.get(kind, kind)
    return None
