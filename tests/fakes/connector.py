"""A local Bot Connector service that answers like Microsoft Teams does, for tests.

Why this exists: the bot talks to Teams only through the Bot Framework Connector REST API v3 at the
activity's ``serviceUrl``. The Agents Playground mocks that too, but it never throttles, never refuses,
and cannot be told to fail, so the parts of the bot that matter most in production (backoff on 429 and
on 412/502/503/504, "unreachable" handling on 403, member lookup by Entra object id, the stable 1:1
conversation that ``create_conversation`` returns) would go untested. This fake runs in-process on
127.0.0.1, speaks the same JSON the real service does, enforces Teams' documented rate limits on an
injectable clock, and records everything it received so tests can assert on it.

Sources for the behaviour (checked 2026): Teams "Optimize your bot with rate limiting" (per bot per
thread and global limits, retry 412/502/504), "Get Teams specific context for your bot" (single member
by Teams id, UPN or Entra object id; paged members with page size clamped to 50..500), botbuilder
4.17.1's ``botframework.connector.aio`` client (which status codes it accepts per operation), and
error bodies seen from ``smba.trafficmanager.net`` (``{"error": {"code", "message"}}``; a 401 carries
the ASP.NET body ``{"message": "Authorization has been denied for this request."}``).

Choices where the real service is not documented (kept deliberately simple and stated here):

* Rate limits are counted per conversation ("thread"; a channel and every reply thread in it are one
  thread) and per operation kind, for one bot. A per-thread window counts only operations that
  succeeded (2xx). The global 50 requests/s window counts every authenticated request that was not
  itself answered 429. No 429 ever counts toward any window, so a client that backs off for
  ``Retry-After`` seconds is admitted afterwards. Update and delete count as sends (they are writes to
  the thread).
* ``Retry-After`` is whole seconds (what Teams sends), at least 1, rounded up from the time until the
  oldest counted operation leaves the window that was full.
* The 429 body is ``{"error": {"code": "TooManyRequests", ...}}``; clients must key on the status, not
  the code.
* ``GET /v3/teams/{teamId}`` (team details: ``id``, ``name``, ``aadGroupId``, as in "Get Teams specific
  context for your bot") answers for teams registered with ``add_team``; for any other team id it
  answers 403 ``BotNotInConversationRoster``, the code Teams uses when the bot is not in the team.
* An activity is measured as Teams documents it ("Format your bot messages": about 100 KB, the message
  encoded as UTF-16): its JSON, characters unescaped, in UTF-16 bytes; larger gets 413 with the code
  ``MessageSizeTooBig``.
* A channel registered with ``channel_without_app`` is a private or shared channel the app was not added
  to (they do not get their team's apps): posts there get 403 ``BotNotInConversationRoster``.
* By default the fake is lenient: it accepts sends to conversations it has never heard of (tests post
  inbound activities with made-up ids). ``strict=True`` answers 404 ``ConversationNotFound`` for those
  and for updates/deletes of activity ids it never issued.
* An update or delete of a message that was deleted (by the bot, or in Teams: ``delete_message``)
  answers 404 ``ActivityNotFoundInConversation`` "Message does not exist in the thread.", the body
  reported for a missing message in a thread (BotFramework-Services issue 269; the same issue saw 403
  ``ServiceError`` for some deleted channel messages, which the bot treats alike: not asked again).
"""

from __future__ import annotations

import asyncio
import base64
import bisect
import copy
import hashlib
import itertools
import json
import math
import os
import socket
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, NamedTuple

from aiohttp import web

JSON = dict[str, Any]
Limit = tuple[int, float]  # (maximum operations, window in seconds)

ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
_ACTIVITY_IDS = itertools.count(int(time.time() * 1000))  # Teams message ids are millisecond timestamps
DEFAULT_TENANT_ID = "00000000-0000-0000-0000-0000000000001"  # the Agents Playground tenant, as in tests/activities.py
DEFAULT_BOT_ID = "28:digital-first-bot"
BLOCKED_MESSAGE = "User blocked the conversation with the bot."
NOT_INSTALLED_MESSAGE = "Bot is not installed in user's personal scope"
UNAUTHORIZED_BODY: JSON = {"message": "Authorization has been denied for this request."}

_THREAD_SEPARATOR = ";messageid="
_ERROR_CODES: dict[int, str] = {
    400: "BadArgument",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "RequestEntityTooLarge",
    429: "TooManyRequests",
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}
_ERROR_MESSAGES: dict[int, str] = {
    412: "The precondition given in one or more of the request-header fields evaluated to false.",
    429: "Too many requests. Retry after the interval given in the Retry-After header.",
    500: "An internal server error occurred.",
    502: "Bad gateway: the upstream service did not answer correctly.",
    503: "The service is temporarily unavailable.",
    504: "The upstream service did not answer in time.",
}


# --------------------------------------------------------------------------------------------------
# Rate limiting
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateLimits:
    """Teams' documented limits, as (max operations, window seconds) pairs per operation kind.

    ``send`` and ``create_conversation`` and ``get_members`` are per bot per thread;
    ``get_members_unpaged`` is the extra throttle on the deprecated non-paged roster call
    (five per minute); ``global_per_app`` is the 50 requests per second per app per tenant.
    """

    send: tuple[Limit, ...] = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))
    create_conversation: tuple[Limit, ...] = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))
    get_members: tuple[Limit, ...] = ((14, 1.0), (16, 2.0), (120, 30.0), (3600, 3600.0))
    get_members_unpaged: tuple[Limit, ...] = ((5, 60.0),)
    global_per_app: tuple[Limit, ...] = ((50, 1.0),)

    @classmethod
    def unlimited(cls) -> RateLimits:
        """No throttling at all (for tests that are about something else)."""
        return cls((), (), (), (), ())


