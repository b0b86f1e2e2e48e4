"""How the bot proves who it is to Graph for application permissions (the directory, app installs).

Asynchronous credentials from `azure.identity.aio` only: msgraph-sdk's auth provider awaits
`get_token` on the event loop, and a synchronous credential would block it for the whole token
request. Which credential is named by DIRECTORY_CREDENTIAL; `infra/config.py` says what each one
still needs, and nothing here falls back from one kind to another — a managed identity that is not
there, or a certificate that cannot be read, is an error, not a quiet switch to something else.
"""

from __future__ import annotations

from typing import Any

from azure.identity.aio import (
    CertificateCredential,
    ClientSecretCredential,
    ManagedIdentityCredential,
    WorkloadIdentityCredential,
)

from infra.config import Settings

APP_SCOPES = ["https://graph.microsoft.com/.default"]  # app-only tokens carry the consented roles
# azure-core's defaults are 300 s to connect and 300 s per read, and azure-identity tries a token request
# four times: ~20 minutes for an Entra ID that takes the connection and never answers, while the scheduler's
# later steps (the digest among them) wait. These bound one token request to ~90 s, retries included.
CONNECT_SECONDS = 10.0
READ_SECONDS = 20.0


class CredentialError(ValueError):
    """The settings do not describe a credential this process can use (the message names the setting)."""


def build_app_credential(settings: Settings, **transport: Any) -> Any:
    """The AsyncTokenCredential DIRECTORY_CREDENTIAL names. `transport` goes to azure-core's pipeline
    (tests pass `connection_verify`, the certificate a local Entra ID serves), with timeouts by default."""
    problem = settings.directory_problem()
    if problem:
        raise CredentialError(problem)
    transport = {"connection_timeout": CONNECT_SECONDS, "read_timeout": READ_SECONDS, **transport}
    kind = settings.directory_credential
    authority = settings.graph_authority_host.strip() or None
    if kind == "client_secret":
        return ClientSecretCredential(
            settings.app_tenant_id.strip(),
            settings.app_id.strip(),
            settings.app_password.get_secret_value(),
            authority=authority,
            **transport,
        )
    if kind == "certificate":
        password = settings.directory_certificate_password.get_secret_value() or None
        try:
            return CertificateCredential(
                settings.app_tenant_id.strip(),
                settings.app_id.strip(),
                certificate_path=settings.directory_certificate_path.strip(),
                password=password,
                authority=authority,
                **transport,
            )
        except (OSError, ValueError) as exc:
            raise CredentialError(
                f"DIRECTORY_CERTIFICATE_PATH could not be used: {type(exc).__name__}: {str(exc)[:200]}"
            ) from exc
    if kind == "managed_identity":
        client_id = settings.directory_managed_identity_client_id.strip() or None
        return ManagedIdentityCredential(client_id=client_id, **transport)
    if kind == "workload_identity":
        return WorkloadIdentityCredential(
            tenant_id=settings.azure_tenant_id.strip(),
            client_id=settings.azure_client_id.strip(),
            token_file_path=settings.azure_federated_token_file.strip(),
            authority=authority,
            **transport,
        )
    raise CredentialError("DIRECTORY_CREDENTIAL is not set: the directory is off.")
