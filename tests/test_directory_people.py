"""Knowing the people, on SQLite and PostgreSQL: a 200-email plan is looked up at import (names filled
in, object ids linked, the unknown and the disabled reported with their rows); a lead who leaves is
found by the daily check once however many replicas run it, prompts to them stop, the admins get one
card per project and the deputy is made lead on Confirm, audited, with the leaver's history intact;
and without credentials everything is skipped with one log line and a line on /readyz."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from programme.cycles import Period
from services import cycles, directory, leavers
from services.context import AppContext
from services.directory import check_import, check_people
from services.files.plan_io import import_path
from store import models as M
from store.db import Database
from tests.botserver import running_bot, settings_for
from tests.directory_fixtures import directory_for
from tests.fakes.connector import FakeConnector, RateLimits
from tests.fakes.graph import FakeGraph
from tests.test_admin import Chat

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
HEADER = "ref,name,priority_area,enablers,description,lead_name,lead_email,deputy_email,start_date,end_date,aliases\n"
ADMIN = "bo.boss@council.example"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def plan_csv(path, rows: list[tuple[str, str, str, str]]):
    """(ref, lead name, lead email, deputy email) per project, in one priority area."""
    lines = [f"{ref},Project {ref},Digital Citizen,,,{name},{lead},{deputy},,," for ref, name, lead, deputy in rows]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


async def count(db: Database, query) -> int:
    async with db.unit_of_work() as s:
        return (await s.execute(query)).scalar_one()


async def test_importing_200_emails_fills_names_links_ids_and_reports_the_unknown_and_the_disabled(db, tmp_path):
    async with FakeGraph() as fake:
        rows = []
        for i in range(100):
            lead, deputy = f"lead{i}@council.example", f"deputy{i}@council.example"
            fake.directory.add_user(f"Lead Person{i}", lead, job_title="Project lead")
            fake.directory.add_user(f"Deputy Person{i}", deputy)
            rows.append((f"CIT-{i:03d}", "", lead, deputy))
        rows[41] = ("CIT-041", "", "lead41@council.example", "deputy.typo41@council.example")  # not in the directory
        fake.directory.disable(
            next(u["id"] for u in fake.directory.users.values() if u["userPrincipalName"] == "lead77@council.example")
        )
        report = await import_path(db, plan_csv(tmp_path / "plan.csv", rows), actor="test")
        assert len(report.emails) == 200
        ctx = AppContext(settings=settings_for(db.url), db=db, directory=directory_for(fake), clock=lambda: NOW)
        try:
            warnings = await check_import(ctx, report.emails)
        finally:
            await ctx.close_directory()
    assert len(warnings) == 2
    unknown, disabled = warnings
    assert unknown.startswith("row 43, column deputy_email: deputy.typo41@council.example is not in the council's")
    assert disabled.startswith("row 79, column lead_email: lead77@council.example has a disabled account")
    async with db.unit_of_work() as s:
        people = {p.email: p for p in (await s.scalars(select(M.Person))).all()}
        records = {r.person_id: r for r in (await s.scalars(select(M.DirectoryPerson))).all()}
        leavers_ = (await s.scalars(select(M.LeaverNotice))).all()
        [left] = (await s.scalars(select(M.AuditEntry).where(M.AuditEntry.action == "left"))).all()
    assert people["lead3@council.example"].name == "Lead Person3"  # the plan gave only an email
    assert people["lead3@council.example"].aad_object_id == records[people["lead3@council.example"].id].object_id
    assert records[people["lead3@council.example"].id].job_title == "Project lead"
    assert records[people["deputy.typo41@council.example"].id].status == "not_found"
    assert people["deputy.typo41@council.example"].aad_object_id is None
    assert records[people["lead77@council.example"].id].status == "disabled"
    assert [(n.role, n.subject) for n in leavers_] == [("lead", f"project:{await _project_id(db, 'CIT-077')}")]
    assert sum(r.status == "active" for r in records.values()) == 198
    assert (left.entity_key, left.before, left.after) == (
        "lead77@council.example",
        {"directory": "unknown"},
        {"directory": "disabled"},
    )  # never seen enabled


async def _project_id(db: Database, ref: str) -> int:
    return await count(db, select(M.Project.id).where(M.Project.ref == ref))


# ----------------------------------------------------------------------------------- leavers


async def test_a_leaver_is_handled_once_across_two_replicas_and_the_deputy_takes_over(db, tmp_path):
    async with FakeGraph() as fake, FakeConnector(limits=RateLimits.unlimited()) as connector:
        priya = fake.directory.add_user("Priya Sharma", "priya.sharma@council.example")
        fake.directory.add_user("Sam Jones", "sam.jones@council.example")
        bo = fake.directory.add_user("Bo Boss", ADMIN)
        await import_path(
            db,
            plan_csv(
                tmp_path / "plan.csv",
                [
                    ("CIT-01", "", "priya.sharma@council.example", "sam.jones@council.example"),
                    ("CIT-02", "", "priya.sharma@council.example", ""),
                ],
            ),
            actor="test",
        )
        first = AppContext(settings=settings_for(db.url), db=db, directory=directory_for(fake), clock=lambda: NOW)
        await check_people(first, first.directory)  # at import: everyone active, ids linked
        await first.close_directory()
        await _history_and_a_pending_prompt(db)

        async with running_bot(db, admin_emails=ADMIN) as bot:
            member = connector.add_member("team", id="29:bo", name="Bo Boss", aad_object_id=bo["id"], email=ADMIN)
            admin = Chat(bot, connector, member)
            await admin.say("help")
            fake.directory.disable(priya["id"])
            replica_a = bot.context
            replica_a.directory = directory_for(fake)
            other_db = Database(db.url)
            replica_b = AppContext(
                settings=replica_a.settings, db=other_db, messenger=replica_a.messenger, directory=directory_for(fake)
            )
            try:
                checked = await asyncio.gather(directory.daily_check(replica_a), directory.daily_check(replica_b))
                sent = await asyncio.gather(leavers.deliver(replica_a), leavers.deliver(replica_b))
                again = await directory.daily_check(replica_a)  # the day's check is done
                tomorrow = await check_people(replica_a, replica_a.directory)  # still disabled: nothing new
            finally:
                await replica_b.close_directory()
                await other_db.dispose()
            assert sum(r.newly_left for r in checked if r) == 1 and again is None and tomorrow.newly_left == 0
            assert sum(sent) == 2
            next_week = Period(
                "2026-W51",
                date(2026, 12, 14),
                datetime(2026, 12, 14, 9, tzinfo=UTC),
                datetime(2026, 12, 17, 17, tzinfo=UTC),
                datetime(2026, 12, 21, 9, tzinfo=UTC),
            )
            await cycles.open_period(db, next_week, NOW, "Europe/London", actor="test")
            async with db.unit_of_work() as s:
                prompted = set(
                    (
                        await s.scalars(
                            select(M.Person.email)
                            .join(M.PromptDelivery, M.PromptDelivery.person_id == M.Person.id)
                            .where(M.PromptDelivery.status == "pending")
                        )
                    ).all()
                )
            assert prompted == {"sam.jones@council.example"}  # Priya still holds two roles, but has left
            cards = [
                a["attachments"][0]["content"]
                for a in connector.sent_to(admin.conversation)
                if a.get("attachments") and "has left" in str(a["attachments"][0]["content"])
            ]
            assert len(cards) == 2  # one per project, once
            cit01 = next(c for c in cards if "CIT-01" in str(c))
            assert "**Priya Sharma** has left the council (their account was disabled)" in cit01["body"][1]["text"]
            assert [a["title"] for a in cit01["actions"]] == [
                "Make Sam Jones the lead",
                "Assign them",
                "Pause the project",
            ]

            confirm = await admin.press(cit01, "Make Sam Jones the lead")
            assert (
                "Make Sam Jones (sam.jones@council.example) the lead of Project CIT-01 (CIT-01) in place of "
                "Priya Sharma (priya.sharma@council.example)?" in str(confirm)
            )
            done = await admin.press(confirm, "Confirm")
            assert "is now the lead of" in str(done)

            cit02 = next(c for c in cards if "CIT-02" in str(c))
            assign = next(a for a in cit02["actions"] if a["title"] == "Assign them")
            assign["data"]["who"] = "ola.new@council.example"  # what Teams adds from the card's input box
            confirm = await admin.press(cit02, "Assign them")
            assert "Make ola.new@council.example the lead of Project CIT-02" in str(confirm)
            await admin.press(confirm, "Confirm")

    async with db.unit_of_work() as s:
        roles = (
            await s.execute(
                select(M.Project.ref, M.ProjectRole.role, M.Person.email)
                .join(M.ProjectRole, M.ProjectRole.project_id == M.Project.id)
                .join(M.Person, M.Person.id == M.ProjectRole.person_id)
                .order_by(M.Project.ref)
            )
        ).all()
        left = (await s.scalars(select(M.AuditEntry).where(M.AuditEntry.action == "left"))).all()
        update = (await s.scalars(select(M.StatusUpdate))).one()
        prompt = (
            await s.scalars(select(M.PromptDelivery).join(M.UpdateCycle).where(M.UpdateCycle.period_key == "2026-W50"))
        ).one()
        priya_row = (await s.scalars(select(M.Person).where(M.Person.email == "priya.sharma@council.example"))).one()
    assert sorted(roles) == [
        ("CIT-01", "lead", "sam.jones@council.example"),
        ("CIT-02", "lead", "ola.new@council.example"),
    ]
    assert [(e.entity_key, e.before, e.after) for e in left] == [
        ("priya.sharma@council.example", {"directory": "active"}, {"directory": "disabled"})
    ]
    assert (update.submitted_by_id, update.submitted_by_name) == (priya_row.id, "Priya Sharma")  # history stays hers
    assert prompt.status == "skipped" and "left" in prompt.last_error


async def _history_and_a_pending_prompt(db: Database) -> None:
    """A past update by Priya, and this week's cycle opened with its prompts queued but not yet sent."""
    period = Period(
        "2026-W50",
        date(2026, 12, 7),
        datetime(2026, 12, 7, 9, tzinfo=UTC),
        datetime(2026, 12, 10, 17, tzinfo=UTC),
        datetime(2026, 12, 14, 9, tzinfo=UTC),
    )
    async with db.unit_of_work() as s:
        priya = (await s.scalars(select(M.Person).where(M.Person.email == "priya.sharma@council.example"))).one()
        project = (await s.scalars(select(M.Project).where(M.Project.ref == "CIT-02"))).one()
        old = M.UpdateCycle(
            period_key="2026-W49",
            opens_at=datetime(2026, 11, 30, tzinfo=UTC),
            due_at=datetime(2026, 12, 3, tzinfo=UTC),
            closes_at=datetime(2026, 12, 7, tzinfo=UTC),
            status="closed",
        )
        s.add(old)
        await s.flush()
        s.add(
            M.StatusUpdate(
                project_id=project.id,
                cycle_id=old.id,
                submitted_at=old.due_at,
                submitted_by_id=priya.id,
                submitted_by_name="Priya Sharma",
                rag="green",
                summary="On track",
            )
        )
    await cycles.open_period(db, period, NOW, "Europe/London", actor="test")
    async with db.unit_of_work() as s:  # keep only Priya's prompt for CIT-02, still pending
        rows = (await s.scalars(select(M.PromptDelivery))).all()
        for row in rows:
            if not (row.person_id == priya.id and row.project_id == project.id):
                await s.delete(row)


