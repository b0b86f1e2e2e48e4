"""A programme of any size with a history of weekly cycles, written straight into the database.

Bulk Core inserts (not ORM objects), so the 5,000-project, 26-cycle benchmark seeds in seconds.
Every project has one lead; updates cycle through green/amber/red so RAG changes, risks (some
sensitive), blockers, asks and milestones all appear; a tenth of projects miss the last cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, text

from programme.cycles import Cadence, Period, next_period, period_for
from store.db import Database
from store.models import (
    ConversationRef,
    Enabler,
    Milestone,
    Person,
    PriorityArea,
    Project,
    ProjectEnabler,
    ProjectRole,
    PromptDelivery,
    StaffRole,
    StatusUpdate,
    UpdateCycle,
)

TZ = "Europe/London"
AREAS = ["Digital Citizen", "Digital Council", "Digital Care", "Digital Economy"]
ENABLERS = [
    "Communications and marketing",
    "Information governance and cyber security",
    "Data and insight",
    "Collaboration and integration",
]
RAG_CYCLE = ("green", "green", "amber", "red", "amber")
CHUNK = 1000
FIRST = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@dataclass
class Seeded:
    periods: list[Period]
    project_ids: list[int]
    admin_id: int

    @property
    def current(self) -> Period:
        return self.periods[-1]

    @property
    def digest_time(self) -> datetime:
        """Just after the last cycle's due time."""
        return self.current.due_at + timedelta(hours=3)


def periods(count: int, first: datetime = FIRST) -> list[Period]:
    cadence = Cadence()
    out = [period_for(first, cadence, TZ)]
    while len(out) < count:
        out.append(next_period(out[-1], cadence, TZ))
    return out


async def _bulk(conn, model, rows: list[dict]) -> None:
    for i in range(0, len(rows), CHUNK):
        await conn.execute(insert(model), rows[i : i + CHUNK])


def _update(pid: int, i: int, cycle_id: int, period: Period, lead_id: int) -> dict:
    rag = RAG_CYCLE[(pid + i) % len(RAG_CYCLE)]
    risks = [{"text": f"Risk {i % 3} for project {pid}", "sensitive": False}]
    if pid % 7 == 0:
        risks.append({"text": f"Cyber exposure {pid}", "sensitive": True})
    return {
        "project_id": pid,
        "cycle_id": cycle_id,
        "version": 1,
        "submitted_at": period.opens_at + timedelta(hours=30),
        "submitted_by_id": lead_id,
        "submitted_by_name": f"Lead {pid}",
        "rag": rag,
        "rag_reason": "" if rag == "green" else f"Reason {i} for {pid}",
        "progress_pct": min(100, i * 4),
        "summary": f"Summary {i} for project {pid}",
        "achievements": "",
        "next_steps": "",
        "risks": risks,
        "blockers": f"Blocker {i % 2}" if rag == "red" else "",
        "asks_of_dlg": "Sign off the business case" if rag == "red" and i % 2 else "",
        "milestone_changes": [],
        "no_change": False,
        "late": False,
        "source": "import",
    }


