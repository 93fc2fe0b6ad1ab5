"""``python -m fakes.scaffold SYSTEM VENDOR``: a new dialect's skeleton (docs/dialects.md).

Writes ``fakes/<system>/<vendor>/`` with every skeleton file holding a working minimal fake that
serves one example operation behind a Bearer API key, its ``IMPLEMENTATION_COVERAGE.md``, and test
stubs under ``tests/fakes/<vendor>/``. It never overwrites: an existing folder is an error.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from string import Template

from . import templates

ROOT = Path(__file__).resolve().parent.parent.parent
NAME = re.compile(r"^[a-z][a-z0-9]*$")
SKELETON_FILES = ("__init__.py", "fake.py", "routes.py", "handlers.py", "schemas.py", "serialize.py",
                  "errors.py", "auth.py", "webhooks.py", "coverage.py")


def class_name(vendor: str) -> str:
    return vendor[:1].upper() + vendor[1:] + "Fake"


def render(name: str, system: str, vendor: str) -> str:
    text = getattr(templates, name.removesuffix(".py").strip("_").upper() or "INIT")
    return Template(text).substitute(
        system=system, vendor=vendor, Vendor=vendor.capitalize(), VENDOR=vendor.upper(), cls=class_name(vendor)
    )


def scaffold(system: str, vendor: str, root: Path = ROOT) -> list[Path]:
    """Write the dialect and its test stubs under ``root``; answer the files written."""
    for what, value in (("SYSTEM", system), ("VENDOR", vendor)):
        if not NAME.match(value):
            raise ValueError(f"{what}={value!r} must be lower-case letters and digits, starting with a letter")
    folder = root / "fakes" / system / vendor
    tests = root / "tests" / "fakes" / vendor
    for target in (folder, tests):
        if target.exists():
            raise FileExistsError(f"{target} exists already; the scaffold never overwrites")
    folder.mkdir(parents=True)
    package = folder.parent / "__init__.py"
    written = []
    if not package.exists():
        package.write_text(f'"""The {system} system: its model and dialects."""\n')
        written.append(package)
    for name in SKELETON_FILES:
        path = folder / name
        path.write_text(render(name, system, vendor))
        written.append(path)
    coverage = folder / "IMPLEMENTATION_COVERAGE.md"
    coverage.write_text(coverage_page(folder, system, vendor))
    written.append(coverage)
    tests.mkdir(parents=True)
    for name, text in (("__init__.py", ""), (f"test_{vendor}_skeleton.py", render("TESTS", system, vendor))):
        (tests / name).write_text(text)
        written.append(tests / name)
    return written


def coverage_page(folder: Path, system: str, vendor: str) -> str:
    """The coverage page of the freshly written dialect, generated as ``fakes.contracts`` does."""
    from ..kit.hub import Hub
    from ..kit.openapi import coverage_markdown

    module = load(folder, f"_scaffold_{system}_{vendor}")
    fake = getattr(module, class_name(vendor))(Hub())
    return coverage_markdown(fake, module.coverage.VENDOR_OPERATIONS, tuple(module.coverage.NOTES))


def load(folder: Path, name: str) -> object:
    """Import a dialect folder as package ``name`` (wherever it is; its imports are relative)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    importlib.import_module(f"{name}.coverage")
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fakes.scaffold", description=__doc__.split("\n\n")[0])
    parser.add_argument("system", help="the model the dialect speaks: ats, hris, esign, scheduler (or a new one)")
    parser.add_argument("vendor", help="the vendor's name, lower case, e.g. dropboxsign")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository to write into (default: this one)")
    args = parser.parse_args(argv)
    try:
        written = scaffold(args.system, args.vendor, args.root)
    except (ValueError, FileExistsError) as exc:
        print(f"scaffold: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print(templates.NEXT_STEPS.format(system=args.system, vendor=args.vendor, cls=class_name(args.vendor)))
    return 0
