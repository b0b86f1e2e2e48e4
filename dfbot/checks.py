"""What `dfbot serve` checks before it starts: no open bot by accident, no half-configured one.

Pure functions of the settings (and the `--host` asked for), so every rule is tested without starting
anything. Only `serve` calls them: `package`, `db`, `plan`, `ask` and the rest work with any
configuration, because none of them listens for Teams.

Why each rule:
- Local mode (anonymous Bot Framework calls accepted, the dashboard without sign-in) must be asked
  for with LOCAL_MODE=true. An empty `MicrosoftAppId` on its own used to mean the same thing, so a
  deployment that lost one variable came up open to anyone who could reach it.
- A partial Microsoft configuration fails late and confusingly (every token refused, or every reply
  failing to get a token), so it is named at start: an app id needs a secret or a managed identity, a
  secret or tenant needs an app id, a single-tenant bot needs its tenant.
- In local mode the bot listens on loopback only unless told otherwise, and listening anywhere else
  needs a second, explicit LOCAL_MODE_ALLOW_REMOTE=true.
"""

from __future__ import annotations

import ipaddress

from infra.config import Settings

LOOPBACK = ("127.0.0.1", "::1")
EVERYWHERE = "0.0.0.0"
APP_TYPES = {"singletenant": "SingleTenant", "multitenant": "MultiTenant", "userassignedmsi": "UserAssignedMSI"}
COMPLETE = (
    "MicrosoftAppId with MicrosoftAppPassword and MicrosoftAppTenantId (or MicrosoftAppType=UserAssignedMSI "
    "with MicrosoftAppTenantId for a managed identity)"
)


def configuration_problems(settings: Settings) -> list[str]:
    """Every reason `dfbot serve` must not start with these settings, each naming what to set or unset."""
    app_id = settings.app_id.strip()
    has_password = bool(settings.app_password.get_secret_value())
    has_certificate = bool(settings.bot_certificate_path.strip())
    tenant = settings.app_tenant_id.strip()
    app_type = APP_TYPES.get((settings.app_type or "SingleTenant").strip().lower())
    local = settings.local_mode_requested
    problems: list[str] = []

    if local and app_id:
        problems.append(
            "LOCAL_MODE=true and MicrosoftAppId are both set. Local mode accepts anonymous calls and is "
            "only for trying the bot without an app; unset LOCAL_MODE to run with the app id, or unset "
            "MicrosoftAppId for a local trial."
        )
    if not app_id:
        if has_password:
            problems.append("MicrosoftAppPassword is set but MicrosoftAppId is not: set the app id it belongs to.")
        if has_certificate:
            problems.append("BOT_CERTIFICATE_PATH is set but MicrosoftAppId is not: set the app id it belongs to.")
        if tenant:
            problems.append(
                "MicrosoftAppTenantId is set but MicrosoftAppId is not: set the app id of that tenant's "
                "bot registration."
            )
        if not local:
            problems.append(
                "There is no Microsoft configuration and LOCAL_MODE is not true. Set "
                + COMPLETE
                + " to run for Teams, or LOCAL_MODE=true to try the bot on this machine with anonymous "
                "calls."
            )
        return problems

    if app_type is None:
        problems.append(f"MicrosoftAppType is {settings.app_type!r}: use SingleTenant, MultiTenant or UserAssignedMSI.")
        return problems
    if app_type == "UserAssignedMSI":
        if not tenant:
            problems.append(
                "MicrosoftAppType is UserAssignedMSI but MicrosoftAppTenantId is not set: a managed "
                "identity needs its tenant id."
            )
        return problems
    if not has_password and not has_certificate:
        problems.append(
            "MicrosoftAppId is set but there is no way to prove it: set MicrosoftAppPassword (the app's "
            "client secret) or BOT_CERTIFICATE_PATH (its certificate), or MicrosoftAppType=UserAssignedMSI "
            "for a managed identity."
        )
    if app_type == "SingleTenant" and not tenant:
        problems.append(
            "MicrosoftAppType is SingleTenant (the default) but MicrosoftAppTenantId is not set: set the "
            "tenant id of the council's Entra directory."
        )
    return problems


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False


def listen_hosts(settings: Settings, host: str | None) -> tuple[list[str], list[str]]:
    """The interfaces `dfbot serve` listens on, and the problems that forbid `host` (empty when none).

    No `--host`: loopback (127.0.0.1 and ::1) in local mode, every interface otherwise (a container's
    port mapping needs it, and every request is authenticated). A non-loopback `--host` in local mode
    also needs LOCAL_MODE_ALLOW_REMOTE=true."""
    if not host:
        return (list(LOOPBACK) if settings.local_mode else [EVERYWHERE]), []
    if settings.local_mode and not is_loopback(host) and not settings.local_mode_allow_remote:
        return [], [
            f"--host {host} is not a loopback address, and in local mode anyone who can reach it could use "
            "the bot anonymously and read the dashboard. Listen on 127.0.0.1 (the default), or set "
            "LOCAL_MODE_ALLOW_REMOTE=true as well if that is really meant."
        ]
    return [host], []
