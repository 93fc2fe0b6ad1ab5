"""The checks a run can apply; see ``registry.names()``."""

from .registry import REGISTRY, CheckContext, Skip, check, get, names, run_check

__all__ = ["REGISTRY", "CheckContext", "Skip", "check", "get", "names", "run_check"]
