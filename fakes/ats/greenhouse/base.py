"""What every Greenhouse handler module leans on: the tenant's model and 404s."""

from __future__ import annotations

from typing import Any

from ...kit.http import Fake, Request
from .auth import Authenticator
from .errors import NotFoundError
from .validate import as_id


class HandlerBase(Fake):
    auth: Authenticator

    def model(self, request: Request) -> Any:
        return self.hub.model(self.system, request.tenant)

    def found(self, model: Any, table: str, raw: Any) -> dict[str, Any]:
        """The record a path names, or Harvest's 404."""
        ident = as_id(raw)
        record = model.store.table(table).get(ident) if ident is not None else None
        if record is None:
            raise NotFoundError("Resource not found")
        return record
