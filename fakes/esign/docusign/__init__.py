"""DocuSign eSignature REST v2.1, its OAuth JWT grant and Connect webhooks, over the e-signature model."""

from .fake import DocuSignFake

__all__ = ["DocuSignFake"]
