"""`dfbot updates export`: programme updates as a CSV or XLSX file fit to publish (see programme/foi.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from infra.private_files import private_folder
from programme.foi import columns, decision_columns, name_remover, publishable, publishable_decision
from services.files.spreadsheets import Sheet, write_csv, write_xlsx
from store import audit, publication_repo
from store.db import Database

log = logging.getLogger("dfbot.foi")
FORMATS = (".csv", ".xlsx")


@dataclass(frozen=True)
class FoiExport:
    path: Path
    rows: int
    risks_withheld: int
    with_names: bool
    decisions: int = 0
    decisions_path: Path | None = None  # the CSV beside a CSV export (XLSX: a second sheet)


def _write_xlsx(
    path: Path,
    header: tuple[str, ...],
    rows: list[dict[str, Any]],
    notes: list[str],
    decisions: tuple[tuple[str, ...], list[dict[str, Any]]] | None = None,
) -> None:
    sheets = [
        Sheet("updates", header, [[row[name] for name in header] for row in rows], bold_header=True, freeze_header=True)
    ]
    if decisions is not None:
        d_header, d_rows = decisions
        sheets.append(
            Sheet(
                "decisions",
                d_header,
                [[row[name] for name in d_header] for row in d_rows],
                bold_header=True,
                freeze_header=True,
            )
        )
    write_xlsx(path, [*sheets, Sheet("about", None, [[line] for line in notes])])


def _notes(since: date, with_names: bool) -> list[str]:
    return [
        f"Digital First programme updates submitted on or after {since.day} {since:%B %Y}.",
        "One row per project per update cycle: the final version of that update.",
        "Risks marked sensitive by project leads are not included. Email addresses in text are removed"
        + ("." if with_names else ", and so are the names of people the bot knows."),
        "Names of the officers who submitted updates are included."
        if with_names
        else "Names of the officers who submitted updates are not included.",
        "The decisions sheet: each decision the Digital Leadership Group recorded on the leads' asks in the period.",
    ]


async def export_updates(
    db: Database,
    since: date,
    path: Path,
    *,
    now: datetime,
    actor: str,
    tz: str = "Europe/London",
    with_names: bool = False,
) -> FoiExport:
    """Write the file (format from the suffix) and audit the export, with or without names."""
    if path.suffix.lower() not in FORMATS:
        raise ValueError("the export file must end in .csv or .xlsx")
    start = datetime.combine(since, time(0), ZoneInfo(tz))
    async with db.unit_of_work() as session:
        updates = await publication_repo.final_updates_since(session, start)
        remove_names = None if with_names else name_remover(await publication_repo.known_names(session))
        published = [publishable(u, tz=tz, with_names=with_names, remove_names=remove_names) for u in updates]
        header, rows = columns(with_names), [p.row for p in published]
        decided = [
            publishable_decision(d, tz=tz, with_names=with_names, remove_names=remove_names)
            for d in await publication_repo.decisions_since(session, start)
        ]
        private_folder(path.parent)  # owner-only (infra/private_files.py)
        decisions_path = None
        if path.suffix.lower() == ".csv":
            write_csv(path, header, ([row[c] for c in header] for row in rows))
            decisions_path = path.with_name(f"{path.stem}-decisions.csv")
            d_header = decision_columns(with_names)
            write_csv(decisions_path, d_header, ([row[c] for c in d_header] for row in decided))
        else:
            _write_xlsx(path, header, rows, _notes(since, with_names), (decision_columns(with_names), decided))
        withheld = sum(p.risks_withheld for p in published)
        entry = audit.record(
            session,
            actor=actor,
            action="foi_export",
            entity="status_update",
            key=f"since {since.isoformat()}",
            after={
                "rows": len(rows),
                "with_names": with_names,
                "risks_withheld": withheld,
                "decisions": len(decided),
                "format": path.suffix.lower().lstrip("."),
            },
        )
        entry.at = now
    log.info("FOI export: %d updates, %d sensitive risks withheld", len(rows), withheld)
    return FoiExport(path, len(rows), withheld, with_names, len(decided), decisions_path)
