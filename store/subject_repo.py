"""Everything held about one person (subject access), and forgetting them (erasure).

Why a sweep over every table: a person's email, name or Teams ids end up in places no single
feature owns — audit entries, digest content, another lead's update ("waiting on Zoë O'Brien").
Both the export and the erasure search every text and JSON column of every table, so a table added
later is covered without anyone remembering to add it here. Known places are handled first with
their own rule (an update is re-attributed to "former lead of <project>", not blanked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Delete, Update, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from programme.erasure import Identity, Scrubber, forgotten_label, former_role_label

from .db import changed
from .models import (
    Ask,
    AskDecision,
    AuditEntry,
    Base,
    CardMessage,
    ConversationRef,
    ConversationState,
    DecisionNotice,
    Person,
    Project,
    ProjectRole,
    PromptDelivery,
    StaffRole,
    StatusUpdate,
)
from .personal_data import people_referrers
from .subject_search import (
    OWN_RULES,
    Mention,
    conversation_refs,
    cycle_keys,
    find_mentions,
    identity_of,
    json_ready,
    person_by_email,
    project_names,
    row_values,
)

# Moved to subject_search; re-exported so callers keep this path.
__all__ = ["Mention", "find_mentions", "identity_of", "json_ready", "person_by_email"]


# --------------------------------------------------------------------------- subject access


async def held_about(session: AsyncSession, person: Person) -> dict[str, Any]:
    """Everything the database holds about one person, grouped the way a subject access reply reads."""
    identity = await identity_of(session, person)
    projects, cycles = await project_names(session), await cycle_keys(session)
    refs = await conversation_refs(session, person)
    personal_chats = [r.conversation_id for r in refs if r.conversation_type == "personal"]
    states = (
        await session.scalars(select(ConversationState).where(ConversationState.conversation_id.in_(personal_chats)))
    ).all()
    updates = (
        await session.scalars(
            select(StatusUpdate).where(StatusUpdate.submitted_by_id == person.id).order_by(StatusUpdate.submitted_at)
        )
    ).all()
    deliveries = (
        await session.scalars(
            select(PromptDelivery).where(PromptDelivery.person_id == person.id).order_by(PromptDelivery.created_at)
        )
    ).all()
    decided = (
        await session.scalars(
            select(AskDecision).where(AskDecision.decided_by_id == person.id).order_by(AskDecision.decided_at)
        )
    ).all()
    told = (
        await session.scalars(
            select(DecisionNotice).where(DecisionNotice.person_id == person.id).order_by(DecisionNotice.created_at)
        )
    ).all()
    roles = (await session.scalars(select(ProjectRole).where(ProjectRole.person_id == person.id))).all()
    cards = (
        await session.scalars(
            select(CardMessage).where(CardMessage.person_id == person.id).order_by(CardMessage.created_at)
        )
    ).all()
    audit_ids, elsewhere = await _mentions_split(session, identity, {u.id for u in updates})
    audit = (
        await session.scalars(
            select(AuditEntry)
            .where(
                or_(
                    AuditEntry.id.in_(audit_ids),
                    (AuditEntry.entity == "person") & (AuditEntry.entity_key == str(person.id)),
                )
            )
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    ).all()
    return {
        "person": row_values(person),
        "staff_roles": sorted(await session.scalars(select(StaffRole.role).where(StaffRole.person_id == person.id))),
        "project_roles": [
            {"project_ref": projects[r.project_id][0], "project_name": projects[r.project_id][1], "role": r.role}
            for r in roles
        ],
        "conversation_refs": [row_values(r) for r in refs],
        "conversation_states": [row_values(s) for s in states],
        "updates_submitted": [
            {
                "project_ref": projects[u.project_id][0],
                "project_name": projects[u.project_id][1],
                "cycle": cycles.get(u.cycle_id, ""),
                **row_values(u),
            }
            for u in updates
        ],
        "prompt_deliveries": [
            {"project_ref": projects[d.project_id][0], "cycle": cycles.get(d.cycle_id, ""), **row_values(d)}
            for d in deliveries
        ],
        "card_messages": [
            {
                "project_ref": projects[c.project_id][0],
                "cycle": cycles.get(c.cycle_id, ""),
                "kind": c.kind,
                "shown_version": c.shown_version,
                "created_at": c.created_at,
            }
            for c in cards
        ],
        "decisions_recorded": [row_values(d) for d in decided],
        "decision_notices": [row_values(n) for n in told],
        "audit_entries": [row_values(a) for a in audit],
        "other_mentions": [{"table": m.table, "key": m.key, "column": m.column, "value": m.value} for m in elsewhere],
    }


async def _mentions_split(
    session: AsyncSession, identity: Identity, own_updates: set[int]
) -> tuple[set[int], list[Mention]]:
    """Audit entries that mention the person, and every other mention not already in the export
    (their own updates are exported whole; mentions in others' updates are listed on their own)."""
    audit_ids: set[int] = set()
    elsewhere: list[Mention] = []
    async for m in find_mentions(session, identity, skip=OWN_RULES):
        if m.table == AuditEntry.__tablename__:
            audit_ids.add(m.key["id"])
        elif not (m.table == StatusUpdate.__tablename__ and m.key.get("id") in own_updates):
            elsewhere.append(m)
    return audit_ids, elsewhere


# --------------------------------------------------------------------------- erasure


@dataclass
class ForgetReport:
    person_id: int
    updates_reattributed: int = 0
    decisions_reattributed: int = 0  # the DLG's decisions they recorded: kept, attributed to their role
    conversation_refs_deleted: int = 0
    conversation_states_deleted: int = 0
    project_roles_removed: list[str] = field(default_factory=list)  # project refs left without this lead
    staff_roles_removed: int = 0
    audit_entries_anonymised: int = 0
    other_values_anonymised: int = 0
    files_anonymised: int = 0  # outbox and export files, filled in by the service
    other_rows_removed: dict[str, int] = field(default_factory=dict)  # e.g. delegations to or from them

    def counts(self) -> dict[str, int]:
        return {
            "updates_reattributed": self.updates_reattributed,
            "decisions_reattributed": self.decisions_reattributed,
            "conversation_refs_deleted": self.conversation_refs_deleted,
            "conversation_states_deleted": self.conversation_states_deleted,
            "project_roles_removed": len(self.project_roles_removed),
            "staff_roles_removed": self.staff_roles_removed,
            "audit_entries_anonymised": self.audit_entries_anonymised,
            "other_values_anonymised": self.other_values_anonymised,
            **{f"{table}_removed": n for table, n in sorted(self.other_rows_removed.items())},
        }


async def forget(session: AsyncSession, person: Person, *, now: datetime) -> tuple[ForgetReport, Identity]:
    """Remove or anonymise everything about `person` while the programme's history stays true.

    Returns the identity that was erased so the caller can clean files outside the database too;
    the caller must not store it.
    """
    identity = await identity_of(session, person)
    report = ForgetReport(person.id)
    roles = (await session.scalars(select(ProjectRole).where(ProjectRole.person_id == person.id))).all()
    role_by_project = {r.project_id: r.role for r in sorted(roles, key=lambda r: r.role == "lead")}  # lead wins
    report.updates_reattributed = await _reattribute_updates(session, person, identity, role_by_project)
    report.decisions_reattributed = await _reattribute_decisions(session, person)
    await _forget_chats(session, person, report)
    projects = await project_names(session)
    report.project_roles_removed = sorted({projects[r.project_id][0] for r in roles})
    await session.execute(delete(ProjectRole).where(ProjectRole.person_id == person.id))
    report.staff_roles_removed = (
        changed(await session.execute(delete(StaffRole).where(StaffRole.person_id == person.id))) or 0
    )
    report.other_rows_removed = await _remove_other_links(session, person)
    await _anonymise_mentions(session, identity, forgotten_label(person.id), report)
    person.name, person.email, person.aad_object_id, person.teams_user_id = "", None, None, None
    person.unverified_email, person.away_until, person.forgotten_at = None, None, now
    await session.flush()
    return report, identity


async def _reattribute_updates(
    session: AsyncSession, person: Person, identity: Identity, role_by_project: dict[int, str]
) -> int:
    """An update stays in the record, attributed to a role ("former lead of <project>"), not a person."""
    names = {n.lower() for n in (*identity.names, *identity.tokens)}
    query = (
        select(StatusUpdate, Project.name)
        .join(Project, Project.id == StatusUpdate.project_id)
        .where(
            or_(
                StatusUpdate.submitted_by_id == person.id,
                StatusUpdate.submitted_by_id.is_(None) & func.lower(StatusUpdate.submitted_by_name).in_(names or {""}),
            )
        )
    )
    count = 0
    for status_update, project_name in (await session.execute(query)).all():
        status_update.submitted_by_name = former_role_label(role_by_project.get(status_update.project_id), project_name)
        status_update.submitted_by_id = None
        count += 1
    await session.flush()
    return count


async def _reattribute_decisions(session: AsyncSession, person: Person) -> int:
    """A decision stays in the record; who recorded it becomes their role ("a DLG member"), not their name
    (programme.asks.recorder_words reads an empty name that way)."""
    await session.execute(
        update(Ask).where(Ask.decided_by_id == person.id).values(decided_by_name="", decided_by_id=None)
    )
    result = await session.execute(
        update(AskDecision).where(AskDecision.decided_by_id == person.id).values(decided_by_name="", decided_by_id=None)
    )
    return changed(result) or 0


# Rows that point at a person and stay when they are forgotten: the record, pointing at an anonymous row.
_KEPT_LINKS = {StatusUpdate.__tablename__, PromptDelivery.__tablename__}


async def _remove_other_links(session: AsyncSession, person: Person) -> dict[str, int]:
    """Any other row that ties the person to the programme (a delegation, a role added later) goes.

    Found from the schema's foreign keys, so a table added later is covered, and treated the way the
    schema says a person's deletion should be: ON DELETE CASCADE rows go, nullable links are cleared,
    anything else keeps pointing at the anonymised row. The update and delivery records stay (_KEPT_LINKS).
    """
    removed: dict[str, int] = {}
    for column in people_referrers():
        if column.table.name in _KEPT_LINKS:
            continue
        cascade = any((fk.ondelete or "").upper() == "CASCADE" for fk in column.foreign_keys)
        statement: Delete | Update
        if cascade:
            statement = delete(column.table).where(column == person.id)
        elif column.nullable:
            statement = update(column.table).where(column == person.id).values({column.name: None})
        else:
            continue
        n = changed(await session.execute(statement)) or 0
        if n:
            removed[column.table.name] = removed.get(column.table.name, 0) + n
    return removed


async def _forget_chats(session: AsyncSession, person: Person, report: ForgetReport) -> None:
    """Where to reach them goes entirely; so does the follow-up memory of their 1:1 chats."""
    refs = await conversation_refs(session, person)
    personal_chats = [r.conversation_id for r in refs if r.conversation_type == "personal"]
    if personal_chats:
        report.conversation_states_deleted = (
            changed(
                await session.execute(
                    delete(ConversationState).where(ConversationState.conversation_id.in_(personal_chats))
                )
            )
            or 0
        )
    if refs:
        report.conversation_refs_deleted = (
            changed(await session.execute(delete(ConversationRef).where(ConversationRef.id.in_([r.id for r in refs]))))
            or 0
        )


async def _anonymise_mentions(session: AsyncSession, identity: Identity, label: str, report: ForgetReport) -> None:
    """Every remaining mention, in any table, is replaced with the forgotten person's label."""
    scrubber = Scrubber(identity, label)
    found = [m async for m in find_mentions(session, identity, skip=OWN_RULES)]
    tables = Base.metadata.tables
    audit_ids: set[Any] = set()
    for m in found:
        new, changed = scrubber.scrub(m.value)
        if not changed:
            continue
        table = tables[m.table]
        where = [table.c[name] == value for name, value in m.key.items()]
        await session.execute(update(table).where(*where).values({m.column: new}))
        if m.table == AuditEntry.__tablename__:
            audit_ids.add(m.key["id"])
        else:
            report.other_values_anonymised += 1
    report.audit_entries_anonymised = len(audit_ids)
