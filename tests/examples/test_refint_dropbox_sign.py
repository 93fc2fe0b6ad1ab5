"""The reference integration's Dropbox Sign pieces without a run: the callback check and the request it sends."""

from __future__ import annotations

import hashlib
import hmac
import json

from examples.reference_integration import signatures
from examples.reference_integration.settings import Settings

KEY = "a" * 64
BOUNDARY = "xYzBoundary"


def callback(event_time: str = "1772442000", event_type: str = "signature_request_all_signed",
             key: str = KEY, spoil: bool = False) -> tuple[dict[str, str], bytes]:
    digest = hmac.new(key.encode(), (event_time + event_type).encode(), hashlib.sha256).hexdigest()
    if spoil:
        digest = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    payload = {"event": {"event_time": event_time, "event_type": event_type, "event_hash": digest},
               "signature_request": {"signature_request_id": "r1", "metadata": {"greenhouse_application_id": "7"}}}
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{json.dumps(payload)}\r\n"
            f"--{BOUNDARY}--\r\n").encode()
    return {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}, body


def test_a_callback_signed_with_the_api_key_is_accepted() -> None:
    headers, body = callback()
    assert signatures.dropbox_sign(KEY, headers, body)
    assert signatures.dropbox_sign_event(headers, body)["signature_request"]["signature_request_id"] == "r1"


def test_a_spoiled_hash_another_key_or_no_json_field_is_refused() -> None:
    assert not signatures.dropbox_sign(KEY, *callback(spoil=True))
    assert not signatures.dropbox_sign(KEY, *callback(key="b" * 64))
    assert not signatures.dropbox_sign("", *callback())
    headers, body = callback()
    assert not signatures.dropbox_sign(KEY, headers, body.replace(b'name="json"', b'name="data"'))
    assert not signatures.dropbox_sign(KEY, headers, b"not multipart at all")


def test_the_vendor_is_chosen_by_esign_vendor_or_by_which_key_is_present() -> None:
    assert Settings.from_env({}).esign_vendor == "docusign"
    assert Settings.from_env({"DROPBOX_SIGN_API_KEY": KEY}).esign_vendor == "dropbox_sign"
    both = {"DROPBOX_SIGN_API_KEY": KEY, "DOCUSIGN_ACCESS_TOKEN": "t"}
    assert Settings.from_env(both).esign_vendor == "docusign"
    assert Settings.from_env({**both, "ESIGN_VENDOR": "dropbox_sign"}).esign_vendor == "dropbox_sign"
