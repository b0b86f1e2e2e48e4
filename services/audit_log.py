"""`dfbot audit export`: the whole audit log as a CSV an auditor can open in Excel.

The log is read in batches by id, so a long-running programme's log is never held in memory at
once. Before and after stay JSON (one column each), exactly as stored; any text a spreadsheet would
run as a formula is defused. The file holds people's emails, so it is written where the operator
says and nowhere else, and the export itself is audited.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from programme.admin_commands import audit_when
from services.files.spreadsheets import CsvWriter, open_csv
from store import admin_repo, audit
from store.db import Database

COLUMNS = ("id", "at_utc", "at_local", "actor", "action", "entity", "entity_key", "before", "after")


def _row(entry: Any, tz: str) -> list[Any]:
    return [
        entry.id,
        entry.at.isoformat(),
        audit_when(entry.at, tz),
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_key,
        _json(entry.before),
        _json(entry.after),
    ]


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


async def export_csv(
    db: Database, path: Path, *, tz: str, since: datetime | None = None, actor: str = "cli:audit export"
) -> int:
    """Write the log (from `since`, oldest first) to `path`; the number of entries written."""
    partial = path.with_name(path.name + ".partial")
    written, last_id = 0, 0
    with open_csv(partial) as f:  # owner-only: the log holds emails
        writer = CsvWriter(f)
        writer.row(COLUMNS)
        while True:
            async with db.unit_of_work() as s:
                batch = await admin_repo.audit_in_order(s, since=since, after_id=last_id)
            if not batch:
                break
            writer.rows(_row(e, tz) for e in batch)
            written, last_id = written + len(batch), batch[-1].id
    os.replace(partial, path)  # a reader never sees half a file
    async with db.unit_of_work() as s:
        audit.record(
            s,
            actor=actor,
            action="export",
            entity="audit_log",
            key=path.name,
            after={"entries": written, "since": since.isoformat() if since else None},
        )
    return written


def local_midnight(day: date, tz: str) -> datetime:
    """The start of a local calendar day, as the UTC moment the log is filtered from."""
    return datetime.combine(day, datetime.min.time(), ZoneInfo(tz))
