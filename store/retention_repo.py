"""Deleting what is past retention. Each rule is one DELETE; the caller owns the unit of work.

Why one function per rule: each is quoted in docs/data-protection.md, so each must be readable on
its own. Counts come back so the purge can log and audit how much went, never what it was.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, exists, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from programme.retention import Cutoffs

from .db import changed
from .models import (
    Ask,
    AuditEntry,
    CardMessage,
    ConversationRef,
    ConversationState,
    DecisionNotice,
    Digest,
    Person,
    ProcessedActivity,
    ProjectRole,
    PromptDelivery,
    StaffRole,
    StatusUpdate,
    UpdateCycle,
)
from .personal_data import people_referrers


async def _count(session: AsyncSession, statement) -> int:
    result = await session.execute(statement.execution_options(synchronize_session=False))
    return max(changed(result) or 0, 0)


async def processed_activities(session: AsyncSession, before: datetime) -> int:
    """Activity ids are kept only long enough to refuse a redelivered activity."""
    return await _count(session, delete(ProcessedActivity).where(ProcessedActivity.processed_at < before))


async def conversation_states(session: AsyncSession, before: datetime) -> int:
    """Follow-up context ("what about its milestones?") is of no use after a quiet spell."""
    return await _count(session, delete(ConversationState).where(ConversationState.updated_at < before))


async def unreachable_refs(session: AsyncSession, before: datetime) -> int:
    """Teams refused this chat (blocked, uninstalled, account disabled) and it has stayed that way."""
    return await _count(
        session,
        delete(ConversationRef).where(ConversationRef.unreachable_reason != "", ConversationRef.updated_at < before),
    )


def _has_role(person_id_column):
    return or_(
        exists().where(ProjectRole.person_id == person_id_column),
        exists().where(StaffRole.person_id == person_id_column),
    )


async def idle_refs(session: AsyncSession, before: datetime) -> int:
    """Where to reach someone who no longer leads, deputises or administers, unchanged for a long time.

    A channel or group chat reference is also how the bot reaches that conversation, so one is
    removed only when a newer reference to the same conversation remains.
    """
    newer = aliased(ConversationRef)
    replaced = exists().where(
        newer.conversation_id == ConversationRef.conversation_id,
        newer.id != ConversationRef.id,
        newer.updated_at > ConversationRef.updated_at,
    )
    return await _count(
        session,
        delete(ConversationRef).where(
            ConversationRef.updated_at < before,
            or_(ConversationRef.person_id.is_(None), not_(_has_role(ConversationRef.person_id))),
            or_(ConversationRef.conversation_type == "personal", replaced),
        ),
    )


async def prompt_deliveries(session: AsyncSession, before: datetime) -> int:
    """Who was prompted and when, once the cycle is long over (open cycles need it to avoid resends)."""
    over = select(UpdateCycle.id).where(UpdateCycle.closes_at < before)
    return await _count(
        session, delete(PromptDelivery).where(PromptDelivery.created_at < before, PromptDelivery.cycle_id.in_(over))
    )


async def card_messages(session: AsyncSession, before: datetime) -> int:
    """Which messages showed a cycle's update, once the cycle is long over: nothing will edit them again."""
    over = select(UpdateCycle.id).where(UpdateCycle.closes_at < before)
    return await _count(session, delete(CardMessage).where(CardMessage.cycle_id.in_(over)))


async def decision_notices(session: AsyncSession, before: datetime) -> int:
    """Who was told of a decision, and when: kept as long as prompt records (the decision itself stays
    with the programme's record); a notice still to be sent is never removed."""
    return await _count(
        session,
        delete(DecisionNotice).where(
            DecisionNotice.created_at < before, DecisionNotice.status.notin_(("pending", "sending"))
        ),
    )


async def programme_record(session: AsyncSession, before: datetime) -> dict[str, int]:
    """The programme ended and its record has been kept for the agreed years: updates, the DLG's asks and
    decisions (as updates: they are the same record), digests, deliveries."""
    return {
        "asks": await _count(session, delete(Ask).where(Ask.raised_at < before)),
        "prompt_deliveries": await _count(session, delete(PromptDelivery).where(PromptDelivery.created_at < before)),
        "status_updates": await _count(session, delete(StatusUpdate).where(StatusUpdate.submitted_at < before)),
        "digests": await _count(session, delete(Digest).where(Digest.created_at < before)),
    }


async def audit_entries(session: AsyncSession, before: datetime) -> int:
    return await _count(session, delete(AuditEntry).where(AuditEntry.at < before))


ABOUT_THE_PERSON = frozenset({"directory_people", "leaver_notices"})


async def inactive_people(session: AsyncSession, before: datetime) -> int:
    """A person the bot holds nothing else about: no role, chat, update, delivery or delegation.

    Checked against every column that points at people.id, so a table added later keeps its people —
    except the tables that only describe the person (what the directory said, the admins' leaver
    cards): those exist because the person does, and go with them (ON DELETE CASCADE).
    """
    unreferenced = [
        not_(exists().where(column == Person.id))
        for column in people_referrers()
        if column.table.name not in ABOUT_THE_PERSON
    ]
    return await _count(session, delete(Person).where(Person.created_at < before, and_(*unreferenced)))


async def ran_on(session: AsyncSession, day: str) -> bool:
    """Whether a purge was recorded for this day (its audit entry's key is the ISO date)."""
    found = await session.execute(
        select(AuditEntry.id)
        .where(AuditEntry.action == "retention_purge", AuditEntry.entity == "retention", AuditEntry.entity_key == day)
        .limit(1)
    )
    return found.first() is not None


async def purge(session: AsyncSession, cut: Cutoffs) -> dict[str, int]:
    """Apply every rule whose cutoff is set, in an order that lets later rules see earlier deletions."""
    counts: dict[str, int] = {}
    if cut.programme_record:
        for name, n in (await programme_record(session, cut.programme_record)).items():
            counts[name] = counts.get(name, 0) + n
    if cut.audit:
        counts["audit_entries"] = await audit_entries(session, cut.audit)
    simple = (
        ("processed_activities", processed_activities, cut.processed_activities),
        ("conversation_states", conversation_states, cut.conversation_states),
        ("unreachable_conversation_refs", unreachable_refs, cut.unreachable_refs),
        ("idle_conversation_refs", idle_refs, cut.idle_refs),
        ("prompt_deliveries", prompt_deliveries, cut.prompt_deliveries),
        ("card_messages", card_messages, cut.prompt_deliveries),
        ("decision_notices", decision_notices, cut.prompt_deliveries),
        ("inactive_people", inactive_people, cut.inactive_people),
    )
    for name, rule, before in simple:
        if before is not None:
            counts[name] = counts.get(name, 0) + await rule(session, before)
    return counts
