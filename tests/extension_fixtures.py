"""A small programme for the message extension and link unfurling tests, and invokes shaped like the
examples in Microsoft's Teams documentation ("Respond to search command", "Link unfurling").

Five projects (one retired) with aliases, leads and a deputy; the latest updates carry a sensitive risk
and an open one, a summary with markup in it, and a milestone still to come. "Now" is Tuesday
24 November 2026, 10:00 UTC.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from store.db import Database
from store.models import (
    Milestone,
    Person,
    PriorityArea,
    Project,
    ProjectAlias,
    ProjectRole,
    StaffRole,
    StatusUpdate,
    UpdateCycle,
)
from tests.activities import BOT, TENANT

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
PUBLIC = "https://dfbot.example.gov.uk"
SENSITIVE_RISK = "Sensor firmware unpatched on the cyber register"
OPEN_RISK = "Not enough sensors in stock"

# person key -> (name, Entra object id)
PEOPLE = {
    "sam": ("Sam Patel", "aad-sam"),
    "nadia": ("Nadia Hussain", "aad-nadia"),
    "aisha": ("Aisha Khan", "aad-aisha"),
    "tom": ("Tom Hughes", "aad-tom"),
    "ada": ("Ada Admin", "aad-ada"),
    "owen": ("Owen Price", "aad-owen"),
}
# ref, name, area, aliases, leads, deputies, status
PROJECTS = [
    ("CIT-02", "Digital inclusion across the county", "Digital Citizen", ["digital inclusion"], ["sam"], [], "active"),
    ("CAR-01", "Virtual Social Care", "Digital Care", ["VSC", "virtual care"], ["aisha"], ["tom"], "active"),
    (
        "CAR-02",
        "Assistive technology in health and care",
        "Digital Care",
        ["assistive tech", "telecare"],
        ["nadia"],
        [],
        "active",
    ),
    ("COU-01", "Microsoft 365 roll-out", "Digital Council", ["M365", "Office 365"], ["tom"], [], "active"),
    ("ECO-09", "Broadband voucher scheme", "Digital Economy", ["vouchers"], ["owen"], [], "retired"),
]
# ref, days before NOW, rag, progress, summary, risks
UPDATES = [
    ("CIT-02", 9, "amber", 35, "Device lending pilot started in two libraries.", []),
    ("CAR-02", 16, "amber", 15, "Pilot planned.", []),
    (
        "CAR-02",
        2,
        "red",
        20,
        "Telecare pilot <b>still</b> waiting for sensors; see **supplier**.",
        [{"text": OPEN_RISK, "sensitive": False}, {"text": SENSITIVE_RISK, "sensitive": True}],
    ),
    ("COU-01", 30, "green", 70, "Mailboxes migrated.", []),
]


async def seed(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    async with db.unit_of_work() as s:
        areas = {}
        for i, name in enumerate(["Digital Citizen", "Digital Council", "Digital Care", "Digital Economy"]):
            areas[name] = PriorityArea(key=name.split()[1].lower(), name=name, position=i)
        people = {k: Person(name=n, email=f"{k}@council.example", aad_object_id=aad) for k, (n, aad) in PEOPLE.items()}
        s.add_all([*areas.values(), *people.values()])
        await s.flush()
        s.add(StaffRole(person_id=people["ada"].id, role="admin"))
        for ref, name, area, aliases, leads, deputies, status in PROJECTS:
            p = Project(ref=ref, name=name, priority_area_id=areas[area].id, status=status)
            s.add(p)
            await s.flush()
            ids[ref] = p.id
            s.add_all([ProjectAlias(project_id=p.id, alias=a) for a in aliases])
            s.add_all(
                [
                    ProjectRole(project_id=p.id, person_id=people[k].id, role="lead", position=i)
                    for i, k in enumerate(leads)
                ]
            )
            s.add_all(
                [
                    ProjectRole(project_id=p.id, person_id=people[k].id, role="deputy", position=i)
                    for i, k in enumerate(deputies)
                ]
            )
        cycles = {}
        for weeks in (0, 1, 2, 3, 4, 5):
            opens = NOW - timedelta(weeks=weeks, days=1)
            cycles[weeks] = UpdateCycle(
                period_key=f"2026-W{48 - weeks}",
                opens_at=opens,
                due_at=opens + timedelta(days=2),
                closes_at=opens + timedelta(days=7),
                status="open" if weeks == 0 else "closed",
            )
        s.add_all(cycles.values())
        await s.flush()
        for ref, days, rag, progress, summary, risks in UPDATES:
            at = NOW - timedelta(days=days)
            cycle = cycles[min(5, (days + 1) // 7)]
            s.add(
                StatusUpdate(
                    project_id=ids[ref],
                    cycle_id=cycle.id,
                    version=1,
                    submitted_at=at,
                    submitted_by_name="Someone",
                    rag=rag,
                    progress_pct=progress,
                    summary=summary,
                    risks=risks,
                    rag_reason="",
                    achievements="",
                    next_steps="",
                    blockers="",
                    asks_of_dlg="",
                )
            )
        s.add_all(
            [
                Milestone(project_id=ids["CAR-02"], title="Sensors ordered", due_date=date(2026, 10, 1), status="done"),
                Milestone(
                    project_id=ids["CAR-02"],
                    title="Sensors installed in 40 homes",
                    due_date=date(2027, 1, 15),
                    status="in progress",
                ),
                Milestone(
                    project_id=ids["CIT-02"],
                    title="Device lending in every library",
                    due_date=date(2026, 11, 20),
                    status="in progress",
                ),
            ]
        )
    ids.update({k: p.id for k, p in people.items()})
    return ids


# --- invokes as Teams sends them --------------------------------------------------------------


def invoke(
    name: str,
    value: Any,
    *,
    service_url: str,
    who: str = "tom",
    conversation_type: str = "groupChat",
    anonymous: bool = False,
) -> dict[str, Any]:
    """An invoke from the compose box of a group chat (the docs' anonymousQueryLink example's shape)."""
    sender = (
        {"id": "redacted", "name": "redacted"}
        if anonymous
        else {"id": f"29:{who}", "name": PEOPLE[who][0], "aadObjectId": PEOPLE[who][1]}
    )
    return {
        "name": name,
        "type": "invoke",
        "timestamp": "2026-11-24T10:00:00.000Z",
        "localTimestamp": "2026-11-24T10:00:00.000+00:00",
        "id": f"f:{uuid.uuid4()}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": sender,
        "conversation": {
            "isGroup": conversation_type != "personal",
            "conversationType": conversation_type,
            "tenantId": TENANT,
            "id": "19:meeting-chat@thread.v2",
        },
        "recipient": BOT,
        "entities": [
            {"locale": "en-GB", "country": "GB", "platform": "Web", "timezone": "Europe/London", "type": "clientInfo"}
        ],
        "channelData": {"tenant": {"id": TENANT}, "source": {"name": "compose"}},
        "value": value,
        "locale": "en-GB",
        "localTimezone": "Europe/London",
    }


def query(
    text: str | None, *, command: str = "findProject", parameter: str = "project", skip: int = 0, count: int = 25
) -> dict[str, Any]:
    """`composeExtension/query`'s value ("Respond to search command"); `text=None` is the initialRun query."""
    parameters = [{"name": "initialRun", "value": "true"}] if text is None else [{"name": parameter, "value": text}]
    return {"commandId": command, "parameters": parameters, "queryOptions": {"skip": skip, "count": count}}


def attachments(body: dict[str, Any]) -> list[dict[str, Any]]:
    assert body["composeExtension"]["type"] == "result", body
    assert body["composeExtension"]["attachmentLayout"] == "list"
    return body["composeExtension"]["attachments"]


def card_text(card: Any) -> str:
    """Every string in a card, joined: what a reader of the card could see or follow."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            out.append(node)

    walk(card)
    return "\n".join(out)
