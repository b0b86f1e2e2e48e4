"""A question corpus folder as a database: the plan, milestones and history through the same import code as
`dfbot plan import` / `dfbot updates import`, then the names in people.csv, the roles in roles.csv and the
last digest from meta.yaml.

A corpus folder (tests/questions/corpus/<name>/) holds plan.csv, milestones.csv, history.csv, people.csv
(email,name), roles.csv (email,role: admin or dlg) and meta.yaml (now, timezone, cycle, last_digest_at).
The people who ask the questions (member, admin, DLG) are added as three people of their own, known to
Teams by their object ids, so the bot finds their roles the way it finds anyone's.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from programme.cycles import Cadence
from programme.planfile import default_framework
from services.files.plan_io import import_path
from store import cycle_repo
from store.db import Database
from store.models import Digest, Enabler, Person, PriorityArea, StaffRole

# Who asks, by viewer role: (name, email, Entra object id).
ASKERS = {
    "member": ("Corpus Member", "corpus.member@example.test", "00000000-0000-0000-0000-00000000c001"),
    "admin": ("Corpus Admin", "corpus.admin@example.test", "00000000-0000-0000-0000-00000000c002"),
    "dlg": ("Corpus DLG", "corpus.dlg@example.test", "00000000-0000-0000-0000-00000000c003"),
}


@dataclass(frozen=True)
class Meta:
    now: datetime
    timezone: str
    cadence: Cadence
    last_digest_at: datetime | None


def read_meta(folder: Path, history_start: date | None = None) -> Meta:
    """meta.yaml; a fortnightly cycle is anchored on the Monday of the first update in the history."""
    doc = yaml.safe_load((folder / "meta.yaml").read_text(encoding="utf-8"))
    frequency = next((f for f in ("fortnightly", "monthly", "weekly") if f in str(doc.get("cycle", ""))), "weekly")
    anchor = (
        history_start - timedelta(days=history_start.weekday())
        if history_start and frequency == "fortnightly"
        else None
    )
    last = doc.get("last_digest_at")
    return Meta(
        now=_moment(doc["now"]),
        timezone=doc.get("timezone", "Europe/London"),
        cadence=Cadence(frequency=frequency, anchor=anchor),
        last_digest_at=_moment(last) if last else None,
    )


def _moment(value) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.astimezone(UTC)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _add_own_framework(session, plan_rows: list[dict[str, str]]) -> None:
    """A council whose plan names its own priority areas or enablers: added to the database first, as its admin
    would have (the framework is the default one plus what the database holds, `store.plan_framework`)."""
    framework = default_framework()
    areas = dict.fromkeys(r["priority_area"].strip() for r in plan_rows if r.get("priority_area", "").strip())
    enablers = dict.fromkeys(e.strip() for r in plan_rows for e in (r.get("enablers") or "").split(";") if e.strip())
    for model, names, known in (
        (PriorityArea, areas, framework.find_area),
        (Enabler, enablers, framework.find_enabler),
    ):
        for position, name in enumerate(n for n in names if known(n) is None):
            key = "-".join(name.lower().replace("&", "and").split())[:64]
            session.add(model(key=key, name=name, description="", position=100 + position))


def _history_start(folder: Path) -> date | None:
    times = [_moment(r["submitted_at"]) for r in _rows(folder / "history.csv") if r.get("submitted_at")]
    return min(times).date() if times else None


async def load_corpus(db: Database, folder: Path) -> Meta:
    """Fill an empty, migrated database from `folder`; returns its meta (now, time zone, cadence)."""
    meta = read_meta(folder, _history_start(folder))
    async with db.unit_of_work() as s:
        await cycle_repo.save_cadence(s, meta.cadence, actor="corpus")
        _add_own_framework(s, _rows(folder / "plan.csv"))
    for name in ("plan.csv", "milestones.csv", "history.csv"):
        await import_path(db, folder / name, actor="corpus", tz=meta.timezone, now=meta.now)
    async with db.unit_of_work() as s:
        people = {p.email.lower(): p for p in (await s.scalars(select(Person))).all() if p.email}
        for row in _rows(folder / "people.csv"):
            email = row["email"].strip().lower()
            person = people.get(email)
            if person is None:
                person = people[email] = Person(email=email, name=row["name"].strip())
                s.add(person)
            elif not person.name:
                person.name = row["name"].strip()
        await s.flush()
        for row in _rows(folder / "roles.csv"):
            email = row["email"].strip().lower()
            person = people.get(email)
            if person is None:
                person = people[email] = Person(email=email, name="")
                s.add(person)
                await s.flush()
            s.add(StaffRole(person_id=person.id, role=row["role"].strip().lower()))
        for role, (name, email, aad) in ASKERS.items():
            asker = Person(name=name, email=email, aad_object_id=aad, teams_user_id=f"29:{aad}")
            s.add(asker)
            await s.flush()
            if role != "member":
                s.add(StaffRole(person_id=asker.id, role=role))
        if meta.last_digest_at:
            s.add(Digest(period_key="corpus-last", status="posted", posted_at=meta.last_digest_at, transport="outbox"))
    return meta
