"""Side-by-side value diffs that make invisible differences visible.

"Zoë" typed once (NFC, U+00EB) and once decomposed (NFD, e + U+0308) looks
identical on screen, and "103000.00" vs "130000.00" is easy to read past.
``diff_values`` splits both values into user-perceived characters (a base
character and its combining marks stay together), marks what differs, lists
the code points of differing parts that are not plain ASCII, and adds a
plain-words note for the common causes.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from harness.report._text import show

_ZWJ = "\u200d"


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class CodePoint:
    char: str
    code: str  # "U+00EB"
    name: str  # "LATIN SMALL LETTER E WITH DIAERESIS"


@dataclass
class Side:
    text: str
    segments: list[Segment]
    codepoints: list[CodePoint] = field(default_factory=list)  # of the changed parts, when not plain ASCII
    missing: bool = False  # the value is None

    @property
    def marked(self) -> str:
        """The text with changed parts in [brackets], for plain-text logs."""
        return "".join(f"[{s.text}]" if s.changed else s.text for s in self.segments)


@dataclass
class FieldDiff:
    expected: Side
    actual: Side
    kind: str  # "text" (marked per character) | "lines" (marked per line, for structures)
    notes: list[str] = field(default_factory=list)


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, Decimal, bool, date, datetime))


def _as_text(value: Any) -> str:
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        from fakes.kit.jsonx import plain

        return json.dumps(plain(value), indent=2, sort_keys=True, ensure_ascii=False, default=str)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return show(value)


def clusters(text: str) -> list[str]:
    """Split into user-perceived characters: combining marks and ZWJ sequences stay attached."""
    out: list[str] = []
    for ch in text:
        joins = out and (unicodedata.category(ch).startswith("M") or ch == _ZWJ or out[-1].endswith(_ZWJ))
        if joins:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def codepoints(text: str) -> list[CodePoint]:
    return [CodePoint(ch, f"U+{ord(ch):04X}", unicodedata.name(ch, _control_name(ch))) for ch in text]


def _control_name(ch: str) -> str:
    names = {"\t": "CHARACTER TABULATION", "\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\x00": "NULL"}
    return names.get(ch, "UNNAMED CONTROL CHARACTER")


def _plain_ascii(text: str) -> bool:
    return all("!" <= ch <= "~" for ch in text)


def _as_value(value: Any) -> bool:
    """A number, an amount or a date: compared and shown whole, never character by character."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float, Decimal, date, datetime)):
        return True
    if isinstance(value, str):
        from ..checks.values import as_decimal

        text = value.strip()
        return bool(text) and (as_decimal(text) is not None or _is_date(text))
    return False


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return len(text) in (10, 19, 20, 25) or "T" in text


def _merge(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if not seg.text:
            continue
        if out and out[-1].changed == seg.changed:
            out[-1] = Segment(out[-1].text + seg.text, seg.changed)
        else:
            out.append(seg)
    return out


def _side(text: str, segments: list[Segment], missing: bool, kind: str, other_missing: bool = False) -> Side:
    changed = "".join(s.text for s in segments if s.changed)
    wanted = kind == "text" and changed and not other_missing and not _plain_ascii(changed)
    points = codepoints(changed) if wanted else []
    return Side(text=text, segments=_merge(segments), codepoints=points, missing=missing)


def _tokens(text: str, kind: str) -> list[str]:
    return text.splitlines(keepends=True) if kind == "lines" else clusters(text)


def diff_values(expected: Any, actual: Any) -> FieldDiff:
    kind = "text" if _scalar(expected) and _scalar(actual) else "lines"
    a_text, b_text = _as_text(expected), _as_text(actual)
    a_tok, b_tok = _tokens(a_text, kind), _tokens(b_text, kind)
    a_seg: list[Segment] = []
    b_seg: list[Segment] = []
    if expected is None or actual is None:
        # Nothing to align against: mark the whole present value.
        a_seg, b_seg = [Segment(a_text, expected is not None)], [Segment(b_text, actual is not None)]
    elif (at := _transposition(a_tok, b_tok)) is not None:
        # SequenceMatcher would mark one character moved; a swap reads better as the pair.
        pair = slice(at, at + 2)
        a_seg = [Segment("".join(a_tok[:at]), False), Segment("".join(a_tok[pair]), True)]
        a_seg.append(Segment("".join(a_tok[at + 2 :]), False))
        b_seg = [Segment("".join(b_tok[:at]), False), Segment("".join(b_tok[pair]), True)]
        b_seg.append(Segment("".join(b_tok[at + 2 :]), False))
    elif _as_value(expected) and _as_value(actual):
        # Amounts, numbers and dates read as whole values (a swapped pair of digits is the one
        # exception, marked above): 25.00 against 2500 is not a shuffle of characters.
        kind = "value"
        same = a_text == b_text
        a_seg, b_seg = [Segment(a_text, not same)], [Segment(b_text, not same)]
    else:
        matcher = SequenceMatcher(None, a_tok, b_tok, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            same = op == "equal"
            a_seg.append(Segment("".join(a_tok[i1:i2]), not same))
            b_seg.append(Segment("".join(b_tok[j1:j2]), not same))
    return FieldDiff(
        expected=_side(a_text, a_seg, expected is None, kind, other_missing=actual is None),
        actual=_side(b_text, b_seg, actual is None, kind, other_missing=expected is None),
        kind=kind,
        notes=explain(expected, actual),
    )


def explain(expected: Any, actual: Any) -> list[str]:
    """Plain-words reasons two values differ, when a common cause fits."""
    notes: list[str] = []
    if actual is None and expected is not None:
        return ["The value is missing on arrival."]
    if expected is None and actual is not None:
        return ["A value arrived where none was expected."]
    if type(expected) is not type(actual):
        notes.append(f"Types differ: expected {type(expected).__name__}, got {type(actual).__name__}.")
    if not (isinstance(expected, str) and isinstance(actual, str)):
        if isinstance(expected, Decimal) or isinstance(actual, Decimal):
            a, b = _as_text(expected), _as_text(actual)
            if a != b:
                notes.extend(_text_notes(a, b))
        return notes
    notes.extend(_text_notes(expected, actual))
    return notes


def _text_notes(a: str, b: str) -> list[str]:
    if a == b:
        return ["The texts are identical; only the type differs."]
    if unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b):
        return [f"Same text, different Unicode normalisation: expected is {_form(a)}, actual is {_form(b)}."]
    if unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b):
        return ["Same text once compatibility characters are folded (e.g. a no-break space or a ligature)."]
    if _visible(a) == _visible(b):
        return ["Differs only by invisible characters (see the code points)."]
    if _bare(a) == _bare(b):
        return ["Differs only in accents or other diacritics: a mark was dropped or added."]
    if a.strip() == b.strip():
        return ["Differs only in leading or trailing whitespace."]
    if a.casefold() == b.casefold():
        return ["Differs only in letter case."]
    swapped = _transposition(clusters(a), clusters(b))
    if swapped is not None:
        return [f"Two adjacent characters are swapped (positions {swapped + 1} and {swapped + 2}): a transposition."]
    return []


def _visible(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc"))


def _bare(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.category(ch).startswith("M"))


def _form(text: str) -> str:
    forms = [f for f in ("NFC", "NFD") if unicodedata.is_normalized(f, text)]
    return " and ".join(forms) if forms else "neither NFC nor NFD"


def _transposition(a: list[str], b: list[str]) -> int | None:
    """Index of the first of two adjacent tokens that swapped places, if that is the only difference."""
    if len(a) != len(b):
        return None
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]:
        return diffs[0]
    return None
