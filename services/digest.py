"""The DLG digest: composed once per cycle, approved by an admin (or not, by setting), posted once.

Life of a digest row (one per period, `period_key` unique):

    draft ──approve──▶ approved ──claim──▶ sending ──▶ posted
      ▲  (intro, preview)   ▲                 │
      │                     └── retry later ──┤ (429 / 5xx exhausted, Retry-After too long)
      │                                       ├──▶ failed       (rejected, sign-in gone, too many attempts)
      │                                       └──▶ needs_admin  (may or may not have arrived)

At most once: the claim is a compare-and-set UPDATE committed *before* the post, so two replicas
never both post; a row left 'sending' by a crash is looked for in the channel (Graph, outbox) and
either marked posted or posted again only once it is known not to be there — a transport that
cannot look (the Bot Connector) hands it to an admin instead of guessing.

A post that is merely slow must not look crashed: one attempt (every try, every wait between tries,
every token fetch inside a send) is bounded to half the sending lease, so it has ended before anyone
may take the row over, and before each try it checks the row is still its own (claimed at the same
moment, still 'sending'). A stalled attempt that wakes up after another replica took over posts nothing.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import quote

from cards.digest import admin_preview_card, digest_card
from cards.digest_html import digest_document, digest_html
from dfbot import metrics
from programme import alerts as alert_rules
from programme.digest import MIN_ITEM_BYTES, TRIM_LEVELS, compose, item_count, revision, summary_line, trim, with_intro
from programme.posting import (
    Ambiguous,
    CannotCheck,
    DigestMessage,
    PostError,
    Rejected,
    Retryable,
    RetryPolicy,
    SignInExpired,
    Transport,
)
from services import agenda, agenda_reply
from services.context import AppContext
from store import ask_repo, audit, digest_repo, graph_signin_repo
from store.db import Session
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
# Composing and drafting
# ---------------------------------------------------------------------------------------------


async def build_content(
    ctx: AppContext, period_key: str, *, intro: str = "", trend_cycles: int = 6
) -> dict[str, Any] | None:
    """The digest for one cycle as plain data, or None when there is no such cycle."""
    full, sensitive = links(ctx.settings.public_base_url, period_key)
    async with ctx.db.unit_of_work() as s:  # asks of updates that came without a card (an import) are raised first
        cycle = await _cycle_id(s, period_key)
        if cycle is not None:
            await ask_repo.raise_from_cycle(s, cycle, actor="digest")
    async with ctx.db.unit_of_work() as s:
        facts = await digest_repo.digest_facts(
            s,
            period_key,
            now=ctx.now(),
            tz=ctx.settings.timezone,
            trend_cycles=trend_cycles,
            full_url=full,
            sensitive_url=sensitive,
            intro=intro,
        )
    return compose(facts) if facts is not None else None


async def latest_period(ctx: AppContext) -> str | None:
    async with ctx.db.unit_of_work() as s:
        return await digest_repo.latest_cycle_key(s, ctx.now())


async def get(ctx: AppContext, period_key: str) -> DigestView | None:
    async with ctx.db.unit_of_work() as s:
        row = await digest_repo.get(s, period_key)
        return snapshot(row) if row else None


async def ensure_draft(
    ctx: AppContext,
    period_key: str,
    *,
    refresh: bool = False,
    cfg: DigestConfig | None = None,
    actor: str = "scheduler",
) -> DigestView | None:
    """The period's digest row, created when missing; a draft is recomposed when `refresh` is asked
    (late updates arrive until an admin approves). Approved or posted digests never change."""
    cfg = cfg or await config(ctx)
    existing = await get(ctx, period_key)
    if existing is not None and not (refresh and existing.status == "draft"):
        return existing
    content = await build_content(
        ctx, period_key, intro=existing.intro if existing else "", trend_cycles=cfg.trend_cycles
    )
    if content is None:
        return existing
    now = ctx.now()
    async with ctx.db.unit_of_work() as s:
        if existing is None:
            status = "draft"  # approved by an admin, or by the scheduler once due when approval is off
            created = await digest_repo.create(
                s,
                period_key=period_key,
                cycle_id=await _cycle_id(s, period_key),
                content=content,
                transport=ctx.settings.digest_transport,
                marker=uuid.uuid4().hex,
                status=status,
                now=now,
            )
            if created:
                audit.record(
                    s, actor=actor, action="compose", entity="digest", key=period_key, after={"status": status}
                )
        else:
            await digest_repo.transition(s, existing.id, from_status="draft", content=content)
    return await get(ctx, period_key)


async def _cycle_id(session: Session, period_key: str) -> int | None:
    cycles = await digest_repo.recent_cycles(session, period_key, 1)
    return cycles[0].id if cycles else None


# ---------------------------------------------------------------------------------------------
# Admin decisions
# ---------------------------------------------------------------------------------------------


STALE = (
    "The digest changed since that preview (new updates, or a new introduction). Here is the latest version: "
    "approve it again."
)


@dataclass(frozen=True)
class Decision:
    outcome: str  # approved / stale / unchanged / missing / refused / marked_posted / intro_saved
    view: DigestView | None = None
    message: str = ""


async def approve(
    ctx: AppContext, period_key: str, *, actor: str, seen_revision: str | None = None, force: bool = False
) -> Decision:
    """draft (or failed) → approved. `seen_revision` is the revision the admin's preview showed (a card
    always says; None only for the typed command, which approves what it reads here): a digest whose
    content is not that revision, even when it changes between this read and the write, is not approved.
    `force` re-posts one left 'needs_admin' once the admin has checked."""
    view = await get(ctx, period_key)
    if view is None:
        return Decision("missing", None, f"There is no digest for {period_key} yet.")
    if seen_revision is not None and seen_revision != view.revision:
        return Decision("stale", view, STALE)
    allowed = ("draft", "failed") + (("needs_admin",) if force else ())
    if view.status not in allowed:
        return Decision("unchanged", view, _status_sentence(view))
    now = ctx.now()
    async with ctx.db.unit_of_work() as s:
        # The revision is checked again in the compare-and-set itself: a draft recomposed between the
        # read above and this write is not approved unseen.
        outcome = await digest_repo.approve(
            s,
            view.id,
            from_status=allowed,
            seen_revision=view.revision if seen_revision is None else seen_revision,
            approved_by=actor[:200],
            approved_at=now,
            next_attempt_at=None,
            last_error="",
        )
        if outcome == "approved":
            audit.record(
                s,
                actor=actor,
                action="approve",
                entity="digest",
                key=period_key,
                before={"status": view.status},
                after={"status": "approved"},
            )
    if outcome == "stale":
        return Decision("stale", await get(ctx, period_key), STALE)
    return Decision("approved" if outcome == "approved" else "unchanged", await get(ctx, period_key))


async def set_intro(ctx: AppContext, period_key: str, intro: str, *, actor: str) -> Decision:
    view = await get(ctx, period_key)
    if view is None:
        return Decision("missing", None, f"There is no digest for {period_key} yet.")
    intro = (intro or "").strip()[:1000]
    async with ctx.db.unit_of_work() as s:
        won = await digest_repo.transition(
            s, view.id, from_status="draft", intro=intro, content=with_intro(view.content, intro)
        )
        if won:
            audit.record(s, actor=actor, action="edit_intro", entity="digest", key=period_key, after={"intro": intro})
    return Decision(
        "intro_saved" if won else "unchanged",
        await get(ctx, period_key),
        "" if won else "The digest is no longer a draft, so its introduction cannot change.",
    )


async def mark_posted_by_admin(ctx: AppContext, period_key: str, *, actor: str) -> Decision:
    """An admin looked at the channel after an interrupted post and saw it arrived."""
    view = await get(ctx, period_key)
    if view is None:
        return Decision("missing", None, f"There is no digest for {period_key} yet.")
    async with ctx.db.unit_of_work() as s:
        won = await digest_repo.transition(
            s,
            view.id,
            from_status="needs_admin",
            status="posted",
            posted_at=ctx.now(),
            last_error=f"confirmed in the channel by {actor}"[:500],
        )
        if won:
            audit.record(s, actor=actor, action="confirm_posted", entity="digest", key=period_key)
    return Decision("marked_posted" if won else "unchanged", await get(ctx, period_key))


def _status_sentence(view: DigestView) -> str:
    return {
        "approved": f"The digest for {view.period_key} is already approved and will be posted shortly.",
        "sending": f"The digest for {view.period_key} is being posted now.",
        "posted": f"The digest for {view.period_key} has already been posted.",
        "needs_admin": f"The digest for {view.period_key} was interrupted while posting: check the DLG channel first.",
    }.get(view.status, f"The digest for {view.period_key} is {view.status}.")


def preview_card(view: DigestView, note: str = "", content: dict[str, Any] | None = None) -> dict[str, Any]:
    """The admin's preview; `content` is the digest with its asks as they stand now (see below)."""
    return admin_preview_card(
        content if content is not None else view.content,
        period_key=view.period_key,
        revision=view.revision,
        status=view.status,
        marker=view.marker,
        note=note or view.last_error,
    )


