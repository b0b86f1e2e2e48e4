"""`ask`: one question in, one answer out — what the bot and `dfbot ask` both call.

A read-only unit of work: one statement reads the plan's version and the conversation's follow-up
context; the plan (vocabulary and project facts) comes from memory unless that version moved; parse
and execute (usually one or two more statements). Then, only when it changed, what was talked about
is written in a short write of its own (`Database.writing`), and the answer is rendered.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from programme.access import Viewer
from programme.questions import next_context, parse
from programme.questions.answers import Answer, render
from store import question_repo
from store.db import Database

log = logging.getLogger(__name__)

_plans: dict[str, question_repo.Plan] = {}


async def _plan(session, db: Database, version: int) -> question_repo.Plan:
    """The plan for this database as of `version`, rebuilt when the database's counter moved (per process).

    Two questions arriving together after a change may both rebuild it; that is cheaper than a lock
    shared across event loops, and both results are the same.
    """
    cached = _plans.get(db.url)
    if cached is None or cached.version != version:
        cached = await question_repo.load_plan(session, version)
        _plans[db.url] = cached
    return cached


def forget_vocabulary() -> None:
    """Drop the cached plans (tests, or after a bulk import in the same process)."""
    _plans.clear()


async def ask(db: Database, text: str, viewer: Viewer, *, conversation_id: str | None,
              tz: str = "Europe/London", now: datetime | None = None) -> Answer:
    """Answer `text` for `viewer`; follow-ups are remembered per `conversation_id`."""
    now = now or datetime.now(timezone.utc)
    today = now.astimezone(ZoneInfo(tz)).date()
    async with db.unit_of_work() as session:
        version, state = await question_repo.opening(session, conversation_id)
        plan = await _plan(session, db, version)
        context = question_repo.context_from(state, now)
        query = parse(text, plan.vocab, context, today, tz)
        result = await question_repo.execute(session, query, viewer, now=now, tz=tz, plan=plan)
    following = next_context(context, query)
    if conversation_id and question_repo.context_changed(state, following, now):
        async with db.writing() as session:
            await question_repo.save_context(session, conversation_id, following, now, state, known=True)
    log.info("question answered", extra={"intent": query.intent, "kind": result.kind,
                                         "confidence": query.confidence})
    return render(result, plan.vocab, tz=tz)


async def ask_history(db: Database, project_ref: str, viewer: Viewer, *, conversation_id: str | None,
                      tz: str = "Europe/London", now: datetime | None = None) -> Answer:
    """The "View history" card action: the same engine, asked about one project's RAG history."""
    return await ask(db, f"rag history for {project_ref}", viewer, conversation_id=conversation_id, tz=tz, now=now)
