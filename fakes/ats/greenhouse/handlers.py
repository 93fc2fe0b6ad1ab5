"""The entry to Greenhouse's handlers: one method per Harvest operation, named after it.

Harvest has many resources and two versions, so the handlers are split by resource
(candidates, applications, offers, organization, reads) and version (v3); ``Handlers``
gathers them for the fake. Each handler reads the request, asks the ATS model and
serializes; a refusal of the model is answered by the fake's ``model_error`` hook.
"""

from __future__ import annotations

from .applications import ApplicationHandlers
from .candidates import CandidateHandlers
from .offers import OfferHandlers
from .organization import OrganizationHandlers
from .reads import ReadHandlers
from .v3 import V3Handlers


class Handlers(CandidateHandlers, ApplicationHandlers, OfferHandlers, OrganizationHandlers, ReadHandlers,
               V3Handlers):
    """Every Harvest v1 and v3 operation this fake serves."""
