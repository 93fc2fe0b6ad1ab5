"""Every dialect folder has the same files with the same roles (docs/dialects.md)."""

from __future__ import annotations

import importlib
import inspect
from dataclasses import replace
from pathlib import Path

import pytest

import fakes
from fakes.kit.http import Fake, Request
from fakes.kit.hub import Hub
from fakes.kit.model import ModelError

ROOT = Path(fakes.__file__).parent
SKELETON = frozenset(
    {
        "__init__.py",
        "fake.py",
        "routes.py",
        "handlers.py",
        "schemas.py",
        "serialize.py",
        "errors.py",
        "auth.py",
        "webhooks.py",
        "coverage.py",
        "IMPLEMENTATION_COVERAGE.md",
    }
)


def dialect_folders(root: Path = ROOT) -> list[Path]:
    """``fakes/<system>/<vendor>/``: every package two levels down (the kit is not a system)."""
    return sorted(
        folder
        for folder in root.glob("*/*/")
        if (folder / "__init__.py").exists() and folder.parent.name != "kit" and folder.name != "__pycache__"
    )


def missing_files(folder: Path) -> set[str]:
    return set(SKELETON) - {p.name for p in folder.iterdir()}


DIALECTS = dialect_folders()


def test_the_four_dialects_are_found() -> None:
    names = {f"{folder.parent.name}/{folder.name}" for folder in DIALECTS}
    assert {"ats/greenhouse", "hris/bamboohr", "esign/docusign", "scheduler/calendly"} <= names


@pytest.mark.parametrize("folder", DIALECTS, ids=lambda f: f"{f.parent.name}/{f.name}")
def test_every_dialect_has_the_skeleton_files(folder: Path) -> None:
    assert missing_files(folder) == set()


def test_a_dialect_without_auth_py_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "ats" / "acme"
    folder.mkdir(parents=True)
    for name in SKELETON - {"auth.py"}:
        (folder / name).write_text("")
    assert dialect_folders(tmp_path) == [folder]
    assert missing_files(folder) == {"auth.py"}


def _module(folder: Path, name: str) -> object:
    return importlib.import_module(f"fakes.{folder.parent.name}.{folder.name}.{name}")


def _fake_class(folder: Path) -> type[Fake]:
    package = importlib.import_module(f"fakes.{folder.parent.name}.{folder.name}")
    classes = [v for v in vars(package).values() if inspect.isclass(v) and issubclass(v, Fake) and v is not Fake]
    assert len(classes) == 1, f"{folder}: __init__.py should export exactly one Fake class, found {classes}"
    return classes[0]


@pytest.mark.parametrize("folder", DIALECTS, ids=lambda f: f"{f.parent.name}/{f.name}")
def test_every_dialect_fills_each_role_the_same_way(folder: Path) -> None:
    cls = _fake_class(folder)
    assert cls.__module__.endswith(".fake"), "the Fake subclass lives in fake.py"
    assert cls.system == folder.parent.name, "fake.py declares the model the dialect speaks"
    assert callable(getattr(_module(folder, "routes"), "routes", None)), "routes.py: def routes(fake)"
    assert inspect.isclass(getattr(_module(folder, "handlers"), "Handlers", None)), "handlers.py: class Handlers"
    assert issubclass(cls, _module(folder, "handlers").Handlers)  # type: ignore[attr-defined]
    assert callable(getattr(_module(folder, "errors"), "from_model_error", None)), "errors.py: from_model_error"
    sender = getattr(_module(folder, "webhooks"), "WebhookSender", None)
    assert inspect.isclass(sender) and callable(getattr(sender, "on_event", None)), "webhooks.py: WebhookSender"
    assert list(inspect.signature(sender).parameters) == ["fake"], "WebhookSender(fake), one shape"
    assert isinstance(cls(Hub()).webhooks, sender), "the fake keeps its sender as self.webhooks"
    assert isinstance(getattr(_module(folder, "coverage"), "VENDOR_OPERATIONS", None), list)
    assert cls.model_error is not Fake.model_error, "errors reach the vendor's words through the model_error hook"
    assert cls.contract_env is not Fake.contract_env


@pytest.mark.parametrize("folder", DIALECTS, ids=lambda f: f"{f.parent.name}/{f.name}")
def test_a_refusal_of_the_model_is_the_vendors_error_not_a_500(folder: Path) -> None:
    """The hook answers a ModelError a handler lets through (no per-handler decorator needed)."""
    cls = _fake_class(folder)
    hub = Hub()
    fake = cls(hub)  # no world needed: the handler below never reaches a model
    route = next(r for r in fake.router.routes if r.auth)

    def refused(request: Request) -> None:
        raise ModelError("no such thing", kind="not_found")

    response = fake._dispatch(Request(route.method, "/"), replace(route, handler=refused, auth=False))
    assert 400 <= response.status < 500  # each in its words: Greenhouse 422, DocuSign 400, others 404
    assert fake.harness_errors == [] and hub.errors == []


@pytest.mark.parametrize("folder", DIALECTS, ids=lambda f: f"{f.parent.name}/{f.name}")
def test_implemented_is_marked_one_way_only_by_the_route_table(folder: Path) -> None:
    """coverage.py notes say how an operation behaves; whether it is served comes from routes.py."""
    operations = _module(folder, "coverage").VENDOR_OPERATIONS  # type: ignore[attr-defined]
    saying = [(op, note) for op, _, _, note in operations if "implemented" in note.lower()]
    assert saying == []


@pytest.mark.parametrize("folder", DIALECTS, ids=lambda f: f"{f.parent.name}/{f.name}")
def test_credentials_are_read_in_auth_py_and_no_handler_is_wrapped_for_model_errors(folder: Path) -> None:
    fake_source = (folder / "fake.py").read_text().lower()
    assert 'header("authorization")' not in fake_source, "reading credentials belongs in auth.py"
    # the four decorator styles this replaced wrapped handlers with functools.wraps in errors.py
    assert "wraps(" not in (folder / "errors.py").read_text(), "model errors go through Fake.model_error"
