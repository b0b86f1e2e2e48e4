"""Every project's latest update kept in memory (behind the trigger-maintained `updates` counter, migration
0006) answers lists, counts and "what changed" exactly as the database does without it; the board built on
it (store/question_board.py: indexes by area, RAG and time, lists kept per snapshot) answers the same the
second time as the first, and a new update is seen at once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event, insert, select

from programme.questions import parse
from services.ask import ask, forget_vocabulary
from store import question_repo
from store.models import DataVersion, Project, StatusUpdate
from tests.questions import fixture
from tests.questions.conftest import ADMIN, MEMBER_IN_CHANNEL, TODAY

QUESTIONS = [
    "which projects are red?",
    "how many projects are amber in digital care?",
    "which projects are in digital care?",
    "what changed since the last digest?",
    "what changed since monday?",
    "which projects went red this month?",
    "which projects changed rag since 1 november?",
    "what changed in digital council since last monday?",
    "which projects have not reported?",
    "how many projects have not reported?",
    # answered from the board's indexes and kept lists
    "which projects are red or amber?",
    "which projects aren't green?",
    "which projects are green in digital care?",
    "which area has the most reds?",
    "which project is furthest along?",
    "which project is least far along?",
    "which projects have updated this week?",
    "which projects have updated in the last week?",
    "which projects updated since 1 november?",
    "what got worse this week?",
    "what got better since monday?",
    "which red projects have updated this week?",
    # windows ending now that hold two updates of some projects: the update before the window read once
    "what changed in the last fortnight?",
    "what changed since 1 november?",
    "what got worse in the last month?",
    "which projects went red in the last 3 weeks?",
    "which projects changed rag in the last fortnight in digital care?",
]


def _facts(result) -> tuple:
    changes = [
        (c.project.ref, c.before.rag if c.before else None, c.after.rag, c.after.progress) for c in result.changes
    ]
    return (result.kind, [p.ref for p in result.projects], result.count, result.total, changes, result.unchanged_count)


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
async def test_the_snapshot_answers_as_the_database_does(db, plan):
    async with db.reading() as conn:
        version, updates_version, _ = await question_repo.opening(conn, None)
        known = await question_repo.load_plan(conn, version)
        latest = await question_repo.load_latest(conn, updates_version)
        assert len(latest.updates) == sum(1 for p in fixture.PROJECTS if p.rags.strip("-"))
        for text in QUESTIONS:
            query = parse(text, known.vocab, None, TODAY)
            assert query.answerable, text
            direct = await question_repo.execute(conn, query, ADMIN, now=fixture.NOW, plan=known)
            cached = await question_repo.execute(conn, query, ADMIN, now=fixture.NOW, plan=known, latest=latest)
            assert _facts(cached) == _facts(direct), text
            again = await question_repo.execute(conn, query, ADMIN, now=fixture.NOW, plan=known, latest=latest)
            assert _facts(again) == _facts(direct), text
    forget_vocabulary()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_a_window_holding_two_updates_of_a_project_is_read_once(db, plan):
    """ "What changed in the last fortnight?" with weekly cycles: each project's update before the window is not
    in the snapshot, so it is read from the database once per snapshot and window; asked again, the answer (the
    same) costs only the opening statement, as a window holding one update of each project always did."""
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    first = await ask(db, "what changed in the last fortnight?", ADMIN, conversation_id=None, now=fixture.NOW)
    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        again = await ask(db, "what changed in the last fortnight?", ADMIN, conversation_id=None, now=fixture.NOW)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    assert again.data == first.data and first.data.get("projects")
    assert len(statements) == 1, statements  # question_repo.opening
    forget_vocabulary()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_a_search_asked_again_reads_nothing_but_the_opening(db, plan):
    """The matching updates' rows are kept on the snapshot with the search's ranking: asked again, the same
    answer from the opening statement alone (each viewer's risks still filtered as the row is read)."""
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    first = await ask(db, "any updates mentioning funding", ADMIN, conversation_id=None, now=fixture.NOW)
    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        again = await ask(db, "any updates mentioning funding", ADMIN, conversation_id=None, now=fixture.NOW)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    assert again.data == first.data and again.text == first.text and first.data.get("projects")
    assert len(statements) == 1, statements  # question_repo.opening
    forget_vocabulary()


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
async def test_a_kept_update_row_shows_each_viewer_only_what_they_may_read(db, plan):
    """An admin's search keeps the row whose sensitive risk they may read; a member's search of the same word
    reads that kept row and still never sees the risk."""
    admin = await ask(db, "any updates mentioning supplier", ADMIN, conversation_id=None, now=fixture.NOW)
    member = await ask(db, "any updates mentioning supplier", MEMBER_IN_CHANNEL, conversation_id=None, now=fixture.NOW)
    assert "CAR-04" in admin.data["projects"] and "CAR-04" in member.data["projects"]
    assert "financial instability" in admin.text.lower()
    assert "financial instability" not in (member.text + json.dumps(member.data, default=str)).lower()
    forget_vocabulary()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_a_new_update_is_seen_by_the_next_list(db, plan):
    """The board is made from one snapshot: an update that turns a project red is in the next answer."""

    async def red_refs() -> list[str]:
        answer = await ask(db, "which projects are red?", ADMIN, conversation_id=None, now=fixture.NOW)
        return sorted(answer.data["projects"])

    before = await red_refs()
    assert before == await red_refs()  # asked again: the same, from the kept list
    async with db.unit_of_work() as s:
        row = (
            await s.execute(
                select(StatusUpdate)
                .where(StatusUpdate.rag != "red")
                .order_by(StatusUpdate.submitted_at.desc())
                .limit(1)
            )
        ).scalar_one()
        ref = (await s.execute(select(Project.ref).where(Project.id == row.project_id))).scalar_one()
        values = {c.name: getattr(row, c.key) for c in StatusUpdate.__table__.columns if c.name != "id"}
        await s.execute(insert(StatusUpdate).values({**values, "version": row.version + 1, "rag": "red"}))
    after = await red_refs()
    assert ref not in before and ref in after
    forget_vocabulary()


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
async def test_a_new_update_moves_the_updates_counter(db, plan):
    async def counter() -> int:
        async with db.reading() as conn:
            return (await conn.execute(select(DataVersion.version).where(DataVersion.name == "updates"))).scalar_one()

    before = await counter()
    async with db.unit_of_work() as s:
        row = (await s.execute(select(StatusUpdate).limit(1))).scalar_one()
        values = {c.name: getattr(row, c.key) for c in StatusUpdate.__table__.columns if c.name != "id"}
        await s.execute(insert(StatusUpdate).values({**values, "version": row.version + 1}))
    assert await counter() > before
