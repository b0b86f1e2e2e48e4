"""Raising alerts for admins from anywhere — a job, the Graph publisher, the prompt sender — with no
Teams SDK in sight. Delivery to admins' 1:1 chats is services/admin_notices.py's job (the scheduler calls it).

`raise_alert` records an alert once per key (see programme/alerts.py for what a key should name) and
logs its key, so an alert is visible in the logs even before, or without, a Teams delivery.
`periodic_checks` is what the scheduler runs now and then to notice what nobody reports: the bot's
client secret nearing its configured expiry date, a certificate (the bot's, the Graph sign-in's)
nearing the expiry written in it, and the Graph sign-in lapsing or expired.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from infra.certificates import CertificateProblem, load_certificate
from infra.config import Settings
from programme import alerts as rules
from programme.alerts import Notice
from store import alerts_repo, graph_signin_repo
from store.db import Database
from store.types import utcnow

log = logging.getLogger("dfbot.alerts")


async def raise_alert(
    db: Database,
    key: str,
    message: str,
    severity: str = "warning",
    *,
    category: str = "general",
    now: datetime | None = None,
) -> bool:
    """Record an alert for admins once per `key`; True when it is new. Severity: urgent, warning or info."""
    async with db.unit_of_work() as s:
        new = await alerts_repo.raise_alert(
            s, key=key, kind=rules.encode_kind(severity, category), message=message, now=now or utcnow()
        )
    if new:
        log.warning("admin alert raised: %s (%s)", key[:120], severity)  # the message may name people: not logged
    return new


async def raise_notice(db: Database, notice: Notice, *, now: datetime | None = None) -> bool:
    return await raise_alert(db, notice.key, notice.message, notice.severity, category=notice.category, now=now)


async def job_failed(db: Database, job: str, error: BaseException | str, *, now: datetime | None = None) -> bool:
    """For the scheduler's `except`: once per job per day, with the error's type (never its secrets)."""
    reason = error if isinstance(error, str) else type(error).__name__
    return await raise_notice(db, rules.job_failed(job, reason, now or utcnow()), now=now)


async def lead_unreachable(
    db: Database, person_id: int, name: str, reason: str, *, now: datetime | None = None
) -> bool:
    now = now or utcnow()
    return await raise_notice(db, rules.lead_unreachable(person_id, name, reason, now.date()), now=now)


def certificate_notices(settings: Settings, today: date) -> list[Notice | None]:
    """The expiry of each configured certificate, read from the certificate (one the bot cannot read is
    the start-up checks' business: dfbot/production_checks.py)."""
    seen, notices = set(), []
    for kind, (path, password, setting, password_setting) in (
        ("bot certificate", settings.bot_certificate),
        ("graph certificate", settings.graph_certificate),
    ):
        if not path or path in seen:
            continue
        seen.add(path)
        try:
            cert = load_certificate(path, password, setting=setting, password_setting=password_setting)
        except CertificateProblem as exc:
            log.warning("certificate not checked for expiry: %s", exc)
            continue
        notices.append(rules.credential_expiry(kind, cert.not_after.date(), today, cert.thumbprint))
    return notices


async def periodic_checks(db: Database, settings: Settings, now: datetime) -> list[str]:
    """Raise what the calendar and the stored sign-in say is due; the keys newly raised."""
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    notices = (
        [rules.secret_expiry(settings.bot_secret_expires_on, today)]
        if not settings.bot_certificate_path.strip()
        else []
    )
    notices += certificate_notices(settings, today)
    async with db.unit_of_work() as s:
        sign_in = await graph_signin_repo.get(s)
    if sign_in is not None:
        notices.append(rules.graph_sign_in(sign_in.status, sign_in.updated_at, now, sign_in.name))
    raised = []
    for notice in filter(None, notices):
        if await raise_notice(db, notice, now=now):
            raised.append(notice.key)
    return raised