async def live_preview_card(ctx: AppContext, period_key: str, note: str = "") -> dict[str, Any] | None:
    """The preview after a decision was recorded on it: a draft is composed again (a decided ask leaves
    the agenda for "Decided since the last meeting"); an approved or posted digest shows its asks now."""
    view = await get(ctx, period_key)
    if view is not None and view.status == "draft":
        view = await ensure_draft(ctx, period_key, refresh=True, actor="decision")
    if view is None:
        return None
    async with ctx.db.unit_of_work() as s:
        content = await agenda.live(s, view.content, tz=ctx.settings.timezone, now=ctx.now())
    return preview_card(view, note, content)


# ---------------------------------------------------------------------------------------------
# Rendering within a transport's size
# ---------------------------------------------------------------------------------------------


def render(
    view: DigestView,
    content: dict[str, Any] | None = None,
    *,
    document: bool = True,
    refresh: dict[str, Any] | None = None,
    offer: bool = False,
) -> DigestMessage:
    """Card and HTML body of `content` (default: the whole digest); the standalone page is always
    the whole digest, whatever the message had to leave out. The card is the members' view; `refresh`
    (the bot's own post) lets the DLG's clients ask for theirs, and `offer` (the bot's own post too) adds
    "Record decisions" for clients that do not refresh (services/agenda.py)."""
    c = content if content is not None else view.content
    return DigestMessage(
        period_key=view.period_key,
        card=digest_card(c, marker=view.marker, refresh=refresh, offer=offer),
        html=digest_html(c, marker=view.marker),
        marker=view.marker,
        summary=summary_line(c),
        document=digest_document(view.content, marker=view.marker) if document else "",
    )


