"""The cycle's life: open, queue prompts, queue reminders and escalations, close; and what admins see.

Each step is idempotent — safe to run from every replica, twice, or after a crash — because each
ends in an insert that does nothing when its row exists (cycle per period key; delivery per
cycle, project, person and kind). Sending is separate (prompts.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from programme import calendar
from programme.cycles import Cadence, Period
from programme.prompting import (
    ESCALATION,
    PROMPT,
    UNREACHABLE_NOTICE,
    Planned,
    escalation_due,
    plan_deliveries,
    plan_reminders,
    reminder_due,
)
from programme.text import uk_date
from store import cycle_repo, delivery_repo, update_repo
from store.db import Database
from store.models import UpdateCycle


@dataclass
class Opened:
    key: str
    created: bool
    queued: int
    due_at: datetime
    closes_at: datetime


async def open_scheduled(db: Database, now: datetime, tz: str, *, actor: str = "scheduler") -> Opened | None:
    """Open the period whose time has come, if any (the scheduler calls this every tick)."""
    async with db.unit_of_work() as s:
        cadence = await cycle_repo.cadence(s)
        period = calendar.period_to_open(
            now,
            cadence,
            tz,
            last_closes_at=await cycle_repo.latest_close(s),
            existing_keys=await cycle_repo.cycle_keys(s),
        )
        if period is None:
            return None
        cycle, created = await cycle_repo.open_cycle(s, period, actor=actor)
    queued = await queue_prompts(db, cycle, now, tz)
    return Opened(cycle.period_key, created, queued, cycle.due_at, cycle.closes_at)


async def open_now(db: Database, now: datetime, tz: str, *, actor: str) -> Opened:
    """An admin's "open a cycle now": the open one if there is one, else this (or the next) period."""
    async with db.unit_of_work() as s:
        latest = await cycle_repo.latest_cycle(s)
        if latest is not None and latest.status == "open" and latest.opens_at <= now < latest.closes_at:
            cycle, created = latest, False
        else:
            cadence = await cycle_repo.cadence(s)
            period = calendar.period_to_open_now(now, cadence, tz)
            cycle, created = await cycle_repo.open_cycle(s, period, actor=actor)
    queued = await queue_prompts(db, cycle, now, tz)
    return Opened(cycle.period_key, created, queued, cycle.due_at, cycle.closes_at)


async def open_period(db: Database, period: Period, now: datetime, tz: str, *, actor: str) -> Opened:
    """Open exactly this period (tests and imports use it; replicas racing here get one cycle)."""
    async with db.unit_of_work() as s:
        cycle, created = await cycle_repo.open_cycle(s, period, actor=actor)
    queued = await queue_prompts(db, cycle, now, tz)
    return Opened(cycle.period_key, created, queued, cycle.due_at, cycle.closes_at)


async def queue_prompts(db: Database, cycle: UpdateCycle, now: datetime, tz: str) -> int:
    """Create the cycle's prompt deliveries, once: whoever marks the cycle prompted does it."""
    async with db.unit_of_work() as s:
        if not await cycle_repo.claim_prompting(s, cycle.id, now):
            return 0
        recipients = await delivery_repo.recipients(s, cycle.period_key)
        planned = plan_deliveries(recipients, calendar.local_today(now, tz), PROMPT)
        return await delivery_repo.insert_planned(s, cycle.id, planned, now)


async def queue_unprompted(db: Database, now: datetime, tz: str) -> int:
    """Open cycles whose prompts were never queued (imported, or a crash right after opening)."""
    async with db.unit_of_work() as s:
        cycles = [
            c for c in await cycle_repo.open_cycles(s) if c.prompted_at is None and c.opens_at <= now < c.closes_at
        ]
    return sum([await queue_prompts(db, c, now, tz) for c in cycles])


