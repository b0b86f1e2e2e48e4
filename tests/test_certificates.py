"""Certificates instead of client secrets, for the bot's Bot Framework credential and the Graph sign-in
(issue 22: many tenants block client secrets).

The certificate is read by infra/certificates.py; each problem names the setting to fix. The bot's
credential is botbuilder's own `CertificateServiceClientCredentialsFactory`, and its MSAL client
assertion is checked by the local Entra ID (tests/fakes/graph.py verifies the signature against the
registered certificate, as Entra does). The Graph sign-in runs the whole authorisation-code flow with
a certificate. Expiry warnings come from the certificate itself.
"""

from __future__ import annotations

import asyncio
import functools
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import msal
import pytest
from botframework.connector.auth import (
    CertificateServiceClientCredentialsFactory,
    certificate_app_credentials,
    microsoft_app_credentials,
)
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from bot.adapter import build_authentication
from bot.bot_token import BoundedCredentialsFactory
from infra.certificates import CertificateProblem, load_certificate
from programme import alerts as rules
from services import alerts
from store import alerts_repo, graph_signin_repo
from tests.botserver import running_bot, settings_for
from tests.fakes.graph import TENANT, FakeGraph
from tests.test_graph_signin import overrides, sign_in

APP_ID = "5b0c0000-aaaa-4bbb-8ccc-0000000d1f57"
GRAPH_APP = "11111111-0000-0000-0000-00000000000a"
NOW = datetime.now(UTC)


