"""Dropbox Sign (API v3, formerly HelloSign) on the vendor-neutral e-signature model."""

from .fake import DropboxSignFake

__all__ = ["DropboxSignFake"]
