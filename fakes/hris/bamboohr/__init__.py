"""The BambooHR dialect of the HRIS fake."""

from .fake import BambooHRFake

__all__ = ["BambooHRFake"]
