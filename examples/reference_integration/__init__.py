"""A reference recruiting integration: Greenhouse, BambooHR, DocuSign, Calendly.

Run it with ``python -m examples.reference_integration`` or build it in
process with :func:`create_app`. It knows only the vendors' APIs and its
environment (see ``settings.py``).
"""

from .app import create_app
from .integration import Integration
from .settings import Settings

__all__ = ["Integration", "Settings", "create_app"]
