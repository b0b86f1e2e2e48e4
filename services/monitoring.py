"""What `/metrics` reads from the database and the configuration when it is scraped.

Counters (turns, sends, 429s, retries, scheduler runs) are counted where they happen (infra/metrics.py);
these gauges describe state that lives in the database or in a certificate, so every replica reports
the same values: prompts still to send, the latest digest's state and when one was last posted, the
Graph sign-in, and when the bot's secret or certificates expire.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time

from infra import metrics
from infra.certificates import CertificateProblem, load_certificate
from infra.config import Settings
from programme.alerts import GRAPH_REFRESH_LIFETIME
from store import delivery_repo, digest_repo, graph_signin_repo
from store.db import Database

log = logging.getLogger("dfbot.monitoring")


async def refresh(db: Database, settings: Settings) -> None:
    """Set the state gauges; the database being down is itself a reading (dfbot_database_up 0)."""
    _credentials(settings)
    try:
        async with db.unit_of_work() as s:
            waiting = await delivery_repo.waiting_count(s)
            status, posted = await digest_repo.latest_state(s)
            sign_in = await graph_signin_repo.get(s)
    except Exception as exc:  # the scrape still answers: an unreachable database is what it must show
        log.warning("metrics could not read the database: %s", type(exc).__name__)
        metrics.DATABASE_UP.set(0)
        return
    metrics.DATABASE_UP.set(1)
    metrics.PROMPT_QUEUE.set(waiting)
    metrics.one_hot(metrics.DIGEST_STATE, metrics.DIGEST_STATES, status or "none")
    if posted is not None:
        metrics.DIGEST_LAST_POSTED.set(posted.timestamp())
    state = sign_in.status if sign_in is not None and sign_in.status in metrics.SIGN_IN_STATES else "none"
    metrics.one_hot(metrics.GRAPH_SIGN_IN, metrics.SIGN_IN_STATES, state)
    if sign_in is not None and state == "active" and sign_in.updated_at is not None:
        metrics.GRAPH_SIGN_IN_LAPSES.set((sign_in.updated_at + GRAPH_REFRESH_LIFETIME).timestamp())


def _credentials(settings: Settings) -> None:
    if settings.bot_secret_expires_on and not settings.bot_certificate_path.strip():
        end = datetime.combine(settings.bot_secret_expires_on, time.min, tzinfo=UTC)
        metrics.CREDENTIAL_EXPIRY.labels("bot_secret").set(end.timestamp())
    for credential, (path, password, setting, password_setting) in (
        ("bot_certificate", settings.bot_certificate),
        ("graph_certificate", settings.graph_certificate),
    ):
        if not path:
            continue
        try:
            certificate = load_certificate(path, password, setting=setting, password_setting=password_setting)
        except CertificateProblem:
            continue  # said at start (dfbot/production_checks.py)
        metrics.CREDENTIAL_EXPIRY.labels(credential).set(certificate.not_after.timestamp())
