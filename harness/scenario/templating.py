"""Templates in scenario values, rendered per journey in a Jinja2 sandbox.

In scope: ``candidate``, ``job``, ``offer``, ``journey``, ``pack`` (the
journey's data record) and ``faker`` (seeded per journey, so a run replays).
A name that does not exist is an error, never an empty string.

A value that is exactly one ``{{ expression }}`` keeps the expression's
type: ``"{{ offer.salary }}"`` renders to the ``Decimal`` itself, not to its
text, so an expectation compares money exactly. Anything else renders to
text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, TemplateError, Undefined, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from ..errors import HarnessError
from .model import Scenario
from .packs import split_record

if TYPE_CHECKING:
    from faker import Faker

__all__ = [
    "ROOTS",
    "JourneyWorld",
    "TemplateProblem",
    "environment",
    "is_template",
    "journey_world",
    "make_faker",
    "render",
    "unknown_names",
]

ROOTS = ("candidate", "job", "offer", "journey", "pack", "faker")
_MARKERS = ("{{", "{%", "{#")
_SINGLE = re.compile(r"\s*\{\{(?P<expr>.*)\}\}\s*", re.DOTALL)


class TemplateProblem(HarnessError):
    """A template that cannot be rendered: bad syntax or a name that is not there."""


@cache
def environment() -> SandboxedEnvironment:
    """The one sandboxed environment: strict about undefined names, no autoescaping."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def is_template(value: Any) -> bool:
    return isinstance(value, str) and any(m in value for m in _MARKERS)


def unknown_names(text: str) -> list[str]:
    """Names a template uses that are not in scope, found without rendering it.

    A template that does not parse raises :class:`TemplateProblem`.
    """
    try:
        tree = environment().parse(text)
    except TemplateError as exc:
        raise TemplateProblem(f"template syntax error: {exc.message}") from None
    return sorted(meta.find_undeclared_variables(tree) - set(ROOTS))


def render(value: Any, context: Mapping[str, Any]) -> Any:
    """Render every template inside ``value`` (mappings and lists are walked); other values pass through."""
    if isinstance(value, str):
        return _render_text(value, context) if is_template(value) else value
    if isinstance(value, Mapping):
        return {k: render(v, context) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [render(v, context) for v in value]
    return value


def _render_text(text: str, context: Mapping[str, Any]) -> Any:
    env = environment()
    try:
        expr = _single_expression(text)
        if expr is not None:
            out = env.compile_expression(expr, undefined_to_none=False)(**context)
            if isinstance(out, Undefined):
                str(out)  # StrictUndefined raises here, naming what is missing
            return out
        return env.from_string(text).render(**context)
    except TemplateError as exc:
        raise TemplateProblem(f"template {text!r} cannot be rendered: {exc.message or exc}") from None


@cache
def _single_expression(text: str) -> str | None:
    """The expression of a text that is exactly one ``{{ ... }}``, else None."""
    match = _SINGLE.fullmatch(text)
    if not match:
        return None
    body = environment().parse(text).body
    if len(body) != 1 or not isinstance(body[0], nodes.Output):
        return None
    parts = [n for n in body[0].nodes if not (isinstance(n, nodes.TemplateData) and not n.data.strip())]
    if len(parts) != 1 or isinstance(parts[0], nodes.TemplateData):
        return None
    return match["expr"]


def make_faker(seed: Any, locale: str = "en_US") -> Faker:
    """A Faker whose output is fixed by ``seed`` (any hashable: an int, or "7:3" for seed 7, journey 3)."""
    from faker import Faker

    faker = Faker(locale)
    faker.seed_instance(seed)
    return faker


@dataclass
class JourneyWorld:
    """One journey's world, rendered: what the engine seeds the fakes with."""

    job: dict[str, Any]
    candidate: dict[str, Any]
    offer: dict[str, Any]
    pack: dict[str, Any]
    journey: dict[str, Any]
    faker: Any

    def context(self) -> dict[str, Any]:
        """The template context for this journey's steps and expectations."""
        candidate = dict(self.candidate)
        candidate.setdefault("full_name", f"{candidate.get('first_name', '')} {candidate.get('last_name', '')}".strip())
        return {
            "candidate": candidate,
            "job": self.job,
            "offer": self.offer,
            "journey": self.journey,
            "pack": self.pack,
            "faker": self.faker,
        }


def journey_world(
    scenario: Scenario, index: int, *, seed: int, journey: Mapping[str, Any] | None = None
) -> JourneyWorld:
    """Render the world of journey ``index`` (from 0).

    The data record (``scenario.record(index)``) is ``pack`` in templates, and
    its keys then override the rendered candidate and offer. ``journey``
    defaults to ``{"id": "<scenario slug>-<index + 1>", "index", "number"}``;
    the engine may pass its own.
    """
    record = dict(scenario.record(index))
    info = (
        dict(journey)
        if journey is not None
        else {
            "id": f"{_slug(scenario.name)}-{index + 1}",
            "index": index,
            "number": index + 1,
        }
    )
    faker = make_faker(f"{seed}:{scenario.name}:{index}")
    ctx: dict[str, Any] = {"pack": record, "journey": info, "faker": faker, "candidate": {}, "job": {}, "offer": {}}
    ctx["job"] = render(scenario.world.job, ctx)
    ctx["candidate"] = render(scenario.world.candidate, ctx)
    cand_part, offer_part = split_record(record)
    ctx["candidate"].update(cand_part)
    ctx["offer"] = render(scenario.world.offer, ctx)
    ctx["offer"].update(offer_part)
    return JourneyWorld(ctx["job"], ctx["candidate"], ctx["offer"], record, info, faker)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "scenario"
