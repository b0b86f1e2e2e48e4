"""The DLG's decisions log as a file (`dfbot decisions import|export`, and `dfbot plan import` given a log):
read the file first (its rows checked by programme/decisions_file.py), then apply it in one unit of work
(store/decisions_log_repo.py), so a file lands whole or not at all; the same file twice changes nothing.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from infra.private_files import private_folder
from programme.decisions_file import COLUMNS, is_decisions_log, parse_log
from programme.planfile import PlanError, PlanFileError, Table
from store import audit
from store.db import Database
from store.decisions_log_repo import LogReport, apply_log, log_rows, project_ids

from .spreadsheets import Sheet, write_csv, write_xlsx
from .tables import read_csv, read_xlsx

__all__ = ["LogReport", "export_log", "import_log", "log_table"]


def log_table(path: Path) -> Table | None:
    """The file's decisions table, when it is a decisions log (CSV, or an XLSX's first or `decisions` sheet)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        table = read_csv(path)
        return table if is_decisions_log(table.columns) else None
    if suffix == ".xlsx":
        for i, table in enumerate(read_xlsx(path)):
            if is_decisions_log(table.columns) and (i == 0 or table.name.strip().lower() == "decisions"):
                return table
    return None


async def import_log(db: Database, path: Path, *, tz: str, now: datetime, actor: str) -> LogReport:
    table = await asyncio.to_thread(log_table, Path(path))
    if table is None:
        raise PlanFileError(
            [PlanError(1, "", "the header is not a decisions log (" + ", ".join(COLUMNS) + ")")], Path(path).name
        )
    async with db.unit_of_work() as s:
        projects = await project_ids(s)
    rows = parse_log(table, tz=tz, now=now, projects=set(projects))
    async with db.unit_of_work() as s:
        report = await apply_log(s, rows, projects, actor=actor, tz=tz)
        if report.errors:
            raise PlanFileError(report.errors, Path(path).name)  # rolls the unit of work back
        if report.asks_created or report.decisions_recorded:
            audit.record(
                s,
                actor=actor,
                action="import",
                entity="decisions_log",
                key=Path(path).name,
                after={"asks_created": report.asks_created, "decisions_recorded": report.decisions_recorded},
            )
    return report


# --------------------------------------------------------------------------- export


async def export_log(db: Database, path: Path, *, tz: str) -> int:
    """Every ask with where it stands, oldest first, as .csv or .xlsx (formula-safe); the rows written."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise ValueError("the decisions log must end in .csv or .xlsx")
    zone = ZoneInfo(tz)
    async with db.unit_of_work() as s:
        out = await log_rows(s, zone)
    await asyncio.to_thread(_write, path, out)
    return len(out)


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    """Through the one formula-safe writer every export uses (services/files/spreadsheets.py)."""
    private_folder(path.parent)  # owner-only (infra/private_files.py)
    cells = [[r[c] for c in COLUMNS] for r in rows]
    if path.suffix.lower() == ".csv":
        write_csv(path, COLUMNS, cells, bom=True)
    else:
        write_xlsx(path, [Sheet("decisions", COLUMNS, cells, bold_header=True, freeze_header=True)])
