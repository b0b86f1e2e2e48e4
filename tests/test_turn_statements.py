"""Every statement a message turn sends is compiled once per process, not once per turn: SQLAlchemy says so
in its engine log ("[cached since …]" where it reused the compiled form, "[generated in …]" the first time,
"[no key …]" for a construct it cannot cache and so compiles every time). The redelivery claim was such a
construct (the dialects' INSERT … ON CONFLICT DO NOTHING) and cost every turn a compilation."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import func, select

from store import models as M
from store import processed_repo
from tests.test_admin import chats


@contextmanager
def compiled(db):
    """The engine's log lines that say how each statement was compiled, while the block runs."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    log = logging.getLogger("sqlalchemy.engine.Engine")
    handler, level = Keep(), log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        log.removeHandler(handler)
        log.setLevel(level)


def _how(lines: list[str]) -> list[str]:
    """For each statement logged: its first line, and how it was compiled ('cached', 'generated', 'no key')."""
    out = []
    for before, line in zip(lines, lines[1:], strict=False):
        for how in ("no key", "generated in", "cached since"):
            if line.startswith(f"[{how}"):
                out.append(f"{how}: {before.splitlines()[0][:90]}")
    return out


async def test_a_turn_compiles_no_statement_again(db):
    async with chats(db) as (_admin, member):
        for text in ("help", "which projects are red?", "who leads digital inclusion?"):
            await member.say(text)  # every statement these turns send, compiled for the first time
        with compiled(db) as lines:
            await member.say("help")
            await member.say("which projects are red?")
            await member.say("who leads digital inclusion?")
    how = _how(lines)
    assert any(h.startswith("cached since: INSERT INTO processed_activities") for h in how), how
    assert [h for h in how if not h.startswith("cached since")] == []


async def test_the_claim_is_won_once_and_stored_as_before(db):
    now = datetime(2026, 12, 6, 22, 30, 15, 123456, tzinfo=UTC)
    async with db.engine.begin() as conn:
        assert await processed_repo.claim(conn, "k-1", "message", now)
    async with db.engine.begin() as conn:
        assert not await processed_repo.claim(conn, "k-1", "message", now)
    async with db.reading() as conn:
        row = (await conn.execute(select(M.ProcessedActivity).where(M.ProcessedActivity.key == "k-1"))).one()
        count = (await conn.execute(select(func.count()).select_from(M.ProcessedActivity))).scalar_one()
    assert (row.kind, row.status, row.processed_at) == ("message", "processing", now) and count == 1
