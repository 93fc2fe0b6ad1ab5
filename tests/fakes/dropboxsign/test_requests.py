"""Dropbox Sign request bodies the three ways they come (JSON, url-encoded brackets as in the vendor's
curl examples, multipart), and its error body ``{"error": {error_msg, error_name[, error_path]}}``."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlencode

import pytest

from fakes.esign.dropboxsign.auth import api_key
from fakes.kit.http import Request, Response
from fakes.world import World


@pytest.fixture
def world() -> World:
    return World(seed=3, systems=["esign"])


def call(world: World, method: str, path: str, body: bytes = b"", content_type: str = "application/json",
         key: str | None = None, query: str = "") -> Response:
    user = api_key(world.hub.settings) if key is None else key
    headers = {"authorization": "Basic " + base64.b64encode(f"{user}:".encode()).decode(),
               "content-type": content_type}
    return world.fakes["dropbox_sign"].handle(Request(method, path, query, headers, body))


def answer(response: Response) -> dict[str, Any]:
    return dict(json.loads(response.body))


def test_bracket_form_fields_as_in_the_curl_examples(world: World) -> None:
    form = urlencode({"title": "NDA", "subject": "Please sign", "file_urls[0]": "https://files.example/nda.pdf",
                      "signers[0][name]": "Hank", "signers[0][email_address]": "hank@acme.example",
                      "signers[0][order]": "0", "signers[1][name]": "Ada",
                      "signers[1][email_address]": "ada@candidates.example", "signers[1][order]": "1",
                      "metadata[greenhouse_application_id]": "42"}).encode()
    sent = call(world, "POST", "/v3/signature_request/send", form, "application/x-www-form-urlencoded")
    assert sent.status == 200, sent.body
    request = answer(sent)["signature_request"]
    assert request["metadata"] == {"greenhouse_application_id": "42"}
    envelope = world.esign.envelope(request["signature_request_id"])
    assert [(r["name"], r["routing_order"]) for r in envelope["recipients"]] == [("Hank", 1), ("Ada", 2)]


def test_multipart_with_nested_values_as_json_text_as_the_sdk_sends_them(world: World) -> None:
    boundary = "b0undary"
    parts = [("signers", json.dumps([{"name": "Ada", "email_address": "ada@candidates.example"}]), None),
             ("test_mode", "True", None), ("files[0]", "%PDF-1.4 fake", "letter.pdf")]
    chunks = []
    for name, value, filename in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        chunks.append(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n{value}\r\n".encode())
    body = b"".join(chunks) + f"--{boundary}--\r\n".encode()
    sent = call(world, "POST", "/v3/signature_request/send", body, f"multipart/form-data; boundary={boundary}")
    assert sent.status == 200, sent.body
    envelope = world.esign.envelope(answer(sent)["signature_request"]["signature_request_id"])
    assert envelope["documents"][0]["name"] == "letter.pdf"
    assert base64.b64decode(envelope["documents"][0]["content_base64"]) == b"%PDF-1.4 fake"


@pytest.mark.parametrize(("body", "path"), [
    ({"signers": [{"name": "Ada"}], "file_urls": ["https://f.example/a.pdf"]}, "signers[0][email_address]"),
    ({"signers": [{"name": "Ada", "email_address": "ada@x.example"}]}, "files"),
    ({"signers": [{"name": "Ada", "email_address": "ada@x.example", "order": -1}],
      "file_urls": ["https://f.example/a.pdf"]}, "signers[0][order]"),
    ({"signers": [{"name": "Ada", "email_address": "not-an-email"}], "file_urls": ["https://f.example/a.pdf"]},
     "signers"),
])
def test_a_bad_request_names_the_parameter_in_error_path(world: World, body: dict[str, Any], path: str) -> None:
    refused = call(world, "POST", "/v3/signature_request/send", json.dumps(body).encode())
    assert refused.status == 400
    error = answer(refused)["error"]
    assert (error["error_name"], error["error_path"]) == ("bad_request", path)
    assert error["error_msg"]


def test_credentials_and_unknown_ids(world: World) -> None:
    refused = call(world, "GET", "/v3/account", key="0" * 64)
    assert (refused.status, answer(refused)["error"]["error_name"]) == (401, "unauthorized")
    missing = call(world, "GET", "/v3/template/nope")
    assert (missing.status, answer(missing)["error"]["error_name"]) == (404, "not_found")
    wrong_page = call(world, "GET", "/v3/signature_request/list", query="page_size=101")
    assert (wrong_page.status, answer(wrong_page)["error"]["error_path"]) == (400, "page_size")
