"""``python -m examples.reference_integration``: serve the integration with uvicorn."""

from __future__ import annotations

import logging
import os
import sys

import uvicorn

from .app import create_app


class _Server(uvicorn.Server):
    async def startup(self, sockets: list | None = None) -> None:  # type: ignore[type-arg]
        await super().startup(sockets=sockets)
        if self.started:  # subscriptions made and the socket bound: say so, once
            print(f"reference integration ready on http://{self.config.host}:{self.config.port}", flush=True)


def main() -> int:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    app = create_app(os.environ)
    settings = app.state.integration.settings
    server = _Server(
        uvicorn.Config(
            app, host=settings.host, port=settings.port, lifespan="on", log_level="warning", access_log=False
        )
    )
    server.run()
    return 0 if server.started else 1


if __name__ == "__main__":
    sys.exit(main())
