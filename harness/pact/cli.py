"""``ats-harness pact verify DIR`` and ``ats-harness pact diff OLD NEW``."""

from __future__ import annotations

import argparse


def cmd_verify(args: argparse.Namespace) -> int:
    from .verify import render, verify

    results = verify(args.folder, quiet=not args.verbose)
    print(render(results))
    return 0 if results and all(r.passed for r in results) else 1


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import main

    code, text = main(args.old, args.new)
    print(text)
    return code


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    pact = sub.add_parser("pact", help="verify the fakes against a run's Pact contracts, or compare two contracts")
    commands = pact.add_subparsers(dest="pact_command", required=True)
    verify = commands.add_parser("verify", help="verify the fakes against the pacts in DIR (reports/<run-id>/pacts)")
    verify.add_argument("folder", help="a folder of pact files (reports/<run-id>/pacts) or one pact file")
    verify.add_argument("--verbose", "-v", action="store_true", help="also show the Pact verifier's own report")
    verify.set_defaults(func=cmd_verify)
    diff = commands.add_parser(
        "diff", help="operations and fields added, removed or changed; exit 1 when NEW depends on more than OLD"
    )
    diff.add_argument("old", help="a pact file or a folder of them")
    diff.add_argument("new", help="a pact file or a folder of them")
    diff.set_defaults(func=cmd_diff)