class ManualClock:
    """A monotonic clock that moves only when told to, so window tests need no sleeping."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go backwards")
        self.now += seconds
        return self.now


@dataclass(frozen=True)
class Reservation:
    """Proof that an operation was admitted; kept so an admission can be undone (see release)."""

    keys: tuple[Hashable, ...]
    stamp: float


@dataclass(frozen=True)
class Throttled:
    """Why an operation was refused: which bucket and limit were full, and for how long."""

    bucket: Hashable
    limit: Limit
    retry_after: float  # seconds until one more operation would be admitted

    @property
    def retry_after_header(self) -> str:
        """Whole seconds, at least one: Teams sends integers."""
        return str(max(1, math.ceil(self.retry_after - 1e-9)))


class SlidingWindowLimiter:
    """Exact sliding-window counting over an injectable monotonic clock.

    Each bucket keeps the timestamps of the operations it admitted (sorted; at most the largest limit
    of its longest window, e.g. 1800 for an hour of sends). An operation is admitted only if, for every
    bucket it touches and every (limit, window) of that bucket, fewer than ``limit`` admitted
    operations lie in ``(now - window, now]``; then it is counted in all those buckets at once.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._events: dict[Hashable, list[float]] = {}

    def try_acquire(self, buckets: Sequence[tuple[Hashable, Sequence[Limit]]]) -> Reservation | Throttled:
        now = self._clock()
        worst: Throttled | None = None
        for key, limits in buckets:
            if not limits:
                continue
            events = self._pruned(key, now, max(window for _, window in limits))
            for limit, window in limits:
                first = bisect.bisect_right(events, now - window)
                in_window = len(events) - first
                if in_window >= limit:
                    # The window admits one more once the (in_window - limit + 1) oldest have left it.
                    wait = events[first + in_window - limit] + window - now
                    if worst is None or wait > worst.retry_after:
                        worst = Throttled(bucket=key, limit=(limit, window), retry_after=wait)
        if worst is not None:
            return worst
        keys = tuple(key for key, limits in buckets if limits)
        for key in keys:
            bisect.insort(self._events.setdefault(key, []), now)
        return Reservation(keys=keys, stamp=now)

    def release(self, reservation: Reservation) -> None:
        """Undo an admission (the request ended up refused, so it must not count)."""
        for key in reservation.keys:
            events = self._events.get(key, [])
            index = bisect.bisect_left(events, reservation.stamp)
            if index < len(events) and events[index] == reservation.stamp:
                del events[index]

    def count(self, key: Hashable, window: float) -> int:
        """How many admitted operations of ``key`` lie in the last ``window`` seconds."""
        events = self._events.get(key, [])
        return len(events) - bisect.bisect_right(events, self._clock() - window)

    def reset(self) -> None:
        self._events.clear()

    def _pruned(self, key: Hashable, now: float, horizon: float) -> list[float]:
        events = self._events.setdefault(key, [])
        stale = bisect.bisect_right(events, now - horizon)
        if stale:
            del events[:stale]
        return events


# --------------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------------


@dataclass
class Member:
    """A TeamsChannelAccount as ``GET .../members/{id}`` returns it."""

    id: str
    name: str
    aad_object_id: str | None = None
    email: str | None = None
    user_principal_name: str | None = None
    given_name: str | None = None
    surname: str | None = None
    tenant_id: str | None = None
    user_role: str = "user"

    def to_json(self) -> JSON:
        body = {
            "id": self.id,
            "name": self.name,
            "aadObjectId": self.aad_object_id,
            "email": self.email,
            "userPrincipalName": self.user_principal_name,
            "givenName": self.given_name,
            "surname": self.surname,
            "tenantId": self.tenant_id,
            "userRole": self.user_role,
        }
        return {key: value for key, value in body.items() if value is not None}

    def matches(self, identifier: str) -> bool:
        """Teams resolves a member by Teams user id, Entra object id or UPN (case-insensitive)."""
        wanted = identifier.casefold()
        return any(
            value is not None and value.casefold() == wanted
            for value in (self.id, self.aad_object_id, self.user_principal_name)
        )

    def identifiers(self) -> set[str]:
        return {v.casefold() for v in (self.id, self.aad_object_id, self.user_principal_name, self.email) if v}


class RecordedActivity(NamedTuple):
    """One activity the service accepted. The stored dict carries the id the service assigned."""

    conversation_id: str
    activity: JSON
    method: str  # "POST" (send, reply, or create_conversation's first activity), "PUT", "DELETE"


# Every activity any FakeConnector accepted in this process, with the test that caused it (pytest's
# PYTEST_CURRENT_TEST): tests/e2e/cards_capture.py dumps their Adaptive Cards at the end of the run.
RECORDED: list[tuple[str, RecordedActivity]] = []


class RequestRecord(NamedTuple):
    """Every request the fake answered, in order, with the clock time it was answered at."""

    method: str
    path: str
    conversation_id: str | None
    status: int
    at: float


@dataclass
class _Fault:
    conversation_id: str | None
    user_id: str | None
    status: int
    remaining: int
    code: str | None
    message: str | None
    retry_after: int | None
    methods: frozenset[str] | None
    arrived: bool = False


