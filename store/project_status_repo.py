"""Reads the status cards need beyond what the question engine answers: which projects changed lately.

Project facts, latest updates and milestones come from the engine (`question_repo.execute`), so a card
and an answer never disagree about what a project's latest update is.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from .models import StatusUpdate

RECENT_WINDOW = 400  # the newest stored updates looked at; enough for a page of distinct projects

# Newest rows first by primary key: the updates stored last, read from the key's own index in a few
# milliseconds whatever the table's size (no index serves "latest submitted_at" across all projects).
_NEWEST = (
    select(StatusUpdate.project_id, StatusUpdate.submitted_at)
    .order_by(StatusUpdate.id.desc())
    .limit(bindparam("window"))
)


async def recently_updated(conn: AsyncConnection, limit: int) -> list[int]:
    """Up to `limit` project ids, the most recently reported first (each project once).

    Taken from the newest stored updates and ordered by when they were submitted, so a history import
    (stored now, submitted long ago) does not push projects that reported this week down the list."""
    rows = (await conn.execute(_NEWEST, {"window": max(RECENT_WINDOW, limit * 4)})).all()
    latest: dict[int, datetime] = {}
    for project_id, submitted_at in rows:
        if project_id not in latest or submitted_at > latest[project_id]:
            latest[project_id] = submitted_at
    return sorted(latest, key=lambda pid: latest[pid], reverse=True)[:limit]