async def queue_reminders(db: Database, now: datetime, tz: str) -> int:
    """Reminders whose time has come, to the leads of projects with no update yet."""
    total = 0
    async with db.unit_of_work() as s:
        cadence = await cycle_repo.cadence(s)
        for cycle in await cycle_repo.open_cycles(s):
            kind = reminder_due(
                now,
                due_at=cycle.due_at,
                closes_at=cycle.closes_at,
                opened_at=cycle.prompted_at or cycle.created_at,
                cadence=cadence,
            )
            if kind is None or cycle.prompted_at is None:
                continue
            recipients = await delivery_repo.recipients(s, cycle.period_key)
            responded = await delivery_repo.responded_projects(s, cycle.id)
            planned = plan_reminders(recipients, responded, calendar.local_today(now, tz), kind)
            total += await delivery_repo.insert_planned(s, cycle.id, planned, now)
    return total


async def queue_escalations(db: Database, now: datetime, tz: str) -> int:
    """After the due time, each admin gets one list of the projects with no update."""
    total = 0
    async with db.unit_of_work() as s:
        cadence = await cycle_repo.cadence(s)
        admins = await delivery_repo.admins(s)
        for cycle in await cycle_repo.open_cycles(s):
            if not admins or not escalation_due(now, due_at=cycle.due_at, closes_at=cycle.closes_at, cadence=cadence):
                continue
            responded = await delivery_repo.responded_projects(s, cycle.id)
            missing = {p.id for p in await update_repo.active_projects(s)} - responded  # lead-less ones too
            planned = [Planned(pid, a.id, ESCALATION) for pid in sorted(missing) for a in admins]
            total += await delivery_repo.insert_planned(s, cycle.id, planned, now)
    return total


async def queue_unreachable_notices(db: Database, cycle_id: int, project_ids: set[int], now: datetime) -> int:
    """Tell the admins (once per cycle and project) that some of its leads could not be reached."""
    async with db.unit_of_work() as s:
        admins = await delivery_repo.admins(s)
        planned = [Planned(pid, a.id, UNREACHABLE_NOTICE) for pid in sorted(project_ids) for a in admins]
        return await delivery_repo.insert_planned(s, cycle_id, planned, now)


async def close_due(db: Database, now: datetime) -> list[str]:
    async with db.unit_of_work() as s:
        return await cycle_repo.close_due_cycles(s, now, actor="scheduler")


# ----------------------------------------------------------------------------------- admin settings


async def set_paused(db: Database, paused: bool, *, actor: str) -> None:
    async with db.unit_of_work() as s:
        await cycle_repo.set_scheduler_paused(s, paused, actor=actor)


async def is_paused(db: Database) -> bool:
    async with db.unit_of_work() as s:
        return await cycle_repo.scheduler_paused(s)


async def change_cadence(db: Database, words: str, *, actor: str, now: datetime, tz: str) -> str:
    """Parse and store a new cadence; says what it is and when it starts to count. ValueError if unreadable."""
    async with db.unit_of_work() as s:
        current = await cycle_repo.cadence(s)
        new = calendar.parse_cadence(words, current) if words.strip() else current
        if new != current:
            await cycle_repo.save_cadence(s, new, actor=actor)
        latest = await cycle_repo.latest_cycle(s)
    return describe_change(new, latest, now, tz, changed=new != current)


def describe_change(cadence: Cadence, open_cycle: UpdateCycle | None, now: datetime, tz: str, *, changed: bool) -> str:
    text = f"Cadence: {calendar.describe_cadence(cadence)}."
    if not changed:
        return text
    start = max(now, open_cycle.closes_at) if open_cycle else now
    nxt = calendar.first_opening_after(start, cadence, tz)
    if open_cycle is not None and open_cycle.status == "open":
        text += (
            f" The open cycle keeps its dates (due {uk_date(open_cycle.due_at, tz)}); the change applies from "
            f"the next cycle, which opens {uk_date(nxt.opens_at, tz)}."
        )
    else:
        text += f" The next cycle opens {uk_date(nxt.opens_at, tz)}."
    return text


