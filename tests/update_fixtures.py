"""A small programme for the update-cycle tests: three projects, their leads, an admin, and each
person on a FakeConnector roster with a stored 1:1 conversation reference (as after they installed
the bot). "Now" is Tuesday 24 November 2026, 10:00 UTC: cycle 2026-W48 (due Thursday 17:00)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from store import people_repo
from store.db import Database
from store.models import Milestone, Person, Project, ProjectRole, PromptDelivery, StaffRole, StatusUpdate
from tests.fakes.connector import FakeConnector, Member

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
TZ = "Europe/London"
TEAM = "19:digital-first-leads@thread.tacv2"


@dataclass(frozen=True)
class Who:
    key: str
    name: str
    email: str
    aad: str
    teams_id: str


PRIYA = Who("priya", "Priya Shah", "priya.shah@council.example", "aad-priya", "29:priya")
SAM = Who("sam", "Sam Patel", "sam.patel@council.example", "aad-sam", "29:sam")
ALEX = Who("alex", "Alex Reid", "alex.reid@council.example", "aad-alex", "29:alex")
ADA = Who("ada", "Ada Admin", "ada@council.example", "aad-ada", "29:ada")
JO = Who("jo", "Jo Bloggs", "jo.bloggs@council.example", "aad-jo", "29:jo")
EVERYONE = (PRIYA, SAM, ALEX, ADA, JO)

# ref, name, leads, deputies
PROJECTS = [
    ("DC01", "Digital inclusion", [PRIYA], [SAM]),
    ("DC02", "Virtual social care", [PRIYA], []),
    ("DC03", "Data platform", [ALEX], []),
]


async def seed(
    db: Database, connector: FakeConnector | None = None, *, refs: bool = True, people: tuple[Who, ...] = EVERYONE
) -> dict[str, Any]:
    """Projects, roles, an admin, milestones; with a connector, rosters and 1:1 references too."""
    ids: dict[str, Any] = {}
    async with db.unit_of_work() as s:
        persons = {}
        for w in people:
            p = Person(name=w.name, email=w.email, aad_object_id=w.aad, teams_user_id=w.teams_id)
            s.add(p)
            persons[w.key] = p
        await s.flush()
        s.add(StaffRole(person_id=persons["ada"].id, role="admin"))
        for ref, name, leads, deputies in PROJECTS:
            project = Project(ref=ref, name=name)
            s.add(project)
            await s.flush()
            ids[ref] = project.id
            for i, w in enumerate(leads):
                s.add(ProjectRole(project_id=project.id, person_id=persons[w.key].id, role="lead", position=i))
            for i, w in enumerate(deputies):
                s.add(ProjectRole(project_id=project.id, person_id=persons[w.key].id, role="deputy", position=i))
        s.add(Milestone(project_id=ids["DC01"], title="Pilot in two libraries", due_date=date(2027, 1, 15)))
        ids.update({w.key: persons[w.key].id for w in people})
    if connector is not None:
        for w in people:
            connector.add_member(TEAM, id=w.teams_id, name=w.name, aad_object_id=w.aad, email=w.email)
        if refs:
            async with db.unit_of_work() as s:
                for w in people:
                    connector.open_personal_chat(w.teams_id)  # the 1:1 chat exists (they installed the bot)
                    await people_repo.save_conversation_ref(s, reference=reference(connector, w), person_id=ids[w.key])
    return ids


def reference(connector: FakeConnector, who: Who) -> dict[str, Any]:
    return {
        "channelId": "msteams",
        "serviceUrl": connector.url,
        "conversation": {
            "id": connector.personal_conversation_id(who.teams_id),
            "conversationType": "personal",
            "tenantId": connector.tenant_id,
        },
        "bot": {"id": connector.bot_id},
        "user": {"id": who.teams_id, "aadObjectId": who.aad, "name": who.name},
    }


def member(connector: FakeConnector, who: Who) -> Member:
    found = connector.find_member(who.teams_id)
    assert found is not None
    return found


def chat(connector: FakeConnector, who: Who) -> str:
    return connector.personal_conversation_id(who.teams_id)


def invoke(connector: FakeConnector, who: Who, data: dict[str, Any], activity_id: str | None = None) -> dict[str, Any]:
    """An Action.Execute click (Teams merges the card's inputs into the action's data)."""
    act = connector.make_message(
        member(connector, who),
        activity_type="invoke",
        value={"action": {"type": "Action.Execute", "verb": data.get("verb"), "data": data}, "trigger": "manual"},
    )
    act["name"] = "adaptiveCard/action"
    if activity_id:
        act["id"] = activity_id
    return act


def actions_of(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The card's buttons by title (including those in ActionSets), each an Action.Execute."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Execute":
                found[node["title"]] = node
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(card)
    return found


def inputs_of(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                found[node["id"]] = node
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(card)
    return found


def texts(card: dict[str, Any]) -> str:
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in {"text", "title", "value", "label"} and isinstance(v, str):
                    out.append(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(card)
    return "\n".join(out)


def click(card: dict[str, Any], title: str, **inputs: Any) -> dict[str, Any]:
    """What Teams sends when `title` is clicked with `inputs` typed in."""
    action = actions_of(card)[title]
    return {**action["data"], **inputs}


AMBER = {
    "rag": "amber",
    "rag_reason": "Supplier delay on devices",
    "progress_pct": "40",
    "summary": "Pilot sites chosen; devices late.",
    "achievements": "Two libraries signed up",
    "next_steps": "Chase the supplier",
    "risk_1": "Devices may miss the pilot date",
    "risk_1_sensitive": "false",
    "risk_2": "Firewall change needed",
    "risk_2_sensitive": "true",
    "blockers": "",
    "asks_of_dlg": "Approve spend",
}


async def updates(db: Database, ref: str | None = None) -> list[StatusUpdate]:
    async with db.unit_of_work() as s:
        q = select(StatusUpdate).join(Project, Project.id == StatusUpdate.project_id).order_by(StatusUpdate.id)
        if ref:
            q = q.where(Project.ref == ref)
        return list((await s.execute(q)).scalars())


async def deliveries(db: Database) -> list[PromptDelivery]:
    async with db.unit_of_work() as s:
        return list((await s.execute(select(PromptDelivery).order_by(PromptDelivery.id))).scalars())
