"""Posting a digest somewhere (Graph, the Bot Connector, a folder): the words every transport
shares, and when to try again. No I/O.

Neither Graph nor the Bot Connector takes an idempotency key, so a transport says *how* a post
failed, and the service decides what is safe:
- `Retryable`: the service refused before doing anything (429, 5xx, 412): try again, later.
- `Ambiguous`: we do not know whether it arrived (a timeout, a dropped connection): look for it
  before trying again, or ask an admin.
- `SignInExpired`: the delegated Graph sign-in is gone: tell admins, maybe fall back to the bot.
- `Rejected`: it will never work as it is (400, 403, 404, 413): stop and tell admins.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit


class PostError(Exception):
    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Retryable(PostError):
    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class Ambiguous(PostError):
    pass


class SignInExpired(PostError):
    pass


class Rejected(PostError):
    pass


class CannotCheck(PostError):
    """The transport cannot look for a message it may have posted (only Graph and the outbox can)."""


RETRYABLE_STATUSES = frozenset({408, 412, 429, 500, 502, 503, 504})


def classify(status: int, message: str, *, retry_after: str | float | None = None, code: str = "") -> PostError:
    """The PostError for an HTTP answer that was not a success."""
    if status == 401 or code == "InvalidAuthenticationToken":
        return SignInExpired(message or "The sign-in is no longer valid.", status=status)
    if status in RETRYABLE_STATUSES:
        return Retryable(message, status=status, retry_after=parse_retry_after(retry_after))
    return Rejected(message, status=status)


def parse_retry_after(value: str | float | None) -> float | None:
    """Seconds from a Retry-After header (Graph and Teams send whole seconds)."""
    if value is None or value == "":
        return None
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries inside one attempt; a longer wait is left to the scheduler's next tick."""

    tries: int = 4
    base_seconds: float = 1.0
    cap_seconds: float = 30.0
    longest_wait_seconds: float = 60.0  # a Retry-After longer than this ends the attempt
    later_seconds: tuple[float, ...] = (60.0, 300.0, 900.0, 3600.0)  # between attempts
    max_attempts: int = 6

    def wait(self, try_number: int, retry_after: float | None, rand: random.Random | None = None) -> float | None:
        """Seconds to wait before try `try_number + 1`, or None to stop trying now."""
        if try_number >= self.tries:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.longest_wait_seconds else None
        jitter = (rand or random).uniform(0.5, 1.0)
        doubled: float = self.base_seconds * 2 ** (try_number - 1)  # int ** int is Any to mypy (a negative power)
        return min(self.cap_seconds, doubled) * jitter

    def next_attempt_in(self, attempts: int, retry_after: float | None = None) -> float:
        step = self.later_seconds[min(max(attempts - 1, 0), len(self.later_seconds) - 1)]
        return max(step, retry_after or 0.0)


@dataclass(frozen=True)
class DigestMessage:
    """What a transport posts: the card, the HTML body, and a marker to find it again."""

    period_key: str
    card: dict[str, Any]
    html: str
    marker: str
    summary: str
    document: str = ""  # the standalone page (the outbox keeps it)


class Transport(Protocol):
    name: str
    limit_bytes: int
    can_find: bool

    def size(self, message: DigestMessage) -> int: ...

    async def send(self, message: DigestMessage) -> str: ...

    async def find(self, marker: str) -> str | None: ...


# ---------------------------------------------------------------------------------------------
# Where the digest goes: the DLG team and channel, however the admin copied them
# ---------------------------------------------------------------------------------------------

GROUP_ID = "group id"
THREAD_ID = "Teams thread id"
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_THREAD = re.compile(r"^19:[^/?#\s]+@thread\.[a-z0-9]+$", re.IGNORECASE)


@dataclass(frozen=True)
class TeamId:
    """A team as DLG_TEAM_ID names it. Teams has two ids for one team: the Microsoft 365 group id (a
    GUID, `groupId=` in a channel link, what Graph's `/teams/{id}` wants) and the thread id of its
    General channel (`19:…@thread.tacv2`, what the Bot Connector sends as `channelData.team.id`)."""

    value: str
    form: str  # GROUP_ID, THREAD_ID, or "" when it is neither

    @property
    def is_group_id(self) -> bool:
        return self.form == GROUP_ID


def _decoded(raw: str) -> str:
    """URL-decoded until stable: a link copied from Teams encodes `:` and `@` (sometimes twice)."""
    text = raw.strip()
    for _ in range(3):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text.strip()


def team_id(raw: str) -> TeamId:
    """DLG_TEAM_ID as given: a group id, a thread id, either URL-encoded, or the whole channel link
    (whose `groupId=` is taken)."""
    text = _decoded(raw)
    if text.lower().startswith("https://"):
        group = parse_qs(urlsplit(text).query).get("groupId", [""])[0]
        text = _decoded(group)
    if _GUID.match(text):
        return TeamId(text.lower(), GROUP_ID)
    if _THREAD.match(text):
        return TeamId(text, THREAD_ID)
    return TeamId(text, "")


def channel_id(raw: str) -> str:
    """DLG_CHANNEL_ID as given: `19:…@thread.tacv2`, URL-encoded, or the whole channel link (whose path
    carries it: `/l/channel/19%3a…%40thread.tacv2/General?groupId=…`)."""
    text = _decoded(raw)
    if text.lower().startswith("https://"):
        parts = [p for p in urlsplit(text).path.split("/") if p]
        found = next((p for p in parts if _THREAD.match(_decoded(p))), "")
        text = _decoded(found)
    return text