# ----------------------------------------------------------------------------------- no credentials


async def test_without_credentials_everything_is_skipped_with_one_log_line_and_readyz_says_so(db, caplog):
    from dfbot.scheduler import Scheduler

    caplog.set_level(logging.INFO, logger="dfbot.directory")
    async with running_bot(db) as bot:
        status, body = await bot.get("/readyz")
        ctx = bot.context
        report = await Scheduler(ctx, ctx.require_messenger()).tick()
        assert await directory.daily_check(ctx) is None
    assert status == 200 and body["status"] == "ready"
    assert body["directory"].startswith("off: DIRECTORY_CREDENTIAL is not set")
    lines = [r.getMessage() for r in caplog.records if r.name == "dfbot.directory"]
    assert lines == [
        "directory off: DIRECTORY_CREDENTIAL is not set, so people are not looked up in the council's "
        "directory, leavers are not noticed and nobody is installed for"
    ]
    assert report.leader
    assert await count(db, select(func.count()).select_from(M.DirectoryPerson)) == 0
    assert await count(db, select(func.count()).select_from(M.AdminAlert)) == 0  # no step failed


async def test_half_given_credentials_stop_the_start_naming_what_is_missing(db):
    from dfbot.web import create_app

    with pytest.raises(
        ValueError,
        match="DIRECTORY_CREDENTIAL=client_secret needs MicrosoftAppId, MicrosoftAppTenantId, MicrosoftAppPassword",
    ):
        create_app(settings_for(db.url, directory_credential="client_secret"), db)


