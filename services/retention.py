"""The retention purge: delete what is past its retention period, then say how much (never what).

Run it daily (the scheduler, or `dfbot retention purge` from cron). It is idempotent: a second run
the same day finds nothing more to remove. Every run leaves one audit entry with the counts, as
evidence for the council's information governance team that the policy is being applied.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from infra.config import Settings
from programme.retention import Cutoffs, RetentionPolicy, cutoffs
from store import audit, retention_repo
from store.db import Database

log = logging.getLogger("dfbot.retention")
ACTOR = "system:retention"


def policy_from(settings: Settings) -> RetentionPolicy:
    return RetentionPolicy(
        processed_activity_days=settings.retention_processed_activity_days,
        conversation_state_days=settings.retention_conversation_state_days,
        unreachable_ref_days=settings.retention_unreachable_ref_days,
        idle_ref_days=settings.retention_idle_ref_days,
        prompt_delivery_days=settings.retention_prompt_delivery_days,
        inactive_person_days=settings.retention_inactive_person_days,
        outbox_days=settings.retention_outbox_days,
        export_days=settings.retention_export_days,
        programme_end=settings.programme_end_date,
        record_years=settings.retention_record_years,
        audit_years=settings.retention_audit_years,
    )


def old_files(folder: Path, before: datetime) -> list[Path]:
    """Regular files under `folder` last written before `before` (symlinks are never followed)."""
    if not folder.is_dir():
        return []
    limit = before.timestamp()
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and p.lstat().st_mtime < limit)


def _files_past(folder: Path, before: datetime | None) -> list[Path]:
    return old_files(folder, before) if before is not None else []


async def purge(db: Database, settings: Settings, now: datetime, *, dry_run: bool = False) -> dict[str, int]:
    """Delete rows and files past retention at `now`; return counts by kind (nothing personal).

    Files are removed only after the database work commits, so a failed run leaves both as they were.
    """
    cut: Cutoffs = cutoffs(policy_from(settings), now)
    outbox = _files_past(Path(settings.outbox_dir), cut.outbox_files)
    exports = _files_past(Path(settings.export_dir), cut.export_files)
    async with db.sessions() as session:
        counts = await retention_repo.purge(session, cut)
        counts["outbox_files"], counts["export_files"] = len(outbox), len(exports)
        if dry_run:
            await session.rollback()
        else:
            entry = audit.record(
                session,
                actor=ACTOR,
                action="retention_purge",
                entity="retention",
                key=now.date().isoformat(),
                after={"removed": counts},
            )
            entry.at = now
            await session.commit()
    if not dry_run:
        for path in (*outbox, *exports):
            path.unlink(missing_ok=True)
    log.info(
        "retention purge%s removed %s",
        " (dry run)" if dry_run else "",
        ", ".join(f"{k}={v}" for k, v in sorted(counts.items())),
    )
    return counts


async def purge_if_due(db: Database, settings: Settings, now: datetime) -> dict[str, int] | None:
    """For the scheduler's tick: purge once per (UTC) day, whichever replica gets there first.

    The day's audit entry is the marker, so a restart or a second replica does not purge twice.
    Returns the counts, or None when today's purge has already run.
    """
    async with db.unit_of_work() as session:
        if await retention_repo.ran_on(session, now.date().isoformat()):
            return None
    return await purge(db, settings, now)
