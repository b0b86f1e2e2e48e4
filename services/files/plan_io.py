"""Plan files in and out of the database: what `dfbot plan import|export|load-default` and `updates import` call.

Reading a file is slow and pure, so it runs in a worker thread and before any transaction; applying
it is one unit of work, so a file either lands whole or not at all.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from programme.directory import contact_places
from programme.planfile import MILESTONE_COLUMNS, PLAN_COLUMNS, PlanFileError, Progress
from store.db import Database
from store.plan_repo import ImportReport, apply_plan_file, export_plan, load_framework
from store.plan_seed import load_plan_if_empty

from .plan_formats import default_plan, read_plan_file, sibling_milestones, write_csv, write_xlsx, write_yaml

EXPORT_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml")

__all__ = ["ImportReport", "PlanFileError", "export_path", "import_path", "load_default_plan_if_empty"]


class _DryRun(Exception):
    """Unwinds the unit of work so it rolls back, carrying the report of what would have happened."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report


async def import_path(
    db: Database,
    path: str | Path,
    *,
    actor: str = "import",
    tz: str = "Europe/London",
    progress: Progress | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ImportReport:
    """Import a plan, milestones or history file (kind found from its header or sheets).

    Raises PlanFileError listing every bad row (and changes nothing). `progress(stage, done, total)`
    is called per row — from a worker thread while reading ("read"), then from the caller's ("apply").
    `now` (default: the real time) is when "in the future" starts for history rows.
    """
    async with db.unit_of_work() as session:
        framework = await load_framework(session)
    plan = await asyncio.to_thread(read_plan_file, Path(path), framework=framework, tz=tz, progress=progress, now=now)
    try:
        async with db.unit_of_work() as session:
            report = await apply_plan_file(session, plan, actor=actor, tz=tz, progress=progress)
            if dry_run:
                raise _DryRun(report)
    except _DryRun as rolled_back:
        report = rolled_back.report
        report.dry_run = True
    report.emails = contact_places(plan.projects)  # for the directory check that may follow (services/directory.py)
    return report


async def export_path(db: Database, path: str | Path) -> list[Path]:
    """Write the live plan as .csv (plus `<stem>-milestones.csv`), .xlsx (two sheets) or .yaml.

    Importing what this writes changes nothing. Returns the files written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ValueError(f"cannot export to {suffix or 'a file without an extension'}: use .csv, .xlsx or .yaml")
    async with db.unit_of_work() as session:
        rows = await export_plan(session)
    return await asyncio.to_thread(_write, path, suffix, rows)


def _write(path: Path, suffix: str, rows: list[dict[str, Any]]) -> list[Path]:
    milestones = [{"project_ref": r["ref"], **m} for r in rows for m in r["milestones"]]
    if suffix == ".csv":
        write_csv(path, rows, PLAN_COLUMNS)
        write_csv(sibling_milestones(path), milestones, MILESTONE_COLUMNS)
        return [path, sibling_milestones(path)]
    if suffix == ".xlsx":
        write_xlsx(path, [("projects", PLAN_COLUMNS, rows), ("milestones", MILESTONE_COLUMNS, milestones)])
        return [path]
    write_yaml(path, {"projects": [_yaml_project(r) for r in rows]})
    return [path]


def _yaml_project(row: dict[str, Any]) -> dict[str, Any]:
    """Plan columns in order, then the note and milestones; empty lists and notes are left out."""
    out = {c: row[c] for c in PLAN_COLUMNS}
    if row["source_note"]:
        out["source_note"] = row["source_note"]
    if row["milestones"]:
        out["milestones"] = row["milestones"]
    return out


async def load_default_plan_if_empty(db: Database, *, actor: str = "system") -> bool:
    """Load the report's thirteen workstreams, but only into a database with no projects at all.

    Returns True when it loaded them (store/plan_seed.py: safe when several replicas start at once).
    """
    return await load_plan_if_empty(db, default_plan(), actor=actor)
