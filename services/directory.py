"""People as the council's directory knows them: looked up at import and once a day, leavers noticed.

Every person the plan gives a role (leads and deputies of live projects, admins, DLG members) is
asked about: someone already linked to an Entra object id is checked by that id, anyone else is
looked up by email (programme/directory.py says in what order). What comes back fills in names the
plan lacked and links the person to their Teams account by object id. A lead, deputy or admin whose
account is now disabled or deleted is a leaver: in the same unit of work the departure is audited,
prompts not yet sent to them are skipped and the admins' "who takes over?" cards are raised (once,
however many replicas notice: store/directory_repo.py); services/leavers.py sends those cards.

Without DIRECTORY_CREDENTIAL none of this runs: the process says so once in its log and on /readyz.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from infra.config import Settings
from programme.directory import (
    DELETED,
    LEFT,
    NOT_FOUND,
    UNKNOWN,
    Directory,
    DirectoryRefused,
    Lookup,
    disabled_warning,
    missing_people_warning,
)
from services import alerts
from services.context import AppContext
from store import directory_repo
from store.directory_repo import Subject

log = logging.getLogger("dfbot.directory")
OFF = (
    "off: DIRECTORY_CREDENTIAL is not set, so people are not looked up in the council's directory, leavers "
    "are not noticed and nobody is installed for"
)


def status_line(settings: Settings) -> str:
    """One line for the log at start-up and for /readyz (the directory being off is not "not ready")."""
    if not settings.directory_credential:
        return OFF
    reach = "on" if settings.directory_reach_everyone else "off"
    return f"on ({settings.directory_credential}); reach everyone: {reach}"


@dataclass
class CheckReport:
    asked: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    names_filled: int = 0
    linked: int = 0
    newly_left: int = 0
    returned: int = 0
    notices: int = 0
    clashes: int = 0
    by_email: dict[str, str] = field(default_factory=dict)  # email -> status, for the import's warnings
    elapsed: float = 0.0

    def __str__(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items())) or "nobody"
        return (
            f"{self.asked} asked ({counts}); {self.names_filled} names filled in, {self.linked} linked by object id, "
            f"{self.newly_left} newly left ({self.notices} cards for admins), {self.returned} back; "
            f"{self.elapsed:.1f} s"
        )


async def check_people(
    ctx: AppContext, directory: Directory, *, emails: set[str] | None = None, now: datetime | None = None
) -> CheckReport:
    """Ask the directory about everyone with a role (and `emails`), keep the answers, handle leavers."""
    started, now = time.monotonic(), now or ctx.now()
    async with ctx.db.unit_of_work() as s:
        people = await directory_repo.subjects(s, emails)
    by_id = [p for p in people if p.object_id]
    id_answers = await directory.check_by_id([p.object_id for p in by_id if p.object_id]) if by_id else {}
    # An object id only Teams gave (the directory never confirmed it) that the directory does not know is
    # not proof of leaving: such a person is looked up by email instead, like someone never found.
    unconfirmed = {
        p.person_id
        for p in by_id
        if not p.id_from_directory and (id_answers.get(p.object_id or "") or Lookup("")).status == DELETED and p.email
    }
    by_id = [p for p in by_id if p.person_id not in unconfirmed]
    by_email = [p for p in people if (not p.object_id or p.person_id in unconfirmed) and p.email]
    email_answers = await directory.find_by_email([p.email for p in by_email if p.email]) if by_email else {}
    pairs: list[tuple[Subject, Lookup]] = [
        (p, id_answers.get(p.object_id or "") or Lookup(p.object_id or "", error="no answer")) for p in by_id
    ]
    pairs += [
        (p, email_answers.get((p.email or "").lower()) or Lookup(p.email or "", error="no answer")) for p in by_email
    ]  # (`or ""` for the type checker: both lists hold only people with one)
    report = CheckReport(asked=len(pairs))
    async with ctx.db.unit_of_work() as s:
        saved = await directory_repo.save(s, pairs, now)
        statuses = {p.person_id: lookup.status for p, lookup in pairs}
        for person_id in saved.newly_left:
            report.notices += await directory_repo.handle_leaver(
                s, person_id, statuses[person_id], now, previous=saved.previous.get(person_id, "unknown")
            )
    for subject, lookup in pairs:
        report.statuses[lookup.status] = report.statuses.get(lookup.status, 0) + 1
        if subject.email:
            report.by_email[subject.email.lower()] = lookup.status
    report.names_filled, report.linked = saved.names_filled, saved.linked
    report.newly_left, report.returned, report.clashes = len(saved.newly_left), len(saved.returned), len(saved.clashes)
    report.elapsed = time.monotonic() - started
    if saved.clashes:
        log.warning(
            "%d people in the plan have a directory object id already linked to another person record; left unlinked",
            len(saved.clashes),
        )
    log.info("directory check: %s", report)
    return report


async def check_import(ctx: AppContext, emails: dict[str, list[str]]) -> list[str]:
    """After a plan import: look its people up now; warnings (with their rows) for the ones the
    directory does not know or knows as disabled. Never fails the import."""
    if ctx.directory is None or not emails:
        return []
    try:
        report = await check_people(ctx, ctx.directory, emails=set(emails))
    except DirectoryRefused as exc:
        return [f"The council's directory could not be asked about the plan's people: {exc}"]
    warnings = []
    for email, places in sorted(emails.items(), key=lambda item: item[1][0] if item[1] else ""):
        status = report.by_email.get(email)
        if status == NOT_FOUND:
            warnings.append(missing_people_warning(email, places))
        elif status in LEFT:
            warnings.append(disabled_warning(email, places))
        elif status == UNKNOWN:
            warnings.append(
                f"{'; '.join(places[:3])}: {email} could not be checked in the directory just now; the "
                "daily check will try again."
            )
    return warnings


async def daily_check(ctx: AppContext) -> CheckReport | None:
    """The scheduler's once-a-day check (the first tick of each UTC day, on whichever replica acts)."""
    if ctx.directory is None:
        return None
    now = ctx.now()
    day = now.date().isoformat()
    async with ctx.db.unit_of_work() as s:
        if await directory_repo.ran_on(s, day):
            return None
    try:
        report = await check_people(ctx, ctx.directory, now=now)
    except DirectoryRefused as exc:
        await alerts.raise_alert(
            ctx.db,
            f"directory-refused:{day}",
            f"The daily check of the council's directory failed: {exc} Until it works, leavers "
            "are not noticed. It is tried again tomorrow, or now with `dfbot directory check`.",
            "urgent",
            category="directory",
            now=now,
        )
        report = None
    async with ctx.db.unit_of_work() as s:
        await directory_repo.mark_ran(s, day, now)
    return report
