"""Start-up check: outside local mode the bot needs the council's home tenant, or it refuses to start.

The home tenant (MicrosoftAppTenantId, or ALLOWED_TENANT_IDS without it) is how the bot tells its own
staff from B2B guests and accounts of other tenants: only a home-tenant member is linked to the plan by
the email Teams gives, and only they can see more than the member view on the dashboard. Without one,
anyone whose Teams profile shows an admin's email would have to be either trusted (unsafe) or nobody
could be linked at all (useless), so `dfbot serve` refuses and says what to set. Local mode (trying the
bot out, tests) may run without one; linking then works as it always did.

A pure function of the settings, so it can join the other start-up checks.
"""

from __future__ import annotations

import re

from infra.config import Settings

_TENANT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def tenant_problem(settings: Settings) -> str | None:
    """What is wrong with the home tenant configuration, said so an operator can fix it (None: nothing)."""
    if settings.local_mode:
        return None
    homes = settings.home_tenants
    if not homes:
        return (
            "Set MicrosoftAppTenantId (or ALLOWED_TENANT_IDS) to the council's Entra tenant id: without a home "
            "tenant the bot cannot tell its own staff from guests and other organisations, so it will not start."
        )
    wrong = sorted(t for t in homes if not _TENANT_ID.match(t))
    if wrong:
        return (
            f"{', '.join(wrong)} is not an Entra tenant id (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47): "
            "Teams names tenants by id, so set MicrosoftAppTenantId (or ALLOWED_TENANT_IDS) to the id."
        )
    return None
