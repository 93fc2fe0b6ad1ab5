"""Mistakes a user can fix, told so they can fix them.

Three kinds of trouble stay apart in this project: a fake answering as the
vendor would (an HTTP response), a harness bug (a plain exception, never
blamed on the SUT) and a user mistake, which is a :class:`HarnessError`.

A mistake in a scenario or profile file is a :class:`SpecError` that knows
where it is and what would have been accepted::

    scenarios/x.yaml:12:5: steps[2]: unknown step 'move_stag'; valid steps: apply, advance, ...;
    did you mean 'move_stage'?

(on one line). Several mistakes travel together as one error whose
``errors`` lists them, one per line of its text, so a user fixes a whole
file, or a whole folder of files, in one pass.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

__all__ = [
    "MISSING",
    "HarnessError",
    "ProfileError",
    "ScenarioError",
    "SpecError",
    "did_you_mean",
    "show_value",
    "value_phrase",
]


class _Missing:
    """No value was given (``None`` is a value a YAML file can hold)."""

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"  # pickles as a reference to this module's single instance


MISSING: Any = _Missing()

_MAX_VALID = 24  # list at most this many valid values; the rest are counted
_MAX_SHOWN = 80  # characters of a bad value quoted in a message


class HarnessError(Exception):
    """A user mistake: bad input, a missing file, a step that cannot run.

    The message says what is wrong and what to do about it.
    """


def did_you_mean(value: Any, choices: Iterable[Any]) -> str | None:
    """The closest choice to a mistyped ``value``, or None when nothing is close.

    Case is ignored when comparing ("phone screen" finds "Phone Screen").
    """
    if not isinstance(value, str) or not value:
        return None
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(str(choice).lower(), str(choice))
    if value.lower() in by_lower and by_lower[value.lower()] != value:
        return by_lower[value.lower()]
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=1, cutoff=0.6)
    if close:
        return by_lower[close[0]]
    starting = [choice for lower, choice in by_lower.items() if lower.startswith(value.lower())]
    return starting[0] if len(starting) == 1 else None  # "hold" -> "hold_for_review"


def show_value(value: Any) -> str:
    """A bad value the way a YAML author would recognise it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    text = str(value)
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 3] + "..."
    return f"'{text}'" if isinstance(value, str) else text


def value_phrase(value: Any) -> str:
    """ "value 'x'" for a scalar, "a mapping" / "a list" for a structure: the subject of "... is not valid"."""
    shown = show_value(value)
    return shown if isinstance(value, (dict, list, tuple)) else f"value {shown}"


class SpecError(HarnessError):
    """A mistake in a scenario or profile file, with where it is and what would do.

    ``path`` names the place inside the document (``steps[3].move_stage.to``),
    ``line`` and ``column`` count from 1. ``valid`` lists what would have been
    accepted and ``valid_kind`` names them ("values", "steps", "keys");
    ``suggestion`` is the closest valid value, found automatically when not
    given. A group (see :meth:`group`) holds several such errors in ``errors``.
    """

    def __init__(
        self,
        message: str = "",
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        path: str = "",
        value: Any = MISSING,
        valid: Sequence[Any] = (),
        valid_kind: str = "values",
        suggestion: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.value = value
        self.valid = [str(v) for v in valid]
        self.valid_kind = valid_kind
        if suggestion is None and value is not MISSING:
            suggestion = did_you_mean(value, self.valid)
        self.suggestion = suggestion
        if not message:
            message = f"{value_phrase(value)} is not valid" if value is not MISSING else "is not valid"
        self.message = message
        self._errors: list[SpecError] = [self]
        super().__init__(self.render())

    @classmethod
    def group(cls, errors: Iterable[SpecError]) -> SpecError:
        """One error carrying several, sorted by file and position, repeats dropped.

        A group of one is that error itself.
        """
        unique: dict[str, SpecError] = {}
        for error in errors:
            for one in error.errors:
                unique.setdefault(one.render(), one)
        ordered = sorted(unique.values(), key=lambda e: (e.file or "", e.line or 0, e.column or 0, e.path))
        if not ordered:
            raise ValueError("a group needs at least one error")
        if len(ordered) == 1 and isinstance(ordered[0], cls):
            return ordered[0]
        first = ordered[0]
        grouped = cls(
            first.message,
            file=first.file,
            line=first.line,
            column=first.column,
            path=first.path,
            value=first.value,
            valid=first.valid,
            valid_kind=first.valid_kind,
            suggestion=first.suggestion,
        )
        grouped._errors = ordered
        grouped.args = ("\n".join(e.render() for e in ordered),)
        return grouped

    @property
    def errors(self) -> list[SpecError]:
        """Every single mistake this error stands for (itself when it is one)."""
        return list(self._errors)

    def render(self) -> str:
        """This one mistake as a single line."""
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.valid:
            shown = self.valid[:_MAX_VALID]
            more = len(self.valid) - len(shown)
            text += f"; valid {self.valid_kind}: {', '.join(shown)}" + (f" (and {more} more)" if more else "")
        if self.suggestion:
            text += f"; did you mean '{self.suggestion}'?"
        return f"{where}: {text}" if where else text

    def __str__(self) -> str:
        return "\n".join(e.render() for e in self._errors)

    def __reduce__(self) -> tuple[Any, ...]:
        states = [{k: v for k, v in e.__dict__.items() if k != "_errors"} for e in self._errors]
        return (_rebuild, (type(self), states))


def _rebuild(cls: type[SpecError], states: list[dict[str, Any]]) -> SpecError:
    errors = []
    for state in states:
        error = cls.__new__(cls)
        error.__dict__.update(state)
        error._errors = [error]
        error.args = (error.render(),)
        errors.append(error)
    return cls.group(errors)


class ScenarioError(SpecError):
    """A scenario file (or a data pack it names) is not valid."""


class ProfileError(SpecError):
    """An integration profile is not valid."""
