"""The audit log: every change, whoever or whatever made it, with before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from .models import AuditEntry


def record(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    entity: str,
    key: str | int = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(actor=actor, action=action, entity=entity, entity_key=str(key), before=before, after=after)
    session.add(entry)
    return entry
