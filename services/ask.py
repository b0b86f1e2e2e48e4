"""`ask`: one question in, one answer out — what the bot and `dfbot ask` both call.

A read-only connection: one statement reads the plan's version and the conversation's follow-up
context; the plan (vocabulary and project facts) comes from memory unless that version moved; parse
and execute (usually one or two more statements). Then, only when it changed, what was talked about
is written (batched with other chats' in one short transaction), and the answer is rendered.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from programme.access import Viewer
from programme.questions import next_context, parse
from programme.questions.answer_base import Answer
from programme.questions.answers import render
from programme.questions.answers_help import combine, small_talk
from programme.questions.message import read_message
from programme.questions.parts import carry_filter
from programme.questions.query import LED_BY_PERSON, PROJECT_LEADS, Context, Query
from programme.questions.results import Result
from store import question_repo
from store.db import Connection, Database

from . import language

log = logging.getLogger(__name__)

_plans: dict[str, question_repo.Plan] = {}
_latest: dict[str, question_repo.Latest] = {}


async def _plan(conn: Connection, db: Database, version: int) -> question_repo.Plan:
    """The plan for this database as of `version`, rebuilt when the database's counter moved (per process).

    Two questions arriving together after a change may both rebuild it; that is cheaper than a lock
    shared across event loops, and both results are the same.
    """
    cached = _plans.get(db.url)
    if cached is None or cached.version != version:
        cached = await question_repo.load_plan(conn, version)
        _plans[db.url] = cached
    return cached


async def _snapshot(conn: Connection, db: Database, version: int) -> question_repo.Latest:
    """Every project's latest update as of the updates counter `version`, reloaded when it moved (a lead
    submitted, an import ran): what lists, counts and rankings filter."""
    cached = _latest.get(db.url)
    if cached is None or cached.version != version:
        cached = await question_repo.load_latest(conn, version)
        _latest[db.url] = cached
    return cached


class _ContextWriter:
    """Follow-up contexts written with a group commit: every save that arrives while a batch is being
    written goes into the next batch, one short transaction for all of them. Each question still waits
    until its own context is committed (so a quick follow-up finds it), but a burst of questions makes
    a few writes instead of one each, and this process never races itself for SQLite's one write lock
    (one writer per database and event loop, so one batch at a time)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._pending: dict[str, tuple[Context, datetime, dict[str, Any] | None]] = {}
        self._waiting: list[asyncio.Future[None]] = []
        self._task: asyncio.Task[None] | None = None

    async def save(self, conversation_id: str, context: Context, now: datetime, state: dict[str, Any] | None) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending[conversation_id] = (context, now, state)  # a later question in the same chat wins
        self._waiting.append(done)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._write())
        await done

    async def _write(self) -> None:
        while self._pending:
            batch, waiting = self._pending, self._waiting
            self._pending, self._waiting = {}, []
            try:
                async with self.db.writing() as conn:  # one short Core transaction for the batch
                    await question_repo.save_contexts(conn, batch)
            except BaseException as exc:  # every question in the batch hears of it
                for done in waiting:
                    if not done.done():
                        done.set_exception(exc)
                if isinstance(exc, asyncio.CancelledError):
                    raise
            else:
                for done in waiting:
                    if not done.done():
                        done.set_result(None)


# event loop -> {database url: writer}
_writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _ContextWriter]] = weakref.WeakKeyDictionary()


def _context_writer(db: Database) -> _ContextWriter:
    per_loop = _writers.setdefault(asyncio.get_running_loop(), {})
    writer = per_loop.get(db.url)
    if writer is None or writer.db is not db:
        writer = per_loop[db.url] = _ContextWriter(db)
    return writer


def forget_vocabulary() -> None:
    """Drop the cached plans and snapshots (tests, or after a bulk import in the same process)."""
    _plans.clear()
    _latest.clear()


async def ask(
    db: Database,
    text: str,
    viewer: Viewer,
    *,
    conversation_id: str | None,
    tz: str = "Europe/London",
    now: datetime | None = None,
    learned: bool = True,
) -> Answer:
    """Answer `text` for `viewer` (up to three questions in it); follow-ups are remembered per
    `conversation_id`. `learned` switches the learned intent model on or off (QUESTIONS_LEARNED)."""
    now = now or datetime.now(UTC)
    today = now.astimezone(ZoneInfo(tz)).date()
    message = read_message(text)
    answers: list[tuple[str, Answer]] = []
    async with db.reading() as conn:
        version, updates_version, state = await question_repo.opening(conn, conversation_id)
        plan = await _plan(conn, db, version)
        latest = await _snapshot(conn, db, updates_version) if updates_version else None
        following = question_repo.context_from(state, now)
        if message.small_talk:
            return small_talk(message.small_talk, plan.vocab)
        speller = language.speller(plan)
        model = language.intent_model() if learned else None
        earlier: Query | None = None  # the part before, in this message
        for part in message.parts:
            read_with = following if earlier is None else replace(following, later_part=True)
            query = earlier = carry_filter(
                earlier, parse(part, plan.vocab, read_with, today, tz, speller=speller, model=model)
            )
            result = await question_repo.execute(conn, query, viewer, now=now, tz=tz, plan=plan, latest=latest)
            following = next_context(following, query, shown=_shown(result), people=_people_of(query, plan))
            answers.append((part, render(result, plan.vocab, tz=tz)))
            log.info(
                "question answered", extra={"intent": query.intent, "kind": result.kind, "confidence": query.confidence}
            )
    if conversation_id and question_repo.context_changed(state, following, now):
        try:
            await _context_writer(db).save(conversation_id, following, now, state)
        except Exception:  # the answer stands; only a follow-up ("and who leads it?") loses its context
            log.warning("could not remember this chat's follow-up context", exc_info=True)
    return combine(answers)


def _shown(result: Result) -> tuple[int, ...]:
    """The projects an answer showed, for "which of those …" next (a person's: those of the role asked)."""
    if result.query.intent == LED_BY_PERSON:
        role = result.query.role or "lead"
        chosen = {"lead": result.projects, "deputy": result.deputy_projects}.get(
            role, result.projects + result.deputy_projects
        )
        return tuple(p.id for p in chosen)
    return tuple(dict.fromkeys([p.id for p in result.projects] + [p.id for p in result.deputy_projects]))


def _people_of(query: Query, plan: question_repo.Plan) -> tuple[int, ...]:
    """Who an answer was about, for "what else is she on?": the person asked about, or the one named."""
    if query.intent == LED_BY_PERSON and query.answerable:
        return query.person_ids
    if query.intent == PROJECT_LEADS and query.answerable and len(query.project_ids) == 1:
        entry = plan.vocab.projects.get(query.project_ids[0])
        if entry:
            return entry.deputies if query.mode == "deputy" else entry.leads
    return ()


async def ask_history(
    db: Database,
    project_ref: str,
    viewer: Viewer,
    *,
    conversation_id: str | None,
    tz: str = "Europe/London",
    now: datetime | None = None,
) -> Answer:
    """The "View history" card action: the same engine, asked about one project's RAG history."""
    return await ask(db, f"rag history for {project_ref}", viewer, conversation_id=conversation_id, tz=tz, now=now)


async def current_plan(conn: Connection, db: Database) -> question_repo.Plan:
    """The engine's plan (vocabulary and project facts) as of now, from the same per-process cache
    questions use: for other features that find projects by name the way questions do."""
    version, _updates, _state = await question_repo.opening(conn, None)
    return await _plan(conn, db, version)
