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


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    app_id: str = Field("", validation_alias=AliasChoices("MicrosoftAppId", "MICROSOFT_APP_ID"))
    app_password: SecretStr = Field(SecretStr(""), validation_alias=AliasChoices("MicrosoftAppPassword", "MICROSOFT_APP_PASSWORD"))
    app_type: str = Field("SingleTenant", validation_alias=AliasChoices("MicrosoftAppType", "MICROSOFT_APP_TYPE"))
    app_tenant_id: str = Field("", validation_alias=AliasChoices("MicrosoftAppTenantId", "MICROSOFT_APP_TENANT_ID"))
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
    retention_processed_activity_days: int = Field(30, ge=0, validation_alias="RETENTION_PROCESSED_ACTIVITY_DAYS")
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

    # The delegated Graph sign-in that posts the digest (defaults: the bot's own app registration).
    graph_client_id: str = Field("", validation_alias="GRAPH_CLIENT_ID")
    graph_client_secret: SecretStr = Field(SecretStr(""), validation_alias="GRAPH_CLIENT_SECRET")
    graph_tenant_id: str = Field("", validation_alias="GRAPH_TENANT_ID")
    graph_authority_host: str = Field("https://login.microsoftonline.com", validation_alias="GRAPH_AUTHORITY_HOST")
    # ChannelMessage.Read.All (admin consent) lets the bot look in the channel after an interrupted
    # post instead of asking an admin; leave it out with GRAPH_SCOPES to ask only for ChannelMessage.Send.
    graph_scopes: str = Field("ChannelMessage.Send ChannelMessage.Read.All", validation_alias="GRAPH_SCOPES")
    # The dashboard (a web page and a Teams tab): where Entra ID's signing keys are read ({tenant} is the
    # token's tenant), the accepted audiences of v1 tokens (;-separated; default api://{host}/{app id} and
    # …/botid-{app id}), and how many update cycles the matrix's trend lines cover.
    dashboard_jwks_url: str = Field(DEFAULT_JWKS_URL, validation_alias="DASHBOARD_JWKS_URL")
    dashboard_app_id_uri: str = Field("", validation_alias="DASHBOARD_APP_ID_URI")
    dashboard_trend_cycles: int = Field(6, ge=1, le=52, validation_alias="DASHBOARD_TREND_CYCLES")

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

    @property
    def local_mode(self) -> bool:
        """No app id: the Bot Framework accepts anonymous calls (trying it out, tests)."""
        return not self.app_id.strip()

    @property
    def graph_client(self) -> tuple[str, str, str]:
        """(client id, secret, tenant) of the Graph sign-in: GRAPH_* when set, else the bot's own."""
        return (self.graph_client_id.strip() or self.app_id.strip(),
                self.graph_client_secret.get_secret_value() or self.app_password.get_secret_value(),
                self.graph_tenant_id.strip() or self.app_tenant_id.strip())

    @property
    def dashboard_app_id_uris(self) -> tuple[str, ...]:
        return tuple(u.strip() for u in self.dashboard_app_id_uri.replace(",", ";").split(";") if u.strip())

    @property
    def admin_email_list(self) -> list[str]:
        return [e.strip().lower() for e in self.admin_emails.replace(",", ";").split(";") if e.strip()]

    @property
    def allowed_tenants(self) -> set[str]:
        return {t.strip() for t in self.allowed_tenant_ids.replace(",", ";").split(";") if t.strip()}


@lru_cache
def get_settings() -> Settings:
    return Settings()
