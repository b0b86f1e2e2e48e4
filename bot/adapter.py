"""The CloudAdapter, configured from our settings, with an error handler that never leaks details."""
from __future__ import annotations

import logging
from types import SimpleNamespace

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import ActivityTypes

from dfbot.config import Settings

log = logging.getLogger("dfbot.bot")


def bot_auth_configuration(settings: Settings) -> SimpleNamespace:
    """The attribute bag botbuilder's configuration classes read (names are the SDK's)."""
    app_type = "MultiTenant" if settings.local_mode else (settings.app_type or "SingleTenant")
    if app_type.lower() == "singletenant":
        missing = [name for name, value in (("MicrosoftAppPassword", settings.app_password.get_secret_value()),
                                            ("MicrosoftAppTenantId", settings.app_tenant_id)) if not value]
        if missing:
            raise SystemExit(f"MicrosoftAppId is set, so {' and '.join(missing)} must be set too (single-tenant bot).")
    cfg = SimpleNamespace(
        APP_ID=settings.app_id.strip(),
        APP_PASSWORD=settings.app_password.get_secret_value(),
        APP_TYPE=app_type,
        APP_TENANTID=settings.app_tenant_id,
    )
    if settings.openid_metadata_url:
        cfg.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = settings.openid_metadata_url
    return cfg


def build_authentication(settings: Settings) -> ConfigurationBotFrameworkAuthentication:
    return ConfigurationBotFrameworkAuthentication(bot_auth_configuration(settings))


def build_adapter(settings: Settings) -> CloudAdapter:
    adapter = CloudAdapter(build_authentication(settings))

    async def on_error(context: TurnContext, error: Exception) -> None:
        log.exception("turn failed", extra={"activity_type": context.activity.type})
        if context.activity.type == ActivityTypes.message:
            try:
                await context.send_activity(
                    "Sorry, something went wrong on my side and nothing was changed. "
                    "Please try again in a minute; if it keeps happening, tell the programme office."
                )
            except Exception:  # the channel may be the thing that failed
                log.warning("could not tell the user about the failure")

    adapter.on_turn_error = on_error
    return adapter
