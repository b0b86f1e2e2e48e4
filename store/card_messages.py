"""The cards the bot sent about a project's update in a cycle (`card_messages`): each message's
activity id kept, so that a newer version can be pushed into it (an edit makes Teams refresh it); edits
claimed, finished or released like the other deliveries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from .cycle_repo import insert_for
from .db import changed
from .models import CardMessage, ConversationRef, Project, StatusUpdate, UpdateCycle

# ------------------------------------------------------------------------------- the cards the bot sent


async def remember(
    session: AsyncSession,
    *,
    ref_id: int,
    activity_id: str,
    project_id: int,
    cycle_id: int,
    person_id: int | None,
    kind: str,
    shown_version: int,
    now: datetime,
) -> None:
    """Keep a sent card's message (once: the same activity in the same chat is one row)."""
    stmt = (
        insert_for(session, CardMessage)
        .values(
            conversation_ref_id=ref_id,
            activity_id=activity_id[:200],
            project_id=project_id,
            cycle_id=cycle_id,
            person_id=person_id,
            kind=kind,
            shown_version=shown_version,
            attempts=0,
            last_error="",
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["conversation_ref_id", "activity_id"])
    )
    await session.execute(stmt)


async def remember_in_chat(
    session: AsyncSession,
    *,
    conversation_id: str,
    user_id: str,
    activity_id: str,
    project_ref: str,
    cycle_key: str,
    kind: str,
    shown_version: int,
    now: datetime,
) -> bool:
    """Keep a card sent in reply to someone, found by the chat's stored reference; False if none matches."""
    ref = (
        await session.execute(
            select(ConversationRef.id, ConversationRef.person_id).where(
                ConversationRef.conversation_id == conversation_id, ConversationRef.user_id == user_id
            )
        )
    ).first()
    found = (
        await session.execute(
            select(Project.id, UpdateCycle.id)
            .join(UpdateCycle, UpdateCycle.period_key == cycle_key)
            .where(func.upper(Project.ref) == project_ref.strip().upper())
        )
    ).first()
    if ref is None or found is None:
        return False
    await remember(
        session,
        ref_id=ref.id,
        activity_id=activity_id,
        project_id=found[0],
        cycle_id=found[1],
        person_id=ref.person_id,
        kind=kind,
        shown_version=shown_version,
        now=now,
    )
    return True


async def ref_id_of(session: AsyncSession, conversation_id: str, user_id: str) -> int | None:
    return (
        await session.execute(
            select(ConversationRef.id).where(
                ConversationRef.conversation_id == conversation_id, ConversationRef.user_id == user_id
            )
        )
    ).scalar_one_or_none()


async def shown_in_place(
    session: AsyncSession, *, conversation_id: str, user_id: str, activity_id: str, version: int, now: datetime
) -> int:
    """The message someone clicked already shows `version` (the bot answered the click with it)."""
    ref_ids = (
        select(ConversationRef.id)
        .where(ConversationRef.conversation_id == conversation_id, ConversationRef.user_id == user_id)
        .scalar_subquery()
    )
    result = await session.execute(
        update(CardMessage)
        .where(
            CardMessage.conversation_ref_id == ref_ids,
            CardMessage.activity_id == activity_id[:200],
            CardMessage.shown_version < version,
        )
        .values(shown_version=version, updated_at=now)
    )
    return changed(result) or 0


def _newest_version() -> Any:
    newest = aliased(StatusUpdate)
    return (
        select(func.max(newest.version))
        .where(newest.project_id == CardMessage.project_id, newest.cycle_id == CardMessage.cycle_id)
        .scalar_subquery()
    )


def _closed_unshown() -> Any:
    """The message's cycle has closed and the message does not say so yet."""
    closed = select(UpdateCycle.id).where(UpdateCycle.status == "closed")
    return and_(CardMessage.closed_shown_at.is_(None), CardMessage.cycle_id.in_(closed))


