"""YAML that remembers where every value came from, and schema errors that say so.

:func:`load` builds plain Python data from PyYAML's node graph and records
the line and column of every value and every mapping key, so a mistake found
later (by the JSON Schema or by a cross-field rule) points at the exact spot.

Reading rules, chosen for configuration files that carry money and dates:

- numbers with a fraction become ``Decimal`` from their very digits, never
  ``float`` (``103000.10`` stays ``103000.10``);
- dates and timestamps stay the text that was written (``2026-04-01``);
- mapping keys are always the text that was written (``on:`` is ``"on"``);
- a key written twice is an error, not a silent overwrite.

:func:`schema_errors` runs a JSON Schema (draft 2020-12) and rewrites each
failure as a :class:`~harness.errors.SpecError` with file, line, column,
path, the bad value, the valid values and a did-you-mean.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..errors import SpecError, show_value, value_phrase

__all__ = ["Document", "Pos", "format_path", "load", "load_text", "schema_errors"]

Pos = tuple[Any, ...]  # a path inside the document: ("steps", 2, "move_stage", "to")


class _Loader(yaml.SafeLoader):
    """SafeLoader whose floats are exact and whose timestamps stay text."""


def _exact_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    if text.lower().lstrip("+-") in (".inf", ".nan"):
        return loader.construct_yaml_float(node)
    return Decimal(text)


def _text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:float", _exact_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _text)


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
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise cls(f"no such file: {path}", file=name) from None
    except UnicodeDecodeError as exc:
        raise cls(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})", file=name) from None
    except OSError as exc:
        raise cls(f"cannot read the file: {exc.strerror}", file=name) from None
    return load_text(text, cls, file=name)


def load_text(text: str, cls: type[SpecError], *, file: str = "<string>") -> Document:
    """Parse YAML text; syntax errors become ``cls`` errors at the parser's line and column."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise cls("the file is empty; it needs a mapping of keys", file=file, line=1, column=1)
        builder = _Builder(loader, file, cls)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, cls, file) from None
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        raise cls(f"invalid YAML: {exc}", file=file) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise cls.group(builder.problems)
    return Document(file, data, builder.values, builder.keys)


def _syntax_error(exc: yaml.MarkedYAMLError, cls: type[SpecError], file: str) -> SpecError:
    problem = exc.problem or "cannot be parsed"
    mark, other = exc.problem_mark, exc.context_mark
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


class _Builder:
    def __init__(self, loader: _Loader, file: str, cls: type[SpecError]) -> None:
        self.loader = loader
        self.file = file
        self.cls = cls
        self.values: dict[Pos, tuple[int, int]] = {}
        self.keys: dict[Pos, tuple[int, int]] = {}
        self.problems: list[SpecError] = []
        self._open: set[int] = set()

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node: yaml.Node, pos: Pos) -> Any:
        self.values.setdefault(pos, self._mark(node))
        if isinstance(node, yaml.ScalarNode):
            return self.loader.construct_object(node, deep=True)
        if id(node) in self._open:
            self._problem(node, pos, "an alias refers to a mapping or list that contains it")
            return None
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*pos, i)) for i, item in enumerate(node.value)]
            return self._mapping(node, pos)
        finally:
            self._open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, pos: Pos) -> dict[str, Any]:
        self.loader.flatten_mapping(node)  # resolves "<<" merge keys
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, pos, "a key must be plain text, not a mapping or a list")
                continue
            key = str(key_node.value)
            if key in out:
                line, _ = self.keys[(*pos, key)]
                self._problem(key_node, pos, f"key '{key}' is written twice (first at line {line}); keep one")
                continue
            self.keys[(*pos, key)] = self._mark(key_node)
            out[key] = self.build(value_node, (*pos, key))
        return out

    def _problem(self, node: yaml.Node, pos: Pos, message: str) -> None:
        line, column = self._mark(node)
        self.problems.append(self.cls(message, file=self.file, line=line, column=column, path=format_path(pos)))


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
    for error in validator.iter_errors(doc.data):
        out.extend(_translate(doc, error, cls))
    # "needs exactly one of ...; found none" says nothing new where a misspelt key at the same place explains it
    unknown = {e.path for e in out if e.message.startswith("unknown ")}
    return [e for e in out if not (e.path in unknown and e.message.endswith("found none"))]


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
        return doc.error(cls, path, f"a {label} is a mapping with exactly one key, the {label} name; found {found}")
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
    hint = _hint(schema) or ": expected " + " or ".join(_branch_word(b) for b in branches)
    yield doc.error(cls, path, f"{value_phrase(instance)} is not valid{hint}")


def _branch_word(branch: dict[str, Any]) -> str:
    if branch.get("x-hint"):
        return str(branch["x-hint"])
    kind = branch.get("type", "value")
    return _TYPE_WORDS.get(kind, str(kind)) if isinstance(kind, str) else "a value"
