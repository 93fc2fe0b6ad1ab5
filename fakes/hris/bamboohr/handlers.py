"""The entry to BambooHR's handlers: one method per operation of the BHR spec, named after it.

The handlers are split by resource (employees, tables, meta, webhooks); ``Handlers`` gathers
them for the fake. A refusal of the model is answered by the fake's ``model_error`` hook.
"""

from __future__ import annotations

from .employees import EmployeeOperations
from .subscriptions import WebhookOperations
from .tables import MetaOperations, TableOperations


class Handlers(EmployeeOperations, TableOperations, MetaOperations, WebhookOperations):
    """Every BambooHR API operation this fake serves (the OAuth endpoints are in ``auth.py``)."""
