"""The CloudAdapter, configured from our settings, with an error handler that never leaks details.

The adapter is botbuilder's own `CloudAdapter`; only where its outbound clients come from differs:
they are pooled per service URL and send over aiohttp on the event loop (see `connector_pool.py`),
instead of a new `ConnectorClient` and `UserTokenClient` per turn sending through `requests` in a
thread pool. That is most of what a turn costs in the stock SDK (docs/benchmarks.md, inbound).
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
)
from botbuilder.schema import Activity, ActivityTypes, CallerIdConstants
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    CertificateServiceClientCredentialsFactory,
)

from infra.certificates import CertificateCredential, CertificateProblem, load_certificate
from infra.config import Settings

from . import signing_keys
from .bot_token import BoundedCredentialsFactory
from .connector_pool import ConnectorPool, PooledAuthentication

log = logging.getLogger("dfbot.bot")


def bot_auth_configuration(settings: Settings) -> SimpleNamespace:
    """The attribute bag botbuilder's configuration classes read (names are the SDK's).

    Never refuses: whether the configuration is complete is for `dfbot serve` to say at start
    (dfbot/checks.py), while the other commands work with any configuration. botbuilder raises at
    construction when a single-tenant bot lacks its secret or tenant, so such a bag is passed on as
    multi-tenant: it is built, and its sends fail (and are reported) instead of the command. With no
    app id botbuilder would accept anonymous calls; outside local mode `MessagesEndpoint` refuses them.
    """
    app_type = settings.app_type or "SingleTenant"
    app_id, tenant = settings.app_id.strip(), settings.app_tenant_id.strip()
    credential = (
        settings.app_password.get_secret_value() or settings.bot_certificate_path.strip()
    )  # a secret or a certificate
    needs = {"singletenant": (app_id, credential, tenant), "userassignedmsi": (app_id, tenant)}.get(
        app_type.lower(), ()
    )
    if settings.local_mode or not all(needs):
        app_type = "MultiTenant"
    cfg = SimpleNamespace(
        APP_ID=app_id,
        APP_PASSWORD=settings.app_password.get_secret_value(),
        APP_TYPE=app_type,
        APP_TENANTID=settings.app_tenant_id,
    )
    if settings.openid_metadata_url:
        # Setting any one of these switches botbuilder to its "parameterized" authentication, which
        # takes every other value from this bag with no default: left unset, the expected issuer is
        # None (so every genuine Bot Framework token is refused, and one whose `iss` is null passes
        # the issuer check) and the outbound login URL is None. So give the public cloud's values.
        cfg.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = settings.openid_metadata_url
        cfg.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
        cfg.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
        cfg.TO_CHANNEL_FROM_BOT_LOGIN_URL = AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX
        cfg.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
        cfg.OAUTH_URL = AuthenticationConstants.OAUTH_URL
        cfg.CALLER_ID = CallerIdConstants.public_azure_channel
    return cfg


def bot_certificate(settings: Settings) -> CertificateCredential | None:
    """The bot's certificate credential when BOT_CERTIFICATE_PATH is set (it wins over a client secret,
    so a secret can stay configured while the certificate is rolled out); SystemExit names what is wrong."""
    path, password, setting, password_setting = settings.bot_certificate
    if not path or settings.local_mode:
        return None
    try:
        return load_certificate(path, password, setting=setting, password_setting=password_setting)
    except CertificateProblem as exc:
        raise SystemExit(str(exc)) from None


def build_authentication(settings: Settings) -> ConfigurationBotFrameworkAuthentication:
    """botbuilder's configuration-driven authentication; with a certificate, its certificate credentials
    factory (MSAL client assertion signed with the key, sent to the tenant's token endpoint). Either way
    the credentials' MSAL client gets a timeout on every HTTP call (bot_token.py)."""
    configuration = bot_auth_configuration(settings)
    certificate = bot_certificate(settings)
    if certificate is None:
        factory = ConfigurationServiceClientCredentialFactory(configuration)
    else:
        factory = CertificateServiceClientCredentialsFactory(
            certificate.thumbprint,
            certificate.private_key_pem,
            configuration.APP_ID,
            configuration.APP_TENANTID or None,
        )
    return ConfigurationBotFrameworkAuthentication(
        configuration, credentials_factory=BoundedCredentialsFactory(factory)
    )


class PooledCloudAdapter(CloudAdapter):
    """`CloudAdapter` with pooled outbound clients, whoever authenticated the request.

    `MessagesEndpoint` authenticates through `bot_framework_authentication` (pooled already); a result
    made some other way still gets its connector factory pooled here before the turn runs.
    """

    def __init__(self, authentication: PooledAuthentication) -> None:
        super().__init__(authentication)
        self.pooled_authentication = authentication

    async def process_activity(self, auth_header_or_authenticate_request_result, activity: Activity, logic):
        result = auth_header_or_authenticate_request_result
        if isinstance(result, AuthenticateRequestResult):
            result.connector_factory = self.pooled_authentication.pooled(
                result.connector_factory, result.claims_identity
            )
        return await super().process_activity(result, activity, logic)

    async def close(self) -> None:
        """Release the pooled connections (the web app's cleanup calls this)."""
        await self.pooled_authentication.close()


def build_adapter(settings: Settings) -> PooledCloudAdapter:
    signing_keys.install()  # botbuilder fetches its signing keys blocking, on the event loop, without a timeout
    # Replies within a turn get a couple of bounded, visible retries (429 Retry-After, 412/502/503/504).
    adapter = PooledCloudAdapter(PooledAuthentication(build_authentication(settings), ConnectorPool(retries=2)))

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