@dataclass
class _Refusal:
    code: str
    message: str
    on_create: bool  # also refuse create_conversation (app not installed), not only sends


# --------------------------------------------------------------------------------------------------
# The service
# --------------------------------------------------------------------------------------------------


def error_body(code: str, message: str) -> JSON:
    """The Bot Connector ErrorResponse shape."""
    return {"error": {"code": code, "message": message}}


def teams_size(activity: Any) -> int:
    """An activity's size as Teams counts it: its JSON, characters as they are, in UTF-16 bytes."""
    return len(json.dumps(activity, ensure_ascii=False).encode("utf-16-le"))


def thread_key(conversation_id: str) -> str:
    """The rate-limit "thread": a channel post's reply thread belongs to its channel."""
    return conversation_id.split(_THREAD_SEPARATOR, 1)[0]


class FakeConnector:
    """The Bot Connector (Teams flavour) on 127.0.0.1, with rosters, limits, faults and a recorder.

    Use as ``async with FakeConnector(clock=ManualClock()) as connector:``; give ``connector.url`` to
    activities as their ``serviceUrl``.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        limits: RateLimits | None = None,
        latency: float = 0.0,
        require_auth: bool = False,
        auth_token: str = "fake-connector-token",
        tenant_id: str = DEFAULT_TENANT_ID,
        bot_id: str = DEFAULT_BOT_ID,
        bot_name: str = "Digital First",
        path_prefix: str = "",
        strict: bool = False,
        min_page_size: int = 50,
        max_page_size: int = 500,
        default_page_size: int = 200,
        max_activity_bytes: int = 100 * 1024,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """
        :param clock: monotonic seconds; pass a ``ManualClock`` for deterministic window tests.
        :param limits: ``RateLimits()`` (Teams' numbers) by default; ``RateLimits.unlimited()`` to disable.
        :param latency: seconds of real delay before every answer (the real service is never instant).
        :param require_auth: demand ``Authorization: Bearer <auth_token>``, else 401.
        :param path_prefix: serve under a path like the real ``https://smba.trafficmanager.net/emea/``
            so code that drops the serviceUrl's path is caught.
        :param strict: 404 for unknown conversations and unknown activity ids (see module docstring).
        :param min_page_size, max_page_size, default_page_size: ``pagedmembers`` clamping (Teams: 50..500).
        :param max_activity_bytes: larger activities (UTF-16 bytes, as Teams counts) get 413.
        """
        self.clock = clock
        self.limits = limits if limits is not None else RateLimits()
        self.latency = latency
        self.member_lookup_delay = 0.0  # seconds a member lookup takes before it answers (a slow roster service)
        self.require_auth = require_auth
        self.auth_token = auth_token
        self.tenant_id = tenant_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.path_prefix = "/" + path_prefix.strip("/") if path_prefix.strip("/") else ""
        self.strict = strict
        self.min_page_size = min_page_size
        self.max_page_size = max_page_size
        self.default_page_size = default_page_size
        self.max_activity_bytes = max_activity_bytes
        self._channels_without_app: set[str] = set()
        self.host = host
        self.port = port

        self.limiter = SlidingWindowLimiter(clock)
        self.activities: list[RecordedActivity] = []
        self.requests: list[RequestRecord] = []

        self._rosters: dict[str, dict[str, Member]] = {}
        self._roster_alias: dict[str, str] = {}
        self._teams: dict[str, JSON] = {}
        self._personal: dict[str, Member] = {}
        self._known_conversations: set[str] = set()
        self._issued_activity_ids: set[tuple[str, str]] = set()
        self._gone: set[tuple[str, str]] = set()  # messages deleted (by the bot, or in Teams)
        self._refusals: dict[str, _Refusal] = {}
        self._faults: list[_Fault] = []
        self._ids = _ACTIVITY_IDS  # shared: Teams ids are timestamps, never reused in a conversation
        self._changed: asyncio.Event | None = None
        # Called with (conversation id, activity, method) for every activity stored: lets a test show the
        # bot's channel messages to a fake Graph too (Teams keeps one copy of a message; both APIs see it).
        self.observers: list[Callable[[str, JSON, str], None]] = []
        self._app: web.Application | None = None
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def app(self) -> web.Application:
        """The aiohttp application (built once); usable with aiohttp's own test server too."""
        if self._app is None:
            self._app = self._build_app()
        return self._app

    @property
    def url(self) -> str:
        """The serviceUrl, with a trailing slash as Teams gives it."""
        if self._runner is None:
            raise RuntimeError("FakeConnector is not started")
        return f"http://{self.host}:{self.port}{self.path_prefix}/"

    async def start(self) -> FakeConnector:
        if self._runner is not None:
            return self
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        runner = web.AppRunner(self.app, access_log=None)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        self._runner = runner
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeConnector:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    def reset(self) -> None:
        """Forget recordings, windows and pending faults; keep rosters, refusals and settings."""
        self.activities.clear()
        self.requests.clear()
        self.limiter.reset()
        self._faults.clear()

    # ------------------------------------------------------------------ configuration

    def add_member(
        self,
        conversation_id: str,
        *,
        id: str,  # noqa: A002 - the field's name in the API
        name: str,
        aad_object_id: str | None = None,
        email: str | None = None,
        user_principal_name: str | None = None,
        given_name: str | None = None,
        surname: str | None = None,
        tenant_id: str | None = None,
        user_role: str = "user",
    ) -> Member:
        """Put a person on the roster of a team (use the team id) or of any conversation.

        UPN defaults to the email and given name/surname to the two halves of ``name``, as they usually
        are in an Entra tenant.
        """
        first, _, last = name.partition(" ")
        member = Member(
            id=id,
            name=name,
            aad_object_id=aad_object_id,
            email=email,
            user_principal_name=user_principal_name or email,
            given_name=given_name if given_name is not None else (first or None),
            surname=surname if surname is not None else (last or None),
            tenant_id=tenant_id or self.tenant_id,
            user_role=user_role,
        )
        self._rosters.setdefault(conversation_id, {})[id] = member
        self._known_conversations.add(conversation_id)
        return member

    def remove_member(self, conversation_id: str, member_id: str) -> None:
        roster = self._rosters.get(conversation_id, {})
        for key, member in list(roster.items()):
            if member.matches(member_id):
                del roster[key]

    def add_conversation(self, conversation_id: str) -> None:
        """Make a conversation known (only matters with ``strict=True``)."""
        self._known_conversations.add(conversation_id)

    def add_team(self, team_id: str, aad_group_id: str, name: str = "Digital Leadership Group") -> None:
        """A team the bot is installed in: its details are then readable at ``/v3/teams/{team_id}``."""
        self._teams[team_id] = {"id": team_id, "name": name, "aadGroupId": aad_group_id}
        self._known_conversations.add(team_id)

    def link_channel(self, channel_id: str, team_id: str) -> None:
        """A team's channel shares the team's roster (the General channel's id is the team id)."""
        self._roster_alias[channel_id] = team_id
        self._known_conversations.add(channel_id)

    def find_member(self, identifier: str) -> Member | None:
        """A person on any roster, by Teams id, Entra object id or UPN."""
        for roster in self._rosters.values():
            for member in roster.values():
                if member.matches(identifier):
                    return member
        for member in self._personal.values():
            if member.matches(identifier):
                return member
        return None

    def personal_conversation_id(self, user_id: str) -> str:
        """The 1:1 chat id Teams would give this bot and user: stable, so create_conversation repeats it."""
        member = self.find_member(user_id)
        canonical = member.id if member else user_id
        digest = hashlib.sha256(f"{self.tenant_id}|{self.bot_id}|{canonical}".encode()).digest()
        return "a:1" + base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def open_personal_chat(self, user_id: str) -> str:
        """Register the 1:1 chat with a person (as create_conversation does) and return its id."""
        member = self.find_member(user_id) or Member(id=user_id, name="", tenant_id=self.tenant_id)
        conversation_id = self.personal_conversation_id(member.id)
        self._personal[conversation_id] = member
        self._known_conversations.add(conversation_id)
        return conversation_id

    def delete_message(self, conversation_id: str, activity_id: str) -> None:
        """The message is gone from Teams (deleted there, or removed by a retention policy): an edit or
        delete of it answers 404 ``ActivityNotFoundInConversation``, lenient or strict."""
        self._gone.add((thread_key(conversation_id), activity_id))
        self._record(conversation_id, {"id": activity_id}, "DELETE")

    def block_user(self, user_id: str, *, message: str = BLOCKED_MESSAGE) -> None:
        """Sends to this person's 1:1 chat answer 403 Forbidden, as when they blocked the bot."""
        self._refusals[user_id.casefold()] = _Refusal("Forbidden", message, on_create=False)

    def uninstall_for_user(self, user_id: str, *, message: str = NOT_INSTALLED_MESSAGE) -> None:
        """The app is not installed for this person: create_conversation and sends answer 403."""
        self._refusals[user_id.casefold()] = _Refusal("Forbidden", message, on_create=True)

    def unblock_user(self, user_id: str) -> None:
        self._refusals.pop(user_id.casefold(), None)

    def channel_without_app(self, channel_id: str) -> None:
        """A private or shared channel the app was not added to (its team's apps do not reach it):
        posts to it, and to threads in it, answer 403 BotNotInConversationRoster."""
        self._channels_without_app.add(thread_key(channel_id))

    def add_app_to_channel(self, channel_id: str) -> None:
        self._channels_without_app.discard(thread_key(channel_id))

    def fail_next(
        self,
        conversation_id: str | None = None,
        *,
        user_id: str | None = None,
        status: int = 502,
        times: int = 1,
        code: str | None = None,
        message: str | None = None,
        retry_after: int | None = None,
        methods: Iterable[str] | None = None,
        arrived: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` instead of serving them.

        Matches requests for ``conversation_id`` (and reply threads in it), or touching ``user_id``
        (their 1:1 chat, a lookup of them, or create_conversation with them), or any request when both
        are None; optionally only some HTTP ``methods``. Faults are consumed in the order given.
        Injected answers never count in any rate-limit window (see the module docstring).

        ``arrived=True`` (posts of activities only): the activity is stored first and then the answer is
        lost, as when a connection drops after the service accepted the message: with ``status=0`` the
        connection is closed without an answer, otherwise ``status`` is answered.
        """
        if times < 1:
            raise ValueError("times must be at least 1")
        self._faults.append(
            _Fault(
                conversation_id=conversation_id,
                user_id=user_id,
                status=status,
                remaining=times,
                code=code,
                message=message,
                retry_after=retry_after if retry_after is not None else (1 if status == 429 else None),
                methods=frozenset(m.upper() for m in methods) if methods else None,
                arrived=arrived,
            )
        )

    # ------------------------------------------------------------------ recordings

    @property
    def count_429(self) -> int:
        """How many requests were answered 429 (by the limiter or by an injected fault)."""
        return sum(1 for r in self.requests if r.status == 429)

    def status_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for record in self.requests:
            counts[record.status] = counts.get(record.status, 0) + 1
        return counts

    def sent_to(self, conversation_id: str) -> list[JSON]:
        """Activities POSTed to a conversation (including replies into its threads), oldest first."""
        return [
            r.activity
            for r in self.activities
            if r.method == "POST" and _same_thread(r.conversation_id, conversation_id)
        ]

    def updates_to(self, conversation_id: str) -> list[JSON]:
        return [
            r.activity
            for r in self.activities
            if r.method == "PUT" and _same_thread(r.conversation_id, conversation_id)
        ]

    def deleted(self, conversation_id: str | None = None) -> list[str]:
        """Ids of deleted activities."""
        return [
            r.activity["id"]
            for r in self.activities
            if r.method == "DELETE" and (conversation_id is None or _same_thread(r.conversation_id, conversation_id))
        ]

    def transcript(self, conversation_id: str) -> list[JSON]:
        """What the chat shows now: each posted activity in its latest version, deleted ones dropped."""
        current: dict[str, JSON] = {}
        for record in self.activities:
            if not _same_thread(record.conversation_id, conversation_id):
                continue
            activity_id = record.activity.get("id", "")
            if record.method == "POST":
                current[activity_id] = record.activity
            elif record.method == "PUT" and activity_id in current:
                current[activity_id] = record.activity
            elif record.method == "DELETE":
                current.pop(activity_id, None)
        return list(current.values())

    def texts(self, conversation_id: str | None = None, *, methods: Iterable[str] = ("POST", "PUT")) -> list[str]:
        """The ``text`` of every message activity received (sends and updates by default)."""
        wanted = {m.upper() for m in methods}
        return [
            r.activity["text"]
            for r in self.activities
            if r.method in wanted
            and (conversation_id is None or _same_thread(r.conversation_id, conversation_id))
            and r.activity.get("type") == "message"
            and isinstance(r.activity.get("text"), str)
        ]

    def cards(self, conversation_id: str | None = None, *, methods: Iterable[str] = ("POST", "PUT")) -> list[JSON]:
        """The content of every Adaptive Card attachment received (sends and updates by default)."""
        wanted = {m.upper() for m in methods}
        found: list[JSON] = []
        for record in self.activities:
            if record.method not in wanted:
                continue
            if conversation_id is not None and not _same_thread(record.conversation_id, conversation_id):
                continue
            for attachment in record.activity.get("attachments") or []:
                if isinstance(attachment, dict) and attachment.get("contentType") == ADAPTIVE_CARD_CONTENT_TYPE:
                    found.append(attachment.get("content"))
        return found

    async def wait_for_activities(
        self, count: int, *, conversation_id: str | None = None, timeout: float = 2.0
    ) -> list[JSON]:
        """Wait (real time) until at least ``count`` activities were POSTed; for work the bot does
        outside the request, e.g. a proactive fan-out started by a command."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if self._changed is None:
            self._changed = asyncio.Event()
        while True:
            if conversation_id is None:
                found = [r.activity for r in self.activities if r.method == "POST"]
            else:
                found = self.sent_to(conversation_id)
            if len(found) >= count:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"expected {count} activities, got {len(found)}: {found!r}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    def make_message(
        self,
        member: Member,
        text: str | None = None,
        *,
        conversation_id: str | None = None,
        value: JSON | None = None,
        activity_type: str = "message",
    ) -> JSON:
        """An inbound Teams 1:1 activity from ``member`` whose serviceUrl is this fake (for POSTing to
        the bot's /api/messages)."""
        conversation_id = conversation_id or self.open_personal_chat(member.id)
        activity: JSON = {
            "type": activity_type,
            "id": str(next(self._ids)),
            "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "channelId": "msteams",
            "serviceUrl": self.url,
            "from": {"id": member.id, "name": member.name, "aadObjectId": member.aad_object_id},
            "conversation": {
                "conversationType": "personal",
                "id": conversation_id,
                "tenantId": member.tenant_id or self.tenant_id,
            },
            "recipient": {"id": self.bot_id, "name": self.bot_name},
            "channelData": {"tenant": {"id": member.tenant_id or self.tenant_id}},
            "locale": "en-GB",
            "textFormat": "plain",
        }
        if text is not None:
            activity["text"] = text
        if value is not None:
            activity["value"] = value
        return activity

    # ------------------------------------------------------------------ HTTP plumbing

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware], client_max_size=16 * 1024 * 1024)
        base = f"{self.path_prefix}/v3/conversations"
        one = base + "/{conversationId}/activities/{activityId}"
        app.router.add_post(base, self._create_conversation)
        app.router.add_post(base + "/{conversationId}/activities", self._send)
        app.router.add_post(one, self._reply)
        app.router.add_put(one, self._update)
        app.router.add_delete(one, self._delete)
        app.router.add_get(base + "/{conversationId}/members", self._members)
        app.router.add_get(base + "/{conversationId}/members/{memberId}", self._member)
        app.router.add_get(base + "/{conversationId}/pagedmembers", self._paged_members)
        app.router.add_get(f"{self.path_prefix}/v3/teams/{{teamId}}", self._team_details)
        return app

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Latency, then authentication, then the global per-app window, then the route."""
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        response: web.StreamResponse
        if self.require_auth and request.headers.get("Authorization", "") != f"Bearer {self.auth_token}":
            response = web.json_response(UNAUTHORIZED_BODY, status=401, headers={"WWW-Authenticate": "Bearer"})
        else:
            admission = self.limiter.try_acquire([("global", self.limits.global_per_app)])
            if isinstance(admission, Throttled):
                response = self._throttled(admission)
            else:
                try:
                    response = await handler(request)
                except web.HTTPException as exc:
                    response = web.json_response(
                        error_body(_ERROR_CODES.get(exc.status, "Error"), exc.reason), status=exc.status
                    )
                if response.status == 429:
                    self.limiter.release(admission)
        self.requests.append(
            RequestRecord(
                method=request.method,
                path=request.path,
                conversation_id=request.match_info.get("conversationId"),
                status=response.status,
                at=self.clock(),
            )
        )
        return response

    @staticmethod
    def _error(status: int, message: str | None = None, code: str | None = None) -> web.Response:
        return web.json_response(
            error_body(code or _ERROR_CODES.get(status, "Error"), message or _ERROR_MESSAGES.get(status, "Error")),
            status=status,
        )

    def _throttled(self, throttled: Throttled) -> web.Response:
        response = self._error(429)
        response.headers["Retry-After"] = throttled.retry_after_header
        return response

    async def _read_json(self, request: web.Request) -> JSON | web.Response:
        raw = await request.read()
        if len(raw) > 4 * self.max_activity_bytes:  # too large however it is counted: not even parsed
            return self._error(413, "Message size too large.", "MessageSizeTooBig")
        try:
            body = json.loads(raw)
        except ValueError as exc:
            return self._error(400, f"The request body is not valid JSON: {exc}", "BadSyntax")
        if not isinstance(body, dict):
            return self._error(400, "The request body must be a JSON object.", "BadSyntax")
        if teams_size(body) > self.max_activity_bytes:
            return self._error(413, "Message size too large.", "MessageSizeTooBig")
        return body

    def _check_activity(self, activity: Any) -> web.Response | None:
        if not isinstance(activity, dict):
            return self._error(400, "The activity must be a JSON object.")
        if not isinstance(activity.get("type"), str) or not activity["type"]:
            return self._error(400, "Activity is missing required field 'type'.")
        return None

    def _take_fault(
        self, method: str, conversation_id: str | None, user_ids: Iterable[str], *, arrived: bool = False
    ) -> web.Response | None:
        fault = self._matching_fault(method, conversation_id, user_ids, arrived=arrived)
        if fault is None:
            return None
        response = self._error(fault.status, fault.message, fault.code)
        if fault.retry_after is not None:
            response.headers["Retry-After"] = str(fault.retry_after)
        return response

    def _matching_fault(
        self, method: str, conversation_id: str | None, user_ids: Iterable[str], *, arrived: bool = False
    ) -> _Fault | None:
        users = {u.casefold() for u in user_ids if u}
        for fault in self._faults:
            if fault.arrived != arrived:
                continue
            if fault.methods is not None and method not in fault.methods:
                continue
            if fault.conversation_id is not None and (
                conversation_id is None or not _same_thread(conversation_id, fault.conversation_id)
            ):
                continue
            if fault.user_id is not None and fault.user_id.casefold() not in users:
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return fault
        return None

    def _recipient(self, conversation_id: str) -> Member | None:
        """The person on the other end of a 1:1 chat, if this is one."""
        key = thread_key(conversation_id)
        if key in self._personal:
            return self._personal[key]
        roster = self._rosters.get(key, {})
        if key.startswith("a:") and len(roster) == 1:
            return next(iter(roster.values()))
        return None

    def _refusal_for(self, member: Member | None, extra_ids: Iterable[str] = ()) -> _Refusal | None:
        ids = set(member.identifiers()) if member else set()
        ids.update(i.casefold() for i in extra_ids if i)
        for identifier in ids:
            if identifier in self._refusals:
                return self._refusals[identifier]
        return None

    def _unknown_conversation(self, conversation_id: str) -> web.Response | None:
        if not self.strict:
            return None
        key = thread_key(conversation_id)
        if key in self._known_conversations or conversation_id in self._known_conversations:
            return None
        return self._error(404, "Conversation not found.", "ConversationNotFound")

    def _roster(self, conversation_id: str) -> list[Member]:
        key = thread_key(conversation_id)
        key = self._roster_alias.get(key, key)
        if key in self._rosters:
            return list(self._rosters[key].values())
        if key in self._personal:
            return [self._personal[key]]
        return []

    def _record(self, conversation_id: str, activity: JSON, method: str) -> None:
        self.activities.append(RecordedActivity(conversation_id, activity, method))
        RECORDED.append((os.environ.get("PYTEST_CURRENT_TEST", ""), self.activities[-1]))
        for observer in self.observers:
            observer(conversation_id, activity, method)
        if self._changed is not None:
            self._changed.set()

    def _new_activity_id(self, conversation_id: str) -> str:
        activity_id = str(next(self._ids))
        self._issued_activity_ids.add((thread_key(conversation_id), activity_id))
        return activity_id

    def _recipient_ids(self, conversation_id: str) -> list[str]:
        member = self._recipient(conversation_id)
        return sorted(member.identifiers()) if member else []

    # ------------------------------------------------------------------ routes: activities

    async def _send(self, request: web.Request) -> web.Response:
        return await self._post_activity(request, reply_to=None)

    async def _reply(self, request: web.Request) -> web.Response:
        return await self._post_activity(request, reply_to=request.match_info["activityId"])

    async def _post_activity(self, request: web.Request, reply_to: str | None) -> web.Response:
        conversation_id = request.match_info["conversationId"]
        fault = self._take_fault("POST", conversation_id, self._recipient_ids(conversation_id))
        if fault is not None:
            return fault
        body = await self._read_json(request)
        if isinstance(body, web.Response):
            return body
        problem = self._unknown_conversation(conversation_id) or self._check_activity(body)
        if problem is not None:
            return problem
        refusal = self._refusal_for(self._recipient(conversation_id))
        if refusal is not None:
            return self._error(403, refusal.message, refusal.code)
        if thread_key(conversation_id) in self._channels_without_app:
            return self._error(403, "The bot is not part of the conversation roster.", "BotNotInConversationRoster")
        admission = self.limiter.try_acquire([(("send", thread_key(conversation_id)), self.limits.send)])
        if isinstance(admission, Throttled):
            return self._throttled(admission)
        activity = copy.deepcopy(body)
        activity["id"] = self._new_activity_id(conversation_id)
        self._record(conversation_id, activity, "POST")
        lost = self._matching_fault("POST", conversation_id, self._recipient_ids(conversation_id), arrived=True)
        if lost is not None and lost.status == 0:  # the message is in; the answer never comes
            if request.transport is not None:
                request.transport.close()
            raise asyncio.CancelledError()
        if lost is not None:
            return self._error(lost.status, lost.message, lost.code)
        return web.json_response({"id": activity["id"]})

    async def _update(self, request: web.Request) -> web.Response:
        conversation_id = request.match_info["conversationId"]
        activity_id = request.match_info["activityId"]
        fault = self._take_fault("PUT", conversation_id, self._recipient_ids(conversation_id))
        if fault is not None:
            return fault
        body = await self._read_json(request)
        if isinstance(body, web.Response):
            return body
        problem = (
            self._unknown_conversation(conversation_id)
            or self._unknown_activity(conversation_id, activity_id)
            or self._check_activity(body)
        )
        if problem is not None:
            return problem
        refusal = self._refusal_for(self._recipient(conversation_id))
        if refusal is not None:
            return self._error(403, refusal.message, refusal.code)
        admission = self.limiter.try_acquire([(("send", thread_key(conversation_id)), self.limits.send)])
        if isinstance(admission, Throttled):
            return self._throttled(admission)
        activity = copy.deepcopy(body)
        activity["id"] = activity_id
        self._record(conversation_id, activity, "PUT")
        return web.json_response({"id": activity_id})

    async def _delete(self, request: web.Request) -> web.Response:
        conversation_id = request.match_info["conversationId"]
        activity_id = request.match_info["activityId"]
        fault = self._take_fault("DELETE", conversation_id, self._recipient_ids(conversation_id))
        if fault is not None:
            return fault
        problem = self._unknown_conversation(conversation_id) or self._unknown_activity(conversation_id, activity_id)
        if problem is not None:
            return problem
        admission = self.limiter.try_acquire([(("send", thread_key(conversation_id)), self.limits.send)])
        if isinstance(admission, Throttled):
            return self._throttled(admission)
        self._record(conversation_id, {"id": activity_id}, "DELETE")
        self._gone.add((thread_key(conversation_id), activity_id))
        return web.Response(status=200)

    def _unknown_activity(self, conversation_id: str, activity_id: str) -> web.Response | None:
        if (thread_key(conversation_id), activity_id) in self._gone:
            return self._error(404, "Message does not exist in the thread.", "ActivityNotFoundInConversation")
        if not self.strict or (thread_key(conversation_id), activity_id) in self._issued_activity_ids:
            return None
        return self._error(404, "Activity not found.", "ActivityNotFound")

    # ------------------------------------------------------------------ routes: conversations

    async def _create_conversation(self, request: web.Request) -> web.Response:
        body = await self._read_json(request)
        if isinstance(body, web.Response):
            return body
        channel_data = body.get("channelData") if isinstance(body.get("channelData"), dict) else {}
        tenant = channel_data.get("tenant") if isinstance(channel_data.get("tenant"), dict) else {}
        channel = channel_data.get("channel") if isinstance(channel_data.get("channel"), dict) else {}
        channel_id = channel.get("id") if isinstance(channel.get("id"), str) else None
        members = body.get("members") or []
        member_ids = [m.get("id") for m in members if isinstance(m, dict) and isinstance(m.get("id"), str)]
        activity = body.get("activity")

        fault = self._take_fault("POST", channel_id, member_ids)
        if fault is not None:
            return fault
        if not (body.get("tenantId") or tenant.get("id")):
            return self._error(400, "Tenant id is required (channelData.tenant.id).")
        if activity is not None:
            problem = self._check_activity(activity)
            if problem is not None:
                return problem

        if channel_id:
            # A new thread in a channel: the bot's own post, answered with "<channel>;messageid=<id>".
            problem = self._unknown_conversation(channel_id)
            if problem is not None:
                return problem
            if activity is None:
                return self._error(400, "An activity is required to start a conversation in a channel.")
            buckets: list[tuple[Hashable, Sequence[Limit]]] = [
                (("create", channel_id), self.limits.create_conversation),
                (("send", channel_id), self.limits.send),
            ]
            admission = self.limiter.try_acquire(buckets)
            if isinstance(admission, Throttled):
                return self._throttled(admission)
            activity_id = self._new_activity_id(channel_id)
            conversation_id = f"{channel_id}{_THREAD_SEPARATOR}{activity_id}"
            self._known_conversations.add(conversation_id)
            recorded = copy.deepcopy(activity)
            recorded["id"] = activity_id
            self._record(conversation_id, recorded, "POST")
            return web.json_response(
                {"id": conversation_id, "activityId": activity_id, "serviceUrl": self.url}, status=201
            )

        if len(members) != 1 or len(member_ids) != 1:
            return self._error(400, "Exactly one member is required to create a one-on-one conversation.")
        if body.get("isGroup"):
            return self._error(400, "Bots cannot create group chats; set isGroup to false.")
        member = self.find_member(member_ids[0]) or Member(id=member_ids[0], name="", tenant_id=self.tenant_id)
        refusal = self._refusal_for(member, member_ids)
        if refusal is not None and (refusal.on_create or activity is not None):
            return self._error(403, refusal.message, refusal.code)
        conversation_id = self.personal_conversation_id(member.id)
        buckets = [(("create", conversation_id), self.limits.create_conversation)]
        if activity is not None:
            buckets.append((("send", conversation_id), self.limits.send))
        admission = self.limiter.try_acquire(buckets)
        if isinstance(admission, Throttled):
            return self._throttled(admission)
        self._personal[conversation_id] = member
        self._known_conversations.add(conversation_id)
        answer: JSON = {"id": conversation_id, "serviceUrl": self.url}
        if activity is not None:
            recorded = copy.deepcopy(activity)
            recorded["id"] = self._new_activity_id(conversation_id)
            self._record(conversation_id, recorded, "POST")
            answer["activityId"] = recorded["id"]
        return web.json_response(answer, status=201)

    # ------------------------------------------------------------------ routes: members

    async def _team_details(self, request: web.Request) -> web.Response:
        team_id = request.match_info["teamId"]
        fault = self._take_fault("GET", team_id, [])
        if fault is not None:
            return fault
        details = self._teams.get(team_id)
        if details is None:
            return self._error(403, "The bot is not part of the conversation roster.", "BotNotInConversationRoster")
        return web.json_response(details)

    async def _member(self, request: web.Request) -> web.Response:
        conversation_id = request.match_info["conversationId"]
        member_id = request.match_info["memberId"]
        if self.member_lookup_delay > 0:
            await asyncio.sleep(self.member_lookup_delay)
        fault = self._take_fault("GET", conversation_id, [member_id])
        if fault is not None:
            return fault
        problem = self._unknown_conversation(conversation_id)
        if problem is not None:
            return problem
        member = next((m for m in self._roster(conversation_id) if m.matches(member_id)), None)
        if member is None:
            return self._error(
                404, "The specified member was not found in the conversation.", "MemberNotFoundInConversation"
            )
        admission = self.limiter.try_acquire([(("members", thread_key(conversation_id)), self.limits.get_members)])
        if isinstance(admission, Throttled):
            return self._throttled(admission)
        return web.json_response(member.to_json())

    async def _members(self, request: web.Request) -> web.Response:
        conversation_id = request.match_info["conversationId"]
        fault = self._take_fault("GET", conversation_id, [])
        if fault is not None:
            return fault
        problem = self._unknown_conversation(conversation_id)
        if problem is not None:
            return problem
        key = thread_key(conversation_id)
        admission = self.limiter.try_acquire(
            [(("members", key), self.limits.get_members), (("members-unpaged", key), self.limits.get_members_unpaged)]
        )
        if isinstance(admission, Throttled):
            return self._throttled(admission)
        return web.json_response([m.to_json() for m in self._roster(conversation_id)])

    async def _paged_members(self, request: web.Request) -> web.Response:
        conversation_id = request.match_info["conversationId"]
        fault = self._take_fault("GET", conversation_id, [])
        if fault is not None:
            return fault
        problem = self._unknown_conversation(conversation_id)
        if problem is not None:
            return problem
        try:
            raw_size = request.query.get("pageSize")
            page_size = int(raw_size) if raw_size else self.default_page_size
            start = _decode_token(request.query.get("continuationToken"))
        except ValueError:
            return self._error(400, "Invalid pageSize or continuationToken.")
        page_size = min(max(page_size, self.min_page_size), self.max_page_size)
        admission = self.limiter.try_acquire([(("members", thread_key(conversation_id)), self.limits.get_members)])
        if isinstance(admission, Throttled):
            return self._throttled(admission)
        roster = self._roster(conversation_id)
        page = roster[start : start + page_size]
        answer: JSON = {"members": [m.to_json() for m in page]}
        if start + page_size < len(roster):
            answer["continuationToken"] = _encode_token(start + page_size)
        return web.json_response(answer)


def _same_thread(conversation_id: str, wanted: str) -> bool:
    """``wanted`` itself, or (if ``wanted`` is a channel) a reply thread in it."""
    return conversation_id == wanted or conversation_id.startswith(wanted + _THREAD_SEPARATOR)


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _decode_token(token: str | None) -> int:
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("bad continuation token") from exc
    prefix, _, number = text.partition(":")
    if prefix != "offset" or not number.isdigit():
        raise ValueError("bad continuation token")
    return int(number)


__all__ = [
    "ADAPTIVE_CARD_CONTENT_TYPE",
    "BLOCKED_MESSAGE",
    "DEFAULT_TENANT_ID",
    "NOT_INSTALLED_MESSAGE",
    "FakeConnector",
    "ManualClock",
    "Member",
    "RateLimits",
    "RecordedActivity",
    "RequestRecord",
    "Reservation",
    "SlidingWindowLimiter",
    "Throttled",
    "error_body",
    "thread_key",
]
