"""What admins and the DLG read in Teams: the staff list and the audit log (services/admin.py re-exports
these)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cards import admin as cards
from programme.access import Viewer, may_administer
from programme.admin_commands import (
    PLAN_ENTITIES,
    AuditLine,
    Invalid,
    audit_changes,
    audit_what,
    audit_when,
    audit_window,
)
from programme.text import cards_escape, text_escape
from services.reply import Reply
from store import admin_repo
from store.db import Database
from store.models import AuditEntry, Person

from .admin_guard import READ_AUDIT, refusal
from .admin_situation import _person_label

AUDIT_SHOWN = 15


# --------------------------------------------------------------------------- reading


async def staff_list(db: Database, viewer: Viewer) -> Reply:
    """Who the admins and DLG members are: names for anyone, emails too for an admin in a 1:1 chat."""
    full = may_administer(viewer) and viewer.in_private_chat
    async with db.unit_of_work() as s:
        rows = await admin_repo.staff(s)

    def shown(p: Person) -> str:
        return cards_escape(_person_label(p.name, p.email) if full else (p.name or "an admin not yet named"), 200)

    admins = [shown(p) for p, role in rows if role == "admin"]
    dlg = [shown(p) for p, role in rows if role == "dlg"]
    if not full:
        names = ", ".join(text_escape(p.name or "", 80) for p, role in rows if role == "admin" and p.name)
        return Reply(
            text=f"The programme office admins are {names}."
            if names
            else "No admins have talked to me yet. Ask the Digital First programme office."
        )
    return Reply(card=cards.staff_card(admins, dlg))


async def audit_view(db: Database, viewer: Viewer, words: str, *, plan_only: bool, tz: str, now: datetime) -> Reply:
    """The newest audit entries (all, or only the plan's), optionally between dates."""
    if (why := await refusal(db, viewer, doing=READ_AUDIT)) is not None:
        return Reply(text=why)
    zone = ZoneInfo(tz)
    try:
        window = audit_window(words, now.astimezone(zone).date())
    except Invalid as exc:
        return Reply(text=str(exc))
    since, until = _bounds(window.start if window else None, window.end if window else None, zone)
    entities = PLAN_ENTITIES if plan_only else ()
    async with db.unit_of_work() as s:
        entries = await admin_repo.audit_entries(s, since=since, until=until, entities=entities, limit=AUDIT_SHOWN)
        total = await admin_repo.count_audit_entries(s, since=since, until=until, entities=entities)
    title = "What changed in the plan" if plan_only else "Audit log"
    when = f" {window.label}" if window else ""
    if not entries:
        return Reply(text=f"Nothing was recorded{when}.")
    intro = (
        f"The {len(entries)} most recent of {total} entries{when}, newest first."
        if total > len(entries)
        else f"{total} {'entry' if total == 1 else 'entries'}{when}, newest first."
    )
    footer = "For the whole log as a spreadsheet, type **audit export**."
    return Reply(card=cards.audit_card(title, intro, [_entry(e, tz) for e in entries], footer), text=intro)


def _bounds(start: date | None, end: date | None, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """Local calendar days (both ends inclusive) as UTC moments [since, until)."""
    since = datetime.combine(start, time(), zone) if start else None
    until = datetime.combine(end + timedelta(days=1), time(), zone) if end else None
    return since, until


def _entry(e: AuditEntry, tz: str) -> dict[str, Any]:
    line = AuditLine(e.at, e.actor, e.action, e.entity, e.entity_key, e.before, e.after)
    return {
        "when": audit_when(e.at, tz),
        "who": cards_escape(e.actor or "unknown", 120),
        "what": cards_escape(audit_what(line), 300),
        "changes": [cards_escape(c, 300) for c in audit_changes(e.before, e.after)],
    }


def export_pointer(viewer: Viewer) -> str:
    """Teams can't hand a file over in a 1:1 chat without asking first, so the export stays on the server."""
    return (
        "The whole audit log is exported as a spreadsheet (CSV) on the server that runs the bot: "
        "`dfbot audit export audit.csv` (add `--since 2026-03-01` for part of it). Ask whoever runs the bot; "
        "the file holds people's emails, so keep it somewhere safe. Here in Teams, **audit since 1 March** "
        "or **what changed in the plan this month** shows the latest entries."
    )