async def add_closure_day(db: Database, words: str, *, actor: str, now: datetime, tz: str) -> str:
    async with db.unit_of_work() as s:
        cadence = await cycle_repo.cadence(s)
        day = calendar.parse_uk_date(words, calendar.local_today(now, tz))
        if day not in cadence.closure_days:
            cadence = replace(cadence, closure_days=tuple(sorted({*cadence.closure_days, day})))
            await cycle_repo.save_cadence(s, cadence, actor=actor)
    return f"{uk_date(day)} is now a closure day: no cycle opens or falls due on it."


# ----------------------------------------------------------------------------------- admin lists


async def overdue(db: Database, now: datetime, tz: str) -> tuple[str, list[tuple[str, str]]]:
    """The current cycle's projects with no update yet, and what happened to each lead's prompt."""
    async with db.unit_of_work() as s:
        cycle = await cycle_repo.latest_cycle(s, now)
        if cycle is None:
            return "No cycle has opened yet.", []
        responded = await delivery_repo.responded_projects(s, cycle.id)
        deliveries = await delivery_repo.cycle_deliveries(s, cycle.id)
        active = await update_repo.active_projects(s)
    by_project: dict[tuple[str, str], dict[str, str]] = {
        (p.ref, p.name): {"nobody": "no lead or deputy to ask: assign one"} for p in active if p.id not in responded
    }
    for d in deliveries:
        if d["project_id"] in responded:
            continue
        people = by_project.setdefault((d["ref"], d["project"]), {})
        people.pop("nobody", None)
        people[d["person"] or d["email"] or "someone"] = _status_words(d)
    late = "overdue" if now > cycle.due_at else "not in yet"
    intro = (
        f"Cycle {cycle.period_key}, due {uk_date(cycle.due_at, tz)}: {len(by_project)} update(s) {late}, "
        f"{len(responded)} received."
    )
    rows = [
        (f"{name} ({ref})", "; ".join(f"{who}: {what}" for who, what in people.items()))
        for (ref, name), people in sorted(by_project.items())
    ]
    return intro, rows


def _status_words(d: dict[str, Any]) -> str:
    words = {
        "sent": "prompted",
        "pending": "prompt queued",
        "sending": "prompt being sent",
        "away": d["note"],
        "delegated": d["note"],
        "unreachable": f"unreachable ({d['note']})",
        "failed": f"send failed ({d['note']})",
        "skipped": "skipped",
    }
    return str(words.get(d["status"], d["status"]))


async def unreachable(db: Database, now: datetime) -> tuple[str, list[tuple[str, str]]]:
    async with db.unit_of_work() as s:
        cycle = await cycle_repo.latest_cycle(s, now)
        rows = await delivery_repo.unreachable_leads(s, cycle.id if cycle else None)
        duplicates = await delivery_repo.possible_duplicates(s, cycle.id) if cycle else 0
    intro = f"{len(rows)} lead(s) the bot cannot reach."
    if duplicates:
        intro += (
            f" Up to {duplicates} prompt(s) this cycle may have arrived twice: they were resent after an "
            "interruption, and only those Teams had already delivered before it arrived twice."
        )
    return intro, [(f"{r['person']} ({r['role']}, {r['ref']})", r["reason"]) for r in rows]


async def status(db: Database, now: datetime, tz: str) -> str:
    async with db.unit_of_work() as s:
        cadence = await cycle_repo.cadence(s)
        paused = await cycle_repo.scheduler_paused(s)
        cycle = await cycle_repo.latest_cycle(s, now)
        counts = await delivery_repo.counts_by_status(s, cycle.id) if cycle else {}
        responded = await delivery_repo.responded_projects(s, cycle.id) if cycle else set()
    lines = [
        f"Cadence: {calendar.describe_cadence(cadence)}.",
        "Prompts are **paused**." if paused else "Prompts are running.",
    ]
    if cycle is None:
        lines.append("No cycle has opened yet.")
    else:
        lines.append(
            f"Cycle {cycle.period_key} ({cycle.status}): opened {uk_date(cycle.opens_at, tz)}, due "
            f"{uk_date(cycle.due_at, tz)}, closes {uk_date(cycle.closes_at, tz)}; {len(responded)} "
            "update(s) received."
        )
        if counts:
            lines.append("Deliveries: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + ".")
    return "\n\n".join(lines)