def fit(
    view: DigestView,
    transport: Transport,
    *,
    content: dict[str, Any] | None = None,
    refresh: dict[str, Any] | None = None,
    shorter_than: DigestMessage | None = None,
) -> DigestMessage:
    """The fullest digest that fits the transport; shortened lists link to the full view. `content`:
    the digest with its asks as they stand now (default: as composed).

    `shorter_than`: a message the service refused as too large (413) although it was within the
    estimate: the next shorter form is wanted, whatever the estimate says."""
    whole = content if content is not None else view.content
    limit = transport.limit_bytes
    if shorter_than is not None:
        limit = min(limit, transport.size(shorter_than) - 1)
    for level in range(len(TRIM_LEVELS)):
        content = trim(whole, level)
        last = level == len(TRIM_LEVELS) - 1
        if not last and item_count(content) * MIN_ITEM_BYTES > limit:
            continue  # too many lines to fit: not worth rendering
        message = render(view, content, document=False, refresh=refresh, offer=transport.name == "bot")
        if transport.size(message) <= limit:
            return replace(message, document=digest_document(view.content, marker=view.marker))
    raise Rejected(f"The digest does not fit a {transport.name} message even when shortened.", status=413)


# ---------------------------------------------------------------------------------------------
# Posting
# ---------------------------------------------------------------------------------------------


SEND_BUDGET_SHARE = 0.5  # of the sending lease: one attempt's limit, so it ends before a takeover
TRY_SECONDS = 60.0  # the longest one try can take (a token fetch and the call, each bounded): a later
# try starts only if that much of the attempt's time is left


class Superseded(Exception):
    """The row is no longer this attempt's to post (another replica took it over, or it finished)."""