async def claim_stale(
    session: AsyncSession,
    now: datetime,
    *,
    limit: int,
    max_attempts: int,
    abandoned_after: timedelta,
    closed: bool = False,
    skip: frozenset[int] = frozenset(),
) -> list[int]:
    """Card messages showing an older version than the newest one (and, with `closed`, those whose cycle
    has closed since they were sent or last edited), marked as being edited by this caller.

    A claim is a compare-and-set (and `FOR UPDATE SKIP LOCKED` on PostgreSQL), so two replicas or two
    saves in a row never edit the same message at once; one left claimed by a dead process is taken
    again after `abandoned_after`. `skip`: messages this caller already tried (a failed edit waits for a
    later pass rather than being tried again at once)."""
    free = or_(CardMessage.claimed_at.is_(None), CardMessage.claimed_at < now - abandoned_after)
    stale = CardMessage.shown_version < _newest_version()
    q = (
        select(CardMessage.id)
        .where(
            or_(stale, _closed_unshown()) if closed else stale,
            CardMessage.attempts < max_attempts,
            free,
            CardMessage.id.not_in(sorted(skip)) if skip else true(),
        )
        .order_by(CardMessage.id)
        .limit(limit)
    )
    if session.bind.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True, of=CardMessage)
    ids = list((await session.execute(q)).scalars())
    if not ids:
        return []
    claimed = await session.execute(
        update(CardMessage).where(CardMessage.id.in_(ids), free).values(claimed_at=now).returning(CardMessage.id)
    )
    return sorted(claimed.scalars())


async def to_edit(session: AsyncSession, ids: list[int]) -> list[dict[str, Any]]:
    """Each claimed message with where it is, its project and cycle, and the newest version now (None
    when nothing was submitted: a closed cycle's prompt)."""
    if not ids:
        return []
    newest = aliased(StatusUpdate)
    rows = (
        await session.execute(
            select(CardMessage, ConversationRef, Project, UpdateCycle, newest)
            .join(ConversationRef, ConversationRef.id == CardMessage.conversation_ref_id)
            .join(Project, Project.id == CardMessage.project_id)
            .join(UpdateCycle, UpdateCycle.id == CardMessage.cycle_id)
            .outerjoin(
                newest,
                and_(
                    newest.project_id == CardMessage.project_id,
                    newest.cycle_id == CardMessage.cycle_id,
                    newest.version == _newest_version(),
                ),
            )
            .where(CardMessage.id.in_(ids))
            .order_by(CardMessage.id)
        )
    ).all()
    return [{"message": m, "ref": r, "project": p, "cycle": c, "update": u} for m, r, p, c, u in rows]


async def edited(session: AsyncSession, message_id: int, version: int, now: datetime, *, closed: bool = False) -> None:
    """The message now shows `version` (0: none) and, with `closed`, that its cycle has closed."""
    values: dict[str, Any] = dict(
        shown_version=case((CardMessage.shown_version > version, CardMessage.shown_version), else_=literal(version)),
        attempts=0,
        last_error="",
        claimed_at=None,
        updated_at=now,
    )
    if closed:
        values["closed_shown_at"] = now
    await session.execute(update(CardMessage).where(CardMessage.id == message_id).values(**values))


async def edit_failed(
    session: AsyncSession, message_id: int, reason: str, *, give_up: bool, max_attempts: int, now: datetime
) -> None:
    """A failed edit is tried again on a later pass, a few times; one Teams refused outright is not."""
    attempts = literal(max_attempts) if give_up else CardMessage.attempts + 1
    await session.execute(
        update(CardMessage)
        .where(CardMessage.id == message_id)
        .values(attempts=attempts, last_error=reason[:500], claimed_at=None, updated_at=now)
    )


async def release(session: AsyncSession, ids: list[int]) -> None:
    """Claims given back unused (the message had nothing newer to show after all)."""
    if ids:
        await session.execute(update(CardMessage).where(CardMessage.id.in_(ids)).values(claimed_at=None))


async def messages_of(session: AsyncSession, project_id: int, cycle_id: int) -> list[CardMessage]:
    rows = await session.execute(
        select(CardMessage)
        .where(CardMessage.project_id == project_id, CardMessage.cycle_id == cycle_id)
        .order_by(CardMessage.id)
    )
    return list(rows.scalars())
