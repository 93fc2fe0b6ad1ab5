"""A SUT that answers its health check and Greenhouse's ping on hook save, then dies on the first event."""

import os
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if b'"action":"ping"' in body:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        os._exit(3)

    def log_message(self, *args: object) -> None:
        pass


print("crashing SUT ready", flush=True)
HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