@dataclass
class PostOutcome:
    period_key: str
    status: str  # posted / retry_later / failed / needs_admin / not_claimed
    message_id: str | None = None
    transport: str = ""
    detail: str = ""
    tries: int = 0


@dataclass
class Poster:
    """Posts approved digests, at most once each, and recovers interrupted ones."""

    ctx: AppContext
    transports: TransportSource
    notifier: Notifier | None = None
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep

    async def post(self, digest_id: int) -> PostOutcome:
        now = self.ctx.now()
        async with self.ctx.db.unit_of_work() as s:
            claimed = await digest_repo.claim_for_sending(s, digest_id, now)
            row = await digest_repo.get_by_id(s, digest_id)
            view = snapshot(row) if row else None
        if not claimed or view is None:
            return PostOutcome(view.period_key if view else "?", "not_claimed")
        return await self._send_claimed(view)

    async def post_ready(self) -> list[PostOutcome]:
        async with self.ctx.db.unit_of_work() as s:
            ids = await digest_repo.ready_to_post(s, self.ctx.now())
        return [await self.post(i) for i in ids]

    async def _send_claimed(self, view: DigestView) -> PostOutcome:
        outcome = PostOutcome(view.period_key, "posted", transport=view.transport)
        cfg = await config(self.ctx)
        deadline = asyncio.get_running_loop().time() + cfg.sending_lease_minutes * 60 * SEND_BUDGET_SHARE
        try:
            outcome.message_id = await self._deliver(view, view.transport, outcome, deadline)
        except Superseded:
            log.warning("digest %s: another replica took the post over; this attempt stops", view.period_key)
            outcome.status = "superseded"
            return outcome
        except SignInExpired as exc:
            await self._sign_in_expired(view, str(exc))
            if not cfg.fallback_to_bot or view.transport == "bot":
                return await self._finish(
                    view, outcome, "failed", f"{exc} — an admin must sign in again, then approve it again."
                )
            outcome.transport = "bot"
            try:
                outcome.message_id = await self._deliver(view, "bot", outcome, deadline)
            except Superseded:
                outcome.status = "superseded"
                return outcome
            except PostError as exc2:
                return await self._failed(view, outcome, exc2)
        except PostError as exc:
            return await self._failed(view, outcome, exc)
        except Exception as exc:  # a bug or an unknown failure after the claim: do not guess
            log.exception("posting digest %s failed unexpectedly", view.period_key)
            return await self._finish(view, outcome, "needs_admin", f"unexpected error: {type(exc).__name__}")
        return await self._finish(view, outcome, "posted", "")

    async def _deliver(self, view: DigestView, transport_name: str, outcome: PostOutcome, deadline: float) -> str:
        """Bounded tries: Retry-After honoured, jittered backoff, and a look before re-posting after
        an answer that never came; all of it within `deadline` (the loop's clock), and each try only
        while the row is still this attempt's."""
        transport = self.transports.get(transport_name)
        content, refresh = await agenda.posting_content(self.ctx, view.content, view.period_key, transport.name)
        message = fit(view, transport, content=content, refresh=refresh)
        loop = asyncio.get_running_loop()
        tries = 0
        while True:
            tries += 1
            outcome.tries += 1
            await self._still_ours(view)
            remaining = deadline - loop.time()
            if remaining <= 0 or (tries > 1 and remaining < TRY_SECONDS):
                raise Retryable("no time left in this attempt for another try (nothing more was sent)")
            try:
                return await asyncio.wait_for(transport.send(message), remaining)
            except TimeoutError:
                error: PostError = Ambiguous(
                    f"no answer within {remaining:.0f} s, the most one attempt may take: "
                    "the message may or may not have arrived"
                )
            except Rejected as exc:
                if exc.status != 413:
                    raise
                # Too large for the service after all (refused before anything was posted, so nothing
                # can be doubled): the next shorter form, its lists linking to the full view.
                log.info("digest %s: too large for %s (%s); shortening it", view.period_key, transport.name, exc)
                message = fit(view, transport, content=content, refresh=refresh, shorter_than=message)
                continue
            except Retryable as exc:
                error = exc
            except Ambiguous as exc:
                error = exc
            if isinstance(error, Retryable):
                wait = self.policy.wait(tries, error.retry_after)
                metrics.count_retry(
                    "graph" if transport_name == "graph" else "teams",
                    throttled=1 if error.status == 429 else 0,
                    retries=1 if wait is not None else 0,
                )
                if wait is None:
                    raise error
                log.info("digest %s: %s; trying again in %.1fs", view.period_key, error, wait)
            else:
                if not transport.can_find:
                    raise error
                found = await self._look(transport, view, deadline - loop.time())
                if found:
                    return found
                wait = self.policy.wait(tries, None)
                if wait is None:
                    raise error
            if wait >= deadline - loop.time():
                raise error  # the next try would not fit in this attempt: a later tick takes it
            await self.sleep(wait)

    async def _still_ours(self, view: DigestView) -> None:
        async with self.ctx.db.unit_of_work() as s:
            if not await digest_repo.still_sending(s, view.id, view.sending_at):
                raise Superseded(view.period_key)

    async def _look(self, transport: Transport, view: DigestView, within: float) -> str | None:
        try:
            return await asyncio.wait_for(transport.find(view.marker), max(within, 1.0))
        except TimeoutError:
            raise Ambiguous("could not check the channel after an unanswered post: no answer in time") from None
        except PostError as exc:
            raise Ambiguous(f"could not check the channel after an unanswered post: {exc}") from exc

    async def _failed(self, view: DigestView, outcome: PostOutcome, exc: PostError) -> PostOutcome:
        if isinstance(exc, Retryable):
            return await self._retry_later(view, outcome, exc)
        if isinstance(exc, (Ambiguous, CannotCheck)):
            return await self._finish(view, outcome, "needs_admin", str(exc))
        return await self._finish(view, outcome, "failed", str(exc))

    async def _retry_later(self, view: DigestView, outcome: PostOutcome, exc: Retryable) -> PostOutcome:
        attempts = view.attempts
        if attempts >= self.policy.max_attempts:
            return await self._finish(view, outcome, "failed", f"gave up after {attempts} attempts: {exc}")
        later = self.ctx.now() + timedelta(seconds=self.policy.next_attempt_in(attempts, exc.retry_after))
        async with self.ctx.db.unit_of_work() as s:
            await digest_repo.transition(
                s,
                view.id,
                from_status="sending",
                claimed_at=view.sending_at,
                status="approved",
                next_attempt_at=later,
                last_error=str(exc)[:500],
            )
        outcome.status, outcome.detail = "retry_later", str(exc)
        return outcome

    async def _finish(self, view: DigestView, outcome: PostOutcome, status: str, detail: str) -> PostOutcome:
        values: dict[str, Any] = {
            "status": status,
            "last_error": detail[:500],
            "transport": outcome.transport or view.transport,
        }
        if status == "posted":
            values.update(message_id=outcome.message_id, posted_at=self.ctx.now(), next_attempt_at=None)
        async with self.ctx.db.unit_of_work() as s:
            if not await digest_repo.transition(
                s, view.id, from_status="sending", claimed_at=view.sending_at, **values
            ):
                outcome.status, outcome.detail = "superseded", "another replica took the post over"
                return outcome
            audit.record(
                s,
                actor="digest",
                action=status,
                entity="digest",
                key=view.period_key,
                after={"transport": values["transport"], "message_id": outcome.message_id, "detail": detail[:200]},
            )
        outcome.status, outcome.detail = status, detail
        if status == "posted":
            await self._agenda_after_posting(view, values["transport"], outcome.message_id)
        if status in ("failed", "needs_admin"):
            await alert_admins(
                self.ctx,
                self.notifier,
                key=f"digest:{view.period_key}:{status}:{view.attempts}",
                kind=f"digest_{status}",
                message=_admin_message(view, status, detail),
            )
        return outcome

    async def _agenda_after_posting(self, view: DigestView, transport: str, message_id: str | None) -> None:
        """The DLG's card: with Graph the bot replies in the digest's thread with the agenda now (and the
        scheduler retries); a failure there never makes the digest itself unposted."""
        try:
            await agenda.after_posted(self.ctx, view.id, transport, message_id)
            if transport == "graph" and self.ctx.messenger is not None:
                await agenda_reply.reply_in_threads(self.ctx, reader=self.transports.graph())
        except Exception:
            log.exception("the digest %s was posted; its agenda card was not set up", view.period_key)

    async def _sign_in_expired(self, view: DigestView, reason: str) -> None:
        now = self.ctx.now()
        async with self.ctx.db.unit_of_work() as s:
            await graph_signin_repo.mark_expired(s, reason, now)
            row = await graph_signin_repo.get(s)
            stamp = row.updated_at if row is not None else None
        # The same key the periodic sign-in check uses (programme/alerts.py), so admins hear it once.
        notice = alert_rules.graph_sign_in("expired", stamp, now)
        assert notice is not None  # an expired sign-in always has its notice
        await alert_admins(
            self.ctx,
            self.notifier,
            key=notice.key if stamp else f"graph-sign-in-expired:digest:{view.period_key}",
            kind=notice.kind,
            message=(
                "The Microsoft Graph sign-in that posts the DLG digest has expired or been revoked "
                f"({reason[:200]}). An admin should type **graph sign in** in a 1:1 chat with me to sign "
                "in again. "
                + (
                    "Until then the bot posts the digest itself."
                    if (await config(self.ctx)).fallback_to_bot
                    else "Until then digests are not posted."
                )
            ),
        )

    # -- interrupted posts ----------------------------------------------------------------------

    async def recover(self) -> list[PostOutcome]:
        """Rows left 'sending' by a crash: found in the channel → posted; known absent → approved
        again (posted by the normal path); cannot tell → an admin decides."""
        cfg = await config(self.ctx)
        now = self.ctx.now()
        async with self.ctx.db.unit_of_work() as s:
            stale = await digest_repo.stale_sending(s, now - timedelta(minutes=cfg.sending_lease_minutes))
        return [
            o for digest_id, sending_at in stale if (o := await self._recover_one(digest_id, sending_at)) is not None
        ]

    async def _recover_one(self, digest_id: int, sending_at: datetime) -> PostOutcome | None:
        async with self.ctx.db.unit_of_work() as s:
            if not await digest_repo.reclaim_stale(s, digest_id, sending_at, self.ctx.now()):
                return None  # another replica took it
            row = await digest_repo.get_by_id(s, digest_id)
            assert row is not None, digest_id  # reclaimed just now, in this unit of work
            view = snapshot(row)
        outcome = PostOutcome(view.period_key, "needs_admin", transport=view.transport)
        try:
            transport = self.transports.get(view.transport)
        except PostError as exc:
            return await self._finish(view, outcome, "needs_admin", f"interrupted while posting; {exc}")
        if not transport.can_find:
            return await self._finish(
                view,
                outcome,
                "needs_admin",
                "The bot stopped while posting this digest and cannot check the channel itself.",
            )
        try:
            found = await transport.find(view.marker)
        except PostError as exc:
            return await self._finish(
                view, outcome, "needs_admin", f"interrupted while posting; the channel could not be checked: {exc}"
            )
        if found:
            outcome.message_id = found
            return await self._finish(view, outcome, "posted", "found in the channel after an interrupted post")
        async with self.ctx.db.unit_of_work() as s:
            await digest_repo.transition(
                s,
                view.id,
                from_status="sending",
                status="approved",
                next_attempt_at=None,
                last_error="interrupted before it reached the channel; posting again",
            )
        outcome.status = "requeued"
        return outcome


