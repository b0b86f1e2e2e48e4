"""The DLG digest as the services hold it: a row as plain data, the admin's `digest` setting, the links
in it, and what a Poster works with (its transports, a notifier, admin alerts). services/digest/__init__.py is
the digest's one entry point and re-exports these."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote

from programme.digest import revision
from programme.posting import Transport
from services import agenda_reply
from services.context import AppContext
from store import digest_repo
from store.models import Digest

log = logging.getLogger("dfbot.digest")

# ---------------------------------------------------------------------------------------------
# Settings, snapshots, collaborators
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestConfig:
    """Admin-changeable (the `digest` setting); the defaults are what the programme office asked for."""

    approval_required: bool = True
    grace_hours: float = 2.0
    remind_after_hours: float = 24.0
    fallback_to_bot: bool = True
    trend_cycles: int = 6
    sending_lease_minutes: float = 10.0

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> DigestConfig:
        values = {}
        for key, value in (d or {}).items():
            default: Any = getattr(cls, key, None)
            if key not in cls.__dataclass_fields__ or value is None:
                continue
            if isinstance(default, bool):
                values[key] = (
                    value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")
                )
            else:
                values[key] = type(default)(value)
        return cls(**values)


@dataclass(frozen=True)
class DigestView:
    """A digest row as plain data, safe to use after its session has closed."""

    id: int
    period_key: str
    status: str
    content: dict[str, Any]
    marker: str
    transport: str
    attempts: int
    last_error: str
    approved_by: str
    message_id: str | None
    intro: str
    created_at: datetime
    sending_at: datetime | None

    @property
    def revision(self) -> str:
        return revision(self.content)


def snapshot(row: Digest) -> DigestView:
    return DigestView(
        row.id,
        row.period_key,
        row.status,
        dict(row.content or {}),
        row.marker,
        row.transport,
        row.attempts,
        row.last_error,
        row.approved_by,
        row.message_id,
        row.intro,
        row.created_at,
        row.sending_at,
    )


class Notifier(Protocol):
    async def notify_admins(self, text: str, card: dict[str, Any] | None = None) -> int: ...


class TransportSource(Protocol):
    def get(self, name: str) -> Transport: ...

    def graph(self) -> agenda_reply.ThreadReader: ...


def links(public_base_url: str, period_key: str) -> tuple[str, str]:
    """The full view of a digest, and where admins and DLG members read what it left out (the
    dashboard shows them sensitive risks on each project; everyone else never sees them)."""
    base = public_base_url.rstrip("/")
    return f"{base}/dashboard/digests/{quote(period_key, safe='')}", f"{base}/dashboard"


async def config(ctx: AppContext) -> DigestConfig:
    async with ctx.db.unit_of_work() as s:
        return DigestConfig.from_dict(await digest_repo.digest_settings(s))


# ---------------------------------------------------------------------------------------------
# Admin alerts
# ---------------------------------------------------------------------------------------------


async def alert_admins(
    ctx: AppContext, notifier: Notifier | None, *, key: str, kind: str, message: str, card: dict[str, Any] | None = None
) -> bool:
    """Record the alert (once per key, in `admin_alerts`) and, when a notifier is at hand, tell admins
    now — with the card, if any. Claimed before sending and released if nobody was reached, so the
    scheduler's alert delivery (services/admin_notices.py) neither repeats it nor loses it. True when new."""
    now = ctx.now()
    async with ctx.db.unit_of_work() as s:
        new = await digest_repo.raise_alert(s, key=key, kind=kind, message=message, now=now)
    if not new:
        return False
    log.warning("admin alert %s: %s", kind, message[:200])
    if notifier is None:
        return True
    async with ctx.db.unit_of_work() as s:
        if not await digest_repo.claim_alert(s, key, now):
            return True
    try:
        reached = await notifier.notify_admins(message, card)
    except Exception:
        log.exception("could not tell admins now; the scheduler will")
        reached = 0
    if not reached:
        async with ctx.db.unit_of_work() as s:
            await digest_repo.release_alert(s, key)
    return True
