"""Posting an approved DLG digest at most once, and recovering one a crash interrupted (the life of a
digest row is drawn in services/digest/__init__.py, which re-exports these).

One attempt's time limits are read from the package (`digest.SEND_BUDGET_SHARE`, `digest.TRY_SECONDS`)
at each attempt, so whoever tunes them there (a test with a lease of seconds) is heard here."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from infra import metrics
from programme import alerts as alert_rules
from programme.posting import (
    Ambiguous,
    CannotCheck,
    PostError,
    Rejected,
    Retryable,
    RetryPolicy,
    SignInExpired,
    Transport,
)
from services import agenda, agenda_reply, digest
from services.context import AppContext
from store import audit, digest_repo, graph_signin_repo

from .render import fit
from .view import DigestView, Notifier, TransportSource, alert_admins, config, snapshot

log = logging.getLogger("dfbot.digest")

# ---------------------------------------------------------------------------------------------
# Posting
# ---------------------------------------------------------------------------------------------


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
        deadline = asyncio.get_running_loop().time() + cfg.sending_lease_minutes * 60 * digest.SEND_BUDGET_SHARE
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
            if remaining <= 0 or (tries > 1 and remaining < digest.TRY_SECONDS):
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