def _admin_message(view: DigestView, status: str, detail: str) -> str:
    if status == "needs_admin":
        return (
            f"The DLG digest for {view.period_key} may or may not have reached the channel ({detail[:200]}). "
            f"Please look at the DLG channel for a message with reference {view.marker}, then type "
            f'**digest preview** and choose "It was posted" or "Post it again".'
        )
    return (
        f"The DLG digest for {view.period_key} could not be posted: {detail[:300]} "
        "Fix the cause, then type **approve digest** to try again."
    )


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


# ---------------------------------------------------------------------------------------------
# The scheduler's part
# ---------------------------------------------------------------------------------------------


async def tick(ctx: AppContext, poster: Poster) -> dict[str, Any]:
    """One scheduler pass: compose due digests, remind approvers, recover, post. (Alerts that could
    not be delivered at once go out with the scheduler's alert delivery, services/admin_notices.py.)"""
    cfg = await config(ctx)
    now = ctx.now()
    report: dict[str, Any] = {"composed": [], "reminded": [], "recovered": [], "posted": []}
    async with ctx.db.unit_of_work() as s:
        due = await digest_repo.cycles_due_for_digest(s, now, timedelta(hours=cfg.grace_hours))
    for cycle in due:
        if await _compose_due(ctx, poster, cycle.period_key, cfg):
            report["composed"].append(cycle.period_key)
    report["reminded"] = await _remind(ctx, poster.notifier, cfg)
    report["recovered"] = [o.status for o in await poster.recover()]
    report["posted"] = [o.status for o in await poster.post_ready()]
    return report


