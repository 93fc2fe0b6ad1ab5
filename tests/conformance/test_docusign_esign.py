"""``docusign-esign``, DocuSign's official Python SDK, unmodified, against the DocuSign fake over TLS.

What changes: the REST host (``ApiClient(host=...)``), the OAuth host
(``oauth_host_name``: the SDK builds ``"https://" + oauth_host_name``
itself, which is why this needs TLS), the integration key, user id and
private key from the contract, and the CA bundle in the SDK's own
``Configuration().ssl_ca_cert`` (the SDK does not read the environment: it
falls back to certifi's roots).

The JWT grant is the SDK's own code: it signs the assertion with the
machine's clock, posts it, parses ``OAuthToken`` and ``OAuthUserInfo``; the
token it gets then drives the eSignature calls an offer flow makes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from fakes.world import World

sdk = pytest.importorskip("docusign_esign")
from docusign_esign.client.api_exception import ApiException  # noqa: E402
from docusign_esign.client.configuration import Configuration  # noqa: E402


@pytest.fixture
def client(env: dict[str, str]) -> Iterator[Any]:
    config = Configuration()  # a singleton: every ApiClient the SDK makes reads it
    previous, config.ssl_ca_cert = config.ssl_ca_cert, env["SSL_CERT_FILE"]
    auth = urlsplit(env["DOCUSIGN_AUTH_URL"])
    api = sdk.ApiClient(host=env["DOCUSIGN_BASE_URL"] + "/restapi", oauth_host_name=auth.netloc + auth.path)
    try:
        yield api
    finally:
        api.rest_client.pool_manager.clear()
        config.ssl_ca_cert = previous


def jwt_token(client: Any, env: dict[str, str]) -> Any:
    return client.request_jwt_user_token(
        client_id=env["DOCUSIGN_INTEGRATION_KEY"],
        user_id=env["DOCUSIGN_USER_ID"],
        oauth_host_name=client.oauth_host_name,
        private_key_bytes=env["DOCUSIGN_PRIVATE_KEY"].encode(),
        expires_in=3600,
        scopes=["signature", "impersonation"],
    )


def test_jwt_grant_userinfo_and_an_offer_envelope(client: Any, env: dict[str, str], world: World) -> None:
    token = jwt_token(client, env)  # also sets the client's Authorization header, as the SDK does
    assert (token.token_type, int(token.expires_in)) == ("Bearer", 3600)
    (account,) = client.get_user_info(token.access_token).get_accounts()
    assert (account.account_id, account.base_uri) == (env["DOCUSIGN_ACCOUNT_ID"], env["DOCUSIGN_BASE_URL"])

    templates = sdk.TemplatesApi(client).list_templates(account.account_id, search_text="Offer Letter")
    (template,) = templates.envelope_templates
    envelopes = sdk.EnvelopesApi(client)
    summary = envelopes.create_envelope(account.account_id, envelope_definition=sdk.EnvelopeDefinition(
        template_id=template.template_id, status="sent", email_subject="Your offer",
        template_roles=[
            sdk.TemplateRole(role_name="Hiring Manager", name="Hank Manager", email="hank@acme.example"),
            sdk.TemplateRole(role_name="Candidate", name="Ada Lovelace", email="ada@candidates.example"),
        ],
    ))
    assert summary.status == "sent"
    envelope = envelopes.get_envelope(account.account_id, summary.envelope_id, include="recipients")
    assert [s.role_name for s in envelope.recipients.signers] == ["Hiring Manager", "Candidate"]
    assert world.esign.envelope(summary.envelope_id)["status"] == "sent"


def test_jwt_grant_refusals_reach_the_sdk_as_api_exceptions(client: Any, env: dict[str, str]) -> None:
    with pytest.raises(ApiException) as refused:
        client.request_jwt_user_token(
            client_id="00000000-0000-0000-0000-000000000000",
            user_id=env["DOCUSIGN_USER_ID"],
            oauth_host_name=client.oauth_host_name,
            private_key_bytes=env["DOCUSIGN_PRIVATE_KEY"].encode(),
            expires_in=3600,
            scopes=["signature"],
        )
    assert refused.value.status == 400 and b"issuer_not_found" in refused.value.body


def test_the_sdk_refuses_the_fakes_certificate_without_the_bundle(env: dict[str, str]) -> None:
    """The TLS is real: with certifi's roots alone the SDK cannot reach the fake."""
    import urllib3

    config = Configuration()
    assert config.ssl_ca_cert in (None, "")
    auth = urlsplit(env["DOCUSIGN_AUTH_URL"])
    api = sdk.ApiClient(host=env["DOCUSIGN_BASE_URL"] + "/restapi", oauth_host_name=auth.netloc + auth.path)
    try:
        with pytest.raises(urllib3.exceptions.MaxRetryError) as refused:
            jwt_token(api, env)
        assert isinstance(refused.value.reason, urllib3.exceptions.SSLError)
        assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value.reason)
    finally:
        api.rest_client.pool_manager.clear()
