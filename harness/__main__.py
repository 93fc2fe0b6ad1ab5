"""`python -m harness` is the `ats-harness` command (useful from a git worktree or an uninstalled checkout)."""

from harness.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