def _ready_key(period_key: str) -> str:
    return f"digest:{period_key}:ready"


async def _compose_due(ctx: AppContext, poster: Poster, period_key: str, cfg: DigestConfig) -> bool:
    """The cycle is due: compose its digest with every update in (once), then either approve it
    (approval off) or tell admins it is ready, with the preview and its buttons."""
    view = await get(ctx, period_key)
    if view is not None and view.status != "draft":
        return False
    if view is not None and cfg.approval_required:
        async with ctx.db.unit_of_work() as s:
            if await digest_repo.alert_raised_at(s, _ready_key(period_key)) is not None:
                return False  # composed and announced already: waiting for an admin
    view = await ensure_draft(ctx, period_key, refresh=True, cfg=cfg)  # creates it, or brings a draft up to date
    if view is None:
        return False
    if not cfg.approval_required:
        await approve(ctx, period_key, actor="automatic (approval is off)")
        return True
    await alert_admins(
        ctx,
        poster.notifier,
        key=_ready_key(period_key),
        kind="digest_ready",
        message=f"The DLG digest for {period_key} is ready. Preview it and approve it to post it.",
        card=preview_card(view),
    )
    return True


async def _remind(ctx: AppContext, notifier: Notifier | None, cfg: DigestConfig) -> list[str]:
    """One reminder per draft nobody approved within `remind_after_hours` of being announced."""
    now = ctx.now()
    waiting = []
    async with ctx.db.unit_of_work() as s:
        for d in await digest_repo.drafts(s):
            announced = await digest_repo.alert_raised_at(s, _ready_key(d.period_key))
            if (
                d.reminded_at is None
                and announced is not None
                and announced <= now - timedelta(hours=cfg.remind_after_hours)
            ):
                waiting.append(snapshot(d))
    reminded = []
    for view in waiting:
        async with ctx.db.unit_of_work() as s:
            if not await digest_repo.transition(s, view.id, from_status="draft", reminded_at=now):
                continue
        await alert_admins(
            ctx,
            notifier,
            key=f"digest:{view.period_key}:reminder",
            kind="digest_reminder",
            message=f"Reminder: the DLG digest for {view.period_key} is still waiting for approval.",
            card=preview_card(view),
        )
        reminded.append(view.period_key)
    return reminded


async def send_now(ctx: AppContext, poster: Poster, period_key: str, *, actor: str, force: bool = False) -> PostOutcome:
    """`dfbot digest post`: compose (or bring a draft up to date), approve, and post at once (not
    waiting for a retry time)."""
    view = await ensure_draft(ctx, period_key, refresh=True, actor=actor)
    if view is None:
        return PostOutcome(period_key, "missing", detail=f"There is no update cycle {period_key}.")
    if view.status in ("draft", "failed") or (force and view.status == "needs_admin"):
        await approve(ctx, period_key, actor=actor, force=force)
    view = await get(ctx, period_key)
    if view is None:  # drafted a moment ago: only a concurrent erasure of the cycle could take it
        return PostOutcome(period_key, "missing", detail=f"There is no update cycle {period_key}.")
    if view.status != "approved":
        status = "already_posted" if view.status == "posted" else view.status
        return PostOutcome(period_key, status, view.message_id, view.transport, _status_sentence(view))
    async with ctx.db.unit_of_work() as s:
        await digest_repo.transition(s, view.id, from_status="approved", next_attempt_at=None)
    return await poster.post(view.id)
