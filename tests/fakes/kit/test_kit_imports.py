"""The kit knows no world and no dialect: parse every import of fakes/kit/ (TYPE_CHECKING ones too)."""

from __future__ import annotations

import ast
from pathlib import Path

import fakes.kit

KIT = Path(fakes.kit.__file__).parent


def imported_modules(path: Path) -> list[str]:
    """Every module ``path`` imports, resolved to an absolute dotted name."""
    package = "fakes.kit"
    out = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            out.append(module)
            out += [f"{module}.{alias.name}" for alias in node.names]  # "from .. import world"
    return out


def outside_kit(modules: list[str]) -> list[str]:
    return [m for m in modules if m.startswith("fakes.") and not m.startswith("fakes.kit")]


def test_the_kit_imports_nothing_of_fakes_outside_the_kit() -> None:
    offenders = {
        path.name: outside_kit(imported_modules(path)) for path in sorted(KIT.glob("*.py"))
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_the_check_sees_a_type_checking_import_of_the_world(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from ..world import World\n"
        "from .. import world\n"
        "from ...fakes.ats.greenhouse import fake\n"
        "import fakes.hris.model\n"
        "from .http import Fake\n"
    )
    found = outside_kit(imported_modules(sample))
    assert "fakes.world" in found
    assert "fakes.world" in found and "fakes.hris.model" in found
    assert not any(m.startswith("fakes.kit") for m in found)
