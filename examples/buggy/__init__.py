"""Known-bug variants of the reference integration.

Each module ``<name>.py`` holds one ``Variant`` class: the reference
``Integration`` with one decision replaced by a realistic mistake, named on
the first line of the module's docstring. ``REFERENCE_VARIANT=<name>``
serves it. The harness must fail every one of them.
"""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path


def _bug_of(module: Path) -> str:
    doc = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8"))) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


# Read from the docstrings without importing: listing the variants stays cheap.
VARIANTS: dict[str, str] = {
    info.name: _bug_of(Path(__path__[0]) / f"{info.name}.py")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    if not info.name.startswith("_")
}

__all__ = ["VARIANTS"]
