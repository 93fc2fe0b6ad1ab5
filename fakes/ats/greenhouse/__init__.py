"""Greenhouse: the dialect of the ATS model (Harvest v1 + v3, web hooks)."""

from .fake import GreenhouseFake

__all__ = ["GreenhouseFake"]