async def seed(db: Database, *, projects: int, cycles: int, missing_every: int = 10) -> Seeded:
    """`projects` active projects with `cycles` weekly cycles of history (the last is "this cycle")."""
    ps = periods(cycles)
    now = ps[-1].opens_at
    async with db.engine.begin() as conn:
        await _bulk(
            conn,
            PriorityArea,
            [
                {"id": i + 1, "key": n.lower().replace(" ", "-"), "name": n, "description": "", "position": i}
                for i, n in enumerate(AREAS)
            ],
        )
        await _bulk(
            conn,
            Enabler,
            [
                {"id": i + 1, "key": f"e{i}", "name": n, "description": "", "position": i}
                for i, n in enumerate(ENABLERS)
            ],
        )
        await _bulk(
            conn,
            Project,
            [
                {
                    "id": p,
                    "ref": f"P-{p:05d}",
                    "name": f"Project {p}",
                    "description": "",
                    "priority_area_id": (p % 4) + 1,
                    "status": "active",
                    "source_note": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for p in range(1, projects + 1)
            ],
        )
        await _bulk(
            conn, ProjectEnabler, [{"project_id": p, "enabler_id": (p % 4) + 1} for p in range(1, projects + 1)]
        )
        await _bulk(
            conn,
            Person,
            [
                {
                    "id": p,
                    "name": f"Lead {p}",
                    "email": f"lead{p}@example.gov.uk",
                    "aad_object_id": f"aad-{p}",
                    "created_at": now,
                }
                for p in range(1, projects + 2)
            ],
        )
        admin_id = projects + 1
        await _bulk(conn, StaffRole, [{"person_id": admin_id, "role": "admin"}])
        await _bulk(
            conn,
            ProjectRole,
            [{"project_id": p, "person_id": p, "role": "lead", "position": 0} for p in range(1, projects + 1)],
        )
        await _bulk(
            conn,
            UpdateCycle,
            [
                {
                    "id": i + 1,
                    "period_key": per.key,
                    "opens_at": per.opens_at,
                    "due_at": per.due_at,
                    "closes_at": per.closes_at,
                    "status": "closed" if i < cycles - 1 else "open",
                    "created_at": per.opens_at,
                }
                for i, per in enumerate(ps)
            ],
        )
        updates = [
            _update(p, i, i + 1, per, p)
            for i, per in enumerate(ps)
            for p in range(1, projects + 1)
            if not (i == cycles - 1 and missing_every and p % missing_every == 0)
        ]
        await _bulk(conn, StatusUpdate, updates)
        today = ps[-1].due_at.date()
        await _bulk(
            conn,
            Milestone,
            [
                row
                for p in range(1, projects + 1)
                for row in (
                    {
                        "project_id": p,
                        "title": "Discovery",
                        "due_date": today - timedelta(days=p % 20),
                        "status": "done",
                        "completed_on": today - timedelta(days=p % 9),
                    },
                    {
                        "project_id": p,
                        "title": "Go live",
                        "due_date": today + timedelta(days=(p % 60) - 10),
                        "status": "in progress",
                        "completed_on": None,
                    },
                )
            ],
        )
        await _bulk(
            conn,
            PromptDelivery,
            [
                {
                    "cycle_id": cycles,
                    "project_id": p,
                    "person_id": p,
                    "kind": kind,
                    "status": "sent",
                    "attempts": 1,
                    "last_error": "",
                    "created_at": now,
                }
                for p in range(1, projects + 1)
                if missing_every and p % missing_every == 0
                for kind in ("prompt", "reminder-24h")
            ],
        )
        if db.dialect == "postgresql":  # explicit ids do not move PostgreSQL's sequences on
            for table in ("priority_areas", "enablers", "projects", "people", "update_cycles"):
                await conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
    return Seeded(ps, list(range(1, projects + 1)), admin_id)


async def add_channel_reference(
    db: Database, *, team_id: str, service_url: str, tenant_id: str = "tenant-1", bot_id: str = "28:digital-first-bot"
) -> None:
    """What the bot stores when it is added to the DLG team: where to post to its channels."""
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(ConversationRef),
            [
                {
                    "conversation_id": f"{team_id}-general",
                    "user_id": "29:someone",
                    "user_name": "Someone",
                    "conversation_type": "channel",
                    "tenant_id": tenant_id,
                    "service_url": service_url,
                    "channel_id": "msteams",
                    "bot_id": bot_id,
                    "team_id": team_id,
                    "unreachable_reason": "",
                    "updated_at": datetime.now(UTC),
                }
            ],
        )


async def add_admin_chat(
    db: Database, *, person_id: int, service_url: str, conversation_id: str = "a:admin-chat", user_id: str = "29:admin"
) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(ConversationRef),
            [
                {
                    "person_id": person_id,
                    "aad_object_id": f"aad-{person_id}",
                    "conversation_id": conversation_id,
                    "user_id": user_id,
                    "user_name": "Admin",
                    "conversation_type": "personal",
                    "tenant_id": "tenant-1",
                    "service_url": service_url,
                    "channel_id": "msteams",
                    "bot_id": "28:digital-first-bot",
                    "team_id": None,
                    "unreachable_reason": "",
                    "updated_at": datetime.now(UTC),
                }
            ],
        )


def today_of(moment: datetime) -> date:
    return moment.date()
