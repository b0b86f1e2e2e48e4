"""The programme office's changes in Teams: propose on a card, apply on Confirm.

Nothing changes when a command is typed: the bot answers with a confirm card that carries the
intended change and the state the admin saw. On Confirm the change is read again as an untrusted
claim, the person's rights are checked again (they may have lost them since), and the current state
is compared with what the card showed: already done → say so; changed meanwhile → a fresh card;
otherwise the change is written with its audit entry in one unit of work. Permission comes from
programme/access.py and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cards import admin as cards
from programme.access import PERSONAL, Viewer, may_administer, may_record_decisions, may_see_missing_updates
from programme.admin_commands import (
    PLAN_ENTITIES,
    PROJECT_OPS,
    STATUS_EFFECT,
    STATUS_OF_VERB,
    AreaName,
    AuditLine,
    Change,
    Invalid,
    Labels,
    PersonName,
    already,
    audit_changes,
    audit_what,
    audit_when,
    audit_window,
    check_name,
    done,
    match_area,
    match_people,
    parse_new_project,
    person_query,
    question,
    read_change,
    rename_splits,
    status_problem,
)
from programme.text import cards_escape, text_escape
from programme.updates import ProjectName, match_projects
from services import admin_handover, unlinked_accounts
from services.reply import Reply
from store import admin_repo
from store.db import Database, Session
from store.models import AuditEntry, Person, Project

AUDIT_SHOWN = 15
PRIVATE_ONLY = (
    "Admin commands only work in a 1:1 chat with me, where nobody else can see the answer. Open a "
    "chat with me (select my name, then Chat) and type it there. Nothing was changed."
)
NOT_IDENTIFIED = "I can't tell who you are, so I can't make changes for you. Open a 1:1 chat with me in Teams."


@dataclass
class Situation:
    """Where a change stands against the database right now."""

    labels: Labels
    current: dict[str, Any]
    already: bool = False
    problem: str | None = None
    rows: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def actor(viewer: Viewer) -> str:
    return viewer.email or viewer.name or "teams user"


# --------------------------------------------------------------------------- who may


CHANGE_PLAN = "change the plan or who does what"
GIVES_A_ROLE = ("add_role", "grant_staff", "hand_over")  # changes that give someone a role, maybe by email
READ_AUDIT = "read the audit log"


async def refusal(db: Database, viewer: Viewer, *, doing: str = CHANGE_PLAN, audience: str = "admin") -> str | None:
    """The one admin guard: why this person may not do this here (None when they may), saying whom to ask.

    `audience` "admin" is the programme office; "staff" adds the DLG (lists of people). Either way only in
    a 1:1 chat, where nobody else sees the answer. "dlg" is who records the DLG's decisions (DLG members
    and admins), wherever the card is: the answer to a button goes only to whoever pressed it. The command
    and action registries call it for every command and button of those audiences; the services call it
    again before they change anything."""
    if audience == "dlg":  # the DLG's decisions: DLG members and admins, in the channel's card too
        if may_record_decisions(viewer):
            return None
        whom = await _whom_to_ask(db)
        return f"Only DLG members and programme office admins can {doing}, so I haven't done anything. {whom}"
    # Their roles first (would they be allowed in a 1:1 chat?), so an admin in a channel is told where
    # to ask, not that only admins may.
    allowed = may_see_missing_updates(viewer.in_scope(PERSONAL)) if audience == "staff" else may_administer(viewer)
    if not allowed:
        who = "admins and the DLG" if audience == "staff" else "programme office admins"
        return f"Only {who} can {doing}, so I haven't done anything. {await _whom_to_ask(db)}"
    if not viewer.in_private_chat:
        return PRIVATE_ONLY
    return None


async def _whom_to_ask(db: Database) -> str:
    async with db.unit_of_work() as s:
        names = [p.name or p.email or "" for p, role in await admin_repo.staff(s) if role == "admin"]
    names = [text_escape(n, 80) for n in names if n][:3]
    if not names:
        return "Ask the Digital First programme office if something needs changing."
    return f"Ask {' or '.join(names)} (programme office) if something needs changing."


# --------------------------------------------------------------------------- proposing


async def propose_role(
    db: Database, viewer: Viewer, *, add: bool, kind: str, who: str, project: str, admin_emails: list[str]
) -> Reply:
    """`assign lead …`, `add deputy …`, `remove lead …`: a confirm card, or a question back."""
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    try:
        email, name = person_query(who)
    except Invalid as exc:
        return Reply(text=str(exc))
    change = Change(op="add_role" if add else "remove_role", role=kind, email=email, who=name)
    return await _propose(db, viewer, change, project, admin_emails)


async def propose_staff(
    db: Database, viewer: Viewer, *, grant: bool, role: str, who: str, admin_emails: list[str]
) -> Reply:
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    try:
        email, name = person_query(who)
    except Invalid as exc:
        return Reply(text=str(exc))
    change = Change(op="grant_staff" if grant else "revoke_staff", role=role, email=email, who=name)
    return await _propose(db, viewer, change, "", admin_emails)


async def propose_status(db: Database, viewer: Viewer, *, verb: str, project: str) -> Reply:
    return await _propose(db, viewer, Change(op="set_status", status=STATUS_OF_VERB[verb]), project, [])


async def propose_rename(db: Database, viewer: Viewer, words: str) -> Reply:
    """`rename <project> to <new name>`: the first reading whose project part names a project wins."""
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    splits = rename_splits(words)
    if not splits:
        return Reply(
            text="Write it as **rename** *project* **to** *new name*, e.g. **rename CIT-02 to Digital inclusion**."
        )
    async with db.unit_of_work() as s:
        catalogue = await _catalogue(s)
    old, new = next(((o, n) for o, n in splits if _exact(o, catalogue)), splits[0])
    try:
        name = check_name(new)
    except Invalid as exc:
        return Reply(text=str(exc))
    return await _propose(db, viewer, Change(op="rename", name=name), old, [])


async def propose_project(db: Database, viewer: Viewer, words: str) -> Reply:
    """`add project CIT-04 Digital parking permits in Digital Citizen`."""
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    try:
        new = parse_new_project(words)
    except Invalid as exc:
        return Reply(text=str(exc))
    async with db.unit_of_work() as s:
        area_list = [AreaName(a.key, a.name) for a in await admin_repo.areas(s)]
    found = match_area(new.area_text, area_list)
    if len(found) != 1:
        names = ", ".join(a.name for a in area_list)
        return Reply(text=f"Which priority area? I know {text_escape(names, 400)}. Nothing was changed.")
    return await _propose(db, viewer, Change(op="add_project", ref=new.ref, name=new.name, area=found[0].key), "", [])


async def choose(db: Database, viewer: Viewer, data: dict[str, Any], admin_emails: list[str]) -> Reply:
    """A "which one?" button: the change with one more thing made definite; propose it again."""
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    try:
        change = read_change(data.get("change"), resolved=False)
    except Invalid as exc:
        return Reply(text=f"{exc} Nothing was changed.")
    return await _propose(db, viewer, change, "", admin_emails)


async def _propose(db: Database, viewer: Viewer, change: Change, project_query: str, admin_emails: list[str]) -> Reply:
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    async with db.unit_of_work() as s:
        resolved = await _resolve(s, change, project_query)
        if isinstance(resolved, Reply):
            return resolved
        situation = await _situation(s, resolved, admin_emails)
    if isinstance(situation, Reply):  # the project went between finding it and reading where it stands
        return situation
    if situation.already:
        return Reply(text=f"{already(_shown(resolved), situation.labels)} Nothing to change.")
    if situation.problem:
        return Reply(text=situation.problem)
    return Reply(card=_confirm_card(resolved.but(expect=situation.current), situation))


def _confirm_card(change: Change, situation: Situation, note: str = "") -> dict[str, Any]:
    notes = ([note] if note else []) + situation.notes + ["Nothing changes until you press Confirm."]
    return cards.confirm_card(question(_shown(change), situation.labels), situation.rows, notes, change.to_data())


# --------------------------------------------------------------------------- finding what was meant


async def _catalogue(s: Session) -> list[ProjectName]:
    return [
        ProjectName(p.id, p.ref, p.name, tuple(a.alias for a in p.aliases)) for p in await admin_repo.all_projects(s)
    ]


def _exact(query: str, catalogue: list[ProjectName]) -> bool:
    q = query.casefold()
    return any(q in (p.ref.casefold(), p.name.casefold(), *(a.casefold() for a in p.aliases)) for p in catalogue)


async def _resolve(s: Session, change: Change, project_query: str) -> Change | Reply:
    """Turn what was typed into a definite project and person, or ask which one was meant."""
    if change.op in PROJECT_OPS and not change.ref:
        found = match_projects(project_query, await _catalogue(s))
        if not found:
            return Reply(
                text=f"I couldn't find a project called “{text_escape(project_query, 80)}”. Type "
                "**projects** to see them, or use its ref (e.g. CIT-02). Nothing was changed."
            )
        if len(found) > 1:
            options = [(f"{p.name[:40]} ({p.ref})", change.but(ref=p.ref).to_data()) for p in found]
            return Reply(
                card=cards.choice_card(
                    "Which project?", f"More than one project matches “{cards_escape(project_query, 80)}”.", options
                )
            )
        change = change.but(ref=found[0].ref)
    if change.who and not (change.email or change.person_id):
        return await _resolve_person(s, change)
    return change


async def _resolve_person(s: Session, change: Change) -> Change | Reply:
    people = [PersonName(p.id, p.name, p.email) for p in await admin_repo.known_people(s) if p.name]
    found = match_people(change.who, people)
    if not found:
        return Reply(
            text=f"I don't know anyone called “{text_escape(change.who, 80)}” yet. Use their work email "
            "instead, e.g. **assign lead jo.bloggs@council.example to CIT-02**. Nothing was changed."
        )
    if len(found) > 1:
        options = [(_person_label(p.name, p.email)[:60], _person_change(change, p).to_data()) for p in found]
        return Reply(
            card=cards.choice_card(
                "Which person?",
                f"More than one person is called something like “{cards_escape(change.who, 80)}”.",
                options,
            )
        )
    return _person_change(change, found[0])


def _person_change(change: Change, person: PersonName) -> Change:
    if person.email:
        return change.but(email=person.email, person_id=None, who="")
    return change.but(email="", person_id=person.id, who="")


def _person_label(name: str | None, email: str | None) -> str:
    if name and email:
        return f"{name} ({email})"
    return name or email or "someone"


def _shown(change: Change) -> Change:
    """The change with what people typed made safe to show inside a sentence."""
    return change.but(name=cards_escape(change.name, 300), ref=cards_escape(change.ref, 64))


# --------------------------------------------------------------------------- where a change stands


async def _situation(s: Session, change: Change, admin_emails: list[str]) -> Situation | Reply:
    if change.op in ("grant_staff", "revoke_staff"):
        return await _staff_situation(s, change, admin_emails)
    if change.op == "add_project":
        return await _new_project_situation(s, change)
    project = await admin_repo.project_by_ref(s, change.ref)
    if project is None:
        return Reply(text=f"There is no project {cards_escape(change.ref, 64)} any more. Nothing was changed.")
    if change.op in ("add_role", "remove_role"):
        return await _role_situation(s, change, project)
    if change.op == "hand_over":
        return Situation(**await admin_handover.situation(s, change, project, _project_label(project)))
    if change.op == "rename":
        return await _rename_situation(s, change, project)
    return _status_situation(change, project)


def _project_label(project: Project) -> str:
    return f"{cards_escape(project.name, 120)} ({cards_escape(project.ref, 64)})"


async def _person_of(s: Session, change: Change) -> Person | None:
    return await admin_repo.person(s, email=change.email, person_id=change.person_id)


async def _role_situation(s: Session, change: Change, project: Project) -> Situation:
    roles = await admin_repo.project_roles(s, project.id)
    person = await _person_of(s, change)
    key = change.email or f"#{change.person_id}"
    current = {"holders": admin_repo.holders(roles, change.role)}
    labels = Labels(
        project=_project_label(project),
        person=cards_escape(_person_label(person.name if person else "", change.email or None), 200),
    )
    plural = "Leads" if change.role == "lead" else "Deputies"
    names = admin_repo.holder_names(roles, change.role)
    situation = Situation(
        labels,
        current,
        rows=[("Project", labels.project), (f"{plural} now", cards_escape(", ".join(names), 400) or "none")],
    )
    holds = key in current["holders"]
    situation.already = holds if change.op == "add_role" else not holds
    if (unlinked := await unlinked_accounts.note(s, change.email)) is not None and change.op == "add_role":
        situation.notes.append(unlinked)  # a guest's or another tenant's account gave it: never theirs by email
    elif person is None:
        situation.notes.append(
            "I haven't met this person yet: they will be added by their email, and linked to "
            "their Teams account when they first talk to me."
        )
    if change.op == "remove_role" and change.role == "lead" and len(current["holders"]) == 1 and holds:
        situation.notes.append(
            "This project will have no lead: nobody will be prompted for its updates until you assign one."
        )
    if project.status != "active":
        situation.notes.append(f"The project is {project.status}, so nobody is prompted for it at the moment.")
    return situation


async def _rename_situation(s: Session, change: Change, project: Project) -> Situation:
    labels = Labels(project=_project_label(project))
    situation = Situation(
        labels,
        {"name": project.name},
        already=project.name == change.name,
        rows=[
            ("Ref (stays)", cards_escape(project.ref, 64)),
            ("Name now", cards_escape(project.name, 300)),
            ("New name", cards_escape(change.name, 300)),
        ],
    )
    other = await admin_repo.name_taken(s, change.name, other_than=project.id)
    if other is not None:
        situation.problem = (
            f"{_project_label(other)} is already called that; two projects with one name "
            "can't be told apart. Nothing was changed."
        )
    situation.notes.append("The old name stays as an alias, so people who ask by it still find the project.")
    return situation


def _status_situation(change: Change, project: Project) -> Situation:
    labels = Labels(project=_project_label(project))
    situation = Situation(
        labels,
        {"status": project.status},
        already=project.status == change.status,
        rows=[("Project", labels.project), ("Status now", project.status), ("Status after", change.status)],
    )
    if not situation.already:
        situation.problem = status_problem(change.verb, labels.project, project.status)
    situation.notes.append(STATUS_EFFECT[change.status])
    return situation


async def _new_project_situation(s: Session, change: Change) -> Situation:
    areas = {a.key: a.name for a in await admin_repo.areas(s)}
    labels = Labels(area=cards_escape(areas.get(change.area, change.area), 200))
    existing = await admin_repo.project_by_ref(s, change.ref)
    situation = Situation(
        labels,
        {"exists": existing is not None},
        rows=[
            ("Ref", cards_escape(change.ref, 64)),
            ("Name", cards_escape(change.name, 300)),
            ("Priority area", labels.area),
        ],
    )
    if existing is not None:
        situation.already = existing.name.casefold() == change.name.casefold()
        situation.problem = (
            f"The ref {cards_escape(change.ref, 64)} is already used by {_project_label(existing)}. "
            "Choose another ref. Nothing was changed."
        )
    elif (other := await admin_repo.name_taken(s, change.name)) is not None:
        situation.problem = f"{_project_label(other)} already has that name. Nothing was changed."
    elif change.area not in areas:
        situation.problem = "I don't know that priority area any more. Nothing was changed."
    situation.notes.append("It starts active, with no lead: assign one next.")
    return situation


async def _staff_situation(s: Session, change: Change, admin_emails: list[str]) -> Situation:
    person = await _person_of(s, change)
    roles = await admin_repo.staff_roles_of(s, person.id if person else None)
    label = cards_escape(_person_label(person.name if person else "", change.email or None), 200)
    situation = Situation(
        Labels(person=label), {"roles": roles}, rows=[("Person", label), ("Roles now", ", ".join(roles) or "none")]
    )
    granting = change.op == "grant_staff"
    situation.already = (change.role in roles) == granting
    if not granting and change.role == "admin" and not situation.already:
        if person is not None and await admin_repo.admin_ids(s) == [person.id]:
            situation.problem = (
                f"{label} is the only admin, and the bot always needs one. Make someone else an "
                "admin first. Nothing was changed."
            )
        if change.email and change.email in admin_emails:
            situation.notes.append(
                "This email is in ADMIN_EMAILS, so they become an admin again the next time they "
                "message me unless it is taken out of the bot's configuration."
            )
    if granting and (unlinked := await unlinked_accounts.note(s, change.email)) is not None:
        situation.notes.append(unlinked)  # a guest's or another tenant's account gave it: never theirs by email
    elif granting and person is None:
        situation.notes.append(
            "I haven't met this person yet: the role is kept for their email and applies when they first talk to me."
        )
    return situation


# --------------------------------------------------------------------------- confirming


async def confirm(db: Database, viewer: Viewer, data: dict[str, Any], admin_emails: list[str]) -> Reply:
    """Confirm pressed: rights and state checked again, then the change and its audit entry, at once."""
    if viewer.person_id is None:
        return Reply(text=NOT_IDENTIFIED)
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    try:
        change = read_change(data.get("change"))
    except Invalid as exc:
        return Reply(text=f"{exc} Nothing was changed.")
    try:
        return await _confirm_in(db, change, actor(viewer), admin_emails)
    except admin_repo.Conflict:  # the unit of work was rolled back: nothing half-done stays
        return Reply(
            text="Someone made the same change at the same moment. Type the command again to see where "
            "things stand. Nothing more was changed."
        )
    except Invalid as exc:
        return Reply(text=str(exc))


async def _confirm_in(db: Database, change: Change, who: str, admin_emails: list[str]) -> Reply:
    """One unit of work: what stands now, then the change, or why not."""
    async with db.unit_of_work() as s:
        situation = await _situation(s, change, admin_emails)
        if isinstance(situation, Reply):
            return situation
        if situation.already:
            return Reply(card=cards.done_card("Already done", already(_shown(change), situation.labels)))
        if situation.current != change.expect:
            note = "Something changed since this card was made, so here it is again as things are now."
            return Reply(
                card=_confirm_card(change.but(expect=situation.current), situation, note)
                if not situation.problem
                else None,
                text=situation.problem,
            )
        if situation.problem:
            return Reply(text=situation.problem)
        await _apply(s, change, who, admin_emails)
    return Reply(card=cards.done_card("Done", done(_shown(change), situation.labels)))


async def _apply(s: Session, change: Change, who: str, admin_emails: list[str]) -> None:
    if change.op in ("add_role", "remove_role"):
        project = await _project(s, change.ref)
        person = await _person_or_new(s, change, who)
        run = admin_repo.add_role if change.op == "add_role" else admin_repo.remove_role
        await run(s, project, person, change.role, actor=who)
    elif change.op == "hand_over":
        await admin_handover.apply(s, change, await _person_or_new(s, change, who), who)
    elif change.op == "rename":
        await admin_repo.rename_project(s, await _project(s, change.ref), change.name, actor=who)
    elif change.op == "set_status":
        await admin_repo.set_status(s, await _project(s, change.ref), change.status, verb=change.verb, actor=who)
    elif change.op == "add_project":
        await admin_repo.create_project(s, ref=change.ref, name=change.name, area_key=change.area, actor=who)
    elif change.op == "grant_staff":
        await admin_repo.grant_staff_role(s, await _person_or_new(s, change, who), change.role, actor=who)
    else:
        await _revoke_staff(s, change, who)


async def _project(s: Session, ref: str) -> Project:
    project = await admin_repo.project_by_ref(s, ref)
    assert project is not None, ref  # `_situation` found it in this unit of work, and projects are never deleted
    return project


async def _person_or_new(s: Session, change: Change, who: str) -> Person:
    if change.email:
        return await admin_repo.person_for_email(s, change.email, actor=who)
    person = await admin_repo.person(s, person_id=change.person_id)
    if person is None:
        raise Invalid("That person is no longer known to the bot. Nothing was changed.")
    return person


async def _revoke_staff(s: Session, change: Change, who: str) -> None:
    """Never the last admin: the admin rows are locked while counting, so two removals cannot cross."""
    person = await _person_or_new(s, change, who)
    if change.role == "admin" and await admin_repo.admin_ids(s, lock=True) == [person.id]:
        raise Invalid("They are the only admin, and the bot always needs one. Nothing was changed.")
    await admin_repo.revoke_staff_role(s, person, change.role, actor=who)


async def cancel(db: Database, viewer: Viewer, data: dict[str, Any]) -> Reply:
    return Reply(card=cards.done_card("Cancelled", "Nothing was changed."))


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
