"""The dashboard's own settings (environment and optional `.env`), beside the bot's `dfbot.config`.

| Variable | Default | Meaning |
| --- | --- | --- |
| `DASHBOARD_JWKS_URL` | `https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys` | where Entra ID's signing keys are read (`{tenant}` is the token's tenant) |
| `DASHBOARD_APP_ID_URI` | `api://{host of PUBLIC_BASE_URL}/{app id}` and `…/botid-{app id}` | accepted audiences of v1 tokens, `;`-separated |
| `DASHBOARD_TREND_CYCLES` | 6 | how many update cycles the matrix's trend lines cover |

The app (client) id and tenant come from the bot's settings: `MicrosoftAppId`,
`MicrosoftAppTenantId` and `ALLOWED_TENANT_IDS`.
"""
from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .auth import DEFAULT_JWKS_URL


class DashboardSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    jwks_url: str = Field(DEFAULT_JWKS_URL, validation_alias="DASHBOARD_JWKS_URL")
    app_id_uri: str = Field("", validation_alias="DASHBOARD_APP_ID_URI")
    trend_cycles: int = Field(6, ge=1, le=52, validation_alias="DASHBOARD_TREND_CYCLES")

    @property
    def app_id_uris(self) -> tuple[str, ...]:
        return tuple(u.strip() for u in self.app_id_uri.replace(",", ";").split(";") if u.strip())
