"""The directory's credential is the one DIRECTORY_CREDENTIAL names, never another: what is missing is
named; each kind of azure.identity.aio credential gets a real app-only token from the local Entra ID
and the token reaches the local Graph; the credential is closed with the directory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from azure.identity.aio import (
    CertificateCredential,
    ClientSecretCredential,
    ManagedIdentityCredential,
    WorkloadIdentityCredential,
)
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from graph.app_auth import CredentialError, build_app_credential
from graph.directory import open_directory
from infra.config import Settings
from programme.directory import ACTIVE
from tests.fakes.graph import FakeGraph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
APP_ID, SECRET = "d1d1d1d1-0000-4000-8000-000000000001", "not-a-real-secret"


def settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


@pytest.mark.parametrize(
    "kind, given, missing",
    [
        ("client_secret", {"app_id": APP_ID}, ["MicrosoftAppTenantId", "MicrosoftAppPassword"]),
        ("certificate", {"app_id": APP_ID, "app_tenant_id": "t"}, ["DIRECTORY_CERTIFICATE_PATH"]),
        ("workload_identity", {"azure_client_id": "c"}, ["AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE"]),
        ("managed_identity", {}, []),
    ],
)
def test_each_kind_names_what_it_still_needs(kind, given, missing):
    s = settings(directory_credential=kind, **given)
    assert s.directory_missing() == missing
    if missing:
        with pytest.raises(CredentialError) as raised:
            build_app_credential(s)
        assert all(name in str(raised.value) for name in missing)


def test_reaching_everyone_needs_the_directory_and_the_apps_catalogue_id():
    s = settings(directory_reach_everyone=True)
    assert s.directory_missing() == ["DIRECTORY_CREDENTIAL", "TEAMS_APP_CATALOG_ID"]
    assert "DIRECTORY_REACH_EVERYONE=true needs DIRECTORY_CREDENTIAL, TEAMS_APP_CATALOG_ID" in s.directory_problem()


def test_an_unknown_kind_is_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="DIRECTORY_CREDENTIAL must be"):
        settings(directory_credential="default")


def test_no_kind_no_directory():
    assert settings().directory_problem() is None
    with pytest.raises(CredentialError, match="not set"):
        build_app_credential(settings())


async def test_each_kind_builds_its_own_credential_class(tmp_path):
    pem = _certificate(tmp_path)[0]
    token_file = tmp_path / "token"
    token_file.write_text("federated")
    made = [
        build_app_credential(
            settings(directory_credential="client_secret", app_id=APP_ID, app_tenant_id="t", app_password=SECRET)
        ),
        build_app_credential(
            settings(
                directory_credential="certificate",
                app_id=APP_ID,
                app_tenant_id="t",
                directory_certificate_path=str(pem),
            )
        ),
        build_app_credential(settings(directory_credential="managed_identity")),
        build_app_credential(
            settings(
                directory_credential="workload_identity",
                azure_client_id="c",
                azure_tenant_id="t",
                azure_federated_token_file=str(token_file),
            )
        ),
    ]
    try:
        assert [type(c) for c in made] == [
            ClientSecretCredential,
            CertificateCredential,
            ManagedIdentityCredential,
            WorkloadIdentityCredential,
        ]
    finally:
        for credential in made:
            await credential.close()


async def _lookup_through(fake: FakeGraph, s: Settings, **transport) -> str:
    directory = open_directory(s, timeout=5, **transport)
    try:
        found = await directory.find_by_email(["priya@council.example"])
    finally:
        await directory.close()
    return found["priya@council.example"].status


@pytest.fixture
async def fake():
    async with FakeGraph(tls=True) as g:
        g.valid_tokens.clear()  # only tokens the local Entra ID issues are accepted
        g.directory.add_user("Priya Sharma", "priya@council.example")
        yield g


def _base(fake: FakeGraph, **values) -> Settings:
    return settings(graph_base_url=fake.base_url, graph_authority_host=fake.https_url, **values)


async def test_a_client_secret_gets_an_app_only_token_that_graph_accepts(fake):
    fake.register_app(APP_ID, secret=SECRET)
    s = _base(fake, directory_credential="client_secret", app_id=APP_ID, app_password=SECRET, app_tenant_id=fake.tenant)
    assert await _lookup_through(fake, s, connection_verify=fake.ca_file) == ACTIVE
    [grant] = [t for t in fake.token_requests if t.get("grant_type") == "client_credentials"]
    assert grant["scope"] == "https://graph.microsoft.com/.default" and grant["client_id"] == APP_ID
    batch = next(r for r in fake.requests if r.path == "/v1.0/$batch")
    assert batch.authorization.startswith("Bearer fake-app-")


async def test_a_wrong_secret_is_not_quietly_replaced_by_anything_else(fake):
    from programme.directory import DirectoryRefused

    fake.register_app(APP_ID, secret="the-right-one")
    s = _base(fake, directory_credential="client_secret", app_id=APP_ID, app_password=SECRET, app_tenant_id=fake.tenant)
    with pytest.raises(DirectoryRefused, match="token"):
        await _lookup_through(fake, s, connection_verify=fake.ca_file)
    assert not [r for r in fake.requests if r.path.startswith("/v1.0/")]  # nothing reached Graph without a token


async def test_a_certificate_signs_the_assertion_the_registration_checks(fake, tmp_path):
    pem, certificate = _certificate(tmp_path)
    fake.register_app(APP_ID, certificate_pem=certificate)
    s = _base(
        fake,
        directory_credential="certificate",
        app_id=APP_ID,
        app_tenant_id=fake.tenant,
        directory_certificate_path=str(pem),
    )
    assert await _lookup_through(fake, s, connection_verify=fake.ca_file) == ACTIVE
    [grant] = [t for t in fake.token_requests if t.get("grant_type") == "client_credentials"]
    assert grant["client_assertion_type"].endswith("jwt-bearer") and "client_secret" not in grant


async def test_a_managed_identity_on_app_service(fake, monkeypatch):
    fake.identity_header = "identity-header"
    monkeypatch.setenv("IDENTITY_ENDPOINT", fake.identity_endpoint)
    monkeypatch.setenv("IDENTITY_HEADER", "identity-header")
    s = _base(fake, directory_credential="managed_identity")
    assert await _lookup_through(fake, s) == ACTIVE
    assert any(q.get("resource") == "https://graph.microsoft.com" for q in fake.token_requests)


async def test_a_workload_identity_presents_its_federated_token(fake, tmp_path):
    token_file = tmp_path / "azure-identity-token"
    token_file.write_text("eyJ.federated.token")
    fake.register_app("wi-client")
    s = _base(
        fake,
        directory_credential="workload_identity",
        azure_client_id="wi-client",
        azure_tenant_id=fake.tenant,
        azure_federated_token_file=str(token_file),
    )
    assert await _lookup_through(fake, s, connection_verify=fake.ca_file) == ACTIVE
    [grant] = [t for t in fake.token_requests if t.get("grant_type") == "client_credentials"]
    assert grant["client_assertion"] == "eyJ.federated.token"


async def test_a_token_endpoint_that_never_answers_costs_the_directory_a_bounded_wait(fake, monkeypatch):
    """azure-core waits 300 s per read by default, four tries: the directory's token request is bounded
    (graph/app_auth.py; shortened here, the code path is the same) and fails, it does not hang."""
    import asyncio
    import time

    from azure.core.exceptions import AzureError

    from graph import app_auth

    monkeypatch.setattr(app_auth, "READ_SECONDS", 0.3, raising=False)
    fake.register_app(APP_ID, secret=SECRET)
    s = _base(fake, directory_credential="client_secret", app_id=APP_ID, app_password=SECRET, app_tenant_id=fake.tenant)
    credential = build_app_credential(s, connection_verify=fake.ca_file)
    fake.hold_tokens()
    started = time.monotonic()
    try:
        with pytest.raises(AzureError, match="(?i)timeout"):
            await asyncio.wait_for(credential.get_token("https://graph.microsoft.com/.default"), 30)
    finally:
        fake.release_tokens()
        await credential.close()
    assert time.monotonic() - started < 20 and len(fake.token_requests) >= 1


def _certificate(folder) -> tuple:
    """A self-signed certificate and its key in one PEM (what CertificateCredential reads), and the
    certificate alone (what is uploaded to the app registration)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dfbot-directory")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    path = folder / "directory.pem"
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        + cert_pem
    )
    return path, cert_pem
