"""Calendly API v2: the scheduler model in Calendly's wire format."""

from .fake import CalendlyFake

__all__ = ["CalendlyFake"]
