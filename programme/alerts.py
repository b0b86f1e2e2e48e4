"""What admins must be told, and when — no I/O.

An alert has a key: the same key is raised once, however many replicas or ticks notice the same
thing. So a key names one occurrence ("the secret expiring on 1 May, 7 days before"), not a kind of
problem: something that recurs (a job failing again tomorrow) gets a new key and a new alert, and
each step towards an expiry date is its own alert.

The `admin_alerts` table has no severity column, so severity travels in its `kind` column as
"severity/category" (e.g. "urgent/bot_secret"); kinds written by other parts without a slash
(the digest's "graph_sign_in", "digest_ready") are given a severity from KIND_SEVERITY.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .text import uk_date

SEVERITIES = ("urgent", "warning", "info")
KIND_SEVERITY = {
    "graph_sign_in": "urgent",
    "digest_failed": "urgent",
    "digest_needs_admin": "urgent",
    "digest_ready": "info",
    "digest_reminder": "info",
}
SECRET_STEPS = (30, 14, 7, 1, 0)  # days before BOT_SECRET_EXPIRES_ON when admins are told (0: it has expired)
GRAPH_REFRESH_LIFETIME = timedelta(days=90)  # Entra refresh tokens lapse after 90 days unused
GRAPH_WARN_BEFORE = timedelta(days=14)


@dataclass(frozen=True)
class Notice:
    key: str
    message: str
    severity: str = "warning"
    category: str = "general"

    @property
    def kind(self) -> str:
        return encode_kind(self.severity, self.category)


def encode_kind(severity: str, category: str) -> str:
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}")
    return f"{severity}/{category}"[:32]


def severity_of(kind: str) -> str:
    """The severity stored in `kind`, or the one a known category implies, else "warning"."""
    head, _, _ = (kind or "").partition("/")
    if head in SEVERITIES and "/" in kind:
        return head
    return KIND_SEVERITY.get(kind, "warning")


def rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else 1


# --------------------------------------------------------------------------- what to say


def secret_expiry(expires_on: date | None, today: date) -> Notice | None:
    """The bot's client secret (BOT_SECRET_EXPIRES_ON): told at 30, 14, 7 and 1 days, and once expired."""
    return credential_expiry("bot secret", expires_on, today)


_CREDENTIALS = {
    # kind: (what it is, which setting points at the new one, what stops working, category)
    "bot secret": (
        "The bot's client secret",
        "Create a new secret for the bot's app registration in Entra, set "
        "MicrosoftAppPassword and BOT_SECRET_EXPIRES_ON, and restart the bot",
        "Teams can no longer reach the bot",
        "bot_secret",
    ),
    "bot certificate": (
        "The bot's certificate",
        "Upload a new certificate to the bot's app registration in Entra, "
        "point BOT_CERTIFICATE_PATH at it and restart the bot (each replica in turn), then remove the "
        "old one",
        "Teams can no longer reach the bot",
        "bot_secret",
    ),
    "graph certificate": (
        "The Graph sign-in's certificate",
        "Upload a new certificate to the Graph sign-in's app "
        "registration in Entra, point GRAPH_CERTIFICATE_PATH at it and restart the bot (each replica "
        "in turn), then remove the old one",
        "the digest can no longer be posted through Graph",
        "graph_sign_in",
    ),
}


def credential_expiry(kind: str, expires_on: date | None, today: date, thumbprint: str = "") -> Notice | None:
    """A secret or certificate (see `_CREDENTIALS`) nearing its expiry: told at 30, 14, 7 and 1 days, and once
    expired. A certificate's key names its thumbprint, so a new certificate starts its own steps."""
    if expires_on is None:
        return None
    what, remedy, broken, category = _CREDENTIALS[kind]
    left = (expires_on - today).days
    step = next((s for s in reversed(SECRET_STEPS) if left <= s), None)
    if step is None:
        return None
    which = f"{thumbprint[:8]}:" if thumbprint else ""
    key = f"{kind.replace(' ', '-')}:{which}{expires_on.isoformat()}:{step if left >= 0 else 'expired'}"
    named = f"{what} (thumbprint {thumbprint[:8]}…)" if thumbprint else what
    if left < 0:
        return Notice(
            key, f"{named} expired on {uk_date(expires_on)}: {broken}. {remedy} (docs/deploy.md).", "urgent", category
        )
    when = "today" if left == 0 else "tomorrow" if left == 1 else f"in {left} days"
    return Notice(
        key,
        f"{named} expires {when} ({uk_date(expires_on)}). {remedy} before then (docs/deploy.md).",
        "urgent" if left <= 7 else "warning",
        category,
    )


def graph_sign_in(status: str, last_refreshed: datetime | None, now: datetime, name: str = "digest") -> Notice | None:
    """The delegated Graph sign-in that posts digests: expired, or close to lapsing from disuse."""
    if status == "expired":
        stamp = last_refreshed.strftime("%Y%m%d%H%M") if last_refreshed else "unknown"
        return Notice(
            f"graph-sign-in-expired:{name}:{stamp}",
            "The Microsoft Graph sign-in that posts the DLG digest has expired or was revoked, so digests "
            "cannot be posted to the channel. Type **graph sign in** to sign in again.",
            "urgent",
            "graph_sign_in",
        )
    if status != "active" or last_refreshed is None:
        return None
    lapses = last_refreshed + GRAPH_REFRESH_LIFETIME
    if now < lapses - GRAPH_WARN_BEFORE:
        return None
    return Notice(
        f"graph-sign-in-expiring:{name}:{lapses.date().isoformat()}",
        f"The Microsoft Graph sign-in that posts the DLG digest has not been used since "
        f"{uk_date(last_refreshed)} and lapses around {uk_date(lapses)}. Post a digest or type **graph sign "
        "in** to renew it before then.",
        "warning",
        "graph_sign_in",
    )


def job_failed(job: str, error: str, now: datetime) -> Notice:
    """Once a day per job: a job that fails every tick should not send an alert every tick."""
    return Notice(
        f"job-failed:{job}:{now.date().isoformat()}",
        f"The scheduled job “{job}” failed ({error[:200]}). It will be tried again; if this keeps "
        "happening, check the bot's logs.",
        "urgent",
        "job_failed",
    )


def lead_unreachable(person_id: int, name: str, reason: str, when: date) -> Notice:
    return Notice(
        f"unreachable:{person_id}:{when.isoformat()}",
        f"I can't reach {name or 'a lead'} in Teams ({reason[:200]}), so they won't get prompts. Ask them "
        "to open a chat with the Digital First bot, or assign someone else with **assign lead**.",
        "warning",
        "unreachable",
    )
