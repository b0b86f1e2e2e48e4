"""A small programme with a story, for the dashboard's tests (server-side and in the browser).

Four weekly cycles (2026-W45 to W48); the clock stands on Wednesday 25 November 2026 in W48.
The W47 digest was posted on Friday 20 November. Then:

- CIT-01 Digital inclusion went Green, Green, Amber (twice), Red — its W48 update has a sensitive
  risk and an ask of the DLG; it changed since the digest (Amber to Red);
- CIT-02 Online payments was Green in W46 and W47 and has not updated this cycle;
- CAR-01 Virtual Social Care first reported (Amber) this cycle; Sam Whitaker (a member) leads it;
- CIT-03 has HTML and script in its name and summary, which must only ever show as text;
- COU-01 has never reported; COU-02 is paused; OLD-01 is retired.

Priya Shah is an admin, Dev Patel a DLG member, Sam Whitaker a member of staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from store.db import Database
from store.models import (
    Digest,
    Enabler,
    Milestone,
    Person,
    PriorityArea,
    Project,
    ProjectEnabler,
    ProjectRole,
    StaffRole,
    StatusUpdate,
    UpdateCycle,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DIGEST_POSTED = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
SENSITIVE_RISK = "Cyber incident at a partner: SECRET-RISK-7"
OPEN_RISK = "Supplier may withdraw from the framework"
XSS_NAME = 'Report it <script>alert("name")</script>'
XSS_SUMMARY = "Going well <img src=x onerror=alert(1)> & more"
ADMIN_AAD, DLG_AAD, MEMBER_AAD = "aad-priya", "aad-dev", "aad-sam"


def utc(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=UTC)


@dataclass
class Seeded:
    person_ids: dict[str, int]
    project_ids: dict[str, int]


CYCLES = [  # period key, opens (Monday 09:00 UK = 09:00 UTC in winter), due Thursday 17:00
    ("2026-W45", utc(2026, 11, 2, 9), utc(2026, 11, 5, 17)),
    ("2026-W46", utc(2026, 11, 9, 9), utc(2026, 11, 12, 17)),
    ("2026-W47", utc(2026, 11, 16, 9), utc(2026, 11, 19, 17)),
    ("2026-W48", utc(2026, 11, 23, 9), utc(2026, 11, 26, 17)),
]


async def seed(db: Database) -> Seeded:
    async with db.unit_of_work() as s:
        areas = {
            key: PriorityArea(key=key, name=name, position=i)
            for i, (key, name) in enumerate(
                [("citizen", "Digital Citizen"), ("council", "Digital Council"), ("care", "Digital Care")]
            )
        }
        enablers = {
            key: Enabler(key=key, name=name, position=i)
            for i, (key, name) in enumerate(
                [("data", "Data and insight"), ("cyber", "Information governance and cyber security")]
            )
        }
        s.add_all([*areas.values(), *enablers.values()])
        people = {
            name.split()[0].lower(): Person(name=name, email=email, aad_object_id=aad)
            for name, email, aad in [
                ("Priya Shah", "priya.shah@council.example", ADMIN_AAD),
                ("Dev Patel", "dev.patel@council.example", DLG_AAD),
                ("Sam Whitaker", "sam.whitaker@council.example", MEMBER_AAD),
                ("Amara Okafor", "amara.okafor@council.example", None),
                ("Chloe Price", "chloe.price@council.example", None),
            ]
        }
        s.add_all(people.values())
        await s.flush()
        s.add_all(
            [StaffRole(person_id=people["priya"].id, role="admin"), StaffRole(person_id=people["dev"].id, role="dlg")]
        )

        def project(ref: str, name: str, area: str | None, status: str = "active", **kw) -> Project:
            p = Project(ref=ref, name=name, priority_area_id=areas[area].id if area else None, status=status, **kw)
            s.add(p)
            return p

        projects = {
            "CIT-01": project(
                "CIT-01",
                "Digital inclusion across the county",
                "citizen",
                start_date=date(2026, 4, 1),
                end_date=date(2027, 3, 31),
                description="Helping residents get online.",
            ),
            "CIT-02": project("CIT-02", "Online payments", "citizen"),
            "CIT-03": project("CIT-03", XSS_NAME, "citizen"),
            "CAR-01": project("CAR-01", "Virtual Social Care", "care"),
            "COU-01": project("COU-01", "Smart working", "council"),
            "COU-02": project("COU-02", "Intranet replacement", "council", status="paused"),
            "OLD-01": project("OLD-01", "Fax machine retirement", "council", status="retired"),
        }
        await s.flush()
        s.add_all(
            [
                ProjectEnabler(project_id=projects["CIT-01"].id, enabler_id=enablers["cyber"].id),
                ProjectEnabler(project_id=projects["CAR-01"].id, enabler_id=enablers["data"].id),
                ProjectEnabler(project_id=projects["CIT-02"].id, enabler_id=enablers["data"].id),
                ProjectRole(project_id=projects["CIT-01"].id, person_id=people["amara"].id, role="lead"),
                ProjectRole(project_id=projects["CIT-01"].id, person_id=people["chloe"].id, role="deputy"),
                ProjectRole(project_id=projects["CIT-02"].id, person_id=people["chloe"].id, role="lead"),
                ProjectRole(project_id=projects["CAR-01"].id, person_id=people["sam"].id, role="lead"),
                ProjectRole(project_id=projects["CIT-03"].id, person_id=people["amara"].id, role="lead"),
                Milestone(
                    project_id=projects["CIT-01"].id,
                    title="Device lending scheme live",
                    due_date=date(2026, 9, 30),
                    status="done",
                    completed_on=date(2026, 9, 28),
                ),
                Milestone(
                    project_id=projects["CIT-01"].id,
                    title="Digital champions trained",
                    due_date=date(2026, 11, 13),
                    status="in progress",
                ),
                Milestone(
                    project_id=projects["CIT-01"].id,
                    title="Evaluation report",
                    due_date=date(2027, 2, 26),
                    status="not started",
                    original_due_date=date(2027, 1, 29),
                ),
            ]
        )
        cycles = {}
        for key, opens, due in CYCLES:
            cycles[key] = UpdateCycle(
                period_key=key,
                opens_at=opens,
                due_at=due,
                closes_at=opens + timedelta(days=7),
                status="open" if key == "2026-W48" else "closed",
            )
        s.add_all(cycles.values())
        await s.flush()

        def update(ref: str, cycle: str, at: datetime, rag: str, version: int = 1, **kw) -> None:
            s.add(
                StatusUpdate(
                    project_id=projects[ref].id,
                    cycle_id=cycles[cycle].id,
                    version=version,
                    submitted_at=at,
                    submitted_by_name=kw.pop("by", "Amara Okafor"),
                    rag=rag,
                    **kw,
                )
            )

        update("CIT-01", "2026-W45", utc(2026, 11, 3), "green", progress_pct=30, summary="On track.")
        update("CIT-01", "2026-W46", utc(2026, 11, 10), "green", progress_pct=35, summary="On track.")
        update(
            "CIT-01",
            "2026-W47",
            utc(2026, 11, 17),
            "amber",
            progress_pct=38,
            summary="Recruitment slow.",
            rag_reason="Two champions left.",
            risks=[{"text": OPEN_RISK, "sensitive": False}],
        )
        update(
            "CIT-01",
            "2026-W47",
            utc(2026, 11, 18),
            "amber",
            version=2,
            progress_pct=40,
            summary="Recruitment slow; plan agreed.",
            rag_reason="Two champions left.",
            risks=[{"text": OPEN_RISK, "sensitive": False}],
        )
        update(
            "CIT-01",
            "2026-W48",
            utc(2026, 11, 24),
            "red",
            progress_pct=40,
            summary="Partner incident stopped the pilot.",
            rag_reason="Pilot paused after a partner's incident.",
            blockers="Partner systems offline.",
            asks_of_dlg="Approve a two-month extension.",
            risks=[{"text": OPEN_RISK, "sensitive": False}, {"text": SENSITIVE_RISK, "sensitive": True}],
            milestone_changes=[{"title": "Evaluation report", "from": "2027-01-29", "to": "2027-02-26"}],
        )
        update("CIT-02", "2026-W46", utc(2026, 11, 11), "green", by="Chloe Price", summary="Live for parking fines.")
        update("CIT-02", "2026-W47", utc(2026, 11, 18), "green", by="Chloe Price", summary="Live for council tax.")
        update("CIT-03", "2026-W47", utc(2026, 11, 17), "green", summary=XSS_SUMMARY)
        update(
            "CAR-01",
            "2026-W48",
            utc(2026, 11, 23, 14),
            "amber",
            by="Sam Whitaker",
            summary="Procurement under way.",
            rag_reason="Supplier shortlist late.",
        )

        s.add(
            Digest(
                period_key="2026-W47",
                cycle_id=cycles["2026-W47"].id,
                status="posted",
                posted_at=DIGEST_POSTED,
                created_at=DIGEST_POSTED,
                approved_by="Priya Shah",
                intro="A steady week.",
                content=DIGEST_CONTENT,
            )
        )
        s.add(
            Digest(
                period_key="2026-W48",
                cycle_id=cycles["2026-W48"].id,
                status="draft",
                created_at=NOW,
                content={"title": "Draft digest W48", "red_amber": {"items": [], "omitted": 0}},
            )
        )
        await s.flush()
        return Seeded({k: p.id for k, p in people.items()}, {k: p.id for k, p in projects.items()})


DIGEST_CONTENT = {
    "version": 1,
    "period_key": "2026-W47",
    "title": "Digital First digest — 20 November 2026",
    "subtitle": "Update cycle 2026-W47: opened 16 November 2026, due 19 November 2026",
    "glance": {
        "areas": [
            {
                "name": "Digital Citizen",
                "counts": {"red": 0, "amber": 1, "green": 2, "none": 0},
                "total": 3,
                "change": {"red": 0, "amber": 1, "green": -1, "none": 0},
            }
        ],
        "total": {"counts": {"red": 0, "amber": 1, "green": 2, "none": 3}, "total": 6, "change": None},
        "participation": {"received": 3, "expected": 6, "late": 0},
    },
    "rag_changes": {
        "items": [
            {
                "ref": "CIT-01",
                "name": "Digital inclusion across the county",
                "area": "Digital Citizen",
                "lead": "Amara Okafor",
                "from": "Green",
                "to": "Amber",
                "to_key": "amber",
                "reason": "Two champions left <b>quickly</b>.",
            }
        ],
        "omitted": 0,
    },
    "asks": {
        "groups": [
            {
                "group": "Digital Citizen",
                "items": [
                    {
                        "ref": "CIT-01",
                        "name": "Digital inclusion across the county",
                        "text": "Note the recruitment plan.",
                    }
                ],
            }
        ],
        "omitted": 0,
    },
    "missing": {
        "items": [
            {
                "ref": "COU-01",
                "name": "Smart working",
                "lead": "No lead assigned",
                "reason": "MISSING-LIST-MARKER no lead assigned",
            }
        ],
        "omitted": 0,
    },
    "trends": {
        "periods": ["2026-W46", "2026-W47"],
        "items": [{"ref": "CIT-01", "name": "Digital inclusion across the county", "rags": ["Green", "Amber"]}],
        "omitted": 0,
    },
    "sensitive_withheld": 0,
    "links": {"full": "https://dashboard.example/dashboard/digests/2026-W47"},
}
