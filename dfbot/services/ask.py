"""`ask`: one question in, one answer out — what the bot and `dfbot ask` both call.

One unit of work: load the (cached) vocabulary, read the conversation's follow-up context, parse,
execute, remember what was talked about, render. The vocabulary is rebuilt only when a one-query
fingerprint of projects, aliases, roles and people changes, so a question costs a few small queries.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from programme.access import Viewer
from programme.questions import Vocabulary, next_context, parse
from programme.questions.answers import Answer, render
from programme.questions.query import Context
from store import question_repo
from store.db import Database

log = logging.getLogger(__name__)


@dataclass
class _Cached:
    stamp: tuple
    vocab: Vocabulary


_cache: dict[str, _Cached] = {}


async def _vocabulary(session, db: Database) -> Vocabulary:
    """The vocabulary for this database, rebuilt when its fingerprint changes (per process).

    Two questions arriving together after a change may both rebuild it; that is cheaper than a lock
    shared across event loops, and both results are the same.
    """
    stamp = await question_repo.vocabulary_stamp(session)
    cached = _cache.get(db.url)
    if cached is None or cached.stamp != stamp:
        cached = _Cached(stamp, await question_repo.load_vocabulary(session))
        _cache[db.url] = cached
    return cached.vocab


def forget_vocabulary() -> None:
    """Drop the cached vocabularies (tests, or after a bulk import in the same process)."""
    _cache.clear()


async def ask(db: Database, text: str, viewer: Viewer, *, conversation_id: str | None,
              tz: str = "Europe/London", now: datetime | None = None) -> Answer:
    """Answer `text` for `viewer`; follow-ups are remembered per `conversation_id`."""
    now = now or datetime.now(timezone.utc)
    today = now.astimezone(ZoneInfo(tz)).date()
    async with db.unit_of_work() as session:
        vocab = await _vocabulary(session, db)
        context = await question_repo.load_context(session, conversation_id, now) if conversation_id else Context()
        query = parse(text, vocab, context, today, tz)
        result = await question_repo.execute(session, query, viewer, now=now, tz=tz)
        if conversation_id:
            await question_repo.save_context(session, conversation_id, next_context(context, query), now)
    log.info("question answered", extra={"intent": query.intent, "kind": result.kind,
                                         "confidence": query.confidence})
    return render(result, vocab, tz=tz)


async def ask_history(db: Database, project_ref: str, viewer: Viewer, *, conversation_id: str | None,
                      tz: str = "Europe/London", now: datetime | None = None) -> Answer:
    """The "View history" card action: the same engine, asked about one project's RAG history."""
    return await ask(db, f"rag history for {project_ref}", viewer, conversation_id=conversation_id, tz=tz, now=now)