async def test_two_replicas_saving_the_same_departure_at_once_see_it_once(db):
    """The compare-and-set itself: replica B reads the person as active before replica A commits the
    departure; B's move is then refused by the database, not by luck in timing."""
    from programme.directory import DirectoryUser, Lookup
    from store import directory_repo
    from store.directory_repo import Subject

    async with db.unit_of_work() as s:
        person = M.Person(name="Priya Sharma", email="priya@council.example", aad_object_id="oid-priya")
        s.add(person)
        await s.flush()
        s.add(M.DirectoryPerson(person_id=person.id, object_id="oid-priya", status="active"))
    subject = Subject(person.id, person.email, "oid-priya", "active", True)
    gone = Lookup("oid-priya", DirectoryUser("oid-priya", "Priya Sharma", account_enabled=False), found_by="id")
    other = Database(db.url)
    try:
        async with db.sessions() as a, other.sessions() as b:
            first = await directory_repo.save(a, [(subject, gone)], NOW)
            second_task = asyncio.create_task(directory_repo.save(b, [(subject, gone)], NOW))
            await asyncio.sleep(0.3)  # B has read "active" (PostgreSQL) or waits for the write lock (SQLite)
            await a.commit()
            second = await second_task
            await b.commit()
    finally:
        await other.dispose()
    assert (first.newly_left, second.newly_left) == ([person.id], [])
