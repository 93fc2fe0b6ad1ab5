"""What every BambooHR handler shares: the tenant's model, path ids, bodies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...kit.http import Request
from ..model import HrisModel
from . import xmlio
from .errors import BambooHRError

if TYPE_CHECKING:
    from ...kit.hub import Hub


class Operations:
    hub: Hub
    name: str
    system: str

    def model(self, request: Request) -> HrisModel:
        return self.hub.model(self.system, request.tenant, HrisModel)

    def employee_id(self, request: Request, model: HrisModel, allow_all: bool = False) -> int | None:
        """The path's employee id: ``0`` is the API user, ``all`` (tables only) means everyone."""
        raw = request.params.get("id", "")
        if allow_all and raw == "all":
            return None
        if raw == "0":
            return model.api_user_id
        if raw.isascii() and raw.isdigit() and len(raw) < 16:
            return int(raw)
        raise BambooHRError(404, f"Employee {raw!r} not found")

    def body(self, request: Request) -> dict[str, Any]:
        """A JSON object body, or the XML ``<employee>``/``<row>`` of ``field`` elements (see ``xmlio``)."""
        if xmlio.is_xml_body(request):
            return xmlio.parse_fields(request.body)
        return request.json_object()

    def api_base(self, request: Request, version: str = "v1") -> str:
        """The URL prefix the request came through (gateway or subdomain form)."""
        origin = request.origin or self.hub.origin_of(self.name)
        domain = request.params.get("companyDomain")
        return f"{origin}/api/gateway.php/{domain}/{version}" if domain else f"{origin}/api/{version}"


def flag(value: str | None, name: str, default: bool) -> bool:
    if value is None or value == "":
        return default
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise BambooHRError(400, f"{name}={value!r} must be true or false")
