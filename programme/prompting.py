"""Who is prompted, reminded and escalated, and when. No I/O.

One delivery per (cycle, project, person, kind). A person who is away is not prompted or chased
(the skipped delivery is still recorded, so the digest and admins can say why). A lead who has
delegated the cycle is replaced by the delegate. Reminders go only to the leads of projects with
no update in the cycle; after the due time the admins get the list of what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from .calendar import reminder_times
from .cycles import Cadence
from .text import uk_date

PROMPT = "prompt"
ESCALATION = "escalation"
UNREACHABLE_NOTICE = "unreachable"
ADMIN_KINDS = frozenset({ESCALATION, UNREACHABLE_NOTICE})
MIN_GAP_BEFORE_REMINDER = timedelta(hours=4)  # a cycle opened late is not chased straight away

# Delivery statuses: pending -> sending -> sent; or failed / unreachable; or, never sent, away /
# delegated / skipped (nothing left to ask). A delivery found 'sending' after a crash is sent again
# and flagged as a possible duplicate: prompts are at-least-once (see services/prompts.py).
PENDING, SENDING, SENT, FAILED, UNREACHABLE = "pending", "sending", "sent", "failed", "unreachable"
AWAY, DELEGATED, SKIPPED = "away", "delegated", "skipped"
POSSIBLE_DUPLICATE = "possible duplicate: resent after an interrupted send"


@dataclass(frozen=True)
class Recipient:
    """A person who should hear about a project's update this cycle."""

    project_id: int
    person_id: int
    role: str  # lead / deputy / delegate
    name: str = ""
    away_until: date | None = None
    delegated_to: str | None = None  # the delegate's name when this lead handed the cycle over


@dataclass(frozen=True)
class Planned:
    project_id: int
    person_id: int
    kind: str
    status: str = PENDING
    note: str = ""


def plan_deliveries(recipients: list[Recipient], today: date, kind: str) -> list[Planned]:
    """One planned delivery per recipient: pending, or recorded as not sent and why."""
    out = []
    for r in recipients:
        if r.away_until is not None and r.away_until >= today:
            out.append(Planned(r.project_id, r.person_id, kind, AWAY, f"away until {uk_date(r.away_until)}"))
        elif r.delegated_to:
            out.append(Planned(r.project_id, r.person_id, kind, DELEGATED, f"asked {r.delegated_to}"[:200]))
        else:
            out.append(Planned(r.project_id, r.person_id, kind, PENDING))
    return out


def plan_reminders(recipients: list[Recipient], responded: set[int], today: date, kind: str) -> list[Planned]:
    """Reminders only for projects with no update yet, and never to someone away or who delegated."""
    return [
        p
        for p in plan_deliveries([r for r in recipients if r.project_id not in responded], today, kind)
        if p.status == PENDING
    ]


def reminder_due(
    now: datetime, *, due_at: datetime, closes_at: datetime, opened_at: datetime, cadence: Cadence
) -> str | None:
    """The kind of the latest reminder whose time has come, if any.

    Only the latest: a scheduler that was down does not send two reminders at once. None for a
    reminder that would land within a few hours of the cycle opening, or after it closed.
    """
    if now >= closes_at:
        return None
    due = [
        (kind, at)
        for kind, at in reminder_times(due_at, cadence)
        if at <= now and at >= opened_at + MIN_GAP_BEFORE_REMINDER
    ]
    return due[-1][0] if due else None


def escalation_due(now: datetime, *, due_at: datetime, closes_at: datetime, cadence: Cadence) -> bool:
    return due_at + timedelta(hours=cadence.escalation_after_hours) <= now < closes_at


# ----------------------------------------------------------------------------------- transport


@dataclass(frozen=True)
class Target:
    """Where a message goes: a stored conversation reference, or a roster member to open a chat with."""

    reference: dict[str, Any] | None = None
    service_url: str = ""
    tenant_id: str = ""
    member_id: str = ""  # Teams user id (29:...) for create_conversation
    bot_id: str = ""  # the bot's Teams id in that tenant (from the team's stored reference)

    @property
    def conversation_id(self) -> str:
        if self.reference:
            return str((self.reference.get("conversation") or {}).get("id") or "")
        return f"new:{self.member_id}"


@dataclass(frozen=True)
class Outgoing:
    text: str = ""
    card: dict[str, Any] | None = None
    summary: str = ""


@dataclass
class SendResult:
    status: str  # sent / unreachable / failed
    activity_id: str | None = None
    reason: str = ""
    reference: dict[str, Any] | None = None  # set when a new 1:1 chat was opened: store it
    attempts: int = 0
    throttled: int = 0  # 429s met on the way
    http_status: int | None = None
    history: list[int] = field(default_factory=list)
    unsent: bool = False  # failed before anything left (no token): sending it again cannot double it
    retry_after: float | None = None  # the service's Retry-After on the last 429, in seconds
    never_connected: bool = False  # the last try never reached the service (refused connection): nothing arrived

    @property
    def ok(self) -> bool:
        return self.status == SENT


class Messenger(Protocol):
    """The port the services send through (`bot.messenger.ProactiveMessenger` is the adapter)."""

    async def send(self, target: Target, message: Outgoing, *, max_attempts: int | None = None) -> SendResult: ...

    async def update(
        self, target: Target, activity_id: str, message: Outgoing, *, max_attempts: int | None = None
    ) -> SendResult: ...

    async def team_members(self, reference: dict[str, Any], team_id: str) -> list[dict[str, Any]]: ...

    async def team_group_id(self, reference: dict[str, Any], team_id: str) -> str | None: ...

    async def close(self) -> None: ...
