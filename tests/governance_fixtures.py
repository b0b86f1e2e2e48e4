"""A small programme with one person's data spread everywhere the bot can put it.

Zoë O'Brien leads Digital Inclusion and sits on the DLG. Her name, email and Teams ids are in the
places a real deployment puts them: her person row, roles, chats, the follow-up memory of her 1:1
chat, her updates, a prompt, a digest she approved, audit entries, another lead's update that
mentions her, and a digest page in the outbox (HTML-escaped). Sam Patel is the control: nothing
about him may change when Zoë is forgotten.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from store import models as M
from store.db import Database

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

ZOE_NAME = "Zoë O'Brien"
ZOE_EMAIL = "zoe.obrien@council.example"
ZOE_AAD = "aad-zoe-0000-1111"
ZOE_TEAMS = "29:zoe-teams-id"
ZOE_CHAT = "a:zoe-personal-chat"
SAM_NAME = "Sam Patel"
SAM_EMAIL = "sam.patel@council.example"
DLG_CHANNEL = "19:dlg-channel@thread.tacv2"

SENSITIVE_RISK = "Unpatched firewall CVE-2026-4242 on the care portal"
OPEN_RISK = "Volunteer recruitment is slow"
SCRIPT = "<script>alert('x')</script>"
ZOE_IDENTIFIERS = (ZOE_NAME, ZOE_EMAIL, ZOE_AAD, ZOE_TEAMS)


@dataclass
class Seeded:
    zoe_id: int
    sam_id: int
    inclusion_id: int
    care_id: int
    cycle_id: int
    zoe_update_id: int
    sam_update_id: int


def _cycle(key: str, opens: datetime) -> M.UpdateCycle:
    return M.UpdateCycle(
        period_key=key,
        opens_at=opens,
        due_at=opens + timedelta(days=3),
        closes_at=opens + timedelta(days=7),
        status="closed",
    )


async def seed(db: Database, outbox: Path | None = None) -> Seeded:
    async with db.unit_of_work() as s:
        area = M.PriorityArea(key="digital-citizen", name="Digital Citizen", position=1)
        s.add(area)
        await s.flush()
        inclusion = M.Project(ref="CIT-01", name="Digital Inclusion", priority_area_id=area.id)
        care = M.Project(ref="CAR-02", name="Virtual Social Care", priority_area_id=area.id)
        zoe = M.Person(name=ZOE_NAME, email=ZOE_EMAIL, aad_object_id=ZOE_AAD, teams_user_id=ZOE_TEAMS)
        sam = M.Person(name=SAM_NAME, email=SAM_EMAIL, aad_object_id="aad-sam", teams_user_id="29:sam")
        cycle = _cycle("2026-W47", NOW - timedelta(days=9))
        s.add_all([inclusion, care, zoe, sam, cycle])
        await s.flush()
        s.add_all(
            [
                M.ProjectRole(project_id=inclusion.id, person_id=zoe.id, role="lead"),
                M.ProjectRole(project_id=care.id, person_id=sam.id, role="lead"),
                M.StaffRole(person_id=zoe.id, role="dlg"),
                M.ConversationRef(
                    person_id=zoe.id,
                    aad_object_id=ZOE_AAD,
                    user_id=ZOE_TEAMS,
                    user_name=ZOE_NAME,
                    conversation_id=ZOE_CHAT,
                    conversation_type="personal",
                    service_url="http://x/",
                ),
                M.ConversationRef(
                    person_id=zoe.id,
                    aad_object_id=ZOE_AAD,
                    user_id=ZOE_TEAMS,
                    user_name=ZOE_NAME,
                    conversation_id=DLG_CHANNEL,
                    conversation_type="channel",
                    service_url="http://x/",
                ),
                M.ConversationRef(
                    person_id=sam.id,
                    aad_object_id="aad-sam",
                    user_id="29:sam",
                    user_name=SAM_NAME,
                    conversation_id=DLG_CHANNEL,
                    conversation_type="channel",
                    service_url="http://x/",
                ),
                M.ConversationState(conversation_id=ZOE_CHAT, state={"last_project": "CIT-01", "welcomed": True}),
                M.PromptDelivery(cycle_id=cycle.id, project_id=inclusion.id, person_id=zoe.id, status="sent"),
            ]
        )
        zoe_update = M.StatusUpdate(
            project_id=inclusion.id,
            cycle_id=cycle.id,
            version=1,
            submitted_at=NOW - timedelta(days=8),
            submitted_by_id=zoe.id,
            submitted_by_name=ZOE_NAME,
            rag="amber",
            rag_reason="Volunteers short",
            progress_pct=40,
            summary=f"Hubs open in 3 libraries {SCRIPT}",
            achievements="Trained 40 champions",
            next_steps="Open two more hubs",
            blockers="",
            asks_of_dlg="Approve the tablet loan scheme",
            risks=[{"text": OPEN_RISK, "sensitive": False}, {"text": SENSITIVE_RISK, "sensitive": True}],
        )
        sam_update = M.StatusUpdate(
            project_id=care.id,
            cycle_id=cycle.id,
            version=1,
            submitted_at=NOW - timedelta(days=7),
            submitted_by_id=sam.id,
            submitted_by_name=SAM_NAME,
            rag="green",
            progress_pct=70,
            summary=f"Waiting on {ZOE_NAME} ({ZOE_EMAIL}) to sign off the shared kit list.",
            risks=[],
        )
        s.add_all([zoe_update, sam_update])
        s.add(
            M.Digest(
                period_key="2026-W47",
                cycle_id=cycle.id,
                status="posted",
                approved_by=ZOE_EMAIL,
                content={
                    "not_updated": [],
                    "projects": [
                        {"ref": "CIT-01", "lead": ZOE_NAME, "lead_email": ZOE_EMAIL, "rag": "amber"},
                        {"ref": "CAR-02", "lead": SAM_NAME, "rag": "green"},
                    ],
                },
            )
        )
        s.add_all(
            [
                M.AuditEntry(
                    actor="import",
                    action="create",
                    entity="person",
                    entity_key=ZOE_EMAIL,
                    after={"name": ZOE_NAME},
                    at=NOW - timedelta(days=30),
                ),
                M.AuditEntry(
                    actor="import",
                    action="create",
                    entity="project",
                    entity_key="CIT-01",
                    after={"leads": [ZOE_EMAIL], "deputies": []},
                    at=NOW - timedelta(days=30),
                ),
                M.AuditEntry(
                    actor=ZOE_EMAIL,
                    action="submit",
                    entity="status_update",
                    entity_key="CIT-01 2026-W47 v1",
                    after={"rag": "amber"},
                    at=NOW - timedelta(days=8),
                ),
                M.AuditEntry(
                    actor="ADMIN_EMAILS",
                    action="grant_role",
                    entity="person",
                    entity_key=ZOE_EMAIL,
                    after={"role": "dlg", "aad": ZOE_AAD},
                    at=NOW - timedelta(days=20),
                ),
                M.AuditEntry(
                    actor=SAM_EMAIL,
                    action="submit",
                    entity="status_update",
                    entity_key="CAR-02 2026-W47 v1",
                    after={"rag": "green"},
                    at=NOW - timedelta(days=7),
                ),
            ]
        )
        delegation = getattr(M, "Delegation", None)
        if delegation is not None:
            s.add(
                delegation(period_key="2026-W48", project_id=inclusion.id, from_person_id=zoe.id, to_person_id=sam.id)
            )
        await s.flush()
        seeded = Seeded(zoe.id, sam.id, inclusion.id, care.id, cycle.id, zoe_update.id, sam_update.id)
    if outbox is not None:
        outbox.mkdir(parents=True, exist_ok=True)
        (outbox / "digest-2026-W47.html").write_text(
            f"<html><body><p>Digital Inclusion (lead {html.escape(ZOE_NAME)}, {ZOE_EMAIL}): Amber</p>"
            f"<p>Virtual Social Care (lead {SAM_NAME}): Green</p></body></html>",
            encoding="utf-8",
        )
    return seeded


async def every_stored_text(db: Database) -> list[tuple[str, str, str]]:
    """(table, column, text) for every non-empty string or JSON value in every table."""
    from sqlalchemy import select

    found = []
    async with db.unit_of_work() as s:
        for table in M.Base.metadata.sorted_tables:
            for row in (await s.execute(select(table))).mappings():
                for column, value in row.items():
                    if isinstance(value, str) and value:
                        found.append((table.name, column, value))
                    elif isinstance(value, (dict, list)):
                        found.append((table.name, column, json.dumps(value, ensure_ascii=False)))
    return found


def leaks(texts: list[tuple[str, str, str]], identifiers=ZOE_IDENTIFIERS) -> list[tuple[str, str, str]]:
    """Values that still hold any identifier, in any case, raw or escaped."""
    forms = set()
    for ident in identifiers:
        forms |= {ident.lower(), html.escape(ident).lower(), json.dumps(ident)[1:-1].lower()}
    return [(t, c, v) for t, c, v in texts if any(f in v.lower() for f in forms)]
