"""The DLG's decisions log against the stored asks (`dfbot decisions import|export`; the file side is
services/files/decisions_log.py, the rows' rules programme/decisions_file.py).

An ask in the log is the stored ask of the same project raised the same day with the same words (or,
for an ask a lead raised in Teams, close enough wording). A log never overwrites a decision the bot
holds: a different one is reported at its row and column, and nothing is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table as SqlTable
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from programme import asks as rules
from programme.decisions_file import DecisionRow, decision_cell
from programme.planfile import PlanError

from .models import Ask, AskDecision, Project

IMPORT_ROLE = "import"  # recorder_words: "the DLG"


@dataclass
class LogReport:
    asks_created: int = 0
    decisions_recorded: int = 0
    unchanged: int = 0
    errors: list[PlanError] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Decisions log: {self.asks_created} asks added, {self.decisions_recorded} decisions recorded, "
            f"{self.unchanged} already as in the file."
        ] + ([] if self.asks_created or self.decisions_recorded else ["Nothing changed."])


async def project_ids(s: AsyncSession) -> dict[str, int]:
    """Every project's id by its ref: the refs a log's rows may name."""
    return {ref: pid for pid, ref in (await s.execute(select(Project.id, Project.ref))).all()}


async def apply_log(
    s: AsyncSession, rows: list[DecisionRow], projects: dict[str, int], *, actor: str, tz: str
) -> LogReport:
    """Each checked row onto the stored asks; a decision the bot already holds is an error in the report."""
    report = LogReport()
    zone = ZoneInfo(tz)
    for row in rows:
        pid = projects[row.project_ref]
        existing = await _match(s, pid, row, zone)
        if existing is None:
            ask_id = (
                await s.execute(
                    insert(Ask)
                    .values(
                        project_id=pid,
                        text=row.ask,
                        status=rules.OPEN,
                        source="import",
                        raised_at=row.raised_at,
                        decisions=0,
                        decided_by_name="",
                        decided_by_role="",
                        note="",
                    )
                    .returning(Ask.id)
                )
            ).scalar_one()
            report.asks_created += 1
            status, decisions = rules.OPEN, 0
        else:
            ask_id, status, decisions = existing.id, existing.status, existing.decisions
        if row.outcome == rules.OPEN or (
            status == row.outcome and existing is not None and _same_day(existing.decided_at, row.decided_at, zone)
        ):
            report.unchanged += existing is not None
            continue
        if status not in rules.UNDECIDED:
            assert existing is not None  # a new ask is open, so undecided
            report.errors.append(
                PlanError(
                    row.row,
                    "decision",
                    f"the bot already holds "
                    f"{rules.outcome_sentence(status, existing.deferred_until)} for this ask "
                    f"(recorded {existing.decided_at:%d/%m/%Y}); a log never overwrites it",
                    row.where,
                )
            )
            continue
        await s.execute(
            cast(SqlTable, Ask.__table__)
            .update()
            .where(Ask.id == ask_id)
            .values(
                status=row.outcome,
                decisions=decisions + 1,
                decided_at=row.decided_at,
                decided_by_id=None,
                decided_by_name="",
                decided_by_role=IMPORT_ROLE,
                note=row.note,
                deferred_until=row.deferred_until,
            )
        )
        await s.execute(
            insert(AskDecision).values(
                ask_id=ask_id,
                seq=decisions + 1,
                outcome=row.outcome,
                note=row.note,
                deferred_until=row.deferred_until,
                decided_at=row.decided_at,
                decided_by_id=None,
                decided_by_name="",
                decided_by_role=IMPORT_ROLE,
            )
        )
        report.decisions_recorded += 1
    return report


async def _match(s: AsyncSession, project_id: int, row: DecisionRow, zone: ZoneInfo) -> Ask | None:
    """The stored ask this row is: same project and day raised, the same words (or near enough)."""
    candidates = (await s.execute(select(Ask).where(Ask.project_id == project_id).order_by(Ask.id))).scalars().all()
    same_day = [a for a in candidates if a.raised_at.astimezone(zone).date() == row.raised_at.astimezone(zone).date()]
    exact = [a for a in same_day if rules.normalise(a.text) == rules.normalise(row.ask)]
    if exact:
        return exact[0]
    close = [a for a in same_day if rules.similarity(a.text, row.ask) >= rules.MATCH_SCORE]
    return close[0] if close else None


def _same_day(a: datetime | None, b: datetime | None, zone: ZoneInfo) -> bool:
    return a is not None and b is not None and a.astimezone(zone).date() == b.astimezone(zone).date()


async def log_rows(s: AsyncSession, zone: ZoneInfo) -> list[dict[str, Any]]:
    """Every ask with where it stands, oldest first, in the log's columns (days in the programme's zone)."""
    rows = (
        await s.execute(
            select(Ask, Project.ref).join(Project, Project.id == Ask.project_id).order_by(Ask.raised_at, Ask.id)
        )
    ).all()
    return [
        {
            "project_ref": ref,
            "raised_at": a.raised_at.astimezone(zone).date(),
            "ask": a.text,
            "decision": decision_cell(a.status, a.deferred_until),
            "decided_at": a.decided_at.astimezone(zone).date() if a.decided_at and a.status != rules.OPEN else None,
            "note": a.note or "",
        }
        for a, ref in rows
    ]
