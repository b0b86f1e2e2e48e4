"""The one settings class: the environment (and an optional `.env`). Secrets are never logged or repr'd.

A leaf module: it imports nothing of the project, so every layer may read it."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = "sqlite+aiosqlite:///var/dfbot.sqlite3"
DEFAULT_JWKS_URL = "https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys"
DIRECTORY_CREDENTIALS = ("client_secret", "certificate", "managed_identity", "workload_identity")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    app_id: str = Field("", validation_alias=AliasChoices("MicrosoftAppId", "MICROSOFT_APP_ID"))
    app_password: SecretStr = Field(
        SecretStr(""), validation_alias=AliasChoices("MicrosoftAppPassword", "MICROSOFT_APP_PASSWORD")
    )
    app_type: str = Field("SingleTenant", validation_alias=AliasChoices("MicrosoftAppType", "MICROSOFT_APP_TYPE"))
    app_tenant_id: str = Field("", validation_alias=AliasChoices("MicrosoftAppTenantId", "MICROSOFT_APP_TENANT_ID"))
    # Local mode is asked for, never inferred: an empty MicrosoftAppId alone must not open the bot to
    # anonymous calls (dfbot/checks.py makes `dfbot serve` refuse such a configuration).
    local_mode_requested: bool = Field(False, validation_alias="LOCAL_MODE")
    local_mode_allow_remote: bool = Field(False, validation_alias="LOCAL_MODE_ALLOW_REMOTE")
    database_url: str = Field(DEFAULT_DB, validation_alias="DATABASE_URL")
    digest_transport: str = Field("outbox", validation_alias="DIGEST_TRANSPORT")
    graph_base_url: str = Field("https://graph.microsoft.com/v1.0", validation_alias="GRAPH_BASE_URL")
    dlg_team_id: str = Field("", validation_alias="DLG_TEAM_ID")
    dlg_channel_id: str = Field("", validation_alias="DLG_CHANNEL_ID")
    outbox_dir: Path = Field(Path("var/outbox"), validation_alias="OUTBOX_DIR")
    timezone: str = Field("Europe/London", validation_alias="TIMEZONE")
    port: int = Field(3978, validation_alias="PORT")
    public_base_url: str = Field("http://localhost:3978", validation_alias="PUBLIC_BASE_URL")
    admin_emails: str = Field("", validation_alias="ADMIN_EMAILS")
    allowed_tenant_ids: str = Field("", validation_alias="ALLOWED_TENANT_IDS")
    secret_key: SecretStr = Field(SecretStr(""), validation_alias="SECRET_KEY")
    max_body_bytes: int = Field(256 * 1024, validation_alias="MAX_BODY_BYTES")
    log_level: str = Field("INFO", validation_alias="LOG_LEVEL")
    scheduler_enabled: bool = Field(True, validation_alias="SCHEDULER_ENABLED")
    questions_learned: bool = Field(True, validation_alias="QUESTIONS_LEARNED")
    """The question engine's learned intent model; off, the hand-written rules alone decide."""
    scheduler_interval_seconds: float = Field(30.0, validation_alias="SCHEDULER_INTERVAL_SECONDS")
    # With several replicas: how long a dead scheduler's lease keeps the others waiting (at least 3 ticks),
    # and how long a delivery may stay 'sending' before it counts as interrupted and is sent again. The
    # second must stay longer than any one send can take (bounded retries and backoff), or a slow send
    # still in flight is doubled.
    scheduler_lease_seconds: float = Field(60.0, gt=0, validation_alias="SCHEDULER_LEASE_SECONDS")
    reclaim_after_seconds: float = Field(600.0, gt=0, validation_alias="RECLAIM_AFTER_SECONDS")
    openid_metadata_url: str = Field("", validation_alias="BOT_OPENID_METADATA")
    # Retention (docs/data-protection.md): days or years; 0 switches a rule off, never "delete now".
    export_dir: Path = Field(Path("var/exports"), validation_alias="EXPORT_DIR")
    retention_processed_activity_days: int = Field(1, ge=0, validation_alias="RETENTION_PROCESSED_ACTIVITY_DAYS")
    retention_conversation_state_days: int = Field(90, ge=0, validation_alias="RETENTION_CONVERSATION_STATE_DAYS")
    retention_unreachable_ref_days: int = Field(30, ge=0, validation_alias="RETENTION_UNREACHABLE_REF_DAYS")
    retention_idle_ref_days: int = Field(365, ge=0, validation_alias="RETENTION_IDLE_REF_DAYS")
    retention_prompt_delivery_days: int = Field(365, ge=0, validation_alias="RETENTION_PROMPT_DELIVERY_DAYS")
    retention_inactive_person_days: int = Field(365, ge=0, validation_alias="RETENTION_INACTIVE_PERSON_DAYS")
    retention_outbox_days: int = Field(90, ge=0, validation_alias="RETENTION_OUTBOX_DAYS")
    retention_export_days: int = Field(30, ge=0, validation_alias="RETENTION_EXPORT_DAYS")
    programme_end_date: date | None = Field(None, validation_alias="PROGRAMME_END_DATE")
    retention_record_years: int = Field(6, ge=0, validation_alias="RETENTION_RECORD_YEARS")
    retention_audit_years: int = Field(6, ge=0, validation_alias="RETENTION_AUDIT_YEARS")
    # The day the bot's client secret (MicrosoftAppPassword) expires: admins are warned 30, 14, 7 and 1 days before.
    bot_secret_expires_on: date | None = Field(None, validation_alias="BOT_SECRET_EXPIRES_ON")
    # A certificate instead of a client secret (tenants that block secrets): a PEM with the private key and
    # the certificate, or a .pfx. Its expiry is read from the certificate (infra/certificates.py).
    bot_certificate_path: str = Field("", validation_alias="BOT_CERTIFICATE_PATH")
    bot_certificate_password: SecretStr = Field(SecretStr(""), validation_alias="BOT_CERTIFICATE_PASSWORD")

    # The delegated Graph sign-in that posts the digest (defaults: the bot's own app registration).
    graph_client_id: str = Field("", validation_alias="GRAPH_CLIENT_ID")
    graph_client_secret: SecretStr = Field(SecretStr(""), validation_alias="GRAPH_CLIENT_SECRET")
    graph_certificate_path: str = Field("", validation_alias="GRAPH_CERTIFICATE_PATH")
    graph_certificate_password: SecretStr = Field(SecretStr(""), validation_alias="GRAPH_CERTIFICATE_PASSWORD")
    graph_tenant_id: str = Field("", validation_alias="GRAPH_TENANT_ID")
    graph_authority_host: str = Field("https://login.microsoftonline.com", validation_alias="GRAPH_AUTHORITY_HOST")
    # Least privilege: only ChannelMessage.Send (MSAL adds offline_access itself). GRAPH_READ_CHANNEL=true also
    # asks for ChannelMessage.Read.All (admin consent), so the bot can look in the channel after an
    # interrupted post instead of asking an admin whether it arrived.
    graph_scopes: str = Field("ChannelMessage.Send", validation_alias="GRAPH_SCOPES")
    graph_read_channel: bool = Field(False, validation_alias="GRAPH_READ_CHANNEL")
    # The dashboard (a web page and a Teams tab): where Entra ID's signing keys are read ({tenant} is the
    # token's tenant), the accepted audiences of v1 tokens (;-separated; default api://{host}/{app id} and
    # …/botid-{app id}), and how many update cycles the matrix's trend lines cover.
    dashboard_jwks_url: str = Field(DEFAULT_JWKS_URL, validation_alias="DASHBOARD_JWKS_URL")
    dashboard_app_id_uri: str = Field("", validation_alias="DASHBOARD_APP_ID_URI")
    dashboard_trend_cycles: int = Field(6, ge=1, le=52, validation_alias="DASHBOARD_TREND_CYCLES")
    # The directory (Entra ID) through Graph with application permissions: off until DIRECTORY_CREDENTIAL
    # names how the bot proves who it is (docs/deploy.md). client_secret and certificate use the bot's own
    # app registration (MicrosoftAppId, MicrosoftAppTenantId); managed_identity the Azure host's identity
    # (system-assigned unless DIRECTORY_MANAGED_IDENTITY_CLIENT_ID); workload_identity the AZURE_* variables
    # the Kubernetes webhook sets. Nothing falls back to another kind: what is missing is named.
    directory_credential: str = Field("", validation_alias="DIRECTORY_CREDENTIAL")
    directory_certificate_path: str = Field("", validation_alias="DIRECTORY_CERTIFICATE_PATH")
    directory_certificate_password: SecretStr = Field(SecretStr(""), validation_alias="DIRECTORY_CERTIFICATE_PASSWORD")
    directory_managed_identity_client_id: str = Field("", validation_alias="DIRECTORY_MANAGED_IDENTITY_CLIENT_ID")
    azure_client_id: str = Field("", validation_alias="AZURE_CLIENT_ID")
    azure_tenant_id: str = Field("", validation_alias="AZURE_TENANT_ID")
    azure_federated_token_file: str = Field("", validation_alias="AZURE_FEDERATED_TOKEN_FILE")
    # Reach every lead: install the app for a lead the bot has no chat with (off by default; needs
    # TeamsAppInstallation.ReadWriteSelfForUser.All and the app's id in the tenant's app catalogue).
    directory_reach_everyone: bool = Field(False, validation_alias="DIRECTORY_REACH_EVERYONE")
    teams_app_catalog_id: str = Field("", validation_alias="TEAMS_APP_CATALOG_ID")

    @field_validator("bot_secret_expires_on", mode="before")
    @classmethod
    def _blank_expiry(cls, v):
        """An empty BOT_SECRET_EXPIRES_ON means no expiry date is known (no warnings)."""
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("programme_end_date", mode="before")
    @classmethod
    def _blank_date(cls, v):
        """An empty PROGRAMME_END_DATE means the programme is still running (keep its record)."""
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("digest_transport")
    @classmethod
    def _transport(cls, v: str) -> str:
        v = v.strip().lower()
        if v not in {"outbox", "graph", "bot"}:
            raise ValueError("DIGEST_TRANSPORT must be one of outbox, graph, bot")
        return v

    @field_validator("directory_credential")
    @classmethod
    def _directory_credential(cls, v: str) -> str:
        v = v.strip().lower().replace("-", "_")
        if v and v not in DIRECTORY_CREDENTIALS:
            raise ValueError(
                "DIRECTORY_CREDENTIAL must be empty (no directory) or one of " + ", ".join(DIRECTORY_CREDENTIALS)
            )
        return v

    def directory_missing(self) -> list[str]:
        """What the chosen directory credential (and reaching everyone) still needs, by variable name."""
        kind = self.directory_credential
        need: list[tuple[str, str]] = []
        if kind in ("client_secret", "certificate"):
            need += [("MicrosoftAppId", self.app_id.strip()), ("MicrosoftAppTenantId", self.app_tenant_id.strip())]
        if kind == "client_secret":
            need.append(("MicrosoftAppPassword", self.app_password.get_secret_value()))
        if kind == "certificate":
            need.append(("DIRECTORY_CERTIFICATE_PATH", self.directory_certificate_path.strip()))
        if kind == "workload_identity":
            need += [
                ("AZURE_CLIENT_ID", self.azure_client_id.strip()),
                ("AZURE_TENANT_ID", self.azure_tenant_id.strip()),
                ("AZURE_FEDERATED_TOKEN_FILE", self.azure_federated_token_file.strip()),
            ]
        if self.directory_reach_everyone:
            need += [("DIRECTORY_CREDENTIAL", kind), ("TEAMS_APP_CATALOG_ID", self.teams_app_catalog_id.strip())]
        return [name for name, value in need if not value]

    def directory_problem(self) -> str | None:
        """Why the directory settings cannot work as given (None when they can, or when it is off)."""
        missing = self.directory_missing()
        if not missing:
            return None
        what = (
            f"DIRECTORY_CREDENTIAL={self.directory_credential}"
            if self.directory_credential
            else "DIRECTORY_REACH_EVERYONE=true"
        )
        return f"{what} needs " + ", ".join(missing) + " (see docs/deploy.md, “The directory”)."

    @property
    def local_mode(self) -> bool:
        """Anonymous Bot Framework calls accepted and no dashboard sign-in (trials on one machine, tests).

        Only with LOCAL_MODE=true, and never together with an app id: with both set, `dfbot serve`
        refuses to start, and anything that builds the app anyway gets the authenticated mode."""
        return self.local_mode_requested and not self.app_id.strip()

    @property
    def mode(self) -> str:
        """What /readyz and the start-up line call it."""
        return "local" if self.local_mode else "authenticated"

    @property
    def graph_client(self) -> tuple[str, str, str]:
        """(client id, secret, tenant) of the Graph sign-in: GRAPH_* when set, else the bot's own."""
        return (
            self.graph_client_id.strip() or self.app_id.strip(),
            self.graph_client_secret.get_secret_value() or self.app_password.get_secret_value(),
            self.graph_tenant_id.strip() or self.app_tenant_id.strip(),
        )

    @property
    def graph_scope_names(self) -> list[str]:
        """The delegated scopes the Graph sign-in asks for: GRAPH_SCOPES, plus reading the channel if chosen."""
        names = [x for x in self.graph_scopes.replace(",", " ").split() if x]
        if self.graph_read_channel and not any(n.endswith("ChannelMessage.Read.All") for n in names):
            names.append("ChannelMessage.Read.All")
        return names

    @property
    def graph_reads_channel(self) -> bool:
        return any(n.endswith("ChannelMessage.Read.All") for n in self.graph_scope_names)

    @property
    def bot_certificate(self) -> tuple[str, str, str, str]:
        """(path, password, path setting, password setting) of the bot's certificate; path "" when none."""
        return (
            self.bot_certificate_path.strip(),
            self.bot_certificate_password.get_secret_value(),
            "BOT_CERTIFICATE_PATH",
            "BOT_CERTIFICATE_PASSWORD",
        )

    @property
    def graph_certificate(self) -> tuple[str, str, str, str]:
        """The Graph sign-in's certificate, like `graph_client`: GRAPH_CERTIFICATE_PATH when set; else, unless
        a GRAPH_CLIENT_SECRET was given, the bot's own certificate. Path "" when the sign-in uses a secret."""
        if self.graph_certificate_path.strip():
            return (
                self.graph_certificate_path.strip(),
                self.graph_certificate_password.get_secret_value(),
                "GRAPH_CERTIFICATE_PATH",
                "GRAPH_CERTIFICATE_PASSWORD",
            )
        if self.graph_client_secret.get_secret_value():
            return ("", "", "GRAPH_CERTIFICATE_PATH", "GRAPH_CERTIFICATE_PASSWORD")
        return self.bot_certificate

    @property
    def dashboard_app_id_uris(self) -> tuple[str, ...]:
        return tuple(u.strip() for u in self.dashboard_app_id_uri.replace(",", ";").split(";") if u.strip())

    @property
    def admin_email_list(self) -> list[str]:
        return [e.strip().lower() for e in self.admin_emails.replace(",", ";").split(";") if e.strip()]

    @property
    def allowed_tenants(self) -> set[str]:
        """Lower case: a tenant id is a GUID, and Entra, Teams and the admin who pasted it may differ in case."""
        return {t.strip().lower() for t in self.allowed_tenant_ids.replace(",", ";").split(";") if t.strip()}

    @property
    def home_tenants(self) -> frozenset[str]:
        """The council's own tenant (lower case): MicrosoftAppTenantId, or ALLOWED_TENANT_IDS without it.
        Accounts of other tenants are never linked by email nor shown more than the member view."""
        tenant = self.app_tenant_id.strip().lower()
        return frozenset({tenant} if tenant else {t.lower() for t in self.allowed_tenants})


@lru_cache
def get_settings() -> Settings:
    return Settings()