def make_certificate(
    folder: Path, name: str = "bot", *, days: int = 365, password: str = "", pfx: bool = False, parts: str = "key+cert"
) -> tuple[Path, x509.Certificate]:
    """A self-signed certificate as `openssl req -x509` or Key Vault would give it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"dfbot-{name}")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    if pfx:
        path = folder / f"{name}.pfx"
        path.write_bytes(pkcs12.serialize_key_and_certificates(name.encode(), key, cert, None, encryption))
        return path, cert
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    pem_cert = cert.public_bytes(serialization.Encoding.PEM)
    path = folder / f"{name}.pem"
    path.write_bytes({"key+cert": pem_key + pem_cert, "cert": pem_cert, "key": pem_key}[parts])
    return path, cert


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


# ----------------------------------------------------------------------------- reading the file


@pytest.mark.parametrize("kind", ["pem", "encrypted pem", "pfx", "pfx with password"])
def test_a_certificate_is_read_from_pem_or_pfx_with_its_thumbprint_and_expiry(tmp_path, kind):
    password = "p4ss" if "password" in kind or "encrypted" in kind else ""
    path, cert = make_certificate(tmp_path, days=200, password=password, pfx=kind.startswith("pfx"))
    loaded = load_certificate(
        path, password, setting="BOT_CERTIFICATE_PATH", password_setting="BOT_CERTIFICATE_PASSWORD"
    )
    assert loaded.thumbprint == cert.fingerprint(hashes.SHA1()).hex().upper()
    assert loaded.not_after == cert.not_valid_after_utc
    assert "BEGIN PRIVATE KEY" in loaded.private_key_pem and "ENCRYPTED" not in loaded.private_key_pem
    assert "PRIVATE" not in repr(loaded)


@pytest.mark.parametrize(
    "case,names,says",
    [
        ("no file", "BOT_CERTIFICATE_PATH", "there is no file"),
        ("certificate only", "BOT_CERTIFICATE_PATH", "holds no private key"),
        ("key only", "BOT_CERTIFICATE_PATH", "holds no certificate"),
        ("encrypted, no password", "BOT_CERTIFICATE_PASSWORD", "is encrypted; set BOT_CERTIFICATE_PASSWORD"),
        ("wrong password", "BOT_CERTIFICATE_PASSWORD", "could not be decrypted"),
        ("pfx, wrong password", "BOT_CERTIFICATE_PATH", "wrong BOT_CERTIFICATE_PASSWORD"),
        ("key of another certificate", "BOT_CERTIFICATE_PATH", "does not belong to its certificate"),
    ],
)
def test_each_certificate_problem_names_the_setting_to_fix(tmp_path, case, names, says):
    password = ""
    if case == "no file":
        path = tmp_path / "missing.pem"
    elif case == "certificate only":
        path, _ = make_certificate(tmp_path, parts="cert")
    elif case == "key only":
        path, _ = make_certificate(tmp_path, parts="key")
    elif case == "encrypted, no password":
        path, _ = make_certificate(tmp_path, password="secret")
    elif case == "wrong password":
        path, _ = make_certificate(tmp_path, password="secret")
        password = "not-it"
    elif case == "pfx, wrong password":
        path, _ = make_certificate(tmp_path, password="secret", pfx=True)
        password = "not-it"
    else:
        one, _ = make_certificate(tmp_path, "one", parts="key")
        two, _ = make_certificate(tmp_path, "two", parts="cert")
        path = tmp_path / "mixed.pem"
        path.write_bytes(one.read_bytes() + two.read_bytes())
    with pytest.raises(CertificateProblem) as problem:
        load_certificate(path, password, setting="BOT_CERTIFICATE_PATH", password_setting="BOT_CERTIFICATE_PASSWORD")
    assert str(problem.value).startswith(names) and says in str(problem.value)


# ----------------------------------------------------------------------------- the bot's credential


def test_a_single_tenant_bot_with_neither_secret_nor_certificate_is_told_both_names():
    """`dfbot serve` refuses to start (dfbot/checks.py, the safety issue); the other commands still build."""
    from dfbot.checks import configuration_problems

    settings = settings_for("sqlite+aiosqlite:///:memory:", app_id=APP_ID, app_tenant_id=TENANT)
    problems = "\n".join(configuration_problems(settings.model_copy(update={"local_mode_requested": False})))
    assert "MicrosoftAppPassword" in problems and "BOT_CERTIFICATE_PATH" in problems
    build_authentication(settings)  # never refuses: only `serve` does


def test_a_bot_certificate_that_cannot_be_read_stops_the_bot_naming_the_setting(tmp_path):
    settings = settings_for(
        "sqlite+aiosqlite:///:memory:",
        app_id=APP_ID,
        app_tenant_id=TENANT,
        bot_certificate_path=str(tmp_path / "nowhere.pem"),
    )
    with pytest.raises(SystemExit) as stopped:
        build_authentication(settings)
    assert str(stopped.value).startswith("BOT_CERTIFICATE_PATH: there is no file")


@pytest.fixture
async def entra(monkeypatch):
    async with FakeGraph(tls=True) as fake:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)  # MSAL (requests) trusts the fake's TLS certificate
        # botbuilder's certificate credentials build their MSAL app with instance discovery on, which asks
        # login.microsoftonline.com whether the authority is genuine: no local server passes that, so (only)
        # that is switched off; botbuilder still builds the app and its credential from our settings.
        # bot/bot_token.py builds it (bounded) with the class botbuilder's modules imported: the same switch.
        for module in (certificate_app_credentials, microsoft_app_credentials):
            monkeypatch.setattr(
                module,
                "ConfidentialClientApplication",
                functools.partial(msal.ConfidentialClientApplication, instance_discovery=False),
            )
        yield fake


async def test_the_bot_gets_its_token_with_a_certificate_and_entra_checks_the_signature(tmp_path, entra):
    path, cert = make_certificate(tmp_path)
    entra.register_client(APP_ID, certificates=(pem(cert),))
    settings = settings_for(
        "sqlite+aiosqlite:///:memory:",
        app_id=APP_ID,
        app_tenant_id=TENANT,
        app_password="",
        bot_certificate_path=str(path),
    )
    authentication = build_authentication(settings)
    factory = authentication._inner._credentials_factory  # noqa: SLF001 - where botbuilder keeps it
    assert isinstance(factory, BoundedCredentialsFactory)  # its MSAL client gets HTTP timeouts
    assert isinstance(factory.inner, CertificateServiceClientCredentialsFactory)
    credentials = await factory.create_credentials(
        APP_ID, "https://api.botframework.com", f"{entra.https_url}/{TENANT}", True
    )
    token = await asyncio.to_thread(credentials.get_access_token)  # blocking, as the bot runs it (in a thread)
    assert token.startswith("fake-at-")
    sent = entra.token_requests[-1]
    assert sent["grant_type"] == "client_credentials" and "client_secret" not in sent
    assert sent["client_assertion_type"].endswith("jwt-bearer")


async def test_a_certificate_entra_does_not_know_gets_no_token(tmp_path, entra):
    path, _ = make_certificate(tmp_path, "rotated")
    _, registered = make_certificate(tmp_path, "registered")
    entra.register_client(APP_ID, certificates=(pem(registered),))
    settings = settings_for(
        "sqlite+aiosqlite:///:memory:", app_id=APP_ID, app_tenant_id=TENANT, bot_certificate_path=str(path)
    )
    factory = build_authentication(settings)._inner._credentials_factory  # noqa: SLF001  # botbuilder offers no public view of the credentials it built
    credentials = await factory.create_credentials(
        APP_ID, "https://api.botframework.com", f"{entra.https_url}/{TENANT}", True
    )
    with pytest.raises(PermissionError, match="AADSTS700027"):
        await asyncio.to_thread(credentials.get_access_token)


# ----------------------------------------------------------------------------- the Graph sign-in


@pytest.fixture
async def graph_entra(monkeypatch):
    async with FakeGraph(tls=True) as fake:
        fake.add_channel("team-dlg", "19:dlg@thread.tacv2")
        monkeypatch.setenv("GRAPH_CLIENT_ID", GRAPH_APP)
        monkeypatch.delenv("GRAPH_CLIENT_SECRET", raising=False)
        monkeypatch.setenv("GRAPH_TENANT_ID", TENANT)
        monkeypatch.setenv("GRAPH_AUTHORITY_HOST", fake.authority_host)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)
        yield fake


@pytest.mark.parametrize("registered", [True, False], ids=["registered certificate", "unknown certificate"])
async def test_the_graph_sign_in_works_with_a_certificate_and_only_with_the_registered_one(
    db, graph_entra, tmp_path, monkeypatch, registered
):
    path, cert = make_certificate(tmp_path, "graph", password="pfx-pass", pfx=True)
    _, other = make_certificate(tmp_path, "other")
    graph_entra.register_client(GRAPH_APP, certificates=(pem(cert if registered else other),))
    monkeypatch.setenv("GRAPH_CERTIFICATE_PATH", str(path))
    monkeypatch.setenv("GRAPH_CERTIFICATE_PASSWORD", "pfx-pass")
    async with running_bot(db, **overrides(graph_entra, tmp_path)) as bot:
        status, page = await sign_in(bot, graph_entra)
    redeemed = [r for r in graph_entra.token_requests if r.get("grant_type") == "authorization_code"]
    assert redeemed and "client_secret" not in redeemed[-1] and redeemed[-1]["client_assertion"]
    async with db.unit_of_work() as s:
        row = await graph_signin_repo.get(s)
    if registered:
        assert status == 200 and "Signed in as digest.poster@example.gov.uk" in page, page
        assert row.status == "active"
    else:
        assert status == 400 and "AADSTS700027" in page
        assert row is None or row.status != "active"


async def test_an_unreadable_graph_certificate_is_said_on_the_sign_in_page(db, graph_entra, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPH_CERTIFICATE_PATH", str(tmp_path / "gone.pfx"))
    async with running_bot(db, **overrides(graph_entra, tmp_path)) as bot:
        from tests.test_graph_signin import admin_link

        link = await admin_link(bot)  # the page's button (POST) starts the sign-in, where the certificate is read
        token = parse_qs(urlparse(link).query)["t"][0]
        async with bot.http.post(
            bot.server.make_url("/auth/graph/login"), data={"t": token}, allow_redirects=False
        ) as r:
            page = await r.text()
    assert r.status == 400 and "GRAPH_CERTIFICATE_PATH: there is no file" in page


# ----------------------------------------------------------------------------- expiry, from the certificate


def test_certificate_expiry_is_told_at_the_same_steps_as_a_secret():
    expires = date(2027, 3, 1)
    keys = [
        (
            rules.credential_expiry("bot certificate", expires, expires - timedelta(days=d), "AB12")
            or rules.Notice("-", "")
        ).key
        for d in (31, 30, 14, 7, 1, 0, -1)
    ]
    assert keys == [
        "-",
        "bot-certificate:AB12:2027-03-01:30",
        "bot-certificate:AB12:2027-03-01:14",
        "bot-certificate:AB12:2027-03-01:7",
        "bot-certificate:AB12:2027-03-01:1",
        "bot-certificate:AB12:2027-03-01:0",
        "bot-certificate:AB12:2027-03-01:expired",
    ]
    soon = rules.credential_expiry("graph certificate", expires, expires - timedelta(days=3), "AB12")
    assert soon.severity == "urgent" and "Graph sign-in's certificate" in soon.message and "AB12" in soon.message


async def test_admins_are_warned_of_an_expiring_certificate_read_from_the_file_itself(db, tmp_path):
    """No date typed in: BOT_SECRET_EXPIRES_ON is not set, the expiry comes from the certificate."""
    path, cert = make_certificate(tmp_path, days=10)
    settings = settings_for(db.url, app_id=APP_ID, app_tenant_id=TENANT, bot_certificate_path=str(path))
    raised = await alerts.periodic_checks(db, settings, NOW)
    thumbprint = cert.fingerprint(hashes.SHA1()).hex().upper()
    assert raised == [f"bot-certificate:{thumbprint[:8]}:{cert.not_valid_after_utc.date().isoformat()}:14"]
    assert await alerts.periodic_checks(db, settings, NOW) == []  # once per step, however many ticks
    assert re.search(r"expires in 1[01] days", (await _alert_message(db, raised[0])))


async def _alert_message(db, key: str) -> str:
    async with db.unit_of_work() as s:
        return next(a.message for a in await alerts_repo.recent(s) if a.key == key)
